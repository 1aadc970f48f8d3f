//go:build ignore

// gen_ops writes the routines and methods of the 64-bit, uintptr and
// bitwise/min/max operations from one table, so that every width, ordering
// and architecture has the same shape. Run it with go generate (doc.go
// names it); TestGeneratedUpToDate fails when its output and the files
// differ.
//
//	go run gen_ops.go [-o DIR]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// An order is one of the four orderings of a read-modify-write.
type order struct {
	Name   string // Relaxed, Acquire, Release, Full
	LSE    string // the LSE suffix: "", A, L, AL
	Kernel string // the kernel's suffix: _relaxed, _acquire, _release, ""
	Acq    bool   // LL/SC: LDAXR
	Rel    bool   // LL/SC: STLXR
	DMB    bool   // LL/SC: DMB ISH after the loop
}

var orders = []order{
	{"Relaxed", "", "_relaxed", false, false, false},
	{"Acquire", "A", "_acquire", true, false, false},
	{"Release", "L", "_release", false, true, false},
	{"Full", "AL", "", false, true, true},
}

// A width is the size of the word a routine works on.
type width struct {
	Bits   int
	Go     string // int32, int64
	Sz     string // the W suffix of 32-bit instructions, "" for 64-bit
	LSESz  string // W or D
	MOV    string // MOVW or MOVD
	Size   int    // bytes
	SizeEn uint32 // the size field of an LSE encoding
}

var widths = []width{
	{32, "int32", "W", "W", "MOVW", 4, 2},
	{64, "int64", "", "D", "MOVD", 8, 3},
}

// An rmw is a read-modify-write of one operand that returns the old value.
type rmw struct {
	Name string // the routine's stem: xadd, swap, fetchAnd, ...
	LSE  string // the LSE mnemonic, or "" where WORD encodes it (Opc)
	Opc  uint32 // the atomic-memory-operation opc field, for the WORD form
	// LLSC computes R2 from the old value R3 and the operand R1 (%s is the
	// W suffix); empty for swap, which stores R1 itself.
	LLSC []string
	Doc  string
	New  bool // the 32-bit routine is new (xadd32 is older)
	Max  bool // a min/max (its Go form is a CAS loop)
	// The amd64 and generic Go form, with %[1]s the width's Go type and
	// %[2]d its bits.
	Sync string
	Not  bool   // the LSE form complements the operand first (and: LDCLR)
	RV   uint32 // the riscv64 AMO's funct5
	LA   string // the loong64 AM* stem: AMADD, AMSWAP, ...
	// PPC computes R6 from the old value R5 and the operand R4 in the
	// ppc64le LWARX/STWCX. loop (%[1]s is the W of a 32-bit compare);
	// empty for swap, which stores R4 itself.
	PPC []string
}

var rmws = []rmw{
	{Name: "xadd", PPC: []string{"ADD R4, R5, R6"}, LA: "AMADD", RV: 0x00, LSE: "LDADD", LLSC: []string{"ADD%s R1, R3, R2"}, Doc: "adds v to the word", New: false,
		Sync: "return atomic.AddInt%[2]d(p, v) - v"},
	{Name: "swap", LA: "AMSWAP", RV: 0x01, LSE: "SWP", Doc: "stores v in the word", New: true,
		Sync: "return atomic.SwapInt%[2]d(p, v)"},
	{Name: "fetchAnd", PPC: []string{"AND R4, R5, R6"}, LA: "AMAND", RV: 0x0c, LSE: "LDCLR", Not: true, LLSC: []string{"AND%s R1, R3, R2"}, Doc: "ands the word with v (on LSE: LDCLR of ^v)", New: true,
		Sync: "return atomic.AndInt%[2]d(p, v)"},
	{Name: "fetchOr", PPC: []string{"OR R4, R5, R6"}, LA: "AMOR", RV: 0x08, LSE: "LDOR", LLSC: []string{"ORR%s R1, R3, R2"}, Doc: "ors v into the word", New: true,
		Sync: "return atomic.OrInt%[2]d(p, v)"},
	{Name: "fetchXor", PPC: []string{"XOR R4, R5, R6"}, LA: "AMXOR", RV: 0x04, LSE: "LDEOR", LLSC: []string{"EOR%s R1, R3, R2"}, Doc: "xors v into the word", New: true,
		Sync: "for {\n\told := atomic.LoadInt%[2]d(p)\n\tif atomic.CompareAndSwapInt%[2]d(p, old, old^v) {\n\t\treturn old\n\t}\n}"},
	{Name: "smax", PPC: []string{"MOVD R5, R6", "CMP%[1]s R4, R5", "BLE keep", "MOVD R4, R6", "keep:"}, LA: "AMMAX", RV: 0x14, Opc: 4, LLSC: []string{"CMP%s R1, R3", "CSEL%s GT, R3, R1, R2"}, Doc: "stores the signed maximum of the word and v", New: true, Max: true,
		Sync: "for {\n\told := atomic.LoadInt%[2]d(p)\n\tif atomic.CompareAndSwapInt%[2]d(p, old, max(old, v)) {\n\t\treturn old\n\t}\n}"},
	{Name: "smin", PPC: []string{"MOVD R5, R6", "CMP%[1]s R4, R5", "BGE keep", "MOVD R4, R6", "keep:"}, LA: "AMMIN", RV: 0x10, Opc: 5, LLSC: []string{"CMP%s R1, R3", "CSEL%s LT, R3, R1, R2"}, Doc: "stores the signed minimum of the word and v", New: true, Max: true,
		Sync: "for {\n\told := atomic.LoadInt%[2]d(p)\n\tif atomic.CompareAndSwapInt%[2]d(p, old, min(old, v)) {\n\t\treturn old\n\t}\n}"},
	{Name: "umax", PPC: []string{"MOVD R5, R6", "CMP%[1]sU R4, R5", "BLE keep", "MOVD R4, R6", "keep:"}, LA: "AMMAX", RV: 0x1c, Opc: 6, LLSC: []string{"CMP%s R1, R3", "CSEL%s HI, R3, R1, R2"}, Doc: "stores the unsigned maximum of the word and v", New: true, Max: true,
		Sync: "for {\n\told := atomic.LoadInt%[2]d(p)\n\tif atomic.CompareAndSwapInt%[2]d(p, old, int%[2]d(max(uint%[2]d(old), uint%[2]d(v)))) {\n\t\treturn old\n\t}\n}"},
	{Name: "umin", PPC: []string{"MOVD R5, R6", "CMP%[1]sU R4, R5", "BGE keep", "MOVD R4, R6", "keep:"}, LA: "AMMIN", RV: 0x18, Opc: 7, LLSC: []string{"CMP%s R1, R3", "CSEL%s LO, R3, R1, R2"}, Doc: "stores the unsigned minimum of the word and v", New: true, Max: true,
		Sync: "for {\n\told := atomic.LoadInt%[2]d(p)\n\tif atomic.CompareAndSwapInt%[2]d(p, old, int%[2]d(min(uint%[2]d(old), uint%[2]d(v)))) {\n\t\treturn old\n\t}\n}"},
}

// amoWord encodes an LSE atomic memory operation that the Go assembler has
// no mnemonic for (LDSMAX, LDSMIN, LDUMAX, LDUMIN): Rs = R1, Rn = R0,
// Rt = R3.
func amoWord(w width, o order, opc uint32) uint32 {
	var a, r uint32
	switch o.LSE {
	case "A":
		a = 1
	case "L":
		r = 1
	case "AL":
		a, r = 1, 1
	}
	return 0x38200000 | w.SizeEn<<30 | a<<23 | r<<22 | 1<<16 | opc<<12 | 0<<5 | 3
}

var amoNames = map[uint32]string{4: "LDSMAX", 5: "LDSMIN", 6: "LDUMAX", 7: "LDUMIN"}

// asmArchs are the GOARCHes whose loads, stores and read-modify-writes
// are all assembly (ops_asm.go); amd64's are sync/atomic intrinsics.
const asmArchs = "arm64 || riscv64 || loong64 || ppc64le"

type buf struct{ bytes.Buffer }

func (b *buf) p(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }

const header = "// Code generated by gen_ops.go; DO NOT EDIT.\n\n"

