//go:build !js

package wasmsymbols

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// keptOut lists what the wasm module must not link (CONTRIBUTING.md,
// "Size", says why): every function of a package, but for the ones
// allowed, or one function. fmt, math/big and reflect are in the module's
// import graph (encoding/hex imports fmt, crypto/rand math/big, fmt
// reflect) yet unused, so the linker drops them: go list -deps cannot
// tell, the linked functions can. One call of fmt.Sprintf would bring in
// fmt's printer and the reflection behind it.
var keptOut = []struct {
	pkg   string   // every function of this package
	allow []string // but these, as the name section spells them
	fn    string   // or this one function
	why   string
}{
	{pkg: "fmt", why: "build strings with strconv and +"},
	{pkg: "math/big", why: "srp computes in wasm with its own Montgomery arithmetic (num_mont.go)"},
	{pkg: "encoding/json", why: "internal/jsonlite encodes and decodes"},
	// reflect's package initializer runs because fmt is imported.
	{pkg: "reflect", allow: []string{"reflect.init"}, why: "reflection is what fmt, encoding/json and their like are made of"},
	{fn: "errors.As", why: "reflection; walk the chain with a type switch, as auth's asError does"},
	{fn: "time.Parse", why: "its general layout parser; auth/wire.go reads RFC 3339 by hand"},
	{fn: "sort.Strings", why: "use internal/sortedkeys, a heap sort"},
	{fn: "strings.ToLower", why: "Unicode's case tables; auth's asciiLower folds ASCII"},
	{pkg: "net/url", why: "auth's validEndpoint checks the scheme and host by hand"},
	{pkg: "regexp", why: "auth's validPoolID and validRegion check by hand"},
}

// TestWasmLinkedPackages builds the wasm module as the Makefile does, but
// keeping the name section (no -s), and fails if it links anything in
// keptOut, naming the functions and the chain of calls that reached one.
// It logs the number of functions per package.
func TestWasmLinkedPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm module")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "module.wasm")
	goCmd(t, root, "build", "-trimpath", "-ldflags=-w", "-o", out, "./wasm")
	module, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	names, err := funcNames(module)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 500 {
		t.Fatalf("only %d function names in the module: is the name section complete?", len(names))
	}
	pkgs := strings.Fields(goCmd(t, root, "list", "-deps", "./wasm"))
	if !slices.Contains(pkgs, "syscall/js") {
		t.Fatalf("go list -deps ./wasm for js/wasm: no syscall/js in %v", pkgs)
	}
	pkgs = append(pkgs, "main") // the linker's name for ./wasm

	byPkg := map[string][]string{}
	pkgOf := packageOf(pkgs)
	for _, name := range names {
		p := pkgOf(name)
		byPkg[p] = append(byPkg[p], name)
	}
	logTally(t, len(names), byPkg)

	linked := make([][]string, len(keptOut)) // by entry of keptOut
	found := false
	for i, k := range keptOut {
		if k.fn != "" {
			if slices.Contains(names, mangle.ReplaceAllString(k.fn, "_")) {
				linked[i] = []string{mangle.ReplaceAllString(k.fn, "_")}
			}
		} else {
			for _, name := range byPkg[k.pkg] {
				if !slices.Contains(k.allow, name) {
					linked[i] = append(linked[i], name)
				}
			}
		}
		found = found || len(linked[i]) > 0
	}
	if !found {
		return
	}
	// Ask the linker why: -dumpdep prints, for each symbol it keeps, the
	// symbol that first reached it, with its name unmangled.
	dump := goCmd(t, root, "build", "-trimpath", "-ldflags=-w -dumpdep", "-o", out, "./wasm")
	parent, real := parents(dump)
	for i, k := range keptOut {
		names := linked[i]
		if len(names) == 0 {
			continue
		}
		// Show a call chain rather than a package initializer's, if any.
		first, how := names[0], chain(parent, real, names[0])
		for _, name := range names {
			if c := chain(parent, real, name); !strings.HasSuffix(c[len(c)-1], "inittasks") {
				first, how = name, c
				break
			}
		}
		what := k.fn
		if what == "" {
			for j, name := range names {
				names[j] = cmp.Or(real[name], name)
			}
			what = fmt.Sprintf("%d functions of %s: %s", len(names), k.pkg, clip(names, 12))
		}
		t.Errorf("the wasm module links %s (%s)\n"+
			"how the linker reached %s (go build -ldflags=-dumpdep):\n\t%s",
			what, k.why, cmp.Or(real[first], first), strings.Join(how, "\n\t← "))
	}
}

// goCmd runs the go command for js/wasm in dir and returns its standard
// output, with its standard error appended.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.String() + stderr.String()
}

