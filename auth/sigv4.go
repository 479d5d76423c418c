package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/sortedkeys"
)

// Credentials are AWS credentials for the admin operations, used by the
// fetch and net/http transports (the SDK transport has its own). They are
// for servers and Node only: never put AWS credentials in a web page.
type Credentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken,omitempty"`
}

const sigV4Service = "cognito-idp"

// formatAmzDate is t as X-Amz-Date wants it, "20060102T150405Z" in UTC,
// written out: time's general formatter is large in WebAssembly.
func formatAmzDate(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b := appendDigits(make([]byte, 0, 16), year, 4)
	b = appendDigits(b, int(month), 2)
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = appendDigits(b, minute, 2)
	b = appendDigits(b, sec, 2)
	return string(append(b, 'Z'))
}

// appendDigits appends the last width decimal digits of n ≥ 0, zero-padded
// (for X-Amz-Date's years 0-9999, months, days and the clock).
// Not inlined: in WebAssembly each inlined copy adds to the module's size.
//
//go:noinline
func appendDigits(b []byte, n, width int) []byte {
	b = append(b, "0000"[:width]...)
	for i := len(b) - 1; n > 0 && i >= len(b)-width; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

// signV4 adds AWS Signature Version 4 headers for a POST of body to host.
// It signs exactly the headers it is given plus host and x-amz-date, the
// way AWS's SDKs sign Cognito's JSON calls.
func signV4(headers map[string]string, host, region string, body []byte, cred *Credentials, now time.Time) {
	amzDate := formatAmzDate(now)
	day := amzDate[:8]
	headers["X-Amz-Date"] = amzDate
	if cred.SessionToken != "" {
		headers["X-Amz-Security-Token"] = cred.SessionToken
	}
	canonical := map[string]string{"host": host}
	for k, v := range headers {
		canonical[asciiLower(k)] = strings.TrimSpace(v)
	}
	names := sortedkeys.Of(canonical)
	var lines strings.Builder
	for _, k := range names {
		lines.WriteString(k + ":" + canonical[k] + "\n")
	}
	signed := strings.Join(names, ";")
	payload := sha256.Sum256(body)
	request := "POST\n/\n\n" + lines.String() + "\n" + signed + "\n" + hex.EncodeToString(payload[:])
	scope := day + "/" + region + "/" + sigV4Service + "/aws4_request"
	requestHash := sha256.Sum256([]byte(request))
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(requestHash[:])
	key := hmacSHA256([]byte("AWS4"+cred.SecretAccessKey), day)
	for _, part := range []string{region, sigV4Service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=" + cred.AccessKeyID + "/" + scope +
		", SignedHeaders=" + signed + ", Signature=" + hex.EncodeToString(hmacSHA256(key, toSign))
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// hostOf is the host[:port] of an endpoint URL, for SigV4's host header.
func hostOf(endpoint string) string {
	rest := endpoint
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// asciiLower lower-cases ASCII letters only, as HTTP header names (and the
// English of Cognito's messages) need; strings.ToLower would add Unicode's
// case tables to the wasm.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
