package litmus

import (
	"strings"
	"testing"
)

// TestFinalSpellings: herd7's ways of writing the final part. Its
// splitter ends the code at "exists", "~exists", "forall", "final",
// "locations", "filter" (or "observed", which the checker refuses), each a
// word of its own; then come locations, a filter and the condition, each
// optional and in that order, where "final PROP" and a parenthesised PROP
// alone mean "exists PROP" and "not exists" is "~exists". Older tests
// add a list of kinds after "with", and tool options between "<<" and
// ">>", both of which herd7 ignores.
func TestFinalSpellings(t *testing.T) {
	const head = "AArch64 T\n{ }\n P0 ;\n MOV X0,#1 ;\n"
	for _, c := range []struct{ final, cond, obs string }{
		{"exists (0:X0=1)", "exists (0:X0=1)", "Always 1 0"},
		{"exists(0:X0=1)", "exists (0:X0=1)", "Always 1 0"},
		{"exists (P0:X0=1)", "exists (0:X0=1)", "Always 1 0"},
		{"final (0:X0=2)", "exists (0:X0=2)", "Never 0 1"},
		{"~ exists (0:X0=1)", "~exists (0:X0=1)", "Always 1 0"},
		{"locations [0:X0;]\nnot exists (0:X0=1)", "~exists (0:X0=1)", "Always 1 0"},
		{"locations [0:X0;]\n(0:X0=2)", "exists (0:X0=2)", "Never 0 1"},
		{"locations [0:X0;]\nfilter (0:X0=1)\nforall (0:X0=1)", "forall (0:X0=1)", "Always 1 0"},
		{"filter (0:X0=2)\nfinal (0:X0=1)", "exists (0:X0=1)", "Never 0 0"},
		{"locations [0:X0;]", "forall (true)", "Always 1 0"},
		// herd7 reads and ignores the list of kinds after "with", and
		// the test ends at "<<".
		{"final (0:X0=1);\nwith\npower_b: ~ exists;\ndefault: ~exists;", "exists (0:X0=1)", "Always 1 0"},
		{"exists (0:X0=1) with tso: exists", "exists (0:X0=1)", "Always 1 0"},
		{"exists (0:X0=1) with a: not exists; b: forall;", "exists (0:X0=1)", "Always 1 0"},
		{"exists (0:X0=1)\n<<\nshow 0\nanything ( at all\n>>", "exists (0:X0=1)", "Always 1 0"},
		{"exists (0:X0=1) <<", "exists (0:X0=1)", "Always 1 0"},
		// A label that starts with a keyword is code.
		{"finally: NOP ;\nexists (0:X0=1)", "exists (0:X0=1)", "Always 1 0"},
	} {
		r, err := checkOne(t, head+c.final+"\n")
		if err != nil {
			t.Errorf("%q: %v", c.final, err)
			continue
		}
		var b strings.Builder
		r.Write(&b)
		if out := b.String(); !strings.Contains(out, "\nCondition "+c.cond+"\n") || !strings.Contains(out, "Observation T "+c.obs+"\n") {
			t.Errorf("%q: want Condition %s and Observation T %s, got\n%s", c.final, c.cond, c.obs, out)
		}
	}
	for _, c := range []struct{ final, want string }{
		// The code ends only at a keyword: herd7 reads these as code.
		{"not exists (0:X0=1)", `t.litmus:5: P0: unknown or unsupported AArch64 instruction "NOT"`},
		{"(0:X0=1)", `t.litmus:5: P0: unknown or unsupported AArch64 instruction "(0:X0=1)"`},
		{"observed 0:X0=1;", `t.litmus:5: expected the final condition (exists, ~exists, not exists, forall, final or a parenthesised proposition), found "observed"`},
		{"filter (0:X0=1)\nlocations [0:X0;]\nexists (0:X0=1)", `t.litmus:6: "locations" comes once, and before the final condition; "locations" before "filter"`},
		{"locations [0:X0;]\nlocations [0:X0;]", `t.litmus:6: "locations" comes once`},
		{"filter (0:X0=1)\nfilter (0:X0=1)", `t.litmus:6: "filter" comes once`},
		{"exists (0:X0=1) with", `t.litmus:5: expected a model's name and its kind after "with", found end of file`},
		{"exists (0:X0=1) with a: maybe", `t.litmus:5: expected forall, exists or ~exists as the kind of a, found "maybe"`},
		{"exists (0:X0=1) with a exists", `t.litmus:5: expected ":", found "exists"`},
		{"exists (0:X0=1) with a: never exists", `t.litmus:5: expected forall, exists or ~exists as the kind of a, found "never"`},
		{"locations [0:X0;]\nnever exists (0:X0=1)", `t.litmus:6: expected the final condition (exists, ~exists, not exists, forall, final or a parenthesised proposition), found "never"`},
		{"locations [0:X0;]\n/\\ (0:X0=1)", `t.litmus:6: expected the final condition (exists, ~exists, not exists, forall, final or a parenthesised proposition), found "/\\"`},
		{"exists (0:X0=1) with a: exists b: exists", `t.litmus:5: unexpected "b" after the final condition`},
	} {
		wantError(t, head+c.final+"\n", c.want)
	}
}

