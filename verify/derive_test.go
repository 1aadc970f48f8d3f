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
	"github.com/atomicfence/atomicfence/litmus"
)

// outcomeImage is handImage with the layouts that the scenarios' outcomes
// name: the subject program's cell (data, seen, seq) and the VMA's count.
func outcomeImage(fns ...listing) *Image {
	img := handImage("amd64", fns...)
	img.layout["main.cell"] = []field{{path: "data", off: 0, size: 4}, {path: "seen", off: 4, size: 4}, {path: "seq", off: 8, size: 4}}
	img.layout[typeName("vma.VMA")] = []field{{path: "refcnt", off: 0, size: 4}}
	return img
}

// ret is an amd64 listing that returns n.
func ret(n int64) []string { return []string{fmt.Sprintf("MOVL $%#x, AX", n), "RET"} }

// broken is, for each scenario, code for its threads (amd64, in the
// order of its Threads) that does what the protocol must never let
// happen, once per way that the forbidden outcome can happen.
var broken = map[string][][][]string{
	"reader-writer/acquire":     {{ret(readOK), {"RET"}}},
	"reader-writer/relaxed+rmb": {{ret(readOK), {"RET"}}},
	"reader-writer/relaxed":     {{ret(readOK), {"RET"}}},
	"reader-writer/seqcst":      {{ret(readOK), {"RET"}}},
	"reader-writer/rwsem":       {{ret(readOK), {"RET"}}},
	"reader-writer/fetchadd":    {{ret(readOK), {"RET"}}},
	// A stale reader holds the VMA that another MM adopted.
	"recycle/acquire":     {{ret(readOK), {"RET"}}},
	"recycle/relaxed+rmb": {{ret(readOK), {"RET"}}},
	"recycle/relaxed":     {{ret(readOK), {"RET"}}},
	"recycle/seqcst":      {{ret(readOK), {"RET"}}},
	"recycle/rwsem":       {{ret(readOK), {"RET"}}},
	"recycle/fetchadd":    {{ret(readOK), {"RET"}}},
	// LockVMA returned the VMA, a pointer, which 1 stands for.
	"lock-vma":                    {{ret(1), {"RET"}}},
	"lock-vma/fetchadd":           {{ret(1), {"RET"}}},
	"lost-wakeup":                 {{{"CALL runtime.selectgo(SB)", "RET"}, {"RET"}}},
	"lost-wakeup/fetchadd":        {{{"CALL runtime.selectgo(SB)", "RET"}, {"RET"}}},
	"lost-wakeup-detach/fetchadd": {{{"CALL runtime.selectgo(SB)", "RET"}, {"RET"}}},
	// The reader undid its increment, returned ReadBusy and woke no one.
	"lost-wakeup-undo/fetchadd": {{{"CALL runtime.selectgo(SB)", "RET"}, ret(readBusy)}},
	// The writer (c in BX) returns and records in c.seen that c.data was
	// still 0.
	"end-read":                 {{{"RET"}, {"MOVL $0x0, 0x4(BX)", "RET"}}},
	"end-read/rwsem":           {{{"RET"}, {"MOVL $0x0, 0x4(BX)", "RET"}}},
	"end-read/fetchadd":        {{{"RET"}, {"MOVL $0x0, 0x4(BX)", "RET"}}},
	"end-read-detach":          {{{"RET"}, {"MOVL $0x0, 0x4(BX)", "RET"}}},
	"end-read-detach/fetchadd": {{{"RET"}, {"MOVL $0x0, 0x4(BX)", "RET"}}},
	// The reader (c in BX) records in c.seen that it saw the reuse.
	"mark-detached":          {{{"MOVL $0x1, 0x4(BX)", "RET"}, {"RET"}}},
	"mark-detached/fetchadd": {{{"MOVL $0x1, 0x4(BX)", "RET"}, {"RET"}}},
	// The stale reader (out in CX) holds the VMA and saw Data nil.
	"mark-attached":          {{{"MOVL $0x1, 0x4(CX)", "MOVL $0x0, AX", "RET"}, {"RET"}}},
	"mark-attached/fetchadd": {{{"MOVL $0x1, 0x4(CX)", "MOVL $0x0, AX", "RET"}, {"RET"}}},
	"end-write-all":          {{{"MOVL $0x1, 0x4(CX)", "MOVL $0x0, AX", "RET"}, {"RET"}}},
	"end-write-all/rwsem":    {{{"MOVL $0x1, 0x4(CX)", "MOVL $0x0, AX", "RET"}, {"RET"}}},
	"end-write-all/fetchadd": {{{"MOVL $0x1, 0x4(CX)", "MOVL $0x0, AX", "RET"}, {"RET"}}},
	// The read (c in BX) stands, torn either way.
	"speculation": {
		{{"MOVL $0x0, 0x8(BX)", "MOVL $0x1, 0x4(BX)", "MOVL $0x1, AX", "RET"}, {"RET"}},
		{{"MOVL $0x2, 0x8(BX)", "MOVL $0x0, 0x4(BX)", "MOVL $0x1, AX", "RET"}, {"RET"}},
	},
	// MarkAttached (v in AX) leaves a count that the reader's result
	// does not match, or the reader returns neither result.
	"attach-transient/fetchadd": {
		{ret(readOK), {fmt.Sprintf("MOVL $%#x, 0(AX)", faAttached(0)), "RET"}},
		{ret(readDetached), {fmt.Sprintf("MOVL $%#x, 0(AX)", faAttached(1)), "RET"}},
		{ret(readBusy), {fmt.Sprintf("MOVL $%#x, 0(AX)", faAttached(0)), "RET"}},
	},
}

// TestForbiddenOutcomesFound: each scenario's forbidden outcome says what
// its comment says. Its threads replaced by code that does each thing the
// protocol must never let happen, the derived test finds the outcome
// (Sometimes). A condition weakened or made unsatisfiable would leave the
// real code's Never saying nothing.
func TestForbiddenOutcomesFound(t *testing.T) {
	tg := targetNamed(t, "amd64")
	for id := range broken {
		if !slices.ContainsFunc(Scenarios(), func(sc *Scenario) bool { return sc.ID() == id }) {
			t.Errorf("broken code for %s, which is no scenario", id)
		}
	}
	for _, sc := range Scenarios() {
		cases, ok := broken[sc.ID()]
		if !ok {
			t.Errorf("%s: no broken code that reaches its forbidden outcome", sc.ID())
			continue
		}
		for k, code := range cases {
			var fns []listing
			for i, th := range sc.Threads {
				if slices.ContainsFunc(fns, func(l listing) bool { return l.symbol == th.symbol() }) {
					t.Fatalf("%s: two threads run %s", sc.ID(), th.Entry)
				}
				fns = append(fns, listing{th.symbol(), code[i]})
			}
			d, err := Derive(outcomeImage(fns...), tg, sc)
			if err != nil {
				t.Errorf("%s, case %d: %v", sc.ID(), k, err)
				continue
			}
			r := Row{Scenario: sc, Target: tg, Derived: d}
			if err := r.decide(context.Background()); err != nil {
				t.Fatalf("%s, case %d: %v\n%s", sc.ID(), k, err, d.Text)
			}
			if !r.Sometimes {
				t.Errorf("%s, case %d: Never, want the forbidden outcome %s found; the derived test:\n%s", sc.ID(), k, sc.Forbidden, d.Text)
			}
		}
	}
}

