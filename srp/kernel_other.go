//go:build !(js && wasm)

package srp

// Outside a JavaScript host there is no SIMD kernel (kernel_js.go).

func kernelExp(*elem, []byte) (*elem, bool) { return nil, false }
func kernelExpG([]byte) (*elem, bool)       { return nil, false }
