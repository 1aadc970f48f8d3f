package litmus

import (
	"fmt"
	"testing"
)

// TestSmallerDerivationFoundLater: a value whose derivation (the store
// sites it is computed from) is found after a larger one that contains
// it keeps the smaller. P0 stores to x what it reads of z, from P1,
// either directly or through y, which P2 copies from z: x=1 has the
// derivations {P0, P1} and {P0, P2, P1}, the larger found first where
// P0's path through y is enumerated first. P2 reads x=1 on the path that
// skips its own store, which it may only if x=1 has a derivation without
// that store: were only the larger kept, the outcome would be lost. The
// two branch senses and the rotations of the threads enumerate P0's two
// paths in both orders.
func TestSmallerDerivationFoundLater(t *testing.T) {
	const src = `AArch64 %s
{ 0:X1=x; 0:X2=y; 0:X4=w; 0:X5=z; 1:X4=w; 1:X5=z; 2:X1=x; 2:X2=y; 2:X5=z; }
 P0           | P1          | P2          ;
 LDR W0,[X4]  | MOV W0,#1   | LDR W6,[X1] ;
 %s W0,L0   | STR W0,[X5] | CMP W6,#1   ;
 LDR W5,[X2]  | STR W0,[X4] | B.EQ L2     ;
 B L1         |             | LDR W7,[X5] ;
 L0:          |             | STR W7,[X2] ;
 LDR W5,[X5]  |             | L2:         ;
 L1:          |             |             ;
 STR W5,[X1]  |             |             ;
exists (2:X6=1)
`
	var cases []verdictCase
	for _, br := range []string{"CBNZ", "CBZ"} {
		name := "DerivationOrder+" + br
		cases = append(cases, verdictCase{name, "x=1 through z alone is a derivation that P2's skipping path may use",
			fmt.Sprintf(src, name, br), "Sometimes"})
	}
	checkVerdicts(t, cases)
}
