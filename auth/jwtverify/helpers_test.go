//go:build !js

package jwtverify_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth/jwtverify"
)

const (
	pool     = "us-east-1_AbCdEf123"
	client   = "client0000000000000000001"
	issuer   = "https://cognito-idp.us-east-1.amazonaws.com/" + pool
	username = "alice"
)

// start is the fake clock's first reading.
var start = time.Unix(1_800_000_000, 0)

// keyPair is a signing key and the kid under which its JWK is published.
type keyPair struct {
	priv *rsa.PrivateKey
	kid  string
}

var (
	keysOnce sync.Once
	testKeys [3]keyPair
)

// key returns one of three RSA keys generated once per test binary.
func key(t testing.TB, i int) keyPair {
	t.Helper()
	keysOnce.Do(func() {
		for n := range testKeys {
			priv, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			testKeys[n] = keyPair{priv: priv, kid: "kid-" + string(rune('A'+n)) + "+/="}
		}
	})
	return testKeys[i]
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwkOf is k's public JWK as Cognito publishes it; edit mutates it.
func jwkOf(k keyPair, edit func(map[string]any)) map[string]any {
	m := map[string]any{
		"alg": "RS256", "e": b64(big.NewInt(int64(k.priv.E)).Bytes()), "kid": k.kid,
		"kty": "RSA", "n": b64(k.priv.N.Bytes()), "use": "sig",
	}
	if edit != nil {
		edit(m)
	}
	return m
}

func jwks(jwkList ...map[string]any) []byte {
	if jwkList == nil {
		jwkList = []map[string]any{}
	}
	b, err := json.Marshal(map[string]any{"keys": jwkList})
	if err != nil {
		panic(err)
	}
	return b
}

func jwksOf(ks ...keyPair) []byte {
	var list []map[string]any
	for _, k := range ks {
		list = append(list, jwkOf(k, nil))
	}
	return jwks(list...)
}

// jwksServer serves a JWKS document that tests can change, counting
// requests; with a gate set, each request waits for it to close.
type jwksServer struct {
	*httptest.Server
	hits atomic.Int32

	mu     sync.Mutex
	status int
	body   []byte
	gate   chan struct{}
}

func newJWKSServer(t *testing.T, body []byte) *jwksServer {
	s := &jwksServer{status: http.StatusOK, body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		status, body, gate := s.status, s.body, s.gate
		s.mu.Unlock()
		if gate != nil {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(status int, body []byte) {
	s.mu.Lock()
	s.status, s.body = status, body
	s.mu.Unlock()
}

func (s *jwksServer) setGate(g chan struct{}) {
	s.mu.Lock()
	s.gate = g
	s.mu.Unlock()
}

func (s *jwksServer) wantHits(t *testing.T, want int) {
	t.Helper()
	if got := int(s.hits.Load()); got != want {
		t.Fatalf("JWKS requests = %d, want %d", got, want)
	}
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newVerifier makes a verifier of pool/client (issuer left to its default)
// that fetches from srv, on a fake clock at start; edit adjusts the config.
func newVerifier(t *testing.T, srv *jwksServer, edit func(*jwtverify.Config)) (*jwtverify.Verifier, *clock) {
	t.Helper()
	clk := &clock{t: start}
	cfg := jwtverify.Config{
		UserPoolID: pool,
		ClientIDs:  []string{client},
		JWKSURL:    srv.URL + "/" + pool + "/.well-known/jwks.json",
		HTTPClient: srv.Client(),
		Now:        clk.Now,
	}
	if edit != nil {
		edit(&cfg)
	}
	v, err := jwtverify.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v, clk
}

// idClaims and accessClaims are shaped like Cognito's, issued at now.
func idClaims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"sub": "4f1b2c3d-0000-4000-8000-00000000a11c", "aud": client, "email_verified": true,
		"event_id": "9d8c7b6a-0000-4000-8000-000000000e01", "token_use": "id",
		"auth_time": now.Unix(), "iss": issuer, "cognito:username": username,
		"exp": now.Add(time.Hour).Unix(), "iat": now.Unix(), "email": "alice@example.com",
		"jti": "0a1b2c3d-0000-4000-8000-0000000000a1", "origin_jti": "0a1b2c3d-0000-4000-8000-0000000000f0",
		"cognito:groups": []string{"admins", "users"},
	}
}

func accessClaims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"sub": "4f1b2c3d-0000-4000-8000-00000000a11c", "client_id": client,
		"event_id": "9d8c7b6a-0000-4000-8000-000000000e01", "token_use": "access",
		"scope": "aws.cognito.signin.user.admin", "auth_time": now.Unix(), "iss": issuer,
		"exp": now.Add(time.Hour).Unix(), "iat": now.Unix(),
		"jti": "0a1b2c3d-0000-4000-8000-0000000000a2", "origin_jti": "0a1b2c3d-0000-4000-8000-0000000000f0",
		"username": username,
	}
}

// with returns a copy of c with the given claims set (nil deletes).
func with(c jwt.MapClaims, kv ...any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// mint signs claims with k as Cognito does: RS256, header {kid, alg}.
func mint(t testing.TB, k keyPair, claims jwt.MapClaims) string {
	t.Helper()
	return mintWith(t, jwt.SigningMethodRS256, k.priv, k.kid, claims)
}

func mintWith(t testing.TB, m jwt.SigningMethod, signKey any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	delete(tok.Header, "typ")
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(signKey)
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return s
}

// wantErr fails unless err wraps target, and checks that the message does
// not carry the token or its payload.
func wantErr(t *testing.T, err, target error, token string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
	parts := strings.Split(token, ".")
	if len(parts) == 3 && len(parts[1]) > 8 && strings.Contains(err.Error(), parts[1]) {
		t.Fatalf("error message carries the token: %v", err)
	}
}