// funcNames returns the function names of a WebAssembly module's "name"
// custom section (its function names subsection, 1), which Go's linker
// writes unless -s. See the WebAssembly core specification, "Binary
// Format" and its appendix "Custom Sections".
func funcNames(module []byte) ([]string, error) {
	r := &reader{b: module}
	if magic := r.bytes(8); !bytes.Equal(magic, []byte("\x00asm\x01\x00\x00\x00")) {
		return nil, errors.New("not a version 1 WebAssembly module")
	}
	for r.err == nil && len(r.b) > 0 {
		id := r.byte()
		sec := &reader{b: r.bytes(r.uleb())}
		if id != 0 || sec.name() != "name" {
			continue // not the name section
		}
		for sec.err == nil && len(sec.b) > 0 {
			sub := sec.byte()
			data := &reader{b: sec.bytes(sec.uleb())}
			if sub != 1 {
				continue // module or local names
			}
			n := data.uleb()
			names := make([]string, 0, min(n, uint64(len(data.b))))
			for range n {
				data.uleb() // function index
				names = append(names, data.name())
			}
			return names, cmp.Or(data.err, sec.err)
		}
		return nil, cmp.Or(sec.err, errors.New("the name section has no function names"))
	}
	return nil, cmp.Or(r.err, errors.New("no name section: built with -s?"))
}

// reader reads a module's bytes; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	r.err = cmp.Or(r.err, errors.New("module truncated"))
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) bytes(n uint64) []byte {
	if uint64(len(r.b)) < n {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// uleb reads an unsigned LEB128 number (at most 32 bits in a module).
func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.fail()
	return 0
}

// name reads a length-prefixed UTF-8 name.
func (r *reader) name() string { return string(r.bytes(r.uleb())) }

// mangle spells a symbol name as Go's wasm linker writes it in the name
// section (cmd/link/internal/wasm: nameRegexp): every character but
// letters, digits, '_' and '.' becomes '_', so math/big.nat.add is
// math_big.nat.add and math/big.(*Int).Add is math_big.__Int_.Add.
var mangle = regexp.MustCompile(`[^\w.]`)

// packageOf returns a function that gives the import path, among pkgs, of
// the package a mangled function name belongs to: the longest whose
// mangled path, and a dot, begins the name, once a type:.eq. (type_.eq.)
// prefix is removed. Names of no package, such as the linker's
// _rt0_wasm_js, give "".
func packageOf(pkgs []string) func(name string) string {
	prefixes := make(map[string]string, len(pkgs)) // import path → mangled path and "."
	for _, p := range pkgs {
		prefixes[p] = mangle.ReplaceAllString(p, "_") + "."
	}
	return func(name string) string {
		name = strings.TrimPrefix(name, "type_.eq.")
		best := ""
		for p, prefix := range prefixes {
			if len(p) > len(best) && strings.HasPrefix(name, prefix) {
				best = p
			}
		}
		return best
	}
}

// parents reads the linker's -dumpdep output, lines "from -> to" in which
// to was first reached from from ("_" for the roots). It returns each
// mangled name's parent's mangled name, and the unmangled names.
func parents(dump string) (parent, real map[string]string) {
	parent, real = map[string]string{}, map[string]string{}
	strip := func(s string) string { // drop flags such as " <UsedInIface>"
		if i := strings.Index(s, " <"); i >= 0 && strings.HasSuffix(s, ">") {
			s = s[:i]
		}
		m := mangle.ReplaceAllString(s, "_")
		if _, ok := real[m]; !ok {
			real[m] = s
		}
		return m
	}
	for line := range strings.Lines(dump) {
		from, to, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " -> ")
		if !ok {
			continue
		}
		f, tt := strip(from), strip(to)
		if _, seen := parent[tt]; !seen {
			parent[tt] = f
		}
	}
	return parent, real
}

// chain returns name and the symbols through which the linker reached it,
// back to main.main or a root.
func chain(parent, real map[string]string, name string) []string {
	var c []string
	for seen := map[string]bool{}; name != "" && name != "_" && !seen[name]; name = parent[name] {
		seen[name] = true
		c = append(c, cmp.Or(real[name], name))
		if name == "main.main" {
			break
		}
	}
	return c
}

// logTally logs the number of linked functions per package, most first.
func logTally(t *testing.T, total int, byPkg map[string][]string) {
	pkgs := slices.SortedFunc(maps.Keys(byPkg), func(a, b string) int {
		return cmp.Or(len(byPkg[b])-len(byPkg[a]), strings.Compare(a, b))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "%d functions in the wasm module:\n", total)
	for _, p := range pkgs {
		fmt.Fprintf(&b, "%6d %s\n", len(byPkg[p]), cmp.Or(p, "(linker)"))
	}
	t.Log(b.String())
}

// clip lists up to n names.
func clip(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(", … (%d more)", len(names)-n)
}
