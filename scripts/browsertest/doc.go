// Package browsertest runs the Go tests of auth and wasm inside headless
// Chromium (through github.com/agnivade/wasmbrowsertest) against a
// localcognito it starts itself. Its only content is the test.
package browsertest
