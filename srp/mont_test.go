package srp

import (
	"bytes"
	"crypto/rand"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// The Montgomery arithmetic is what js/wasm runs (num_mont.go); natively the
// package uses math/big (num_big.go), so these tests call it directly and
// hold it to math/big's answers. `go test -tags srpmont` runs the whole
// package, known-answer vectors included, on it natively.

func randBelow(t testing.TB, max *big.Int) *big.Int {
	t.Helper()
	x, err := rand.Int(rand.Reader, max)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func elemOf(x *big.Int) elem   { return elemFromBytes(x.Bytes()) }
func elemInt(e *elem) *big.Int { return new(big.Int).SetBytes(e.bytes()) }

// montValue is the plain number a Montgomery-form elem stands for.
func montValue(e *elem) *big.Int {
	z := fromMont(e)
	return elemInt(&z)
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
		got := elemInt(z)
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
		ex, ey := elemOf(x), elemOf(y)
		var z elem
		montMul(&z, &ex, &ey)
		check("montMul", &z, x, y, want)
		montMul(&ex, &ex, &ey) // z may alias its operands
		check("aliased montMul", &ex, x, y, want)

		sq := new(big.Int).Mul(x, x)
		sq.Mul(sq, rInv).Mod(sq, N)
		ex = elemOf(x)
		montSqr(&z, &ex)
		check("montSqr", &z, x, x, sq)
		montMul(&ey, &ex, &ex)
		if z != ey {
			t.Fatalf("montSqr(%x) and montMul(x, x) differ", x)
		}
		montSqr(&ex, &ex)
		check("aliased montSqr", &ex, x, x, sq)
	}
}

func TestElemRoundTrip(t *testing.T) {
	values := append(edgeValues(), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), limbs*limbBits), big.NewInt(1)))
	for range 100 {
		values = append(values, randBelow(t, N))
	}
	for _, x := range values {
		e := elemOf(x)
		if got := elemInt(&e); got.Cmp(x) != 0 {
			t.Fatalf("elemFromBytes(%x).bytes() = %x", x, got)
		}
	}
}

// Entering Montgomery form reduces numbers of any length.
func TestMontFromBytesReduces(t *testing.T) {
	values := append(edgeValues(), N, new(big.Int).Lsh(N, 1), new(big.Int).Lsh(N, 1000),
		new(big.Int).Add(new(big.Int).Lsh(N, 5000), big.NewInt(7)))
	for _, bits := range []uint{3080, 3081, 6160, 6161, 9999} {
		values = append(values, randBelow(t, new(big.Int).Lsh(big.NewInt(1), bits)))
	}
	for _, x := range values {
		want := new(big.Int).Mod(x, N)
		if got := montValue(montFromBytes(x.Bytes())); got.Cmp(want) != 0 {
			t.Fatalf("montFromBytes(%d bits) = %x, want %x", x.BitLen(), got, want)
		}
	}
}

