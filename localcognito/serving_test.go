package localcognito

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// newShortServer is NewHTTPServer's server for h with a read timeout of d.
func newShortServer(t *testing.T, h http.HandlerFunc, d time.Duration) *httptest.Server {
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = NewHTTPServer(h)
	ts.Config.ReadTimeout = d
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func TestReadTimeoutCutsASlowBody(t *testing.T) {
	const d = 200 * time.Millisecond
	readErr := make(chan error, 1)
	ts := newShortServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		readErr <- err
	}, d)
	body, send := io.Pipe()
	defer send.Close()
	go func() {
		req, _ := http.NewRequest(http.MethodPost, ts.URL, body)
		req.ContentLength = 100
		if resp, err := ts.Client().Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	send.Write([]byte("{")) // then nothing more
	select {
	case err := <-readErr:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("reading a stalled body: %v, want a deadline error", err)
		}
	case <-time.After(10 * d):
		t.Fatalf("a stalled body was still being read after %v", 10*d)
	}
}

// Once the body is in, the handler may take longer than the read timeout
// (Lambda triggers): the deadline must not end its context nor its answer.
func TestReadTimeoutSparesTheHandler(t *testing.T) {
	const d = 200 * time.Millisecond
	ts := newShortServer(t, func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			t.Errorf("reading the body: %v", err)
		}
		select {
		case <-r.Context().Done():
			t.Errorf("the handler's context ended after the body was read: %v", context.Cause(r.Context()))
		case <-time.After(3 * d):
		}
		io.WriteString(w, "done")
	}, d)
	resp, err := ts.Client().Post(ts.URL, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out, _ := io.ReadAll(resp.Body); string(out) != "done" {
		t.Fatalf("answer %q", out)
	}
}
