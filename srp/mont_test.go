package srp

import (
	"crypto/rand"
	"math/big"
	"testing"
)

// The Montgomery arithmetic is what js/wasm runs; natively expN and expG use
// math/big, so these tests call the Montgomery path directly and hold it to
// math/big's answers.

func randBelow(t testing.TB, max *big.Int) *big.Int {
	t.Helper()
	x, err := rand.Int(rand.Reader, max)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// edgeValues are inputs where carries and the final subtraction misbehave
// if anything does.
func edgeValues() []*big.Int {
	nMinus := func(d int64) *big.Int { return new(big.Int).Sub(N, big.NewInt(d)) }
	allOnesLow := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 3000), big.NewInt(1))
	return []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), nMinus(1), nMinus(2), allOnesLow,
		new(big.Int).Rsh(N, 1), new(big.Int).Lsh(big.NewInt(1), 3071)}
}

func TestMontMulMatchesMathBig(t *testing.T) {
	R := new(big.Int).Lsh(big.NewInt(1), limbs*limbBits)
	rInv := new(big.Int).ModInverse(R, N)
	twoN := new(big.Int).Lsh(N, 1)
	values := edgeValues()
	// montMul takes operands up to 2N, as it leaves them.
	values = append(values, new(big.Int).Sub(twoN, big.NewInt(1)), new(big.Int).Add(N, big.NewInt(1)))
	for range 200 {
		values = append(values, randBelow(t, twoN))
	}
	check := func(what string, z *elem, x, y, want *big.Int) {
		t.Helper()
		got := z.int()
		if got.Cmp(twoN) >= 0 || new(big.Int).Mod(got, N).Cmp(want) != 0 {
			t.Fatalf("%s(%x, %x) = %x, want %x (mod N, below 2N)", what, x, y, got, want)
		}
		for i, w := range z {
			if w > limbMask {
				t.Fatalf("%s left limb %d unnormalized: %x", what, i, w)
			}
		}
	}
	for i, x := range values {
		y := values[(i*7+3)%len(values)]
		want := new(big.Int).Mul(x, y)
		want.Mul(want, rInv).Mod(want, N)
		ex, ey := elemFromInt(x), elemFromInt(y)
		var z elem
		montMul(&z, &ex, &ey)
		check("montMul", &z, x, y, want)
		montMul(&ex, &ex, &ey) // z may alias its operands
		check("aliased montMul", &ex, x, y, want)
	}
}

func TestElemRoundTrip(t *testing.T) {
	values := append(edgeValues(), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), limbs*limbBits), big.NewInt(1)))
	for range 100 {
		values = append(values, randBelow(t, N))
	}
	for _, x := range values {
		e := elemFromInt(x)
		if got := e.int(); got.Cmp(x) != 0 {
			t.Fatalf("elemFromInt(%x).int() = %x", x, got)
		}
	}
}

func TestMontExpMatchesMathBig(t *testing.T) {
	exponents := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(31), big.NewInt(32),
		new(big.Int).Lsh(big.NewInt(1), 255), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)),
		new(big.Int).Sub(N, big.NewInt(1))}
	for _, bits := range []int64{8, 64, 255, 256, 257, 512, 1024} {
		exponents = append(exponents, randBelow(t, new(big.Int).Lsh(big.NewInt(1), uint(bits))))
	}
	bases := append(edgeValues(), randBelow(t, N), new(big.Int).Add(N, big.NewInt(5)), big.NewInt(-7))
	for _, e := range exponents {
		for _, b := range bases {
			want := new(big.Int).Exp(new(big.Int).Mod(b, N), e, N)
			if got := expNMont(b, e); got.Cmp(want) != 0 {
				t.Fatalf("expNMont(%x, %x) = %x, want %x", b, e, got, want)
			}
		}
		want := new(big.Int).Exp(g, e, N)
		if got := expGMont(e); got.Cmp(want) != 0 {
			t.Fatalf("expGMont(%x) = %x, want %x", e, got, want)
		}
	}
}

// The comb reads 8 rows of 32 bits; a bit in each position must count.
func TestExpGEveryBit(t *testing.T) {
	for i := range 256 {
		e := new(big.Int).Lsh(big.NewInt(1), uint(i))
		e.Add(e, big.NewInt(int64(i)))
		want := new(big.Int).Exp(g, e, N)
		if got := expGMont(e); got.Cmp(want) != 0 {
			t.Fatalf("expGMont(2^%d+%d) is wrong", i, i)
		}
		if got := expG(e); got.Cmp(want) != 0 { // math/big's comb natively
			t.Fatalf("expG(2^%d+%d) is wrong", i, i)
		}
	}
}

func BenchmarkMontMul(b *testing.B) {
	x, y := elemFromInt(randBelow(b, N)), elemFromInt(randBelow(b, N))
	for b.Loop() {
		montMul(&x, &x, &y)
	}
}

// BenchmarkModExp3072Mont is BenchmarkModExp3072 on the Montgomery path
// (what js/wasm runs).
func BenchmarkModExp3072Mont(b *testing.B) {
	v, _ := benchVector(b, 64)
	base := mustParseHex(b, v.B)
	exp := new(big.Int).Lsh(big.NewInt(1), 511)
	exp.Sub(exp, big.NewInt(12345))
	for b.Loop() {
		expNMont(base, exp)
	}
}

func BenchmarkExpGMont(b *testing.B) {
	e := randBelow(b, new(big.Int).Lsh(big.NewInt(1), 256))
	expGMont(e)
	for b.Loop() {
		expGMont(e)
	}
}
