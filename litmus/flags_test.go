package litmus

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestARMCatFlags checks the flags of herd7's aarch64fences.cat: a DMB whose
// option names a shareability domain, and a DSB LD or DSB ST that does,
// raise them; SY, LD and ST, and a full DSB with a domain, do not. Only a
// barrier in an execution that is counted raises one: a barrier that a
// branch always skips, or that only executions the filter drops pass,
// raises nothing. Write prints each, sorted, after the witnesses, as herd7
// does, and a model other than "aarch64" flags nothing.
func TestARMCatFlags(t *testing.T) {
	const (
		dmb   = "Shareability-argument-for-DMB-is-deprecated"
		dsbLD = "Maintenance-scope-for-DSB-LD-is-deprecated"
		dsbST = "Maintenance-scope-for-DSB-ST-is-deprecated"
	)
	const mp = `AArch64 F
{ 0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y; }
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X2] ;
 STR W0,[X1] | %-11s ;
 %-11s | %-11s ;
 STR W0,[X2] | LDR W3,[X1] ;
%sexists (1:X0=1 /\ 1:X3=0)
`
	for _, tc := range []struct {
		p0, p1a, p1b, filter string
		want                 []string
	}{
		{"DMB SY", "DMB LD", "NOP", "", nil},
		{"DMB ST", "DSB SY", "DSB LD", "", nil},
		{"DSB ISH", "DSB OSH", "DSB NSH", "", nil},
		{"DMB ISH", "NOP", "NOP", "", []string{dmb}},
		{"DMB SY", "DMB OSHLD", "NOP", "", []string{dmb}},
		{"DMB NSHST", "NOP", "NOP", "", []string{dmb}},
		{"DSB ISHST", "DSB ISHLD", "DMB ISH", "", []string{dsbLD, dsbST, dmb}},
		{"DSB NSHST", "DSB OSHLD", "NOP", "", []string{dsbLD, dsbST}},
		// P1's DMB is behind a branch that jumps past it when P1 reads y
		// as 0; the filter keeps only those executions.
		{"DMB SY", "CBZ W0,L", "DMB ISH", "", []string{dmb}},
		{"DMB SY", "CBZ W0,L", "DMB ISH", "filter (1:X0=0)\n", nil},
	} {
		src := fmt.Sprintf(mp, tc.p1a, tc.p0, tc.p1b, tc.filter)
		if strings.HasPrefix(tc.p1a, "CBZ") {
			src = strings.Replace(src, "LDR W3,[X1] ;", "L: LDR W3,[X1] ;", 1)
		}
		name := strings.Join([]string{tc.p0, tc.p1a, tc.p1b, tc.filter}, "/")
		r, out := herdOutput(t, "F", src)
		if !slices.Equal(r.Flags, tc.want) {
			t.Errorf("%s: flags %q, want %q", name, r.Flags, tc.want)
		}
		var lines []string
		for _, f := range tc.want {
			lines = append(lines, "Flag "+f+"\n")
		}
		if want := fmt.Sprintf("Negative: %d\n%sCondition ", r.Negative, strings.Join(lines, "")); !strings.Contains(out, want) {
			t.Errorf("%s: output without %q:\n%s", name, want, out)
		}
		test, err := Parse("F.litmus", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"sc", "x86tso"} {
			if r, err := Check(test, m); err != nil {
				t.Errorf("%s under %s: %v", name, m, err)
			} else if r.Flags != nil {
				t.Errorf("%s under %s: flags %q, want none", name, m, r.Flags)
			}
		}
	}
}