// arm64 writes ops_arm64.s and ops_arm64.go.
func arm64() (s, g []byte) {
	var b, d buf
	b.p("%s//go:build !purego && !race\n", header)
	b.p(`#include "go_asm.h"`)
	b.p(`#include "textflag.h"`)
	b.p(`
// The arm64 routines of the 64-bit words, and those of the 32-bit words
// that came with them: seq-cst loads and stores, swap, the bitwise
// read-modify-writes and min/max, in the shape of atomicfence_arm64.s (a
// test of ·useLSE at the top of each read-modify-write unless GOARM64_LSE;
// R0-R7 only). The orderings:
//
//	relaxed  LDXR / STXR          op     (LDADD, SWP, LDCLR, LDOR, LDEOR, LDSMAX, ...)
//	acquire  LDAXR / STXR         opA
//	release  LDXR / STLXR         opL
//	full     LDXR / STLXR + DMB   opAL
//
// The Go assembler has no LDSMAX, LDSMIN, LDUMAX or LDUMIN: they are WORDs
// with Rs = R1, Rn = R0, Rt = R3, their names in the comment beside them.
// FetchAnd's LSE form is LDCLR of the complement (MVN first), as the
// runtime's And does.`)
	d.p("%s//go:build (%s) && !purego && !race\n\npackage atomicfence\n\nimport \"unsafe\"\n", header, asmArchs)
	d.p("// The routines of ops_arm64.s, ops_riscv64.s, ops_loong64.s and\n// ops_ppc64le.s.\n")

	// Loads and stores.
	for _, w := range widths {
		retOff := 8
		frame := 8 + w.Size
		if w.Bits == 32 {
			frame = 12
		}
		type ls struct {
			name, insn, doc string
			store           bool
		}
		var list []ls
		if w.Bits == 64 {
			list = append(list,
				ls{"load64Relaxed", "MOVD (R0), R1", "an aligned 64-bit LDR is single-copy atomic and orders nothing", false},

				ls{"store64Relaxed", "MOVD R1, (R0)", "an aligned 64-bit STR is single-copy atomic and orders nothing", true},
				ls{"store64Release", "STLR R1, (R0)", "STLR is ordered after every earlier load and store", true},
			)
		}
		list = append(list,
			ls{fmt.Sprintf("load%dSeqCst", w.Bits), fmt.Sprintf("LDAR%s (R0), R1", w.Sz), "LDAR: an acquire that no earlier STLR passes (RCsc), the C++ seq_cst load", false},
			ls{fmt.Sprintf("store%dSeqCst", w.Bits), fmt.Sprintf("STLR%s R1, (R0)", w.Sz), "STLR: the release store, which a later LDAR does not pass, the C++ seq_cst store", true},
		)
		if w.Bits == 64 {
			ldaprRoutine(&b, "load64Acquire", "int64")
			d.p("//go:noescape")
			d.p("func load64Acquire(p *int64) int64\n")
		}
		for _, l := range list {
			b.p("\n// %s: %s.", l.name, l.doc)
			b.p("TEXT ·%s(SB), NOSPLIT, $0-%d", l.name, frame)
			b.p("\tMOVD\tp+0(FP), R0")
			if l.store {
				b.p("\t%s\tv+8(FP), R1", w.MOV)
				b.p("\t%s", tabify(l.insn))
			} else {
				b.p("\t%s", tabify(l.insn))
				b.p("\t%s\tR1, ret+%d(FP)", w.MOV, retOff)
			}
			b.p("\tRET")
			d.p("//go:noescape")
			if l.store {
				d.p("func %s(p *%s, v %s)\n", l.name, w.Go, w.Go)
			} else {
				d.p("func %s(p *%s) %s\n", l.name, w.Go, w.Go)
			}
		}
	}
	// Pointer loads: the same instructions, with a result the garbage
	// collector sees as a pointer.
	for _, l := range []struct{ name, insn string }{
		{"loadPtrRelaxed", "MOVD (R0), R1"},
		{"loadPtrSeqCst", "LDAR (R0), R1"},
	} {
		b.p("\n// %s is load64%s with a pointer result.", l.name, strings.TrimPrefix(l.name, "loadPtr"))
		b.p("TEXT ·%s(SB), NOSPLIT, $0-16", l.name)
		b.p("\tMOVD\tp+0(FP), R0")
		b.p("\t%s", tabify(l.insn))
		b.p("\tMOVD\tR1, ret+8(FP)")
		b.p("\tRET")
		d.p("//go:noescape")
		d.p("func %s(p *unsafe.Pointer) unsafe.Pointer\n", l.name)
	}

	ldaprRoutine(&b, "loadPtrAcquire", "unsafe.Pointer")
	d.p("//go:noescape")
	d.p("func loadPtrAcquire(p *unsafe.Pointer) unsafe.Pointer\n")

	// Read-modify-writes of one operand.
	for _, w := range widths {
		for _, r := range rmws {
			if w.Bits == 32 && !r.New {
				continue
			}
			for _, o := range orders {
				name := fmt.Sprintf("%s%d%s", r.Name, w.Bits, o.Name)
				frame := 16 + w.Size
				b.p("\n%s", wrapComments(fmt.Appendf(nil, "// %s %s and returns the old value. %s", name, r.Doc, arm64RMWWhy[o.Name])))
				b.p("TEXT ·%s(SB), NOSPLIT, $0-%d", name, frame)
				b.p("\tMOVD\tp+0(FP), R0")
				b.p("\t%s\tv+8(FP), R1", w.MOV)
				b.p("#ifndef GOARM64_LSE")
				b.p("\tMOVBU\t·useLSE(SB), R4")
				b.p("\tCBZ\tR4, llsc")
				b.p("#endif")
				switch {
				case r.LSE == "":
					b.p("\tWORD\t$0x%08x // %s%s%s R1, (R0), R3", amoWord(w, o, r.Opc), amoNames[r.Opc], o.LSE, w.LSESz)
				case r.Not:
					b.p("\tMVN\tR1, R2")
					b.p("\t%s%s%s\tR2, (R0), R3", r.LSE, o.LSE, w.LSESz)
				default:
					b.p("\t%s%s%s\tR1, (R0), R3", r.LSE, o.LSE, w.LSESz)
				}
				b.p("\t%s\tR3, ret+16(FP)", w.MOV)
				b.p("\tRET")
				b.p("#ifndef GOARM64_LSE")
				b.p("llsc:")
				ld, st := "LDXR", "STXR"
				if o.Acq {
					ld = "LDAXR"
				}
				if o.Rel {
					st = "STLXR"
				}
				b.p("\t%s%s\t(R0), R3", ld, w.Sz)
				src := "R2"
				if r.Name == "swap" {
					src = "R1"
				}
				for _, c := range r.LLSC {
					b.p("\t%s", tabify(fmt.Sprintf(c, w.Sz)))
				}
				b.p("\t%s%s\t%s, (R0), R5", st, w.Sz, src)
				b.p("\tCBNZ\tR5, llsc")
				if o.DMB {
					b.p("\tDMB\t$0xb // ISH")
				}
				b.p("\t%s\tR3, ret+16(FP)", w.MOV)
				b.p("\tRET")
				b.p("#endif")
				d.p("//go:noescape")
				d.p("func %s(p *%s, v %s) %s\n", name, w.Go, w.Go, w.Go)
			}
		}
	}

	// 64-bit compare-and-swap, in the shape of cas32*.
	for _, o := range orders {
		name := "cas64" + o.Name
		b.p("\n// %s is cas32%s on a 64-bit word.", name, o.Name)
		b.p("TEXT ·%s(SB), NOSPLIT, $0-33", name)
		b.p("\tMOVD\tp+0(FP), R0")
		b.p("\tMOVD\told+8(FP), R1")
		b.p("\tMOVD\tnew+16(FP), R2")
		b.p("#ifndef GOARM64_LSE")
		b.p("\tMOVBU\t·useLSE(SB), R4")
		b.p("\tCBZ\tR4, llsc")
		b.p("#endif")
		b.p("\tMOVD\tR1, R3")
		b.p("\tCAS%sD\tR3, (R0), R2", o.LSE)
		b.p("\tCMP\tR1, R3")
		b.p("\tCSET\tEQ, R4")
		b.p("\tMOVD\tR3, ret+24(FP)")
		b.p("\tMOVB\tR4, ret1+32(FP)")
		b.p("\tRET")
		b.p("#ifndef GOARM64_LSE")
		b.p("llsc:")
		ld, st := "LDXR", "STXR"
		if o.Acq {
			ld = "LDAXR"
		}
		if o.Rel {
			st = "STLXR"
		}
		b.p("\t%s\t(R0), R3", ld)
		b.p("\tCMP\tR1, R3")
		b.p("\tBNE\tfail")
		b.p("\t%s\tR2, (R0), R5", st)
		b.p("\tCBNZ\tR5, llsc")
		if o.DMB {
			b.p("\tDMB\t$0xb // ISH")
		}
		b.p("\tMOVD\tR3, ret+24(FP)")
		b.p("\tMOVD\t$1, R4")
		b.p("\tMOVB\tR4, ret1+32(FP)")
		b.p("\tRET")
		b.p("fail:")
		b.p("\tMOVD\tR3, ret+24(FP)")
		b.p("\tMOVB\tZR, ret1+32(FP)")
		b.p("\tRET")
		b.p("#endif")
		d.p("//go:noescape")
		d.p("func %s(p *int64, old, new int64) (int64, bool)\n", name)
	}
	return b.Bytes(), gofmt("ops_asm.go", d.Bytes())
}

