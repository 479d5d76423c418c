//go:build js && wasm

// Command minimal is the cold-start baseline of `make bench`: the smallest Go
// js/wasm program that, like the module's main, hands JavaScript a value
// (a global here) and calls the page back, then blocks. It is built with the
// same toolchain and flags as web/dist/cognito-srp.wasm, so the difference
// between the two load times is what the module itself costs.
package main

import (
	"os"
	"syscall/js"
)

func main() {
	js.Global().Set("minimalGo", "ready")
	if len(os.Args) > 1 {
		js.Global().Get(os.Args[1]).Invoke()
	}
	select {}
}
