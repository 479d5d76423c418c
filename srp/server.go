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
	v      modN
	powers powTable // v's powers when the verifier was prepared; nil otherwise
	b      []byte   // secret exponent, big-endian
	bigB   []byte   // B, big-endian without leading zeros
}

// NewServer picks a random secret b for the stored verifier and computes
// B = k·v + g^b mod N.
func NewServer(verifier []byte) (*Server, error) {
	v, err := verifierModN(verifier)
	if err != nil {
		return nil, err
	}
	return newServer(v, mulModN(kModN, v), nil)
}

// PreparedVerifier is a stored verifier made ready for many sign-ins. It
// keeps a table of the verifier's powers, so that each exchange computes
// v^u with about 64 multiplications instead of about 300
// (BenchmarkServerSignIn's plain and prepared runs compare the two). The
// table holds 255 numbers below N (384 bytes each natively) and takes
// longer to build than an exchange saves (BenchmarkPrepareVerifier), so
// servers keep one for users who sign in often. It is safe for concurrent
// use.
type PreparedVerifier struct {
	v, kv  modN
	powers powTable
}

// PrepareVerifier builds the table for a stored verifier.
func PrepareVerifier(verifier []byte) (*PreparedVerifier, error) {
	v, err := verifierModN(verifier)
	if err != nil {
		return nil, err
	}
	return &PreparedVerifier{v: v, kv: mulModN(kModN, v), powers: newPowTable(v)}, nil
}

// NewServer is the package's NewServer for the prepared verifier.
func (p *PreparedVerifier) NewServer() (*Server, error) {
	return newServer(p.v, p.kv, p.powers)
}

func verifierModN(verifier []byte) (modN, error) {
	vb := trimLeadingZeros(verifier)
	if len(vb) == 0 || !lessThanN(vb) {
		return modN{}, errors.New("srp: verifier out of range")
	}
	return modNFromBytes(vb), nil
}

func newServer(v, kv modN, powers powTable) (*Server, error) {
	for {
		b, err := randomExponent()
		if err != nil {
			return nil, err
		}
		if B := addModN(kv, expGModN(b)); !B.isZero() {
			return &Server{v: v, powers: powers, b: b, bigB: B.canonicalBytes()}, nil
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
	S := expModN(mulModN(aModN, s.expV(u)), s.b)
	return deriveKey(S, u)
}

// expV is v^u, from the prepared verifier's table when there is one (u is
// a SHA-256 hash, so it fits the table's 256 bits).
func (s *Server) expV(u []byte) modN {
	if s.powers != nil && bitLen(u) <= combBits {
		return s.powers.exp(u)
	}
	return expModN(s.v, u)
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
