package verify

import (
	"context"
	"debug/elf"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestPowerFencesTranslated: each Power fence is its own in the derived
// test. Store buffering is forbidden by SYNC (HWSYNC or SYNC) alone:
// LWSYNC, ISYNC and EIEIO do not order a store before a later load, so a
// translation that made any of them a full barrier, or dropped SYNC,
// fails here.
func TestPowerFencesTranslated(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	for _, c := range []struct {
		fence     string
		sometimes bool
	}{{"HWSYNC", false}, {"SYNC", false}, {"LWSYNC", true}, {"ISYNC", true}, {"EIEIO", true}, {"NOP", true}} {
		p0 := listing{"main.p0", []string{"MOVD $1,R4", "MOVW R4,0(R3)", c.fence, "MOVWZ 4(R3),R3", "RET"}}
		p1 := listing{"main.p1", []string{"MOVD $1,R4", "MOVW R4,4(R3)", c.fence, "MOVWZ 0(R3),R3", "RET"}}
		r, err := deriveHand(t, tg, storeBuffering(), p0, p1)
		wantVerdict(t, fmt.Sprintf("store buffering with %s", c.fence), r, err, c.sometimes)
	}
}

// TestPowerControlDependency: message passing whose reader branches on
// the flag it loaded before it loads the data. A branch alone does not
// order two loads on Power; the branch and ISYNC do, and so does LWSYNC.
// The compare must carry the loaded value's dependency into the branch
// (through the extsw of the word): a translation that folded it, or
// compared a copy that no load feeds, would lose the ISYNC's ordering.
func TestPowerControlDependency(t *testing.T) {
	writer := listing{"main.p0", []string{"MOVD $1,R4", "MOVW R4,0(R3)", "LWSYNC", "MOVW R4,4(R3)", "RET"}}
	for _, c := range []struct {
		between   string
		sometimes bool
	}{{"NOP", true}, {"ISYNC", false}, {"LWSYNC", false}} {
		reader := listing{"main.p1", []string{
			"MOVWZ 4(R3),R4", "CMPW R4,$1", "BNE " + at(1, 6), c.between, "MOVWZ 0(R3),R3", "RET",
			"MOVD $5,R3", "RET",
		}}
		// P1 returns 0 only when it saw the flag and missed the data;
		// each of its paths must be reachable for a Never to count.
		r, err := onCell(t, "ppc64le", nil, Returned(1, 0), []Cond{Returned(1, 1), Returned(1, 5)}, writer, reader)
		wantVerdict(t, fmt.Sprintf("a branch on the flag, then %s", c.between), r, err, c.sometimes)
	}
}

// TestPowerEieioOrdersStoresOnly: EIEIO orders a store before a later
// store, and nothing else: between the writer's stores of message passing
// it forbids the reader's outcome (the reader's branch and LWSYNC order its
// loads), between the reader's loads, after a branch on the flag, it does
// not (the writer's LWSYNC orders its stores). A translation that made it
// LWSYNC, which orders loads, or ISYNC, which orders no store, fails here.
func TestPowerEieioOrdersStoresOnly(t *testing.T) {
	writer := func(fence string) listing {
		return listing{"main.p0", []string{"MOVD $1,R4", "MOVW R4,0(R3)", fence, "MOVW R4,4(R3)", "RET"}}
	}
	reader := func(fence string) listing {
		return listing{"main.p1", []string{
			"MOVWZ 4(R3),R4", "CMPW R4,$1", "BNE " + at(1, 6), fence, "MOVWZ 0(R3),R3", "RET",
			"MOVD $5,R3", "RET",
		}}
	}
	for _, c := range []struct {
		what           string
		writer, reader listing
		sometimes      bool
	}{
		{"EIEIO between the stores", writer("EIEIO"), reader("LWSYNC"), false},
		{"EIEIO between the loads", writer("LWSYNC"), reader("EIEIO"), true},
	} {
		r, err := onCell(t, "ppc64le", nil, Returned(1, 0), []Cond{Returned(1, 1), Returned(1, 5)}, c.writer, c.reader)
		wantVerdict(t, "message passing with "+c.what, r, err, c.sometimes)
	}
}

// TestPowerWordCompares: CMPW compares the low words with sign, CMPWU
// without, whatever the upper half of the register holds. The word o.x
// is always negative (-5, or the -7 that P1 stores), and MOVWZ and LWAR
// zero-extend it: a signed compare with 0 must find it below, and an
// unsigned compare with 1 above. A translation that compared the
// zero-extended doublewords, or the words with the wrong sign, reaches
// the forbidden return.
func TestPowerWordCompares(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	store := listing{"main.p1", []string{"MOVD $-7,R4", "MOVW R4,0(R3)", "RET"}}
	for _, c := range []struct {
		load, cmp string
	}{
		{"MOVWZ 0(R3),R4", "CMPW R4,$0"},
		{"LWAR (R3),R4", "CMPW R4,$0"},
		{"MOVWZ 0(R3),R4", "CMPW R4,R5"},
		{"MOVWZ 0(R3),R4", "CMPWU R5,R4"},
		{"LWAR (R3),R4", "CMPWU R5,R4"},
	} {
		// R5 holds 0 for the signed compares (x < 0) and 1 for the
		// unsigned ones (1 < x): either way the branch is always taken.
		k := "$0"
		if strings.HasPrefix(c.cmp, "CMPWU") {
			k = "$1"
		}
		p0 := listing{"main.p0", []string{"MOVD " + k + ",R5", c.load, c.cmp, "BLT " + at(0, 7), "MOVD $1,R3", "RET", "NOP", "MOVD $2,R3", "RET"}}
		sc := &Scenario{
			Name:      "word-compare",
			Objects:   []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(-5)}}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: And(Returned(0, 1), Exited(1, exitReturn)),
			Reach:     []Cond{Returned(0, 2)},
		}
		r, err := deriveHand(t, tg, sc, p0, store)
		wantNever(t, c.load+"; "+c.cmp+" on a negative word", r, err)
	}
}

