package srp

import (
	"math/big"
	"runtime"
	"sync"
)

// Arithmetic modulo N in Montgomery form, shaped for WebAssembly.
//
// WebAssembly multiplies 64-bit integers but has no 64×64→128-bit product,
// so each of math/big's 64-bit word products costs four multiplications and
// a tangle of carries there, in loops that Go's wasm code runs slowly. This
// file uses 28-bit limbs, whose 56-bit products add up in a uint64 without
// carrying, in a Montgomery multiplication written out in straight lines
// (montmul_gen.go): 3-4× math/big's speed in wasm. Natively math/big's
// assembly is faster, so there the exponentiations are math/big's (useMont).

//go:generate go run gen_montmul.go

// useMont is true where this file's arithmetic beats math/big's.
const useMont = runtime.GOARCH == "wasm"

const (
	limbs    = 110 // ⌈3072 / 28⌉; R = 2^3080
	limbBits = 28
	limbMask = 1<<limbBits - 1
	elemLen  = limbs * limbBits / 8 // bytes
)

// elem is a number below 2N as little-endian 28-bit limbs. montMul keeps
// its results below 2N rather than N, which saves a comparison per
// multiplication; fromMont reduces fully. In Montgomery form an elem stands
// for x·R⁻¹ mod N.
type elem [limbs]uint64

var (
	// rSquared is R² mod N: montMul by it enters Montgomery form.
	rSquared = elemFromInt(new(big.Int).Exp(big.NewInt(2), big.NewInt(2*limbs*limbBits), N))
	plainOne = elem{1}
)

// elemFromInt splits x (0 ≤ x < 2^3080) into limbs.
func elemFromInt(x *big.Int) (e elem) {
	var buf [elemLen + 8]byte // big-endian, with slack for the last limb's read
	x.FillBytes(buf[8:])
	for i := range e {
		bit := i * limbBits
		end := len(buf) - bit/8 // the limb's low byte is buf[end-1]
		var w uint64
		for k := 1; k <= 8; k++ {
			w |= uint64(buf[end-k]) << (8 * (k - 1))
		}
		e[i] = w >> (bit % 8) & limbMask
	}
	return e
}

// int joins the limbs back into a number.
func (e *elem) int() *big.Int {
	var buf [elemLen]byte
	for i, w := range e {
		bit := i * limbBits
		for k := 0; bit%8+limbBits > 8*k; k++ {
			if o := len(buf) - 1 - bit/8 - k; o >= 0 {
				buf[o] |= byte(w << (bit % 8) >> (8 * k))
			}
		}
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

// fromMont leaves Montgomery form, reduced to [0, N).
func fromMont(e *elem) *big.Int {
	var z elem
	montMul(&z, e, &plainOne)
	x := z.int()
	if x.Cmp(N) >= 0 {
		x.Sub(x, N)
	}
	return x
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
