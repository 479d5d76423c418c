//go:build ignore

// gen_kernel writes montkernel.wasm: Montgomery multiplication and squaring
// modulo N in WebAssembly's 128-bit SIMD instructions, which Go's compiler
// does not emit, and a loop that runs a program of them. kernel_js.go
// compiles it in the browser and runs SRP's exponentiations on it.
//
// Numbers are mont.go's: 110 limbs of 28 bits, R = 2^3080, results below
// 2N. i64x2.extmul_{low,high}_i32x4_u multiplies two pairs of limbs at a
// time into 64-bit lanes, where a column's 220 products of 56 bits add up
// without carrying, as in montmul_gen.go. The kernel relies on N ≡ -1 mod
// 2^28 (true of RFC 3526's primes): a row's reduction factor m is then its
// column's low limb, with no multiplication.
//
//	go generate ./srp/
package main

import (
	"flag"
	"log"
	"os"
)

const (
	limbs    = 110
	limbBits = 28
	limbMask = 1<<limbBits - 1

	// Memory: the column sums, the program, then slots of numbers.
	columnsAt  = 0    // 256 uint64 column sums
	programAt  = 2048 // ops of four uint16: code, z, x, y
	programOps = 1024
	slotsAt    = programAt + 8*programOps
	// A slot is a zero limb, the 110 limbs, and zero limbs up to 120, so
	// that rows may read a vector past either end.
	slotStride = 480
	pages      = 3
	slotCount  = (pages*65536 - slotsAt) / slotStride
	nAt        = slotsAt + 4 // slot 0 holds N, copied in by kernel_js.go
)

// Op codes of a program.
const (
	opMul  = 0 // z = x·y·R⁻¹
	opSqr  = 1 // z = x·x·R⁻¹
	opCopy = 2 // z = x
)

func main() {
	out := flag.String("o", "montkernel.wasm", "where to write (TestGeneratedFilesAreCurrent writes elsewhere)")
	flag.Parse()
	if err := os.WriteFile(*out, module(), 0o644); err != nil {
		log.Fatal(err)
	}
}

// Value types.
const (
	i32  = 0x7F
	i64  = 0x7E
	v128 = 0x7B
)

func module() []byte {
	m := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	m = append(m, section(1, vec( // types
		[]byte{0x60, 3, i32, i32, i32, 0}, // mul(z, x, y)
		[]byte{0x60, 2, i32, i32, 0},      // sqr(z, x)
		[]byte{0x60, 1, i32, 0},           // run(ops)
	))...)
	m = append(m, section(3, vec([]byte{0}, []byte{1}, []byte{2}))...)
	m = append(m, section(5, vec([]byte{1, pages, pages}))...) // memory, fixed size
	global := func(v int) []byte { return append(append([]byte{i32, 0, 0x41}, sleb(int64(v))...), 0x0B) }
	m = append(m, section(6, vec(global(programAt), global(programOps), global(slotsAt), global(slotStride), global(slotCount)))...)
	m = append(m, section(7, vec(
		export("memory", 2, 0),
		export("run", 0, 2),
		export("program", 3, 0),
		export("programOps", 3, 1),
		export("slots", 3, 2),
		export("slotStride", 3, 3),
		export("slotCount", 3, 4),
	))...)
	m = append(m, section(10, vec(mulFunc(), sqrFunc(), runFunc()))...)
	return m
}