// TestVacuousNeverAnyPart: every outcome that must be reachable is
// checked, the first as well as the last, and one that is a conjunction
// is reached only where all its conjuncts hold in one final state.
func TestVacuousNeverAnyPart(t *testing.T) {
	sc := storeBuffering()
	sc.Reach = []Cond{Returned(0, 7), Returned(0, 0), Returned(1, 1), And(Returned(0, 0), Returned(0, 1))}
	p0 := listing{"main.p0", []string{"MOVL $0x1, 0(AX)", "MFENCE", "MOVL 0x4(AX), AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0x4(AX)", "MFENCE", "MOVL 0(AX), AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range r.Unreachable {
		got = append(got, c.String())
	}
	want := []string{"P0:return=7", `(P0:return=0 /\ P0:return=1)`}
	if r.Sometimes || !slices.Equal(got, want) || r.OK() {
		t.Errorf("Sometimes %v, unreachable %q, OK %v; want Never with %q unreachable, not OK; the derived test:\n%s", r.Sometimes, got, r.OK(), want, derivedText(r))
	}
}

// TestUnboundedExtractionRefused: a loop over constants is followed to
// its end, but one longer than the extraction's bound fails the
// derivation rather than ending the thread where the bound cut it.
func TestUnboundedExtractionRefused(t *testing.T) {
	sc := &Scenario{Name: "long-loop", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, 0)}
	loop := func(n int) listing {
		return listing{"main.p0", []string{"MOVL $0x0, CX", "ADDL $0x1, CX", fmt.Sprintf("CMPL CX, $%#x", n), "JNE " + at(0, 1), "MOVL CX, AX", "RET"}}
	}
	if _, err := Derive(handImage("amd64", loop(10)), targetNamed(t, "amd64"), sc); err != nil {
		t.Fatalf("a loop of 10 iterations: %v", err)
	}
	if d, err := Derive(handImage("amd64", loop(maxSteps)), targetNamed(t, "amd64"), sc); err == nil {
		t.Errorf("a loop of %d iterations: derived, with the exits %q; want the bound exceeded", maxSteps, d.Exits)
	} else if !strings.Contains(err.Error(), "instructions interpreted") {
		t.Errorf("a loop of %d iterations: %v; want the bound exceeded", maxSteps, err)
	}
}

// TestPartOfFieldRefused: a load, a store or an exchange that starts
// inside a field reads or writes part of it, which no litmus location stands for: the
// derivation fails rather than taking it for the whole field.
func TestPartOfFieldRefused(t *testing.T) {
	sc := &Scenario{Name: "half", Objects: []Object{{Name: "q", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: Returned(1, 0)}
	p0 := listing{"main.p0", []string{"MOVQ $0x1, 0(AX)", "RET"}}
	for _, load := range []string{"MOVL 0x4(AX), AX", "MOVL 0xc(AX), AX"} {
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, listing{"main.p1", []string{load, "RET"}})
		wantRefused(t, load, r, err, "covers part of")
	}
	p1 := listing{"main.p1", []string{"MOVQ 0(AX), AX", "RET"}}
	for _, store := range [][]string{{"MOVL $0x1, 0x4(AX)"}, {"MOVL $0x1, 0xc(AX)"}, {"MOVL $0x1, CX", "XCHGL CX, 0x4(AX)"}} {
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", append(store, "RET")}, p1)
		wantRefused(t, strings.Join(store, "; "), r, err, "covers part of")
	}
}

// TestWiderThanFieldRefused: an exclusive doubleword load or store at a
// word field reads or writes the next field too, and is refused rather
// than taken for an access of the word alone.
func TestWiderThanFieldRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVD $3, R2", "MOVW R2, (R0)", "RET"}}
	for _, code := range [][]string{{"LDAXR (R0), R2"}, {"MOVD $1, R2", "STLXR R2, (R0), R3"}} {
		r, err := onCell(t, "arm64-llsc", nil, Returned(0, 4), nil, listing{"main.p0", append(code, "MOVD $1, R0", "RET")}, p1)
		wantRefused(t, strings.Join(code, "; "), r, err, "no field of main.cell at offset 0 (8 bytes)")
	}
}

// TestPartialWriteRefused: a store or an atomic narrower than its field
// writes only the field's low bytes, which a litmus location, one value,
// cannot express: it is refused. Reading the low bytes is exact
// (TestX86Values, TestARMValues).
func TestPartialWriteRefused(t *testing.T) {
	for _, c := range []struct {
		tg   string
		code []string
	}{
		{"amd64", []string{"MOVL $0x1, CX", "MOVB CL, 0x4(AX)"}},
		{"amd64", []string{"MOVL $0x1, CX", "MOVW CX, 0x4(AX)"}},
		{"amd64", []string{"MOVL $0x1, CX", "LOCK CMPXCHGB CL, 0x4(AX)"}},
		{"arm64-llsc", []string{"MOVD $1, R2", "MOVB R2, 4(R0)"}},
		{"arm64-llsc", []string{"MOVD $1, R2", "MOVH R2, 4(R0)"}},
		{"arm64-lse", []string{"MOVD $1, R2", "ADD $4, R0, R3", "SWPALB R2, (R3), R4"}},
	} {
		p1 := map[string]listing{"amd64": {"main.p1", []string{"MOVL 0x4(AX), AX", "RET"}}}[c.tg]
		if c.tg != "amd64" {
			p1 = listing{"main.p1", []string{"MOVWU 4(R0), R0", "RET"}}
		}
		r, err := onCell(t, c.tg, map[string]Value{"y": Int(0x100)}, Returned(1, 1), nil, listing{"main.p0", append(c.code, "RET")}, p1)
		wantRefused(t, c.tg+": "+strings.Join(c.code, "; "), r, err, "a 4-byte field, writes part of it")
	}
}

