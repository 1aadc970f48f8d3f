package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// TestARMInstructionOrdering checks orderings that come from how single
// AArch64 instructions are read: the release of ST<op>L and CASPL, the
// data that an LD<op> passes from its read to its write and an STP from
// its registers, a CSEL's pick carried through a local read, and the
// location an exclusive pair must share.
func TestARMInstructionOrdering(t *testing.T) {
	const mp = `{ 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0        | P1           ;
 MOV W0,#1 | LDAR W2,[X3] ;
 STR W0,[X1] | LDR W0,[X1] ;
 MOV W2,#1 | ;
 %s W2,[X3] | ;
exists (1:X2=1 /\ 1:X0=0)
`
	const lb = `{ 0:X0=x; 0:X1=y; 1:X0=x; 1:X1=y; }
 P0               | P1          ;
 MOV W2,#1        | LDR W3,[X1] ;
 LDADD W2,W3,[X0] | DMB SY      ;
 %s               | MOV W2,#1   ;
 STR W4,[X1]      | STR W2,[X0] ;
exists (0:X3=1 /\ 1:X3=2)
`
	const pick = `AArch64 %s
{ 0:X1=x; 0:X2=y; 0:X3=z; 0:X8=w; 0:X5=1; 0:X6=2; int w=1; 1:X1=x; 1:X3=z; }
 P0               | P1          ;
 LDR W0,[X1]      | LDR W0,[X3] ;
 CMP W0,#1        | DMB SY      ;
 CSEL W4,W5,W6,EQ | MOV W2,#1   ;
 STR W4,[X2]      | STR W2,[X1] ;
 %s      |             ;
 STR W7,[X3]      |             ;
exists (0:X0=1 /\ 1:X0=1)
`
	const stp = `AArch64 %s
{ int64_t x; int64_t y[2]; int64_t w; 0:X1=x; 0:X2=y; 0:X3=w; 0:X5=1; 1:X1=x; 1:X3=w; }
 P0                 | P1          ;
 LDR X0,[X1]        | MOV X4,#1   ;
 %s     | STR X4,[X3] ;
 LDR X7,[X2]        | DMB SY      ;
 EOR X8,X7,X7       | STR X4,[X1] ;
 LDR X9,[X3,X8]     |             ;
exists (0:X0=1 /\ 0:X9=0)
`
	const casp = `AArch64 %s
{ int y[2]; 0:X1=x; 0:X4=y; 1:X1=x; 1:X4=y; }
 P0                        | P1           ;
 MOV W5,#1                 | LDAR W5,[X4] ;
 STR W5,[X1]               | LDR W6,[X1]  ;
 MOV W0,#0                 |              ;
 MOV W1,#0                 |              ;
 MOV W2,#1                 |              ;
 MOV W3,#1                 |              ;
 %s W0,W1,W2,W3,[X4] |              ;
exists (1:X5=1 /\ 1:X6=0)
`
	checkVerdicts(t, []verdictCase{
		{"MP+staddl", "aarch64.cat bob: po; [L] orders the write of STADDL after the store to x",
			"AArch64 MP+staddl\n" + fmt.Sprintf(mp, "STADDL"), "Never"},
		{"MP+stadd", "STADD writes without release", "AArch64 MP+stadd\n" + fmt.Sprintf(mp, "STADD"), "Sometimes"},
		// The LDR reads the LDADD's own write: aarch64.cat's dob has
		// (addr|data); lrs, and the LDADD's write takes its data from
		// its read.
		{"LB+ldadd-data-rfi-data+dmb", "the LDADD's read is ordered before the LDR that reads its write",
			"AArch64 LB+ldadd-data-rfi-data+dmb\n" + fmt.Sprintf(lb, "LDR W4,[X0]"), "Never"},
		{"LB+ldadd-po-data+dmb", "without the read of x, the store to y is ordered after nothing",
			"AArch64 LB+ldadd-po-data+dmb\n" + fmt.Sprintf(lb, "MOV W4,#2"), "Sometimes"},
		// A SWP's write takes its data from Rs, not from its read, and
		// herd7 orders the two with iico_order, which no dependency
		// follows: the LDR that reads the swap's write carries nothing
		// from the swap's read (herdtools7 83c5097, "LB-swp-rel").
		{"LB+swp-rfi-data+dmb", "the SWP's read is not ordered before the LDR that reads its write",
			`AArch64 LB+swp-rfi-data+dmb
{ 0:X0=x; 0:X1=y; 1:X0=x; 1:X1=y; }
 P0             | P1          ;
 MOV W2,#2      | LDR W3,[X1] ;
 SWP W2,W3,[X0] | DMB SY      ;
 LDR W4,[X0]    | MOV W2,#1   ;
 STR W4,[X1]    | STR W2,[X0] ;
exists (0:X3=1 /\ 0:X4=2 /\ 1:X3=2)
`, "Sometimes"},
		// The CSEL's condition picks the value stored to y, which the
		// next load reads back: herd7's pick-dtrm carries the pick
		// through that local read (aarch64.cat: pick-lob = pick-dep;
		// lob; [W]), so the read of x is ordered before the store to z.
		{"LB+csel-pick-rfi-data+dmb", "the pick reaches the store to z through the read of y",
			fmt.Sprintf(pick, "LB+csel-pick-rfi-data+dmb", "LDR W7,[X2]"), "Never"},
		{"LB+csel-pick-po-data+dmb", "a read of another location carries no pick",
			fmt.Sprintf(pick, "LB+csel-pick-po-data+dmb", "LDR W7,[X8]"), "Sometimes"},
		// The STP's data depends on the read of x, and the next load
		// reads the STP's write back: aarch64.cat's dob has (addr|data);
		// lrs, so the read of x is ordered before that load, and through
		// its address dependency before the read of w.
		{"MP+dmb+data-stp-lrs-addr", "the read of x is ordered before the read of w",
			fmt.Sprintf(stp, "MP+dmb+data-stp-lrs-addr", "STP X0,X0,[X2]"), "Never"},
		{"MP+dmb+po-stp-lrs-addr", "an STP of constants orders nothing",
			fmt.Sprintf(stp, "MP+dmb+po-stp-lrs-addr", "STP X5,X5,[X2]"), "Sometimes"},
		{"MP+caspl+ldar", "aarch64.cat bob: po; [L] orders the writes of CASPL after the store to x",
			fmt.Sprintf(casp, "MP+caspl+ldar", "CASPL"), "Never"},
		{"MP+casp+ldar", "CASP writes without release", fmt.Sprintf(casp, "MP+casp+ldar", "CASP"), "Sometimes"},
		// The exclusive monitor holds the address the LDXR marked: a
		// store-exclusive to another location cannot pair with it.
		{"LDXR-STXR-other", "a store-exclusive never succeeds without a load-exclusive of its own location",
			`AArch64 LDXR-STXR-other
{ 0:X1=x; 0:X3=y; }
 P0              ;
 LDXR W0,[X1]    ;
 MOV W2,#1       ;
 STXR W4,W2,[X3] ;
exists (0:X4=0)
`, "Never"},
		{"LDXR-STXR-same", "the same pair on one location may succeed",
			`AArch64 LDXR-STXR-same
{ 0:X1=x; 0:X3=x; }
 P0              ;
 LDXR W0,[X1]    ;
 MOV W2,#1       ;
 STXR W4,W2,[X3] ;
exists (0:X4=0)
`, "Sometimes"},
	})
}

