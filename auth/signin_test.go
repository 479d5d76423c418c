//go:build !js

package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// transports runs each test over both native transports.
func transports(endpoint string) map[string]auth.Transport {
	return map[string]auth.Transport{
		"sdk":  nil, // the default
		"http": &auth.HTTPTransport{Endpoint: endpoint},
	}
}

func newClient(t *testing.T, endpoint string, tr auth.Transport, clientID, secret string) *auth.Client {
	t.Helper()
	c, err := auth.New(auth.Config{
		UserPoolID: lct.PoolID, ClientID: clientID, ClientSecret: secret,
		Endpoint: endpoint, Transport: tr,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSignInSRP(t *testing.T) {
	endpoint := lct.Start(t, "")
	for name, tr := range transports(endpoint) {
		t.Run(name, func(t *testing.T) {
			for _, client := range []struct{ id, secret string }{{lct.ClientID, ""}, {lct.SecretClientID, lct.ClientSecret}} {
				c := newClient(t, endpoint, tr, client.id, client.secret)
				step, err := c.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: lct.Password})
				if err != nil {
					t.Fatalf("client %s: %v", client.id, err)
				}
				if !step.Done || step.Tokens == nil {
					t.Fatalf("client %s: step = %+v, want tokens", client.id, step)
				}
				claims := jwtClaims(t, step.Tokens.IDToken)
				if claims["cognito:username"] != lct.Alice || claims["token_use"] != "id" || claims["aud"] != client.id {
					t.Errorf("ID token claims = %v", claims)
				}
				if access := jwtClaims(t, step.Tokens.AccessToken); access["token_use"] != "access" || access["client_id"] != client.id {
					t.Errorf("access token claims = %v", access)
				}
				if step.Tokens.ExpiresIn != 3600 || step.Tokens.TokenType != "Bearer" || step.Tokens.RefreshToken == "" {
					t.Errorf("tokens = %+v", step.Tokens)
				}
			}
		})
	}
}

func TestSignInFailures(t *testing.T) {
	endpoint := lct.Start(t, "")
	cases := []struct {
		name, clientID, secret, username, password string
		wantName, wantMessage                      string
	}{
		{"wrong password", lct.ClientID, "", lct.Alice, "wrong", "NotAuthorizedException", "Incorrect username or password."},
		{"unknown user", lct.ClientID, "", "nobody", "x", "UserNotFoundException", ""},
		{"wrong secret", lct.SecretClientID, "not-the-secret", lct.Alice, lct.Password, "NotAuthorizedException", ""},
		{"missing secret", lct.SecretClientID, "", lct.Alice, lct.Password, "NotAuthorizedException", ""},
		{"unknown client", "nosuchclient00000000000000", "", lct.Alice, lct.Password, "ResourceNotFoundException", ""},
	}
	for name, tr := range transports(endpoint) {
		for _, tc := range cases {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				c := newClient(t, endpoint, tr, tc.clientID, tc.secret)
				_, err := c.SignIn(context.Background(), auth.SignInInput{Username: tc.username, Password: tc.password})
				e := asError(t, err)
				if e.Name != tc.wantName || (tc.wantMessage != "" && e.Message != tc.wantMessage) {
					t.Errorf("error = %s: %s, want %s: %q", e.Name, e.Message, tc.wantName, tc.wantMessage)
				}
				if e.StatusCode != http.StatusBadRequest {
					t.Errorf("status = %d, want 400", e.StatusCode)
				}
			})
		}
	}
}

func TestNewPasswordRequired(t *testing.T) {
	for name := range transports("") {
		t.Run(name, func(t *testing.T) {
			// A server per run: the run changes Bob's password.
			endpoint := lct.Start(t, "")
			tr := transports(endpoint)[name]
			c := newClient(t, endpoint, tr, lct.SecretClientID, lct.ClientSecret)
			ctx := context.Background()
			step, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Bob, Password: lct.Password})
			if err != nil {
				t.Fatal(err)
			}
			if step.Done || step.ChallengeName != "NEW_PASSWORD_REQUIRED" || step.Session == "" {
				t.Fatalf("step = %+v, want NEW_PASSWORD_REQUIRED with a session", step)
			}
			// A step is plain data: it survives a JSON round trip.
			saved, _ := json.Marshal(step)
			var resumed auth.Step
			if err := json.Unmarshal(saved, &resumed); err != nil {
				t.Fatal(err)
			}
			newPassword := "New-Password-" + name + "-1"
			done, err := c.Respond(ctx, auth.RespondInput{Step: &resumed, Answers: map[string]string{"NEW_PASSWORD": newPassword}})
			if err != nil {
				t.Fatal(err)
			}
			if !done.Done || done.Tokens.IDToken == "" {
				t.Fatalf("after NEW_PASSWORD: %+v", done)
			}
			if _, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Bob, Password: newPassword}); err != nil {
				t.Errorf("sign-in with the new password: %v", err)
			}
			// The session was used up by the answer above.
			if _, err := c.Respond(ctx, auth.RespondInput{Step: &resumed, Answers: map[string]string{"NEW_PASSWORD": newPassword + "x"}}); err == nil {
				t.Error("a used session was accepted again")
			}
		})
	}
}