// TestStackAtomicRefused: an atomic read-modify-write of a stack slot,
// which a variable that does not escape would be, is no shared location
// of the litmus test: the derivation fails rather than drop it.
func TestStackAtomicRefused(t *testing.T) {
	sc := &Scenario{Name: "stack-atomic", Objects: []Object{{Name: "q", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}},
		Forbidden: Returned(0, 1)}
	p0 := listing{"main.p0", []string{"MOVL $0x0, -0x8(SP)", "MOVL $0x1, AX", "XCHGL AX, -0x8(SP)", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0)
	wantRefused(t, "an exchange of a stack slot", r, err, "read-modify-write of a stack slot")
}

// TestPathEnds: a path that the extraction does not follow ends at an
// exit named for why, never at the entry's return: a lock's slow path, a
// call that is not modelled (named without the module's path), a panic, a
// nil dereference and the stack growth that a prologue calls.
func TestPathEnds(t *testing.T) {
	for _, c := range []struct {
		code []string
		exit string
	}{
		{[]string{"CALL sync.(*Mutex).lockSlow(SB)", "RET"}, "call sync.(*Mutex).lockSlow"},
		{[]string{"CALL runtime.selectgo(SB)", "RET"}, exitSleep},
		{[]string{"CALL runtime.gopanic(SB)", "RET"}, "panic"},
		{[]string{"MOVL $0x0, CX", "MOVL 0(CX), AX", "RET"}, "panic"},
		{[]string{"CALL runtime.morestack_noctxt.abi0(SB)", "RET"}, "morestack"},
		{[]string{"CALL " + disasm.Module + "/vma.notModelled(SB)", "RET"}, "call vma.notModelled"},
	} {
		for _, exit := range []string{c.exit, exitReturn} {
			sc := &Scenario{Name: "ends", Objects: []Object{{Name: "o", Type: "main.cell"}},
				Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Exited(0, exit)}
			r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", c.code})
			if want := exit == c.exit; err != nil || r.Sometimes != want {
				t.Errorf("%q: err %v; the exit %q reached: %v, want %v; the derived test:\n%s", c.code, err, exit, r.Sometimes, want, derivedText(r))
			}
		}
	}
}

// TestJumpOutOfCodeRefused: a jump to an address that holds no
// instruction of the image, past a function's end or into the middle of
// an instruction, fails the derivation, naming the address.
func TestJumpOutOfCodeRefused(t *testing.T) {
	for _, target := range []uint64{pc(0, 9), pc(0, 1) + 2} {
		code := []string{fmt.Sprintf("JMP %#x", target), "MOVL $0x1, AX", "RET"}
		r, err := onCell(t, "amd64", nil, Returned(0, 1), nil, listing{"main.p0", code})
		wantRefused(t, code[0], r, err, fmt.Sprintf("no instruction at %#x", target))
	}
}

// TestControlThroughDataRefused: a call through a register that holds a
// data address, not a function's, and a return to a link register that
// holds a number (here p0's own entry), not a return address, fail the
// derivation rather than go on where no call of the code leads.
func TestControlThroughDataRefused(t *testing.T) {
	for _, c := range []struct {
		tg, want string
		code     []string
	}{
		{"amd64", "indirect call through AX", []string{"CALL AX", "MOVL $0x1, AX", "RET"}},
		{"arm64-llsc", "returns to 65536", []string{"MOVD $65536, R30", "MOVD $1, R0", "RET"}},
		{"arm64-llsc", "indirect call through R1", []string{"MOVD $65536, R1", "CALL (R1)", "MOVD $1, R0", "RET"}},
		{"arm64-llsc", "indirect call through R1", []string{"MOVD $65536, R1", "JMP (R1)"}},
		{"arm64-llsc", "CALL target 8(R1)", []string{"CALL 8(R1)", "RET"}},
		{"amd64", "returns to 65536", []string{"MOVL $0x10000, CX", "PUSHQ CX", "MOVL $0x1, AX", "RET"}},
	} {
		r, err := onCell(t, c.tg, nil, Returned(0, 1), nil, listing{"main.p0", c.code})
		wantRefused(t, c.tg+": "+strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestCallsFollowed: a call, direct or through a register that a static
// func value loaded, enters the callee and comes back after the call; a
// tail call (JMP) enters it and returns from the caller. p0 sets its
// result to 1 and f adds 1, so p0 returns 2; a call that came back to the
// wrong place returns 1 or 7. A call of the write barrier, which is off,
// returns at once, and a tail call of it is refused. On arm64 p0 keeps
// its return address in R5 across a call, which overwrites R30, as a
// prologue keeps it on the stack, and on riscv64 in X9 across a call,
// which overwrites X1: CALL (X5) is a call through a register there.
func TestCallsFollowed(t *testing.T) {
	fv := "MOVD $524288, R2" // the address of main.f·f, f's func value
	f := map[string]listing{
		"amd64":   {"main.f", []string{"ADDL $0x1, AX", "RET"}},
		"arm64":   {"main.f", []string{"ADD $1, R0, R0", "RET"}},
		"riscv64": {"main.f", []string{"ADDI $1, X10, X10", "RET"}},
	}
	for _, c := range []struct {
		goarch string
		code   []string
		want   int64
	}{
		{"amd64", []string{"MOVL $0x1, AX", "CALL main.f(SB)", "RET"}, 2},
		{"amd64", []string{"MOVL $0x1, AX", "JMP main.f(SB)", "MOVL $0x7, AX", "RET"}, 2},
		{"amd64", []string{"LEAQ main.f·f(SB), DX", "MOVQ 0(DX), CX", "MOVL $0x1, AX", "CALL CX", "RET"}, 2},
		{"amd64", []string{"MOVL $0x1, AX", "PUSHQ AX", "CALL runtime.gcWriteBarrier2(SB)", "POPQ AX", "ADDL $0x1, AX", "RET"}, 2},
		{"arm64", []string{"MOVD R30, R5", "MOVD $1, R0", "CALL main.f(SB)", "MOVD R5, R30", "RET"}, 2},
		{"arm64", []string{"MOVD $1, R0", "JMP main.f(SB)", "MOVD $7, R0", "RET"}, 2},
		{"arm64", []string{"MOVD R30, R5", fv, "MOVD (R2), R1", "MOVD $1, R0", "CALL (R1)", "MOVD R5, R30", "RET"}, 2},
		{"arm64", []string{fv, "MOVD (R2), R1", "MOVD $1, R0", "JMP (R1)", "MOVD $7, R0", "RET"}, 2},
		{"arm64", []string{"MOVD R30, R5", "MOVD $1, R0", "CALL runtime.gcWriteBarrier2(SB)", "MOVD R5, R30", "RET"}, 1},
		{"riscv64", []string{"MOV X1, X9", "ADDI $1, X0, X10", "CALL main.f(SB)", "MOV X9, X1", "RET"}, 2},
		{"riscv64", []string{"MOV X1, X9", "LUI $128, X6", "MOV (X6), X5", "ADDI $1, X0, X10", "CALL (X5)", "MOV X9, X1", "RET"}, 2},
	} {
		what := c.goarch + ": " + strings.Join(c.code, "; ")
		img := handImage(c.goarch, listing{"main.p0", c.code}, f[c.goarch])
		img.syms = []elf.Symbol{{Name: "main.f·f", Value: 0x80000, Size: 8}}
		img.funcVals = map[uint64]string{0x80000: "main.f"}
		tg := targetNamed(t, map[string]string{"amd64": "amd64", "arm64": "arm64-llsc", "riscv64": "riscv64"}[c.goarch])
		for _, other := range []bool{false, true} {
			sc := &Scenario{Name: "calls", Objects: []Object{{Name: "o", Type: "main.cell"}},
				Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, c.want)}
			if other {
				sc.Forbidden = And(Exited(0, exitReturn), Not(Returned(0, c.want)))
			}
			d, err := Derive(img, tg, sc)
			if err != nil {
				t.Errorf("%s: %v", what, err)
				break
			}
			r := Row{Scenario: sc, Target: tg, Derived: d}
			if err := r.decide(context.Background()); err != nil {
				t.Fatalf("%s: %v\n%s", what, err, d.Text)
			}
			if r.Sometimes == other {
				t.Errorf("%s: %s: %v, want %v; the derived test:\n%s", what, sc.Forbidden, r.Sometimes, !other, d.Text)
			}
		}
	}
	for _, c := range []struct{ tg, jmp string }{{"amd64", "JMP runtime.gcWriteBarrier2(SB)"}, {"arm64-llsc", "JMP runtime.gcWriteBarrier2(SB)"}} {
		r, err := onCell(t, c.tg, nil, Returned(0, 1), nil, listing{"main.p0", []string{c.jmp}})
		wantRefused(t, c.tg+": "+c.jmp, r, err, "tail call")
	}
}

// TestExitCodesListed: the derived test's comment lists each thread's
// exits with the codes its exit register gets, and the exists clause
// tests the code that the comment gives the forbidden exit. p0 returns
// where it loads 0 and panics where it loads p1's 1.
func TestExitCodesListed(t *testing.T) {
	sc := storeBuffering()
	sc.Forbidden = Exited(0, "panic")
	p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "CMPL CX, $0x0", "JE " + at(0, 4), "CALL runtime.gopanic(SB)", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantVerdict(t, "p0 panicking on p1's 1", r, err, true)
	m := regexp.MustCompile(`P0 ends with (\w+): (\d)=(\w+), (\d)=(\w+)\n`).FindStringSubmatch(derivedText(r))
	if m == nil {
		t.Fatalf("no line listing P0's two exits; the derived test:\n%s", derivedText(r))
	}
	code := map[string]string{m[3]: m[2], m[5]: m[4]}
	if code["panic"] == "" || code[exitReturn] == "" || code["panic"] == code[exitReturn] {
		t.Fatalf("P0's exits listed as %q, want codes for panic and return; the derived test:\n%s", m[0], derivedText(r))
	}
	if want := fmt.Sprintf("exists (0:%s=%s)", m[1], code["panic"]); !strings.Contains(r.Derived.Text, want) {
		t.Errorf("the derived test lacks %q, the code its comment gives panic:\n%s", want, r.Derived.Text)
	}
}

// TestJoinedPathsKeepCompares: two paths that reach an unsigned jump with
// the same registers, each after a compare with its own immediate, take
// their own branches there. herd7 has no unsigned jump, so each is
// written as a compare again, with the path's own immediate.
func TestJoinedPathsKeepCompares(t *testing.T) {
	p0 := listing{"main.p0", []string{
		"MOVL 0(AX), CX", // 0: 1 once p1 stored it, else 0
		"CMPL CX, $0x1",
		"JE " + at(0, 5),
		"CMPL CX, $0x0", // 3: CX is 0, not below 0
		"JMP " + at(0, 6),
		"CMPL CX, $0x2",  // 5: CX is 1, below 2
		"JB " + at(0, 9), // 6: the paths meet
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x1, AX", // 9
		"RET",
	}}
	bothReturnsReachable(t, p0)
}

// TestJoinedPathsKeepPointers: two paths that reach an instruction with a
// register holding two addresses, of two objects or of two fields of one
// object, store each to its own. A join of the two would lose one path's
// store.
func TestJoinedPathsKeepPointers(t *testing.T) {
	sc := &Scenario{
		Name:    "pointers-joined",
		Objects: []Object{{Name: "o", Type: "main.cell"}, {Name: "q", Type: "main.cell"}, {Name: "r", Type: "main.cell"}},
		Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o"), Ref("q"), Ref("r")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
	}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	for _, c := range []struct {
		first, second string    // the address each path puts in SI
		locs          [2]string // where each path's store lands
	}{
		{"MOVQ BX, SI", "MOVQ CX, SI", [2]string{"q_x", "r_x"}},         // &q, &r
		{"LEAQ 0(BX), SI", "LEAQ 0x4(BX), SI", [2]string{"q_x", "q_y"}}, // &q.x, &q.y
	} {
		p0 := listing{"main.p0", []string{
			"MOVL 0(AX), DX", // 0: 1 once p1 stored it, else 0
			"CMPL DX, $0x0",
			"JNE " + at(0, 5),
			c.first, // 3
			"JMP " + at(0, 6),
			c.second,           // 5
			"MOVL $0x1, 0(SI)", // 6: the paths meet
			"RET",
		}}
		for _, loc := range c.locs {
			sc.Forbidden = Final(loc, 1)
			r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
			if err != nil || !r.Sometimes {
				t.Errorf("%s, %s: %s=1: err %v, Sometimes %v; want it reachable; the derived test:\n%s", c.first, c.second, loc, err, r.Sometimes, derivedText(r))
			}
		}
	}
}

// TestJoinedPathsKeepReturns: a function called from two places returns
// to each: the states at its entry differ only in the return address on
// the stack, and a join of the two would send the second call back to the
// first call's site.
func TestJoinedPathsKeepReturns(t *testing.T) {
	sc := &Scenario{
		Name:      "returns-joined",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: And(Final("o_x", 1), Final("o_y", 1)),
	}
	p0 := listing{"main.p0", []string{
		"CALL main.f(SB)",
		"MOVL $0x1, 0(AX)",
		"CALL main.f(SB)",
		"MOVL $0x1, 0x4(AX)",
		"RET",
	}}
	f := listing{"main.f", []string{"RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, f)
	if err != nil || !r.Sometimes {
		t.Errorf("err %v, Sometimes %v; want both stores made; the derived test:\n%s", err, r.Sometimes, derivedText(r))
	}
}

// TestStaticCompares: a compare of two values known when the code is
// extracted takes the branch that the processor takes, on each unsigned
// and signed condition, at the edges (equal operands, a negative one)
// and on both widths.
func TestStaticCompares(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		cmp   string
		jump  string
		taken bool
	}{
		{"$0x5", "$0x5", "CMPL", "JAE", true},
		{"$0x5", "$0x5", "CMPL", "JA", false},
		{"$0x5", "$0x5", "CMPL", "JB", false},
		{"$0x5", "$0x5", "CMPL", "JBE", true},
		{"$0x5", "$0x5", "CMPL", "JE", true},
		{"$0x4", "$0x5", "CMPL", "JB", true},
		{"$0x4", "$0x5", "CMPL", "JAE", false},
		{"$0x4", "$0x5", "CMPL", "JL", true},
		{"$-0x1", "$0x1", "CMPL", "JA", true},
		{"$-0x1", "$0x1", "CMPL", "JG", false},
		{"$-0x1", "$0x1", "CMPL", "JL", true},
		{"$0x5", "$0x5", "CMPQ", "JAE", true},
		{"$0x5", "$0x5", "CMPQ", "JA", false},
		{"$-0x1", "$0x1", "CMPQ", "JA", true},
		{"$-0x1", "$0x1", "CMPQ", "JGE", false},
	} {
		p0 := listing{"main.p0", []string{"MOVQ " + c.a + ", CX", c.cmp + " CX, " + c.b, c.jump + " " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
		want := map[bool]int64{true: 1, false: 2}[c.taken]
		for _, n := range []int64{1, 2} {
			sc := &Scenario{Name: "static", Objects: []Object{{Name: "o", Type: "main.cell"}},
				Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, n)}
			r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0)
			if err != nil || r.Sometimes != (n == want) {
				t.Errorf("%s %s, %s; %s: err %v; returns %d: %v, want %v; the derived test:\n%s", c.cmp, c.a, c.b, c.jump, err, n, r.Sometimes, n == want, derivedText(r))
			}
		}
	}
}

// TestStaticPointerCompares: a compare that involves an address known
// when the code is extracted takes the branch the processor takes: an
// address is above nil, unsigned and signed, two addresses in one object
// compare by offset, and addresses of two objects are unequal. On amd64 a
// CMPQ of the registers, on riscv64 a branch against X0 or another
// register (the nil checks of compiled Go code).
func TestStaticPointerCompares(t *testing.T) {
	for _, c := range []struct {
		target string
		code   []string // sets up the compare; then the jump, at index len(code)
		jump   string
		taken  bool
	}{
		{"amd64", []string{"CMPQ AX, $0x0"}, "JNE", true},
		{"amd64", []string{"CMPQ AX, $0x0"}, "JE", false},
		{"amd64", []string{"CMPQ AX, $0x0"}, "JA", true},
		{"amd64", []string{"CMPQ AX, $0x0"}, "JG", true},
		{"amd64", []string{"CMPQ AX, $0x0"}, "JBE", false},
		{"amd64", []string{"MOVQ $0x0, CX", "CMPQ CX, AX"}, "JB", true},
		{"amd64", []string{"MOVQ $0x0, CX", "CMPQ CX, AX"}, "JL", true},
		{"amd64", []string{"MOVQ $0x0, CX", "CMPQ CX, AX"}, "JE", false},
		{"amd64", []string{"LEAQ 0x4(AX), CX", "CMPQ CX, AX"}, "JA", true},
		{"amd64", []string{"LEAQ 0x4(AX), CX", "CMPQ AX, CX"}, "JB", true},
		{"amd64", []string{"LEAQ 0x4(AX), CX", "CMPQ CX, AX"}, "JE", false},
		{"amd64", []string{"CMPQ AX, BX"}, "JNE", true},
		{"amd64", []string{"CMPQ AX, BX"}, "JE", false},
		{"amd64", []string{"TESTQ AX, AX"}, "JNE", true},
		{"amd64", []string{"TESTQ AX, AX"}, "JA", true},
		{"amd64", []string{"TESTQ AX, AX"}, "JB", false},
		{"amd64", []string{"TESTQ AX, AX"}, "JL", false},
		{"amd64", []string{"TESTQ AX, BX"}, "JE", false},
		{"riscv64", []string{"NOP"}, "BNE X10, X0,", true},
		{"riscv64", []string{"NOP"}, "BEQ X10, X0,", false},
		{"riscv64", []string{"NOP"}, "BLTU X0, X10,", true},
		{"riscv64", []string{"NOP"}, "BGEU X0, X10,", false},
		{"riscv64", []string{"ADDI $4, X10, X5"}, "BLTU X10, X5,", true},
		{"riscv64", []string{"NOP"}, "BEQ X10, X11,", false},
	} {
		n := len(c.code)
		ret := map[string][]string{"amd64": {"MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"},
			"riscv64": {"ADDI $2, X0, X10", "RET", "ADDI $1, X0, X10", "RET"}}[c.target]
		code := append(append(slices.Clone(c.code), c.jump+" "+at(0, n+3)), ret...)
		want := map[bool]int64{true: 1, false: 2}[c.taken]
		for _, ret := range []int64{1, 2} {
			sc := &Scenario{Name: "static-pointers", Objects: []Object{{Name: "o", Type: "main.cell"}, {Name: "q", Type: "main.cell"}},
				Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o"), Ref("q")}}}, Forbidden: Returned(0, ret)}
			r, err := deriveHand(t, targetNamed(t, c.target), sc, listing{"main.p0", code})
			if err != nil || r.Sometimes != (ret == want) {
				t.Errorf("%s %q, %s: err %v; returns %d: %v, want %v; the derived test:\n%s", c.target, c.code, c.jump, err, ret, r.Sometimes, ret == want, derivedText(r))
			}
		}
	}
	// An address and an integer other than 0 have no order the code could
	// rely on: the compare is refused.
	for _, code := range [][]string{{"CMPQ AX, $0x5"}, {"MOVQ $0x5, CX", "CMPQ CX, AX"}} {
		sc := &Scenario{Name: "static-pointers", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, 1)}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", append(code, "JE "+at(0, len(code)+3), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET")})
		if err == nil {
			t.Errorf("%q: derived, want the compare refused; the derived test:\n%s", code, derivedText(r))
		} else if !strings.Contains(err.Error(), "compare of") {
			t.Errorf("%q: %v; want the compare refused", code, err)
		}
	}
}

// TestSharedPointerInitialised: a pointer field that a thread writes
// starts, in the derived test, as the address it holds, which a compare
// with that address finds equal.
func TestSharedPointerInitialised(t *testing.T) {
	sc := &Scenario{
		Name:      "pointer-init",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("q")}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: Returned(1, 1),
	}
	p0 := listing{"main.p0", []string{"MOVQ $0x0, 0(AX)", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ 0(AX), DX", "CMPQ DX, AX", "JE " + at(1, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	if err != nil || !r.Sometimes {
		t.Errorf("err %v, Sometimes %v; want p1 to load q.a as &q before p0 clears it; the derived test:\n%s", err, r.Sometimes, derivedText(r))
	}
}

// TestStoreFoundLateShared: p0 stores (or exchanges) to the field at q's address plus
// q.a, which it loads. The first pass, which takes q.a for shared, cannot
// resolve that address and ends the path; the next folds q.a (which no
// thread writes) to 8 and so finds the store to q.b, which it had folded
// for p1 as never written. The derivation extracts once more with q.b
// shared, and p1 can read p0's 1.
func TestStoreFoundLateShared(t *testing.T) {
	sc := &Scenario{
		Name:      "late-store",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Int(8)}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: Returned(1, 1),
	}
	p1 := listing{"main.p1", []string{"MOVQ 0x8(AX), AX", "RET"}}
	for _, store := range [][]string{{"MOVQ $0x1, 0(AX)"}, {"MOVQ $0x1, DX", "XCHGQ DX, 0(AX)"}} {
		p0 := listing{"main.p0", slices.Concat([]string{"MOVQ 0(AX), CX", "ADDQ CX, AX"}, store, []string{"RET"})}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
		wantVerdict(t, fmt.Sprintf("p1 reading the 1 that p0 stores to q.b with %q", store), r, err, true)
	}
}