// TestRISCVInstructionOrdering checks RVWMO orderings that come from how
// single RISC-V instructions are read: the acquire of sc.aq.rl and a branch
// whose second operand is the loaded value.
func TestRISCVInstructionOrdering(t *testing.T) {
	const mpSC = `{ 0:x6=x; 0:x7=y; 1:x6=x; 1:x7=y; 0:x5=1; }
 P0 | P1 ;
 lr.w x9,0(x6) | lw x10,0(x7) ;
 %s x11,x5,0(x6) | fence r,r ;
 sw x5,0(x7) | lw x12,0(x6) ;
exists (0:x11=0 /\ 1:x10=1 /\ 1:x12=0)
`
	const lbBranch = `{ 0:x6=x; 0:x7=y; 1:x6=y; 1:x7=x; 0:x5=1; 1:x5=1; }
 P0 | P1 ;
 lw x10,0(x6) | lw x10,0(x6) ;
 %s | %s ;
 LC00: | LC01: ;
 sw x5,0(x7) | sw x5,0(x7) ;
exists (0:x10=1 /\ 1:x10=1)
`
	checkVerdicts(t, []verdictCase{
		{"MP+sc.aq.rl", "RVWMO r5: the acquire of sc.w.aq.rl orders it before the store to y",
			"RISCV MP+sc.aq.rl\n" + fmt.Sprintf(mpSC, "sc.w.aq.rl"), "Never"},
		{"MP+sc.rl", "sc.w.rl has no acquire", "RISCV MP+sc.rl\n" + fmt.Sprintf(mpSC, "sc.w.rl"), "Sometimes"},
		{"LB+ctrl-rs2s", "RVWMO r11: a store is ordered after the load that either operand of an earlier branch depends on",
			"RISCV LB+ctrl-rs2s\n" + fmt.Sprintf(lbBranch, "beq x0,x10,LC00", "beq x0,x10,LC01"), "Never"},
		{"LB+ctrl-rs1s", "the same with the load in the first operand",
			"RISCV LB+ctrl-rs1s\n" + fmt.Sprintf(lbBranch, "beq x10,x0,LC00", "beq x10,x0,LC01"), "Never"},
		{"LB+branch-consts", "a branch on constants orders nothing",
			"RISCV LB+branch-consts\n" + fmt.Sprintf(lbBranch, "beq x0,x0,LC00", "beq x0,x0,LC01"), "Sometimes"},
	})
}

