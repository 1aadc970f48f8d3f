package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// counted is herdtools7's L028 with n iterations: a CBNZ loop on a
// counter set by MOV, whose condition is determined, so herd7 unrolls it
// to the end however long it runs.
func counted(n int) string {
	return fmt.Sprintf("AArch64 L028-%d\n{ }\n P0 ;\n MOV W0,#%d ;\n MOV W1,#0 ;\nL0: ;\n ADD W1,W1,#1 ;\n SUB W0,W0,#1 ;\n CBNZ W0,L0 ;\nforall 0:X1=%d\n", n, n, n)
}

// TestUnrollDetermined: AArch64 loops on determined conditions run to
// their end, with and without a store in the body. herd7 knows register
// values before solving on AArch64 alone: on X86_64, RISC-V and Power
// every conditional jump back counts, and a loop of more than
// DefaultUnroll+1 iterations is cut however its counter is computed.
func TestUnrollDetermined(t *testing.T) {
	cases := []outcome{}
	for _, n := range []int{1, 3, 4, 5, 10} {
		cases = append(cases, outcome{fmt.Sprintf("L028-%d", n), "", counted(n), "Always", 1, 0})
	}
	cases = append(cases,
		outcome{"flags", "", "AArch64 flags\n{ 0:X2=x; }\n P0 ;\n MOV W0,#0 ;\nL: ;\n ADD W0,W0,#1 ;\n STR W0,[X2] ;\n CMP W0,#5 ;\n B.NE L ;\nforall ([x]=5)\n", "Always", 1, 0},
	)
	x86 := func(n int) string {
		return fmt.Sprintf("X86_64 x86\n{ }\n P0 ;\n movl $0,%%eax ;\n loop: ;\n incl %%eax ;\n movl %%eax,(x) ;\n cmpl $%d,%%eax ;\n jne loop ;\nforall ([x]=%d /\\ 0:rax=%d)\n", n, n, n)
	}
	rv := func(n int) string {
		return fmt.Sprintf("RISCV rv\n{ 0:x6=x; }\n P0 ;\n ori x5,x0,%d ;\n L0: ;\n addi x7,x7,1 ;\n addi x5,x5,-1 ;\n bne x5,x0,L0 ;\n sw x7,0(x6) ;\nforall (x=%d)\n", n, n)
	}
	ppc := func(n int) string {
		return fmt.Sprintf("PPC ppc\n{ 0:r2=x; }\n P0 ;\n li r5,%d ;\n li r6,0 ;\n L0: ;\n addi r6,r6,1 ;\n addi r5,r5,-1 ;\n cmpwi r5,0 ;\n bne L0 ;\n stw r6,0(r2) ;\nforall (x=%d)\n", n, n)
	}
	for name, src := range map[string]func(int) string{"x86": x86, "rv": rv, "ppc": ppc} {
		cases = append(cases,
			outcome{name + "-3", "", src(3), "Always", 1, 0},
			outcome{name + "-4", "", src(4), "Never", 0, 0})
	}
	checkOutcomes(t, cases)
}

// TestUnrollCut: a loop whose condition depends on a read, or an
// unconditional backward jump, is cut at the bound (default 2 backward
// jumps per target, or the test's Unroll=N), and the output says so.
func TestUnrollCut(t *testing.T) {
	// P0 counts the writes of x it sees change; P1 writes x three times.
	spin := func(unroll string) string {
		return "AArch64 spin\n" + unroll + "{ 0:X1=x; 1:X1=x; }\n P0 | P1 ;\n" +
			"L: | MOV W0,#1 ;\n LDR W0,[X1] | STR W0,[X1] ;\n ADD W2,W2,#1 | ;\n CBZ W0,L | ;\nexists (0:X2=3)\n"
	}
	for _, tc := range []struct {
		name, src, obs string
		pos, neg       int
		loop           bool
	}{
		// herdtools7's L029: an unconditional backward jump always counts.
		{"L029", "AArch64 L029\n{ }\n P0 ;\n MOV W0,#10 ;\n MOV W1,#0 ;\nL1: ;\n ADD W1,W1,#1 ;\n SUB W0,W0,#1 ;\n CBZ W0,L0 ;\n B L1 ;\nL0: ;\nforall 0:X1=10\n", "Never", 0, 0, true},
		{"spin", spin(""), "Sometimes", 1, 2, true},
		{"spin-Unroll=1", spin("Unroll=1\n"), "Never", 0, 2, true},
		{"spin-Unroll=0", spin("Unroll=0\n"), "Never", 0, 1, true},
		{"L029-Unroll=9", "AArch64 L029\nUnroll=9\n{ }\n P0 ;\n MOV W0,#10 ;\n MOV W1,#0 ;\nL1: ;\n ADD W1,W1,#1 ;\n SUB W0,W0,#1 ;\n CBZ W0,L0 ;\n B L1 ;\nL0: ;\nforall 0:X1=10\n", "Always", 1, 0, false},
		// herdtools7's A184: a retry loop on a store-exclusive's status.
		{"A184", "AArch64 A184\n{ int x=1; 0:X0=x; }\n P0 ;\nL0: ;\n LDXR W1,[X0] ;\n MOV W3,#2 ;\n STXR W4,W3,[X0] ;\n CBNZ W4,L0 ;\nforall (x=2)\n", "Always", 3, 0, true},
		{"A184-cmp", "AArch64 A184\n{ int x=1; 0:X0=x; }\n P0 ;\nL0: ;\n LDXR W1,[X0] ;\n MOV W3,#2 ;\n STXR W4,W3,[X0] ;\n CMP W4,#0 ;\n B.NE L0 ;\nforall (x=2)\n", "Always", 3, 0, true},
	} {
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
		if want := fmt.Sprintf("%s %d %d loop=%v", tc.obs, tc.pos, tc.neg, tc.loop); got != want {
			t.Errorf("%s: got %s, want %s", tc.name, got, want)
		}
		var b strings.Builder
		r.Write(&b)
		if strings.Contains(b.String(), "\nLoop ") != tc.loop {
			t.Errorf("%s: the verdict line does not say whether a loop was cut:\n%s", tc.name, b.String())
		}
	}
}

// TestUnrollEndless: a loop on determined values that never ends is
// refused with a one-line error, not run forever.
func TestUnrollEndless(t *testing.T) {
	test, err := Parse("endless.litmus", []byte("AArch64 E\n{ }\n P0 ;\n MOV W0,#1 ;\nL: ;\n CBNZ W0,L ;\nexists (0:X0=1)\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(test, ""); err == nil || !strings.Contains(err.Error(), "instructions in one path") {
		t.Errorf("got %v, want the path bound's error", err)
	}
}

// TestJumpsBack: only a jump to itself or to an earlier instruction can
// count towards the unrolling bound; a forward exit does not.
func TestJumpsBack(t *testing.T) {
	src := "AArch64 jumps\n{ 0:X1=x; 1:X1=x; 2:X1=x; }\n P0 | P1 | P2 ;\n" +
		" LDR W0,[X1] | L1: | L2: ;\n CBZ W0,E0 | LDR W0,[X1] | B L2 ;\n MOV W2,#1 | CBZ W0,L1 | ;\n E0: | | ;\n" +
		"exists (0:X0=0)\n"
	test, err := Parse("jumps.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{false, true, true} {
		if got := jumpsBack(test.Threads[i]); got != want {
			t.Errorf("P%d: jumpsBack %v, want %v", i, got, want)
		}
	}
}