// TestLocationTypes: herd7 reads a type after a location of the
// locations list (a name, a "*" or both) and ignores it, since only
// litmus7 uses it: a value prints with the type the initial state gives
// its location. Items are separated by ";", one more allowed at the end,
// so a name after a location is its type, not another location.
func TestLocationTypes(t *testing.T) {
	const head = "AArch64 T\n{ 0:X1=-1; x=1; uint64_t 0:X2=-1; }\n P0 ;\n MOV X0,#1 ;\n"
	for _, c := range []struct{ locs, state string }{
		{"[0:X1 uint64_t;]", "0:X1=-1;"},
		{"[0:X2 int]", "0:X2=18446744073709551615;"},
		{"[0:X1*; x int*;]", "0:X1=-1; [x]=1;"},
		{"[x y]", "[x]=1;"},
		{"[]", ""},
	} {
		r, err := checkOne(t, head+"locations "+c.locs+"\n")
		if err != nil {
			t.Errorf("%s: %v", c.locs, err)
			continue
		}
		var b strings.Builder
		r.Write(&b)
		if out := b.String(); !strings.Contains(out, "\nStates 1\n"+c.state+"\n") {
			t.Errorf("%s: want the state %s, got\n%s", c.locs, c.state, out)
		}
	}
	// "fault" before "(" is herd7's fault atom, which the checker refuses
	// (TestConditionErrors); anywhere else it is a location's name.
	r, err := checkOne(t, "AArch64 F\n{ fault=1; }\n P0 ;\n MOV X0,#1 ;\nlocations [fault;]\nexists (fault=1)\n")
	if err != nil || r.Observation != "Always" {
		t.Errorf("a location named fault: %v, %v", r, err)
	}
}

// TestConditionErrors: each way the final part can be malformed is an
// error at its line that says what was expected, found where a nested
// proposition, a filter or the locations list holds it too.
func TestConditionErrors(t *testing.T) {
	const head = "AArch64 T\n{ x=1; }\n P0 ;\n MOV X0,#1 ;\n"
	for _, c := range []struct{ final, want string }{
		{"locations [0:X0;", `t.litmus:5: locations list is not closed with "]"`},
		{"locations 0:X0;", `t.litmus:5: expected "[", found "0"`},
		{"locations [0:X0 ins_t;]", "t.litmus:5: 0:X0 of type ins_t: code as data is herd7's ifetch variant"},
		{"locations [;]", `t.litmus:5: expected a location such as 0:X1 or [x], found ";"`},
		{"locations [0:X0;;]", `t.litmus:5: expected a location such as 0:X1 or [x], found ";"`},
		{"locations [0:X0 int int]", `t.litmus:5: expected ";", found "int"`},
		{"locations [0:X0**]", `t.litmus:5: expected ";", found "*"`},
		{"locations [0:X0 exists (0:X0=1)", `t.litmus:5: expected ";", found "exists"`},
		{"locations [0:X0 int", `t.litmus:5: locations list is not closed with "]"`},
		{"locations [x 0:X0]", `t.litmus:5: expected ";", found "0"`},
		{"exists (fault(P0:L0,x))", "t.litmus:5: fault(...): faults are those of herd7's variants"},
		{"locations [fault(P0,UndefinedInstruction);]", "t.litmus:5: fault(...): faults are those of herd7's variants"},
		{"locations [0:=1;]", `t.litmus:5: expected a register after "0:", found "="`},
		{"filter (0:X0=)\nexists (x=1)", `t.litmus:5: expected a value after 0:X0=, found ")"`},
		{"exists (0:X0=instr:\"NOP\")", "t.litmus:5: instruction value in the condition: code as data is herd7's ifetch variant"},
		{"exists (0:=1)", `t.litmus:5: expected a register after "0:", found "="`},
		{"exists (0:X0<1)", `t.litmus:5: expected "=" after 0:X0, found "<"`},
		{"exists (0:X0=x:y)", `t.litmus:5: expected ")", found ":"`},
		{"exists ([1]=0)", `t.litmus:5: expected a location name after "[", found "1"`},
		{"exists ([x=0)", `t.litmus:5: expected "]", found "="`},
		{"exists (P0a:X0=1)", "t.litmus:5: [P0a] is a location that the test never initialises or accesses"},
		// Only P and digits name a thread.
		{"exists (P:X0=1)", "t.litmus:5: [P] is a location that the test never initialises or accesses"},
		{"exists (x1:X0=1)", "t.litmus:5: [x1] is a location that the test never initialises or accesses"},
		{"exists (P0.:X0=1)", "t.litmus:5: [P0.] is a location that the test never initialises or accesses"},
		{"exists (P9:X0=1)", "t.litmus:5: 9:X0: the test has no thread 9"},
		{"exists (exists=1)", `t.litmus:5: expected a location such as 0:X1 or [x], found "exists"`},
		{"exists (not=1)", `t.litmus:5: expected a location such as 0:X1 or [x], found "="`},
		{"exists (x=1 /\\ (0:X0=))", `t.litmus:5: expected a value after 0:X0=, found ")"`},
		{"exists (x=1 =>\n 0:X0=)", `t.litmus:6: expected a value after 0:X0=, found ")"`},
		{"exists (x=1 \\/ 0:X0=)", `t.litmus:5: expected a value after 0:X0=, found ")"`},
		{"exists (~0:X0=)", `t.litmus:5: expected a value after 0:X0=, found ")"`},
		{"exists (x={1})", "t.litmus:5: [x] is not an array: it takes one value"},
	} {
		wantError(t, head+c.final+"\n", c.want)
	}
	// The words of the final part name no location.
	for _, k := range []string{"exists", "forall", "locations", "filter", "true", "false", "not"} {
		wantError(t, head+"locations ["+k+";]\n", `t.litmus:5: expected a location such as 0:X1 or [x], found "`+k+`"`)
	}
}