// TestConditionLocationsAndVerdicts checks that every location of a
// condition is shown in the final states, whatever connective holds it,
// that "!=" against a label value negates, and that forall is Required
// only when every execution satisfies it.
func TestConditionLocationsAndVerdicts(t *testing.T) {
	const race = `AArch64 %s
{ 0:X1=x; 1:X1=x; }
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ;
 STR W0,[X1] |             ;
%s
`
	check := func(name, final string) *Result {
		t.Helper()
		test, err := Parse(name+".litmus", []byte(fmt.Sprintf(race, name, final)))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Check(test, "")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, final := range []string{
		`exists (0:X0=2 \/ 1:X0=1)`,
		`exists (0:X0=2 => 1:X0=1)`,
		`exists (0:X0=2 /\ 1:X0=1)`,
		`exists ~(0:X0=2 \/ ~1:X0=1)`,
	} {
		r := check("Locs", final)
		if len(r.States) != 2 {
			t.Errorf("%s: %d states, want 2", final, len(r.States))
		}
		for _, s := range r.States {
			if got := s.String(); !strings.HasPrefix(got, "0:X0=1; 1:X0=") {
				t.Errorf("%s: state %q does not show both registers", final, got)
			}
		}
	}

	// 1:X0 is 0 or 1, by which write it reads: forall (1:X0=1) holds in
	// some executions only, so herd7 says No and the kinds word is
	// NotRequired.
	r := check("ForallSometimes", `forall (1:X0=1)`)
	if r.Observation != "Sometimes" || r.OK() || r.Verdict() != "NotRequired" {
		t.Errorf("forall (1:X0=1): %s, OK %v, %s; want Sometimes, false, NotRequired", r.Observation, r.OK(), r.Verdict())
	}
	var out strings.Builder
	if err := r.Write(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nNo\n") || !strings.HasPrefix(out.String(), "Test ForallSometimes Required\n") {
		t.Errorf("forall (1:X0=1) printed:\n%s", out.String())
	}

	const label = "AArch64 %s\n{ }\n P0 ;\nL0: ;\n ADR X0,L0 ;\n%s\n"
	for _, c := range []struct{ final, obs string }{
		{`exists (0:X0=label:"P0:L0")`, "Always"},
		{`exists (0:X0!=label:"P0:L0")`, "Never"},
	} {
		test, err := Parse("Label.litmus", []byte(fmt.Sprintf(label, "Label", c.final)))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Check(test, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Observation != c.obs {
			t.Errorf("%s: %s, want %s", c.final, r.Observation, c.obs)
		}
	}
}

// TestUnrollSelfJump: a branch to itself is a backward jump, which herd7's
// unrolling counts like any other: the spin on a value read is cut at the
// bound, not run until the path bound refuses the test.
func TestUnrollSelfJump(t *testing.T) {
	src := "AArch64 self\n{ 0:X1=x; 1:X1=x; }\n P0 | P1 ;\n LDR W0,[X1] | MOV W2,#1 ;\nL0: | STR W2,[X1] ;\n CBZ W0,L0 | ;\nexists (0:X0=1)\n"
	test, err := Parse("self.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(test, "")
	if err != nil {
		t.Fatal(err)
	}
	// The path that read 0 spins and is cut; the one that read 1 exits.
	if r.Cut == 0 || r.Observation != "Always" {
		t.Errorf("got %s %d %d with %d cut paths, want Always and a cut", r.Observation, r.Positive, r.Negative, r.Cut)
	}
}

// TestUnrollInitialRegister: a register's initial value is a constant, as
// a MOV's is, so a loop counting it down is unrolled to its end (herd7
// cuts only loops whose condition depends on a read).
func TestUnrollInitialRegister(t *testing.T) {
	src := "AArch64 L028-init\n{ 0:X0=5; }\n P0 ;\n MOV W1,#0 ;\nL0: ;\n ADD W1,W1,#1 ;\n SUB W0,W0,#1 ;\n CBNZ W0,L0 ;\nforall 0:X1=5\n"
	checkOutcomes(t, []outcome{{"L028-init", "", src, "Always", 1, 0}})
}

// TestLoopCutByIncoherentRead: herd7 unrolls before it applies the model,
// so a loop that only a read coherence forbids keeps running (here, of
// the initial value after the thread's own store) is still reported cut:
// "Loop Ok".
func TestLoopCutByIncoherentRead(t *testing.T) {
	r, out := herdOutput(t, "spin-own", "AArch64 spin-own\n{ 0:X1=x; }\n P0 ;\n MOV W2,#1 ;\n STR W2,[X1] ;\nL0: ;\n LDR W0,[X1] ;\n CBZ W0,L0 ;\nexists (0:X0=1)\n")
	if r.Observation != "Always" || !strings.Contains(out, "\nLoop Ok\n") {
		t.Errorf("got %s with %d cut paths, want Always and Loop Ok:\n%s", r.Observation, r.Cut, out)
	}
}