// TestAddressOneNumber: an address stands for one number wherever the
// derived test holds it (a location's init, a store, a compare), and two
// objects for two numbers. q.a starts as &r and p0 stores &r to it again,
// so p1, which compares what it loads with &q (returning 3 where equal)
// and then with &r (1 where equal, else 2), always returns 1.
func TestAddressOneNumber(t *testing.T) {
	sc := &Scenario{
		Name:      "pointer-number",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("r")}}, {Name: "r", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q"), Ref("r")}}, {Entry: "main.p1", Args: []Value{Ref("q"), Ref("r")}}},
		Forbidden: Not(Returned(1, 1)),
		Reach:     []Cond{Returned(1, 1)},
	}
	p0 := listing{"main.p0", []string{"MOVQ BX, 0(AX)", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ 0(AX), DX", "CMPQ DX, AX", "JE " + at(1, 7), "CMPQ DX, BX", "JE " + at(1, 9),
		"MOVL $0x2, AX", "RET", "MOVL $0x3, AX", "RET", "MOVL $0x1, AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantNever(t, "p1 finding q.a, which holds &r before and after p0's store, other than &r", r, err)
}

// TestUnsetRegisterRefused: a store of a register that the code never
// set would write whatever the register held, which no litmus value
// stands for: the derivation fails rather than writing a number.
func TestUnsetRegisterRefused(t *testing.T) {
	for _, c := range []struct{ tg, store, load string }{
		{"amd64", "MOVL CX, 0(AX)", "MOVL 0(AX), AX"},
		{"arm64-llsc", "MOVW R5, (R0)", "MOVWU (R0), R0"},
	} {
		r, err := onCell(t, c.tg, nil, Returned(1, 1), nil, listing{"main.p0", []string{c.store, "RET"}}, listing{"main.p1", []string{c.load, "RET"}})
		wantRefused(t, c.tg+": "+c.store, r, err, "holds no known value")
	}
}

// TestUnsignedJumpsOnLoadedValues: an unsigned jump on a loaded value
// compared with an immediate, which herd7 lacks and the derived test
// writes with signed ones, jumps as the processor does, for operands of
// either sign and against 0, which every value is at or above.
func TestUnsignedJumpsOnLoadedValues(t *testing.T) {
	for _, c := range []struct{ v, k int64 }{{-1, 5}, {3, 5}, {5, 5}, {7, 5}, {3, -2}, {-1, -2}, {-3, -2}, {-2, -2}, {-1, 0}, {0, 0}, {3, 0}} {
		for _, j := range []struct {
			jump  string
			holds func(a, b uint32) bool
		}{
			{"JA", func(a, b uint32) bool { return a > b }},
			{"JAE", func(a, b uint32) bool { return a >= b }},
			{"JB", func(a, b uint32) bool { return a < b }},
			{"JBE", func(a, b uint32) bool { return a <= b }},
		} {
			want := map[bool]int64{true: 1, false: 2}[j.holds(uint32(c.v), uint32(c.k))]
			// p1 stores the value that o.x starts with: p0 loads it
			// from memory whichever store it reads.
			sc := &Scenario{Name: "unsigned", Objects: []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(c.v)}}},
				Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
				Forbidden: Returned(0, want)}
			p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", fmt.Sprintf("CMPL CX, $%#x", c.k), j.jump + " " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
			p1 := listing{"main.p1", []string{fmt.Sprintf("MOVL $%#x, 0(AX)", c.v), "RET"}}
			for _, n := range []int64{want, 3 - want} {
				sc.Forbidden = Returned(0, n)
				r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
				if err != nil || r.Sometimes != (n == want) {
					t.Errorf("%d against %d, %s: err %v; returns %d: %v, want %v; the derived test:\n%s", c.v, c.k, j.jump, err, n, r.Sometimes, n == want, derivedText(r))
				}
			}
		}
	}
}

