package verify

import (
	"context"
	"debug/elf"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// chainImage is an amd64 image of main.p0 and main.p1 on q, a main.chain:
// the offset a (8, which no thread writes) and the doublewords c1 to c4
// after it. p0 stores 1 to q.c1 at q's address plus q.a; p1 reaches q.c1
// the same way and then, for each k below n, stores 1 to q.c(k+1) where
// it loads 1 from q.c(k). Each store is found only once the location it
// depends on is shared, so that the stores to c1 to cn are found one
// extraction after the other.
func chainImage(n int) *Image {
	p0 := listing{"main.p0", []string{"MOVQ 0(AX), CX", "ADDQ CX, AX", "MOVQ $0x1, 0(AX)", "RET"}}
	code := []string{"MOVQ 0(AX), CX", "ADDQ CX, AX"}
	end := 2 + 4*(n-1)
	for k := 1; k < n; k++ {
		code = append(code, fmt.Sprintf("MOVQ %#x(AX), DX", 8*(k-1)), "CMPQ DX, $0x1", "JNE "+at(1, end), fmt.Sprintf("MOVQ $0x1, %#x(AX)", 8*k))
	}
	code = append(code, "RET")
	img := handImage("amd64", p0, listing{"main.p1", code})
	img.layout["main.chain"] = []field{{path: "a", off: 0, size: 8}, {path: "c1", off: 8, size: 8},
		{path: "c2", off: 16, size: 8}, {path: "c3", off: 24, size: 8}, {path: "c4", off: 32, size: 8}}
	return img
}

// TestLateStoresChained: a store found only once an earlier extraction
// shared the location it depends on is shared in the next extraction, up
// to the bound of maxPasses (4) extractions: the chain of stores to c1 and c2
// (the first extraction, then one for each store) is derived whole, p1's
// store to c2 reachable, and the chain one store longer, which needs one
// extraction more, fails the derivation rather than deriving the threads
// of the last extraction that failed.
func TestLateStoresChained(t *testing.T) {
	sc := &Scenario{
		Name:      "late-chain",
		Objects:   []Object{{Name: "q", Type: "main.chain", Init: map[string]Value{"a": Int(8)}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: Final("q_c2", 1),
	}
	tg := targetNamed(t, "amd64")
	d, err := Derive(chainImage(2), tg, sc)
	if err != nil {
		t.Fatalf("stores to c1 and c2, found in the second and third extractions: %v", err)
	}
	r := Row{Scenario: sc, Target: tg, Derived: d}
	if err := r.decide(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, d.Text)
	}
	if !r.Sometimes {
		t.Errorf("q_c2=1 not reached; want p1's store to c2, found in the third extraction, in the test; the derived test:\n%s", d.Text)
	}
	sc.Forbidden = Final("q_c3", 1)
	if d, err := Derive(chainImage(3), tg, sc); err == nil {
		t.Errorf("stores to c1, c2 and c3: derived, want it refused with the store to c3 found after the last of %d extractions; the derived test:\n%s", maxPasses, d.Text)
	} else if !strings.Contains(err.Error(), "q.c3 is written but was folded as read-only") {
		t.Errorf("stores to c1, c2 and c3: %v; want the store to c3 refused as found too late", err)
	}
}

// TestBranchesToOneStateShareCode: two conditional branches, on two
// paths, that reach one instruction in the same state share one label
// and the litmus code from there on: the store there is written once.
func TestBranchesToOneStateShareCode(t *testing.T) {
	p0 := listing{"main.p0", []string{
		"MOVL 0(AX), CX", // 0: the loaded values steer the paths
		"MOVL 0x4(AX), DX",
		"CMPL CX, $0x1",
		"JE " + at(0, 8),
		"MOVL $0x1, SI", // 4
		"CMPL CX, DX",
		"JE " + at(0, 13),
		"RET",
		"MOVL $0x1, SI", // 8: the same registers
		"CMPL CX, DX",
		"JE " + at(0, 13),
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x5, 0x4(AX)", // 13: both branches land here
		"RET",
	}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "MOVL $0x1, 0x4(AX)", "RET"}}
	sc := &Scenario{Name: "join-branches", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Final("o_y", 5)}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantVerdict(t, "p0 storing 5 to o.y where it loads o.x equal to o.y", r, err, true)
	if n := strings.Count(derivedText(r), "$5"); n != 1 {
		t.Errorf("the store that both branches reach is written %d times, want once; the derived test:\n%s", n, derivedText(r))
	}
}

// TestFieldAddressesDistinct: the address of an object's field and the
// object's own address are two numbers in the derived test. q.a starts as
// &r and p0 stores &r.b to it; p1, which compares what it loads with &r
// (returning 1 where equal, else 2), returns 2 once it reads p0's store.
func TestFieldAddressesDistinct(t *testing.T) {
	sc := &Scenario{
		Name:      "field-address",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("r")}}, {Name: "r", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q"), Ref("r")}}, {Entry: "main.p1", Args: []Value{Ref("q"), Ref("r")}}},
		Forbidden: Returned(1, 2),
		Reach:     []Cond{Returned(1, 1)},
	}
	p0 := listing{"main.p0", []string{"LEAQ 0x8(BX), CX", "MOVQ CX, 0(AX)", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ 0(AX), DX", "CMPQ DX, BX", "JE " + at(1, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantVerdict(t, "p1 finding &r.b, which p0 stores to q.a, other than &r", r, err, true)
}

// TestConstantPoolLoads: a load from the linker's pool of 64-bit
// constants (a symbol "$i64." and the value in hex, stored little-endian)
// reads the bytes it covers: the whole doubleword, its low word, its high
// word at offset 4; a load that runs past the doubleword's eight bytes is
// refused. The whole doubleword returned reads as 3, its low word: the
// derived test's result register has herd7's default type, int, of 32
// bits, as every result register does (its high word shifted down reads
// as 7).
func TestConstantPoolLoads(t *testing.T) {
	for _, c := range []struct {
		code []string
		want int64
	}{
		{[]string{"MOVD (R2), R0", "RET"}, 3},
		{[]string{"MOVD (R2), R0", "LSR $32, R0, R0", "RET"}, 7},
		{[]string{"MOVWU (R2), R0", "RET"}, 3},
		{[]string{"MOVWU 4(R2), R0", "RET"}, 7},
	} {
		what := strings.Join(c.code, "; ")
		for _, n := range []int64{c.want, 0} {
			r, err := onPool(t, "arm64-llsc", Returned(0, n), append([]string{"MOVD $589824, R2"}, c.code...)...)
			if err != nil {
				t.Errorf("%s: %v", what, err)
				break
			}
			if r.Sometimes != (n == c.want) {
				t.Errorf("%s: returns %d: %v, want %v (the pool holds 0x0000000700000003); the derived test:\n%s", what, n, r.Sometimes, n == c.want, derivedText(r))
			}
		}
	}
	if r, err := onPool(t, "arm64-llsc", Returned(0, 7), "MOVD $589824, R2", "MOVD 4(R2), R0", "RET"); err == nil {
		t.Errorf("a doubleword load at %s+4: derived, want it refused; the derived test:\n%s", poolSym, derivedText(r))
	} else if !strings.Contains(err.Error(), "a load of "+poolSym+"+4") {
		t.Errorf("a doubleword load at %s+4: %v, want it refused", poolSym, err)
	}
}

// poolSym is the constant pool's doubleword 0x0000000700000003, at
// 0x90000 in the images of onPool.
const poolSym = "$i64.0000000700000003"

// onPool derives and decides the scenario of p0 alone, on the cell o,
// whose code is given, on a hand-made image for tg that holds poolSym.
func onPool(t *testing.T, tg string, forbidden Cond, code ...string) (Row, error) {
	t.Helper()
	target := targetNamed(t, tg)
	img := handImage(handArch(target), listing{"main.p0", code})
	img.syms = []elf.Symbol{{Name: poolSym, Value: 0x90000, Size: 8}}
	sc := &Scenario{Name: "pool", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: forbidden}
	return decideImage(t, img, target, sc)
}

// TestFuncValueWordOnly: a static func value is read as the function it
// holds only by a load of its whole doubleword: a narrower load reads
// part of the code address, which no value of the derivation stands for,
// and is refused.
func TestFuncValueWordOnly(t *testing.T) {
	funcValueRefused(t, "a load of the global main.f·f+0, which is not modelled",
		"LEAQ main.f·f(SB), DX", "MOVL 0(DX), CX", "MOVL $0x1, AX", "CALL CX", "RET")
}

// funcValueRefused derives p0, the code given, on an amd64 image whose
// static func value main.f·f holds main.f, and wants the derivation
// refused with an error that holds want.
func funcValueRefused(t *testing.T, want string, code ...string) {
	t.Helper()
	img := handImage("amd64", listing{"main.p0", code}, listing{"main.f", []string{"ADDL $0x1, AX", "RET"}})
	img.syms = []elf.Symbol{{Name: "main.f·f", Value: 0x80000, Size: 8}}
	img.funcVals = map[uint64]string{0x80000: "main.f"}
	sc := &Scenario{Name: "calls", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, 2)}
	if d, err := Derive(img, targetNamed(t, "amd64"), sc); err == nil {
		t.Errorf("%s: derived, want it refused (%s); the derived test:\n%s", strings.Join(code, "; "), want, d.Text)
	} else if !strings.Contains(err.Error(), want) {
		t.Errorf("%s: %v, want it refused: %s", strings.Join(code, "; "), err, want)
	}
}

// TestFuncValueInsideSymbol: a func value at an offset inside a symbol
// (a table of them) holds the function's entry itself, reached through a
// register or named with its offset on the symbol (main.fvs+8(SB)): a
// call through it enters the function, so that p0, which sets its result
// to 1 before calling f, which adds 1, returns 2.
func TestFuncValueInsideSymbol(t *testing.T) {
	for _, code := range [][]string{
		{"LEAQ main.fvs(SB), DX", "MOVQ 0x8(DX), CX", "MOVL $0x1, AX", "CALL CX", "RET"},
		{"MOVQ main.fvs+8(SB), CX", "MOVL $0x1, AX", "CALL CX", "RET"},
	} {
		img := handImage("amd64", listing{"main.p0", code}, listing{"main.f", []string{"ADDL $0x1, AX", "RET"}})
		img.syms = []elf.Symbol{{Name: "main.fvs", Value: 0x80000, Size: 16}}
		img.funcVals = map[uint64]string{0x80008: "main.f"}
		tg := targetNamed(t, "amd64")
		for _, n := range []int64{2, 1} {
			sc := &Scenario{Name: "calls", Objects: []Object{{Name: "o", Type: "main.cell"}},
				Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, n)}
			d, err := Derive(img, tg, sc)
			if err != nil {
				t.Fatalf("%s: %v", strings.Join(code, "; "), err)
			}
			r := Row{Scenario: sc, Target: tg, Derived: d}
			if err := r.decide(context.Background()); err != nil {
				t.Fatalf("%v\n%s", err, d.Text)
			}
			if r.Sometimes != (n == 2) {
				t.Errorf("%s: returns %d: %v, want %v; the derived test:\n%s", strings.Join(code, "; "), n, r.Sometimes, n == 2, d.Text)
			}
		}
	}
}

