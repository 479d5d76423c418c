package auth

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// SignedHeaders lists every signed header once, in byte order, whatever
// order the headers come in.
func TestSignV4SignedHeaders(t *testing.T) {
	cred := &Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", SessionToken: "token"}
	for _, op := range []string{opInitiateAuth, opAdminInitiateAuth} {
		headers := requestHeaders(op)
		headers["X-Custom"] = "1"
		headers["A-First"] = " spaced "
		signV4(headers, "cognito-idp.us-east-1.amazonaws.com", "us-east-1", []byte("{}"), cred, time.Unix(1700000000, 0))
		_, signed, _ := strings.Cut(headers["Authorization"], "SignedHeaders=")
		signed, _, _ = strings.Cut(signed, ",")
		names := strings.Split(signed, ";")
		want := []string{"a-first", "content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target", "x-amz-user-agent", "x-custom"}
		if !slices.Equal(names, want) {
			t.Errorf("SignedHeaders %q, want %q", names, want)
		}
	}
}

// formatAmzDate writes what time's formatter would, for any time of day
// in years 0–9999 and in any zone.
func TestFormatAmzDate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zone := time.FixedZone("X", -7*3600-30*60)
	times := []time.Time{time.Unix(0, 0), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 1, 2, 3, 0, zone)}
	for range 2000 {
		times = append(times, time.Unix(r.Int64N(253402300799+62167219200)-62167219200, r.Int64N(1e9)).In(zone))
	}
	for _, tm := range times {
		if got, want := formatAmzDate(tm), tm.UTC().Format("20060102T150405Z"); got != want {
			t.Fatalf("formatAmzDate(%v) = %s, want %s", tm, got, want)
		}
	}
}