// TestUnsignedJumpOfTwoRegisters: an unsigned jump on a compare of two
// loaded values, which the signed jumps that write one with an immediate
// cannot, is kept as the assembler's unsigned jump with a note that
// herd7 rejects it, and the check decides it as the processor jumps.
func TestUnsignedJumpOfTwoRegisters(t *testing.T) {
	for _, c := range []struct{ a, b int64 }{{-1, 5}, {3, 5}, {5, 5}} {
		for _, j := range []struct {
			jump  string
			holds func(a, b uint32) bool
		}{
			{"JA", func(a, b uint32) bool { return a > b }},
			{"JB", func(a, b uint32) bool { return a < b }},
		} {
			want := map[bool]int64{true: 1, false: 2}[j.holds(uint32(c.a), uint32(c.b))]
			// p1 stores the values that o.x and o.y start with: p0
			// loads them from memory whichever stores it reads.
			p1 := listing{"main.p1", []string{fmt.Sprintf("MOVL $%#x, 0(AX)", c.a), fmt.Sprintf("MOVL $%#x, 0x4(AX)", c.b), "RET"}}
			p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "MOVL 0x4(AX), DX", "CMPL CX, DX", j.jump + " " + at(0, 6), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
			for _, n := range []int64{want, 3 - want} {
				what := fmt.Sprintf("%d against %d, %s, returns %d", c.a, c.b, j.jump, n)
				sc := &Scenario{Name: "unsigned-registers", Objects: []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(c.a), "y": Int(c.b)}}},
					Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
					Forbidden: Returned(0, n)}
				d, err := Derive(handImage("amd64", p0, p1), targetNamed(t, "amd64"), sc)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				r := Row{Scenario: sc, Target: targetNamed(t, "amd64"), Derived: d}
				if err := r.decide(context.Background()); err != nil {
					t.Fatalf("%s: %v\n%s", what, err, d.Text)
				}
				if r.Sometimes != (n == want) {
					t.Errorf("%s: %v, want %v; the derived test:\n%s", what, r.Sometimes, n == want, derivedText(r))
				}
				if !slices.ContainsFunc(r.Derived.Notes, func(s string) bool { return strings.Contains(s, "has no unsigned jump") }) {
					t.Errorf("%s: notes %q, want one saying herd7 has no unsigned jump", what, r.Derived.Notes)
				}
			}
		}
	}
}