// mulFunc is mul(z, x, y), pointers to limb 0 of slots; z may alias x or y.
// Row i adds x_i·y and m·N into the columns from i on, then carries
// column i, which is now a multiple of 2^28, into column i+1.
func mulFunc() []byte {
	const (
		z, x, y     = 0, 1, 2
		i, col      = 3, 4 // i32
		xi, m       = 5, 6 // i64
		xiVec, mVec = 7, 8 // v128
	)
	a := &asm{}
	a.clearColumns()
	a.i32c(0).set(i)
	a.loop(func() {
		a.get(i).i32c(3).op(opI32Shl).i32c(columnsAt).op(opI32Add).set(col)
		a.get(x).get(i).i32c(2).op(opI32Shl).op(opI32Add).load(opI64Load32U, 0).set(xi)
		// m = (column i + x_i·y_0) mod 2^28
		a.get(col).load(opI64Load, 0).get(xi).get(y).load(opI64Load32U, 0).op(opI64Mul).op(opI64Add)
		a.i64c(limbMask).op(opI64And).set(m)
		a.get(xi).op(opI32WrapI64).simd(simdI32x4Splat).set(xiVec)
		a.get(m).op(opI32WrapI64).simd(simdI32x4Splat).set(mVec)
		// Straight-line code, unlike the squaring's reduction: rolled into
		// a loop of 3, 9 or 27 groups a turn it was no faster in Chromium,
		// and the module fits in 4 KB as it is (TestKernelSize).
		// BenchmarkMultiplications500/kernel measures it.
		for g := range 27 {
			a.groupStep(g, col, term{y, 0, xiVec}, nTerm(-1, 0, mVec))
		}
		// Group 27's upper half, limbs 110 and 111, is the slots' zero
		// padding: its products would add only zeros, so it is left out.
		a.halfStep(27, simdExtMulLowU, col, term{y, 0, xiVec}, nTerm(-1, 0, mVec))
		a.carry(col)
		a.next(i, 1, limbs)
	})
	a.carryOut(z, i, xi, m)
	return a.function([]byte{2, i32, 2, i64, 2, v128})
}

