package localcognito

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

const benchSeed = `
pools:
  - id: us-east-1_BenchPool1
    name: bench
    clients:
      - {id: benchclient000000000000001, name: web, explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]}
    users:
      - {username: bench, password: Passw0rd!, permanent: true}
`

// BenchmarkSRPSignIn is a full USER_SRP_AUTH sign-in, InitiateAuth then
// RespondToAuthChallenge, through the server's handler with an
// srp.NewClient client (whose arithmetic is included), in memory and with
// Options.DataDir, one at a time and in parallel.
func BenchmarkSRPSignIn(b *testing.B) {
	for _, bc := range []struct {
		name     string
		durable  bool
		parallel bool
	}{
		{"memory", false, false},
		{"data", true, false},
		{"memory-parallel", false, true},
		{"data-parallel", true, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			opts := Options{}
			if bc.durable {
				opts.DataDir = b.TempDir()
			}
			srv, err := New(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			if err := srv.LoadSeed(strings.NewReader(benchSeed)); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if bc.parallel {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						benchSignIn(b, srv)
					}
				})
			} else {
				for b.Loop() {
					benchSignIn(b, srv)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "signins/s")
		})
	}
}

func benchSignIn(b *testing.B, srv *Server) {
	const pool, client, user, password = "us-east-1_BenchPool1", "benchclient000000000000001", "bench", "Passw0rd!"
	c, err := srp.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	var init struct{ ChallengeParameters map[string]string }
	benchCall(b, srv, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
		"AuthParameters": map[string]string{"USERNAME": user, "SRP_A": c.A()}}, &init)
	p := init.ChallengeParameters
	key, err := c.Key(realmOf(pool), p["USER_ID_FOR_SRP"], password, p["SALT"], p["SRP_B"])
	if err != nil {
		b.Fatal(err)
	}
	ts := srp.Timestamp(time.Now())
	sig, err := srp.Signature(key, realmOf(pool), p["USER_ID_FOR_SRP"], p["SECRET_BLOCK"], ts)
	if err != nil {
		b.Fatal(err)
	}
	var done struct{ AuthenticationResult *struct{ AccessToken string } }
	benchCall(b, srv, "RespondToAuthChallenge", map[string]any{"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client,
		"ChallengeResponses": map[string]string{"USERNAME": p["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": ts}}, &done)
	if done.AuthenticationResult == nil || done.AuthenticationResult.AccessToken == "" {
		b.Fatal("no tokens")
	}
}

func benchCall(b *testing.B, srv *Server, op string, in, out any) {
	body, err := json.Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", jsonType)
	req.Header.Set("X-Amz-Target", targetPrefix+op)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", op, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSignToken signs one access token as a sign-in does (two per
// sign-in: ID and access): RS256 with the server's 2048-bit key. make
// bench adds it to the native SRP costs for the compute a sign-in needs.
func BenchmarkSignToken(b *testing.B) {
	srv, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	claims := map[string]any{
		"sub": "0f9b7a5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b", "event_id": "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
		"token_use": "access", "scope": "aws.cognito.signin.user.admin", "auth_time": 1764460800,
		"iss": "http://127.0.0.1:9229/us-east-1_BenchPool1", "exp": 1764464400, "iat": 1764460800,
		"jti": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "origin_jti": "6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b",
		"client_id": "benchclient000000000000001", "username": "bench",
	}
	for b.Loop() {
		if _, err := srv.sign(claims); err != nil {
			b.Fatal(err)
		}
	}
}
