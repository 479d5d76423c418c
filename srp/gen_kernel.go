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
// Beside it, gen_kernel writes montkernel.wat, the module as WebAssembly
// text for review: decoded from the bytes it has just built, one
// instruction a line, with names for the functions, locals and loops and
// comments for the groups, rows and carries below. wat2wasm (wabt) turns
// it back into montkernel.wasm byte for byte:
//
//	wat2wasm montkernel.wat -o /tmp/k.wasm && cmp /tmp/k.wasm montkernel.wasm
//
//	go generate ./srp/
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
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
	out := flag.String("o", "montkernel.wasm", "where to write, and the listing beside it as .wat (TestGeneratedFilesAreCurrent writes elsewhere)")
	flag.Parse()
	mod, fns := module()
	if err := os.WriteFile(*out, mod, 0o644); err != nil {
		log.Fatal(err)
	}
	wat := strings.TrimSuffix(*out, ".wasm") + ".wat"
	if err := os.WriteFile(wat, []byte(listing(mod, fns)), 0o644); err != nil {
		log.Fatal(err)
	}
}

// Value types.
const (
	i32  = 0x7F
	i64  = 0x7E
	v128 = 0x7B
)

// module is montkernel.wasm, and its functions for the listing.
func module() ([]byte, []fn) {
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
	fns := []fn{mulFunc(), sqrFunc(), runFunc()}
	var code [][]byte
	for _, f := range fns {
		code = append(code, f.code)
	}
	m = append(m, section(10, vec(code...))...)
	return m, fns
}

// mulFunc is mul(z, x, y), pointers to limb 0 of slots; z may alias x or y.
// Row i adds x_i·y and m·N into the columns from i on, then carries
// column i, which is now a multiple of 2^28, into column i+1.
func mulFunc() fn {
	const (
		z, x, y     = 0, 1, 2
		i, col      = 3, 4 // i32
		xi, m       = 5, 6 // i64
		xiVec, mVec = 7, 8 // v128
	)
	a := &asm{}
	a.clearColumns()
	a.i32c(0).set(i)
	a.loop("row", func() {
		a.note("row i: col = the address of column i, xi = x_i")
		a.get(i).i32c(3).op(opI32Shl).i32c(columnsAt).op(opI32Add).set(col)
		a.get(x).get(i).i32c(2).op(opI32Shl).op(opI32Add).load(opI64Load32U, 0).set(xi)
		a.note("m = (column i + x_i·y_0) mod 2^28")
		a.get(col).load(opI64Load, 0).get(xi).get(y).load(opI64Load32U, 0).op(opI64Mul).op(opI64Add)
		a.i64c(limbMask).op(opI64And).set(m)
		a.note("x_i and m in each lane")
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
		a.note("group 27, lower half only: limbs 108 and 109")
		a.halfStep(27, simdExtMulLowU, col, term{y, 0, xiVec}, nTerm(-1, 0, mVec))
		a.carry(col)
		a.next(i, 1, limbs)
	})
	a.carryOut(z, i, xi, m)
	return a.function("mul", "mul(z, x, y): z = x·y·R⁻¹ mod N, below 2N; each points at limb 0 of a slot.",
		[]byte{2, i32, 2, i64, 2, v128},
		[]string{z: "z", x: "x", y: "y", i: "i", col: "col", xi: "xi", m: "m", xiVec: "xiVec", mVec: "mVec"})
}

