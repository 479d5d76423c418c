package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The page's static files are served twice: at their plain paths with
// no-cache, revalidated on every use (other pages and tools load them from
// there), and under /v/<version>/, where version is a hash of all their
// contents, cached for a year as immutable. The page's HTML, itself
// revalidated, names only the versioned URLs, so a repeat visit fetches
// none of them again, not even for a 304: two round trips fewer before
// the module is ready (the scripts, then the wasm the loader asks for).
// Any change to a file, such as a rebuild, makes a new version.

const (
	versionedPrefix = "/v/"
	immutable       = "public, max-age=31536000, immutable"
)

// versionedDirs are the folders of -web-dir the page's files come from.
var versionedDirs = []string{"demo", "dist"}

// assets knows the current version of the page's static files.
type assets struct {
	webDir string
	extra  map[string][]byte // files served from memory, by path: "vendor/qrcode.js"

	mu       sync.Mutex
	snapshot string // the files' names, sizes and modification times, as last hashed
	version  string
}

func newAssets(webDir string, extra map[string][]byte) *assets {
	return &assets{webDir: webDir, extra: extra}
}

// current returns the version of the files as they are now. Listing
// them costs a few stat calls; they are hashed again only when one changed.
func (a *assets) current() (string, error) {
	files, snapshot, err := a.list()
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if snapshot == a.snapshot {
		return a.version, nil
	}
	h := sha256.New()
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(a.webDir, filepath.FromSlash(name)))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	extras := make([]string, 0, len(a.extra))
	for name := range a.extra {
		extras = append(extras, name)
	}
	sort.Strings(extras)
	for _, name := range extras {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(a.extra[name]))
		h.Write(a.extra[name])
	}
	a.snapshot, a.version = snapshot, hex.EncodeToString(h.Sum(nil))[:16]
	return a.version, nil
}

// list returns the files of versionedDirs, slash-separated and relative
// to webDir, and a line per file with its size and modification time.
func (a *assets) list() ([]string, string, error) {
	var files []string
	var snapshot strings.Builder
	for _, dir := range versionedDirs {
		err := filepath.WalkDir(filepath.Join(a.webDir, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
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
			files = append(files, name)
			fmt.Fprintf(&snapshot, "%s %d %d\n", name, info.Size(), info.ModTime().UnixNano())
			return nil
		})
		if err != nil {
			return nil, "", fmt.Errorf("listing the page's files: %w", err)
		}
	}
	return files, snapshot.String(), nil
}

// assetRef matches the page's references to scripts and style sheets.
var assetRef = regexp.MustCompile(`(src|href)="([^"#?:]+\.(?:js|css))"`)

// versionedPage rewrites the HTML of a page in folder dir ("/demo") so
// that each script and style sheet it names loads from its versioned URL.
func versionedPage(html []byte, dir, version string) []byte {
	return assetRef.ReplaceAllFunc(html, func(m []byte) []byte {
		sub := assetRef.FindSubmatch(m)
		ref := string(sub[2])
		if !strings.HasPrefix(ref, "/") {
			ref = path.Join(dir, ref)
		}
		return fmt.Appendf(nil, `%s="%s%s%s"`, sub[1], versionedPrefix, version, ref)
	})
}

// serveVersioned serves GET /v/{version}/{file...}: the current version's
// files for a year; an older version's names redirect to the current ones,
// never cached, since the older contents are gone.
func (a *assets) serveVersioned(files http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		version, err := a.current()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		name := path.Clean("/" + r.PathValue("file"))[1:] // the mux leaves escaped dot-dots
		if r.PathValue("version") != version {
			w.Header().Set("Cache-Control", "no-store")
			http.Redirect(w, r, versionedPrefix+version+"/"+name, http.StatusFound)
			return
		}
		if b, ok := a.extra[name]; ok {
			w.Header().Set("Cache-Control", immutable)
			w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
			w.Write(b)
			return
		}
		dir, _, _ := strings.Cut(name, "/")
		if !slices.Contains(versionedDirs, dir) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", immutable)
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		files.ServeHTTP(w, r2)
	}
}