// TestPowerISEL: ISEL on a compare of a loaded value selects the right
// register on each side (o.x is 0 or the 1 that P1 stores), and its
// translation adds no branch: a store after it stays unordered with the
// load, as on the machine, where isel's result depends on the compare by
// data alone. Load buffering (each thread loads one word, selects, then
// stores the other) is allowed on Power; a branch in place of isel would
// forbid it.
func TestPowerISEL(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	sel := func(load, store string) listing {
		return listing{"main.p" + load[len(load)-1:], []string{
			"MOVWZ " + load + ",R4", "CMPW R4,$0", "MOVD $2,R5", "MOVD $7,R6", "ISEL $2,R5,R6,R7",
			"MOVD $1,R8", "MOVW R8," + store, "OR R7,R7,R3", "RET",
		}}
	}
	p0, p1 := sel("0(R3)", "4(R3)"), sel("4(R3)", "0(R3)")
	p0.symbol, p1.symbol = "main.p0", "main.p1"
	sc := &Scenario{
		Name:      "load-buffering",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: And(Returned(0, 7), Returned(1, 7)),
	}
	r, err := deriveHand(t, tg, sc, p0, p1)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Sometimes {
		t.Errorf("load buffering through ISEL: Never, want Sometimes (isel adds no control dependency); the derived test:\n%s", derivedText(r))
	}
	for _, want := range []int64{2, 7} {
		sc.Forbidden = Returned(0, want)
		r, err := deriveHand(t, tg, sc, p0, p1)
		if err != nil || !r.Sometimes {
			t.Errorf("ISEL never returns %d (err %v); the derived test:\n%s", want, err, derivedText(r))
		}
	}
	sc.Forbidden = And(Exited(0, exitReturn), Not(Or(Returned(0, 2), Returned(0, 7))))
	if r, err := deriveHand(t, tg, sc, p0, p1); err != nil || r.Sometimes {
		t.Errorf("ISEL returns another value than 2 or 7 (err %v); the derived test:\n%s", err, derivedText(r))
	}
}

// TestPowerUnknownRefused: what the translation does not model fails the
// derivation instead of passing as a no-op: an instruction it does not
// know, a doubleword unsigned compare or a sign-extending byte move of a
// loaded value (herd7 has no cmpld or extsb), a sign-extending halfword
// load, a compare into another field than CR0, a rotation of a loaded
// value that herd7 would compute differently (ppcHerdExact), a compare of
// an address with a number other than 0, AND of an address, MULLD of a
// loaded value, ANDCC of a loaded value with a mask that andi. cannot
// hold, a sum of an address and a loaded value, a rotation by 64 and a
// rotation of an address, a loaded value moved to CTR or LR, a shift
// right of a loaded value, a branch on CR0 that nothing set, and a store
// with update off the stack or of a number.
func TestPowerUnknownRefused(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	sc := func() *Scenario {
		return &Scenario{Name: "one", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: Returned(0, 0)}
	}
	writer := listing{"main.p1", []string{"MOVD $1,R4", "MOVW R4,0(R3)", "RET"}}
	for _, code := range [][]string{
		{"MOVWZ 0(R3),R4", "MULHDU R4,R4,R5", "RET"},
		{"MOVWZ 0(R3),R4", "CMPU R4,$1", "RET"},
		{"MOVWZ 0(R3),R4", "MOVB R4,R5", "RET"},
		{"MOVWZ 0(R3),R4", "CMPW R4,$1,CR1", "RET"},
		{"MOVWZ 0(R3),R4", "STXVD2X VS32,(R3)(R0)", "RET"},
		{"MOVWZ 0(R3),R4", "MOVH 0(R3),R5", "RET"},
		{"MOVWZ 0(R3),R4", "RLWINM R4,$4,$28,$31,R5", "RET"},
		{"MOVWZ 0(R3),R4", "RLDICR R4,$0,$31,R5", "RET"},
		{"MOVWZ 0(R3),R4", "CMP R3,$5", "RET"},
		{"MOVWZ 0(R3),R4", "AND R3,R3,R5", "RET"},
		{"MOVWZ 0(R3),R4", "MULLD R4,R4,R5", "RET"},
		{"MOVWZ 0(R3),R4", "ANDCC R4,$-8,R5", "RET"},
		{"MOVD $1,R4", "RLDICL R4,$64,$0,R5", "RET"},
		{"MOVWZ 0(R3),R4", "MOVD R4,CTR", "RET"},
		{"MOVWZ 0(R3),R4", "MOVDU R4,-8(R3)", "RET"},
		{"MOVWZ 0(R3),R4", "MOVDU $1,-8(R1)", "RET"},
		{"MOVWZ 0(R3),R4", "RLDICL R3,$0,$48,R5", "RET"},
		{"MOVWZ 0(R3),R4", "ADD R4,R3,R5", "RET"},
		{"MOVWZ 0(R3),R4", "ADD R3,R4,R5", "RET"},
		// The frame-zeroing loop: XXLXOR of two other registers, a zero
		// stored anywhere but the stack, BC on an unknown CTR or with
		// another BO than "decrement, branch while not 0".
		{"MOVWZ 0(R3),R4", "XXLXOR VS32,VS33,VS32", "RET"},
		{"XXLXOR VS32,VS32,VS32", "STXVD2X VS32,(R3)(R0)", "RET"},
		{"MOVWZ 0(R3),R4", "BC $16,LT," + at(0, 2), "RET"},
		{"MOVD $2,R31", "MOVD R31,CTR", "BC $12,LT," + at(0, 4), "RET"},
		// A reservation of a stack slot.
		{"MOVWZ 0(R3),R4", "LWAR (R1),R5", "RET"},
		// A branch on CR0 before anything set it, which would otherwise
		// be taken never (or on a stale compare) and drop a path.
		{"MOVWZ 0(R3),R4", "BNE " + at(0, 0), "RET"},
		// A shift right of a loaded value (RLDICL with a rotation), which
		// a clear of the left bits alone would compute wrongly.
		{"MOVWZ 0(R3),R4", "RLDICL R4,$60,$4,R5", "RET"},
		// A frame-zeroing store of a vector register not known to be 0.
		{"MOVWZ 0(R3),R4", "STXVD2X VS33,(R1)(R0)", "RET"},
		// A loaded value moved to LR.
		{"MOVWZ 0(R3),R4", "MOVD R4,LR", "RET"},
		// A tail call.
		{"MOVWZ 0(R3),R4", "BR main.p1(SB)", "RET"},
	} {
		r, err := deriveHand(t, tg, sc(), listing{"main.p0", code}, writer)
		if err == nil {
			t.Errorf("%q: derived, want an error; the derived test:\n%s", code, derivedText(r))
		} else if at := code[len(code)-2]; !strings.Contains(err.Error(), at) {
			t.Errorf("%q: %v; want an error at %s", code, err, at)
		}
	}
}

