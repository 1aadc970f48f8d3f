package litmus

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Result is the outcome of checking a test under a model.
type Result struct {
	Name  string
	Arch  Arch
	Model string
	Cond  Condition
	// States are the distinct final states of the consistent executions,
	// over the locations of the condition and the "locations" list, sorted.
	States []*State
	// Positive and Negative count the consistent executions whose final
	// state does and does not satisfy the condition's proposition.
	Positive, Negative int
	// Observation is "Never" (Positive is 0), "Always" (Negative is 0
	// and Positive is not) or "Sometimes".
	Observation string
	// Cut counts the thread paths abandoned at the loop unrolling bound
	// (see DefaultUnroll); Write then prints "Loop Ok" or "Loop No", as
	// herd7 does.
	Cut int
	// Flags are the names that the model's flags raised in a consistent
	// execution, sorted: under "aarch64", those of herd7's
	// aarch64fences.cat for a barrier option that names a shareability
	// domain, such as DMB ISH. Write prints "Flag NAME" for each, as herd7
	// does. They leave the verdict as it is.
	Flags []string
}

// State is a final state.
type State struct {
	Values []Binding
	// Witness tells whether the state satisfies the condition's
	// proposition.
	Witness bool
}

// Binding is the final value of one location.
type Binding struct {
	Loc   Location
	Value Value
	// Type is the location's declared type, "" for herd7's default int:
	// the state prints Value cast to it.
	Type string
	// Array holds the values of the elements when Loc names a whole
	// array, printed "v={1,2}"; Value is then unused.
	Array []Value
}

// String prints a state as herd7 does: "0:X2=0; [x]=1;".
func (s *State) String() string {
	var b strings.Builder
	for i, v := range s.Values {
		if i > 0 {
			b.WriteByte(' ')
		}
		if v.Array != nil {
			fmt.Fprintf(&b, "%s=%s;", v.Loc.Sym, formatArray(v.Array, v.Type))
			continue
		}
		fmt.Fprintf(&b, "%s=%s;", v.Loc, formatTyped(v.Type, v.Value))
	}
	return b.String()
}

// compareState orders final states as herd7's set of them does: by the
// values of the locations, in the order they print, each compared as
// compareValue does; a whole array compares its elements in turn.
func compareState(a, b *State) int {
	for i := range min(len(a.Values), len(b.Values)) {
		va, vb := a.Values[i], b.Values[i]
		if c := compareBinding(va, vb); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.Values), len(b.Values))
}

func compareBinding(a, b Binding) int {
	switch {
	case a.Array == nil && b.Array == nil:
		return compareValue(a.Value, b.Value)
	case a.Array == nil:
		return -1 // herd7's integers and addresses before its vectors
	case b.Array == nil:
		return 1
	}
	return slices.CompareFunc(a.Array, b.Array, compareValue)
}

// compareValue is herd7's order of values: integers first, numerically as
// the signed 64-bit values held (not as they print under a narrower
// type), then code labels by thread and label, then addresses by name and
// offset.
func compareValue(a, b Value) int {
	if (a.Sym == "") != (b.Sym == "") {
		if a.Sym == "" {
			return -1
		}
		return 1
	}
	if a.Sym == "" {
		return cmp.Compare(a.N, b.N)
	}
	if la, lb := isCodeLabel(a), isCodeLabel(b); la != lb {
		if la {
			return -1
		}
		return 1
	} else if la {
		ta, na := labelParts(a)
		tb, nb := labelParts(b)
		if c := cmp.Compare(ta, tb); c != 0 {
			return c
		}
		return cmp.Compare(na, nb)
	}
	if c := cmp.Compare(a.Sym, b.Sym); c != 0 {
		return c
	}
	return cmp.Compare(a.N, b.N)
}

func (c *checker) result(model string) *Result {
	r := &Result{Name: c.t.Name, Arch: c.t.Arch, Model: model, Cond: c.t.Cond, Positive: c.pos, Negative: c.neg}
	for _, s := range c.states {
		r.States = append(r.States, s)
	}
	sort.Slice(r.States, func(i, j int) bool { return compareState(r.States[i], r.States[j]) < 0 })
	r.Flags = slices.Sorted(maps.Keys(c.flags))
	for _, tp := range c.threads {
		r.Cut += tp.cut
	}
	switch {
	case r.Positive == 0:
		r.Observation = "Never"
	case r.Negative == 0:
		r.Observation = "Always"
	default:
		r.Observation = "Sometimes"
	}
	return r
}

// OK reports whether the test's expectation holds: for exists, the
// proposition is reachable; for ~exists, it is not; for forall, every
// execution satisfies it. herd7 prints this as "Ok" or "No".
func (r *Result) OK() bool {
	switch r.Cond.Quant {
	case NotExists:
		return r.Positive == 0
	case Forall:
		return r.Negative == 0
	}
	return r.Positive > 0
}

// Verdict names the result as kinds files do: for exists and ~exists,
// "Allowed" when the proposition is reachable and "Forbidden" when it is
// not; for forall, "Required" when every execution satisfies it and
// "NotRequired" otherwise.
func (r *Result) Verdict() string {
	if r.Cond.Quant == Forall {
		if r.Negative == 0 {
			return "Required"
		}
		return "NotRequired"
	}
	if r.Positive > 0 {
		return "Allowed"
	}
	return "Forbidden"
}

// kindOf is herd7's word for a condition in the first line of its output.
func kindOf(q Quantifier) string {
	switch q {
	case NotExists:
		return "Forbidden"
	case Forall:
		return "Required"
	}
	return "Allowed"
}

// Write prints the result as herd7 does, a "Flag NAME" line for each of
// r.Flags included, up to the line "Observation NAME
// Never|Sometimes|Always P N", then "Model NAME" where herd7 prints a hash
// of the test.
func (r *Result) Write(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "Test %s %s\n", r.Name, kindOf(r.Cond.Quant))
	fmt.Fprintf(b, "States %d\n", len(r.States))
	for _, s := range r.States {
		fmt.Fprintln(b, s)
	}
	if r.Cut > 0 {
		// As herd7 does when its unrolling cut a loop.
		fmt.Fprint(b, "Loop ")
	}
	if r.OK() {
		fmt.Fprintln(b, "Ok")
	} else {
		fmt.Fprintln(b, "No")
	}
	fmt.Fprintln(b, "Witnesses")
	pos, neg := r.Positive, r.Negative
	if r.Cond.Quant == NotExists {
		// herd7 counts the witnesses of ~exists P as those of P's
		// negation here, and only here.
		pos, neg = neg, pos
	}
	fmt.Fprintf(b, "Positive: %d Negative: %d\n", pos, neg)
	for _, f := range r.Flags {
		fmt.Fprintf(b, "Flag %s\n", f)
	}
	fmt.Fprintf(b, "Condition %s\n", r.Cond)
	fmt.Fprintf(b, "Observation %s %s %d %d\n", r.Name, r.Observation, r.Positive, r.Negative)
	// herd7 prints no model; naming it tells which reading of the
	// fences gave the answer (see DefaultModel).
	fmt.Fprintf(b, "Model %s\n", r.Model)
	return b.Flush()
}
