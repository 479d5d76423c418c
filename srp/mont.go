package srp

import "sync"

// Arithmetic modulo N in Montgomery form, shaped for WebAssembly (see
// num_mont.go, which the wasm build uses).
//
// WebAssembly multiplies 64-bit integers but has no 64×64→128-bit product,
// so each of math/big's 64-bit word products costs four multiplications and
// a tangle of carries there, in loops that Go's wasm code runs slowly. This
// file uses 28-bit limbs, whose 56-bit products add up in a uint64 without
// carrying, in a Montgomery multiplication written out in straight lines
// (montmul_gen.go), which in wasm outruns math/big: BenchmarkModExp3072Mont
// against BenchmarkModExp3072, with GOOS=js GOARCH=wasm. Squarings, five
// in six of an exponentiation's steps, use montSqr, which adds each cross
// product once, doubled: about a fifth fewer multiplications than montMul
// (BenchmarkMontSqr against BenchmarkMontSqrAsMul). Natively math/big's
// assembly is faster (BenchmarkModExp3072 against BenchmarkModExp3072Mont
// natively), so native builds use math/big (num_big.go).

//go:generate go run gen_montmul.go
//go:generate go run gen_kernel.go

const (
	limbs     = 110 // ⌈3072 / 28⌉; R = 2^3080
	limbBits  = 28
	limbMask  = 1<<limbBits - 1
	elemBytes = limbs * limbBits / 8
)

// elem is a number below 2N as little-endian 28-bit limbs. montMul keeps
// its results below 2N rather than N, which saves a comparison per
// multiplication; fromMont reduces fully. In Montgomery form an elem stands
// for x·R⁻¹ mod N.
type elem [limbs]uint64

var plainOne = elem{1}

// elemFromBytes splits a big-endian magnitude of at most elemBytes bytes.
func elemFromBytes(mag []byte) (e elem) {
	var buf [elemBytes + 8]byte // slack for the last limb's 8-byte read
	copy(buf[len(buf)-len(mag):], mag)
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

// bytes joins normalized limbs into elemBytes big-endian bytes.
func (e *elem) bytes() []byte {
	buf := make([]byte, elemBytes)
	for i, w := range e {
		bit := i * limbBits
		for k := 0; bit%8+limbBits > 8*k; k++ {
			if o := len(buf) - 1 - bit/8 - k; o >= 0 {
				buf[o] |= byte(w << (bit % 8) >> (8 * k))
			}
		}
	}
	return buf
}

// toMont enters Montgomery form; e may be anything below R.
func toMont(e elem) *elem {
	montMul(&e, &e, &rSquared)
	return &e
}

// montFromBytes is a big-endian magnitude of any length, reduced mod N, in
// Montgomery form: Horner's rule over 3080-bit chunks.
func montFromBytes(mag []byte) *elem {
	mag = trimLeadingZeros(mag)
	first := len(mag) % elemBytes
	if first == 0 && len(mag) > 0 {
		first = elemBytes
	}
	acc := toMont(elemFromBytes(mag[:first]))
	for rest := mag[first:]; len(rest) > 0; rest = rest[elemBytes:] {
		montMul(acc, acc, &rSquared) // (A·R)·R: the chunks so far, shifted
		addMont(acc, acc, toMont(elemFromBytes(rest[:elemBytes])))
	}
	return acc
}

// fromMont leaves Montgomery form, reduced to [0, N).
func fromMont(x *elem) elem {
	var z elem
	montMul(&z, x, &plainOne) // at most N
	if z == nElem {
		return elem{}
	}
	return z
}

// addMont sets z = x + y, below 2N again.
func addMont(z, x, y *elem) {
	var s elem
	var c uint64
	for i := range s {
		v := x[i] + y[i] + c
		s[i], c = v&limbMask, v>>limbBits
	}
	reduceBelow2N(z, &s)
}

// subMont sets z = x - y mod N (as x + 2N - y), below 2N again.
func subMont(z, x, y *elem) {
	var s elem
	var c int64
	for i := range s {
		v := int64(x[i]) + int64(twoNElem[i]) - int64(y[i]) + c
		s[i], c = uint64(v)&limbMask, v>>limbBits
	}
	reduceBelow2N(z, &s)
}

// reduceBelow2N sets z to s, or s - 2N when s ≥ 2N (s < 4N).
func reduceBelow2N(z, s *elem) {
	var d elem
	var c int64
	for i := range d {
		v := int64(s[i]) - int64(twoNElem[i]) + c
		d[i], c = uint64(v)&limbMask, v>>limbBits
	}
	if c == 0 { // no borrow: s ≥ 2N
		*z = d
	} else {
		*z = *s
	}
}

// montArith is mont.go's arithmetic for the exponentiations in window.go.
var montArith = arith[*elem]{
	newE: func() *elem { return new(elem) },
	one:  func(z *elem) { *z = rModN },
	set:  func(z, x *elem) { *z = *x },
	mul:  montMul,
	sqr:  montSqr,
}

// montExp is b^e in Montgomery form.
func montExp(b *elem, e []byte) *elem { return windowExp(montArith, b, e) }

// montExpG is g^e in Montgomery form: from the comb table (comb.go) for
// SRP's 256-bit exponents.
func montExpG(e []byte) *elem {
	if bitLen(e) > combBits {
		return montExp(toMont(elem{2}), e)
	}
	montCombOnce.Do(func() {
		montComb = buildComb(toMont(elem{2}), func() *elem { return new(elem) }, montMul, montSqr)
	})
	z := rModN
	return combExp(montComb, e, &z, montMul, montSqr)
}

var (
	montCombOnce sync.Once
	montComb     []*elem
)