// TestPowerFrame: a frame pushed with MOVDU and popped by ADD, and a
// call through LR (BCLRL) of a function whose entry a static func value
// holds, return to the caller with the value the callee loaded.
func TestPowerFrame(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	p0 := listing{"main.p0", []string{
		"MOVD LR,R31", "MOVDU R31,-32(R1)", "MOVD R3,40(R1)", "CALL main.load(SB)",
		"MOVD 40(R1),R4", "MOVD 0(R1),R31", "MOVD R31,LR", "ADD R1,$32,R1", "RET",
	}}
	load := listing{"main.load", []string{"MOVWZ 0(R3),R3", "RET"}}
	writer := listing{"main.p1", []string{"MOVD $1,R4", "MOVW R4,0(R3)", "RET"}}
	sc := &Scenario{Name: "frame", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Not(Or(Returned(0, 0), Returned(0, 1)))}
	r, err := deriveHand(t, tg, sc, p0, load, writer)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sometimes || !slices.Contains(r.Derived.Exits[0], exitReturn) {
		t.Errorf("the frame's call: Sometimes %v, exits %q; want every path to return 0 or 1; the derived test:\n%s", r.Sometimes, r.Derived.Exits[0], derivedText(r))
	}
}

// TestPowerDoublewordReservation: LDAR and STDCCC, which herd7's Power
// lacks, are written as lwarx and stwcx. on the doubleword's location,
// with a note that says so: the increment loop returns the count it
// read, 0 or the 3 that P1 stores.
func TestPowerDoublewordReservation(t *testing.T) {
	p0 := listing{"main.p0", []string{"LDAR (R3),R4", "ADD R4,$1,R5", "STDCCC R5,(R3)", "BNE " + at(0, 0), "OR R4,R4,R3", "RET"}}
	p1 := listing{"main.p1", []string{"MOVD $3,R4", "MOVD R4,0(R3)", "RET"}}
	sc := &Scenario{Name: "ldar", Objects: []Object{{Name: "o", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: And(Exited(0, exitReturn), Not(Or(Returned(0, 0), Returned(0, 3)))),
		Reach:     []Cond{Returned(0, 0), Returned(0, 3)}}
	r, err := deriveHand(t, targetNamed(t, "ppc64le"), sc, p0, p1)
	wantNever(t, "LDAR/STDCCC increment", r, err)
	if !strings.Contains(r.Derived.Text, "lwarx") || !strings.Contains(r.Derived.Text, "stwcx.") {
		t.Errorf("no lwarx and stwcx. in the derived test:\n%s", r.Derived.Text)
	}
	if !slices.ContainsFunc(r.Derived.Notes, func(n string) bool { return strings.Contains(n, "LDAR/STDCCC") }) {
		t.Errorf("the notes %q do not say that LDAR/STDCCC is written as lwarx/stwcx.", r.Derived.Notes)
	}
}

// TestPowerReservationLost: two increments of one word, each a
// LWAR/STWCCC loop that returns the count it read. The store-conditional
// of one fails when the other's store came between its reservation and
// it, and that one reads again: both returning 0 is a lost update, never
// seen, and each return of 0 or 1 is reachable. A translation that took
// every STWCCC for stored would let both keep their 0.
func TestPowerReservationLost(t *testing.T) {
	inc := func(k int) listing {
		return listing{fmt.Sprintf("main.p%d", k), []string{"LWAR (R3),R4", "ADD R4,$1,R5", "STWCCC R5,(R3)", "BNE " + at(k, 0), "OR R4,R4,R3", "RET"}}
	}
	r, err := onCell(t, "ppc64le", nil, And(Returned(0, 0), Returned(1, 0)),
		[]Cond{Returned(0, 0), Returned(0, 1), Returned(1, 0), Returned(1, 1)}, inc(0), inc(1))
	wantNever(t, "two LWAR/STWCCC increments both returning 0", r, err)
}

// TestPowerArithmetic: NEG negates (x + -x is 0 for every x that P1
// may store), and a doubleword compare with a constant keeps the
// constant's upper half: 0x80000000 is above every word that MOVWZ
// loads here (5 or 7), where its low word taken with sign would be below.
func TestPowerArithmetic(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	store := listing{"main.p1", []string{"MOVD $7,R4", "MOVW R4,0(R3)", "RET"}}
	obj := []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(5)}}}
	threads := []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}}
	for _, c := range []struct {
		what string
		code []string
		sc   *Scenario
	}{
		{"NEG", []string{"MOVWZ 0(R3),R4", "NEG R4,R5", "ADD R5,R4,R3", "RET"},
			&Scenario{Name: "neg", Objects: obj, Threads: threads, Forbidden: And(Exited(0, exitReturn), Not(Returned(0, 0))), Reach: []Cond{Returned(0, 0)}}},
		{"CMP with 0x80000000", []string{"ORIS R0,$32768,R5", "MOVWZ 0(R3),R4", "CMP R4,R5", "BLT " + at(0, 7), "MOVD $1,R3", "RET", "NOP", "MOVD $2,R3", "RET"},
			&Scenario{Name: "cmp", Objects: obj, Threads: threads, Forbidden: Returned(0, 1), Reach: []Cond{Returned(0, 2)}}},
	} {
		r, err := deriveHand(t, tg, c.sc, listing{"main.p0", c.code}, store)
		wantNever(t, c.what, r, err)
	}
}

