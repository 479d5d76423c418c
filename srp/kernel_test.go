package srp

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// montkernel.wasm is what gen_kernel.go writes now.
func TestGeneratedKernelIsCurrent(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the go command")
	}
	out := filepath.Join(t.TempDir(), "montkernel.wasm")
	if msg, err := exec.Command("go", "run", "gen_kernel.go", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("go run gen_kernel.go: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("montkernel.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("montkernel.wasm differs from what gen_kernel.go writes: run go generate ./srp/")
	}
}
