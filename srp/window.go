package srp

// arith is one backend's arithmetic mod N on numbers of type E: mont.go's
// Go, or the SIMD kernel's slots (kernel_js.go). mul and sqr must allow z
// to alias x or y.
type arith[E any] struct {
	newE func() E
	one  func(z E) // z = 1
	set  func(z, x E)
	mul  func(z, x, y E)
	sqr  func(z, x E)
}

// windowExp is b^e by left-to-right sliding windows of five bits: for SRP's
// 256- to 512-bit exponents that is one squaring per bit and a
// multiplication per six bits or so.
func windowExp[E any](a arith[E], b E, e []byte) E {
	const window = 5
	// odd[i] = b^(2i+1)
	var odd [1 << (window - 1)]E
	odd[0] = b
	b2 := a.newE()
	a.sqr(b2, b)
	for i := 1; i < len(odd); i++ {
		odd[i] = a.newE()
		a.mul(odd[i], odd[i-1], b2)
	}
	z := a.newE()
	a.one(z)
	started := false
	for i := bitLen(e) - 1; i >= 0; {
		if bitAt(e, i) == 0 {
			if started {
				a.sqr(z, z)
			}
			i--
			continue
		}
		// The longest window [i, lo] of at most five bits ending in a 1.
		lo := max(i-window+1, 0)
		for bitAt(e, lo) == 0 {
			lo++
		}
		var w uint
		for j := i; j >= lo; j-- {
			if started {
				a.sqr(z, z)
			}
			w = w<<1 | bitAt(e, j)
		}
		if started {
			a.mul(z, z, odd[w>>1])
		} else {
			a.set(z, odd[w>>1])
			started = true
		}
		i = lo - 1
	}
	return z
}
