package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// The page's static files are served twice: at their plain paths with
// no-cache, revalidated on every use (other pages and tools load them from
// there), and under /v/<version>/, where version is a hash of all their
// contents, cached for a year as immutable. The page's HTML, itself
// revalidated, names only the versioned URLs, so a repeat visit fetches
// none of them again, not even for a 304: two round trips fewer before
// the module is ready (the scripts, then the wasm the loader asks for).
//
// A version serves the very bytes it was hashed from, kept in memory, so
// no later edit can reach a browser under an old name. A file whose size
// or modification time changes (a rebuild) makes a new version.

const (
	versionedPrefix = "/v/"
	immutable       = "public, max-age=31536000, immutable"
)

// versionedDirs are the folders of -web-dir the page's files come from.
var versionedDirs = []string{"demo", "dist"}

// assets holds the current version of the page's static files.
type assets struct {
	webDir string
	extra  map[string][]byte // files served from memory, by path: "vendor/qrcode.js"

	mu       sync.Mutex
	snapshot string // the files' names, sizes and modification times, as last read
	version  *version
}

// version is one set of the page's files, by slash-separated path.
type version struct {
	id    string
	files map[string][]byte
}

func newAssets(webDir string, extra map[string][]byte) *assets {
	return &assets{webDir: webDir, extra: extra}
}

// current returns the files as they are now. Listing them costs a few
// stat calls; they are read and hashed again only when one changed.
func (a *assets) current() (*version, error) {
	names, snapshot, err := a.list()
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.version != nil && snapshot == a.snapshot {
		return a.version, nil
	}
	v := &version{files: make(map[string][]byte, len(names)+len(a.extra))}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(a.webDir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("reading the page's files: %w", err)
		}
		v.files[name] = b
	}
	for name, b := range a.extra {
		v.files[name] = b
	}
	v.id = hashFiles(v.files)
	a.snapshot, a.version = snapshot, v
	return v, nil
}

// hashFiles is the first 16 hex digits of a SHA-256 over every file's
// name, length and contents, in name order.
func hashFiles(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// list returns the regular files of versionedDirs, slash-separated and
// relative to webDir, and a line per file with its size and modification
// time.
func (a *assets) list() ([]string, string, error) {
	var names []string
	var snapshot strings.Builder
	for _, dir := range versionedDirs {
		err := filepath.WalkDir(filepath.Join(a.webDir, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(a.webDir, p)
			if err != nil {
				return err
			}
			name := filepath.ToSlash(rel)
			names = append(names, name)
			fmt.Fprintf(&snapshot, "%s %d %d\n", name, info.Size(), info.ModTime().UnixNano())
			return nil
		})
		if err != nil {
			return nil, "", fmt.Errorf("listing the page's files: %w", err)
		}
	}
	return names, snapshot.String(), nil
}

// assetRef matches the page's references to scripts and style sheets.
var assetRef = regexp.MustCompile(`(src|href)="([^"#?:]+\.(?:js|css))"`)

// versionedPage rewrites the HTML of a page in folder dir ("/demo") so
// that each script and style sheet it names loads from its versioned URL.
func versionedPage(html []byte, dir, id string) []byte {
	return assetRef.ReplaceAllFunc(html, func(m []byte) []byte {
		sub := assetRef.FindSubmatch(m)
		ref := string(sub[2])
		if !strings.HasPrefix(ref, "/") {
			ref = path.Join(dir, ref)
		}
		return fmt.Appendf(nil, `%s="%s%s%s"`, sub[1], versionedPrefix, id, ref)
	})
}

// servePage serves GET /demo/: index.html naming the current version's
// files, revalidated on every visit (its ETag makes that a 304).
func (a *assets) servePage(w http.ResponseWriter, r *http.Request) {
	v, err := a.current()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page, ok := v.files["demo/index.html"]
	if !ok {
		http.Error(w, "the demo page is missing: "+filepath.Join(a.webDir, "demo", "index.html"), http.StatusInternalServerError)
		return
	}
	html := versionedPage(page, "/demo", v.id)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", `"`+v.id+`"`)
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(html))
}

// serveVersioned serves GET /v/{version}/{file...}: the current version's
// files for a year; an older version's names redirect to the current ones,
// never cached, since the older contents are gone.
func (a *assets) serveVersioned(w http.ResponseWriter, r *http.Request) {
	v, err := a.current()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	name := r.PathValue("file")
	if r.PathValue("version") != v.id {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, versionedPrefix+v.id+"/"+path.Clean("/" + name)[1:], http.StatusFound)
		return
	}
	b, ok := v.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", immutable)
	w.Header().Set("ETag", `"`+v.id+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
