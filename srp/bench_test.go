package srp

import (
	"encoding/json"
	"math/big"
	"os"
	"regexp"
	"testing"
)

// Benchmarks of the client's SRP work. `make bench` (scripts/bench/run.mjs)
// runs them and compares them with the same work in WebAssembly and in AWS's
// JavaScript client, on the same inputs: the vector benchVector picks.
//
//	go test -run='^$' -bench=. -benchmem ./srp/
//
// The same benchmarks run compiled to js/wasm inside headless Chromium (see
// run.mjs); a browser has no file system, so there the vectors come from
// the environment variable SRP_BENCH_VECTORS (a JSON array of vectors).

var alnum = regexp.MustCompile(`^[0-9A-Za-z]+$`)

// benchVector is the first USER_SRP_AUTH vector with an alphanumeric realm
// (a pool name amazon-cognito-identity-js accepts), a full-size SRP_B (768
// hex digits) and a private exponent a of aHexDigits hex digits: 64 is the
// 256-bit a this package draws, 256 the 1024-bit a AWS's JavaScript client
// draws. scripts/bench/run.mjs picks its inputs by the same rule.
func benchVector(b *testing.B, aHexDigits int) (srpVector, *Client) {
	b.Helper()
	var all []srpVector
	if env := os.Getenv("SRP_BENCH_VECTORS"); env != "" {
		if err := json.Unmarshal([]byte(env), &all); err != nil {
			b.Fatalf("SRP_BENCH_VECTORS: %v", err)
		}
	} else {
		all = loadVectors(b).SRP
	}
	for _, v := range all {
		if v.Flow == "USER_SRP_AUTH" && alnum.MatchString(v.Realm) && len(v.B) == 768 && len(v.SmallA) == aHexDigits {
			c, err := newClient(mustParseHex(b, v.SmallA).Bytes())
			if err != nil {
				b.Fatal(err)
			}
			return v, c
		}
	}
	b.Fatalf("no vector with a of %d hex digits", aHexDigits)
	return srpVector{}, nil
}

// criticalPath is what a client does between receiving PASSWORD_VERIFIER
// and having its answer: derive the key, then sign the claim.
func criticalPath(b *testing.B, v srpVector, c *Client) {
	key, err := c.Key(v.Realm, v.UserID, v.Password, v.Salt, v.B)
	if err != nil {
		b.Fatal(err)
	}
	sig, err := Signature(key, v.Realm, v.UserID, v.Secret, v.Timestamp)
	if err != nil {
		b.Fatal(err)
	}
	if sig != v.Signature {
		b.Fatalf("signature %s, want %s", sig, v.Signature)
	}
}

// BenchmarkClientCriticalPath: PASSWORD_VERIFIER received → signature ready,
// with this package's 256-bit a.
func BenchmarkClientCriticalPath(b *testing.B) {
	v, c := benchVector(b, 64)
	for b.Loop() {
		criticalPath(b, v, c)
	}
}

// BenchmarkClientCriticalPathA1024 is the same with a 1024-bit a, the size
// amazon-cognito-identity-js draws (a longer exponent in the second modexp).
func BenchmarkClientCriticalPathA1024(b *testing.B) {
	v, c := benchVector(b, 256)
	for b.Loop() {
		criticalPath(b, v, c)
	}
}

// BenchmarkClientKey is Client.Key alone: two 3072-bit modexps and hashing.
func BenchmarkClientKey(b *testing.B) {
	v, c := benchVector(b, 64)
	for b.Loop() {
		if _, err := c.Key(v.Realm, v.UserID, v.Password, v.Salt, v.B); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignature is the claim's HMAC alone.
func BenchmarkSignature(b *testing.B) {
	v, c := benchVector(b, 64)
	key, err := c.Key(v.Realm, v.UserID, v.Password, v.Salt, v.B)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Signature(key, v.Realm, v.UserID, v.Secret, v.Timestamp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewClient is the work before InitiateAuth (A = g^a mod N), off
// the critical path between the challenge and the answer.
func BenchmarkNewClient(b *testing.B) {
	for b.Loop() {
		if _, err := NewClient(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModExp3072 is one 3072-bit modexp with a 512-bit exponent, the
// size of a + u·x: the operation that dominates Client.Key.
func BenchmarkModExp3072(b *testing.B) {
	v, _ := benchVector(b, 64)
	base := mustParseHex(b, v.B)
	exp := new(big.Int).Lsh(big.NewInt(1), 511)
	exp.Sub(exp, big.NewInt(12345))
	z := new(big.Int)
	for b.Loop() {
		z.Exp(base, exp, N)
	}
}

// BenchmarkServerSignIn is localcognito's SRP work for one sign-in:
// B = k·v + g^b, then S = (A·v^u)^b, the key and the signature check.
// (The claim checked in the loop is not for that B, so Verify says no; it
// costs the same. The set-up checks a real exchange once.)
func BenchmarkServerSignIn(b *testing.B) {
	v, c := benchVector(b, 64)
	verifier, err := Verifier(v.Realm, v.UserID, v.Password, v.Salt)
	if err != nil {
		b.Fatal(err)
	}
	prepared, err := PrepareVerifier(verifier)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name      string
		newServer func() (*Server, error)
	}{
		{"plain", func() (*Server, error) { return NewServer(verifier) }},
		{"prepared", prepared.NewServer},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := bc.newServer()
			if err != nil {
				b.Fatal(err)
			}
			ckey, err := c.Key(v.Realm, v.UserID, v.Password, v.Salt, s.B())
			if err != nil {
				b.Fatal(err)
			}
			skey, err := s.Key(c.A())
			if err != nil || !hmacEqual(ckey, skey) {
				b.Fatalf("server and client keys differ (%v)", err)
			}
			A := c.A()
			for b.Loop() {
				s, err := bc.newServer()
				if err != nil {
					b.Fatal(err)
				}
				skey, err := s.Key(A)
				if err != nil {
					b.Fatal(err)
				}
				Verify(skey, v.Realm, v.UserID, v.Secret, v.Timestamp, v.Signature)
			}
		})
	}
}

// BenchmarkPrepareVerifier is the one-off cost of a prepared verifier.
func BenchmarkPrepareVerifier(b *testing.B) {
	v, _ := benchVector(b, 64)
	verifier, err := Verifier(v.Realm, v.UserID, v.Password, v.Salt)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := PrepareVerifier(verifier); err != nil {
			b.Fatal(err)
		}
	}
}

func hmacEqual(a, b []byte) bool { return string(a) == string(b) }
