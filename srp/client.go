package srp

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"sync"
)

// ephemeralBits is the size of the secret exponents a and b. RFC 5054
// asks for at least 256 bits; more only slows the exponentiation.
const ephemeralBits = 256

// hkdfInfo is the HKDF info string Cognito uses to derive the claim key.
const hkdfInfo = "Caldera Derived Key"

// keyLen is the length of the derived HMAC key in bytes.
const keyLen = 16

// Client is one side of one SRP exchange: it holds the secret a and the
// public A sent as SRP_A. Use a fresh Client for every sign-in.
type Client struct {
	a    []byte // secret exponent, big-endian
	bigA []byte // A = g^a mod N, big-endian without leading zeros
}

// NewClient picks a random secret a and computes A = g^a mod N, or hands
// out the client Prepare made.
func NewClient() (*Client, error) {
	if c := takePrepared(); c != nil {
		return c, nil
	}
	a, err := randomExponent()
	if err != nil {
		return nil, err
	}
	return newClient(a)
}

// Prepare does ahead of time the work of the next NewClient: the table of
// g's powers (the larger part, built once) and one secret a with its A. A
// page calls it while idle after loading, so that a sign-in finds both
// ready. Each prepared client is handed out once.
func Prepare() error {
	c, err := NewClient()
	if err != nil {
		return err
	}
	preparedClient.Lock()
	preparedClient.c = c
	preparedClient.Unlock()
	return nil
}

var preparedClient struct {
	sync.Mutex
	c *Client
}

func takePrepared() *Client {
	preparedClient.Lock()
	defer preparedClient.Unlock()
	c := preparedClient.c
	preparedClient.c = nil
	return c
}

// newClient builds a Client from a fixed a, for known-answer tests.
func newClient(a []byte) (*Client, error) {
	A := expGModN(a)
	if A.isZero() {
		return nil, errors.New("srp: A mod N is zero")
	}
	return &Client{a: a, bigA: A.canonicalBytes()}, nil
}

func randomExponent() ([]byte, error) {
	e := make([]byte, ephemeralBits/8)
	if _, err := rand.Read(e); err != nil {
		return nil, wrap("srp: reading random exponent", err)
	}
	// An exponent of zero would make A = 1; reject rather than bias.
	if len(trimLeadingZeros(e)) == 0 {
		return nil, errors.New("srp: random exponent is zero")
	}
	return e, nil
}

// A returns SRP_A: A in lowercase hex without padding, as AWS's client
// sends it.
func (c *Client) A() string {
	return hexText(c.bigA)
}

// Key derives the 16-byte key that signs the password claim.
//
// realm is the user pool's name (the part of the pool id after "_") for
// USER_SRP_AUTH, or the device group key for DEVICE_SRP_AUTH; userID is
// USER_ID_FOR_SRP or the device key. saltHex and bHex are the challenge's
// SALT and SRP_B.
func (c *Client) Key(realm, userID, password, saltHex, bHex string) ([]byte, error) {
	salt, err := parseHex(saltHex)
	if err != nil {
		return nil, wrap("srp: SALT", err)
	}
	B, err := parseHex(bHex)
	if err != nil {
		return nil, wrap("srp: SRP_B", err)
	}
	bModN := modNFromBytes(B.mag)
	if B.neg {
		bModN = subModN(zeroModN(), bModN)
	}
	if bModN.isZero() {
		return nil, errors.New("srp: SRP_B mod N is zero")
	}
	u := hash(padNonNegative(c.bigA), B.padded())
	if len(trimLeadingZeros(u)) == 0 {
		return nil, errors.New("srp: u is zero")
	}
	x := computeX(realm, userID, password, salt.padded())

	// S = (B - k·g^x) ^ (a + u·x) mod N
	base := subModN(bModN, mulModN(kModN, expGModN(x)))
	S := expModN(base, mulAdd(u, x, c.a))
	return deriveKey(S, u)
}

// computeX is x = H(pad(salt) | H(realm | userID | ":" | password)).
func computeX(realm, userID, password string, paddedSalt []byte) []byte {
	inner := hash([]byte(realm + userID + ":" + password))
	return hash(paddedSalt, inner)
}

// deriveKey is Cognito's HKDF-SHA256 step: the padded S is the input key
// material, the padded u the salt.
func deriveKey(S modN, u []byte) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, padNonNegative(S.canonicalBytes()), padNonNegative(u), hkdfInfo, keyLen)
	if err != nil {
		return nil, wrap("srp: deriving key", err)
	}
	return key, nil
}