func TestInvalidInput(t *testing.T) {
	cases := []struct {
		cfg  auth.Config
		in   auth.SignInInput
		want string
	}{
		{auth.Config{ClientID: "c"}, auth.SignInInput{}, "userPoolId is required"},
		{auth.Config{UserPoolID: "nounderscore", ClientID: "c"}, auth.SignInInput{}, "not a user pool id"},
		{auth.Config{UserPoolID: "us-east-1_bad!", ClientID: "c"}, auth.SignInInput{}, "not a user pool id"},
		{auth.Config{UserPoolID: "us-east-1_ok"}, auth.SignInInput{}, "clientId is required"},
		{auth.Config{UserPoolID: "us-east-1_ok", ClientID: "c"}, auth.SignInInput{Password: "p"}, "username is required"},
		{auth.Config{UserPoolID: "us-east-1_ok", ClientID: "c"}, auth.SignInInput{Username: "u"}, "password is required"},
		{auth.Config{UserPoolID: "us-east-1_ok", ClientID: "c"}, auth.SignInInput{Username: "u", Password: "p", AuthFlow: "NOPE"}, "authFlow"},
	}
	for _, tc := range cases {
		c, err := auth.New(tc.cfg)
		if err == nil {
			_, err = c.SignIn(context.Background(), tc.in)
		}
		e := asError(t, err)
		if e.Name != auth.ErrInvalidParameter || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%+v %+v: got %s: %s, want InvalidParameterException containing %q", tc.cfg, tc.in, e.Name, e.Message, tc.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	c, err := auth.New(auth.Config{UserPoolID: "eu-west-2_AbC", ClientID: "c"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.Config()
	if cfg.Region != "eu-west-2" || cfg.Endpoint != "https://cognito-idp.eu-west-2.amazonaws.com/" {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestNetworkError(t *testing.T) {
	// Nothing listens on port 1.
	closed := "http://127.0.0.1:1/"
	for name, tr := range transports(closed) {
		t.Run(name, func(t *testing.T) {
			c := newClient(t, closed, tr, lct.ClientID, "")
			_, err := c.SignIn(context.Background(), auth.SignInInput{Username: "u", Password: "p"})
			if e := asError(t, err); e.Name != auth.ErrNetwork {
				t.Errorf("error = %s: %s, want NetworkError", e.Name, e.Message)
			}
		})
	}
}

// recorder remembers every request body a transport sends.
type recorder struct {
	inner auth.Transport
	mu    sync.Mutex
	sent  []string
}

func (r *recorder) Call(ctx context.Context, op string, in, out any) error {
	b, _ := json.Marshal(in)
	r.mu.Lock()
	r.sent = append(r.sent, op+" "+string(b))
	r.mu.Unlock()
	return r.inner.Call(ctx, op, in, out)
}

func TestPasswordNeverSent(t *testing.T) {
	endpoint := lct.Start(t, "")
	rec := &recorder{inner: &auth.HTTPTransport{Endpoint: endpoint}}
	c := newClient(t, endpoint, rec, lct.ClientID, "")
	if _, err := c.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: lct.Password}); err != nil {
		t.Fatal(err)
	}
	if len(rec.sent) != 2 {
		t.Fatalf("sent %d requests, want InitiateAuth and RespondToAuthChallenge", len(rec.sent))
	}
	for _, body := range rec.sent {
		if strings.Contains(body, lct.Password) {
			t.Errorf("password on the wire: %s", body)
		}
	}
}

// fake answers InitiateAuth with a canned challenge.
type fake struct{ params map[string]string }

func (f fake) Call(_ context.Context, op string, _, out any) error {
	b, _ := json.Marshal(map[string]any{"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": f.params})
	return json.Unmarshal(b, out)
}

func TestMalformedChallenge(t *testing.T) {
	good := map[string]string{"SALT": "ab", "SRP_B": "cd", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u"}
	for field, bad := range map[string]string{"SALT": "zz", "SRP_B": "0", "SECRET_BLOCK": "!!", "USER_ID_FOR_SRP": ""} {
		params := map[string]string{}
		for k, v := range good {
			params[k] = v
		}
		params[field] = bad
		c, _ := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: "c", Transport: fake{params}})
		_, err := c.SignIn(context.Background(), auth.SignInInput{Username: "u", Password: "p"})
		if e := asError(t, err); e.Name != auth.ErrInvalidResponse {
			t.Errorf("%s=%q: error %s: %s, want InvalidResponseError", field, bad, e.Name, e.Message)
		}
	}
}

func forEachTransport(t *testing.T, run func(t *testing.T, endpoint string, c *auth.Client)) {
	for name := range transports("") {
		t.Run(name, func(t *testing.T) {
			endpoint := lct.Start(t, "")
			run(t, endpoint, newClient(t, endpoint, transports(endpoint)[name], lct.SecretClientID, lct.ClientSecret))
		})
	}
}

func signIn(t *testing.T, c *auth.Client, username, password string) *auth.Tokens {
	t.Helper()
	step, err := c.SignIn(context.Background(), auth.SignInInput{Username: username, Password: password})
	if err != nil {
		t.Fatalf("sign in %s: %v", username, err)
	}
	if !step.Done {
		t.Fatalf("sign in %s: step %+v", username, step)
	}
	return step.Tokens
}

func wantError(t *testing.T, err error, name string) {
	t.Helper()
	if e := asError(t, err); e.Name != name {
		t.Errorf("error %s: %s, want %s", e.Name, e.Message, name)
	}
}

func asError(t *testing.T, err error) *auth.Error {
	t.Helper()
	var e *auth.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not *auth.Error", err, err)
	}
	return e
}

// jwtClaims decodes a JWT's payload without verifying it; localcognito's
// own tests check signatures.
func jwtClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}
