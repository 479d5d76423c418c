package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// The qrcode npm package (1.5.4, a root devDependency) no longer ships a
// browser build (its package.json lists build/, but the published tarball
// has none), only CommonJS sources under lib/ with lib/browser.js as the
// browser entry point. bundleQRCode follows that entry's require() calls
// — relative files and bare packages such as dijkstrajs, resolved through
// node_modules — and wraps them in a small CommonJS loader that sets
// window.QRCode. The result is served at /vendor/qrcode.js.

var requireRE = regexp.MustCompile(`require\(\s*'([^']+)'\s*\)`)

// errNoNodeModules tells the user how to fix a missing install.
var errNoNodeModules = errors.New("run `npm ci` in the repository root first (the demo's TOTP set-up draws its QR code with the qrcode package)")

func bundleQRCode(nodeModules string) ([]byte, error) {
	pkgDir := filepath.Join(nodeModules, "qrcode")
	var pkg struct {
		Version string         `json:"version"`
		Browser map[string]any `json:"browser"`
	}
	raw, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("%s is missing: %w", pkgDir, errNoNodeModules)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, fmt.Errorf("%s/package.json: %w", pkgDir, err)
	}
	entry := "lib/browser.js"
	if b, ok := pkg.Browser["./lib/index.js"].(string); ok {
		entry = path.Clean(b)
	}

	root := os.DirFS(nodeModules)
	ids := map[string]int{}   // file (relative to node_modules) → module id
	var files []string        // by id
	var deps []map[string]int // by id: require specifier → module id
	var resolveFile func(file string) (int, error)
	resolveFile = func(file string) (int, error) {
		if id, ok := ids[file]; ok {
			return id, nil
		}
		src, err := fs.ReadFile(root, file)
		if err != nil {
			return 0, fmt.Errorf("qrcode bundle: %w", err)
		}
		id := len(files)
		ids[file] = id
		files = append(files, file)
		deps = append(deps, map[string]int{})
		for _, m := range requireRE.FindAllStringSubmatch(string(src), -1) {
			spec := m[1]
			var target string
			switch {
			case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
				target = path.Join(path.Dir(file), spec)
				if !strings.HasSuffix(target, ".js") {
					target += ".js"
				}
			default:
				var dep struct {
					Main string `json:"main"`
				}
				b, err := fs.ReadFile(root, spec+"/package.json")
				if err != nil {
					return 0, fmt.Errorf("qrcode bundle: %s needs %s: %w", file, spec, errNoNodeModules)
				}
				if err := json.Unmarshal(b, &dep); err != nil {
					return 0, fmt.Errorf("qrcode bundle: %s/package.json: %w", spec, err)
				}
				if dep.Main == "" {
					dep.Main = "index.js"
				}
				target = path.Join(spec, dep.Main)
				if !strings.HasSuffix(target, ".js") {
					target += ".js"
				}
			}
			tid, err := resolveFile(target)
			if err != nil {
				return 0, err
			}
			deps[id][spec] = tid
		}
		return id, nil
	}
	if _, err := resolveFile(path.Join("qrcode", entry)); err != nil {
		return nil, err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "/* qrcode %s (MIT, https://github.com/soldair/node-qrcode) and its dependencies,\n", pkg.Version)
	b.WriteString(" * bundled by cmd/demo from node_modules: ")
	b.WriteString(strings.Join(files, ", "))
	b.WriteString(" */\n(function () {\nvar defs = [\n")
	for id, file := range files {
		src, _ := fs.ReadFile(root, file)
		depJSON, _ := json.Marshal(deps[id])
		fmt.Fprintf(&b, "[%s, function (module, exports, require) {\n%s\n}],\n", depJSON, src)
	}
	b.WriteString(`];
var cache = [];
function load(id) {
  if (cache[id]) return cache[id].exports;
  var module = cache[id] = { exports: {} };
  var def = defs[id];
  def[1](module, module.exports, function (spec) {
    if (!(spec in def[0])) throw new Error('qrcode bundle: cannot require ' + spec);
    return load(def[0][spec]);
  });
  return module.exports;
}
window.QRCode = load(0);
})();
`)
	return []byte(b.String()), nil
}
