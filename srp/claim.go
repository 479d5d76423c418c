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

// Timestamp formats t as Cognito's TIMESTAMP.
func Timestamp(t time.Time) string {
	return t.UTC().Format(timestampLayout)
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