// TestPartOfLoadedSlotUnknown: a load of part of a stack slot that holds
// a loaded value, unlike part of a constant, is nothing the derivation
// knows: returned as the entry's result, it fails the derivation rather
// than stand for a number.
func TestPartOfLoadedSlotUnknown(t *testing.T) {
	sc := &Scenario{Name: "stack-part", Objects: []Object{{Name: "q", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: Returned(0, 0)}
	p0 := listing{"main.p0", []string{"MOVQ 0(AX), CX", "MOVQ CX, -0x10(SP)", "MOVL -0xc(SP), AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ $0x1, 0(AX)", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantRefused(t, "the high word of a slot that holds q.a as loaded", r, err, "result (AX) the derivation does not know")
}

// TestKnownOperandBeforeLoadedOne: a compare whose first operand is an
// address known when the code is extracted and whose second is a loaded
// value puts the address's number in a register of the litmus code.
// q.a starts as &r and p0 stores &r to it again, so p1, which compares
// &r with what it loads (returning 1 where equal, else 2), always
// returns 1; on arm64 likewise, with the address in the compare's
// register operand.
func TestKnownOperandBeforeLoadedOne(t *testing.T) {
	sc := &Scenario{
		Name:      "pointer-first",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("r")}}, {Name: "r", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q"), Ref("r")}}, {Entry: "main.p1", Args: []Value{Ref("q"), Ref("r")}}},
		Forbidden: Not(Returned(1, 1)),
		Reach:     []Cond{Returned(1, 1)},
	}
	for _, c := range []struct {
		tg     string
		p0, p1 []string
	}{
		{"amd64", []string{"MOVQ BX, 0(AX)", "RET"},
			[]string{"MOVQ 0(AX), DX", "CMPQ BX, DX", "JE " + at(1, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}},
		{"arm64-llsc", []string{"MOVD R1, (R0)", "RET"},
			[]string{"MOVD (R0), R2", "CMP R1, R2", "BEQ 3(PC)", "MOVD $2, R0", "RET", "MOVD $1, R0", "RET"}},
	} {
		r, err := deriveHand(t, targetNamed(t, c.tg), sc, listing{"main.p0", c.p0}, listing{"main.p1", c.p1})
		wantNever(t, c.tg+": p1 finding q.a, which holds &r before and after p0's store, other than &r", r, err)
	}
}

// TestWordOfLoadedSlot: a word load of a stack slot that holds a loaded
// doubleword reads its low word alone: p0 spills q.a and reloads its low
// word, which is 1 once it loads p1's 0x100000001, and compares the whole
// register with 1.
func TestWordOfLoadedSlot(t *testing.T) {
	sc := &Scenario{Name: "stack-word", Objects: []Object{{Name: "q", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: Returned(0, 1)}
	p0 := listing{"main.p0", []string{"MOVQ 0(AX), CX", "MOVQ CX, -0x10(SP)", "MOVL -0x10(SP), DX", "CMPQ DX, $0x1", "JE " + at(0, 7), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ $0x100000001, DX", "MOVQ DX, 0(AX)", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantVerdict(t, "p0 finding the low word of p1's 0x100000001 equal to 1", r, err, true)
}

// TestLoadedRegisterLoopCounted: a path that comes back to a loop head
// with a register that held a constant there now holding a loaded value
// runs a dynamic loop, not one over constants: it ends at the exit
// "loop-bound" after Unroll+1 rounds. p0's loop loads o.x once, and its
// compare of the loaded value with 1 at the head is never reached.
func TestLoadedRegisterLoopCounted(t *testing.T) {
	p0 := listing{"main.p0", []string{
		"MOVL $0x0, CX",
		"CMPL CX, $0x1", // 1: the loop head, CX 0 the first time
		"JE " + at(0, 5),
		"MOVL 0(AX), CX",
		"JMP " + at(0, 1),
		"MOVL $0x1, AX", // 5
		"RET",
	}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	sc := storeBuffering()
	sc.Forbidden = Returned(0, 1)
	sc.Reach = []Cond{Exited(0, "loop-bound")}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantNever(t, "p0 going round its loop a second time", r, err)
}

// TestUnusedLabelsDropped: the derived test keeps only the labels that
// some branch names (and each thread's end label), so that a label in it
// marks where two paths of the code meet.
func TestUnusedLabelsDropped(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "CMPL CX, $0x0", "JE " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	sc := storeBuffering()
	sc.Forbidden = Returned(0, 1)
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantVerdict(t, "p0 returning 1 where it loads 0", r, err, true)
	text := derivedText(r)
	for _, m := range regexp.MustCompile(`(\w+):`).FindAllStringSubmatch(text, -1) {
		if l := m[1]; strings.HasPrefix(l, "L") && strings.Count(text, l) < 2 {
			t.Errorf("the label %s is named by no branch; the derived test:\n%s", l, text)
		}
	}
}

// TestFoldedLoadsNoted: a load of a field that no thread writes is folded
// to the field's initial value, and the derived test's notes say so with
// the value: a number, an object's address, or 0 as nil. A global that the
// code reads (the write barrier's flag) gets its own note, not one of a
// folded field.
func TestFoldedLoadsNoted(t *testing.T) {
	sc := &Scenario{Name: "folded",
		Objects: []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("r")}}, {Name: "r", Type: "main.cell", Init: map[string]Value{"x": Int(5)}}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("q"), Ref("r")}}}, Forbidden: Returned(0, 5)}
	p0 := listing{"main.p0", []string{"MOVL runtime.writeBarrier(SB), SI", "MOVQ 0x8(AX), CX", "MOVQ 0(AX), DX", "MOVL 0(DX), AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0)
	wantVerdict(t, "p0 returning r.x, folded to 5", r, err, true)
	var got []string
	for _, n := range r.Derived.Notes {
		if strings.Contains(n, "no thread writes it") {
			got = append(got, n)
		}
	}
	want := []string{
		"P0: q.a: no thread writes it; its loads are folded to &r",
		"P0: q.b: no thread writes it; its loads are folded to 0 (nil)",
		"P0: r.x: no thread writes it; its loads are folded to 5",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the notes of folded loads %q, want %q; all the notes: %q", got, want, r.Derived.Notes)
	}
}

// TestGlobalStoreRefused: a store or an atomic read-modify-write of a
// package variable, which no scenario object holds, fails the derivation,
// saying what it writes, rather than take the variable for a location.
func TestGlobalStoreRefused(t *testing.T) {
	for _, c := range []struct {
		code []string
		want string
	}{
		{[]string{"MOVL $0x1, runtime.writeBarrier(SB)"}, "a store to runtime.writeBarrier"},
		{[]string{"MOVL $0x1, CX", "XCHGL CX, runtime.writeBarrier(SB)"}, "an atomic read-modify-write of a stack slot or a global"},
	} {
		r, err := onCell(t, "amd64", nil, Returned(0, 1), nil, listing{"main.p0", append(c.code, "MOVL $0x1, AX", "RET")})
		wantRefused(t, strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestDisjunctionNotVacuous: the parts of a forbidden outcome that must
// each be reachable are the conjuncts of a conjunction alone: a Never of
// a disjunction, none of whose members is reached, is not vacuous. p0
// returns 1 and nothing else.
func TestDisjunctionNotVacuous(t *testing.T) {
	sc := &Scenario{Name: "either", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Or(Returned(0, 2), Returned(0, 3))}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", ret(1)})
	wantNever(t, "p0 returning 2 or 3", r, err)
	if len(r.Derived.Parts) != 0 {
		t.Errorf("parts %v, want none for a disjunction", r.Derived.Parts)
	}
}

// TestCallIntoFunctionRefused: a call through a register that holds an
// address inside a function's code, not its entry, fails the derivation
// rather than enter the function at its start.
func TestCallIntoFunctionRefused(t *testing.T) {
	funcValueRefused(t, "indirect call through CX, which holds &sym:main.f+4",
		"LEAQ main.f·f(SB), DX", "MOVQ 0(DX), CX", "ADDQ $0x4, CX", "MOVL $0x1, AX", "CALL CX", "RET")
}

// TestEmptyFunctionNotEntered: a call of a function whose code the
// image holds no instruction of ends the path at an exit named after
// it, as a call that is not modelled does.
func TestEmptyFunctionNotEntered(t *testing.T) {
	sc := &Scenario{Name: "empty", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Exited(0, "call main.g")}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", []string{"CALL main.g(SB)", "RET"}}, listing{"main.g", nil})
	wantVerdict(t, "p0 calling main.g, which has no instructions", r, err, true)
}

// TestWriteBarrierCallReturns: on riscv64 and ppc64le, whose calls write
// a link register, a call of the write barrier, which is off, goes on
// after the call: p0 sets its result to 1 before it and adds 1 after.
func TestWriteBarrierCallReturns(t *testing.T) {
	for _, c := range []struct {
		tg   string
		code []string
	}{
		{"riscv64", []string{"MOV X1, X9", "ADDI $1, X0, X10", "CALL runtime.gcWriteBarrier2(SB)", "ADDI $1, X10, X10", "MOV X9, X1", "RET"}},
		{"ppc64le", []string{"MOVD LR,R31", "MOVD $1,R3", "CALL runtime.gcWriteBarrier2(SB)", "ADD $1,R3,R3", "MOVD R31,LR", "RET"}},
	} {
		r, err := onCell(t, c.tg, nil, Returned(0, 2), nil, listing{"main.p0", c.code})
		wantVerdict(t, c.tg+": "+strings.Join(c.code, "; "), r, err, true)
	}
}

// TestCPUFeatureFieldsRead: of internal/cpu.ARM64, the derivation reads
// HasATOMICS alone, as the target's LSE switch (1 on arm64-lse-dyn, 0 on
// arm64-llsc); a load of another of its fields is refused rather than
// taken for that switch. The package's useLRCPC is the target's LRCPC
// switch (1 on arm64-lse-dyn, 0 on arm64-llsc).
func TestCPUFeatureFieldsRead(t *testing.T) {
	derive := func(tg string, forbidden Cond, load string) (Row, error) {
		img := handImage("arm64", listing{"main.p0", []string{"MOVD $589824, R2", load, "RET"}})
		img.syms = []elf.Symbol{{Name: "internal/cpu.ARM64", Value: 0x90000, Size: 2}, {Name: disasm.Module + ".useLRCPC", Value: 0x90010, Size: 1}}
		img.layout["internal/cpu.arm64"] = []field{{path: "HasAES", off: 0, size: 1}, {path: "HasATOMICS", off: 1, size: 1}}
		sc := &Scenario{Name: "cpu", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: forbidden}
		d, err := Derive(img, targetNamed(t, tg), sc)
		if err != nil {
			return Row{}, err
		}
		r := Row{Scenario: sc, Target: targetNamed(t, tg), Derived: d}
		if err := r.decide(context.Background()); err != nil {
			t.Fatalf("%v\n%s", err, d.Text)
		}
		return r, nil
	}
	for tg, lse := range map[string]int64{"arm64-lse-dyn": 1, "arm64-llsc": 0} {
		r, err := derive(tg, Not(Returned(0, lse)), "MOVBU 1(R2), R0")
		wantNever(t, tg+": HasATOMICS read as the LSE switch", r, err)
	}
	r, err := derive("arm64-lse-dyn", Returned(0, 1), "MOVBU (R2), R0")
	wantRefused(t, "a load of internal/cpu.ARM64.HasAES", r, err, "only HasATOMICS is modelled")
	for tg, lrcpc := range map[string]int64{"arm64-lse-dyn": 1, "arm64-llsc": 0} {
		r, err := derive(tg, Not(Returned(0, lrcpc)), "MOVBU 16(R2), R0")
		wantNever(t, tg+": useLRCPC read as the LRCPC switch", r, err)
	}
}

// TestNotHerd7ListedOnce: an instruction that herd7's grammar lacks,
// kept by two threads, is listed once among what the test keeps, and the
// test's header says so once.
func TestNotHerd7ListedOnce(t *testing.T) {
	sc := &Scenario{
		Name:      "fetch-add",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: And(Returned(0, 0), Returned(1, 0)),
	}
	p0 := listing{"main.p0", []string{"MOVQ AX, BX", "MOVL $0x1, AX", "LOCK XADDL AX, 0(BX)", "RET"}}
	d, err := Derive(handImage("amd64", p0), targetNamed(t, "amd64"), sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.NotHerd7) != 1 || !strings.Contains(d.NotHerd7[0], "no XADD") {
		t.Errorf("NotHerd7 %q, want the XADD once; the derived test:\n%s", d.NotHerd7, d.Text)
	}
	if n := strings.Count(strings.SplitN(d.Text, "\n", 3)[1], "no XADD"); n != 1 {
		t.Errorf("the header names the XADD %d times, want once; the derived test:\n%s", n, d.Text)
	}
}

// TestNestedFieldLocation: a field inside a struct field is the location
// named by its object and its path with each "." written "_", the name a
// scenario's Final gives it (herd7's location names have no dots): p0's
// store of 1 to o.n.v is found as o_n_v=1.
func TestNestedFieldLocation(t *testing.T) {
	img := handImage("amd64", listing{"main.p0", []string{"MOVL $0x1, 0(AX)", "RET"}})
	img.layout["main.nest"] = []field{{path: "n.v", off: 0, size: 4}}
	sc := &Scenario{Name: "nested", Objects: []Object{{Name: "o", Type: "main.nest"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Final("o_n_v", 1)}
	r, err := decideImage(t, img, targetNamed(t, "amd64"), sc)
	wantVerdict(t, "p0's store to o.n.v", r, err, true)
}
