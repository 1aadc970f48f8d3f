package litmus

import "testing"

// condTest parses a two-register test whose final part is final.
func condTest(t *testing.T, final string) *Test {
	t.Helper()
	src := "AArch64 C\n{ 0:X1=x; 0:X2=0; }\n P0 ;\n MOV W3,#1 ;\n" + final + "\n"
	test, err := Parse("c.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return test
}

func TestConditionPrecedenceAndPrinting(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{`exists 0:X2=1 \/ 0:X3=2 /\ [x]=3`, `exists (0:X2=1 \/ 0:X3=2 /\ [x]=3)`},
		{`exists (0:X2=1 \/ 0:X3=2) /\ x=3`, `exists ((0:X2=1 \/ 0:X3=2) /\ [x]=3)`},
		{`~exists ~0:X2=1 /\ ~(x=0 \/ x=1)`, `~exists (not (0:X2=1) /\ not ([x]=0 \/ [x]=1))`},
		// herd7's precedence: \/, then /\, then => (to the right), then not.
		{`forall 0:X2=1 => 0:X3=1 \/ true`, `forall ((0:X2=1 => 0:X3=1) \/ true)`},
		{`exists 0:X2=1 /\ 0:X3=0 => 0:X2=0`, `exists (0:X2=1 /\ (0:X3=0 => 0:X2=0))`},
		{`exists 0:X2=1 => 0:X3=1 /\ true`, `exists ((0:X2=1 => 0:X3=1) /\ true)`},
		{`exists ~0:X2=1 => 0:X3=1`, `exists (not (0:X2=1) => 0:X3=1)`},
		{`exists false \/ 0:X2=1 /\ true`, `exists (false \/ 0:X2=1 /\ true)`},
		{`exists (0:X1=x /\ 0:X2=-1 /\ not 0:X3 != 4)`, `exists (0:X1=x /\ 0:X2=-1 /\ not (not (0:X3=4)))`},
	} {
		if got := condTest(t, tc.in).Cond.String(); got != tc.out {
			t.Errorf("%s\n got: %s\nwant: %s", tc.in, got, tc.out)
		}
	}
}

func TestConditionEvaluation(t *testing.T) {
	state := map[Location]Value{
		{Thread: 0, Reg: "X2"}: intValue(1),
		{Thread: 0, Reg: "X3"}: intValue(0xffffffff),
		{Thread: -1, Sym: "x"}: intValue(3),
	}
	read := func(l Location) Value { return state[l] }
	for _, tc := range []struct {
		cond string
		want bool
	}{
		{`exists 0:X2=1 \/ 0:X3=2 /\ [x]=4`, true}, // /\ binds tighter
		{`exists (0:X2=1 \/ 0:X3=2) /\ [x]=4`, false},
		{`exists 0:X3=-1`, true}, // a 32-bit register holding -1
		{`exists 0:X3=4294967295`, true},
		{`exists 0:X2=1 => [x]=3`, true},
		{`exists 0:X2=1 => [x]=2`, false},
		{`exists 0:X2=2 /\ 0:X2=1 => [x]=4`, false}, // => binds tighter than /\
		{`exists 0:X2=2 => [x]=3 /\ [x]=4`, false},
		{`exists ~(0:X2=1)`, false},
		{`exists 0:X2 != 1`, false},
		// => groups to the right, as herd7's %right IMPLIES: false =>
		// (true => false) holds, (false => true) => false does not.
		{`exists 0:X2=2 => [x]=3 => [x]=4`, true},
		{`exists (0:X2=2 => [x]=3) => [x]=4`, false},
		// herd7 spells equality == too.
		{`exists 0:X2==1 /\ [x]==3`, true},
		{`exists 0:X2==2`, false},
	} {
		if got := condTest(t, tc.cond).Cond.Prop.eval(read); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.cond, got, tc.want)
		}
	}
}

// TestQuantifiers checks OK, Verdict and the herd7 words for each
// quantifier on one test whose register ends at 1 in every execution.
func TestQuantifiers(t *testing.T) {
	for _, tc := range []struct {
		final, verdict, observation string
		ok                          bool
	}{
		{"exists 0:X3=1", "Allowed", "Always", true},
		{"exists 0:X3=2", "Forbidden", "Never", false},
		{"~exists 0:X3=2", "Forbidden", "Never", true},
		{"~exists 0:X3=1", "Allowed", "Always", false},
		{"forall 0:X3=1", "Required", "Always", true},
		{"forall 0:X3=2", "NotRequired", "Never", false},
	} {
		r, err := Check(condTest(t, tc.final), "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict() != tc.verdict || r.Observation != tc.observation || r.OK() != tc.ok {
			t.Errorf("%s: %s %s ok=%v, want %s %s ok=%v", tc.final, r.Verdict(), r.Observation, r.OK(), tc.verdict, tc.observation, tc.ok)
		}
	}
}