// sqrFunc is sqr(z, x), z may alias x. It first squares, adding each
// cross product x_i·x_j (i < j) once as (2·x_i)·x_j, then reduces, both
// two rows a pass: 18,205 products against mul's 24,200. A column's sum
// stays below mul's bound. (Rows that square and reduce in one pass, with
// br_table jumps into unrolled groups, were slower in V8 than these two
// passes of fixed steps. BenchmarkSquarings500/kernel measures the
// squaring; make bench reports it in docs/PERFORMANCE.md.)
func sqrFunc() fn {
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
	a.loop("square", func() {
		a.note("squaring, rows i and i+1: xi = x_i; m holds x_{i+1} here")
		a.get(x).get(i).i32c(2).op(opI32Shl).op(opI32Add).set(xp)
		a.get(xp).load(opI64Load32U, 0).set(xi)
		a.get(xp).load(opI64Load32U, 4).set(xj)
		a.note("columns 2i to 2i+2, in scalars; xi becomes 2·x_i")
		a.get(i).i32c(4).op(opI32Shl).i32c(columnsAt).op(opI32Add).set(col) // column 2i
		a.get(col).get(col).load(opI64Load, 0).get(xi).get(xi).op(opI64Mul).op(opI64Add).store(opI64Store, 0)
		a.get(xi).i64c(1).op(opI64Shl).set(xi) // 2·x_i from here on
		a.get(col).get(col).load(opI64Load, 8).get(xi).get(xj).op(opI64Mul).op(opI64Add).store(opI64Store, 8)
		a.get(col).get(col).load(opI64Load, 16).get(xi).get(xp).load(opI64Load32U, 8).op(opI64Mul).op(opI64Add)
		a.get(xj).get(xj).op(opI64Mul).op(opI64Add).store(opI64Store, 16)
		a.note("2·x_i and 2·x_{i+1} in each lane")
		a.get(xi).op(opI32WrapI64).simd(simdI32x4Splat).set(vec)
		a.get(xj).i64c(1).op(opI64Shl).op(opI32WrapI64).simd(simdI32x4Splat).set(vec2)
		a.note("columns 2i+3 on, eight a turn: row i's x_{i+3} on (at xp+4),")
		a.note("row i+1's x_{i+2} on (at xp); the slot's zero limbs pad the last eight")
		a.get(xp).i32c(8).op(opI32Add).set(xp)
		a.get(col).i32c(24).op(opI32Add).set(cp)
		a.i32c(limbs + 5).get(i).op(opI32Sub).i32c(3).op(opI32ShrU).set(n) // ⌈(108-i)/8⌉
		a.get(n).op(opIf, 0x40)
		a.loop("columns", func() {
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
	a.loop("reduce", func() {
		a.note("reduction, rows i and i+1: col = the address of column i")
		a.get(i).i32c(3).op(opI32Shl).i32c(columnsAt).op(opI32Add).set(col)
		a.note("m_i = column i mod 2^28; the carry c = (column i + m_i·N_0) >> 28;")
		a.note("m_{i+1} = (column i+1 + m_i·N_1 + c) mod 2^28")
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
		a.note("m_i·N from column i, m_{i+1}·N from column i+1: 28 groups, four a turn")
		a.get(col).set(cp)
		a.i32c(0).set(xp) // how far into N
		a.i32c(28 / 4).set(n)
		a.loop("groups", func() {
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
	return a.function("sqr", "sqr(z, x): z = x·x·R⁻¹ mod N, below 2N; each points at limb 0 of a slot.",
		[]byte{5, i32, 2, i64, 2, v128},
		[]string{z: "z", x: "x", i: "i", col: "col", xp: "xp", cp: "cp", n: "n", xi: "xi", m: "m", vec: "vec", vec2: "vec2"})
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
	a.note("group %d", g)
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
func runFunc() fn {
	const (
		ops      = 0
		at, code = 1, 2 // i32
	)
	a := &asm{}
	slot := func(off int) { // the pointer to limb 0 of the slot at op+off
		a.get(at).load(opI32Load16U, off).i32c(slotStride).op(opI32Mul).i32c(slotsAt + 4).op(opI32Add)
	}
	a.note("no ops, nothing to do")
	a.get(ops).op(opI32Eqz).op(opIf, 0x40).op(opReturn).op(opEnd)
	a.i32c(programAt).set(at)
	a.loop("op", func() {
		a.note("the code of the op at $at")
		a.get(at).load(opI32Load16U, 0).set(code)
		a.label("done").op(opBlock, 0x40)
		a.note("mul: z, x, y")
		a.get(code).i32c(opMul).op(opI32Eq).op(opIf, 0x40)
		slot(2)
		slot(4)
		slot(6)
		a.op(opCall, 0).op(opBr, 1).op(opEnd)
		a.note("sqr: z, x")
		a.get(code).i32c(opSqr).op(opI32Eq).op(opIf, 0x40)
		slot(2)
		slot(4)
		a.op(opCall, 1).op(opBr, 1).op(opEnd)
		a.note("copy: z = x, %d bytes", 4*limbs)
		a.get(code).i32c(opCopy).op(opI32Eq).op(opIf, 0x40)
		slot(2)
		slot(4)
		a.i32c(4*limbs).op(opMisc, miscMemoryCopy, 0, 0).op(opBr, 1).op(opEnd)
		a.note("an unknown code")
		a.op(opUnreachable)
		a.op(opEnd)
		a.note("the next op")
		a.get(at).i32c(8).op(opI32Add).set(at)
		a.get(ops).i32c(1).op(opI32Sub).tee(ops).op(opBrIf, 0)
	})
	return a.function("run", "run(ops): the program's first ops, each code, z, x, y as uint16 slot numbers.",
		[]byte{2, i32}, []string{ops: "ops", at: "at", code: "code"})
}

// asm builds a function body, and what the listing says about it.
type asm struct {
	b      []byte
	notes  map[int][]string // comments, by the offset in b they precede
	labels map[int]string   // names of blocks and loops, by their offset in b
}

// note is a comment in the listing before the next instruction.
func (a *asm) note(format string, args ...any) *asm {
	if a.notes == nil {
		a.notes = map[int][]string{}
	}
	a.notes[len(a.b)] = append(a.notes[len(a.b)], fmt.Sprintf(format, args...))
	return a
}

// label names, in the listing, the block or loop that starts next.
func (a *asm) label(name string) *asm {
	if a.labels == nil {
		a.labels = map[int]string{}
	}
	a.labels[len(a.b)] = name
	return a
}

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
	opMisc         = 0xFC // prefixes the two below
	miscMemoryCopy = 0x0A
	miscMemoryFill = 0x0B
	opSIMD         = 0xFD // prefixes the simd codes below
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
func (a *asm) simd(code int) *asm { return a.op(opSIMD).op(uleb(uint64(code))...) }

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

// loop is a loop named label in the listing; body branches back with
// br_if 0.
func (a *asm) loop(label string, body func()) {
	a.label(label).op(opLoop, 0x40)
	body()
	a.op(opEnd)
}

// next ends a loop's body: l += step, and again while l < end.
func (a *asm) next(l, step, end int) {
	a.get(l).i32c(step).op(opI32Add).tee(l).i32c(end).op(opI32LtU).op(opBrIf, 0)
}

// clearColumns zeroes the 232 column sums a multiplication can touch.
func (a *asm) clearColumns() {
	a.note("the 232 column sums = 0")
	a.i32c(columnsAt).i32c(0).i32c(8*232).op(opMisc, miscMemoryFill, 0)
}

// carry adds the column at col, a multiple of 2^28 now, to the next one.
func (a *asm) carry(col int) {
	a.note("carry into the next column")
	a.get(col)
	a.get(col).load(opI64Load, 8)
	a.get(col).load(opI64Load, 0).i64c(limbBits).op(opI64ShrU).op(opI64Add)
	a.store(opI64Store, 8)
}

// carryOut writes columns 110 to 219, carried into 28-bit limbs, to z.
func (a *asm) carryOut(z, i, c, v int) {
	a.note("z = columns 110 to 219, carried into 28-bit limbs")
	a.i64c(0).set(c)
	a.i32c(0).set(i)
	a.loop("out", func() {
		a.get(i).i32c(3).op(opI32Shl).load(opI64Load, columnsAt+8*limbs).get(c).op(opI64Add).set(v)
		a.get(z).get(i).i32c(2).op(opI32Shl).op(opI32Add)
		a.get(v).i64c(limbMask).op(opI64And).store(opI64Store32, 0)
		a.get(v).i64c(limbBits).op(opI64ShrU).set(c)
		a.next(i, 1, limbs)
	})
}

// fn is one of the module's functions: its code entry, and for the
// listing its name, a line on what it does, its locals' names (parameters
// first) and the notes and labels of its body.
type fn struct {
	name, doc string
	locals    []string
	code      []byte
	notes     map[int][]string
	labels    map[int]string
}

// function is the function name: a code entry of its locals (count, type
// pairs) and body, and what the listing needs.
func (a *asm) function(name, doc string, locals []byte, names []string) fn {
	body := append(uleb(uint64(len(locals)/2)), locals...)
	body = append(append(body, a.b...), opEnd)
	return fn{name, doc, names, append(uleb(uint64(len(body))), body...), a.notes, a.labels}
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

// listing is montkernel.wat: mod as WebAssembly text, decoded from its
// bytes so that it shows what the binary holds, with the names, notes and
// labels of fns. It reads only the sections and instructions this
// generator emits and stops it on anything else: a new opcode needs its
// name in watOps.
func listing(mod []byte, fns []fn) string {
	r := &reader{b: mod}
	if string(r.take(8)) != "\x00asm\x01\x00\x00\x00" {
		log.Fatal("listing: not a WebAssembly 1 module")
	}
	type export struct {
		name        string
		kind, index int
	}
	var (
		types    [][2][]byte // each type's params and results
		funcs    []int       // each function's type
		memories []string    // limits
		globals  []string    // type and initial value
		exports  []export
		bodies   [][]byte
	)
	for !r.done() {
		id := r.byte()
		s := &reader{b: r.take(int(r.uleb()))}
		for range s.uleb() {
			switch id {
			case 1:
				if s.byte() != 0x60 {
					log.Fatal("listing: a type that is not a function's")
				}
				params := s.take(int(s.uleb()))
				types = append(types, [2][]byte{params, s.take(int(s.uleb()))})
			case 3:
				funcs = append(funcs, int(s.uleb()))
			case 5:
				hasMax := s.byte() == 1
				limits := fmt.Sprint(s.uleb())
				if hasMax {
					limits += fmt.Sprintf(" %d", s.uleb())
				}
				memories = append(memories, limits)
			case 6:
				t := valType(s.byte())
				if s.byte() != 0 {
					t = "(mut " + t + ")"
				}
				if s.byte() != opI32Const {
					log.Fatal("listing: a global not set by i32.const")
				}
				globals = append(globals, fmt.Sprintf("%s (i32.const %d)", t, s.sleb()))
				if s.byte() != opEnd {
					log.Fatal("listing: a global's initializer is longer than i32.const")
				}
			case 7:
				name := string(s.take(int(s.uleb())))
				kind := int(s.byte())
				exports = append(exports, export{name, kind, int(s.uleb())})
			case 10:
				bodies = append(bodies, s.take(int(s.uleb())))
			default:
				log.Fatalf("listing: section %d", id)
			}
		}
		if !s.done() {
			log.Fatalf("listing: section %d has %d bytes left", id, len(s.b)-s.i)
		}
	}
	if len(funcs) != len(fns) || len(bodies) != len(fns) {
		log.Fatal("listing: the module's functions are not fns")
	}

	// Exported memories and globals are named after their exports.
	kinds := []string{"func", "table", "memory", "global"}
	names := map[[2]int]string{}
	for i, f := range fns {
		names[[2]int{0, i}] = "$" + f.name
	}
	for _, e := range exports {
		if e.kind != 0 {
			names[[2]int{e.kind, e.index}] = "$" + e.name
		}
	}
	ref := func(kind, index int) string {
		if n := names[[2]int{kind, index}]; n != "" {
			return n
		}
		return fmt.Sprint(index)
	}
	def := func(kind, index int) string { // how a definition names itself
		if n := names[[2]int{kind, index}]; n != "" {
			return n
		}
		return fmt.Sprintf("(;%d;)", index)
	}

	var w strings.Builder
	line := func(depth int, format string, args ...any) {
		w.WriteString(strings.Repeat("  ", depth))
		fmt.Fprintf(&w, format, args...)
		w.WriteByte('\n')
	}
	for _, text := range []string{
		"Code generated by gen_kernel.go; DO NOT EDIT.",
		"",
		"montkernel.wasm as WebAssembly text, decoded from its bytes: wat2wasm",
		"turns it back into the same module. gen_kernel.go says what the",
		"functions compute and why they are built so; the comments here mark",
		"its structure. A group adds four limbs of each term, times the term's",
		"splat, into four columns: two v128 of 64-bit column sums.",
	} {
		line(0, "%s", strings.TrimRight(";; "+text, " "))
	}
	line(0, "(module")
	for i, t := range types {
		line(1, "(type (;%d;) (func%s%s))", i, valTypes("param", t[0]), valTypes("result", t[1]))
	}
	for i, m := range memories {
		line(1, "(memory %s %s)", def(2, i), m)
	}
	for i, g := range globals {
		line(1, "(global %s %s)", def(3, i), g)
	}
	for _, e := range exports {
		line(1, "(export %q (%s %s))", e.name, kinds[e.kind], ref(e.kind, e.index))
	}
	for i, f := range fns {
		params := types[funcs[i]][0]
		local := func(l int) string {
			if l < len(f.locals) && f.locals[l] != "" {
				return "$" + f.locals[l]
			}
			return fmt.Sprint(l)
		}
		line(0, "")
		line(1, ";; %s", f.doc)
		head := fmt.Sprintf("(func %s (type %d)", def(0, i), funcs[i])
		for l, t := range params {
			head += fmt.Sprintf(" (param %s %s)", local(l), valType(t))
		}
		line(1, "%s%s", head, valTypes("result", types[funcs[i]][1]))
		b := &reader{b: bodies[i]}
		n := len(params)
		for range b.uleb() {
			count, t := b.uleb(), valType(b.byte())
			for range count {
				line(2, "(local %s %s)", local(n), t)
				n++
			}
		}
		if n != len(f.locals) {
			log.Fatalf("listing: %s has %d locals and %d names", f.name, n, len(f.locals))
		}
		listBody(b, f, ref, local, line)
		line(1, ")")
	}
	line(0, ")")
	return w.String()
}

// listBody lists a function body's instructions, from b's position to
// its end, one a line.
func listBody(b *reader, f fn, ref func(kind, index int) string, local func(int) string, line func(int, string, ...any)) {
	start := b.i
	var labels []string // the enclosing blocks' names, innermost last
	notes, named := 0, 0
	for {
		at := b.i - start
		depth := 2 + len(labels)
		for _, n := range f.notes[at] {
			line(depth, ";; %s", n)
			notes++
		}
		code := b.byte()
		if code == opEnd {
			if len(labels) == 0 {
				break
			}
			labels = labels[:len(labels)-1]
			line(depth-1, "end")
			continue
		}
		var op watOp
		var ok bool
		switch code {
		case opMisc:
			op, ok = watMisc[b.uleb()]
		case opSIMD:
			op, ok = watSIMD[b.uleb()]
		default:
			op, ok = watOps[code]
		}
		if !ok {
			log.Fatalf("listing: %s: no name for the instruction at %d", f.name, at)
		}
		text := op.name
		switch op.imm {
		case immBlock:
			if b.byte() != 0x40 {
				log.Fatalf("listing: %s: a block with a result at %d", f.name, at)
			}
			name := f.labels[at]
			if name != "" {
				text += " $" + name
				named++
			}
			labels = append(labels, name)
		case immLabel:
			d := int(b.uleb())
			if d < len(labels) && labels[len(labels)-1-d] != "" {
				text += " $" + labels[len(labels)-1-d]
			} else {
				text += fmt.Sprintf(" %d", d)
			}
		case immFunc:
			text += " " + ref(0, int(b.uleb()))
		case immLocal:
			text += " " + local(int(b.uleb()))
		case immConst:
			text += fmt.Sprintf(" %d", b.sleb())
		case immMemArg:
			align, off := b.uleb(), b.uleb()
			if off != 0 {
				text += fmt.Sprintf(" offset=%d", off)
			}
			if align != op.align {
				text += fmt.Sprintf(" align=%d", 1<<align)
			}
		case immMemIndex:
			for range op.align {
				if b.byte() != 0 {
					log.Fatalf("listing: %s: a memory other than 0 at %d", f.name, at)
				}
			}
		}
		line(depth, "%s", text)
	}
	if !b.done() {
		log.Fatalf("listing: %s: bytes after its end", f.name)
	}
	total := 0
	for _, n := range f.notes {
		total += len(n)
	}
	if notes != total || named != len(f.labels) {
		log.Fatalf("listing: %s: notes or labels that precede no instruction or block", f.name)
	}
}

// watOp is an instruction's name in the text format and the immediate
// after its opcode; for immMemArg, align is the natural alignment (log2
// bytes) the text leaves unsaid, for immMemIndex the count of memory
// indices.
type watOp struct {
	name  string
	imm   int
	align uint64
}

const (
	immNone     = iota
	immBlock    // a block type, which must be empty
	immLabel    // a branch depth
	immFunc     // a function index
	immLocal    // a local index
	immConst    // a signed LEB128 constant
	immMemArg   // alignment and offset
	immMemIndex // memory indices, each 0
)

var watOps = map[byte]watOp{
	opUnreachable: {"unreachable", immNone, 0},
	opBlock:       {"block", immBlock, 0},
	opLoop:        {"loop", immBlock, 0},
	opIf:          {"if", immBlock, 0},
	opBr:          {"br", immLabel, 0},
	opBrIf:        {"br_if", immLabel, 0},
	opReturn:      {"return", immNone, 0},
	opCall:        {"call", immFunc, 0},
	opLocalGet:    {"local.get", immLocal, 0},
	opLocalSet:    {"local.set", immLocal, 0},
	opLocalTee:    {"local.tee", immLocal, 0},
	opI32Load:     {"i32.load", immMemArg, 2},
	opI64Load:     {"i64.load", immMemArg, 3},
	opI32Load16U:  {"i32.load16_u", immMemArg, 1},
	opI64Load32U:  {"i64.load32_u", immMemArg, 2},
	opI64Store:    {"i64.store", immMemArg, 3},
	opI64Store32:  {"i64.store32", immMemArg, 2},
	opI32Const:    {"i32.const", immConst, 0},
	opI64Const:    {"i64.const", immConst, 0},
	opI32Eqz:      {"i32.eqz", immNone, 0},
	opI32Eq:       {"i32.eq", immNone, 0},
	opI32LtU:      {"i32.lt_u", immNone, 0},
	opI32Add:      {"i32.add", immNone, 0},
	opI32Sub:      {"i32.sub", immNone, 0},
	opI32Mul:      {"i32.mul", immNone, 0},
	opI32And:      {"i32.and", immNone, 0},
	opI32Shl:      {"i32.shl", immNone, 0},
	opI32ShrU:     {"i32.shr_u", immNone, 0},
	opI64Add:      {"i64.add", immNone, 0},
	opI64Mul:      {"i64.mul", immNone, 0},
	opI64And:      {"i64.and", immNone, 0},
	opI64Shl:      {"i64.shl", immNone, 0},
	opI64ShrU:     {"i64.shr_u", immNone, 0},
	opI32WrapI64:  {"i32.wrap_i64", immNone, 0},
}

var watMisc = map[uint64]watOp{
	miscMemoryCopy: {"memory.copy", immMemIndex, 2},
	miscMemoryFill: {"memory.fill", immMemIndex, 1},
}

var watSIMD = map[uint64]watOp{
	simdLoad:        {"v128.load", immMemArg, 4},
	simdStore:       {"v128.store", immMemArg, 4},
	simdI32x4Splat:  {"i32x4.splat", immNone, 0},
	simdI64x2Add:    {"i64x2.add", immNone, 0},
	simdExtMulLowU:  {"i64x2.extmul_low_i32x4_u", immNone, 0},
	simdExtMulHighU: {"i64x2.extmul_high_i32x4_u", immNone, 0},
}

func valType(t byte) string {
	switch t {
	case i32:
		return "i32"
	case i64:
		return "i64"
	case v128:
		return "v128"
	}
	log.Fatalf("listing: value type %#x", t)
	return ""
}

// valTypes is " (param i32 i32)" and the like, or "" for none.
func valTypes(kind string, ts []byte) string {
	if len(ts) == 0 {
		return ""
	}
	s := " (" + kind
	for _, t := range ts {
		s += " " + valType(t)
	}
	return s + ")"
}

// reader decodes a module's bytes.
type reader struct {
	b []byte
	i int
}

func (r *reader) done() bool { return r.i == len(r.b) }

func (r *reader) byte() byte {
	if r.done() {
		log.Fatal("listing: the module ends early")
	}
	r.i++
	return r.b[r.i-1]
}

func (r *reader) take(n int) []byte {
	if n > len(r.b)-r.i {
		log.Fatal("listing: the module ends early")
	}
	r.i += n
	return r.b[r.i-n : r.i]
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

func (r *reader) sleb() int64 {
	var v int64
	for shift := 0; ; shift += 7 {
		c := r.byte()
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v
		}
	}
}
