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
