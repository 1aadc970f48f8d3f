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
	ascending := []Value{
		intValue(-5), intValue(0), intValue(3),
		codeLabel(0, "L9"), codeLabel(1, "L0"), codeLabel(1, "L1"), codeLabel(12, "L0"),
		{Sym: "x"}, {Sym: "x", N: 4}, {Sym: "y"},
	}
	for i, a := range ascending {
		for j, b := range ascending {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := sign(compareValue(a, b)); got != want {
				t.Errorf("compareValue(%v, %v) = %d, want %d", a, b, got, want)
			}
		}
	}

	scalar := Binding{Value: intValue(7)}
	short := Binding{Array: []Value{intValue(1)}}
	long := Binding{Array: []Value{intValue(1), intValue(0)}}
	higher := Binding{Array: []Value{intValue(2)}}
	bindings := []Binding{scalar, short, long, higher}
	for i, a := range bindings {
		for j, b := range bindings {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := sign(compareBinding(a, b)); got != want {
				t.Errorf("compareBinding(%+v, %+v) = %d, want %d", a, b, got, want)
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
	test, err := Parse("N.litmus", []byte("AArch64 N\n{ 0:X1=x; }\n P0 ;\n MOV W0,#1 ;\n STR W0,[X1] ;\n~exists ([x]=1)\n"))
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
	want := "Test N Forbidden\nStates 1\n[x]=1;\nNo\nWitnesses\nPositive: 0 Negative: 1\n" +
		"Condition ~exists ([x]=1)\nObservation N Always 1 0\nModel " + r.Model + "\n"
	if b.String() != want || r.Model == "" {
		t.Errorf("output:\n%s\nwant:\n%s", b.String(), want)
	}
}
