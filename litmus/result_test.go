package litmus

import (
	"strings"
	"testing"
)

// TestValueOrder: final states list in herd7's order of values: integers
// first, by their signed value; then code labels, by thread and then by
// label; then addresses, by name and then by offset. A location that holds
// a scalar in one state sorts it before an array in another, and arrays
// compare element by element.
func TestValueOrder(t *testing.T) {
	checkAscending(t, "compareValue", compareValue, []Value{
		intValue(-5), intValue(0), intValue(3),
		codeLabel(0, "L9"), codeLabel(1, "L0"), codeLabel(1, "L1"), codeLabel(12, "L0"),
		{Sym: "x"}, {Sym: "x", N: 4}, {Sym: "y"},
	})
	checkAscending(t, "compareBinding", compareBinding, []Binding{
		{Value: intValue(7)},
		{Array: []Value{intValue(1)}},
		{Array: []Value{intValue(1), intValue(0)}},
		{Array: []Value{intValue(2)}},
	})
}

// checkAscending checks that compare orders every pair of items as their
// places in the list do.
func checkAscending[T any](t *testing.T, name string, compare func(a, b T) int, items []T) {
	t.Helper()
	for i, a := range items {
		for j, b := range items {
			if got, want := sign(compare(a, b)), sign(i-j); got != want {
				t.Errorf("%s(%+v, %+v) = %d, want %d", name, a, b, got, want)
			}
		}
	}
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

// TestWriteWhole: the output of a result, line by line, as herd7 prints
// it, with the model in place of herd7's hash.
func TestWriteWhole(t *testing.T) {
	r, out := herdOutput(t, "N", "AArch64 N\n{ 0:X1=x; }\n P0 ;\n MOV W0,#1 ;\n STR W0,[X1] ;\n~exists ([x]=1)\n")
	want := "Test N Forbidden\nStates 1\n[x]=1;\nNo\nWitnesses\nPositive: 0 Negative: 1\n" +
		"Condition ~exists ([x]=1)\nObservation N Always 1 0\nModel " + r.Model + "\n"
	if out != want || r.Model == "" {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

// TestFilterLocationsNotShown: as herd7 shows the locations of the
// condition and of the "locations" list alone, a register that only the
// filter names is read to apply the filter but not shown in the states.
func TestFilterLocationsNotShown(t *testing.T) {
	_, out := herdOutput(t, "FL", "AArch64 FL\n{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n P0 | P1 ;\n"+
		" MOV W0,#1 | LDR W0,[X1] ;\n STR W0,[X1] | DMB ISH ;\n DMB ISH | LDR W2,[X3] ;\n MOV W2,#1 | ;\n STR W2,[X3] | ;\n"+
		"filter (1:X0=1 \\/ 1:X2=1)\nexists (1:X2=0)\n")
	if want := "States 1\n1:X2=1;\nNo\nWitnesses\nPositive: 0 Negative: 2\n"; !strings.HasPrefix(out, "Test FL Allowed\n"+want) {
		t.Errorf("output:\n%s\nwant the states and counts:\n%s", out, want)
	}
}

// herdOutput checks the test src, named name, under the default model,
// and returns its result and the output that Write prints.
func herdOutput(t *testing.T, name, src string) (*Result, string) {
	t.Helper()
	test, err := Parse(name+".litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(test, "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	return r, b.String()
}
