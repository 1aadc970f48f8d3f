package verify

import (
	"strings"
	"testing"
)

// pointerPublish is message passing through a pointer: q.a points to c0
// and p1 stores 1 to c1.x, then &c1 to q.a; p0 loads q.a, loads x through
// it and stores one more than it saw to the same cell's y. Forbidden:
// p0 read &c1 and the x from before p1's store (c1.y = 1).
func pointerPublish() *Scenario {
	return &Scenario{
		Name: "pointer-publish",
		Objects: []Object{
			{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("c0")}},
			{Name: "c0", Type: "main.cell"}, {Name: "c1", Type: "main.cell"},
		},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q"), Ref("c1")}}},
		Forbidden: Final("c1_y", 1),
		Reach:     []Cond{Final("c1_y", 2), Final("c0_y", 1)},
	}
}

// TestPointerStoredByAThread: a load of a pointer that another thread
// stores, used as an address, branches on the pointer's values, the
// initial one and the stored one: both are reached, each cell's x read
// through it. On amd64 the forbidden outcome is Never, as x86-TSO keeps
// p1's stores and p0's loads in order. On arm64, with a DMB between p1's
// stores, it is Sometimes: the branches carry a control dependency where
// the machine has an address dependency, which would make it Never, so
// the test allows at least what the machine does, never less.
func TestPointerStoredByAThread(t *testing.T) {
	for _, tc := range []struct {
		target    string
		p0, p1    []string
		sometimes bool
	}{
		{"amd64",
			[]string{"MOVQ 0(AX), BX", "MOVL 0(BX), CX", "ADDL $0x1, CX", "MOVL CX, 0x4(BX)", "RET"},
			[]string{"MOVL $0x1, 0(BX)", "MOVQ BX, 0(AX)", "RET"}, false},
		{"arm64-llsc",
			[]string{"MOVD (R0), R1", "MOVWU (R1), R2", "ADD $1, R2, R2", "MOVW R2, 4(R1)", "RET"},
			[]string{"MOVD $1, R2", "MOVW R2, (R1)", "DMB $0xb", "MOVD R1, (R0)", "RET"}, true},
	} {
		p0, p1 := listing{"main.p0", tc.p0}, listing{"main.p1", tc.p1}
		r, err := deriveHand(t, targetNamed(t, tc.target), pointerPublish(), p0, p1)
		if err != nil {
			t.Fatalf("%s: %v", tc.target, err)
		}
		if r.Sometimes != tc.sometimes || len(r.Unreachable) > 0 {
			t.Errorf("%s: %s with %v unreachable, want %s with every part reached; the derived test:\n%s",
				tc.target, verdict(r.Sometimes), r.Unreachable, verdict(tc.sometimes), derivedText(r))
		}
		if text := derivedText(r); !strings.Contains(text, "a pointer that a thread writes") {
			t.Errorf("%s: the notes do not say that the pointer's uses branch:\n%s", tc.target, text)
		}
	}
}

// TestPointerOfUnknownValueRefused: a pointer location to which a thread
// stores a value the derivation does not know (here one it loaded) has no
// list of values to branch on, and its use as an address is refused.
func TestPointerOfUnknownValueRefused(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVQ $0x5, 0x8(AX)", "MOVQ 0(AX), BX", "MOVL 0(BX), CX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ 0x8(AX), CX", "MOVQ CX, 0(AX)", "RET"}}
	sc := pointerPublish()
	sc.Forbidden, sc.Reach = Returned(0, 0), nil
	_, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	if err == nil || !strings.Contains(err.Error(), "a thread stores to it a value not known when the code is extracted") {
		t.Errorf("a pointer stored from a load, then used as an address: %v, want it refused", err)
	}
}

