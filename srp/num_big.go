//go:build !wasm && !srpmont

package srp

import (
	"math/big"
	"sync"
)

// Numbers mod N natively: math/big, whose assembly beats mont.go's
// arithmetic on real CPUs (build with -tags srpmont to test mont.go's
// path natively).

// modN is a number in [0, N).
type modN struct{ v *big.Int }

var bigN = new(big.Int).SetBytes(nBytes)

// kModN is the SRP-6a multiplier k as a number mod N.
var kModN = modNFromBytes(kBytes)

func zeroModN() modN { return modN{new(big.Int)} }

// modNFromBytes reads a big-endian magnitude of any length, reduced mod N.
func modNFromBytes(mag []byte) modN {
	v := new(big.Int).SetBytes(mag)
	return modN{v.Mod(v, bigN)}
}

// canonicalBytes is the number, big-endian without leading zeros.
func (x modN) canonicalBytes() []byte { return x.v.Bytes() }

func (x modN) isZero() bool { return x.v.Sign() == 0 }

func mulModN(x, y modN) modN {
	z := new(big.Int)
	mulBig(z, x.v, y.v)
	return modN{z}
}

func addModN(x, y modN) modN {
	z := new(big.Int).Add(x.v, y.v)
	return modN{z.Mod(z, bigN)}
}

func subModN(x, y modN) modN {
	z := new(big.Int).Sub(x.v, y.v)
	return modN{z.Mod(z, bigN)} // Mod is Euclidean: never negative
}

// expModN is x^e mod N for the big-endian exponent e.
func expModN(x modN, e []byte) modN {
	return modN{new(big.Int).Exp(x.v, new(big.Int).SetBytes(e), bigN)}
}

// expGModN is g^e mod N: from the comb table (comb.go) for SRP's 256-bit
// exponents; there a multiplication and a division per step beat
// math/big's Exp once the squarings are gone.
func expGModN(e []byte) modN {
	if bitLen(e) > combBits {
		return modN{new(big.Int).Exp(big.NewInt(2), new(big.Int).SetBytes(e), bigN)}
	}
	bigCombOnce.Do(func() { bigComb = newPowTable(modN{big.NewInt(2)}) })
	return bigComb.exp(e)
}

var (
	bigCombOnce sync.Once
	bigComb     powTable
)

// powTable is comb.go's table of a fixed base's powers.
type powTable []*big.Int

func newPowTable(base modN) powTable {
	t := buildComb(base.v, func() *big.Int { return new(big.Int) }, mulBig, sqrBig)
	// Mul leaves each entry a double-length array; a copy keeps 384 bytes
	// of it, which halves what a prepared verifier holds.
	for i, x := range t {
		if x != nil {
			t[i] = new(big.Int).Set(x)
		}
	}
	return t
}

// exp is base^e mod N for e < 2^combBits.
func (t powTable) exp(e []byte) modN {
	return modN{combExp(t, e, big.NewInt(1), mulBig, sqrBig)}
}

func mulBig(z, x, y *big.Int) {
	z.Mul(x, y)
	z.Mod(z, bigN)
}

// sqrBig is mulBig(z, x, x); Mul squares when its operands are the same.
func sqrBig(z, x *big.Int) { mulBig(z, x, x) }
