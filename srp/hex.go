package srp

import (
	"encoding/hex"
	"errors"
	"strconv"
)

// Numbers travel as hex text (SRP_A, SRP_B, SALT) and are hashed as bytes;
// this file converts between the two the way Cognito and AWS's client do,
// on bytes alone, so that the wasm module need not link math/big (see
// num_mont.go), which would add to its bytes (make size holds them to a
// budget).

// signedNum is a number read from hex: a sign and the magnitude, big-endian
// without leading zero bytes (empty for zero).
type signedNum struct {
	neg bool
	mag []byte
}

// parseHex reads a hex number as Cognito and AWS's client write them: an
// optional leading '-', then at least one hex digit, any case.
func parseHex(s string) (signedNum, error) {
	digits := s
	neg := len(digits) > 0 && digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	if digits == "" {
		return signedNum{}, errors.New("srp: empty hex number")
	}
	for _, c := range digits {
		if !isHexDigit(c) {
			return signedNum{}, errors.New("srp: invalid hex digit " + strconv.QuoteRune(c))
		}
	}
	mag := trimLeadingZeros(decodeHexDigits(digits))
	return signedNum{neg: neg && len(mag) > 0, mag: mag}, nil
}

// decodeHexDigits is big-endian bytes from hex digits already checked.
// (encoding/hex's decoder would bring fmt into the wasm module, for its
// error type.)
func decodeHexDigits(digits string) []byte {
	b := make([]byte, (len(digits)+1)/2)
	for i := range len(digits) {
		// Digit i from the right fills the low or high nibble of its byte.
		d := digits[len(digits)-1-i]
		b[len(b)-1-i/2] |= hexValue(d) << (4 * (i % 2))
	}
	return b
}

func hexValue(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

func isHexDigit(c rune) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func trimLeadingZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// padded is the number as Cognito hashes it (AWS's client's padHex): the
// minimal big-endian two's-complement encoding. A non-negative number whose
// top bit is set gains a 0x00 byte; a negative one (Cognito sends negative
// SALT values) is the shortest two's complement that still reads negative.
func (n signedNum) padded() []byte {
	if !n.neg {
		return padNonNegative(n.mag)
	}
	// 2^(8k) - |n| in k bytes, for the k that leaves room for the sign bit.
	bits := 8*len(n.mag) - leadingZeroBits(n.mag[0])
	k := (bits + 8) / 8
	b := negate(append(make([]byte, k-len(n.mag)), n.mag...))
	if len(b) > 1 && b[0] == 0xff && b[1]&0x80 != 0 {
		b = b[1:]
	}
	return b
}

// padNonNegative is padded for a non-negative magnitude.
func padNonNegative(mag []byte) []byte {
	mag = trimLeadingZeros(mag)
	if len(mag) == 0 || mag[0]&0x80 != 0 {
		return append([]byte{0}, mag...)
	}
	return mag
}

func leadingZeroBits(b byte) int {
	n := 0
	for mask := byte(0x80); mask != 0 && b&mask == 0; mask >>= 1 {
		n++
	}
	return n
}

// negate returns the two's complement of b in len(b) bytes: 2^(8·len) - b.
func negate(b []byte) []byte {
	out := make([]byte, len(b))
	carry := 1
	for i := len(b) - 1; i >= 0; i-- {
		v := int(^b[i]) + carry
		out[i] = byte(v)
		carry = v >> 8
	}
	return out
}

// hexText is a magnitude as lowercase hex without leading zeros ("0" for
// zero), as AWS's client writes SRP_A.
func hexText(mag []byte) string {
	s := hex.EncodeToString(trimLeadingZeros(mag))
	if len(s) > 0 && s[0] == '0' {
		s = s[1:]
	}
	if s == "" {
		return "0"
	}
	return s
}

// SignedHex renders b as Java's new BigInteger(b).toString(16) does, which
// is how Cognito sends SALT: bytes with the top bit set read as negative.
func SignedHex(b []byte) string {
	if len(b) > 0 && b[0]&0x80 != 0 {
		return "-" + hexText(negate(b))
	}
	return hexText(b)
}
