package awsmodel

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Exchange is one operation call as it crossed the wire.
type Exchange struct {
	Op       string // from X-Amz-Target, without the service prefix
	Header   http.Header
	Request  []byte
	Status   int
	Response []byte
}

// Recorder is an http.Handler wrapper that keeps every operation call
// (POSTs with the model's X-Amz-Target; other routes pass unrecorded)
// and hands each to Check as it completes.
type Recorder struct {
	Model *Model
	// Check, if set, sees each exchange once answered, before the client
	// does; a test fails from it with t.Errorf.
	Check func(Exchange)

	mu        sync.Mutex
	exchanges []Exchange
}

// Wrap returns next with its operation calls recorded.
func (r *Recorder) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		op, ok := strings.CutPrefix(req.Header.Get("X-Amz-Target"), r.Model.TargetPrefix+".")
		if req.Method != http.MethodPost || !ok {
			next.ServeHTTP(w, req)
			return
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, req)
		ex := Exchange{Op: op, Header: req.Header.Clone(), Request: body, Status: rec.Code, Response: rec.Body.Bytes()}
		r.mu.Lock()
		r.exchanges = append(r.exchanges, ex)
		r.mu.Unlock()
		if r.Check != nil {
			r.Check(ex)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// Exchanges returns what was recorded so far.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.exchanges...)
}

// CheckAnswer checks an exchange's answer: a 2xx body against the
// operation's output, anything else as an error of the operation.
func (m *Model) CheckAnswer(ex Exchange) error {
	if ex.Status >= 200 && ex.Status < 300 {
		return m.CheckOutput(ex.Op, ex.Response)
	}
	return m.CheckError(ex.Op, ex.Response)
}

// Checker wraps servers, as localcognitotest.Wrap does, so that every
// exchange is held to the model: the request to the operation's input
// and the answer to its output or errors. A violation fails the test
// the server serves.
type Checker struct {
	Model     *Model
	recorders sync.Map // testing.TB → *Recorder
}

// Wrap records and checks h's exchanges for tb.
func (c *Checker) Wrap(tb testing.TB, h http.Handler) http.Handler {
	rec, _ := c.recorders.LoadOrStore(tb, &Recorder{Model: c.Model, Check: func(ex Exchange) {
		if err := c.Model.CheckInput(ex.Op, ex.Request); err != nil {
			tb.Errorf("request outside AWS's model: %v\nrequest: %.400s", err, ex.Request)
		}
		if err := c.Model.CheckAnswer(ex); err != nil {
			tb.Errorf("answer outside AWS's model: %v\nrequest: %.400s\nanswer (%d): %.400s", err, ex.Request, ex.Status, ex.Response)
		}
	}})
	return rec.(*Recorder).Wrap(h)
}

// Exchanges returns what the servers wrapped for tb recorded.
func (c *Checker) Exchanges(tb testing.TB) []Exchange {
	if rec, ok := c.recorders.Load(tb); ok {
		return rec.(*Recorder).Exchanges()
	}
	return nil
}
