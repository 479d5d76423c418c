package srp

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
)

// saltLen is the size of the random salts this package makes, as Cognito's.
const saltLen = 16

// Verifier computes v = g^x mod N for a password, padded as Cognito stores
// it. saltHex is the salt as it travels in SALT (possibly negative).
func Verifier(realm, userID, password, saltHex string) ([]byte, error) {
	salt, err := ParseHex(saltHex)
	if err != nil {
		return nil, fmt.Errorf("srp: salt: %w", err)
	}
	x := computeX(realm, userID, password, salt)
	return Pad(expG(x)), nil
}

// NewVerifier picks a random salt and returns it, in the signed hex form
// Cognito sends as SALT, with the password's verifier.
func NewVerifier(realm, userID, password string) (saltHex string, verifier []byte, err error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", nil, fmt.Errorf("srp: reading salt: %w", err)
	}
	saltHex = SignedHex(salt)
	verifier, err = Verifier(realm, userID, password, saltHex)
	return saltHex, verifier, err
}

// Server is the verifier's side of one SRP exchange.
type Server struct {
	v, b, bigB *big.Int
}

// NewServer picks a random secret b for the stored verifier and computes
// B = k·v + g^b mod N.
func NewServer(verifier []byte) (*Server, error) {
	v := new(big.Int).SetBytes(verifier)
	if v.Sign() == 0 || v.Cmp(N) >= 0 {
		return nil, errors.New("srp: verifier out of range")
	}
	for {
		b, err := randomExponent()
		if err != nil {
			return nil, err
		}
		B := new(big.Int).Mul(k, v)
		B.Add(B, expG(b))
		B.Mod(B, N)
		if B.Sign() != 0 {
			return &Server{v: v, b: b, bigB: B}, nil
		}
	}
}

// B returns SRP_B in lowercase hex.
func (s *Server) B() string {
	return s.bigB.Text(16)
}

// Key derives the claim key from the client's SRP_A:
// S = (A·v^u)^b mod N, then the same HKDF step as the client.
func (s *Server) Key(aHex string) ([]byte, error) {
	A, err := ParseHex(aHex)
	if err != nil {
		return nil, fmt.Errorf("srp: SRP_A: %w", err)
	}
	if A.Sign() < 0 || new(big.Int).Mod(A, N).Sign() == 0 {
		return nil, errors.New("srp: SRP_A mod N is zero or negative")
	}
	u := hashInt(Pad(A), Pad(s.bigB))
	if u.Sign() == 0 {
		return nil, errors.New("srp: u is zero")
	}
	S := expN(s.v, u)
	S.Mul(S, A)
	S.Mod(S, N)
	S = expN(S, s.b)
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
		return nil, fmt.Errorf("srp: reading device secret: %w", err)
	}
	password := base64.StdEncoding.EncodeToString(raw[:40])
	salt := Pad(new(big.Int).SetBytes(raw[40:]))
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
