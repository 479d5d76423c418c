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
	// The single powers, base^(2^(step·i)), in order: i = tables·j + h.
	step, n := combCols/tables, combRows*tables
	cur := base
	for i := range n {
		t[i%tables<<combRows|1<<(i/tables)] = cur
		if i < n-1 {
			next := newE()
			sqr(next, cur)
			for range step - 1 {
				sqr(next, next)
			}
			cur = next
		}
	}
	const mask = 1<<combRows - 1
	for s := range t {
		if r := s & mask; r&(r-1) != 0 { // two bits or more
			low := r & -r
			t[s] = newE()
			mul(t[s], t[s&^low], t[s&^mask|low])
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