// TestPointerSplitLimits: what a branch on a loaded pointer's values
// must not do. Its compares overwrite the litmus flags, so a later branch
// on an earlier compare is refused rather than read the split's (amd64,
// arm64). It comes at the access alone: address arithmetic before it
// (riscv64's ADDI) is refused, as a branch there would order the stores
// in between after the pointer's load, which RVWMO does not. Part of a
// pointer (a byte of it reloaded) is no pointer to branch on. And the
// numbers that stand for addresses have no order of the machine's: only
// equality is read of a compare of one.
func TestPointerSplitLimits(t *testing.T) {
	flags := &Scenario{
		Name: "split-flags",
		Objects: []Object{
			{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("c0")}},
			{Name: "c0", Type: "main.cell"}, {Name: "c1", Type: "main.cell"},
		},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q"), Ref("c1")}}},
		Forbidden: And(Returned(0, 2), Final("c0_y", 1)),
	}
	for _, tc := range []struct {
		target string
		p0, p1 []string
		want   string
	}{
		{"amd64",
			[]string{"MOVQ 0x8(AX), DX", "MOVQ 0(AX), BX", "CMPQ DX, $0x0", "MOVL $0x1, 0x4(BX)", "JE " + at(0, 7), "MOVQ $0x2, AX", "RET", "MOVQ $0x1, AX", "RET"},
			[]string{"MOVQ $0x1, 0x8(AX)", "MOVQ BX, 0(AX)", "RET"},
			"the flags a branch reads were overwritten"},
		{"arm64-llsc",
			[]string{"MOVD 8(R0), R2", "MOVD (R0), R1", "CMP $0, R2", "MOVD $1, R3", "MOVW R3, 4(R1)", "BEQ 3(PC)", "MOVD $2, R0", "RET", "MOVD $1, R0", "RET"},
			[]string{"MOVD $1, R2", "MOVD R2, 8(R0)", "DMB $0xb", "MOVD R1, (R0)", "RET"},
			"the flags a branch reads were overwritten"},
		{"riscv64",
			[]string{"MOV (X10), X5", "ADDI $4, X5, X6", "ADDI $1, X0, X7", "MOV X7, 8(X10)", "MOVW X7, (X6)", "RET"},
			[]string{"MOV X11, (X10)", "RET"},
			"base X6 holds dyn, not a known address"},
		{"amd64",
			[]string{"MOVQ 0(AX), BX", "CMPQ BX, AX", "JL " + at(0, 6), "MOVL $0x1, 0x4(BX)", "MOVQ $0x2, AX", "RET", "MOVQ $0x1, AX", "RET"},
			[]string{"MOVQ BX, 0(AX)", "RET"},
			"condition LT of a compare of addresses"},
		{"arm64-llsc",
			[]string{"MOVD (R0), R1", "MOVD R1, 8(RSP)", "MOVBU 8(RSP), R2", "MOVWU (R2), R3", "RET"},
			[]string{"MOVD R1, (R0)", "RET"},
			"base R2 holds dyn, not a known address"},
	} {
		_, err := deriveHand(t, targetNamed(t, tc.target), flags, listing{"main.p0", tc.p0}, listing{"main.p1", tc.p1})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %q: %v, want it refused: %s", tc.target, tc.p0, err, tc.want)
		}
	}
}

// TestPointerCopiedFromAnother: a pointer that one thread copies from
// another pointer location, which the first pass reads as unknown, has the
// values of that location once the next pass knows them: its use as an
// address branches on them (nil, and c1).
func TestPointerCopiedFromAnother(t *testing.T) {
	sc := &Scenario{
		Name:      "pointer-copy",
		Objects:   []Object{{Name: "q", Type: "main.pair"}, {Name: "c1", Type: "main.cell", Init: map[string]Value{"x": Int(7)}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q"), Ref("c1")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}, {Entry: "main.p2", Args: []Value{Ref("q")}}},
		Forbidden: Returned(2, 7),
	}
	p0 := listing{"main.p0", []string{"MOVQ BX, 0(AX)", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ 0(AX), CX", "MOVQ CX, 0x8(AX)", "RET"}}
	p2 := listing{"main.p2", []string{"MOVQ 0x8(AX), CX", "TESTQ CX, CX", "JE " + at(2, 5), "MOVL 0(CX), AX", "RET", "MOVL $0x0, AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1, p2)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Sometimes {
		t.Errorf("p2 never reads c1.x through the copied pointer; the derived test:\n%s", derivedText(r))
	}
}
