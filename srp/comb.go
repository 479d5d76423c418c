package srp

// Fixed-base exponentiation (the Lim–Lee comb), for g and for prepared
// verifiers. A base that does not change gets a table of its powers, which
// turns base^e for e < 2^256 (SRP's a, b, x and u) into 32 squarings and
// at most 32 multiplications instead of 256 squarings and some 50
// multiplications. A table costs about 470 multiplications: for g, a
// client pays it once per page, before its first InitiateAuth, and a
// server once per process; a PreparedVerifier pays it once per verifier.
const (
	combRows = 8
	combCols = 32
	combBits = combRows * combCols
)

// buildComb returns the table whose entry s is the product of
// base^(2^(combCols·j)) over the set bits j of s. mul(z, x, y) sets z = x·y
// mod N and sqr(z, x) sets z = x·x mod N; both must allow z to alias x or y.
func buildComb[E any](base E, newE func() E, mul func(z, x, y E), sqr func(z, x E)) []E {
	t := make([]E, 1<<combRows)
	cur := base
	for j := range combRows {
		t[1<<j] = cur
		if j == combRows-1 {
			break
		}
		next := newE()
		sqr(next, cur)
		for range combCols - 1 {
			sqr(next, next)
		}
		cur = next
	}
	for s := 3; s < len(t); s++ {
		if low := s & -s; low != s {
			t[s] = newE()
			mul(t[s], t[s&^low], t[low])
		}
	}
	return t
}

// combExp returns base^e for e < 2^combBits from buildComb's table; z
// starts as 1 and holds the result.
func combExp[E any](t []E, e []byte, z E, mul func(z, x, y E), sqr func(z, x E)) E {
	for c := combCols - 1; c >= 0; c-- {
		sqr(z, z)
		var s uint
		for j := combRows - 1; j >= 0; j-- {
			s = s<<1 | bitAt(e, combCols*j+c)
		}
		if s != 0 {
			mul(z, z, t[s])
		}
	}
	return z
}
