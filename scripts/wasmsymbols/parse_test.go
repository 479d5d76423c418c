//go:build !js

package wasmsymbols

import (
	"slices"
	"testing"
)

// A module with a type section, a custom section of another name, and a
// name section whose module name (subsection 0) precedes the function
// names (1), one of them at an index of two LEB128 bytes.
var module = []byte("\x00asm\x01\x00\x00\x00" +
	"\x01\x04\x01\x60\x00\x00" + // type section: one func type () -> ()
	"\x00\x07\x05other\x00" + // custom section "other", one byte of content
	"\x00\x2b\x04name" + // custom section "name", 43 bytes
	"\x00\x04\x03mod" + // module name
	"\x01\x1e\x02" + // function names, 30 bytes, two of them
	"\x05\x0cmain.main.fm" +
	"\xc8\x01\x0cmath_big.nat")

func TestFuncNames(t *testing.T) {
	names, err := funcNames(module)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"main.main.fm", "math_big.nat"}; !slices.Equal(names, want) {
		t.Errorf("names = %q, want %q", names, want)
	}
	for n := range len(module) {
		if names, err := funcNames(module[:n]); err == nil {
			t.Errorf("%d of %d bytes: no error, names %q", n, len(module), names)
		}
	}
	if _, err := funcNames([]byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00")); err == nil {
		t.Error("no name section: no error")
	}
}

func TestPackageOf(t *testing.T) {
	pkgOf := packageOf([]string{"math", "math/big", "math/bits", "internal/runtime/maps", "github.com/a-b/c", "main"})
	for name, want := range map[string]string{
		"math_big.__Int_.Add":              "math/big",
		"math_big.nat.add":                 "math/big",
		"math.Abs":                         "math",
		"math_bits.Len":                    "math/bits",
		"internal_runtime_maps.__Map_.Get": "internal/runtime/maps",
		"github.com_a_b_c.F":               "github.com/a-b/c",
		"type_.eq.math_big.Int":            "math/big",
		"main.main":                        "main",
		"_rt0_wasm_js":                     "",
		"math_bigger.F":                    "",
		"mathematics.F":                    "",
	} {
		if got := pkgOf(name); got != want {
			t.Errorf("pkgOf(%q) = %q, want %q", name, got, want)
		}
	}
}