func TestAddSubMont(t *testing.T) {
	values := edgeValues()
	for range 100 {
		values = append(values, randBelow(t, N))
	}
	for i, x := range values {
		y := values[(i*5+1)%len(values)]
		ex, ey := montFromBytes(x.Bytes()), montFromBytes(y.Bytes())
		var sum, diff elem
		addMont(&sum, ex, ey)
		subMont(&diff, ex, ey)
		if got, want := montValue(&sum), new(big.Int).Mod(new(big.Int).Add(x, y), N); got.Cmp(want) != 0 {
			t.Fatalf("addMont(%x, %x) = %x, want %x", x, y, got, want)
		}
		if got, want := montValue(&diff), new(big.Int).Mod(new(big.Int).Sub(x, y), N); got.Cmp(want) != 0 {
			t.Fatalf("subMont(%x, %x) = %x, want %x", x, y, got, want)
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
	bases := append(edgeValues(), randBelow(t, N), new(big.Int).Add(N, big.NewInt(5)))
	for _, e := range exponents {
		for _, b := range bases {
			want := new(big.Int).Exp(new(big.Int).Mod(b, N), e, N)
			if got := montValue(montExp(montFromBytes(b.Bytes()), e.Bytes())); got.Cmp(want) != 0 {
				t.Fatalf("montExp(%x, %x) = %x, want %x", b, e, got, want)
			}
		}
		want := new(big.Int).Exp(big.NewInt(2), e, N)
		if got := montValue(montExpG(e.Bytes())); got.Cmp(want) != 0 {
			t.Fatalf("montExpG(%x) = %x, want %x", e, got, want)
		}
	}
}

// The comb reads 8 rows of 32 bits; a bit in each position must count.
func TestExpGEveryBit(t *testing.T) {
	for i := range 256 {
		e := new(big.Int).Lsh(big.NewInt(1), uint(i))
		e.Add(e, big.NewInt(int64(i)))
		want := new(big.Int).Exp(big.NewInt(2), e, N)
		if got := montValue(montExpG(e.Bytes())); got.Cmp(want) != 0 {
			t.Fatalf("montExpG(2^%d+%d) is wrong", i, i)
		}
		if got := intOf(expGModN(e.Bytes()).canonicalBytes()); got.Cmp(want) != 0 { // this build's backend
			t.Fatalf("expGModN(2^%d+%d) is wrong", i, i)
		}
	}
}

func TestMulAdd(t *testing.T) {
	for range 200 {
		u, x, a := randBelow(t, new(big.Int).Lsh(big.NewInt(1), 256)), randBelow(t, new(big.Int).Lsh(big.NewInt(1), 256)),
			randBelow(t, new(big.Int).Lsh(big.NewInt(1), 1030))
		want := new(big.Int).Add(new(big.Int).Mul(u, x), a)
		if got := intOf(mulAdd(u.Bytes(), x.Bytes(), a.Bytes())); got.Cmp(want) != 0 {
			t.Fatalf("mulAdd(%x, %x, %x) = %x, want %x", u, x, a, got, want)
		}
	}
	if got := mulAdd(nil, []byte{1}, nil); len(got) != 0 {
		t.Fatalf("mulAdd(0, 1, 0) = %x", got)
	}
}

func BenchmarkMontMul(b *testing.B) {
	x, y := elemOf(randBelow(b, N)), elemOf(randBelow(b, N))
	for b.Loop() {
		montMul(&x, &x, &y)
	}
}

func BenchmarkMontSqr(b *testing.B) {
	x := elemOf(randBelow(b, N))
	for b.Loop() {
		montSqr(&x, &x)
	}
}

// BenchmarkMontSqrAsMul is the squaring montExp would do without montSqr.
func BenchmarkMontSqrAsMul(b *testing.B) {
	x := elemOf(randBelow(b, N))
	for b.Loop() {
		montMul(&x, &x, &x)
	}
}

// BenchmarkModExp3072Mont is BenchmarkModExp3072 on the Montgomery path
// (what js/wasm runs).
func BenchmarkModExp3072Mont(b *testing.B) {
	base, e := modExpInput(b)
	for b.Loop() {
		montExp(base, e)
	}
}

// modExpInput is a benchmark vector's SRP_B in Montgomery form and a
// 512-bit exponent, the size of a + u·x.
func modExpInput(b *testing.B) (*elem, []byte) {
	v, _ := benchVector(b, 64)
	exp := new(big.Int).Lsh(big.NewInt(1), 511)
	exp.Sub(exp, big.NewInt(12345))
	return montFromBytes(mustParseHex(b, v.B).Bytes()), exp.Bytes()
}

func BenchmarkExpGMont(b *testing.B) {
	e := randBelow(b, new(big.Int).Lsh(big.NewInt(1), 256)).Bytes()
	montExpG(e)
	for b.Loop() {
		montExpG(e)
	}
}

// The constants gen_montmul.go writes agree with nHex and with Cognito's k
// (the value AWS's client computes from the same N and g).
func TestGeneratedConstants(t *testing.T) {
	n, ok := new(big.Int).SetString(nHex, 16)
	if !ok || n.Cmp(intOf(nBytes)) != 0 || len(nBytes) != 384 {
		t.Fatal("nBytes is not nHex")
	}
	const cognitoK = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
	if got := hexText(kBytes); got != cognitoK {
		t.Errorf("kBytes = %s, want %s", got, cognitoK)
	}
	if !bytes.Equal(kBytes, hash(padNonNegative(nBytes), padNonNegative([]byte{2}))) {
		t.Error("kBytes is not H(pad(N) | pad(g))")
	}
	r := new(big.Int).Lsh(big.NewInt(1), limbs*limbBits)
	for _, c := range []struct {
		name string
		got  *big.Int
		want *big.Int
	}{
		{"nElem", elemInt(&nElem), n},
		{"twoNElem", elemInt(&twoNElem), new(big.Int).Lsh(n, 1)},
		{"rSquared", elemInt(&rSquared), new(big.Int).Mod(new(big.Int).Mul(r, r), n)},
		{"rModN", elemInt(&rModN), new(big.Int).Mod(r, n)},
		{"kMont (as a plain number)", montValue(&kMont), intOf(kBytes)},
	} {
		if c.got.Cmp(c.want) != 0 {
			t.Errorf("%s is wrong", c.name)
		}
	}
}

// montkernel.wasm stays within the 4,096 bytes Chromium before 114 would
// compile synchronously on a page's main thread (see kernel_js.go).
func TestKernelSize(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("reads the file from disk")
	}
	b, err := os.ReadFile("montkernel.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 4096 {
		t.Errorf("montkernel.wasm is %d bytes, over 4,096", len(b))
	}
}

// The generated files are what their generators write now: nobody edited
// the one or forgot to rerun the other. gen_kernel.go writes the kernel's
// text listing, montkernel.wat, beside the module.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the go command")
	}
	for _, f := range []struct {
		generator string
		files     []string // the first is the generator's -o
	}{
		{"gen_montmul.go", []string{"montmul_gen.go"}},
		{"gen_kernel.go", []string{"montkernel.wasm", "montkernel.wat"}},
	} {
		dir := t.TempDir()
		if msg, err := exec.Command("go", "run", f.generator, "-o", filepath.Join(dir, f.files[0])).CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", f.generator, err, msg)
		}
		for _, file := range f.files {
			want, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from what %s writes: run go generate ./srp/", file, f.generator)
			}
		}
	}
}