// TestUnsignedJumpReadsIntactRegister: an unsigned jump whose compared
// register still holds what it compared tests that register again, and
// the derived test keeps no copy of it: only a jump after the register
// was written reads a copy.
func TestUnsignedJumpReadsIntactRegister(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "CMPL CX, $0x5", "JA " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x7, 0(AX)", "RET"}}
	r, err := onCell(t, "amd64", nil, Returned(0, 1), nil, p0, p1)
	wantVerdict(t, "o.x = 7, JA above 5", r, err, true)
	lt, err := litmus.Parse(r.Derived.Name+".litmus", []byte(r.Derived.Text))
	if err != nil {
		t.Fatal(err)
	}
	compares := 0
	for _, in := range lt.Threads[0].Instructions {
		if strings.HasPrefix(in, "cmp") {
			compares++
			if !strings.HasSuffix(in, ",%ecx") {
				t.Errorf("P0 compares %q, want the loaded register %%ecx", in)
			}
		}
		if strings.HasPrefix(in, "mov") && strings.HasPrefix(strings.Fields(in)[1], "%ecx,") {
			t.Errorf("P0 copies the compared register: %q", in)
		}
	}
	if compares < 2 {
		t.Errorf("P0 has %d compares, want the compare and the unsigned jump's; the derived test:\n%s", compares, r.Derived.Text)
	}
}