// ldaprRoutine writes an acquire load of a 64-bit word that is LDAPR
// where the CPU has FEAT_LRCPC (·useLRCPC, read at run time unless the
// build targets GOARM64=v8.3 or later, where lrcpc_static_arm64.go
// defines const_goarm64LRCPC in go_asm.h) and LDAR otherwise.
func ldaprRoutine(b *buf, name, typ string) {
	b.p("\n// %s: an acquire load. LDAPR (ARMv8.3 LRCPC) is an acquire that, unlike", name)
	b.p("// LDAR, may be satisfied before an earlier STLR to another address")
	b.p("// completes (RCpc): all that an acquire promises, and cheaper after a")
	b.p("// release store. Without LRCPC it is LDAR. LDAPR is a WORD: the Go")
	b.p("// assembler has no mnemonic for it (Rn = R0, Rt = R1).")
	b.p("TEXT ·%s(SB), NOSPLIT, $0-16", name)
	b.p("\tMOVD\tp+0(FP), R0")
	b.p("#ifndef const_goarm64LRCPC")
	b.p("\tMOVBU\t·useLRCPC(SB), R4")
	b.p("\tCBZ\tR4, ldar")
	b.p("#endif")
	b.p("\tWORD\t$0xf8bfc001 // LDAPR (R0), R1")
	b.p("\tMOVD\tR1, ret+8(FP)")
	b.p("\tRET")
	b.p("#ifndef const_goarm64LRCPC")
	b.p("ldar:")
	b.p("\tLDAR\t(R0), R1")
	b.p("\tMOVD\tR1, ret+8(FP)")
	b.p("\tRET")
	b.p("#endif")
}

// tabify turns "OP args" into "OP\targs".
func tabify(s string) string {
	op, args, ok := strings.Cut(s, " ")
	if !ok {
		return s
	}
	return op + "\t" + args
}

// syncOps writes ops_sync.go: the same routines as sync/atomic intrinsics
// (amd64) or calls (every other GOARCH, purego, -race).
func syncOps() []byte {
	var b buf
	b.p("%s//go:build !(%s) || purego || race\n\npackage atomicfence\n", header, asmArchs)
	b.p(`import (
	"sync/atomic"
	"unsafe"
)

// The sync/atomic forms of the routines in ops_arm64.s, as in
// atomicfence_sync.go: on amd64 each is an inlined intrinsic whose
// instruction is at least as strong as every ordering (MOV, XCHG, LOCK
// XADD, LOCK CMPXCHG, and LOCK CMPXCHG loops for And and Or, which return
// the old value), and xor, min and max are LOCK CMPXCHG loops that always
// write, so that each is a read-modify-write even when the value does not
// change. Elsewhere they are sequentially consistent.
`)
	for _, w := range widths {
		if w.Bits == 64 {
			b.p("func load64Relaxed(p *int64) int64 { return atomic.LoadInt64(p) }")
			b.p("func load64Acquire(p *int64) int64 { return atomic.LoadInt64(p) }")
		}
		b.p("func load%dSeqCst(p *%s) %s { return atomic.LoadInt%d(p) }", w.Bits, w.Go, w.Go, w.Bits)
		b.p("func store%dSeqCst(p *%s, v %s) { atomic.StoreInt%d(p, v) }", w.Bits, w.Go, w.Go, w.Bits)
		for _, r := range rmws {
			if w.Bits == 32 && !r.New {
				continue
			}
			for _, o := range orders {
				b.p("func %s%d%s(p *%s, v %s) %s {", r.Name, w.Bits, o.Name, w.Go, w.Go, w.Go)
				b.p(r.Sync, w.Go, w.Bits)
				b.p("}")
			}
		}
	}
	for _, o := range orders {
		b.p("func cas64%s(p *int64, old, new int64) (int64, bool) { return cas64(p, old, new) }", o.Name)
	}
	b.p(`
// cas64 is cas32 on a 64-bit word.
func cas64(p *int64, old, new int64) (int64, bool) {
	for !atomic.CompareAndSwapInt64(p, old, new) {
		if cur := atomic.LoadInt64(p); cur != old {
			return cur, false
		}
	}
	return old, true
}

func loadPtrRelaxed(p *unsafe.Pointer) unsafe.Pointer { return atomic.LoadPointer(p) }
func loadPtrAcquire(p *unsafe.Pointer) unsafe.Pointer { return atomic.LoadPointer(p) }
func loadPtrSeqCst(p *unsafe.Pointer) unsafe.Pointer  { return atomic.LoadPointer(p) }`)
	return gofmt("ops_sync.go", b.Bytes())
}

// A typ is an integer type whose methods are generated.
type typ struct {
	Name   string // Int64
	Go     string // int64
	Bits   int    // 32, 64; 0 for uintptr
	Signed bool
	Old    bool   // the type and its older methods are written by hand
	API    string // the prefix of the kernel's operations on such a word: atomic, atomic64, atomic_long
	Doc    string
}

var typs = []typ{
	{Name: "Int32", Go: "int32", Bits: 32, Signed: true, Old: true, API: "atomic"},
	{Name: "Uint32", Go: "uint32", Bits: 32, Old: true, API: "atomic"},
	{Name: "Int64", Go: "int64", Bits: 64, Signed: true, API: "atomic64",
		Doc: "Int64 is a signed 64-bit word, the analogue of the kernel's atomic64_t\n// and atomic_long_t on 64-bit machines, each method with the ordering its\n// name says, as the kernel's _relaxed, _acquire and _release forms and its\n// fully ordered ones do. Arithmetic wraps. The zero value is 0, ready to\n// use. It is 8-byte aligned on every GOARCH, 386 and arm\n// included, as sync/atomic.Int64 is, wherever it is: a field of a struct,\n// an element of an array or slice, or a variable. An Int64 must not be\n// copied after first use."},
	{Name: "Uint64", Go: "uint64", Bits: 64, API: "atomic64",
		Doc: "Uint64 is an unsigned 64-bit word, for sequence counts, bit masks and\n// byte counts that must not wrap in practice: the kernel's u64 accessed\n// with READ_ONCE/WRITE_ONCE and the atomic64_t operations on its unsigned\n// view, each method with the ordering its name says. Arithmetic wraps. The\n// zero value is 0, ready to use. It is 8-byte aligned on every GOARCH, as\n// sync/atomic.Uint64 is. A Uint64 must not be copied after first use."},
	{Name: "Uintptr", Go: "uintptr", Bits: 0, API: "atomic_long",
		Doc: "Uintptr is an unsigned word of the size of a pointer: 64 bits on the\n// 64-bit machines, where it shares the 64-bit routines, 32 bits on 386 and\n// arm; the kernel's atomic_long_t on an unsigned long, each method with the\n// ordering its name says. It holds no pointer that the garbage collector\n// would see: use Pointer for that. Arithmetic wraps. The zero value is 0,\n// ready to use. A Uintptr must not be copied after first use."},
}

// call returns the expression that calls routine (e.g. "xadd", "Acquire")
// on the receiver's word with the operands, converted to and from the
// type's Go type.
func (t typ) call(stem, ord string, args ...string) string {
	if t.Bits != 0 {
		return t.callWidth(t.Bits, stem, ord, args...)
	}
	return ""
}

func (t typ) callWidth(bits int, stem, ord string, args ...string) string {
	st := fmt.Sprintf("int%d", bits)
	conv := make([]string, len(args))
	for i, a := range args {
		if t.Go == st {
			conv[i] = a
		} else {
			conv[i] = fmt.Sprintf("%s(%s)", st, a)
		}
	}
	word := "&c.v"
	if t.Go != st {
		word = fmt.Sprintf("c.w%d()", bits)
	}
	call := fmt.Sprintf("%s%d%s(%s)", stem, bits, ord, strings.Join(append([]string{word}, conv...), ", "))
	return call
}

// ret converts a routine's signed result to the type.
func (t typ) ret(bits int, e string) string {
	st := fmt.Sprintf("int%d", bits)
	switch {
	case t.Go == st:
		return e
	case t.Go == "uintptr":
		return fmt.Sprintf("uintptr(uint%d(%s))", bits, e)
	}
	return fmt.Sprintf("%s(%s)", t.Go, e)
}

// body returns the statements of a method that returns the routine's
// result (or nothing when void), picking the width of a Uintptr by the
// size of a pointer.
func (t typ) body(void bool, stem, ord string, args ...string) string {
	one := func(bits int) string {
		c := t.callWidth(bits, stem, ord, args...)
		if void {
			return c
		}
		return "return " + t.ret(bits, c)
	}
	if t.Bits != 0 {
		return one(t.Bits)
	}
	if void {
		return fmt.Sprintf("if ptr64 {\n\t%s\n\treturn\n}\n%s", one(64), one(32))
	}
	return fmt.Sprintf("if ptr64 {\n\t%s\n}\n%s", one(64), one(32))
}

func (t typ) casBody(ord string) string {
	one := func(bits int) string {
		c := t.callWidth(bits, "cas", ord, "old", "new")
		return fmt.Sprintf("p, ok := %s\nreturn %s, ok", c, t.ret(bits, "p"))
	}
	if t.Bits != 0 {
		if t.Go == fmt.Sprintf("int%d", t.Bits) {
			return "return " + t.callWidth(t.Bits, "cas", ord, "old", "new")
		}
		return one(t.Bits)
	}
	return fmt.Sprintf("if ptr64 {\n\t%s\n}\n%s", one(64), one(32))
}

var kernelLoad = map[string]string{"Relaxed": "READ_ONCE, atomic_read", "Acquire": "smp_load_acquire, atomic_read_acquire", "SeqCst": "Linux has none, its acquire loads being weaker; C++ memory_order_seq_cst, Go's sync/atomic Load"}
var kernelStore = map[string]string{"Relaxed": "WRITE_ONCE, atomic_set", "Release": "smp_store_release, atomic_set_release", "SeqCst": "Linux has none, its release stores being weaker; C++ memory_order_seq_cst, Go's sync/atomic Store"}