// sqrFunc is sqr(z, x), z may alias x. It first squares, adding each
// cross product x_i·x_j (i < j) once as (2·x_i)·x_j, then reduces, both
// two rows a pass: 18,205 products against mul's 24,200. A column's sum
// stays below mul's bound. (Rows that square and reduce in one pass, with
// br_table jumps into unrolled groups, were slower in V8 than these two
// passes of fixed steps. BenchmarkSquarings500/kernel measures the
// squaring; make bench reports it in docs/PERFORMANCE.md.)
func sqrFunc() []byte {
	const (
		z, x              = 0, 1
		i, col, xp, cp, n = 2, 3, 4, 5, 6 // i32
		xi, m             = 7, 8          // i64
		xj                = m             // x_{i+1} while squaring
		vec, vec2         = 9, 10         // v128
	)
	a := &asm{}
	a.clearColumns()
	// Rows i and i+1 a pass: their first three columns, 2i to 2i+2, in
	// scalars, then from column 2i+3 on both rows' products into each
	// vector of columns, which halves the loads and stores of columns.
	a.i32c(0).set(i)
	a.loop(func() {
		a.get(x).get(i).i32c(2).op(opI32Shl).op(opI32Add).set(xp)
		a.get(xp).load(opI64Load32U, 0).set(xi)
		a.get(xp).load(opI64Load32U, 4).set(xj)
		a.get(i).i32c(4).op(opI32Shl).i32c(columnsAt).op(opI32Add).set(col) // column 2i
		a.get(col).get(col).load(opI64Load, 0).get(xi).get(xi).op(opI64Mul).op(opI64Add).store(opI64Store, 0)
		a.get(xi).i64c(1).op(opI64Shl).set(xi) // 2·x_i from here on
		a.get(col).get(col).load(opI64Load, 8).get(xi).get(xj).op(opI64Mul).op(opI64Add).store(opI64Store, 8)
		a.get(col).get(col).load(opI64Load, 16).get(xi).get(xp).load(opI64Load32U, 8).op(opI64Mul).op(opI64Add)
		a.get(xj).get(xj).op(opI64Mul).op(opI64Add).store(opI64Store, 16)
		a.get(xi).op(opI32WrapI64).simd(simdI32x4Splat).set(vec)
		a.get(xj).i64c(1).op(opI64Shl).op(opI32WrapI64).simd(simdI32x4Splat).set(vec2)
		// Columns 2i+3 on, eight at a time: row i's x_{i+3} on (at xp+4),
		// row i+1's x_{i+2} on (at xp); the slot's zero limbs pad the last
		// eight.
		a.get(xp).i32c(8).op(opI32Add).set(xp)
		a.get(col).i32c(24).op(opI32Add).set(cp)
		a.i32c(limbs + 5).get(i).op(opI32Sub).i32c(3).op(opI32ShrU).set(n) // ⌈(108-i)/8⌉
		a.get(n).op(opIf, 0x40)
		a.loop(func() {
			a.groupStep(0, cp, term{xp, 4, vec}, term{xp, 0, vec2})
			a.groupStep(1, cp, term{xp, 4, vec}, term{xp, 0, vec2})
			a.get(xp).i32c(32).op(opI32Add).set(xp)
			a.get(cp).i32c(64).op(opI32Add).set(cp)
			a.get(n).i32c(1).op(opI32Sub).tee(n).op(opBrIf, 0)
		})
		a.op(opEnd)
		a.next(i, 2, limbs)
	})
	// Montgomery reduction, two rows a pass: row i adds m_i·N from column
	// i on, row i+1 m_{i+1}·N from column i+1 on, so that, as in the
	// squaring, both rows share each load and store of a vector of
	// columns. (A pass a row moves the columns by 8 bytes, half a vector,
	// and was slower: BenchmarkSquarings500/kernel.)
	a.i32c(0).set(i)
	a.loop(func() {
		a.get(i).i32c(3).op(opI32Shl).i32c(columnsAt).op(opI32Add).set(col)
		// m_i = column i mod 2^28; the carry c = (column i + m_i·N_0) >> 28;
		// m_{i+1} = (column i+1 + m_i·N_1 + c) mod 2^28.
		a.get(col).load(opI64Load, 0).tee(xi).i64c(limbMask).op(opI64And).set(m)
		a.get(xi).get(m).i64c(limbMask).op(opI64Mul).op(opI64Add).i64c(limbBits).op(opI64ShrU)
		a.get(col).load(opI64Load, 8).op(opI64Add)
		a.get(m).i32c(0).load(opI64Load32U, nAt+4).op(opI64Mul).op(opI64Add)
		a.i64c(limbMask).op(opI64And).op(opI32WrapI64).simd(simdI32x4Splat).set(vec2)
		a.get(m).op(opI32WrapI64).simd(simdI32x4Splat).set(vec)
		// m_{i+1}·N_109 lands in column i+110, in group 27; a group 28
		// would add only products of zero padding, so there is none. The
		// 28 groups run four a turn: unrolled, they would take the module
		// over 4 KB (TestKernelSize), and squarings were slower in
		// Chromium (BenchmarkSquarings500/kernel).
		a.get(col).set(cp)
		a.i32c(0).set(xp) // how far into N
		a.i32c(28 / 4).set(n)
		a.loop(func() {
			for g := range 4 {
				a.groupStep(g, cp, nTerm(xp, 0, vec), nTerm(xp, 1, vec2))
			}
			a.get(cp).i32c(4 * 32).op(opI32Add).set(cp)
			a.get(xp).i32c(4 * 16).op(opI32Add).set(xp)
			a.get(n).i32c(1).op(opI32Sub).tee(n).op(opBrIf, 0)
		})
		a.carry(col)
		a.get(col).i32c(8).op(opI32Add).set(col)
		a.carry(col)
		a.next(i, 2, limbs)
	})
	a.carryOut(z, i, xi, m)
	return a.function([]byte{5, i32, 2, i64, 2, v128})
}

// term is one product a group step adds: the limbs at local ptr (or at
// address 0 when ptr < 0) plus off, times the splat in local vec.
type term struct{ ptr, off, vec int }

// nTerm is m·N, N's limbs moved up by shift limbs, m in local vec; ptr is
// a local holding how far into N the step reads, or -1 for none.
func nTerm(ptr, shift, vec int) term { return term{ptr, nAt - 4*shift, vec} }

// groupStep adds, for each term, limbs 4g to 4g+3 times its splat into the
// four columns from local col + 4g: two pairs of products a term, added
// into two vectors of column sums.
func (a *asm) groupStep(g, col int, terms ...term) {
	a.halfStep(g, simdExtMulLowU, col, terms...)
	a.halfStep(g, simdExtMulHighU, col, terms...)
}

