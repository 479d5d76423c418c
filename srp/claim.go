package srp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// Signature computes PASSWORD_CLAIM_SIGNATURE:
// base64(HMAC-SHA256(key, realm | userID | SECRET_BLOCK bytes | TIMESTAMP)).
// secretBlock is the challenge's SECRET_BLOCK, standard base64.
func Signature(key []byte, realm, userID, secretBlock, timestamp string) (string, error) {
	block, err := base64.StdEncoding.DecodeString(secretBlock)
	if err != nil {
		return "", wrap("srp: SECRET_BLOCK is not base64", err)
	}
	return base64.StdEncoding.EncodeToString(claimMAC(key, realm, userID, block, timestamp)), nil
}

// Verify reports whether signature is the claim signature for the given
// inputs, comparing in constant time.
func Verify(key []byte, realm, userID, secretBlock, timestamp, signature string) bool {
	block, err := base64.StdEncoding.DecodeString(secretBlock)
	if err != nil {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	return hmac.Equal(got, claimMAC(key, realm, userID, block, timestamp))
}

func claimMAC(key []byte, realm, userID string, block []byte, timestamp string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(realm))
	m.Write([]byte(userID))
	m.Write(block)
	m.Write([]byte(timestamp))
	return m.Sum(nil)
}

// timestampLayout is Cognito's TIMESTAMP: UTC, English names, 24-hour
// clock, day of month not zero-padded ("Tue Jan 1 06:06:09 UTC 2019").
const timestampLayout = "Mon Jan 2 15:04:05 UTC 2006"

// Timestamp formats t as Cognito's TIMESTAMP. It is written out rather
// than left to t.Format, whose general formatter is far more WebAssembly
// than this, which a page's first sign-in would otherwise compile and run
// unoptimized on its critical path (make bench's first-sign-in rows in
// docs/PERFORMANCE.md measure that path).
func Timestamp(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	wd := int(t.Weekday())
	b := make([]byte, 0, len(timestampLayout)+2)
	b = append(b, weekdays[3*wd:3*wd+3]...)
	b = append(b, ' ')
	b = append(b, months[3*month-3:3*month]...)
	b = append(b, ' ')
	b = appendDecimal(b, day, 1)
	b = append(b, ' ')
	b = appendDecimal(b, hour, 2)
	b = append(b, ':')
	b = appendDecimal(b, minute, 2)
	b = append(b, ':')
	b = appendDecimal(b, sec, 2)
	b = append(b, " UTC "...)
	return string(appendDecimal(b, year, 4))
}

const (
	weekdays = "SunMonTueWedThuFriSat"
	months   = "JanFebMarAprMayJunJulAugSepOctNovDec"
)

// appendDecimal appends n ≥ 0 in decimal, zero-padded to width digits.
// Not inlined: Timestamp calls it five times, and each inlined call would
// be another copy of its loop in the wasm module, whose bytes make size
// holds to a budget.
//
//go:noinline
func appendDecimal(b []byte, n, width int) []byte {
	var digits [20]byte
	i := len(digits)
	for n > 0 || len(digits)-i < width {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, digits[i:]...)
}

// ParseTimestamp reads a TIMESTAMP. Like time.Parse it also accepts
// spellings Timestamp never writes ("Jan 01", a weekday that does not match
// the date, fractional seconds); a server that wants Cognito's exact form
// checks Timestamp(t) == s as well.
func ParseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(timestampLayout, s)
	if err != nil {
		return time.Time{}, wrap("srp: TIMESTAMP", err)
	}
	return t, nil
}

// SecretHash computes SECRET_HASH for app clients with a secret:
// base64(HMAC-SHA256(clientSecret, username | clientID)).
func SecretHash(clientID, clientSecret, username string) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(username))
	m.Write([]byte(clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
