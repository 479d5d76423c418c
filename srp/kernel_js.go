//go:build js && wasm

package srp

import (
	_ "embed"
	"sync"
	"syscall/js"
)

// SRP's exponentiations run on montkernel.wasm, Montgomery arithmetic in
// WebAssembly's SIMD instructions (gen_kernel.go), where the host can
// compile it. Go's compiler emits no SIMD, and one of the kernel's
// i64x2.extmul instructions multiplies two pairs of limbs where Go's code
// multiplies one pair; BenchmarkSquarings500 and
// BenchmarkMultiplications500 time both (make bench reports the squaring
// in docs/PERFORMANCE.md). Numbers live in the kernel's slots; an
// exponentiation is recorded as a program of slot operations and run in
// one call, not one call through JavaScript per multiplication. Without
// WebAssembly SIMD (browsers before 2021–2023), or where compiling fails,
// mont.go's Go runs instead. (Chromium before 114 refused to compile
// modules over 4 KB synchronously on a page's main thread; TestKernelSize
// keeps montkernel.wasm within that.)

//go:embed montkernel.wasm
var kernelWasm []byte

// Op codes, as gen_kernel.go defines them.
const (
	kernelMul  = 0
	kernelSqr  = 1
	kernelCopy = 2
)

// Slots that hold constants.
const (
	slotN         = 0 // the kernel reads N from here
	slotOne       = 1 // R mod N
	slotG         = 2 // g = 2, in Montgomery form
	slotsReserved = 3
)

// kernel is an instance of the kernel; its layout is read from the
// globals it exports.
type kernel struct {
	mu                  sync.Mutex
	mem, run            js.Value // the memory as a Uint8Array; run(ops)
	program, programOps int      // where ops go, and how many fit
	slotsAt, slotStride int      // slot s starts at slotsAt + slotStride·s
	slotCount           int
	ops                 []byte // ops recorded and not yet run
	next, kept          int    // the next free slot; slots below kept outlive a call
	gComb               []int  // comb.go's table for g, once built
}

var (
	kernelOnce sync.Once
	theKernel  *kernel // nil where the kernel cannot run
)

// getKernel compiles the kernel on first use.
func getKernel() *kernel {
	kernelOnce.Do(func() { theKernel = newKernel() })
	return theKernel
}

func newKernel() (k *kernel) {
	defer func() {
		if recover() != nil { // compiling or instantiating threw
			k = nil
		}
	}()
	wasm := js.Global().Get("WebAssembly")
	if wasm.Type() != js.TypeObject {
		return nil
	}
	code := js.Global().Get("Uint8Array").New(len(kernelWasm))
	js.CopyBytesToJS(code, kernelWasm)
	if !wasm.Call("validate", code).Bool() { // no SIMD
		return nil
	}
	exports := wasm.Get("Instance").New(wasm.Get("Module").New(code)).Get("exports")
	global := func(name string) int { return exports.Get(name).Get("value").Int() }
	k = &kernel{
		mem:        js.Global().Get("Uint8Array").New(exports.Get("memory").Get("buffer")),
		run:        exports.Get("run"),
		program:    global("program"),
		programOps: global("programOps"),
		slotsAt:    global("slots"),
		slotStride: global("slotStride"),
		slotCount:  global("slotCount"),
		next:       slotsReserved,
		kept:       slotsReserved,
	}
	k.put(slotN, &nElem)
	k.put(slotOne, &rModN)
	k.put(slotG, toMont(elem{2}))
	return k
}

// put copies x into slot s.
func (k *kernel) put(s int, x *elem) {
	var b [4 * limbs]byte
	for i, w := range x { // little-endian, as WebAssembly reads memory
		b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(w), byte(w>>8), byte(w>>16), byte(w>>24)
	}
	js.CopyBytesToJS(k.limbs(s), b[:])
}

// get runs what is recorded and copies slot s out.
func (k *kernel) get(s int) *elem {
	k.flush()
	var b [4 * limbs]byte
	js.CopyBytesToGo(b[:], k.limbs(s))
	x := new(elem)
	for i := range x {
		x[i] = uint64(b[4*i]) | uint64(b[4*i+1])<<8 | uint64(b[4*i+2])<<16 | uint64(b[4*i+3])<<24
	}
	return x
}

func (k *kernel) limbs(s int) js.Value {
	at := k.slotsAt + k.slotStride*s + 4 // limb 0, after the slot's zero limb
	return k.mem.Call("subarray", at, at+4*limbs)
}

func (k *kernel) record(code, z, x, y int) {
	if len(k.ops) == 8*k.programOps {
		k.flush()
	}
	for _, v := range [4]int{code, z, x, y} {
		k.ops = append(k.ops, byte(v), byte(v>>8))
	}
}

// flush runs the recorded ops.
func (k *kernel) flush() {
	if len(k.ops) == 0 {
		return
	}
	js.CopyBytesToJS(k.mem.Call("subarray", k.program, k.program+len(k.ops)), k.ops)
	k.run.Invoke(len(k.ops) / 8)
	k.ops = k.ops[:0]
}

func (k *kernel) newSlot() int {
	if k.next == k.slotCount {
		panic("srp: kernel out of slots") // the exponentiations here need under 300
	}
	k.next++
	return k.next - 1
}

func (k *kernel) arith() arith[int] {
	return arith[int]{
		newE: k.newSlot,
		one:  func(z int) { k.record(kernelCopy, z, slotOne, 0) },
		set:  func(z, x int) { k.record(kernelCopy, z, x, 0) },
		mul:  func(z, x, y int) { k.record(kernelMul, z, x, y) },
		sqr:  func(z, x int) { k.record(kernelSqr, z, x, 0) },
	}
}

// kernelExp is b^e in Montgomery form, or false where the kernel cannot run.
func kernelExp(b *elem, e []byte) (*elem, bool) {
	return withKernel(func(k *kernel) *elem {
		base := k.newSlot()
		k.put(base, b)
		return k.get(windowExp(k.arith(), base, e))
	})
}

// kernelExpG is g^e for e < 2^combBits from a comb table in the kernel's
// slots, built on first use.
func kernelExpG(e []byte) (*elem, bool) {
	return withKernel(func(k *kernel) *elem {
		a := k.arith()
		if k.gComb == nil {
			t := buildComb(slotG, k.newSlot, a.mul, a.sqr)
			k.flush()
			k.gComb, k.kept = t, k.next
		}
		z := k.newSlot()
		a.one(z)
		return k.get(combExp(k.gComb, e, z, a.mul, a.sqr))
	})
}

// withKernel runs f on the kernel, holding it, and frees the slots f took.
// If f panics (the host threw: a trap, memory exhausted), the kernel is
// dropped for good, since its slots and recorded ops may be half done, and
// the caller computes in Go.
func withKernel(f func(*kernel) *elem) (z *elem, ok bool) {
	k := getKernel()
	if k == nil {
		return nil, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	defer func() {
		k.next = k.kept
		if recover() != nil {
			k.ops = k.ops[:0]
			theKernel = nil
			z, ok = nil, false
		}
	}()
	return f(k), true
}
