//go:build js

package auth

import "errors"

// In the wasm only this package's own shapes are read and written, by
// jsonlite: encoding/json would cost the module tens of kilobytes.
var errNotAShape = errors.New("auth: no JSON shape for this request or answer in WebAssembly")

func marshalOther(any) ([]byte, error) { return nil, errNotAShape }

func unmarshalOther([]byte, any) error { return errNotAShape }
