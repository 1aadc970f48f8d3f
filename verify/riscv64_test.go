package verify

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestRISCVFencesTranslated: each FENCE keeps its predecessor and
// successor sets. Store buffering (a store, the fence, a load of the
// other word) is forbidden by a fence that orders earlier writes before
// later reads, FENCE RW,RW and FENCE W,R, and allowed by the others:
// FENCE R,W orders the other way round, and FENCE.TSO, FENCE R,RW and
// FENCE RW,W order no store before a load. A translation that swapped the
// sets, or made any fence a full one, fails here.
func TestRISCVFencesTranslated(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	for _, c := range []struct {
		fence     string
		sometimes bool
	}{{"FENCE RW,RW", false}, {"FENCE W,R", false}, {"FENCE R,W", true}, {"FENCE.TSO", true},
		{"FENCE R,RW", true}, {"FENCE RW,W", true}, {"PAUSE", true}, {"NOP", true}} {
		p0 := listing{"main.p0", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", c.fence, "MOVW 4(X10), X10", "RET"}}
		p1 := listing{"main.p1", []string{"ADDI $1, X0, X5", "MOVW X5, 4(X10)", c.fence, "MOVW (X10), X10", "RET"}}
		r, err := deriveHand(t, tg, storeBuffering(), p0, p1)
		wantVerdict(t, fmt.Sprintf("store buffering with %s", c.fence), r, err, c.sometimes)
	}
}

// TestRISCVFencesOrderMessagePassing: P0 stores the data, then the flag;
// P1 loads the flag, then the data, each with the same fence between.
// FENCE.TSO orders a store before a later store and a load before a
// later load, as FENCE RW,RW does, so the flag seen without the data is
// forbidden; FENCE W,R orders neither, and neither does PAUSE. A
// translation that dropped FENCE.TSO fails here (store buffering, which
// it allows, cannot tell it from none).
func TestRISCVFencesOrderMessagePassing(t *testing.T) {
	for _, c := range []struct {
		fence     string
		sometimes bool
	}{{"FENCE.TSO", false}, {"FENCE RW,RW", false}, {"FENCE RW, RW", false}, {"FENCE W,R", true}, {"PAUSE", true}} {
		p0 := listing{"main.p0", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", c.fence, "MOVW X5, 4(X10)", "RET"}}
		p1 := listing{"main.p1", []string{"MOVW 4(X10), X5", c.fence, "MOVW (X10), X6", "SLLI $1, X5, X5", "ADD X6, X5, X10", "RET"}}
		r, err := onCell(t, "riscv64", nil, Returned(1, 2), []Cond{Returned(1, 3), Returned(1, 0)}, p0, p1)
		wantVerdict(t, fmt.Sprintf("message passing with %s", c.fence), r, err, c.sometimes)
		if c.fence == "PAUSE" && !slices.ContainsFunc(r.Derived.Notes, func(n string) bool { return strings.Contains(n, "PAUSE") }) {
			t.Errorf("PAUSE, which orders nothing, is not emitted and no note says so: %q", r.Derived.Notes)
		}
	}
}

// TestRISCVAtomicOrdering: the aq and rl bits of an AMO and of LR are
// the ordering. Message passing: P0 stores the data, then adds 1 to the
// flag with an AMO; P1 loads the flag with LR, then the data. Forbidden:
// the flag seen and the data not. It is Never with the AMO's .RL (or
// .AQRL) and LR's .AQ, and Sometimes with either bit dropped, so a
// translation that lost or invented a bit fails here.
func TestRISCVAtomicOrdering(t *testing.T) {
	for _, c := range []struct {
		amo, lr   string
		sometimes bool
	}{{"AMOADD.W.RL", "LR.W.AQ", false}, {"AMOADD.W.AQRL", "LR.W.AQRL", false},
		{"AMOADD.W", "LR.W.AQ", true}, {"AMOADD.W.AQ", "LR.W.AQ", true}, {"AMOADD.W.RL", "LR.W", true}} {
		p0 := listing{"main.p0", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", "ADDI $4, X10, X6", c.amo + " X5, (X6), X0", "RET"}}
		p1 := listing{"main.p1", []string{"ADDI $4, X10, X6", c.lr + " (X6), X5", "MOVW (X10), X6", "SLLI $1, X5, X5", "ADD X6, X5, X10", "RET"}}
		r, err := onCell(t, "riscv64", nil, Returned(1, 2), []Cond{Returned(1, 3), Returned(1, 0)}, p0, p1)
		wantVerdict(t, fmt.Sprintf("message passing through %s and %s", c.amo, c.lr), r, err, c.sometimes)
	}
}

// TestRISCVWordCompares: herd7's RISCV has no bltu, bgeu or sltu. On
// words that MOVWU zero-extends they are the signed ones, which the
// translation emits: the word o.x is always negative as a signed word
// (-5, or the -7 that P1 stores), so unsigned it is above 1, and every
// path must take the branch (or set 1). A translation that compared the
// words with sign reaches the forbidden return, and so does one whose
// LR.W, AMOADD.W or MOVW between registers did not sign-extend the word,
// or whose MOVWU between registers did not zero-extend it.
func TestRISCVWordCompares(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	store := listing{"main.p1", []string{"ADDI $-7, X0, X5", "MOVW X5, (X10)", "RET"}}
	for _, code := range [][]string{
		{"ADDI $1, X0, X6", "MOVWU (X10), X5", "BLTU X6, X5, " + at(0, 6), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
		{"ADDI $1, X0, X6", "MOVWU (X10), X5", "BGEU X6, X5, " + at(0, 6), "ADDI $2, X0, X10", "RET", "NOP", "ADDI $1, X0, X10", "RET"},
		{"ADDI $1, X0, X6", "MOVW (X10), X5", "SLLI $32, X5, X5", "SRLI $32, X5, X5", "SLTU X5, X6, X7", "ADDI $1, X7, X10", "RET"},
		// So does a word that MOVWU zero-extends between registers, and
		// a doubleword shifted right by 1.
		{"ADDI $1, X0, X6", "MOVW (X10), X5", "SRLI $1, X5, X5", "BLTU X6, X5, " + at(0, 7), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
		{"ADDI $1, X0, X6", "MOVW (X10), X5", "MOVWU X5, X5", "BLTU X6, X5, " + at(0, 7), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
		// LR.W and AMOADD.W sign-extend the word they load.
		{"LR.W.AQ (X10), X5", "BLT X5, X0, " + at(0, 4), "ADDI $1, X0, X10", "RET", "ADDI $2, X0, X10", "RET"},
		{"AMOADD.W X0, (X10), X5", "BLT X5, X0, " + at(0, 4), "ADDI $1, X0, X10", "RET", "ADDI $2, X0, X10", "RET"},
		// MOVW between registers sign-extends the zero-extended word.
		{"MOVWU (X10), X5", "MOVW X5, X6", "BLT X6, X0, " + at(0, 5), "ADDI $1, X0, X10", "RET", "ADDI $2, X0, X10", "RET"},
		// A word masked with a mask that is not negative, and the 0 or 1
		// of SNEZ and SLT, are not negative either, nor is 0 (X0): an
		// unsigned compare of them is emitted, not refused.
		{"ADDI $1, X0, X6", "MOVW (X10), X5", "ANDI $255, X5, X5", "BLTU X6, X5, " + at(0, 7), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
		{"MOVW (X10), X5", "SNEZ X5, X6", "BLTU X0, X6, " + at(0, 6), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
		{"MOVW (X10), X5", "SLT X0, X5, X7", "BLTU X0, X7, " + at(0, 6), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
		{"MOVWU (X10), X5", "BLTU X0, X5, " + at(0, 5), "ADDI $1, X0, X10", "RET", "NOP", "ADDI $2, X0, X10", "RET"},
	} {
		sc := &Scenario{
			Name:      "unsigned-compare",
			Objects:   []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(-5)}}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: Returned(0, 1),
			Reach:     []Cond{Returned(0, 2)},
		}
		r, err := deriveHand(t, tg, sc, listing{"main.p0", code}, store)
		wantNever(t, fmt.Sprintf("%q on a negative word", code), r, err)
	}
}

// TestRISCVSetZero: SNEZ and SEQZ of a loaded value, computed by data,
// are right for 0 and for a negative value: P0 returns x + SNEZ(x) (0 or
// -4 when P1 stores -5) and x + SEQZ(x) (1 or -5).
func TestRISCVSetZero(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	store := listing{"main.p1", []string{"ADDI $-5, X0, X5", "MOVW X5, (X10)", "RET"}}
	for _, c := range []struct {
		op         string
		zero, neg5 int64
	}{{"SNEZ", 0, -4}, {"SEQZ", 1, -5}} {
		p0 := listing{"main.p0", []string{"MOVW (X10), X5", c.op + " X5, X6", "ADD X6, X5, X10", "RET"}}
		sc := &Scenario{
			Name:      "set-zero",
			Objects:   []Object{{Name: "o", Type: "main.cell"}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: And(Exited(0, exitReturn), Not(Or(Returned(0, c.zero), Returned(0, c.neg5)))),
			Reach:     []Cond{Returned(0, c.zero), Returned(0, c.neg5)},
		}
		r, err := deriveHand(t, tg, sc, p0, store)
		wantNever(t, c.op, r, err)
	}
}

// TestRISCVUnknownRefused: what the translation does not model fails the
// derivation instead of passing as a no-op: an instruction it does not
// know, an unsigned branch on a word that may be negative (herd7 has no
// bltu), a sign-extending byte move of a loaded value (nor srai), a
// fence with I/O sets or sets that are none, or FENCE.I, an AMO herd7 does not execute, a branch
// on an address or the return address compared with a number or a loaded
// value, SEQZ or SLT of the return address, SLT of an address and a
// loaded value, arithmetic on an address other than adding an offset,
// a shift by a loaded count, a multiplication of a loaded value (herd7's
// RISCV has no mul), a register that is no integer register, a load or
// a store at a loaded address, and a load of bytes that are no field
// (TestOperandCounts has the instructions of another number of
// operands). An unsigned compare of a value that may be negative must
// not be emitted as the signed one: that would hide the ordering of the
// path it takes.
func TestRISCVUnknownRefused(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	sc := func() *Scenario {
		return &Scenario{Name: "one", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: Returned(0, 0)}
	}
	writer := listing{"main.p1", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", "RET"}}
	for _, code := range [][]string{
		{"MOVW (X10), X5", "DIV X5, X5, X6", "RET"},
		{"MOVW (X10), X5", "BLTU X5, X0, " + at(0, 2), "RET"},
		{"MOVW (X10), X5", "MOVB X5, X6", "RET"},
		{"MOVW (X10), X5", "FENCE IORW,IORW", "RET"},
		{"MOVW (X10), X5", "FENCE RW,X5", "RET"},
		{"MOVW (X10), X5", "FENCE X5,RW", "RET"},
		{"MOVW (X10), X5", "FENCE RW,RW,RW", "RET"},
		{"MOVW (X10), X5", "AMOMAXU.W X5, (X10), X6", "RET"},
		{"MOVW (X10), X5", "FENCE", "RET"},
		{"MOVW (X10), X5", "FENCE.I", "RET"},
		// A word that may be negative stays so through ANDI with a
		// negative mask or a shift by 0, and a negative constant is no
		// unsigned operand either.
		{"MOVW (X10), X5", "ANDI $-1, X5, X6", "BLTU X0, X6, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "SRLI $0, X5, X6", "BLTU X0, X6, " + at(0, 3), "RET"},
		{"MOVWU (X10), X5", "ADDI $-1, X0, X6", "BLTU X5, X6, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "SLTU X5, X0, X6", "RET"},
		{"MOVW (X10), X5", "MOV X5, X6", "BLTU X0, X6, " + at(0, 3), "RET"},
		{"MOVWU (X10), X5", "MOVW X5, X6", "BLTU X0, X6, " + at(0, 3), "RET"},
		// Nor through ORI with a mask that is not negative, nor as the
		// old value of an AMO, nor as SLTU's left operand.
		{"MOVW (X10), X5", "ORI $1, X5, X6", "BLTU X0, X6, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "AMOADD.W X0, (X10), X6", "BLTU X0, X6, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "SLTU X0, X5, X6", "RET"},
		// Compares of addresses: with a number other than 0, with a
		// loaded value either way round, and of the return address.
		{"ADDI $5, X0, X5", "BEQ X10, X5, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "BEQ X10, X5, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "BEQ X5, X10, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "BEQ X1, X5, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "BEQ X5, X1, " + at(0, 3), "RET"},
		{"MOVW (X10), X5", "SEQZ X1, X6", "RET"},
		{"MOVW (X10), X5", "SLT X1, X0, X6", "RET"},
		{"MOVW (X10), X5", "SLT X10, X5, X6", "RET"},
		{"MOVW (X10), X5", "SLT X5, X10, X6", "RET"},
		// Arithmetic on addresses other than an offset added.
		{"ADDI $5, X0, X5", "MUL X10, X5, X6", "RET"},
		{"ANDI $-8, X10, X5", "RET"},
		{"MOVW (X10), X5", "ADD X5, X10, X6", "RET"},
		{"MOVW (X10), X5", "ADD X10, X5, X6", "RET"},
		// A shift by a loaded count (herd7's RISCV has sll alone), and a
		// multiplication of a loaded value.
		{"MOVW (X10), X5", "ADDI $1, X0, X6", "SRL X5, X6, X7", "RET"},
		{"MOVW (X10), X5", "ADDI $3, X0, X6", "MUL X6, X5, X7", "RET"},
		// A register that is no integer register.
		{"MOVW (X10), X5", "MOV F1, X6", "RET"},
		// Atomics of no size that herd7 has, of an unknown ordering, at
		// an offset, or at a loaded address.
		{"MOVW (X10), X5", "AMOADD.B X5, (X10), X6", "RET"},
		{"MOVW (X10), X5", "LR.B (X10), X6", "RET"},
		{"MOVW (X10), X5", "AMOADD.W.SC X5, (X10), X6", "RET"},
		{"MOVW (X10), X5", "AMOADD.W X5, 4(X10), X6", "RET"},
		{"MOVW (X10), X5", "LR.W 4(X10), X6", "RET"},
		{"MOVW (X10), X5", "LR.W (X2), X6", "RET"},
		{"MOVW (X10), X5", "LR.D (X10), X6", "RET"},
		{"MOVW (X10), X5", "AMOADD.W X6, (X5), X7", "RET"},
		{"MOVW (X10), X5", "SC.B X5, (X10), X6", "RET"},
		{"MOVW (X10), X5", "SC.W.SC X5, (X10), X6", "RET"},
		{"MOVW (X10), X5", "SC.W X5, 4(X10), X6", "RET"},
		// A load or a store at a loaded address.
		{"MOVW (X10), X5", "MOVW (X5), X6", "RET"},
		{"MOVW (X10), X5", "MOVW X5, (X5)", "RET"},
		// A load of no field: eight bytes of a word, and past the cell.
		{"MOVW (X10), X5", "MOV (X10), X6", "RET"},
		{"MOVW (X10), X5", "MOVW 8(X10), X6", "RET"},
	} {
		r, err := deriveHand(t, tg, sc(), listing{"main.p0", code}, writer)
		if err == nil {
			t.Errorf("%q: derived, want an error; the derived test:\n%s", code, derivedText(r))
		} else if at := code[len(code)-2]; !strings.Contains(err.Error(), at) {
			t.Errorf("%q: %v; want an error at %s", code, err, at)
		}
	}
}

// TestRISCVJoinKeepsSign: two paths meet at a BLTU, one with a word
// zero-extended (an unsigned compare is the signed one there) and one
// with the same word sign-extended (herd7's RISCV cannot branch on it).
// The second is refused, not joined to the code extracted for the first.
func TestRISCVJoinKeepsSign(t *testing.T) {
	sc := &Scenario{Name: "join-sign", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Returned(0, 0)}
	writer := listing{"main.p1", []string{"ADDI $-5, X0, X5", "MOVW X5, 4(X10)", "ADDI $1, X0, X5", "MOVW X5, (X10)", "RET"}}
	reader := listing{"main.p0", []string{
		"MOVWU (X10), X7",
		"BNE X7, X0, " + at(0, 4),
		"MOVWU 4(X10), X5", // 2: not negative
		"JMP " + at(0, 5),
		"MOVW 4(X10), X5", // 4: -5 once p1 stored it
		"BLTU X0, X5, " + at(0, 6),
		"RET",
	}}
	r, err := deriveHand(t, targetNamed(t, "riscv64"), sc, reader, writer)
	if err == nil {
		t.Fatalf("derived, want an error; the derived test:\n%s", derivedText(r))
	}
	if !strings.Contains(err.Error(), "may be negative") {
		t.Errorf("%v; want the BLTU of a value that may be negative refused", err)
	}
}

// TestRISCVFrame: the stack check folded, the prologue's store of the
// link register below the stack pointer, the frame's push and pop, and a
// call that returns to its caller through X1: every path returns the
// callee's load.
func TestRISCVFrame(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	p0 := listing{"main.p0", []string{
		"MOV 16(X27), X6", "BLTU X6, X2, " + at(0, 3), "JAL X5, runtime.morestack_noctxt.abi0(SB)",
		"MOV X1, -32(X2)", "ADDI $-32, X2, X2", "MOV X1, (X2)", "MOV X10, 40(X2)", "CALL main.load(SB)",
		"MOV 40(X2), X11", "MOV (X2), X1", "ADDI $32, X2, X2", "RET",
	}}
	load := listing{"main.load", []string{"MOVWU (X10), X10", "RET"}}
	writer := listing{"main.p1", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", "RET"}}
	sc := &Scenario{Name: "frame", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Not(Or(Returned(0, 0), Returned(0, 1))),
		Reach:     []Cond{Returned(0, 0), Returned(0, 1)}}
	r, err := deriveHand(t, tg, sc, p0, load, writer)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sometimes || len(r.Unreachable) > 0 || len(r.Derived.Exits[0]) != 1 {
		t.Errorf("the frame's call: Sometimes %v (unreachable %v), exits %q; want every path to return 0 or 1; the derived test:\n%s", r.Sometimes, r.Unreachable, r.Derived.Exits[0], derivedText(r))
	}
}

// TestRISCVNegativeAUIPC: objdump prints AUIPC's 20-bit immediate
// unsigned, and $1048575 is -1: the address is the PC less 4096, whose
// upper half is 0, not the PC plus 0xfffff000.
func TestRISCVNegativeAUIPC(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	p0 := listing{"main.p0", []string{"AUIPC $1048575, X5", "SRLI $32, X5, X10", "RET"}}
	writer := listing{"main.p1", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", "RET"}}
	sc := &Scenario{Name: "auipc", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Not(Returned(0, 0)), Reach: []Cond{Returned(0, 0)}}
	r, err := deriveHand(t, tg, sc, p0, writer)
	wantNever(t, "AUIPC $1048575, the upper half not 0", r, err)
}

// TestRISCVBranchConditions: each conditional branch, on a loaded word
// (written as the litmus branch) and on a known one (decided when the
// code is extracted), is taken exactly when its condition holds: o.x
// holds 3, 0 or -1, compared with 3 (X6) or with 0. p0 returns 2 where
// the branch is taken and 1 where it is not.
func TestRISCVBranchConditions(t *testing.T) {
	for _, c := range []struct {
		x      int64
		load   string
		branch string
		taken  bool
	}{
		{3, "MOVW", "BEQ X5, X6,", true}, {0, "MOVW", "BEQ X5, X6,", false},
		{3, "MOVW", "BNE X5, X6,", false}, {0, "MOVW", "BNE X5, X6,", true},
		{3, "MOVW", "BLT X5, X6,", false}, {0, "MOVW", "BLT X5, X6,", true}, {-1, "MOVW", "BLT X5, X6,", true},
		{3, "MOVW", "BGE X5, X6,", true}, {-1, "MOVW", "BGE X5, X6,", false}, {0, "MOVW", "BGE X6, X5,", true},
		{0, "MOVWU", "BLTU X5, X6,", true}, {-1, "MOVWU", "BLTU X5, X6,", false}, {3, "MOVWU", "BLTU X5, X6,", false},
		{-1, "MOVWU", "BGEU X5, X6,", true}, {0, "MOVWU", "BGEU X5, X6,", false}, {3, "MOVWU", "BGEU X5, X6,", true},
		{0, "MOVW", "BEQZ X5,", true}, {3, "MOVW", "BEQZ X5,", false}, {0, "MOVW", "BNEZ X5,", false}, {-1, "MOVW", "BNEZ X5,", true},
		{-1, "MOVW", "BLTZ X5,", true}, {0, "MOVW", "BLTZ X5,", false}, {0, "MOVW", "BGEZ X5,", true}, {-1, "MOVW", "BGEZ X5,", false},
		{0, "MOVW", "BLEZ X5,", true}, {-1, "MOVW", "BLEZ X5,", true}, {3, "MOVW", "BLEZ X5,", false},
		{0, "MOVW", "BGTZ X5,", false}, {3, "MOVW", "BGTZ X5,", true}, {-1, "MOVW", "BGTZ X5,", false},
	} {
		want := map[bool]int64{true: 2, false: 1}[c.taken]
		for _, load := range []string{c.load + " (X10), X5", fmt.Sprintf("ADDI $%d, X0, X5", c.x)} {
			what := fmt.Sprintf("o.x = %d, %s, %s", c.x, load, c.branch)
			cellReturns(t, "riscv64", what, c.x, want, "ADDI $3, X0, X6", load, c.branch+" "+at(0, 5), "ADDI $1, X0, X10", "RET", "ADDI $2, X0, X10", "RET")
		}
	}
}

// TestRISCVValues: moves, extensions and arithmetic compute the
// machine's values, of a loaded word (o.x, which holds x) and of known
// ones.
func TestRISCVValues(t *testing.T) {
	for _, c := range []struct {
		x, want int64
		code    []string
	}{
		{-1, 2, signOf("riscv64", "MOVWU (X10), X5", "MOVW X5, X10", "RET")},
		{-1, 1, signOf("riscv64", "MOVW (X10), X5", "MOVWU X5, X10", "RET")},
		{-1, 1, signOf("riscv64", "MOVW (X10), X5", "MOVHU X5, X10", "RET")},
		{-1, 1, signOf("riscv64", "MOVWU (X10), X10", "RET")},
		{-1, 2, signOf("riscv64", "MOVW (X10), X10", "RET")},
		{511, 255, []string{"MOVWU (X10), X5", "MOVBU X5, X10", "RET"}},
		{0, 2, signOf("riscv64", "MOVW 4(X10), X10", "RET")},
		{0, 1, signOf("riscv64", "MOVWU 4(X10), X10", "RET")},
		{0, 2, signOf("riscv64", "ADDI $4, X10, X6", "LR.W (X6), X10", "RET")},
		{10, 7, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "SUB X6, X5, X10", "RET"}},
		{0, 7, []string{"ADDI $10, X0, X5", "ADDI $3, X0, X6", "SUB X6, X5, X10", "RET"}},
		{3, 1, []string{"MOVW (X10), X5", "ADDI $-2, X5, X10", "RET"}},
		{3, 3, []string{"MOVW (X10), X11", "ADDI $0, X11, X10", "RET"}},
		{0, 1, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "SLT X6, X5, X10", "RET"}},
		{3, 0, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "SLT X6, X5, X10", "RET"}},
		{0, 1, []string{"ADDI $0, X0, X5", "ADDI $3, X0, X6", "SLT X6, X5, X10", "RET"}},
		{0, 1, []string{"ADDI $0, X0, X5", "SEQZ X5, X10", "RET"}},
		{0, 0, []string{"ADDI $0, X0, X5", "SNEZ X5, X10", "RET"}},
		{3, 1, []string{"MOVW (X10), X5", "SNEZ X5, X10", "RET"}},
		{0, 2, signOf("riscv64", "LUI $524288, X10", "RET")},
		{0, 2, signOf("riscv64", "ADDI $5, X0, X5", "NEG X5, X10", "RET")},
		{3, 2, signOf("riscv64", "MOVW (X10), X5", "NEG X5, X10", "RET")},
		{3, 2, signOf("riscv64", "MOVW (X10), X5", "NEGW X5, X10", "RET")},
		{4, 7, []string{"MOVW (X10), X5", "ADDI $3, X0, X10", "ADD X5, X10", "RET"}},
		// A word operation on known values wraps at 32 bits.
		{0, 1, signOf("riscv64", "LUI $524288, X5", "ADDIW $-1, X5, X10", "RET")},
		// SLTU of known values compares them unsigned: 1 is below -1.
		{0, 1, []string{"ADDI $-1, X0, X5", "ADDI $1, X0, X6", "SLTU X5, X6, X10", "RET"}},
		// The logical operations of a loaded value, by register and by
		// immediate: 6 AND 3 is 2, 6 OR 3 is 7, 6 XOR 3 is 5.
		{6, 2, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "AND X5, X6, X10", "RET"}},
		{6, 2, []string{"MOVW (X10), X5", "ANDI $3, X5, X10", "RET"}},
		{6, 7, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "OR X5, X6, X10", "RET"}},
		{6, 7, []string{"MOVW (X10), X5", "ORI $3, X5, X10", "RET"}},
		{6, 5, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "XOR X5, X6, X10", "RET"}},
		{6, 5, []string{"MOVW (X10), X5", "XORI $3, X5, X10", "RET"}},
		// A shift of a known value by a loaded count: 3 << 2.
		{2, 12, []string{"MOVW (X10), X5", "ADDI $3, X0, X6", "SLL X5, X6, X10", "RET"}},
		// The word operations wrap at 32 bits, on loaded values and on
		// known ones, and the doubleword ones do not.
		{0x7fffffff, 2, signOf("riscv64", "MOVW (X10), X5", "ADDIW $1, X5, X10", "RET")},
		{0x7fffffff, 2, signOf("riscv64", "MOVW (X10), X5", "ADDI $1, X0, X6", "ADDW X6, X5, X10", "RET")},
		{-0x80000000, 1, signOf("riscv64", "MOVW (X10), X5", "ADDI $1, X0, X6", "SUBW X6, X5, X10", "RET")},
		{-0x80000000, 2, signOf("riscv64", "MOVW (X10), X5", "ADDI $1, X0, X6", "SUB X6, X5, X10", "RET")},
		{-0x80000000, 2, signOf("riscv64", "MOVW (X10), X5", "NEGW X5, X10", "RET")},
		{-0x80000000, 1, signOf("riscv64", "MOVW (X10), X5", "NEG X5, X10", "RET")},
		{0, 1, signOf("riscv64", "LUI $524288, X5", "ADDI $-1, X0, X6", "ADDW X6, X5, X10", "RET")},
		{0, 1, signOf("riscv64", "LUI $524288, X5", "ADDI $1, X0, X6", "SUBW X6, X5, X10", "RET")},
		{0, 2, signOf("riscv64", "LUI $524288, X5", "NEGW X5, X10", "RET")},
		{0, 1, signOf("riscv64", "LUI $524288, X5", "NEG X5, X10", "RET")},
	} {
		cellReturns(t, "riscv64", fmt.Sprintf("o.x = %d, %q", c.x, c.code), c.x, c.want, c.code...)
	}
}

// TestRISCVImmediates: an operation of a loaded value and a constant
// keeps the constant as the instruction's immediate where it fits in its
// 12 signed bits, and adds from a register where it does not, so that a
// derived test is RISC-V assembly as well as herd7 input; the sum is
// right either way.
func TestRISCVImmediates(t *testing.T) {
	writer := listing{"main.p1", []string{"ADDI $3, X0, X5", "MOVW X5, (X10)", "RET"}}
	for _, k := range []int64{-2049, -2048, 2047, 2048} {
		code := []string{"MOVW (X10), X5", fmt.Sprintf("ADDI $%d, X5, X10", k), "RET"}
		cellReturns(t, "riscv64", fmt.Sprintf("%q", code), 3, 3+k, code...)
		r, err := onCell(t, "riscv64", nil, Returned(0, 1), nil, listing{"main.p0", code}, writer)
		if err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		imm := fmt.Sprintf("addi x10,x5,%d", k)
		if fits := k >= -2048 && k < 2048; strings.Contains(r.Derived.Text, imm) != fits {
			t.Errorf("%q: the derived test holds %q: %v, want %v:\n%s", code, imm, !fits, fits, r.Derived.Text)
		}
	}
}

// TestRISCVStoreOrdering: an AMO's rl bit orders the accesses before it,
// not those after; its aq bit those after. Store buffering through an
// AMOSWAP to each word, then a load of the other, is forbidden with aq
// alone. Message passing whose writer stores the flag with SC is
// forbidden only with SC's rl bit.
func TestRISCVStoreOrdering(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	for _, c := range []struct {
		amo       string
		sometimes bool
	}{{"AMOSWAP.W", true}, {"AMOSWAP.W.RL", true}, {"AMOSWAP.W.AQ", false}, {"AMOSWAP.W.AQRL", false}} {
		p0 := listing{"main.p0", []string{"ADDI $1, X0, X5", c.amo + " X5, (X10), X0", "MOVW 4(X10), X10", "RET"}}
		p1 := listing{"main.p1", []string{"ADDI $1, X0, X5", "ADDI $4, X10, X6", c.amo + " X5, (X6), X0", "MOVW (X10), X10", "RET"}}
		r, err := deriveHand(t, tg, storeBuffering(), p0, p1)
		wantVerdict(t, fmt.Sprintf("store buffering through %s", c.amo), r, err, c.sometimes)
	}
	for _, c := range []struct {
		sc        string
		sometimes bool
	}{{"SC.W", true}, {"SC.W.RL", false}} {
		p0 := listing{"main.p0", []string{"ADDI $1, X0, X5", "MOVW X5, (X10)", "ADDI $4, X10, X6", "LR.W (X6), X7", c.sc + " X5, (X6), X8", "RET"}}
		p1 := listing{"main.p1", []string{"ADDI $4, X10, X6", "LR.W.AQ (X6), X5", "MOVW (X10), X6", "SLLI $1, X5, X5", "ADD X6, X5, X10", "RET"}}
		r, err := onCell(t, "riscv64", nil, Returned(1, 2), []Cond{Returned(1, 3), Returned(1, 0)}, p0, p1)
		wantVerdict(t, fmt.Sprintf("message passing through %s", c.sc), r, err, c.sometimes)
	}
}

// TestRISCVMoves: MOV and its sized forms between registers, from an
// immediate, and through a stack slot give the value that the machine's
// register holds. o.x is -5, which p1 stores again: a move that lost the
// immediate, a sized move of a constant that kept bits the machine drops
// or dropped a sign that it extends, or a word reloaded from a slot
// without the load's own extension, returns another number.
func TestRISCVMoves(t *testing.T) {
	tg := targetNamed(t, "riscv64")
	store := listing{"main.p1", []string{"ADDI $-5, X0, X5", "MOVW X5, (X10)", "RET"}}
	for _, c := range []struct {
		code []string
		want int64
	}{
		{[]string{"MOV $7, X10", "RET"}, 7},
		{[]string{"MOV $-7, X5", "MOV X5, X10", "RET"}, -7},
		// A constant truncated to a word, unsigned and signed.
		{[]string{"ADDI $-1, X0, X5", "MOVWU X5, X10", "RET"}, 0xffffffff},
		{[]string{"ADDI $-1, X0, X5", "MOVBU X5, X10", "RET"}, 0xff},
		{[]string{"ADDI $-1, X0, X5", "SRLI $32, X5, X5", "MOVW X5, X10", "RET"}, -1},
		// A loaded word zero-extended from its low bytes, in a register.
		{[]string{"MOVW (X10), X5", "MOVBU X5, X10", "RET"}, 0xfb},
		{[]string{"MOVW (X10), X5", "MOVHU X5, X10", "RET"}, 0xfffb},
		{[]string{"MOVW (X10), X5", "MOVWU X5, X10", "RET"}, 0xfffffffb},
		// A loaded word spilled whole and reloaded as a word is the
		// word extended as the reload says, not as the first load did.
		{[]string{"MOVWU (X10), X5", "MOV X5, 8(X2)", "MOVW 8(X2), X10", "RET"}, -5},
		{[]string{"MOVW (X10), X5", "MOV X5, 8(X2)", "MOVWU 8(X2), X10", "RET"}, 0xfffffffb},
	} {
		sc := &Scenario{
			Name:      "moves",
			Objects:   []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(-5)}}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: And(Exited(0, exitReturn), Not(Returned(0, c.want))),
			Reach:     []Cond{Returned(0, c.want)},
		}
		r, err := deriveHand(t, tg, sc, listing{"main.p0", c.code}, store)
		wantNever(t, fmt.Sprintf("%q returns %d", c.code, c.want), r, err)
	}
}

// TestRISCVNarrowLoads: a byte or halfword load of o.x reads its low
// bytes, sign-extended by MOVB and MOVH and zero-extended by MOVBU and
// MOVHU, both as a litmus load (beside a thread that stores the word)
// and folded where no thread writes it. 0x17f80 is a negative byte and
// a positive halfword, 0x8070 the other way round. A load emitted with
// the other extension, or of the other width, returns another value, on
// which a later compare would take the other branch.
func TestRISCVNarrowLoads(t *testing.T) {
	for _, c := range []struct {
		x    int64
		load string
		want int64
	}{
		{0x17f80, "MOVB", -0x80}, {0x17f80, "MOVBU", 0x80}, {0x17f80, "MOVH", 0x7f80}, {0x17f80, "MOVHU", 0x7f80},
		{0x8070, "MOVB", 0x70}, {0x8070, "MOVBU", 0x70}, {0x8070, "MOVH", -0x7f90}, {0x8070, "MOVHU", 0x8070},
	} {
		code := []string{c.load + " (X10), X10", "RET"}
		what := fmt.Sprintf("o.x = %#x, %q", c.x, code)
		cellReturns(t, "riscv64", what, c.x, c.want, code...)
		returnsOnly(t, "riscv64", what+", folded", map[string]Value{"x": Int(c.x)}, c.want, listing{"main.p0", code}, listing{"main.p1", []string{"RET"}})
	}
	// MOVB and MOVH between registers keep the low byte or halfword of a
	// known value, sign-extended.
	for _, c := range []struct {
		code []string
		want int64
	}{
		{[]string{"ADDI $511, X0, X5", "MOVH X5, X10", "RET"}, 511},
		{[]string{"ADDI $511, X0, X5", "MOVB X5, X10", "RET"}, -1},
		{[]string{"LUI $8, X5", "ADDI $-1, X5, X5", "MOVH X5, X10", "RET"}, 0x7fff},
	} {
		cellReturns(t, "riscv64", fmt.Sprintf("%q", c.code), 0, c.want, c.code...)
	}
}

// TestRISCVNarrowStores: a store of -1 by MOVB, MOVH and MOVW leaves its
// low byte, halfword or word in a field of that size, and MOV the whole
// doubleword: o.b ends 0xff, o.h 0xffff, o.w 0xffffffff and o.d -1. A
// store emitted wider than its field would leave the upper bits there,
// for a later load or a final condition on the field to see.
func TestRISCVNarrowStores(t *testing.T) {
	p0 := listing{"main.p0", []string{"ADDI $-1, X0, X5", "MOVB X5, (X10)", "MOVH X5, 2(X10)", "MOVW X5, 4(X10)", "MOV X5, 8(X10)", "RET"}}
	final := And(Final("o_b", 0xff), Final("o_h", 0xffff), Final("o_w", 0xffffffff), Final("o_d", -1))
	sc := &Scenario{
		Name:      "narrow-stores",
		Objects:   []Object{{Name: "o", Type: "main.narrow"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: Not(final),
		Reach:     []Cond{final},
	}
	r, err := deriveHand(t, targetNamed(t, "riscv64"), sc, p0)
	wantNever(t, "stores of -1 to o.b, o.h, o.w and o.d", r, err)
}

// TestRISCVDoublewordSign: a doubleword that MOV loads may be negative,
// so an unsigned compare of it, which herd7's RISCV cannot branch on, is
// refused rather than emitted as the signed one (which would take -1 for
// less than 1).
func TestRISCVDoublewordSign(t *testing.T) {
	sc := &Scenario{Name: "doubleword-sign", Objects: []Object{{Name: "o", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Returned(0, 0)}
	writer := listing{"main.p1", []string{"ADDI $-1, X0, X5", "MOV X5, (X10)", "RET"}}
	for _, code := range [][]string{
		{"MOV (X10), X5", "BLTU X0, X5, " + at(0, 2), "RET"},
		{"MOV (X10), X5", "SLTU X5, X0, X6", "RET"},
	} {
		r, err := deriveHand(t, targetNamed(t, "riscv64"), sc, listing{"main.p0", code}, writer)
		wantRefused(t, fmt.Sprintf("%q", code), r, err, code[1])
	}
}

// TestRISCVWordSC: SC.W of -1 leaves the low word in a word field, as
// MOVW does: where it stored (X10 is 0), o.w ends 0xffffffff. The
// derived test keeps the word width of LR.W and SC.W, which herd7's one
// value per location does not see but a run of the test as RISC-V code
// does.
func TestRISCVWordSC(t *testing.T) {
	p0 := listing{"main.p0", []string{"ADDI $-1, X0, X5", "ADDI $4, X10, X6", "LR.W (X6), X7", "SC.W X5, (X6), X10", "RET"}}
	sc := &Scenario{
		Name:      "word-sc",
		Objects:   []Object{{Name: "o", Type: "main.narrow"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: And(Returned(0, 0), Not(Final("o_w", 0xffffffff))),
		Reach:     []Cond{Returned(0, 0)},
	}
	r, err := deriveHand(t, targetNamed(t, "riscv64"), sc, p0)
	wantNever(t, "SC.W of -1 to o.w", r, err)
	for _, op := range []string{"lr.w ", "sc.w "} {
		if !strings.Contains(r.Derived.Text, op) {
			t.Errorf("the derived test has no %q:\n%s", op, r.Derived.Text)
		}
	}
}

// TestRISCVDoublewordLoads: MOV, LR.D and the .D AMOs read the whole
// doubleword of an 8-byte field, not its low word: o.a holds 1<<32, and
// p0 returns 2 only where it read 0. The derived test keeps the
// doubleword width and the ordering bits of the atomics: herd7 keeps one
// value per location whatever an access's size, so no verdict shows a
// word-sized translation of them, but a run of the derived test as
// RISC-V code would read 1<<32 as 0 through it.
func TestRISCVDoublewordLoads(t *testing.T) {
	p1 := listing{"main.p1", []string{"ADDI $1, X0, X5", "SLLI $32, X5, X5", "MOV X5, (X10)", "RET"}}
	for _, c := range []struct{ load, op string }{
		{"MOV (X10), X5", ""}, {"LR.D.AQ (X10), X5", "lr.d.aq "}, {"AMOADD.D X0, (X10), X5", "amoadd.d "}, {"AMOSWAP.D.AQRL X0, (X10), X5", "amoswap.d.aq.rl "},
	} {
		load := c.load
		p0 := listing{"main.p0", []string{load, "BEQ X5, X0, " + at(0, 4), "ADDI $1, X0, X10", "RET", "ADDI $2, X0, X10", "RET"}}
		sc := &Scenario{
			Name:      "doubleword",
			Objects:   []Object{{Name: "o", Type: "main.pair", Init: map[string]Value{"a": Int(1 << 32)}}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: Returned(0, 2),
			Reach:     []Cond{Returned(0, 1)},
		}
		r, err := deriveHand(t, targetNamed(t, "riscv64"), sc, p0, p1)
		wantNever(t, load+" of a doubleword 1<<32", r, err)
		if !strings.Contains(r.Derived.Text, c.op) {
			t.Errorf("%s: the derived test has no %q:\n%s", load, c.op, r.Derived.Text)
		}
	}
}
