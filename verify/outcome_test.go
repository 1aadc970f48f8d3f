package verify

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// storesSeven is main.p1 on the cell o: it stores 7 to o.x and returns.
var storesSeven = listing{"main.p1", []string{"MOVL $0x7, 0(AX)", "RET"}}

// cellOf is a scenario of main.p0 and storesSeven on the cell o.
func cellOf(forbidden Cond) *Scenario {
	return &Scenario{
		Name:      "outcome",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: storesSeven.symbol, Args: []Value{Ref("o")}}},
		Forbidden: forbidden,
	}
}

// TestReturnedOnlyOnReturn: a thread that loads o.x into its result
// register and then panics returns nothing, whatever the register holds
// when its path ends: Returned(0, 7) is Never, though the load may see 7.
// A Returned that read the result register alone would find it.
func TestReturnedOnlyOnReturn(t *testing.T) {
	tg := targetNamed(t, "amd64")
	p0 := listing{"main.p0", []string{"MOVL 0(AX), AX", "CALL runtime.panicIndex(SB)", "RET"}}
	r, err := deriveHand(t, tg, cellOf(And(Exited(0, "panic"), Final("o_x", 7))), p0, storesSeven)
	wantVerdict(t, "the panic after the load", r, err, true)
	r, err = deriveHand(t, tg, cellOf(Returned(0, 7)), p0, storesSeven)
	wantNever(t, "a return of the thread that always panics", r, err)
	r, err = deriveHand(t, tg, cellOf(Returned(0, 0)), p0, storesSeven)
	wantNever(t, "a return of 0 by the thread that always panics", r, err)
}

// TestVacuousNegatedPart: a forbidden outcome whose conjunct says that a
// thread did not return a value rests on that conjunct being reachable.
// The thread returns 5 on its only path, so "not 5" is never reached and
// the Never is vacuous; "not 6" is reached, and the Never that the other
// conjunct (a return of 6 too) makes is not.
func TestVacuousNegatedPart(t *testing.T) {
	tg := targetNamed(t, "amd64")
	p0 := listing{"main.p0", []string{"MOVL $0x5, AX", "RET"}}
	notFive := Not(Returned(0, 5))
	r, err := deriveHand(t, tg, cellOf(And(Exited(0, exitReturn), notFive)), p0, storesSeven)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sometimes || !slices.ContainsFunc(r.Unreachable, func(c Cond) bool { return c.String() == notFive.String() }) || r.OK() {
		t.Errorf("a thread that always returns 5: Sometimes %v, unreachable %v, OK %v; want a Never with %s unreachable; the derived test:\n%s",
			r.Sometimes, r.Unreachable, r.OK(), notFive, derivedText(r))
	}
	r, err = deriveHand(t, tg, cellOf(And(Returned(0, 5), Not(Returned(0, 6)), Final("o_x", 7))), p0, storesSeven)
	wantVerdict(t, "a return of 5, not 6, with o.x 7", r, err, true)
}

// TestUnknownResultRefusedWhereRead: a return whose result the derivation
// does not know is refused wherever an outcome reads that result, not only
// where the forbidden outcome is a bare Returned: below a Not, an And or an
// Or, and in an outcome that a Never must reach. An outcome that reads only
// how the thread ended, or another thread's result, keeps the derivation.
func TestUnknownResultRefusedWhereRead(t *testing.T) {
	// p0 stores a word to its stack and loads a doubleword from there, so
	// its result's upper half is unknown.
	p0 := listing{"main.p0", []string{"MOVL $0x7, -0x10(SP)", "MOVQ -0x10(SP), AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, AX", "RET"}}
	ret := Exited(0, exitReturn)
	for _, c := range []struct {
		what      string
		forbidden Cond
		reach     []Cond
		refused   bool
	}{
		{"a negated result", Not(Returned(0, 0)), []Cond{ret}, true},
		{"a result in a conjunction", And(ret, Returned(0, 0)), []Cond{ret}, true},
		{"a result in a disjunction", Or(Exited(0, "panic"), Returned(0, 0)), []Cond{ret}, true},
		{"a result in an outcome to reach", ret, []Cond{ret, Returned(0, 7)}, true},
		{"a result below a Not in an outcome to reach", ret, []Cond{Not(Returned(0, 7))}, true},
		{"the exit alone", And(ret, Not(Exited(0, "panic"))), []Cond{ret}, false},
		{"the other thread's result", And(ret, Returned(1, 1)), []Cond{ret, Returned(1, 1)}, false},
	} {
		sc := &Scenario{Name: "stack", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: c.forbidden, Reach: c.reach}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
		if refused := err != nil && strings.Contains(err.Error(), "result (AX) the derivation does not know"); refused != c.refused {
			t.Errorf("%s (forbidden %s, reach %v): err %v, want refused %v; the derived test:\n%s", c.what, c.forbidden, c.reach, err, c.refused, derivedText(r))
		}
	}
}

// TestReachDisjunction: an outcome to reach that is a disjunction is
// reached where one of its disjuncts is, and only there. p0 returns 5 on
// its only path, so "5 or 6" is reached and "6 or 7" is not, which makes
// the Never vacuous.
func TestReachDisjunction(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL $0x5, AX", "RET"}}
	neither, either := Or(Returned(0, 6), Returned(0, 7)), Or(Returned(0, 5), Returned(0, 6))
	sc := cellOf(Returned(0, 9))
	sc.Reach = []Cond{neither, either}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, storesSeven)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sometimes || len(r.Unreachable) != 1 || r.Unreachable[0].String() != neither.String() {
		t.Errorf("a thread that always returns 5: Sometimes %v, unreachable %v; want a Never with %s alone unreachable; the derived test:\n%s",
			r.Sometimes, r.Unreachable, neither, derivedText(r))
	}
}

// TestReturnedStaticPointer: an entry that returns a pointer known when
// the code is extracted (here its argument, &o) returns that pointer, not
// what its litmus result register held before: it returns neither 0 nor 1.
// A return that put only known integers into the register would leave it
// at its initial 0.
func TestReturnedStaticPointer(t *testing.T) {
	tg := targetNamed(t, "amd64")
	p0 := listing{"main.p0", []string{"RET"}}
	for _, n := range []int64{0, 1} {
		r, err := deriveHand(t, tg, cellOf(Returned(0, n)), p0, storesSeven)
		wantNever(t, fmt.Sprintf("a return of %d by the thread that returns &o", n), r, err)
	}
}

// TestConditionsWritten: a scenario's outcome is written, in the derived
// test's comment and in the reports of unreachable parts, with each
// negation, conjunction and disjunction it has: a negated part that read
// as the part itself would report the opposite outcome.
func TestConditionsWritten(t *testing.T) {
	c := And(Exited(0, "panic"), Not(Returned(1, 5)), Or(Final("o_x", 1), Not(Final("o_y", -2))))
	want := `(P0:panic /\ ~P1:return=5 /\ (o_x=1 \/ ~o_y=-2))`
	if got := c.String(); got != want {
		t.Errorf("%#v written as %s, want %s", c, got, want)
	}
}