// TestPowerISELDependsOnBoth: on flags known when the code is extracted,
// ISEL still reads both registers, so that its result depends on the one
// it does not select, a loaded value here: load buffering through such
// an ISEL into each thread's store is forbidden on Power, as with any
// data dependency. A translation that copied the selected register alone
// would allow it.
func TestPowerISELDependsOnBoth(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	lb := func(symbol, load, store string) listing {
		return listing{symbol, []string{
			"MOVWZ " + load + ",R4", "MOVD $1,R5", "CMP R5,$1", "MOVD $1,R6", "ISEL $2,R6,R4,R7",
			"MOVW R7," + store, "OR R4,R4,R3", "RET",
		}}
	}
	sc := &Scenario{
		Name:      "load-buffering",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: And(Returned(0, 1), Returned(1, 1)),
	}
	r, err := deriveHand(t, tg, sc, lb("main.p0", "0(R3)", "4(R3)"), lb("main.p1", "4(R3)", "0(R3)"))
	wantNever(t, "load buffering through an ISEL on known flags", r, err)
}

// TestPowerBranchConditions: each conditional branch on CR0, set by a
// compare of a loaded word (written as the litmus compare and branch)
// or of a known one (decided when the code is extracted), is taken
// exactly when its condition holds: o.x holds 3, 0 or -1, compared with
// 3, signed and unsigned. p0 returns 2 where the branch is taken and 1
// where it is not.
func TestPowerBranchConditions(t *testing.T) {
	for _, c := range []struct {
		x           int64
		cmp, branch string
		taken       bool
	}{
		{3, "CMPW R4,$3", "BEQ", true}, {3, "CMPW R4,$3", "BNE", false}, {0, "CMPW R4,$3", "BNE", true},
		{3, "CMPW R4,$3", "BLT", false}, {0, "CMPW R4,$3", "BLT", true}, {-1, "CMPW R4,$3", "BLT", true},
		{3, "CMPW R4,$3", "BGE", true}, {-1, "CMPW R4,$3", "BGE", false},
		{3, "CMPW R4,$3", "BGT", false}, {3, "CMPW R4,$3", "BLE", true}, {-1, "CMPW R4,$3", "BLE", true},
		{0, "CMPW R4,$3", "BGT", false}, {0, "CMPW R4,$3", "BLE", true},
		{-1, "CMPWU R4,$3", "BLT", false}, {-1, "CMPWU R4,$3", "BGT", true}, {0, "CMPWU R4,$3", "BLT", true},
		{3, "CMPWU R4,R5", "BLT", true}, {3, "CMPWU R5,R4", "BGT", true},
	} {
		want := map[bool]int64{true: 2, false: 1}[c.taken]
		for _, load := range []string{"MOVWZ 0(R3),R4", fmt.Sprintf("MOVD $%d,R4", c.x)} {
			what := fmt.Sprintf("o.x = %d, %s, %s, %s", c.x, load, c.cmp, c.branch)
			cellReturns(t, "ppc64le", what, c.x, want, "MOVD $-1,R5", load, c.cmp, c.branch+" "+at(0, 6), "MOVD $1,R3", "RET", "MOVD $2,R3", "RET")
		}
	}
}

