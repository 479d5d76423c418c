package localcognito

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strings"
)

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// Patterns from the Cognito API reference.
var (
	poolIDPattern   = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)
	clientIDPattern = regexp.MustCompile(`^[\w+]+$`)
	namePattern     = regexp.MustCompile(`^[\w\s+=,.@-]+$`)
	usernamePattern = regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$`)
)

// randomString draws n characters from alphabet with crypto/rand.
func randomString(alphabet string, n int) string {
	// rand.Text-style rejection is overkill here: 256 % 36 and 256 % 62
	// bias is irrelevant for local ids, but secrets use the same path, so
	// reject bytes past the largest multiple of len(alphabet).
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n*2)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(fmt.Sprintf("localcognito: crypto/rand failed: %v", err))
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

func newPoolID(region string) string { return region + "_" + randomString(mixedAlnum, 9) }

func newClientID() string { return randomString(lowerAlnum, 26) }

// newClientSecret is shaped like Cognito's: 51 lowercase alphanumerics.
func newClientSecret() string { return randomString(lowerAlnum, 51) }

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("localcognito: crypto/rand failed: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("localcognito: crypto/rand failed: %v", err))
	}
	return b
}

// realmOf is the SRP "pool name": the pool id after its underscore.
func realmOf(poolID string) string {
	_, name, _ := strings.Cut(poolID, "_")
	return name
}