var casOrderDoc = map[string]string{
	"Relaxed": "It orders nothing else.",
	"Acquire": "When it swaps, its read is an acquire: no later load or store of the caller is observed before it.",
	"Release": "When it swaps, its write is a release: every earlier load and store of the caller is observed before it.",
	"Full":    "When it swaps, it is fully ordered, as if smp_mb() stood on each side.",
}

func orderDoc(o string) string {
	switch o {
	case "Relaxed":
		return "ordering nothing else"
	case "Acquire":
		return "the read of the old value is an acquire: no later load or store of the caller is observed before it"
	case "Release":
		return "the write of the new value is a release: every earlier load and store of the caller is observed before it"
	}
	return "fully ordered: as if smp_mb() stood on each side"
}

// methods writes the methods of t (all of them for a new type, the new
// ones for Int32 and Uint32).
func methods(t typ) []byte {
	var b buf
	r := strings.ToLower(t.Name[:1])
	_ = r
	// api names the kernel's operation for this type's word: atomic64_read
	// where an Int32 has atomic_read.
	api := func(s string) string { return strings.ReplaceAll(s, "atomic_", t.API+"_") }
	b.p("%spackage atomicfence\n", header)
	if t.Go != "int32" && t.Go != "int64" {
		b.p("import \"unsafe\"\n")
	}
	T, V := t.Name, t.Go
	if !t.Old {
		b.p("// %s", t.Doc)
		b.p("type %s struct {", T)
		b.p("\t_ noCopy")
		if t.Bits == 64 {
			b.p("\t_ align64")
		}
		b.p("\tv %s", V)
		b.p("}\n")
		if t.Go == "uint64" {
			b.p("// w64 is the same memory as the signed word that the routines take.")
			b.p("func (c *%s) w64() *int64 { return (*int64)(unsafe.Pointer(&c.v)) }\n", T)
		}
		if t.Go == "uintptr" {
			b.p("// w64 and w32 are the same memory as the signed word that the routines")
			b.p("// take; only the one of the size of a uintptr is ever used.")
			b.p("func (c *%s) w64() *int64 { return (*int64)(unsafe.Pointer(&c.v)) }", T)
			b.p("func (c *%s) w32() *int32 { return (*int32)(unsafe.Pointer(&c.v)) }\n", T)
			b.p("// ptr64 reports a 64-bit uintptr; the branch on it is resolved at compile time.")
			b.p("const ptr64 = unsafe.Sizeof(uintptr(0)) == 8\n")
		}
	} else if t.Go == "uint32" {
		b.p("// w32 is the same memory as the signed word that the routines take.")
		b.p("func (c *%s) w32() *int32 { return (*int32)(unsafe.Pointer(&c.v)) }\n", T)
	}
	loads := []string{"Relaxed", "Acquire", "SeqCst"}
	stores := []string{"Relaxed", "Release", "SeqCst"}
	for _, o := range loads {
		if t.Old && o != "SeqCst" {
			continue
		}
		switch o {
		case "SeqCst":
			b.p("// LoadSeqCst returns the value as a sequentially consistent load: an")
			b.p("// acquire that no earlier StoreSeqCst of the caller passes (%s).", api(kernelLoad[o]))
			b.p("// arm64: LDAR, which is LoadAcquire's instruction where the CPU has no")
			b.p("// LDAPR; amd64: MOV.")
		case "Acquire":
			b.p("// LoadAcquire returns the value; no later load or store of the caller is")
			b.p("// observed before it (%s).", api(kernelLoad[o]))
		default:
			b.p("// LoadRelaxed returns the value with no ordering against other accesses")
			b.p("// (%s).", api(kernelLoad[o]))
		}
		b.p("func (c *%s) Load%s() %s {\n%s\n}\n", T, o, V, t.body(false, "load", o))
	}
	for _, o := range stores {
		if t.Old && o != "SeqCst" {
			continue
		}
		switch o {
		case "SeqCst":
			b.p("// StoreSeqCst sets the value as a sequentially consistent store: a release")
			b.p("// that no later LoadSeqCst of the caller passes (%s).", api(kernelStore[o]))
			b.p("// arm64: STLR, as StoreRelease; amd64: XCHG, a full barrier, where")
			b.p("// StoreRelease is a MOV.")
		case "Release":
			b.p("// StoreRelease sets the value; every earlier load and store of the caller is")
			b.p("// observed before it (%s).", api(kernelStore[o]))
		default:
			b.p("// StoreRelaxed sets the value with no ordering against other accesses")
			b.p("// (%s).", api(kernelStore[o]))
		}
		b.p("func (c *%s) Store%s(v %s) {\n%s\n}\n", T, o, V, t.body(true, "store", o, "v"))
	}
	for _, o := range orders {
		b.p("// Swap%s stores v and returns the old value; %s (%s_xchg%s).", o.Name, orderDoc(o.Name), t.API, o.Kernel)
		b.p("func (c *%s) Swap%s(v %s) (old %s) {\n%s\n}\n", T, o.Name, V, V, t.body(false, "swap", o.Name, "v"))
	}
	if !t.Old {
		for _, o := range orders {
			b.p("// CompareAndSwap%s sets the value to new if it equals old (%s_cmpxchg%s). %s", o.Name, t.API, o.Kernel, casOrderDoc[o.Name])
			b.p("// A failed compare orders nothing. It reports whether it swapped, and prev:")
			b.p("// old when it swapped, otherwise a value observed during the call that")
			b.p("// differs from old (see Int32.CompareAndSwapRelaxed).")
			b.p("func (c *%s) CompareAndSwap%s(old, new %s) (prev %s, swapped bool) {\n%s\n}\n", T, o.Name, V, V, t.casBody(o.Name))
		}
		for _, o := range orders {
			b.p("// FetchAdd%s adds delta, wrapping, and returns the old value; %s (%s_fetch_add%s).", o.Name, orderDoc(o.Name), t.API, o.Kernel)
			b.p("func (c *%s) FetchAdd%s(delta %s) (old %s) {\n%s\n}\n", T, o.Name, V, V, t.body(false, "xadd", o.Name, "delta"))
		}
	}
	for _, o := range orders {
		b.p("// AddReturn%s adds delta, wrapping, and returns the new value; ordered as", o.Name)
		b.p("// FetchAdd%s (%s_add_return%s).", o.Name, t.API, o.Kernel)
		b.p("func (c *%s) AddReturn%s(delta %s) (new %s) { return c.FetchAdd%s(delta) + delta }\n", T, o.Name, V, V, o.Name)
	}
	bit := []struct{ name, stem, arg, doc, kernel string }{
		{"FetchAnd", "fetchAnd", "mask", "sets the value to value&mask", "atomic_fetch_and"},
		{"FetchAndNot", "fetchAnd", "^mask", "clears the bits of mask (value &^ mask)", "atomic_fetch_andnot"},
		{"FetchOr", "fetchOr", "mask", "sets the bits of mask (value | mask)", "atomic_fetch_or"},
		{"FetchXor", "fetchXor", "mask", "flips the bits of mask (value ^ mask)", "atomic_fetch_xor"},
	}
	for _, x := range bit {
		for _, o := range orders {
			b.p("// %s%s %s and returns the old value; %s (%s%s).", x.name, o.Name, x.doc, orderDoc(o.Name), api(x.kernel), o.Kernel)
			b.p("func (c *%s) %s%s(mask %s) (old %s) {\n%s\n}\n", T, x.name, o.Name, V, V, t.body(false, x.stem, o.Name, x.arg))
		}
	}
	mm := []struct{ name, sstem, ustem, doc string }{
		{"FetchMax", "smax", "umax", "the larger"},
		{"FetchMin", "smin", "umin", "the smaller"},
	}
	for _, x := range mm {
		stem := x.ustem
		kind := "unsigned"
		if t.Signed {
			stem, kind = x.sstem, "signed"
		}
		for _, o := range orders {
			b.p("// %s%s sets the value to %s of it and v, compared as %s integers,", x.name, o.Name, x.doc, kind)
			b.p("// and returns the old value; %s. It always writes,", orderDoc(o.Name))
			b.p("// the old value when that is %s, so that it is a read-modify-write", x.doc)
			b.p("// whichever value wins. Linux has no %s_fetch_%s; this is C++26's", t.API, strings.ToLower(strings.TrimPrefix(x.name, "Fetch")))
			b.p("// fetch_%s (arm64 LSE: LD%s%s).", strings.ToLower(strings.TrimPrefix(x.name, "Fetch")), strings.ToUpper(stem[:1])+strings.ToUpper(stem[1:]), o.LSE)
			b.p("func (c *%s) %s%s(v %s) (old %s) {\n%s\n}\n", T, x.name, o.Name, V, V, t.body(false, stem, o.Name, "v"))
		}
	}
	for _, o := range orders {
		b.p("// FetchUpdate%s reads the value, asks f for the new one and installs it", o.Name)
		b.p("// with CompareAndSwap%s, calling f again with the value found whenever", o.Name)
		b.p("// another writer changed it in between (the kernel's try_cmpxchg loop, Rust's")
		b.p("// fetch_update). It returns the value f last saw and whether the update")
		b.p("// was made: f returning ok == false stops it with nothing written and")
		b.p("// nothing ordered. f may run several times and must have no side effects")
		b.p("// that a retry would repeat. A successful update is ordered as")
		b.p("// CompareAndSwap%s. It panics if f is nil.", o.Name)
		b.p("func (c *%s) FetchUpdate%s(f func(old %s) (new %s, ok bool)) (old %s, ok bool) {", T, o.Name, V, V, V)
		b.p("\tif f == nil {")
		b.p("\t\tpanic(\"atomicfence: FetchUpdate%s with a nil f\")", o.Name)
		b.p("\t}")
		b.p("\told = c.LoadRelaxed()")
		b.p("\tfor {")
		b.p("\t\tnew, ok := f(old)")
		b.p("\t\tif !ok {")
		b.p("\t\t\treturn old, false")
		b.p("\t\t}")
		b.p("\t\tprev, swapped := c.CompareAndSwap%s(old, new)", o.Name)
		b.p("\t\tif swapped {")
		b.p("\t\t\treturn old, true")
		b.p("\t\t}")
		b.p("\t\told = prev")
		b.p("\t}")
		b.p("}\n")
	}
	return gofmt(strings.ToLower(T)+".go", b.Bytes())
}

