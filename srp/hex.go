package srp

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Pad returns x as Cognito hashes it: the minimal big-endian two's-complement
// encoding. A non-negative x whose top bit is set gains a 0x00 byte; a
// negative x (Cognito sends negative SALT values) is encoded as the
// shortest two's-complement bytes, which is what AWS's client's padHex does.
func Pad(x *big.Int) []byte {
	if x.Sign() >= 0 {
		b := x.Bytes()
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	// Two's complement in n bytes is 2^(8n) + x; pick the smallest n whose
	// result keeps the top bit set (so it still reads as negative).
	n := (x.BitLen() + 8) / 8
	mod := new(big.Int).Lsh(big.NewInt(1), uint(8*n))
	b := new(big.Int).Add(mod, x).FillBytes(make([]byte, n))
	if len(b) > 1 && b[0] == 0xff && b[1]&0x80 != 0 {
		b = b[1:]
	}
	return b
}

// ParseHex reads a hex number as Cognito and AWS's client write them: an
// optional leading '-', then at least one hex digit, any case.
func ParseHex(s string) (*big.Int, error) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" {
		return nil, errors.New("srp: empty hex number")
	}
	for _, c := range digits {
		if !isHexDigit(c) {
			return nil, fmt.Errorf("srp: invalid hex digit %q", c)
		}
	}
	n, ok := new(big.Int).SetString(digits, 16)
	if !ok {
		return nil, errors.New("srp: invalid hex number")
	}
	if len(digits) != len(s) {
		n.Neg(n)
	}
	return n, nil
}

func isHexDigit(c rune) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// SignedHex renders b as Java's new BigInteger(b).toString(16) does, which
// is how Cognito sends SALT: bytes with the top bit set read as negative.
func SignedHex(b []byte) string {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return n.Text(16)
}
