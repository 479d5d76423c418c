package srp

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
)

// saltLen is the size of the random salts this package makes, as Cognito's.
const saltLen = 16

// Verifier computes v = g^x mod N for a password, padded as Cognito stores
// it. saltHex is the salt as it travels in SALT (possibly negative).
func Verifier(realm, userID, password, saltHex string) ([]byte, error) {
	salt, err := parseHex(saltHex)
	if err != nil {
		return nil, wrap("srp: salt", err)
	}
	x := computeX(realm, userID, password, salt.padded())
	return padNonNegative(expGModN(x).canonicalBytes()), nil
}

// NewVerifier picks a random salt and returns it, in the signed hex form
// Cognito sends as SALT, with the password's verifier.
func NewVerifier(realm, userID, password string) (saltHex string, verifier []byte, err error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", nil, wrap("srp: reading salt", err)
	}
	saltHex = SignedHex(salt)
	verifier, err = Verifier(realm, userID, password, saltHex)
	return saltHex, verifier, err
}

// Server is the verifier's side of one SRP exchange.
type Server struct {
	v    modN
	b    []byte // secret exponent, big-endian
	bigB []byte // B, big-endian without leading zeros
}

// NewServer picks a random secret b for the stored verifier and computes
// B = k·v + g^b mod N.
func NewServer(verifier []byte) (*Server, error) {
	vb := trimLeadingZeros(verifier)
	if len(vb) == 0 || !lessThanN(vb) {
		return nil, errors.New("srp: verifier out of range")
	}
	v := modNFromBytes(vb)
	kv := mulModN(kModN, v)
	for {
		b, err := randomExponent()
		if err != nil {
			return nil, err
		}
		if B := addModN(kv, expGModN(b)); !B.isZero() {
			return &Server{v: v, b: b, bigB: B.canonicalBytes()}, nil
		}
	}
}

// lessThanN reports whether the big-endian magnitude mag (no leading
// zeros) is below N.
func lessThanN(mag []byte) bool {
	if len(mag) != len(nBytes) {
		return len(mag) < len(nBytes)
	}
	return bytes.Compare(mag, nBytes) < 0
}

// B returns SRP_B in lowercase hex.
func (s *Server) B() string {
	return hexText(s.bigB)
}

// Key derives the claim key from the client's SRP_A:
// S = (A·v^u)^b mod N, then the same HKDF step as the client.
func (s *Server) Key(aHex string) ([]byte, error) {
	A, err := parseHex(aHex)
	if err != nil {
		return nil, wrap("srp: SRP_A", err)
	}
	aModN := modNFromBytes(A.mag)
	if A.neg || aModN.isZero() {
		return nil, errors.New("srp: SRP_A mod N is zero or negative")
	}
	u := hash(A.padded(), padNonNegative(s.bigB))
	if len(trimLeadingZeros(u)) == 0 {
		return nil, errors.New("srp: u is zero")
	}
	S := expModN(mulModN(aModN, expModN(s.v, u)), s.b)
	return deriveKey(S, u)
}

// DeviceSecret is what a client keeps and sends when it remembers a
// device: Password stays on the device; Salt and PasswordVerifier (both
// base64) are ConfirmDevice's DeviceSecretVerifierConfig.
type DeviceSecret struct {
	Password         string
	Salt             string
	PasswordVerifier string
}

// NewDeviceSecret makes a random device password and its verifier for the
// device key within its device group, as AWS's client does for
// ConfirmDevice.
func NewDeviceSecret(deviceGroupKey, deviceKey string) (*DeviceSecret, error) {
	raw := make([]byte, 40+saltLen)
	if _, err := rand.Read(raw); err != nil {
		return nil, wrap("srp: reading device secret", err)
	}
	password := base64.StdEncoding.EncodeToString(raw[:40])
	salt := padNonNegative(raw[40:])
	verifier, err := Verifier(deviceGroupKey, deviceKey, password, SignedHex(salt))
	if err != nil {
		return nil, err
	}
	return &DeviceSecret{
		Password:         password,
		Salt:             base64.StdEncoding.EncodeToString(salt),
		PasswordVerifier: base64.StdEncoding.EncodeToString(verifier),
	}, nil
}
