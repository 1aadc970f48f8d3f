package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// retry is herdtools7's A184 with the retry condition computed from the
// store-exclusive's status by the given instructions, ending in a branch
// back to L0. The status is known only in an execution, so the loop is cut
// at the unrolling bound whatever instruction carries it.
func retry(name, body string) string {
	return "AArch64 " + name + "\n{ int x=1; 0:X0=x; }\n P0 ;\nL0: ;\n LDXR W1,[X0] ;\n MOV W3,#2 ;\n STXR W4,W3,[X0] ;\n" +
		body + "forall (x=2)\n"
}

// spinOn is a loop of P0 on the value it reads from x, through the given
// instructions (the loaded value is in W0), against P1 storing 1.
func spinOn(name, decl, load, store, body string) string {
	return "AArch64 " + name + "\n{ " + decl + " 0:X1=x; 1:X1=x; }\n P0 | P1 ;\nL: | MOV W0,#1 ;\n " + load + " | " + store + " ;\n" +
		" ADD W2,W2,#1 | ;\n" + strings.ReplaceAll(body, " ;\n", " | ;\n") + "exists (0:X2=3)\n"
}

// TestArmUnrollSymbolic: a backward branch whose condition goes through any
// of the ALU, flag, select, bitfield, multiply or test-bit instructions
// counts toward the unrolling bound when the condition depends on a read or
// on a store-exclusive's status.
func TestArmUnrollSymbolic(t *testing.T) {
	cases := []struct {
		name, src, obs string
		pos, neg       int
	}{
		{"SUBS", retry("SUBS", " SUBS W5,W4,#0 ;\n B.NE L0 ;\n"), "Always", 3, 0},
		{"ANDS", retry("ANDS", " ANDS W5,W4,#1 ;\n B.NE L0 ;\n"), "Always", 3, 0},
		{"TST", retry("TST", " TST W4,#1 ;\n B.NE L0 ;\n"), "Always", 3, 0},
		{"TBNZ", retry("TBNZ", " TBNZ W4,#0,L0 ;\n"), "Always", 3, 0},
		{"CSET", retry("CSET", " CMP W4,#0 ;\n CSET W5,NE ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"CSINC", retry("CSINC", " CMP W4,#1 ;\n CSINC W5,WZR,WZR,EQ ;\n CBZ W5,L0 ;\n"), "Always", 3, 0},
		{"UBFX", retry("UBFX", " UBFX W5,W4,#0,#1 ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"LSL", retry("LSL", " LSL W5,W4,#3 ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"shifted", retry("shifted", " ADD W5,WZR,W4,LSL #2 ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"MUL", retry("MUL", " MUL W5,W4,W4 ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"MADD", retry("MADD", " MADD W5,W4,W4,WZR ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"MOVK", retry("MOVK", " MOV W5,W4 ;\n MOVK W5,#0,LSL #16 ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"REV", retry("REV", " REV W5,W4 ;\n CBNZ W5,L0 ;\n"), "Always", 3, 0},
		{"relative", retry("relative", " CBNZ W4,.-12 ;\n"), "Always", 3, 0},
		{"SUBS-load", spinOn("SUBS-load", "", "LDR W0,[X1]", "STR W0,[X1]", " SUBS W3,W0,#1 ;\n B.NE L ;\n"), "Sometimes", 1, 2},
		{"LDRB", spinOn("LDRB", "uint8_t x;", "LDRB W0,[X1]", "STRB W0,[X1]", " CMP W0,#1 ;\n B.NE L ;\n"), "Sometimes", 1, 2},
		{"LDRSH", spinOn("LDRSH", "int16_t x;", "LDRSH W0,[X1]", "STRH W0,[X1]", " TBZ W0,#0,L ;\n"), "Sometimes", 1, 2},
	}
	for _, tc := range cases {
		test, err := Parse(tc.name+".litmus", []byte(tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		r, err := Check(test, "")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := fmt.Sprintf("%s %d %d loop=%v", r.Observation, r.Positive, r.Negative, r.Cut > 0)
		if want := fmt.Sprintf("%s %d %d loop=true", tc.obs, tc.pos, tc.neg); got != want {
			t.Errorf("%s: got %s, want %s", tc.name, got, want)
		}
	}
}

// TestArmUnrollDetermined: the same instructions on a counter the thread
// sets itself leave the condition determined, so the loop runs to its end
// however many iterations it takes; but herd7 binds no result of a
// conditional select (CSEL and its aliases) or of a bitfield move (UBFM,
// SBFM and the aliases written with them here, SXTW aside) before it
// solves, so a loop on one counts towards the bound and is cut.
func TestArmUnrollDetermined(t *testing.T) {
	loop := func(name, init, body, cond string) outcome {
		src := "AArch64 " + name + "\n{ }\n P0 ;\n" + init + "L: ;\n ADD W1,W1,#1 ;\n" + body + "forall (" + cond + ")\n"
		return outcome{name, "", src, "Always", 1, 0}
	}
	cut := func(o outcome) outcome {
		o.obs, o.pos = "Never", 0
		return o
	}
	cases := []outcome{
		loop("SUBS", " MOV W0,#5 ;\n", " SUBS W0,W0,#1 ;\n B.NE L ;\n", "0:X1=5"),
		loop("SUBS-10", " MOV W0,#10 ;\n", " SUBS W0,W0,#1 ;\n B.GT L ;\n", "0:X1=10"),
		loop("TBZ", "", " TBZ W1,#2,L ;\n", "0:X1=4"),
		loop("MUL", "", " MUL W2,W1,W1 ;\n CMP W2,#25 ;\n B.NE L ;\n", "0:X1=5"),
		loop("MOVK", " MOVZ W0,#4 ;\n", " SUB W0,W0,#1 ;\n MOVK W0,#0,LSL #16 ;\n CBNZ W0,L ;\n", "0:X1=4"),
		loop("SXTW", " MOV W0,#4 ;\n", " SUB W0,W0,#1 ;\n SXTW X3,W0 ;\n CBNZ X3,L ;\n", "0:X1=4"),
		loop("relative", " MOV W0,#7 ;\n", " SUBS W0,W0,#1 ;\n B.NE .-8 ;\n", "0:X1=7"),
		cut(loop("CSET", " MOV W0,#6 ;\n", " SUB W0,W0,#1 ;\n CMP W0,#0 ;\n CSET W2,NE ;\n CBNZ W2,L ;\n", "0:X1=6")),
		cut(loop("CSEL", " MOV X0,#4 ;\n", " SUB X0,X0,#1 ;\n CMP X0,#0 ;\n CSEL X3,X0,X0,EQ ;\n CBNZ X3,L ;\n", "0:X1=4")),
		cut(loop("UBFM", "", " UBFM W2,W1,#1,#2 ;\n CMP W2,#3 ;\n B.NE L ;\n", "0:X1=6")),
		cut(loop("UBFX", "", " UBFX W2,W1,#1,#2 ;\n CMP W2,#3 ;\n B.NE L ;\n", "0:X1=6")),
		cut(loop("UXTB", " MOV W0,#4 ;\n", " SUB W0,W0,#1 ;\n UXTB W3,W0 ;\n CBNZ W3,L ;\n", "0:X1=4")),
	}
	checkOutcomes(t, cases)
	// Within the bound, two jumps back, the loop runs to its end.
	checkOutcomes(t, []outcome{loop("CSET-3", " MOV W0,#3 ;\n", " SUB W0,W0,#1 ;\n CMP W0,#0 ;\n CSET W2,NE ;\n CBNZ W2,L ;\n", "0:X1=3")})
}
