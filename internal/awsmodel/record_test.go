package awsmodel

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The recorder keeps operation calls whole and hands the client the
// answer unchanged; other routes pass unrecorded.
func TestRecorder(t *testing.T) {
	m := cognito(t)
	var checked []Exchange
	rec := &Recorder{Model: m, Check: func(ex Exchange) { checked = append(checked, ex) }}
	ts := httptest.NewServer(rec.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("x-amzn-ErrorType", "CodeMismatchException")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"__type":"CodeMismatchException","message":"` + string(body) + `"}`))
	})))
	defer ts.Close()
	post := func(target string) string {
		req, _ := http.NewRequest(http.MethodPost, ts.URL, strings.NewReader(`x`))
		req.Header.Set("X-Amz-Target", target)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusBadRequest || res.Header.Get("x-amzn-ErrorType") != "CodeMismatchException" {
			t.Errorf("client got %d %v", res.StatusCode, res.Header)
		}
		return string(b)
	}
	if got := post("AWSCognitoIdentityProviderService.InitiateAuth"); got != `{"__type":"CodeMismatchException","message":"x"}` {
		t.Errorf("client got %q", got)
	}
	post("SomeOtherService.InitiateAuth")
	exs := rec.Exchanges()
	if len(exs) != 1 || len(checked) != 1 || exs[0].Op != "InitiateAuth" || string(exs[0].Request) != "x" || exs[0].Status != http.StatusBadRequest {
		t.Fatalf("recorded %+v, checked %d", exs, len(checked))
	}
	if err := m.CheckAnswer(exs[0]); err == nil || !strings.Contains(err.Error(), "does not declare it") {
		t.Errorf("CheckAnswer: %v", err)
	}
}