// TestXaddOldValueRead: a LOCK XADD whose old value is read, by a compare
// or as the entry's result, keeps it: two threads that each add 1 never
// both see 0. Written as herd7's LOCK ADD, which has no old value, both
// would see what the register held before.
func TestXaddOldValueRead(t *testing.T) {
	for _, c := range []struct {
		code []string
		zero int64 // what the entry returns when it saw 0
	}{
		{[]string{"MOVQ AX, BX", "MOVL $0x1, CX", "LOCK XADDL CX, 0(BX)", "CMPL CX, $0x0", "JE " + at(0, 7), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}, 1},
		{[]string{"MOVQ AX, BX", "MOVL $0x1, AX", "LOCK XADDL AX, 0(BX)", "RET"}, 0},
	} {
		sc := &Scenario{
			Name:      "fetch-add",
			Objects:   []Object{{Name: "o", Type: "main.cell"}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}},
			Forbidden: And(Returned(0, c.zero), Returned(1, c.zero)),
		}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", c.code})
		if err != nil || r.Sometimes || len(r.Unreachable) > 0 {
			t.Errorf("%q: err %v, Sometimes %v, unreachable %v; want a Never that is not vacuous; the derived test:\n%s", c.code, err, r.Sometimes, r.Unreachable, derivedText(r))
		}
	}
}

// TestALUFlagsReadExactly: the flags of an ALU result on a loaded value
// are emitted as the litmus ALU instruction's, which compare the result
// with 0: a jump on Z or N reads them exactly, and one on the carry or
// the signed order, which those flags do not hold, fails the derivation.
func TestALUFlagsReadExactly(t *testing.T) {
	for _, c := range []struct {
		jump string
		ok   bool
	}{{"JE", true}, {"JNE", true}, {"JS", true}, {"JNS", true}, {"JAE", false}, {"JB", false}, {"JA", false}, {"JBE", false}, {"JG", false}, {"JL", false}, {"JGE", false}, {"JLE", false}} {
		sc := storeBuffering()
		sc.Forbidden = Returned(0, 1)
		p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "ADDL $0x1, CX", c.jump + " " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
		p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
		switch {
		case c.ok && err != nil:
			t.Errorf("%s after ADDL: %v", c.jump, err)
		case !c.ok && err == nil:
			t.Errorf("%s after ADDL: derived, want it refused; the derived test:\n%s", c.jump, derivedText(r))
		case !c.ok && !strings.Contains(err.Error(), "flags set by an ALU result"):
			t.Errorf("%s after ADDL: %v; want it refused for reading the ALU's flags", c.jump, err)
		}
	}
}

// TestJoinedPathsKeepFlagKinds: two paths meet at a JL, the first with
// the flags of a compare of two loaded values, the second with those of an
// ALU result, which do not hold the signed order. The second is refused,
// not joined to the first's code.
func TestJoinedPathsKeepFlagKinds(t *testing.T) {
	sc := storeBuffering()
	sc.Forbidden = Returned(0, 1)
	p0 := listing{"main.p0", []string{
		"MOVL 0(AX), CX",
		"CMPL CX, $0x3",
		"JNE " + at(0, 5),
		"CMPL CX, CX", // 3: a compare
		"JMP " + at(0, 6),
		"TESTL $0x1, CX", // 5: an AND
		"JL " + at(0, 9), // 6: the paths meet
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x1, AX",
		"RET",
	}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	if err == nil {
		t.Fatalf("derived, want the second path refused; the derived test:\n%s", derivedText(r))
	}
	if !strings.Contains(err.Error(), "flags set by an ALU result") {
		t.Errorf("%v; want the JL refused for reading the AND's flags", err)
	}
}

// TestStackSlotOverwritten: a store to the stack replaces every slot it
// overlaps, not only one at its own offset: a load of a narrower slot
// that a wider store covered reads the wider store's bytes.
func TestStackSlotOverwritten(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL $0x7, -0xc(SP)", "MOVQ $0x0, -0x10(SP)", "MOVL -0xc(SP), AX", "RET"}}
	for _, c := range []struct {
		n    int64
		want bool
	}{{0, true}, {7, false}} {
		sc := &Scenario{Name: "stack", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, c.n)}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0)
		if err != nil || r.Sometimes != c.want {
			t.Errorf("returns %d: err %v, Sometimes %v, want %v; the derived test:\n%s", c.n, err, r.Sometimes, c.want, derivedText(r))
		}
	}
}