// halfStep is half a group step: limbs 4g and 4g+1 (simdExtMulLowU) or
// 4g+2 and 4g+3 (simdExtMulHighU) into their two columns.
func (a *asm) halfStep(g, half, col int, terms ...term) {
	off := 32*g + 16*(half-simdExtMulLowU)
	a.get(col)
	a.get(col).simdMem(simdLoad, off)
	for _, t := range terms {
		if t.ptr < 0 {
			a.i32c(0)
		} else {
			a.get(t.ptr)
		}
		a.simdMem(simdLoad, t.off+16*g).get(t.vec).simd(half).simd(simdI64x2Add)
	}
	a.simdMem(simdStore, off)
}

// runFunc is run(ops): the program's first ops, each code, z, x, y as
// uint16 slot numbers. An unknown code traps.
func runFunc() []byte {
	const (
		ops      = 0
		at, code = 1, 2 // i32
	)
	a := &asm{}
	slot := func(off int) { // the pointer to limb 0 of the slot at op+off
		a.get(at).load(opI32Load16U, off).i32c(slotStride).op(opI32Mul).i32c(slotsAt + 4).op(opI32Add)
	}
	a.get(ops).op(opI32Eqz).op(opIf, 0x40).op(opReturn).op(opEnd)
	a.i32c(programAt).set(at)
	a.loop(func() {
		a.get(at).load(opI32Load16U, 0).set(code)
		a.op(opBlock, 0x40)
		a.get(code).i32c(opMul).op(opI32Eq).op(opIf, 0x40)
		slot(2)
		slot(4)
		slot(6)
		a.op(opCall, 0).op(opBr, 1).op(opEnd)
		a.get(code).i32c(opSqr).op(opI32Eq).op(opIf, 0x40)
		slot(2)
		slot(4)
		a.op(opCall, 1).op(opBr, 1).op(opEnd)
		a.get(code).i32c(opCopy).op(opI32Eq).op(opIf, 0x40)
		slot(2)
		slot(4)
		a.i32c(4*limbs).op(0xFC, 0x0A, 0, 0).op(opBr, 1).op(opEnd) // memory.copy
		a.op(opUnreachable)
		a.op(opEnd)
		a.get(at).i32c(8).op(opI32Add).set(at)
		a.get(ops).i32c(1).op(opI32Sub).tee(ops).op(opBrIf, 0)
	})
	return a.function([]byte{2, i32})
}

// asm builds a function body.
type asm struct{ b []byte }

// Opcodes used here (WebAssembly core 2.0).
const (
	opUnreachable  = 0x00
	opBlock        = 0x02
	opLoop         = 0x03
	opIf           = 0x04
	opEnd          = 0x0B
	opBr           = 0x0C
	opBrIf         = 0x0D
	opReturn       = 0x0F
	opCall         = 0x10
	opLocalGet     = 0x20
	opLocalSet     = 0x21
	opLocalTee     = 0x22
	opI32Load      = 0x28
	opI64Load      = 0x29
	opI32Load16U   = 0x2F
	opI64Load32U   = 0x35
	opI64Store     = 0x37
	opI64Store32   = 0x3E
	opI32Const     = 0x41
	opI64Const     = 0x42
	opI32Eqz       = 0x45
	opI32Eq        = 0x46
	opI32LtU       = 0x49
	opI32Add       = 0x6A
	opI32Sub       = 0x6B
	opI32Mul       = 0x6C
	opI32And       = 0x71
	opI32Shl       = 0x74
	opI32ShrU      = 0x76
	opI64Add       = 0x7C
	opI64Mul       = 0x7E
	opI64And       = 0x83
	opI64Shl       = 0x86
	opI64ShrU      = 0x88
	opI32WrapI64   = 0xA7
	simdLoad       = 0x00
	simdStore      = 0x0B
	simdI32x4Splat = 0x11
	simdI64x2Add   = 206
	// i64x2.extmul_{low,high}_i32x4_u: lanes 0-1 or 2-3 of two i32x4,
	// multiplied into 64-bit lanes.
	simdExtMulLowU  = 222
	simdExtMulHighU = 223
)

