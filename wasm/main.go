//go:build js && wasm

// Command wasm is the WebAssembly module behind the cognito-srp-wasm npm
// package. It hands the JavaScript loader an object of async functions;
// each takes JSON strings and returns a promise of a JSON envelope, which
// keeps the boundary small and lets calls cross into a Web Worker as is.
package main

import (
	"os"
	"syscall/js"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	api := js.Global().Get("Object").New()
	api.Set("version", version)
	api.Set("call", js.FuncOf(async(call)))

	// The loader names, in argv, the function that receives the API.
	if len(os.Args) < 2 {
		panic("cognito-srp-wasm: started without a loader")
	}
	js.Global().Get(os.Args[1]).Invoke(api)

	// Once the loader has its API (Sleep hands the thread back to JavaScript
	// first), do the SRP work a first sign-in would otherwise start with.
	go func() {
		time.Sleep(time.Millisecond)
		_ = auth.Prepare() // a failure here only means signIn does the work
	}()

	// Stay alive to serve calls; the loader drops the instance when done.
	select {}
}
