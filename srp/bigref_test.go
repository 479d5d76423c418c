package srp

import "math/big"

// Test helpers on math/big, which the package itself no longer imports (to
// keep it out of the wasm module): big.Int views of the byte-level code,
// and the old math/big padding to compare it with.

// N is the group's prime as a big.Int.
var N = new(big.Int).SetBytes(nBytes)

// ParseHex is parseHex as a big.Int, so tests can do arithmetic on it.
func ParseHex(s string) (*big.Int, error) {
	n, err := parseHex(s)
	if err != nil {
		return nil, err
	}
	x := new(big.Int).SetBytes(n.mag)
	if n.neg {
		x.Neg(x)
	}
	return x, nil
}

// Pad is signedNum.padded for a big.Int.
func Pad(x *big.Int) []byte {
	return signedNum{neg: x.Sign() < 0, mag: new(big.Int).Abs(x).Bytes()}.padded()
}

// refPad is how this package padded on math/big, for comparison.
func refPad(x *big.Int) []byte {
	if x.Sign() >= 0 {
		b := x.Bytes()
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	n := (x.BitLen() + 8) / 8
	mod := new(big.Int).Lsh(big.NewInt(1), uint(8*n))
	b := new(big.Int).Add(mod, x).FillBytes(make([]byte, n))
	if len(b) > 1 && b[0] == 0xff && b[1]&0x80 != 0 {
		b = b[1:]
	}
	return b
}

// hashInt is H(parts...) read as a non-negative integer.
func hashInt(parts ...[]byte) *big.Int {
	return new(big.Int).SetBytes(hash(parts...))
}

// intOf reads a big-endian magnitude.
func intOf(b []byte) *big.Int { return new(big.Int).SetBytes(b) }
