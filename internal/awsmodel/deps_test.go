package awsmodel

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTestsOnly keeps this package out of every build but tests': no
// package of the module, native or js/wasm, depends on it.
func TestTestsOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const self = "github.com/cognito-srp-wasm/cognito-srp-wasm/internal/awsmodel"
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "github.com/cognito-srp-wasm/cognito-srp-wasm/...")
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", env, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			pkg, deps, _ := strings.Cut(line, " ")
			if pkg != self && strings.Contains(" "+deps+" ", " "+self+" ") {
				t.Errorf("%v: %s depends on %s", env, pkg, self)
			}
		}
	}
}
