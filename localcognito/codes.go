package localcognito

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"
)

// One-time codes: 6 digits, kept on the user only as a SHA-256 hash.

const (
	signUpCodeTTL = 24 * time.Hour
	forgotCodeTTL = time.Hour
	mfaCodeTTL    = 3 * time.Minute
	// maxCodeMisses wrong guesses use a code up, as Cognito's attempt
	// limit does.
	maxCodeMisses = 5
)

// Code purposes: one pending code each.
const (
	purposeSignUp = "signup"
	purposeForgot = "forgot"
	purposeVerify = "verify:" // + attribute name
)

type pendingCode struct {
	hash    []byte
	expires time.Time
	misses  int
	attr    string // the attribute a sign-up code was sent to
}

func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(fmt.Sprintf("localcognito: crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func codeHash(code string) []byte {
	sum := sha256.Sum256([]byte(strings.TrimSpace(code)))
	return sum[:]
}

// newUserCode makes and remembers a code for a purpose, replacing any
// earlier one, and returns it for delivery.
func (u *user) newUserCode(purpose string, ttl time.Duration, now time.Time) string {
	code := newCode()
	if u.codes == nil {
		u.codes = map[string]*pendingCode{}
	}
	u.codes[purpose] = &pendingCode{hash: codeHash(code), expires: now.Add(ttl)}
	return code
}

// Messages Cognito uses for confirmation and reset codes.
const (
	msgCodeMismatch = "Invalid verification code provided, please try again."
	msgCodeExpired  = "Invalid code provided, please request a code again."
	msgAttemptLimit = "Attempt limit exceeded, please try after some time."
)

func errCodeMismatch(msg string) *apiError {
	return newError(http.StatusBadRequest, "CodeMismatchException", "%s", msg)
}

func errExpiredCode() *apiError {
	return newError(http.StatusBadRequest, "ExpiredCodeException", msgCodeExpired)
}

func errLimitExceeded() *apiError {
	return newError(http.StatusBadRequest, "LimitExceededException", msgAttemptLimit)
}

// useCode checks a code and consumes it on success.
func (u *user) useCode(purpose, code string, now time.Time) *apiError {
	c := u.codes[purpose]
	switch {
	case c == nil || now.After(c.expires):
		return errExpiredCode()
	case c.misses >= maxCodeMisses:
		return errLimitExceeded()
	case subtle.ConstantTimeCompare(c.hash, codeHash(code)) != 1:
		c.misses++
		return errCodeMismatch(msgCodeMismatch)
	}
	delete(u.codes, purpose)
	return nil
}

// mask hides a destination as Cognito's CodeDeliveryDetails do:
// "+*******1234" for phones, "a***@e***" for email addresses.
func mask(attr, v string) string {
	if attr == "phone_number" {
		if len(v) <= 5 {
			return strings.Repeat("*", len(v))
		}
		return v[:1] + strings.Repeat("*", len(v)-5) + v[len(v)-4:]
	}
	local, domain, ok := strings.Cut(v, "@")
	if !ok || local == "" || domain == "" {
		return "***"
	}
	return local[:1] + "***@" + domain[:1] + "***"
}
