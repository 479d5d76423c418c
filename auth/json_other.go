//go:build !js

package auth

import "encoding/json"

// Natively, requests and answers of other types than this package's own
// shapes (a caller's, through an exported transport) use encoding/json.
var (
	marshalOther   = json.Marshal
	unmarshalOther = json.Unmarshal
)
