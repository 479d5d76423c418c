//go:build js && wasm

package srp

import (
	"math/big"
	"testing"
)

// In a JavaScript host with WebAssembly SIMD (Node, Chromium) the kernel
// must run: a silent fallback to Go would pass every other test.
func TestKernelRuns(t *testing.T) {
	if getKernel() == nil {
		t.Fatal("the SIMD kernel did not compile")
	}
}

// The kernel's exponentiations agree with mont.go's (which mont_test.go
// holds to math/big) and stay below 2N, for bases up to 2N (what
// Montgomery form holds) and exponents of SRP's sizes and edge cases.
func TestKernelExp(t *testing.T) {
	if _, ok := kernelExpG([]byte{1}); !ok { // so that the comb's slots are taken
		t.Fatal("kernelExpG did not run")
	}
	twoN := new(big.Int).Lsh(N, 1)
	exps := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(31), big.NewInt(32)}
	for _, bits := range []uint{256, 512, 1024, 1280} {
		max := new(big.Int).Lsh(big.NewInt(1), bits)
		exps = append(exps, new(big.Int).Sub(max, big.NewInt(1)), randBelow(t, max), randBelow(t, max))
	}
	bases := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(N, big.NewInt(1)), new(big.Int).Sub(twoN, big.NewInt(1))}
	for range 8 {
		bases = append(bases, randBelow(t, twoN))
	}
	for _, e := range exps {
		for _, b := range bases {
			x := elemOf(b) // below 2N: a Montgomery-form value as montMul leaves them
			got, ok := kernelExp(&x, e.Bytes())
			if !ok {
				t.Fatal("kernelExp did not run")
			}
			if want := montExp(&x, e.Bytes()); montValue(got).Cmp(montValue(want)) != 0 {
				t.Fatalf("kernelExp(%x, %x) differs from montExp", b, e)
			}
			if elemInt(got).Cmp(twoN) >= 0 {
				t.Fatalf("kernelExp(%x, %x) is not below 2N", b, e)
			}
		}
	}
}

func TestKernelExpG(t *testing.T) {
	for i := range 300 {
		var e *big.Int
		if i < 256 {
			e = new(big.Int).Lsh(big.NewInt(1), uint(i)) // each bit of the comb
		} else {
			e = randBelow(t, new(big.Int).Lsh(big.NewInt(1), combBits))
		}
		got, ok := kernelExpG(e.Bytes())
		if !ok {
			t.Fatal("kernelExpG did not run")
		}
		if want := new(big.Int).Exp(big.NewInt(2), e, N); montValue(got).Cmp(want) != 0 {
			t.Fatalf("kernelExpG(%x) is wrong", e)
		}
		if elemInt(got).Cmp(new(big.Int).Lsh(N, 1)) >= 0 {
			t.Fatalf("kernelExpG(%x) is not below 2N", e)
		}
	}
}

// A kernel that does not validate, or that the host refuses to
// instantiate, or that lacks what kernel_js.go reads, is no kernel.
func TestKernelBroken(t *testing.T) {
	saved := kernelWasm
	defer func() { kernelWasm = saved }()
	// A valid module that imports a function: Instance throws a TypeError.
	importing := []byte{0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 7, 1, 1, 'e', 1, 'f', 0, 0}
	for _, bad := range [][]byte{nil, saved[:8], saved[:20], saved[:len(saved)-1], importing} {
		kernelWasm = bad
		if newKernel() != nil {
			t.Errorf("a kernel of %d bytes was taken", len(bad))
		}
	}
}

// A kernel that throws mid-call is dropped, and the call computes in Go.
func TestKernelThrows(t *testing.T) {
	k := getKernel()
	defer func() { theKernel = k }()
	k.record(7, 0, 0, 0) // no such op: the kernel traps when it runs
	x := elemOf(randBelow(t, N))
	e := big.NewInt(65537)
	if _, ok := kernelExp(&x, e.Bytes()); ok {
		t.Fatal("kernelExp survived a trap")
	}
	if theKernel != nil || len(k.ops) != 0 {
		t.Fatal("the kernel was kept after a trap, or its ops were")
	}
	got := expModN(modN{&x}, e.Bytes())
	if want := new(big.Int).Exp(montValue(&x), e, N); intOf(got.canonicalBytes()).Cmp(want) != 0 {
		t.Fatal("expModN after a trap is wrong")
	}
}

// Where the kernel cannot run, expModN and expGModN fall back to Go.
func TestKernelAbsent(t *testing.T) {
	k := getKernel()
	theKernel = nil
	defer func() { theKernel = k }()
	b, e := randBelow(t, N), randBelow(t, new(big.Int).Lsh(big.NewInt(1), 512))
	if got, want := intOf(expModN(modNFromBytes(b.Bytes()), e.Bytes()).canonicalBytes()), new(big.Int).Exp(b, e, N); got.Cmp(want) != 0 {
		t.Fatal("expModN without the kernel is wrong")
	}
	e = randBelow(t, new(big.Int).Lsh(big.NewInt(1), combBits))
	if got, want := intOf(expGModN(e.Bytes()).canonicalBytes()), new(big.Int).Exp(big.NewInt(2), e, N); got.Cmp(want) != 0 {
		t.Fatal("expGModN without the kernel is wrong")
	}
}

// BenchmarkKernelExp and BenchmarkModExp3072Mont run the same exponent.
func BenchmarkKernelExp(b *testing.B) {
	base, e := modExpInput(b)
	for b.Loop() {
		kernelExp(base, e)
	}
}

func BenchmarkKernelExpG(b *testing.B) {
	e := randBelow(b, new(big.Int).Lsh(big.NewInt(1), 256)).Bytes()
	kernelExpG(e)
	for b.Loop() {
		kernelExpG(e)
	}
}

// BenchmarkSquarings500 is 500 squarings mod N in a row, on the kernel
// and on mont.go's Go: the step that is five in six of an exponentiation.
// make bench reports both per squaring.
func BenchmarkSquarings500(b *testing.B) {
	x := elemOf(randBelow(b, N))
	b.Run("kernel", func(b *testing.B) {
		k := getKernel()
		k.mu.Lock()
		defer k.mu.Unlock()
		defer func() { k.next = k.kept }()
		s := k.newSlot()
		k.put(s, &x)
		for b.Loop() {
			for range 500 {
				k.record(kernelSqr, s, s, 0)
			}
			k.flush()
		}
	})
	b.Run("go", func(b *testing.B) {
		z := x
		for b.Loop() {
			for range 500 {
				montSqr(&z, &z)
			}
		}
	})
}

// BenchmarkMultiplications500 is BenchmarkSquarings500 for multiplications:
// 500 in a row (z = z·y), on the kernel and on mont.go's Go. It measures
// the choices gen_kernel.go's mulFunc makes.
func BenchmarkMultiplications500(b *testing.B) {
	x, y := elemOf(randBelow(b, N)), elemOf(randBelow(b, N))
	b.Run("kernel", func(b *testing.B) {
		k := getKernel()
		k.mu.Lock()
		defer k.mu.Unlock()
		defer func() { k.next = k.kept }()
		s, t := k.newSlot(), k.newSlot()
		k.put(s, &x)
		k.put(t, &y)
		for b.Loop() {
			for range 500 {
				k.record(kernelMul, s, s, t)
			}
			k.flush()
		}
	})
	b.Run("go", func(b *testing.B) {
		z := x
		for b.Loop() {
			for range 500 {
				montMul(&z, &z, &y)
			}
		}
	})
}