// TestTargetImages: targets share a build only where their builds and
// their own tags are the same, and each target's build has its own tags
// and the variant's replaced files. arm64-asmloads derived from the
// plain arm64 build would check the LL/SC path twice and never the
// sequence-count loads of its tag.
func TestTargetImages(t *testing.T) {
	v := Variant{Tags: []string{"weaken_x"}, Replace: map[string]string{"atomicfence_arm64.s": "edited.s"}}
	for i, a := range Targets {
		ka, va := a.image(v)
		for _, tag := range slices.Concat(v.Tags, a.Tags) {
			if !slices.Contains(va.Tags, tag) {
				t.Errorf("%s: the build's tags %q lack %s", a.Name, va.Tags, tag)
			}
		}
		if va.Replace["atomicfence_arm64.s"] != "edited.s" {
			t.Errorf("%s: the build replaces %v, want the variant's files", a.Name, va.Replace)
		}
		for _, b := range Targets[:i] {
			kb, _ := b.image(v)
			if same := a.Build == b.Build && slices.Equal(a.Tags, b.Tags); (ka == kb) != same {
				t.Errorf("%s and %s: one build %v (%q, %q), want %v", a.Name, b.Name, ka == kb, ka, kb, same)
			}
		}
	}
}

// TestTargetTagsBuiltApart: run together, arm64-llsc and arm64-asmloads
// are derived from builds of their own: the recheck's acquire load made
// relaxed on the branch that vma_asmloads compiles is found on
// arm64-asmloads alone, also where the variant has a build tag of its
// own, which the target's joins.
func TestTargetTagsBuiltApart(t *testing.T) {
	skipWeakenings(t)
	v := editVariant(t, lineEdit{file: "vma/read.go", old: "seq := mm.lockSeq.LoadAcquire()", new: "seq := mm.lockSeq.LoadRelaxed()"})
	sc := scenarioNamed(t, "end-write-all")
	// The variant alone, and with a build tag of its own that arm64-asmloads'
	// tag joins.
	for _, v := range []Variant{v, {Tags: []string{"verify_extra"}, Replace: v.Replace}} {
		rows, err := RunVariant(context.Background(), []Target{targetNamed(t, "arm64-llsc"), targetNamed(t, "arm64-asmloads")}, []*Scenario{sc}, v)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want := r.Target.Name == "arm64-asmloads"
			if r.Sometimes != want || len(r.Unreachable) > 0 {
				t.Errorf("%s with %v on %s: %s (unreachable %v), want %s. The derived test %s:\n%s", sc.ID(), v, r.Target.Name, verdict(r.Sometimes), r.Unreachable, verdict(want), r.Derived.Name, r.Derived.Text)
			}
		}
	}
}

// TestUnknownResultRefused: a return whose result register holds nothing
// the derivation knows (here a doubleword load of a slot where only a
// word was stored) fails the derivation when the scenario reads the
// result, where the test would read the register's initial 0 instead;
// the same return is fine where nothing reads it.
func TestUnknownResultRefused(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL $0x7, -0x10(SP)", "MOVQ -0x10(SP), AX", "RET"}}
	for _, c := range []struct {
		forbidden Cond
		refused   bool
	}{{Returned(0, 0), true}, {Exited(0, exitReturn), false}} {
		sc := &Scenario{Name: "stack", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: c.forbidden, Reach: []Cond{Exited(0, exitReturn)}}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0)
		if refused := err != nil && strings.Contains(err.Error(), "result (AX) the derivation does not know"); refused != c.refused {
			t.Errorf("%s: err %v, want refused %v; the derived test:\n%s", c.forbidden, err, c.refused, derivedText(r))
		}
	}
}

// TestJoinedPathsKeepSlots: two paths that store the same constant to the
// stack, one as a word and one as a doubleword, or each to a slot of its
// own, and then meet are not joined: the doubleword load of -0x10(SP)
// after the meeting point reads 5 on one path only, and on the other the
// loaded bytes are unknown in part or whole, so the return of the loaded
// value is refused whichever path the extraction follows first.
func TestJoinedPathsKeepSlots(t *testing.T) {
	for _, c := range []struct{ what, first, second string }{
		{"a word and a doubleword", "MOVL $0x5, -0x10(SP)", "MOVQ $0x5, -0x10(SP)"},
		{"two slots", "MOVQ $0x5, -0x18(SP)", "MOVQ $0x5, -0x10(SP)"},
	} {
		for _, order := range [][2]string{{c.first, c.second}, {c.second, c.first}} {
			p0 := listing{"main.p0", []string{
				"MOVL 0(AX), CX", // 0: the loaded value steers the two paths
				"CMPL CX, $0x0",
				"JNE " + at(0, 5),
				order[0], // 3
				"JMP " + at(0, 6),
				order[1],             // 5
				"MOVQ -0x10(SP), AX", // 6: the paths meet
				"RET",
			}}
			r, err := onCell(t, "amd64", nil, Returned(0, 5), nil, p0, storesSeven)
			wantRefused(t, fmt.Sprintf("%s, %s first", c.what, order[0]), r, err, "does not know")
		}
	}
}

// TestNarrowLoadOfSlot: a load of the low word of a slot that holds a
// wider constant reads that word alone: p0 spills 0x100000005 as a
// doubleword, reloads its low word, 5, zero-extended, and compares the
// whole register with 5.
func TestNarrowLoadOfSlot(t *testing.T) {
	for tg, p0 := range map[string][]string{
		"amd64":      {"MOVQ $0x100000005, CX", "MOVQ CX, -0x10(SP)", "MOVL -0x10(SP), DX", "CMPQ DX, $0x5", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"arm64-llsc": {"MOVD $0x100000005, R1", "MOVD R1, -16(RSP)", "MOVWU -16(RSP), R2", "CMP $5, R2", "BEQ 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"},
	} {
		r, err := onCell(t, tg, nil, Returned(0, 1), nil, listing{"main.p0", p0})
		wantNever(t, tg+": p0 finding the low word of 0x100000005 other than 5", r, err)
		r, err = onCell(t, tg, nil, Returned(0, 2), nil, listing{"main.p0", p0})
		wantVerdict(t, tg+": p0 finding the low word of 0x100000005 equal to 5", r, err, true)
	}
}

// TestLockSlowPathNotFollowed: a call of a lock's slow path in package
// sync ends the path at an exit named after it, though the image holds
// the slow path's code: the path never reaches p0's return.
func TestLockSlowPathNotFollowed(t *testing.T) {
	slow := listing{"sync.(*Mutex).lockSlow", []string{"RET"}}
	p0 := listing{"main.p0", []string{"CALL sync.(*Mutex).lockSlow(SB)", "MOVL $0x1, AX", "RET"}}
	for exit, want := range map[string]bool{"call sync.(*Mutex).lockSlow": true, exitReturn: false} {
		sc := &Scenario{Name: "slow-path", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: p0.symbol, Args: []Value{Ref("o")}}}, Forbidden: Exited(0, exit)}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, slow)
		if err != nil || r.Sometimes != want {
			t.Errorf("the exit %q reached: err %v, %v, want %v; the derived test:\n%s", exit, err, r.Sometimes, want, derivedText(r))
		}
	}
}