// probe writes the probe's wrappers of the generated operations.
func probe() []byte {
	var b buf
	b.p("%spackage main\n\nimport \"github.com/atomicfence/atomicfence\"\n", header)
	b.p("// The wrappers of the generated operations, as ops.go's: one per method,")
	b.p("// never inlined, so that each listing is the operation as it compiles where")
	b.p("// it is inlined into a caller.\n")
	for _, t := range typs {
		T, V := t.Name, t.Go
		if t.Name != "Int32" {
			b.p("type %s struct{ c atomicfence.%s }\n", T, T)
		}
		w := func(sig, call string) {
			b.p("//go:noinline")
			b.p("func (w *%s) %s { %s }\n", T, sig, call)
		}
		for _, o := range []string{"Relaxed", "Acquire", "SeqCst"} {
			if t.Old && o != "SeqCst" {
				continue
			}
			w(fmt.Sprintf("Load%s() %s", o, V), fmt.Sprintf("return w.c.Load%s()", o))
		}
		for _, o := range []string{"Relaxed", "Release", "SeqCst"} {
			if t.Old && o != "SeqCst" {
				continue
			}
			w(fmt.Sprintf("Store%s(v %s)", o, V), fmt.Sprintf("w.c.Store%s(v)", o))
		}
		ops := []string{"Swap", "AddReturn", "FetchAnd", "FetchAndNot", "FetchOr", "FetchXor", "FetchMax", "FetchMin"}
		if !t.Old {
			ops = append(ops, "FetchAdd")
		}
		for _, op := range ops {
			for _, o := range orders {
				w(fmt.Sprintf("%s%s(v %s) %s", op, o.Name, V, V), fmt.Sprintf("return w.c.%s%s(v)", op, o.Name))
			}
		}
		for _, o := range orders {
			if !t.Old {
				w(fmt.Sprintf("CompareAndSwap%s(old, new %s) (%s, bool)", o.Name, V, V), fmt.Sprintf("return w.c.CompareAndSwap%s(old, new)", o.Name))
			}
			w(fmt.Sprintf("FetchUpdate%s(f func(%s) (%s, bool)) (%s, bool)", o.Name, V, V, V), fmt.Sprintf("return w.c.FetchUpdate%s(f)", o.Name))
		}
	}
	// The sequence that calls them all.
	b.p("// generatedOps calls every wrapper above once; the values are not checked")
	b.p("// (the root package's tests do that).")
	b.p("func generatedOps() {")
	for _, t := range typs {
		v := "x" + t.Name
		b.p("\tvar %s %s", v, t.Name)
		for _, o := range []string{"Relaxed", "Acquire", "SeqCst"} {
			if t.Old && o != "SeqCst" {
				continue
			}
			b.p("\t%s.Load%s()", v, o)
		}
		for _, o := range []string{"Relaxed", "Release", "SeqCst"} {
			if t.Old && o != "SeqCst" {
				continue
			}
			b.p("\t%s.Store%s(1)", v, o)
		}
		ops := []string{"Swap", "AddReturn", "FetchAnd", "FetchAndNot", "FetchOr", "FetchXor", "FetchMax", "FetchMin"}
		if !t.Old {
			ops = append(ops, "FetchAdd")
		}
		for _, op := range ops {
			for _, o := range orders {
				b.p("\t%s.%s%s(1)", v, op, o.Name)
			}
		}
		for _, o := range orders {
			if !t.Old {
				b.p("\t%s.CompareAndSwap%s(1, 2)", v, o.Name)
			}
			b.p("\t%s.FetchUpdate%s(func(x %s) (%s, bool) { return x + 1, true })", v, o.Name, t.Go, t.Go)
		}
	}
	b.p("}")
	return gofmt("ops_gen.go", b.Bytes())
}

// tables writes ops_gen_test.go: every method of each integer type, by
// kind, for the tests in types_test.go.
func tables() []byte {
	var b buf
	b.p("%spackage atomicfence\n", header)
	for _, t := range typs {
		T, V := t.Name, t.Go
		b.p("func %sTable() opTable[%s, %s] {", strings.ToLower(T[:1])+T[1:], T, V)
		b.p("\treturn opTable[%s, %s]{", T, V)
		b.p("\t\tname: %q,", T)
		b.p("\t\tloads: []named[func(*%s) %s]{", T, V)
		for _, o := range []string{"Relaxed", "Acquire", "SeqCst"} {
			b.p("\t\t\t{\"Load%s\", (*%s).Load%s},", o, T, o)
		}
		b.p("\t\t},")
		b.p("\t\tstores: []named[func(*%s, %s)]{", T, V)
		for _, o := range []string{"Relaxed", "Release", "SeqCst"} {
			b.p("\t\t\t{\"Store%s\", (*%s).Store%s},", o, T, o)
		}
		b.p("\t\t},")
		b.p("\t\trmws: []named[func(*%s, %s) %s]{", T, V, V)
		for _, op := range []string{"Swap", "FetchAdd", "AddReturn", "FetchAnd", "FetchAndNot", "FetchOr", "FetchXor", "FetchMax", "FetchMin"} {
			for _, o := range orders {
				b.p("\t\t\t{\"%s%s\", (*%s).%s%s},", op, o.Name, T, op, o.Name)
			}
		}
		b.p("\t\t},")
		b.p("\t\tcases: []named[func(*%s, %s, %s) (%s, bool)]{", T, V, V, V)
		for _, o := range orders {
			b.p("\t\t\t{\"CompareAndSwap%s\", (*%s).CompareAndSwap%s},", o.Name, T, o.Name)
		}
		b.p("\t\t},")
		b.p("\t\tupdates: []named[func(*%s, func(%s) (%s, bool)) (%s, bool)]{", T, V, V, V)
		for _, o := range orders {
			b.p("\t\t\t{\"FetchUpdate%s\", (*%s).FetchUpdate%s},", o.Name, T, o.Name)
		}
		b.p("\t\t},")
		b.p("\t}")
		b.p("}\n")
	}
	return gofmt("ops_gen_test.go", b.Bytes())
}

func gofmt(name string, src []byte) []byte {
	out, err := format.Source(wrapComments(src))
	if err != nil {
		log.Fatalf("%s: %v\n%s", name, err, src)
	}
	return out
}

