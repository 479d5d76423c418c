package srp

import (
	"math/big"
	"runtime"
	"sync"
)

// Arithmetic modulo N in Montgomery form, shaped for WebAssembly.
//
// WebAssembly multiplies 64-bit integers but has no 64×64→128-bit product,
// so math/big's 64-bit words each cost four multiplications and a tangle of
// carries there, and math/big's loops run slowly in Go's wasm code. This file
// uses 32-bit limbs whose products fit a uint64, in a Montgomery
// multiplication with its loops written out (montmul_gen.go). Natively,
// math/big's assembly is faster, so there the exponentiations below are
// math/big's own (useMont).

//go:generate go run gen_montmul.go

// useMont is true where this file's arithmetic beats math/big's.
const useMont = runtime.GOARCH == "wasm"

const (
	limbs  = 96 // 3072 bits / 32
	mask32 = 1<<32 - 1
)

// elem is a number in [0, N) as little-endian 32-bit limbs. Held in
// Montgomery form, it stands for x·R⁻¹ mod N, R = 2^3072.
type elem [limbs]uint32

var (
	nElem = elemFromInt(N)
	// rSquared is R² mod N: montMul by it enters Montgomery form.
	rSquared = elemFromInt(new(big.Int).Exp(big.NewInt(2), big.NewInt(2*32*limbs), N))
	plainOne = elem{1}
)

func elemFromInt(x *big.Int) (e elem) {
	var buf [4 * limbs]byte
	x.FillBytes(buf[:])
	for i := range e {
		o := len(buf) - 4*(i+1)
		e[i] = uint32(buf[o])<<24 | uint32(buf[o+1])<<16 | uint32(buf[o+2])<<8 | uint32(buf[o+3])
	}
	return e
}

func (e *elem) int() *big.Int {
	var buf [4 * limbs]byte
	for i, w := range e {
		o := len(buf) - 4*(i+1)
		buf[o], buf[o+1], buf[o+2], buf[o+3] = byte(w>>24), byte(w>>16), byte(w>>8), byte(w)
	}
	return new(big.Int).SetBytes(buf[:])
}

// toMont returns x (reduced mod N first) in Montgomery form.
func toMont(x *big.Int) *elem {
	if x.Sign() < 0 || x.Cmp(N) >= 0 {
		x = new(big.Int).Mod(x, N)
	}
	e := elemFromInt(x)
	montMul(&e, &e, &rSquared)
	return &e
}

// fromMont leaves Montgomery form.
func fromMont(e *elem) *big.Int {
	var z elem
	montMul(&z, e, &plainOne)
	return z.int()
}

// reduceOnce sets z to t, or t - N when t ≥ N; t < 2N as montMul leaves it
// (its limbs below index limbs hold 32 bits, t[limbs] the overflow bit).
func reduceOnce(z *elem, t *[limbs + 2]uint64) {
	var d elem
	var borrow uint64
	for j := range d {
		v := t[j] - uint64(nElem[j]) - borrow
		d[j] = uint32(v)
		borrow = v >> 63
	}
	if t[limbs] == 0 && borrow == 1 { // t < N
		for j := range z {
			z[j] = uint32(t[j])
		}
		return
	}
	*z = d
}

// expN returns base^e mod N for e ≥ 0.
func expN(base, e *big.Int) *big.Int {
	if !useMont {
		return new(big.Int).Exp(base, e, N)
	}
	return expNMont(base, e)
}

func expNMont(base, e *big.Int) *big.Int {
	return fromMont(montExp(toMont(base), e))
}

// montExp is left-to-right sliding-window exponentiation with a window of
// five bits: for SRP's 256- to 512-bit exponents that is one squaring per
// bit and a multiplication per six bits or so.
func montExp(b *elem, e *big.Int) *elem {
	const window = 5
	// odd[i] = b^(2i+1)
	var odd [1 << (window - 1)]elem
	odd[0] = *b
	var b2 elem
	montMul(&b2, b, b)
	for i := 1; i < len(odd); i++ {
		montMul(&odd[i], &odd[i-1], &b2)
	}
	z := montOne()
	started := false
	for i := e.BitLen() - 1; i >= 0; {
		if e.Bit(i) == 0 {
			if started {
				montMul(z, z, z)
			}
			i--
			continue
		}
		// The longest window [i, lo] of at most five bits ending in a 1.
		lo := max(i-window+1, 0)
		for e.Bit(lo) == 0 {
			lo++
		}
		var w uint
		for j := i; j >= lo; j-- {
			if started {
				montMul(z, z, z)
			}
			w = w<<1 | e.Bit(j)
		}
		if started {
			montMul(z, z, &odd[w>>1])
		} else {
			*z = odd[w>>1]
			started = true
		}
		i = lo - 1
	}
	return z
}

// montOne returns 1 in Montgomery form (R mod N).
func montOne() *elem {
	return toMont(big.NewInt(1))
}

// expG returns g^e mod N for e ≥ 0: from a comb table (comb.go) for the
// 256-bit exponents SRP uses, else by plain exponentiation.
func expG(e *big.Int) *big.Int {
	if useMont {
		return expGMont(e)
	}
	if e.BitLen() > combBits {
		return new(big.Int).Exp(g, e, N)
	}
	bigCombOnce.Do(func() {
		bigComb = buildComb(new(big.Int).Set(g), func() *big.Int { return new(big.Int) }, mulModN)
	})
	return combExp(bigComb, e, big.NewInt(1), mulModN)
}

// mulModN is z = x·y mod N with math/big: natively, a multiplication and
// a division beat math/big's Exp per step once the squarings are gone.
func mulModN(z, x, y *big.Int) {
	z.Mul(x, y)
	z.Mod(z, N)
}

func expGMont(e *big.Int) *big.Int {
	if e.BitLen() > combBits {
		return fromMont(montExp(toMont(g), e))
	}
	montCombOnce.Do(func() {
		montComb = buildComb(toMont(g), func() *elem { return new(elem) }, montMul)
	})
	return fromMont(combExp(montComb, e, montOne(), montMul))
}

var (
	bigCombOnce, montCombOnce sync.Once
	bigComb                   []*big.Int
	montComb                  []*elem
)
