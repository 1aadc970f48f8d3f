package litmus

import (
	"slices"
	"strings"
	"testing"
)

// armRegs runs a one-thread program (X1, X2, X3 hold the addresses of x,
// y, z; loads read 0) and returns its final registers.
func armRegs(t *testing.T, code ...string) map[string]Value {
	t.Helper()
	return armPaths(t, code...)[0].regs
}

// TestARMALUValues checks the results of the ALU instructions, their
// shifted and extended operands and their aliases.
func TestARMALUValues(t *testing.T) {
	for _, tc := range []struct {
		code []string
		reg  string
		want int64
	}{
		{[]string{"MOV X4,#-1", "ADDS X0,X4,#2"}, "X0", 1},
		{[]string{"MOV W4,#5", "SUBS W0,W4,#7"}, "X0", 0xfffffffe},
		{[]string{"MOV X4,#0xf0", "ANDS X0,X4,#0x3c"}, "X0", 0x30},
		{[]string{"MOV X4,#0xff", "BICS X0,X4,#0x0f"}, "X0", 0xf0},
		{[]string{"MOV X4,#6", "BIC X0,X4,#2"}, "X0", 4},
		{[]string{"MOV W4,#0", "ORN W0,W4,WZR"}, "X0", 0xffffffff},
		{[]string{"MOV X4,#1", "EON X0,X4,X4"}, "X0", -1},
		{[]string{"MOV W4,#1", "MVN W0,W4"}, "X0", 0xfffffffe},
		{[]string{"MOV X4,#3", "NEG X0,X4"}, "X0", -3},
		{[]string{"MOV X4,#1", "MOV X5,#3", "ADD X0,X4,X5,LSL #4"}, "X0", 49},
		{[]string{"MOV X4,#0", "MOV W5,#-1", "ADD X0,X4,W5,SXTW"}, "X0", -1},
		{[]string{"MOV X4,#0", "MOV W5,#-1", "ADD X0,X4,W5,UXTW #1"}, "X0", 0x1fffffffe},
		{[]string{"MOV X4,#0", "MOV X5,#0x1ff", "ADD X0,X4,X5,UXTB"}, "X0", 0xff},
		{[]string{"MOV W5,#0x80", "ORR W0,WZR,W5,LSL 24", "ORR W0,WZR,W0,ASR 4"}, "X0", 0xf8000000},
		{[]string{"MOV W5,#0xf", "ROR W0,W5,#4"}, "X0", 0xf0000000},
		{[]string{"MOV X5,#-16", "ASR X0,X5,#2"}, "X0", -4},
		{[]string{"MOV X5,#-16", "LSR X0,X5,#60"}, "X0", 15},
		{[]string{"MOV X5,#3", "MOV X6,#65", "LSL X0,X5,X6"}, "X0", 6},
		{[]string{"MOV X4,#1", "ADD X0,X4,#1,LSL #12"}, "X0", 4097},
		{[]string{"MOV X5,#-1", "LSR W0,W5,#28"}, "X0", 15},
		{[]string{"MOV X5,#0xf", "ROR X0,X5,#4"}, "X0", -0x1000000000000000},
		{[]string{"MOV X4,#0", "MOV X5,#0x18001", "ADD X0,X4,X5,UXTH"}, "X0", 0x8001},
		{[]string{"MOV X4,#0", "MOV W5,#0x80", "ADD X0,X4,W5,SXTB"}, "X0", -128},
		{[]string{"MOV X4,#0", "MOV W5,#0x8000", "ADD X0,X4,W5,SXTH"}, "X0", -32768},
		{[]string{"MOV X4,#100", "MOV W5,#-2", "MOV W6,#3", "SMSUBL X0,W5,W6,X4"}, "X0", 106},
		{[]string{"MOV X4,#100", "MOV W5,#-2", "MOV W6,#3", "UMSUBL X0,W5,W6,X4"}, "X0", 100 - 0xfffffffe*3},
		{[]string{"MOV W5,#-2", "MOV W6,#3", "SMNEGL X0,W5,W6"}, "X0", 6},
		{[]string{"MOV W5,#-2", "MOV W6,#3", "UMNEGL X0,W5,W6"}, "X0", -0xfffffffe * 3},
		{[]string{"MOV X5,#1", "RBIT X0,X5"}, "X0", -1 << 63},
		// Offsets of one location subtract to a number.
		{[]string{"ADD X4,X1,#8", "SUB X0,X4,X1"}, "X0", 8},
	} {
		if got := armRegs(t, tc.code...)[tc.reg]; got != intValue(tc.want) {
			t.Errorf("%v: %s = %v, want %d", tc.code, tc.reg, got, tc.want)
		}
	}
}

