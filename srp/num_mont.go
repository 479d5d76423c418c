//go:build wasm || srpmont

package srp

// Numbers mod N in WebAssembly: mont.go's arithmetic, which there runs
// faster than math/big (mont.go says why, and which benchmarks show it)
// and keeps math/big (and fmt, which it imports) out of the module.

// modN is a number mod N in Montgomery form, below 2N.
type modN struct{ e *elem }

// kModN is the SRP-6a multiplier k (generated, like N's limbs).
var kModN = modN{&kMont}

func zeroModN() modN { return modN{new(elem)} }

// modNFromBytes reads a big-endian magnitude of any length, reduced mod N.
func modNFromBytes(mag []byte) modN { return modN{montFromBytes(mag)} }

// canonicalBytes is the number, big-endian without leading zeros.
func (x modN) canonicalBytes() []byte {
	z := fromMont(x.e)
	return trimLeadingZeros(z.bytes())
}

func (x modN) isZero() bool { return fromMont(x.e) == elem{} }

func mulModN(x, y modN) modN {
	z := new(elem)
	montMul(z, x.e, y.e)
	return modN{z}
}

func addModN(x, y modN) modN {
	z := new(elem)
	addMont(z, x.e, y.e)
	return modN{z}
}

func subModN(x, y modN) modN {
	z := new(elem)
	subMont(z, x.e, y.e)
	return modN{z}
}

// expModN is x^e mod N for the big-endian exponent e: on the SIMD kernel
// where it runs (kernel_js.go), else in Go.
func expModN(x modN, e []byte) modN {
	if z, ok := kernelExp(x.e, e); ok {
		return modN{z}
	}
	return modN{montExp(x.e, e)}
}

// expGModN is g^e mod N.
func expGModN(e []byte) modN {
	if bitLen(e) > combBits {
		return expModN(modN{toMont(elem{2})}, e)
	}
	if z, ok := kernelExpG(e); ok {
		return modN{z}
	}
	return modN{montExpG(e)}
}

// powTable is comb.go's table of a fixed base's powers.
type powTable []*elem

func newPowTable(base modN) powTable {
	return buildComb(base.e, func() *elem { return new(elem) }, montMul, montSqr)
}

// exp is base^e mod N for e < 2^combBits.
func (t powTable) exp(e []byte) modN {
	z := rModN
	return modN{combExp(t, e, &z, montMul, montSqr)}
}
