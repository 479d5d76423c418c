package srp

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
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
	a, bigA *big.Int
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
func newClient(a *big.Int) (*Client, error) {
	A := expG(a)
	if A.Sign() == 0 {
		return nil, errors.New("srp: A mod N is zero")
	}
	return &Client{a: a, bigA: A}, nil
}

func randomExponent() (*big.Int, error) {
	buf := make([]byte, ephemeralBits/8)
	if _, err := rand.Read(buf); err != nil {
		return nil, fmt.Errorf("srp: reading random exponent: %w", err)
	}
	// An exponent reduced to zero would make A = 1; reject rather than bias.
	e := new(big.Int).SetBytes(buf)
	if e.Sign() == 0 {
		return nil, errors.New("srp: random exponent is zero")
	}
	return e, nil
}

// A returns SRP_A: A in lowercase hex without padding, as AWS's client
// sends it.
func (c *Client) A() string {
	return c.bigA.Text(16)
}

// Key derives the 16-byte key that signs the password claim.
//
// realm is the user pool's name (the part of the pool id after "_") for
// USER_SRP_AUTH, or the device group key for DEVICE_SRP_AUTH; userID is
// USER_ID_FOR_SRP or the device key. saltHex and bHex are the challenge's
// SALT and SRP_B.
func (c *Client) Key(realm, userID, password, saltHex, bHex string) ([]byte, error) {
	salt, err := ParseHex(saltHex)
	if err != nil {
		return nil, fmt.Errorf("srp: SALT: %w", err)
	}
	B, err := ParseHex(bHex)
	if err != nil {
		return nil, fmt.Errorf("srp: SRP_B: %w", err)
	}
	if new(big.Int).Mod(B, N).Sign() == 0 {
		return nil, errors.New("srp: SRP_B mod N is zero")
	}
	u := hashInt(Pad(c.bigA), Pad(B))
	if u.Sign() == 0 {
		return nil, errors.New("srp: u is zero")
	}
	x := computeX(realm, userID, password, salt)

	// S = (B - k·g^x) ^ (a + u·x) mod N
	base := expG(x)
	base.Mul(base, k)
	base.Sub(B, base)
	base.Mod(base, N)
	exp := new(big.Int).Mul(u, x)
	exp.Add(exp, c.a)
	S := expN(base, exp)
	return deriveKey(S, u)
}

// computeX is x = H(pad(salt) | H(realm | userID | ":" | password)).
func computeX(realm, userID, password string, salt *big.Int) *big.Int {
	inner := hash([]byte(realm + userID + ":" + password))
	return hashInt(Pad(salt), inner)
}

// deriveKey is Cognito's HKDF-SHA256 step: the padded S is the input key
// material, the padded u the salt.
func deriveKey(S, u *big.Int) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, Pad(S), Pad(u), hkdfInfo, keyLen)
	if err != nil {
		return nil, fmt.Errorf("srp: deriving key: %w", err)
	}
	return key, nil
}
