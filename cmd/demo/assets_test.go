package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// newTestSite lays out a -web-dir with the real page and small stand-ins
// for the built files, and serves it as the demo does.
func newTestSite(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	page, err := os.ReadFile(filepath.Join("..", "..", "web", "demo", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"demo/index.html":       string(page),
		"demo/demo.js":          "console.log('demo')",
		"demo/demo.css":         "body{}",
		"dist/cognito-srp.js":   "var CognitoSRP",
		"dist/cognito-srp.wasm": "\x00asm\x01\x00\x00\x00",
		"seed.yaml":             "not served under /v/",
	}
	for name, body := range files {
		writeFile(t, filepath.Join(dir, name), body)
	}
	srv := httptest.NewServer(pageHandler(dir, "http://127.0.0.1:1", []byte("window.QRCode={}"), triggersStatus{}))
	t.Cleanup(srv.Close)
	return srv, dir
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// get fetches path without following redirects.
func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

var versionedRef = regexp.MustCompile(`(?:src|href)="(/v/([0-9a-f]{16})/[^"]+)"`)

// pageRefs returns the versioned URLs the page names, and their version.
func pageRefs(t *testing.T, srv *httptest.Server) ([]string, string) {
	t.Helper()
	resp, html := get(t, srv, "/demo/")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("GET /demo/: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	for _, m := range assetRef.FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(m[2], "/v/") {
			t.Errorf("the page still names an unversioned file: %s", m[0])
		}
	}
	var urls []string
	version := ""
	for _, m := range versionedRef.FindAllStringSubmatch(html, -1) {
		urls = append(urls, m[1])
		if version != "" && m[2] != version {
			t.Errorf("two versions in one page: %s and %s", version, m[2])
		}
		version = m[2]
	}
	return urls, version
}

func TestPageLoadsItsFilesFromVersionedURLs(t *testing.T) {
	srv, dir := newTestSite(t)
	urls, version := pageRefs(t, srv)
	want := []string{"demo/demo.css", "dist/cognito-srp.js", "vendor/qrcode.js", "demo/demo.js"}
	if len(urls) != len(want) {
		t.Fatalf("the page names %q, want the versions of %q", urls, want)
	}
	for i, name := range want {
		if urls[i] != "/v/"+version+"/"+name {
			t.Errorf("reference %d is %q, want /v/%s/%s", i, urls[i], version, name)
		}
	}
	// The loader asks for the wasm next to itself, so under the same version.
	urls = append(urls, "/v/"+version+"/dist/cognito-srp.wasm")
	for _, u := range urls {
		resp, body := get(t, srv, u)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != immutable {
			t.Errorf("GET %s: %d, Cache-Control %q", u, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		name := strings.TrimPrefix(u, "/v/"+version+"/")
		wantBody := "window.QRCode={}"
		if name != "vendor/qrcode.js" {
			b, _ := os.ReadFile(filepath.Join(dir, name))
			wantBody = string(b)
		}
		if body != wantBody {
			t.Errorf("GET %s served %q, want %q", u, body, wantBody)
		}
	}
	resp, _ := get(t, srv, "/v/"+version+"/dist/cognito-srp.wasm")
	if ct := resp.Header.Get("Content-Type"); ct != "application/wasm" {
		t.Errorf("the wasm is served as %q; streaming compilation needs application/wasm", ct)
	}
	// Plain paths stay revalidated.
	if resp, _ := get(t, srv, "/dist/cognito-srp.js"); resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("GET /dist/cognito-srp.js: Cache-Control %q, want no-cache", resp.Header.Get("Cache-Control"))
	}
	// Only the files of the page's folders are under /v/, and what is not
	// there is not cached.
	for _, u := range []string{"seed.yaml", "demo/missing.js", "..%2fseed.yaml", "demo%2f..%2fseed.yaml", "demo", "demo/", "dist/"} {
		resp, _ := get(t, srv, "/v/"+version+"/"+u)
		if resp.StatusCode != 404 || resp.Header.Get("Cache-Control") != "" {
			t.Errorf("GET /v/%s/%s: %d, Cache-Control %q, want a 404 without caching", version, u, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
}

func TestPageIsRevalidatedWithA304(t *testing.T) {
	srv, _ := newTestSite(t)
	resp, _ := get(t, srv, "/demo/")
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the page has no ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/demo/", nil)
	req.Header.Set("If-None-Match", etag)
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("GET /demo/ with If-None-Match %s: %d, want 304", etag, again.StatusCode)
	}
}

// An edit that keeps a file's size and modification time (cp -p, rsync -t)
// goes unnoticed, but cannot reach a browser under the old version either:
// a version serves the bytes it was hashed from.
func TestAVersionServesTheBytesItWasHashedFrom(t *testing.T) {
	srv, dir := newTestSite(t)
	_, version := pageRefs(t, srv)
	loader := filepath.Join(dir, "dist", "cognito-srp.js")
	info, err := os.Stat(loader)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, loader, "var CognitoXXX")
	if err := os.Chtimes(loader, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, srv, "/v/"+version+"/dist/cognito-srp.js"); body != "var CognitoSRP" {
		t.Errorf("version %s now serves %q, not the bytes it was hashed from", version, body)
	}
}

func TestAChangedFileMakesANewVersion(t *testing.T) {
	srv, dir := newTestSite(t)
	_, before := pageRefs(t, srv)
	if _, again := pageRefs(t, srv); again != before {
		t.Fatalf("the version moved with no change: %s, then %s", before, again)
	}
	wasm := filepath.Join(dir, "dist", "cognito-srp.wasm")
	writeFile(t, wasm, "\x00asm\x01\x00\x00\x00rebuilt")
	_, after := pageRefs(t, srv)
	if after == before {
		t.Fatalf("the version is still %s after the wasm changed", before)
	}
	// A page from before the change asks for the old names: they lead to
	// the new ones, uncached, rather than to new contents under an old name.
	resp, _ := get(t, srv, "/v/"+before+"/dist/cognito-srp.wasm")
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/v/"+after+"/dist/cognito-srp.wasm" ||
		resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET an old version: %d, Location %q, Cache-Control %q", resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Cache-Control"))
	}
	if _, body := get(t, srv, "/v/"+after+"/dist/cognito-srp.wasm"); !strings.HasSuffix(body, "rebuilt") {
		t.Errorf("the new version serves %q", body)
	}
}