// TestPowerValues: moves, extensions and arithmetic compute the
// machine's values, of a loaded word (o.x, which holds x) and of known
// ones.
func TestPowerValues(t *testing.T) {
	for _, c := range []struct {
		x, want int64
		code    []string
	}{
		{-1, 2, signOf("ppc64le", "MOVWZ 0(R3),R4", "MOVW R4,R3", "RET")},
		{-1, 1, signOf("ppc64le", "MOVW 0(R3),R4", "MOVWZ R4,R3", "RET")},
		{-1, 1, signOf("ppc64le", "MOVWZ 0(R3),R3", "RET")},
		{-1, 2, signOf("ppc64le", "MOVW 0(R3),R3", "RET")},
		{0, 2, signOf("ppc64le", "MOVW 4(R3),R3", "RET")},
		{0, 1, signOf("ppc64le", "MOVWZ 4(R3),R3", "RET")},
		{0, 2, signOf("ppc64le", "MOVD $0xffffffff,R4", "MOVW R4,R3", "RET")},
		{0, 1, signOf("ppc64le", "MOVD $-1,R4", "MOVWZ R4,R3", "RET")},
		{511, 255, []string{"MOVWZ 0(R3),R4", "MOVBZ R4,R3", "RET"}},
		{10, 7, []string{"MOVWZ 0(R3),R4", "MOVD $3,R5", "SUB R5,R4,R3", "RET"}},
		{0, 7, []string{"MOVD $10,R4", "MOVD $3,R5", "SUB R5,R4,R3", "RET"}},
		{0, 65536, []string{"ADDIS $0,$1,R3", "RET"}},
		{3, 6, []string{"MOVWZ 0(R3),R4", "MOVD $5,R5", "XOR R5,R4,R3", "RET"}},
		{3, 2, []string{"MOVWZ 0(R3),R4", "ANDCC R4,$6,R3", "RET"}},
		{3, 1, []string{"MOVWZ 0(R3),R4", "ADD R4,$-2,R3", "RET"}},
		{-1, 1, signOf("ppc64le", "MOVW 0(R3),R4", "RLDICL R4,$0,$32,R3", "RET")},
		{0, 2, []string{"MOVD $0,R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $0,R5,R6,R3", "RET"}},
		{0, 7, []string{"MOVD $0,R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $1,R5,R6,R3", "RET"}},
		{0, 2, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $0,R5,R6,R3", "RET"}},
		{3, 7, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $0,R5,R6,R3", "RET"}},
		{3, 3, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $7,R5", "ISEL $0,R5,R4,R3", "RET"}},
		{2, 7, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $7,R5", "ISEL $0,R5,R4,R3", "RET"}},
		{3, 3, []string{"MOVD R3,R5", "MOVWZ 0(R5),R3", "RET"}},
		{4, 2, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $1,R5,R6,R3", "RET"}},
		{3, 7, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $1,R5,R6,R3", "RET"}},
		{3, 2, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $2,R5,R6,R3", "RET"}},
		{0, 7, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ISEL $2,R5,R6,R3", "RET"}},
		{0x12345, 0x2345, []string{"MOVWZ 0(R3),R4", "MOVHZ R4,R3", "RET"}},
		{-1, 255, []string{"MOVWZ 0(R3),R4", "MOVBZ R4,R3", "RET"}},
		{-1, 255, []string{"MOVWZ 0(R3),R4", "RLWINM R4,$0,$24,$31,R3", "RET"}},
		{0x12, 0x100, []string{"MOVWZ 0(R3),R4", "RLWINM R4,$4,$20,$23,R3", "RET"}},
		{3, 1, []string{"MOVWZ 0(R3),R4", "RLWINM R4,$0,$31,$31,R3", "RET"}},
		{0x12345, 0x2345, []string{"MOVWZ 0(R3),R4", "RLDICL R4,$0,$48,R3", "RET"}},
		// A narrower zero-extending load of a spilled loaded value
		// extends it again.
		{-1, 1, signOf("ppc64le", "MOVW 0(R3),R4", "MOVD R4,24(R1)", "MOVWZ 24(R1),R3", "RET")},
		// A frame-zeroing store clears its 16 bytes of the stack and no
		// more.
		{3, 0, []string{"MOVWZ 0(R3),R4", "MOVD R4,24(R1)", "XXLXOR VS32,VS32,VS32", "MOVD $24,R5", "STXVD2X VS32,(R1)(R5)", "MOVD 24(R1),R3", "RET"}},
		{3, 0, []string{"MOVWZ 0(R3),R4", "MOVD R4,32(R1)", "XXLXOR VS32,VS32,VS32", "MOVD $24,R5", "STXVD2X VS32,(R1)(R5)", "MOVD 32(R1),R3", "RET"}},
		{3, 3, []string{"MOVWZ 0(R3),R4", "MOVD R4,40(R1)", "XXLXOR VS32,VS32,VS32", "MOVD $24,R5", "STXVD2X VS32,(R1)(R5)", "MOVD 40(R1),R3", "RET"}},
		// The compiler's loop of them: BC $16 runs its body CTR times,
		// here twice, so the second pass clears 56(R1).
		{3, 0, []string{"MOVWZ 0(R3),R4", "MOVD R4,56(R1)", "XXLXOR VS32,VS32,VS32", "ADD R1,$24,R20", "MOVD $2,R31", "MOVD R31,CTR", "MOVD $16,R31",
			"STXVD2X VS32,(R20)(R0)", "STXVD2X VS32,(R20)(R31)", "ADD R20,$32,R20", "BC $16,LT," + at(0, 7), "MOVD 56(R1),R3", "RET"}},
		// Rotations of known values, as Power computes them.
		{0, 0x100, []string{"MOVD $0x12,R4", "RLWINM R4,$4,$20,$23,R3", "RET"}},
		{0, 0x3450, []string{"MOVD $0x12345,R4", "RLDICL R4,$4,$48,R3", "RET"}},
		{0, 0x12300, []string{"MOVD $0x12345,R4", "RLDICR R4,$0,$55,R3", "RET"}},
		{0, 0x4500, []string{"MOVD $0x12345,R4", "RLDIC R4,$8,$48,R3", "RET"}},
		{0, 2, signOf("ppc64le", "MOVD $0x12345,R4", "RLDICL R4,$63,$0,R3", "RET")},
		{0, 1, signOf("ppc64le", "MOVD $4,R5", "MOVWZ (R3)(R5),R3", "RET")},
		{3, 3, []string{"MOVWZ 0(R3),R4", "OR R4,R4,R5", "OR R5,R5,R3", "RET"}},
		// Arithmetic on known values is on 64 bits, and leaves CR0 to
		// ANDCC alone.
		{0, 2, signOf("ppc64le", "MOVD $-1,R4", "ADD R4,$-1,R3", "RET")},
		{0, 2, []string{"MOVD $0,R4", "CMPW R4,$3", "MOVD $2,R5", "MOVD $7,R6", "ADD R6,$1,R6", "ISEL $0,R5,R6,R3", "RET"}},
		{3, 3, []string{"MOVWZ 0(R3),R4", "MOVWZ 0(R3),R5", "ANDCC R4,R5,R3", "RET"}},
		// ANDCC of known values sets CR0 from the sign of its result.
		{0, 2, []string{"MOVD $-1,R4", "MOVD $-2,R5", "ANDCC R4,R5,R6", "MOVD $2,R7", "MOVD $7,R8", "ISEL $0,R7,R8,R3", "RET"}},
		// CMPW compares words: a loaded -1 equals a register's 0xffffffff.
		{-1, 2, []string{"MOVW 0(R3),R4", "MOVD $0xffffffff,R5", "CMPW R4,R5", "MOVD $2,R6", "MOVD $7,R7", "ISEL $2,R6,R7,R3", "RET"}},
		{3, 3, []string{"LWAR (R3),R4", "ADD R4,$1,R5", "STWCCC R5,(R3)", "BNE " + at(0, 0), "OR R4,R4,R3", "RET"}},
		// A sign-extending word load of a spilled loaded value extends
		// it again, with its sign.
		{-1, 2, signOf("ppc64le", "MOVWZ 0(R3),R4", "MOVD R4,24(R1)", "MOVW 24(R1),R3", "RET")},
		// An indexed access whose first register holds a number and whose
		// second the address reads at their sum: o.y.
		{3, 2, signOf("ppc64le", "MOVD $4,R5", "MOVW (R5)(R3),R3", "RET")},
		// CMPW of known values compares their low words.
		{0, 2, []string{"MOVD $-1,R4", "MOVD $0xffffffff,R5", "CMPW R4,R5", "MOVD $2,R6", "MOVD $7,R7", "ISEL $2,R6,R7,R3", "RET"}},
		// CMPWU of a loaded value compares its low word alone: x+1 is
		// 0x100000000, whose word is 0.
		{-1, 2, []string{"MOVWZ 0(R3),R4", "ADD R4,$1,R4", "CMPWU R4,$0", "MOVD $2,R6", "MOVD $7,R7", "ISEL $2,R6,R7,R3", "RET"}},
		// ANDCC of known values: a zero result sets EQ, a positive GT.
		{0, 2, []string{"MOVD $1,R4", "MOVD $2,R5", "ANDCC R4,R5,R6", "MOVD $2,R7", "MOVD $7,R8", "ISEL $2,R7,R8,R3", "RET"}},
		{0, 7, []string{"MOVD $1,R4", "MOVD $2,R5", "ANDCC R4,R5,R6", "MOVD $2,R7", "MOVD $7,R8", "ISEL $1,R7,R8,R3", "RET"}},
		{0, 2, []string{"MOVD $3,R4", "ANDCC R4,$1,R6", "MOVD $2,R7", "MOVD $7,R8", "ISEL $1,R7,R8,R3", "RET"}},
		// ANDCC of a loaded value sets CR0 for the branch after it.
		{3, 2, []string{"MOVWZ 0(R3),R4", "ANDCC R4,$1,R5", "BNE " + at(0, 5), "MOVD $1,R3", "RET", "MOVD $2,R3", "RET"}},
		{2, 1, []string{"MOVWZ 0(R3),R4", "ANDCC R4,$1,R5", "BNE " + at(0, 5), "MOVD $1,R3", "RET", "MOVD $2,R3", "RET"}},
		// OR of two registers, loaded or known.
		{3, 7, []string{"MOVWZ 0(R3),R4", "MOVD $4,R5", "OR R5,R4,R3", "RET"}},
		{0, 7, []string{"MOVD $3,R4", "MOVD $4,R5", "OR R4,R5,R3", "RET"}},
		// MULLD of known values.
		{0, 6, []string{"MOVD $2,R4", "MOVD $3,R5", "MULLD R4,R5,R3", "RET"}},
		// Rotations of known values with bits in the upper word.
		{0, 1, []string{"MOVD $1,R4", "RLDICR R4,$63,$0,R4", "RLDICL R4,$1,$63,R3", "RET"}},
		{0, 2, signOf("ppc64le", "MOVD $-1,R4", "RLDICR R4,$0,$1,R3", "RET")},
		{0, 1, signOf("ppc64le", "MOVD $-1,R4", "RLDICR R4,$0,$1,R5", "RLDICL R5,$0,$1,R3", "RET")},
		{0, 0xff00, []string{"MOVD $-1,R4", "RLDIC R4,$8,$48,R3", "RET"}},
		{0, 0x2345, []string{"MOVD $0x12345,R4", "RLDICL R4,$0,$48,R3", "RET"}},
		// ISEL on known flags adds nothing of the register it does not
		// select, and ISEL of two equal numbers is that number.
		{3, 1, []string{"MOVWZ 0(R3),R4", "MOVD $1,R5", "CMP R5,$1", "MOVD $1,R6", "ISEL $2,R6,R4,R3", "RET"}},
		{3, 5, []string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "MOVD $5,R5", "MOVD $5,R6", "ISEL $2,R5,R6,R3", "RET"}},
	} {
		cellReturns(t, "ppc64le", fmt.Sprintf("o.x = %d, %q", c.x, c.code), c.x, c.want, c.code...)
	}
}

// TestPowerHerdExact: ppcHerdExact holds of exactly the rlwinm forms
// whose result herd7 computes as Power does for every word. herd7's rot64
// is (v << sh) | (v >>> (63-sh)); Power's rotation shifts right by 64-sh.
// Both sides OR shifted copies of the word together, so they agree on
// every word when they agree on each word of one bit.
func TestPowerHerdExact(t *testing.T) {
	herd := func(w uint64, sh uint) uint64 { x := w<<32 | w; return x<<sh | x>>(63-sh) }
	power := func(w uint64, sh uint) uint64 { x := w<<32 | w; return x<<sh | x>>((64-sh)&63) }
	exact := 0
	for sh := uint(0); sh < 32; sh++ {
		for mb := uint(0); mb < 32; mb++ {
			for me := uint(0); me < 32; me++ {
				m := mask64(mb+32, me+32)
				agree := true
				for b := 0; b < 32 && agree; b++ {
					w := uint64(1) << b
					agree = herd(w, sh)&m == power(w, sh)&m
				}
				if got := ppcHerdExact(sh, mb, me); got != agree {
					t.Errorf("ppcHerdExact(%d, %d, %d) = %v; herd7 and Power agree on every word: %v", sh, mb, me, got, agree)
				}
				if agree {
					exact++
				}
			}
		}
	}
	if exact == 0 {
		t.Error("no rlwinm form is exact")
	}
}

// TestPowerISELRefused: ISEL on a bit of CR0 other than LT, GT and EQ, on
// flags that no compare set, or of an address after a compare of a
// loaded value, fails the derivation.
func TestPowerISELRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVD $3,R4", "MOVW R4,0(R3)", "RET"}}
	for _, c := range []struct {
		code []string
		want string
	}{
		{[]string{"MOVD $0,R4", "CMPW R4,$3", "MOVD $2,R5", "ISEL $3,R5,R4,R3"}, "ISEL on bit 3"},
		{[]string{"MOVD $2,R5", "ISEL $0,R5,R5,R3"}, "flags that nothing set"},
		{[]string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "ISEL $0,R3,R4,R5"}, "ISEL of an address"},
		{[]string{"MOVWZ 0(R3),R4", "CMPW R4,$3", "ISEL $0,R4,R3,R5"}, "ISEL of an address"},
	} {
		r, err := onCell(t, "ppc64le", nil, Returned(0, 4), nil, listing{"main.p0", append(c.code, "RET")}, p1)
		wantRefused(t, strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestPowerISYNCAloneOrdersNothing: ISYNC orders a later access only
// after a branch that depends on an earlier load; with no such branch it
// orders neither two loads nor two stores, where LWSYNC orders both. A
// reader that lost its branch on the flag but kept the ISYNC, or a writer
// whose LWSYNC became an ISYNC, lets message passing see the flag
// without the data: a translation that read ISYNC as LWSYNC or SYNC
// would hide that.
func TestPowerISYNCAloneOrdersNothing(t *testing.T) {
	for _, c := range []struct {
		writer, reader string
		sometimes      bool
	}{{"LWSYNC", "ISYNC", true}, {"ISYNC", "LWSYNC", true}, {"LWSYNC", "LWSYNC", false}} {
		writer := listing{"main.p0", []string{"MOVD $1,R4", "MOVW R4,0(R3)", c.writer, "MOVW R4,4(R3)", "RET"}}
		reader := listing{"main.p1", []string{"MOVWZ 4(R3),R4", c.reader, "MOVWZ 0(R3),R5", "SUB R5,R4,R3", "RET"}}
		// P1 returns 1 only when it saw the flag and missed the data.
		r, err := onCell(t, "ppc64le", nil, Returned(1, 1), []Cond{Returned(1, 0)}, writer, reader)
		wantVerdict(t, fmt.Sprintf("message passing, %s between the stores, %s between the loads", c.writer, c.reader), r, err, c.sometimes)
	}
}

// TestPowerAccessWidths: MOVD loads and stores all eight bytes of a
// doubleword field, MOVHZ and MOVH the two of a halfword. o.a holds -1,
// which P1 stores back with MOVD; P0 loads it with MOVD and finds it
// negative. The halfword o.h of a main.narrow holds -1 too, stored back
// with MOVH, and MOVHZ loads it as 0xffff. An access written narrower
// than its field would keep only its low bytes (a positive 0xffffffff,
// or 0xff), and the derived test would read a count or flag with another
// value than the code does.
func TestPowerAccessWidths(t *testing.T) {
	for _, c := range []struct {
		typ, field, store string
		load              []string
		want              int64
	}{
		{"main.pair", "a", "MOVD R4,0(R3)", signOf("ppc64le", "MOVD 0(R3),R3", "RET"), 2},
		{"main.narrow", "h", "MOVH R4,2(R3)", []string{"MOVHZ 2(R3),R3", "RET"}, 0xffff},
	} {
		p1 := listing{"main.p1", []string{"MOVD $-1,R4", c.store, "RET"}}
		sc := &Scenario{Name: "widths", Objects: []Object{{Name: "o", Type: c.typ, Init: map[string]Value{c.field: Int(-1)}}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: Not(Returned(0, c.want)), Reach: []Cond{Returned(0, c.want)}}
		r, err := deriveHand(t, targetNamed(t, "ppc64le"), sc, listing{"main.p0", c.load}, p1)
		wantNever(t, c.load[0]+" of the -1 that "+c.store+" stores", r, err)
	}
}

// TestPowerCallThroughLR: the compiler calls a func value by moving its
// entry to LR and BCLRL $20 (branch always, and link). p0 loads the
// static func value main.f·f, whose function adds 1 to R3, and calls it
// with R3 = 1: it returns 2. A BCLRL with another BO is a conditional
// call, which the derivation does not model: taken for a call always, it
// would follow a path that the machine may skip, so it is refused.
func TestPowerCallThroughLR(t *testing.T) {
	tg := targetNamed(t, "ppc64le")
	for _, c := range []struct {
		bclrl, refused string
	}{{"BCLRL $20,LT,$1", ""}, {"BCLRL $12,LT,$1", "a conditional call"}} {
		img := handImage("ppc64le", listing{"main.p0", []string{
			"MOVD LR,R31", "MOVDU R31,-32(R1)", "ADDIS $0,$8,R11", "MOVD 0(R11),R12", "MOVD R12,LR", "MOVD $1,R3", c.bclrl,
			"MOVD 0(R1),R31", "MOVD R31,LR", "ADD R1,$32,R1", "RET",
		}}, listing{"main.f", []string{"ADD R3,$1,R3", "RET"}})
		img.syms = []elf.Symbol{{Name: "main.f·f", Value: 0x80000, Size: 8}}
		img.funcVals = map[uint64]string{0x80000: "main.f"}
		sc := &Scenario{Name: "calls", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Not(Returned(0, 2)), Reach: []Cond{Returned(0, 2)}}
		d, err := Derive(img, tg, sc)
		if c.refused != "" {
			if err == nil || !strings.Contains(err.Error(), c.refused) {
				t.Errorf("%s: err %v, want it refused (%q)", c.bclrl, err, c.refused)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.bclrl, err)
		}
		r := Row{Scenario: sc, Target: tg, Derived: d}
		if err := r.decide(context.Background()); err != nil {
			t.Fatalf("%s: %v\n%s", c.bclrl, err, d.Text)
		}
		wantNever(t, "a call of main.f through LR", r, nil)
	}
}

// TestPowerIndexedPoolLoad: an indexed load whose base and index both
// hold numbers reads the absolute address that is their sum: here the
// high word, 7, of the constant pool's doubleword 0x0000000700000003. A
// load that dropped the index would read 3, another constant than the
// code reads.
func TestPowerIndexedPoolLoad(t *testing.T) {
	for _, n := range []int64{7, 3} {
		r, err := onPool(t, "ppc64le", Returned(0, n), "ADDIS $0,$9,R4", "MOVD $4,R5", "MOVWZ (R4)(R5),R3", "RET")
		if err != nil {
			t.Fatal(err)
		}
		if r.Sometimes != (n == 7) {
			t.Errorf("returns %d: %v, want %v (the pool's word at +4 holds 7); the derived test:\n%s", n, r.Sometimes, n == 7, derivedText(r))
		}
	}
}

// TestPowerStackCheckPassed: the prologue's stack bound check, a load of
// g's stack guard through R30 (which objdump names g as a register
// operand) compared with R1, lets the function go on: p0 returns 1, and
// never reaches the call that grows the stack. A g that the derivation
// did not know would end every function that has a prologue at a nil
// dereference or at that call, and make each Never of a scenario vacuous.
func TestPowerStackCheckPassed(t *testing.T) {
	for _, load := range [][]string{{"MOVD 16(R30),R22"}, {"MOVD g,R5", "MOVD 16(R5),R22"}} {
		n := len(load)
		p0 := listing{"main.p0", append(load, "CMPU R22,R1", "BLT "+at(0, n+5), "MOVD LR,R5", "CALL runtime.morestack_noctxt.abi0(SB)", "BR main.p0(SB)",
			"MOVD $1,R3", "RET")}
		r, err := onCell(t, "ppc64le", nil, Not(Returned(0, 1)), []Cond{Returned(0, 1)}, p0)
		wantNever(t, strings.Join(load, "; ")+", a stack bound check, then a return of 1", r, err)
	}
}

// TestPowerPointerCompare: a loaded pointer compared with an address
// that a register holds, as a compare-and-swap of a pointer does, finds
// them equal exactly when the load read that address. q.a starts as &q,
// which P1 stores again: P0 always finds &q and returns 1. Where P1
// clears q.a instead, P0 may return either. A compare with a register
// that the derived test never set to the address would find a pointer
// unequal to itself, and the compare-and-swap would fail where it
// succeeds.
func TestPowerPointerCompare(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVD 0(R3),R4", "CMP R4,R3", "BEQ " + at(0, 5), "MOVD $2,R3", "RET", "MOVD $1,R3", "RET"}}
	sc := func(forbidden Cond, reach []Cond) *Scenario {
		return &Scenario{Name: "pointer-compare", Objects: []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("q")}}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
			Forbidden: forbidden, Reach: reach}
	}
	tg := targetNamed(t, "ppc64le")
	again := listing{"main.p1", []string{"MOVD R3,0(R3)", "RET"}}
	r, err := deriveHand(t, tg, sc(Returned(0, 2), []Cond{Returned(0, 1)}), p0, again)
	wantNever(t, "a compare of the loaded q.a, always &q, with &q", r, err)
	clear := listing{"main.p1", []string{"MOVD $0,R4", "MOVD R4,0(R3)", "RET"}}
	for _, ret := range []int64{1, 2} {
		r, err := deriveHand(t, tg, sc(Returned(0, ret), nil), p0, clear)
		wantVerdict(t, fmt.Sprintf("a compare of the loaded q.a, &q or 0, with &q, returning %d", ret), r, err, true)
	}
}
