package verify

import (
	"slices"
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
