//go:build !js

package auth_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// A hostile endpoint or something on the path: the client must refuse
// what Cognito never does, and bound what it reads.

// countingServer answers every request with status and counts them.
func countingServer(t *testing.T, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, `{"AuthenticationResult":{"AccessToken":"a.b.c","IdToken":"a.b.c","ExpiresIn":3600,"TokenType":"Bearer"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRedirectsAreRefused(t *testing.T) {
	var hits atomic.Int32
	elsewhere := countingServer(t, &hits)
	for _, status := range []int{301, 302, 303, 307, 308} {
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+"/steal", status)
		}))
		t.Cleanup(redirector.Close)
		for name, tr := range map[string]auth.Transport{
			"sdk":         nil,
			"http":        &auth.HTTPTransport{Endpoint: redirector.URL},
			"http-client": &auth.HTTPTransport{Endpoint: redirector.URL, Client: &http.Client{}},
		} {
			c := newClient(t, redirector.URL, tr, lct.ClientID, "")
			// USER_PASSWORD_AUTH: the body holds the password.
			_, err := c.SignIn(context.Background(), auth.SignInInput{
				Username: lct.Alice, Password: lct.Password, AuthFlow: auth.FlowUserPassword,
			})
			e := asError(t, err)
			if e.Name != auth.ErrNetwork || !strings.Contains(e.Message, "refused a redirect") {
				t.Errorf("%s, HTTP %d: %s: %s", name, status, e.Name, e.Message)
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the redirect's target got %d requests; want none", n)
	}
}

// hugeAnswer streams n bytes of a JSON string to whoever asks, with
// status, and reports how much it managed to write.
func hugeAnswer(t *testing.T, status, n int, written *atomic.Int64) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		chunk := []byte(strings.Repeat("x", 64<<10))
		io.WriteString(w, `{"__type":"NotAuthorizedException","message":"`)
		for sent := 0; sent < n; sent += len(chunk) {
			m, err := w.Write(chunk)
			written.Add(int64(m))
			if err != nil {
				return
			}
		}
		io.WriteString(w, `"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestHugeAnswersStopAtOneMiB(t *testing.T) {
	const size = 50 << 20
	for _, status := range []int{200, 400} {
		var written atomic.Int64
		endpoint := hugeAnswer(t, status, size, &written)
		for name, tr := range transports(endpoint) {
			c := newClient(t, endpoint, tr, lct.ClientID, "")
			_, err := c.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: lct.Password})
			e := asError(t, err)
			if e.Name != auth.ErrInvalidResponse || !strings.Contains(e.Message, "larger than 1 MiB") {
				t.Errorf("%s, HTTP %d: %s: %.200s", name, status, e.Name, e.Message)
			}
		}
	}
}

func TestErrorMessagesAreClipped(t *testing.T) {
	var written atomic.Int64
	endpoint := hugeAnswer(t, 400, 900<<10, &written) // under the 1 MiB cap
	for name, tr := range transports(endpoint) {
		c := newClient(t, endpoint, tr, lct.ClientID, "")
		_, err := c.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: lct.Password})
		e := asError(t, err)
		if e.Name != "NotAuthorizedException" || len(e.Message) > 1100 || !strings.HasPrefix(e.Message, "xxxx") {
			t.Errorf("%s: %s: %d bytes of message", name, e.Name, len(e.Message))
		}
	}
}

func TestEndpointMustBeHTTP(t *testing.T) {
	for _, endpoint := range []string{
		`data:application/json,{"AuthenticationResult":{}}`,
		"file:///etc/passwd", "blob:https://example.com/x", "javascript:alert(1)",
		"ftp://example.com/", "https://", "http:///path", "//example.com/", "example.com",
	} {
		_, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: endpoint})
		if e := asError(t, err); e.Name != auth.ErrInvalidParameter {
			t.Errorf("endpoint %q: %s: %s", endpoint, e.Name, e.Message)
		}
	}
	for _, endpoint := range []string{"https://cognito-idp.us-east-1.amazonaws.com/", "http://127.0.0.1:9229", "HTTPS://example.com"} {
		if _, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: endpoint}); err != nil {
			t.Errorf("endpoint %q: %v", endpoint, err)
		}
	}
}

// refusingTransport fails the test if anything is sent.
type refusingTransport struct{ t *testing.T }

func (r refusingTransport) Call(_ context.Context, op string, _, _ any) error {
	r.t.Errorf("%s was sent", op)
	return nil
}

func TestMalformedUnicodeIsRefused(t *testing.T) {
	c := newClient(t, "", refusingTransport{t}, lct.ClientID, "")
	ctx := context.Background()
	bad := "Correct-Horse-9\xed\xa0\x80" // a surrogate in UTF-8: not UTF-8
	for name, call := range map[string]func() error{
		"username": func() error {
			_, err := c.SignIn(ctx, auth.SignInInput{Username: "alice\xff", Password: lct.Password})
			return err
		},
		"password": func() error {
			_, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: bad})
			return err
		},
		"new password": func() error {
			step := &auth.Step{ChallengeName: auth.ChallengeNewPasswordRequired, Username: lct.Bob, Session: "s"}
			_, err := c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"NEW_PASSWORD": bad}})
			return err
		},
		"sign-up":       func() error { _, err := c.SignUp(ctx, auth.SignUpInput{Username: "carol", Password: bad}); return err },
		"change":        func() error { return c.ChangePassword(ctx, "token", lct.Password, bad) },
		"confirm reset": func() error { return c.ConfirmForgotPassword(ctx, lct.Alice, "123456", bad) },
	} {
		e := asError(t, call())
		if e.Name != auth.ErrInvalidParameter || !strings.Contains(e.Message, "well-formed Unicode") {
			t.Errorf("%s: %s: %s", name, e.Name, e.Message)
		}
	}
}
