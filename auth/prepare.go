package auth

import "github.com/cognito-srp-wasm/cognito-srp-wasm/srp"

// Prepare does ahead of time the SRP work that the next sign-in would do
// before its InitiateAuth: the table of the group generator's powers (built
// once per process) and one SRP_A. The wasm module runs it while the page is
// idle after loading. Calling it is never required.
func Prepare() error {
	return srp.Prepare()
}
