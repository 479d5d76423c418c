package srp

// Fixed-base exponentiation (the Lim–Lee comb), for g and for prepared
// verifiers. A base that does not change gets a table of its powers, which
// turns base^e for e < 2^256 (SRP's a, b, x and u) into 32 squarings and
// at most 32 multiplications instead of 256 squarings and some 50
// multiplications. A table costs about 470 multiplications: a prepared
// verifier pays it once per verifier.
//
// g, which every sign-in raises to x (on the client's critical path) and
// to a or b, gets a second table for the teeth 16 bits further on: 16
// squarings and at most 32 multiplications a power, for some 250 more
// multiplications once per page or process (the squarings are the same).
const (
	combRows = 8
	combCols = 32
	combBits = combRows * combCols
)

// buildComb returns tables (1 or 2) tables of 2^combRows entries. Entry s
// of table h is the product of base^(2^(combCols·j + h·combCols/2)) over the
// set bits j of s. mul(z, x, y) sets z = x·y mod N and sqr(z, x) sets
// z = x·x mod N; both must allow z to alias x or y.
func buildComb[E any](base E, tables int, newE func() E, mul func(z, x, y E), sqr func(z, x E)) []E {
	t := make([]E, tables<<combRows)
	// squares returns x^(2^n) in a new number.
	squares := func(x E, n int) E {
		z := newE()
		sqr(z, x)
		for range n - 1 {
			sqr(z, z)
		}
		return z
	}
	cur := base
	for j := range combRows {
		t[1<<j] = cur
		half := combCols
		if tables == 2 {
			half = combCols / 2
			t[1<<combRows|1<<j] = squares(cur, half)
			cur = t[1<<combRows|1<<j]
		}
		if j < combRows-1 {
			cur = squares(cur, half)
		}
	}
	for h := range tables {
		tab := t[h<<combRows : (h+1)<<combRows]
		for s := 3; s < len(tab); s++ {
			if low := s & -s; low != s {
				tab[s] = newE()
				mul(tab[s], tab[s&^low], tab[low])
			}
		}
	}
	return t
}

// combExp returns base^e for e < 2^combBits from buildComb's tables; z
// starts as 1 and holds the result.
func combExp[E any](t []E, e []byte, z E, mul func(z, x, y E), sqr func(z, x E)) E {
	tables := len(t) >> combRows
	cols := combCols / tables
	for c := cols - 1; c >= 0; c-- {
		sqr(z, z)
		for h := range tables {
			var s uint
			for j := combRows - 1; j >= 0; j-- {
				s = s<<1 | bitAt(e, combCols*j+h*cols+c)
			}
			if s != 0 {
				mul(z, z, t[h<<combRows|int(s)])
			}
		}
	}
	return z
}
