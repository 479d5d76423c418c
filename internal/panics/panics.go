// Package panics describes recovered panic values without fmt, whose
// reflection would weigh on the wasm module; auth and the wasm command both
// turn panics into errors.
package panics

// Text describes a recovered panic value as fmt's %v would for the values
// panics carry (errors, such as js.Error, and strings).
func Text(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	case interface{ String() string }:
		return v.String()
	}
	return "a panic without a message"
}
