package litmus

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestRMWChains: two threads each add to one location three times with
// LDADDL. Every interleaving of the six read-modify-writes is an execution
// (coherence orders them, each reads the one before it), and nothing else
// is: 20 final states, each the running sums of one interleaving. Before
// coherence chains, each load could return any sum of the other thread's
// additions, some 9,000 thread paths and over a million candidate
// executions; the bounds below fail if the chains stop pruning them.
func TestRMWChains(t *testing.T) {
	const src = `AArch64 RMW-chains
{
x=0;
0:X0=x; 0:W1=1;
1:X0=x; 1:W1=4;
}
 P0                | P1                ;
 LDADDL W1,W2,[X0] | LDADDL W1,W2,[X0] ;
 LDADDL W1,W3,[X0] | LDADDL W1,W3,[X0] ;
 LDADDL W1,W4,[X0] | LDADDL W1,W4,[X0] ;
locations [0:X2; 0:X3; 0:X4; 1:X2; 1:X3; 1:X4;]
exists (x=15)
`
	test, err := Parse("rmw-chains.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := CheckContext(context.Background(), test, Options{Model: "aarch64", MaxPaths: 1000, MaxExecutions: 20000})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.States {
		got = append(got, s.String())
	}
	slices.Sort(got)
	want := interleavedSums([]int{1, 1, 1}, []int{4, 4, 4})
	if !slices.Equal(got, want) {
		t.Errorf("states:\n%q\nwant the %d interleavings:\n%q", got, len(want), want)
	}
	if res.Negative != 0 {
		t.Errorf("%d executions end with x other than 15", res.Negative)
	}
}

// interleavedSums lists, sorted, the final states of two threads that add
// a[i] and b[i] in turn to a location starting at 0, each recording the
// value before each of its additions, with the location's final value,
// over every interleaving.
func interleavedSums(a, b []int) []string {
	var out []string
	var walk func(i, j, sum int, ra, rb []int)
	walk = func(i, j, sum int, ra, rb []int) {
		if i == len(a) && j == len(b) {
			s := ""
			for k, v := range ra {
				s += fmt.Sprintf("0:X%d=%d; ", k+2, v)
			}
			for k, v := range rb {
				s += fmt.Sprintf("1:X%d=%d; ", k+2, v)
			}
			out = append(out, fmt.Sprintf("%s[x]=%d;", s, sum))
			return
		}
		if i < len(a) {
			walk(i+1, j, sum+a[i], append(slices.Clone(ra), sum), rb)
		}
		if j < len(b) {
			walk(i, j+1, sum+b[j], ra, append(slices.Clone(rb), sum))
		}
	}
	walk(0, 0, 0, nil, nil)
	slices.Sort(out)
	return slices.Compact(out)
}