// TestARMFlags checks N, Z, C and V of each flag-setting instruction by
// reading them back with CSET, and the CSEL family.
func TestARMFlags(t *testing.T) {
	read := []string{"CSET W10,MI", "CSET W11,EQ", "CSET W12,CS", "CSET W13,VS"}
	for _, tc := range []struct {
		op         []string
		n, z, c, v int64
	}{
		{[]string{"MOV X4,#-1", "ADDS X0,X4,#1"}, 0, 1, 1, 0},
		{[]string{"MOV X4,#-1", "MOV X5,#0", "ADDS X0,X4,X5"}, 1, 0, 0, 0},
		{[]string{"MOV W4,#0x7fffffff", "ADDS W0,W4,#1"}, 1, 0, 0, 1},
		{[]string{"MOV W4,#-1", "ADDS W0,W4,#1"}, 0, 1, 1, 0},
		{[]string{"MOV X4,#0x7fffffff", "ADDS X0,X4,#1"}, 0, 0, 0, 0},
		{[]string{"MOV W4,#2", "SUBS W0,W4,#3"}, 1, 0, 0, 0},
		{[]string{"MOV W4,#3", "SUBS W0,W4,#3"}, 0, 1, 1, 0},
		{[]string{"MOV X4,#0", "CMP X4,#1"}, 1, 0, 0, 0},
		{[]string{"MOV W4,#0x80000000", "CMP W4,#1"}, 0, 0, 1, 1},
		{[]string{"MOV X4,#1", "CMN X4,#-1"}, 0, 1, 1, 0},
		{[]string{"MOV X4,#-2", "ANDS X0,X4,#-1"}, 1, 0, 0, 0},
		{[]string{"MOV X4,#2", "TST X4,#1"}, 0, 1, 0, 0},
		{[]string{"MOV W4,#3", "BICS W0,W4,#3"}, 0, 1, 0, 0},
		{[]string{"MOV X4,#0", "NEGS X0,X4"}, 0, 1, 1, 0},
	} {
		regs := armRegs(t, append(tc.op, read...)...)
		got := []int64{regs["X10"].N, regs["X11"].N, regs["X12"].N, regs["X13"].N}
		if want := []int64{tc.n, tc.z, tc.c, tc.v}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
			t.Errorf("%v: NZCV %v, want %v", tc.op, got, want)
		}
	}
	regs := armRegs(t, "MOV W4,#1", "CMP W4,#1", "CSETM W0,EQ", "CSETM X1,NE", "MOV X5,#7", "MOV X6,#9",
		"CSINC X7,X5,X6,NE", "CSINV W8,W5,W6,NE", "CSNEG X9,X5,X6,NE", "CINC X10,X5,EQ", "CNEG X11,X5,NE", "CINV X12,X5,EQ")
	for r, want := range map[string]int64{"X0": 0xffffffff, "X1": 0, "X7": 10, "X8": 0xfffffff6, "X9": -9, "X10": 8, "X11": 7, "X12": -8} {
		if regs[r] != intValue(want) {
			t.Errorf("CSEL family: %s = %v, want %d", r, regs[r], want)
		}
	}
}

// TestARMFlagDependencies: flags carry the dependencies of the operands
// of the instruction that set them; CSET makes a pick dependency and a
// B.cond a control dependency. 0: LDR x, 1: STR y or LDR y.
func TestARMFlagDependencies(t *testing.T) {
	r := armRelsOf(armPaths(t, "LDR W0,[X1]", "ADDS W4,W0,#1", "CSET W5,EQ", "STR W5,[X2]")[0].events)
	checkEdges(t, "data", r.data, "!0>1")
	checkEdges(t, "pick dep", r.pickDep, "0>1")
	checkEdges(t, "local", r.local, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "SUBS W4,W0,#1", "STR W4,[X2]")[0].events)
	checkEdges(t, "data through SUBS", r.data, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "MOV W6,#0", "ADD W4,W6,W0,LSL #2", "STR W4,[X2]")[0].events)
	checkEdges(t, "data through a shifted register", r.data, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "TST W0,#1", "B.NE L", "L: LDR W4,[X2]")[0].events)
	checkEdges(t, "ctrl", r.ctrl, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "EOR W4,W0,W0", "ADD X5,X2,W4,SXTW #2", "LDR W6,[X5]")[0].events)
	checkEdges(t, "addr through an extended register", r.addr, "0>1")
}

// TestARMConditions: each condition code holds exactly when the Arm ARM
// says, read by B.cond, CSEL and CSET (whose alias inverts the condition)
// after compares that set every combination the codes tell apart. herd7
// inverts GE as GT, so its CSET on GE holds on LE instead: 1, 1, 0, 1, 0
// and 1 down the GE column here.
func TestARMConditions(t *testing.T) {
	conds := strings.Fields("EQ NE CS CC MI PL VS VC HI LS GE LT GT LE")
	for _, c := range []struct {
		setup []string
		holds string // 1 or 0 for each of conds
	}{
		{[]string{"MOV X4,#1", "MOV X5,#2"}, "01011001010101"},                  // N
		{[]string{"MOV X4,#2", "MOV X5,#2"}, "10100101011001"},                  // ZC
		{[]string{"MOV X4,#3", "MOV X5,#2"}, "01100101101010"},                  // C
		{[]string{"MOV X4,#-1", "MOV X5,#2"}, "01101001100101"},                 // NC
		{[]string{"MOV X4,#1", "MOV X5,#-1"}, "01010101011010"},                 // none
		{[]string{"MOV X4,#1", "LSL X4,X4,#63", "MOV X5,#1"}, "01100110100101"}, // CV
	} {
		for i, cond := range conds {
			code := append(slices.Clone(c.setup), "CMP X4,X5", "MOV X8,#1", "CSET X6,"+cond, "CSEL X7,X8,XZR,"+cond,
				"B."+cond+" L", "MOV X10,#1", "L: NOP")
			regs := armRegs(t, code...)
			want := int64(c.holds[i] - '0')
			if regs["X6"] != intValue(want) || regs["X7"] != intValue(want) || regs["X10"] != intValue(1-want) {
				t.Errorf("%v, %s: CSET %v, CSEL %v, branch taken %v; want %d", c.setup, cond, regs["X6"], regs["X7"], regs["X10"].N == 0, want)
			}
		}
	}
}