func main() {
	dir := flag.String("o", ".", "the module's root directory to write into")
	flag.Parse()
	s, g := arm64()
	files := map[string][]byte{
		"ops_arm64.s":               s,
		"ops_asm.go":                g,
		"ops_riscv64.s":             wrapComments(riscv64()),
		"ops_loong64.s":             wrapComments(loong64()),
		"ops_ppc64le.s":             wrapComments(ppc64le()),
		"ops_sync.go":               syncOps(),
		"internal/probe/ops_gen.go": probe(),
		"ops_gen_test.go":           tables(),
	}
	for _, t := range typs {
		name := strings.ToLower(t.Name) + ".go"
		if t.Old {
			name = strings.ToLower(t.Name) + "_ops.go"
		}
		files[name] = methods(t)
	}
	for name, b := range files {
		p := filepath.Join(*dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// wrapComments folds the comment lines longer than 78 columns.
func wrapComments(src []byte) []byte {
	var out []string
	for _, l := range strings.Split(string(src), "\n") {
		indent, rest, ok := strings.Cut(l, "// ")
		if !ok || strings.TrimSpace(indent) != "" || len(l) <= 78 || strings.HasPrefix(rest, "\t") || strings.HasPrefix(l, "//go:") {
			out = append(out, l)
			continue
		}
		line := indent + "//"
		for _, w := range strings.Fields(rest) {
			if len(line)+1+len(w) > 78 && line != indent+"//" {
				out = append(out, line)
				line = indent + "//"
			}
			line += " " + w
		}
		out = append(out, line)
	}
	return []byte(strings.Join(out, "\n"))
}

// A plainAccess is a load or store routine of the architectures whose
// barriers are separate instructions: the access and the barriers before
// and after it, as the architecture's barrier writer spells them.
type plainAccess struct {
	name, insn, pre, post, doc string
	bits                       int
	store                      bool
}

// A plainArch is how an architecture's routines take their operands:
// the MOV of each width, the address register and the operand register,
// and the writer of its barrier lines.
type plainArch struct {
	mov       map[int]string // 32, 64
	addr, val string
	barrier   func(b *buf, s string)
	rmwWhy    map[string]string // per ordering, why its read-modify-writes are ordered enough
}

var (
	rvArch = plainArch{map[int]string{32: "MOVW", 64: "MOV"}, "A0", "A1", rvFenceLine, rvRMWWhy}
	laArch = plainArch{map[int]string{32: "MOVW", 64: "MOVV"}, "R4", "R5", laDBARLine, laRMWWhy}
	ppArch = plainArch{map[int]string{32: "MOVW", 64: "MOVD"}, "R3", "R4", ppBarrierLine, ppRMWWhy}
)

// Why each ordering's read-modify-writes are ordered enough, per
// architecture: the comment of each routine says it.
var (
	arm64RMWWhy = map[string]string{
		"Relaxed": "Relaxed: the exclusive pair (on LSE, the plain form) orders nothing, and nothing is asked.",
		"Acquire": "Acquire: LDAXR (on LSE, the A form) is a load-acquire, which no later load or store passes; the write needs no order.",
		"Release": "Release: STLXR (on LSE, the L form) is a store-release, which passes no earlier load or store; the read needs no order.",
		"Full":    "Full: STLXR keeps every earlier access before the write and the DMB ISH after the loop keeps every later one after it, Linux's fully ordered loop; on LSE the AL form, an acquire and a release in one atomic, is ordered against every access on both sides.",
	}
	rvRMWWhy = map[string]string{
		"Relaxed": "Relaxed: an AMO without .aq or .rl orders nothing, and nothing is asked.",
		"Acquire": "Acquire: FENCE R,RW after the AMO keeps every later load and store after its read.",
		"Release": "Release: FENCE RW,W before the AMO keeps every earlier load and store before its write.",
		"Full":    "Full: an AMO with .aqrl is ordered after every earlier access and before every later one (RVWMO), Linux's fully ordered AMO.",
	}
	laRMWWhy = map[string]string{
		"Relaxed": "Relaxed: an AM* without _DB orders nothing, and nothing is asked.",
		"Acquire": "Acquire: the _DB form, Linux's for every ordered AM*, is a full barrier on both sides of the access, which covers an acquire's later side.",
		"Release": "Release: the _DB form, Linux's for every ordered AM*, is a full barrier on both sides of the access, which covers a release's earlier side.",
		"Full":    "Full: the _DB form is a full barrier on both sides of the access.",
	}
	ppRMWWhy = map[string]string{
		"Relaxed": "Relaxed: the reserved load and conditional store loop orders nothing, and nothing is asked.",
		"Acquire": "Acquire: ISYNC after the BNE that closes the loop starts no later instruction before the branch resolves, after the reserved load's value and the store's success are known (ctrl+isync).",
		"Release": "Release: LWSYNC before the loop keeps every earlier load and store before its store.",
		"Full":    "Full: SYNC before and after the loop orders it against every earlier and later access, an earlier store against a later load included.",
	}
)

// plain writes a load or store routine.
func (a plainArch) plain(b *buf, l plainAccess) {
	b.p("\n// %s: %s.", l.name, l.doc)
	b.p("TEXT ·%s(SB), NOSPLIT, $0-%d", l.name, 8+l.bits/8)
	b.p("\t%s\tp+0(FP), %s", a.mov[64], a.addr)
	if l.store {
		b.p("\t%s\tv+8(FP), %s", a.mov[l.bits], a.val)
	}
	a.barrier(b, l.pre)
	b.p("\t%s", tabify(l.insn))
	a.barrier(b, l.post)
	if !l.store {
		b.p("\t%s\t%s, ret+8(FP)", a.mov[l.bits], a.val)
	}
	b.p("\tRET")
}

// rmwHead writes the comment, TEXT line and operand loads of a
// read-modify-write routine of r at width w in ordering ord.
func (a plainArch) rmwHead(b *buf, r rmw, w width, ord string) {
	name := fmt.Sprintf("%s%d%s", r.Name, w.Bits, ord)
	b.p("\n%s", wrapComments(fmt.Appendf(nil, "// %s %s and returns the old value. %s", name, r.Doc, a.rmwWhy[ord])))
	b.p("TEXT ·%s(SB), NOSPLIT, $0-%d", name, 16+w.Size)
	b.p("\t%s\tp+0(FP), %s", a.mov[64], a.addr)
	b.p("\t%s\tv+8(FP), %s", a.mov[w.Bits], a.val)
}

// A riscv64 ordering, as Linux maps it (arch/riscv/include/asm/atomic.h,
// cmpxchg.h, fence.h): acquire and release are a relaxed AMO or LR/SC
// loop with a fence after or before it, full is AMO.AQRL, or LR with
// SC.RL followed by FENCE RW,RW.
type rvOrder struct {
	Name      string
	Pre, Post string // the FENCE before and after ("" for none): RW,W; R,RW; RW,RW
	AQRL      bool   // AMO*.AQRL
	SCRL      bool   // SC.RL in the LR/SC loop
}

var rvOrders = []rvOrder{
	{Name: "Relaxed"},
	{Name: "Acquire", Post: "R,RW"},
	{Name: "Release", Pre: "RW,W"},
	{Name: "Full", AQRL: true, SCRL: true},
}

// rvFence encodes FENCE pred,succ (fm = 0), the sets written as in
// "RW,W" with the letters of I, O, R, W.
func rvFence(sets string) uint32 {
	pred, succ, _ := strings.Cut(sets, ",")
	bits := func(s string) uint32 {
		var b uint32
		for _, c := range s {
			b |= map[rune]uint32{'I': 8, 'O': 4, 'R': 2, 'W': 1}[c]
		}
		return b
	}
	return bits(pred)<<24 | bits(succ)<<20 | 0x0f
}

// rvAMO encodes an atomic-memory-operation, LR or SC word: funct5, the aq
// and rl bits, rs2, rs1 and rd (register numbers), W (32) or D (64).
func rvAMO(funct5 uint32, aq, rl bool, rs2, rs1, rd uint32, bits int) uint32 {
	w := funct5<<27 | rs2<<20 | rs1<<15 | rd<<7 | 0x2f
	if aq {
		w |= 1 << 26
	}
	if rl {
		w |= 1 << 25
	}
	if bits == 64 {
		return w | 3<<12
	}
	return w | 2<<12
}

var rvAMONames = map[uint32]string{0x00: "AMOADD", 0x01: "AMOSWAP", 0x04: "AMOXOR", 0x08: "AMOOR", 0x0c: "AMOAND",
	0x10: "AMOMIN", 0x14: "AMOMAX", 0x18: "AMOMINU", 0x1c: "AMOMAXU"}

// Register numbers of the riscv64 routines: A0 the address, A1 the
// operand or expected value, A2 the new value, A3 the old value, A4 the
// store-conditional's status.
const (
	rvA0 = 10
	rvA1 = 11
	rvA2 = 12
	rvA3 = 13
	rvA4 = 14
)

func rvSz(bits int) string { return map[int]string{32: "W", 64: "D"}[bits] }

// rvFenceLine writes FENCE sets as a WORD: the Go assembler's FENCE is
// FENCE IORW,IORW, stronger than any ordering here needs.
func rvFenceLine(b *buf, sets string) {
	if sets != "" {
		b.p("\tWORD\t$0x%08x // FENCE %s", rvFence(sets), sets)
	}
}

// rvAMOLine writes an AMO (funct5) of A1 at (A0) into A3.
func rvAMOLine(b *buf, funct5 uint32, aqrl bool, bits int) {
	sfx := ""
	if aqrl {
		sfx = ".AQRL"
	}
	b.p("\tWORD\t$0x%08x // %s.%s%s A1, (A0), A3", rvAMO(funct5, aqrl, aqrl, rvA1, rvA0, rvA3, bits), rvAMONames[funct5], rvSz(bits), sfx)
}

// rvLRSCLines writes the compare-and-swap loop of A1 to A2 at (A0), the
// old value in A3, branching to fail on a mismatch.
func rvLRSCLines(b *buf, o rvOrder, bits int) {
	sfx := ""
	if o.SCRL {
		sfx = ".RL"
	}
	b.p("loop:")
	b.p("\tWORD\t$0x%08x // LR.%s (A0), A3", rvAMO(0x02, false, false, 0, rvA0, rvA3, bits), rvSz(bits))
	b.p("\tBNE\tA1, A3, fail")
	b.p("\tWORD\t$0x%08x // SC.%s%s A2, (A0), A4", rvAMO(0x03, false, o.SCRL, rvA2, rvA0, rvA4, bits), rvSz(bits), sfx)
	b.p("\tBNEZ\tA4, loop")
}

// riscv64 writes ops_riscv64.s: the routines of ops_asm.go.
func riscv64() []byte {
	var b buf
	b.p("%s//go:build !purego && !race\n", header)
	b.p(`#include "textflag.h"`)
	b.p(`
// The riscv64 routines of the 64-bit words, and those of the 32-bit words
// that came with them, in the shape of atomicfence_riscv64.s, whose header
// gives the mapping (Linux's): a relaxed AMO or LR/SC loop, FENCE R,RW
// after it for acquire, FENCE RW,W before it for release, AMO.AQRL or
// LR / SC.RL + FENCE RW,RW for full. The AMO, LR, SC and FENCE forms are
// WORDs, each with its instruction in the comment beside it: the Go
// assembler sets aq and rl on every AMO, aq on LR and rl on SC, and its
// FENCE is FENCE IORW,IORW. Registers: A0 the address, A1 the operand, A2
// the new value, A3 the old value, A4 the SC status.
//
// The sequentially consistent loads and stores are the RISC-V
// specification's mapping of C++ seq_cst (its table A.6): FENCE RW,RW;
// load; FENCE R,RW, and FENCE RW,W; store. The leading full fence of the
// load is what keeps it from passing an earlier seq_cst store.`)
	list := []plainAccess{
		{name: "load64Relaxed", insn: "MOV (A0), A1", bits: 64, doc: "an aligned LD is single-copy atomic and orders nothing"},
		{name: "load64Acquire", insn: "MOV (A0), A1", post: "R,RW", bits: 64, doc: "LD, then FENCE R,RW: no later load or store is performed before the load (Linux's smp_load_acquire)"},
		{name: "load64SeqCst", insn: "MOV (A0), A1", pre: "RW,RW", post: "R,RW", bits: 64, doc: "FENCE RW,RW; LD; FENCE R,RW, the seq_cst load"},
		{name: "load32SeqCst", insn: "MOVW (A0), A1", pre: "RW,RW", post: "R,RW", bits: 32, doc: "FENCE RW,RW; LW; FENCE R,RW, the seq_cst load"},
		{name: "loadPtrRelaxed", insn: "MOV (A0), A1", bits: 64, doc: "load64Relaxed with a pointer result"},
		{name: "loadPtrAcquire", insn: "MOV (A0), A1", post: "R,RW", bits: 64, doc: "load64Acquire with a pointer result"},
		{name: "loadPtrSeqCst", insn: "MOV (A0), A1", pre: "RW,RW", post: "R,RW", bits: 64, doc: "load64SeqCst with a pointer result"},
		{name: "store64Relaxed", insn: "MOV A1, (A0)", bits: 64, store: true, doc: "an aligned SD is single-copy atomic and orders nothing"},
		{name: "store64Release", insn: "MOV A1, (A0)", pre: "RW,W", bits: 64, store: true, doc: "FENCE RW,W, then SD: every earlier load and store is performed before the store (Linux's smp_store_release)"},
		{name: "store64SeqCst", insn: "MOV A1, (A0)", pre: "RW,W", bits: 64, store: true, doc: "FENCE RW,W; SD, the seq_cst store, a release that no later seq_cst load passes because that load starts with FENCE RW,RW"},
		{name: "store32SeqCst", insn: "MOVW A1, (A0)", pre: "RW,W", bits: 32, store: true, doc: "FENCE RW,W; SW, as store64SeqCst"},
	}
	for _, l := range list {
		rvArch.plain(&b, l)
	}
	for _, w := range widths {
		mov := rvArch.mov[w.Bits]
		for _, r := range rmws {
			if w.Bits == 32 && !r.New {
				continue
			}
			for _, o := range rvOrders {
				rvArch.rmwHead(&b, r, w, o.Name)
				rvFenceLine(&b, o.Pre)
				rvAMOLine(&b, r.RV, o.AQRL, w.Bits)
				rvFenceLine(&b, o.Post)
				b.p("\t%s\tA3, ret+16(FP)", mov)
				b.p("\tRET")
			}
		}
	}
	for _, o := range rvOrders {
		name := "cas64" + o.Name
		b.p("\n// %s is cas32%s on a 64-bit word.", name, o.Name)
		b.p("TEXT ·%s(SB), NOSPLIT, $0-33", name)
		b.p("\tMOV\tp+0(FP), A0")
		b.p("\tMOV\told+8(FP), A1")
		b.p("\tMOV\tnew+16(FP), A2")
		rvFenceLine(&b, o.Pre)
		rvLRSCLines(&b, o, 64)
		post := o.Post
		if o.SCRL {
			post = "RW,RW"
		}
		rvFenceLine(&b, post)
		b.p("\tMOV\tA3, ret+24(FP)")
		b.p("\tMOV\t$1, A4")
		b.p("\tMOVB\tA4, ret1+32(FP)")
		b.p("\tRET")
		b.p("fail:")
		b.p("\tMOV\tA3, ret+24(FP)")
		b.p("\tMOVB\tZERO, ret1+32(FP)")
		b.p("\tRET")
	}
	return b.Bytes()
}

// A loong64 ordering, after Linux (arch/loongarch/include/asm/atomic.h,
// cmpxchg.h, barrier.h): the AM* form for relaxed and the AM*_DB form,
// which has the barrier in it, for the others; the compare-and-swap loop
// with the DBAR hints around it.
type laOrder struct {
	Name      string
	DB        bool   // AM*_DB
	Pre, Post string // the DBAR hint before the LL/SC loop and after a success
}

var laOrders = []laOrder{
	{Name: "Relaxed", Post: "0x700"},
	{Name: "Acquire", DB: true, Post: "0x14"},
	{Name: "Release", DB: true, Pre: "0x12", Post: "0x700"},
	{Name: "Full", DB: true, Pre: "0x10", Post: "0x10"},
}

// laDBAR names each DBAR hint in the comment beside it.
var laDBAR = map[string]string{
	"0x700": "same-address load after LL",
	"0x14":  "ldacq_mb: earlier loads before later loads and stores",
	"0x12":  "strel_mb: earlier loads and stores before later stores",
	"0x10":  "smp_mb",
	"0x18":  "earlier stores before later loads",
}

func laDBARLine(b *buf, hint string) {
	if hint != "" {
		b.p("\tDBAR\t$%s // %s", hint, laDBAR[hint])
	}
}

// laAM names the AM* instruction of a read-modify-write: AMADDW,
// AMADDDBV, AMMAXDBWU, ...
func laAM(r rmw, o laOrder, bits int) string {
	n := r.LA
	if o.DB {
		n += "DB"
	}
	n += map[int]string{32: "W", 64: "V"}[bits]
	if r.Name == "umax" || r.Name == "umin" {
		n += "U"
	}
	return n
}

// laCASLines writes the compare-and-swap of R5 to R6 at (R4), the old
// value in R8, and its exits with the result at ret+off(FP) (the old
// value) and ret1+off+size(FP).
func laCASLines(b *buf, o laOrder, bits int, retOff int) {
	ll, sc, mov := "LL", "SC", "MOVW"
	if bits == 64 {
		ll, sc, mov = "LLV", "SCV", "MOVV"
	}
	laDBARLine(b, o.Pre)
	b.p("loop:")
	b.p("\t%s\t(R4), R8", ll)
	b.p("\tBNE\tR5, R8, fail")
	b.p("\tMOVV\tR6, R7")
	b.p("\t%s\tR7, (R4)", sc)
	b.p("\tBEQ\tR7, loop")
	laDBARLine(b, o.Post)
	b.p("\t%s\tR8, ret+%d(FP)", mov, retOff)
	b.p("\tMOVV\t$1, R7")
	b.p("\tMOVB\tR7, ret1+%d(FP)", retOff+bits/8)
	b.p("\tRET")
	b.p("fail:")
	laDBARLine(b, "0x700")
	b.p("\t%s\tR8, ret+%d(FP)", mov, retOff)
	b.p("\tMOVB\tR0, ret1+%d(FP)", retOff+bits/8)
	b.p("\tRET")
}

// loong64 writes ops_loong64.s: the routines of ops_asm.go.
func loong64() []byte {
	var b buf
	b.p("%s//go:build !purego && !race\n", header)
	b.p(`#include "textflag.h"`)
	b.p(`
// The loong64 routines of the 64-bit words, and those of the 32-bit words
// that came with them, in the shape of atomicfence_loong64.s, whose header
// gives the mapping: AM* for relaxed, AM*_DB for acquire, release and
// full, the LL/SC loop with DBAR hints for compare-and-swap, a load with
// DBAR 0x14 after it for acquire, DBAR 0x12 before a store for release.
// The sequentially consistent load and store are Go's own (sync/atomic on
// loong64): the acquire load, and DBAR 0x12; store; DBAR 0x18, whose
// trailing barrier keeps a later load from passing the store. Registers:
// R4 the address, R5 the operand or expected value, R6 the new value, R7
// the SC status, R8 the old value.`)
	list := []plainAccess{
		{name: "load64Relaxed", insn: "MOVV (R4), R5", bits: 64, doc: "an aligned LD.D is single-copy atomic and orders nothing"},
		{name: "load64Acquire", insn: "MOVV (R4), R5", post: "0x14", bits: 64, doc: "LD.D, then DBAR 0x14 (Linux's ldacq_mb in smp_load_acquire)"},
		{name: "load64SeqCst", insn: "MOVV (R4), R5", post: "0x14", bits: 64, doc: "the acquire load: the seq_cst store's trailing DBAR 0x18 keeps it from passing an earlier seq_cst store"},
		{name: "load32SeqCst", insn: "MOVW (R4), R5", post: "0x14", bits: 32, doc: "load64SeqCst on a 32-bit word"},
		{name: "loadPtrRelaxed", insn: "MOVV (R4), R5", bits: 64, doc: "load64Relaxed with a pointer result"},
		{name: "loadPtrAcquire", insn: "MOVV (R4), R5", post: "0x14", bits: 64, doc: "load64Acquire with a pointer result"},
		{name: "loadPtrSeqCst", insn: "MOVV (R4), R5", post: "0x14", bits: 64, doc: "load64SeqCst with a pointer result"},
		{name: "store64Relaxed", insn: "MOVV R5, (R4)", bits: 64, store: true, doc: "an aligned ST.D is single-copy atomic and orders nothing"},
		{name: "store64Release", insn: "MOVV R5, (R4)", pre: "0x12", bits: 64, store: true, doc: "DBAR 0x12, then ST.D (Linux's strel_mb in smp_store_release)"},
		{name: "store64SeqCst", insn: "MOVV R5, (R4)", pre: "0x12", post: "0x18", bits: 64, store: true, doc: "DBAR 0x12; ST.D; DBAR 0x18, a release that no later load passes"},
		{name: "store32SeqCst", insn: "MOVW R5, (R4)", pre: "0x12", post: "0x18", bits: 32, store: true, doc: "store64SeqCst on a 32-bit word"},
	}
	for _, l := range list {
		laArch.plain(&b, l)
	}
	for _, w := range widths {
		mov := laArch.mov[w.Bits]
		for _, r := range rmws {
			if w.Bits == 32 && !r.New {
				continue
			}
			for _, o := range laOrders {
				laArch.rmwHead(&b, r, w, o.Name)
				b.p("\t%s\tR5, (R4), R8", laAM(r, o, w.Bits))
				b.p("\t%s\tR8, ret+16(FP)", mov)
				b.p("\tRET")
			}
		}
	}
	for _, o := range laOrders {
		name := "cas64" + o.Name
		b.p("\n// %s is cas32%s on a 64-bit word.", name, o.Name)
		b.p("TEXT ·%s(SB), NOSPLIT, $0-33", name)
		b.p("\tMOVV\tp+0(FP), R4")
		b.p("\tMOVV\told+8(FP), R5")
		b.p("\tMOVV\tnew+16(FP), R6")
		laCASLines(&b, o, 64, 24)
	}
	return b.Bytes()
}

// A ppc64le ordering, as Linux maps it (arch/powerpc/include/asm/
// atomic.h, cmpxchg.h, synch.h): a LWARX/STWCX. loop with LWSYNC before it
// for release (PPC_RELEASE_BARRIER), ISYNC after the branch that closes it
// for acquire (PPC_ACQUIRE_BARRIER as written; the kernel patches it to
// LWSYNC at boot where the core has LWSYNC), SYNC on both sides for full
// (PPC_ATOMIC_ENTRY_BARRIER, PPC_ATOMIC_EXIT_BARRIER).
type ppOrder struct {
	Name      string
	Pre, Post string // SYNC, LWSYNC, ISYNC or ""
}

var ppOrders = []ppOrder{
	{Name: "Relaxed"},
	{Name: "Acquire", Post: "ISYNC"},
	{Name: "Release", Pre: "LWSYNC"},
	{Name: "Full", Pre: "SYNC", Post: "SYNC"},
}

func ppBarrierLine(b *buf, s string) {
	if s != "" {
		b.p("\t%s", s)
	}
}

// ppc64le writes ops_ppc64le.s: the routines of ops_asm.go.
func ppc64le() []byte {
	var b buf
	b.p("%s//go:build !purego && !race\n", header)
	b.p(`#include "textflag.h"`)
	b.p(`
// The ppc64le routines of the 64-bit words, and those of the 32-bit words
// that came with them, in the shape of atomicfence_ppc64le.s, whose header
// gives the mapping: every read-modify-write is a LWARX/STWCX. (LDARX/
// STDCX.) loop, with LWSYNC before it for release, ISYNC after it for
// acquire and SYNC on both sides for full; a load with LWSYNC after it for
// acquire, LWSYNC before a store for release. The sequentially consistent
// load and store are the leading-SYNC mapping of C++ seq_cst on Power
// (Go's sync/atomic has it too): SYNC; load; LWSYNC, and SYNC; store.
// Min and max branch inside the loop. Registers: R3 the address, R4 the
// operand or expected value, R5 the old value, R6 the new value.`)
	list := []plainAccess{
		{name: "load64Relaxed", insn: "MOVD (R3), R4", bits: 64, doc: "an aligned LD is single-copy atomic and orders nothing"},
		{name: "load64Acquire", insn: "MOVD (R3), R4", post: "LWSYNC", bits: 64, doc: "LD, then LWSYNC (Linux's smp_load_acquire)"},
		{name: "load64SeqCst", insn: "MOVD (R3), R4", pre: "SYNC", post: "LWSYNC", bits: 64, doc: "SYNC; LD; LWSYNC, the seq_cst load, whose SYNC keeps it from passing an earlier seq_cst store"},
		{name: "load32SeqCst", insn: "MOVW (R3), R4", pre: "SYNC", post: "LWSYNC", bits: 32, doc: "load64SeqCst on a 32-bit word"},
		{name: "loadPtrRelaxed", insn: "MOVD (R3), R4", bits: 64, doc: "load64Relaxed with a pointer result"},
		{name: "loadPtrAcquire", insn: "MOVD (R3), R4", post: "LWSYNC", bits: 64, doc: "load64Acquire with a pointer result"},
		{name: "loadPtrSeqCst", insn: "MOVD (R3), R4", pre: "SYNC", post: "LWSYNC", bits: 64, doc: "load64SeqCst with a pointer result"},
		{name: "store64Relaxed", insn: "MOVD R4, (R3)", bits: 64, store: true, doc: "an aligned STD is single-copy atomic and orders nothing"},
		{name: "store64Release", insn: "MOVD R4, (R3)", pre: "LWSYNC", bits: 64, store: true, doc: "LWSYNC, then STD (Linux's smp_store_release)"},
		{name: "store64SeqCst", insn: "MOVD R4, (R3)", pre: "SYNC", bits: 64, store: true, doc: "SYNC; STD, the seq_cst store"},
		{name: "store32SeqCst", insn: "MOVW R4, (R3)", pre: "SYNC", bits: 32, store: true, doc: "store64SeqCst on a 32-bit word"},
	}
	for _, l := range list {
		ppArch.plain(&b, l)
	}
	for _, w := range widths {
		mov := ppArch.mov[w.Bits]
		ll, sc := "LWAR", "STWCCC"
		if w.Bits == 64 {
			ll, sc = "LDAR", "STDCCC"
		}
		for _, r := range rmws {
			if w.Bits == 32 && !r.New {
				continue
			}
			for _, o := range ppOrders {
				ppArch.rmwHead(&b, r, w, o.Name)
				ppBarrierLine(&b, o.Pre)
				b.p("loop:")
				b.p("\t%s\t(R3), R5", ll)
				src := "R6"
				if r.Name == "swap" {
					src = "R4"
				}
				for _, c := range r.PPC {
					if strings.HasSuffix(c, ":") {
						b.p("%s", c)
						continue
					}
					if strings.Contains(c, "%") {
						c = fmt.Sprintf(c, w.Sz)
					}
					b.p("\t%s", tabify(c))
				}
				b.p("\t%s\t%s, (R3)", sc, src)
				b.p("\tBNE\tloop")
				ppBarrierLine(&b, o.Post)
				b.p("\t%s\tR5, ret+16(FP)", mov)
				b.p("\tRET")
			}
		}
	}
	for _, o := range ppOrders {
		name := "cas64" + o.Name
		b.p("\n// %s is cas32%s on a 64-bit word.", name, o.Name)
		b.p("TEXT ·%s(SB), NOSPLIT, $0-33", name)
		b.p("\tMOVD\tp+0(FP), R3")
		b.p("\tMOVD\told+8(FP), R4")
		b.p("\tMOVD\tnew+16(FP), R6")
		ppBarrierLine(&b, o.Pre)
		b.p("loop:")
		b.p("\tLDAR\t(R3), R5")
		b.p("\tCMP\tR5, R4")
		b.p("\tBNE\tfail")
		b.p("\tSTDCCC\tR6, (R3)")
		b.p("\tBNE\tloop")
		ppBarrierLine(&b, o.Post)
		b.p("\tMOVD\tR5, ret+24(FP)")
		b.p("\tMOVD\t$1, R7")
		b.p("\tMOVB\tR7, ret1+32(FP)")
		b.p("\tRET")
		b.p("fail:")
		b.p("\tMOVD\tR5, ret+24(FP)")
		b.p("\tMOVB\tR0, ret1+32(FP)")
		b.p("\tRET")
	}
	return b.Bytes()
}