func (a *asm) op(bs ...byte) *asm { a.b = append(a.b, bs...); return a }
func (a *asm) get(l int) *asm     { return a.op(opLocalGet).op(uleb(uint64(l))...) }
func (a *asm) set(l int) *asm     { return a.op(opLocalSet).op(uleb(uint64(l))...) }
func (a *asm) tee(l int) *asm     { return a.op(opLocalTee).op(uleb(uint64(l))...) }
func (a *asm) i32c(v int) *asm    { return a.op(opI32Const).op(sleb(int64(v))...) }
func (a *asm) i64c(v int64) *asm  { return a.op(opI64Const).op(sleb(v)...) }
func (a *asm) simd(code int) *asm { return a.op(0xFD).op(uleb(uint64(code))...) }

// load and store take the natural alignment; simdMem's vectors need none.
func (a *asm) load(code byte, off int) *asm {
	align := map[byte]uint64{opI32Load: 2, opI64Load: 3, opI32Load16U: 1, opI64Load32U: 2}[code]
	return a.op(code).op(uleb(align)...).op(uleb(uint64(off))...)
}

func (a *asm) store(code byte, off int) *asm {
	align := map[byte]uint64{opI64Store: 3, opI64Store32: 2}[code]
	return a.op(code).op(uleb(align)...).op(uleb(uint64(off))...)
}

func (a *asm) simdMem(code, off int) *asm {
	return a.simd(code).op(0).op(uleb(uint64(off))...)
}

func (a *asm) loop(body func()) {
	a.op(opLoop, 0x40)
	body()
	a.op(opEnd)
}

// next ends a loop's body: l += step, and again while l < end.
func (a *asm) next(l, step, end int) {
	a.get(l).i32c(step).op(opI32Add).tee(l).i32c(end).op(opI32LtU).op(opBrIf, 0)
}

// clearColumns zeroes the 232 column sums a multiplication can touch.
func (a *asm) clearColumns() {
	a.i32c(columnsAt).i32c(0).i32c(8*232).op(0xFC, 0x0B, 0) // memory.fill
}

// carry adds the column at col, a multiple of 2^28 now, to the next one.
func (a *asm) carry(col int) {
	a.get(col)
	a.get(col).load(opI64Load, 8)
	a.get(col).load(opI64Load, 0).i64c(limbBits).op(opI64ShrU).op(opI64Add)
	a.store(opI64Store, 8)
}

// carryOut writes columns 110 to 219, carried into 28-bit limbs, to z.
func (a *asm) carryOut(z, i, c, v int) {
	a.i64c(0).set(c)
	a.i32c(0).set(i)
	a.loop(func() {
		a.get(i).i32c(3).op(opI32Shl).load(opI64Load, columnsAt+8*limbs).get(c).op(opI64Add).set(v)
		a.get(z).get(i).i32c(2).op(opI32Shl).op(opI32Add)
		a.get(v).i64c(limbMask).op(opI64And).store(opI64Store32, 0)
		a.get(v).i64c(limbBits).op(opI64ShrU).set(c)
		a.next(i, 1, limbs)
	})
}

// function is the code entry: its locals (count, type pairs) and body.
func (a *asm) function(locals []byte) []byte {
	body := append(uleb(uint64(len(locals)/2)), locals...)
	body = append(append(body, a.b...), opEnd)
	return append(uleb(uint64(len(body))), body...)
}

func section(id byte, content []byte) []byte {
	return append(append([]byte{id}, uleb(uint64(len(content)))...), content...)
}

func vec(items ...[]byte) []byte {
	out := uleb(uint64(len(items)))
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

func export(name string, kind byte, index int) []byte {
	b := append(uleb(uint64(len(name))), name...)
	return append(append(b, kind), uleb(uint64(index))...)
}

func uleb(v uint64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		if v >>= 7; v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
