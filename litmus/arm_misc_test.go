package litmus

import "testing"

// TestARMMiscValues checks move-wide, bitfield, multiply and byte-reverse
// results.
func TestARMMiscValues(t *testing.T) {
	for _, tc := range []struct {
		code []string
		want int64
	}{
		{[]string{"MOVZ X0,#0x1234,LSL #16"}, 0x12340000},
		{[]string{"MOVZ W0,#1"}, 1},
		{[]string{"MOVN X0,#0"}, -1},
		{[]string{"MOVN W0,#1,LSL #16"}, 0xfffeffff},
		{[]string{"MOV X0,#-1", "MOVK X0,#0x5678,LSL #32"}, -0xa98700000001},
		{[]string{"MOV W5,#0xf0", "UBFM W0,W5,#4,#7"}, 0xf},
		{[]string{"MOV W5,#0x80", "SBFM X0,X5,#4,#7"}, -8},
		{[]string{"MOV X5,#3", "UBFM X0,X5,#60,#1"}, 0x30},
		{[]string{"MOV X5,#0xff00", "UBFX X0,X5,#8,#4"}, 0xf},
		{[]string{"MOV W5,#0x88", "UBFM W0,W5,#24,#7"}, 0x8800},
		{[]string{"MOV W5,#0xfe", "SBFM W0,W5,#4,#2"}, 0xe0000000},
		{[]string{"MOV X5,#0xf", "SBFIZ X0,X5,#4,#4"}, -16},
		{[]string{"MOV W5,#-1", "SXTW X0,W5"}, -1},
		{[]string{"MOV W5,#0x80", "SXTB W0,W5"}, 0xffffff80},
		{[]string{"MOV W5,#0x1ff", "UXTB W0,W5"}, 0xff},
		{[]string{"MOV X5,#-2", "SXTH X0,W5"}, -2},
		{[]string{"MOV X5,#6", "MOV X6,#7", "MUL X0,X5,X6"}, 42},
		{[]string{"MOV X5,#6", "MOV X6,#7", "MOV X7,#2", "MADD X0,X5,X6,X7"}, 44},
		{[]string{"MOV X5,#6", "MOV X6,#7", "MOV X7,#2", "MSUB X0,X5,X6,X7"}, -40},
		{[]string{"MOV X5,#6", "MOV X6,#7", "MNEG X0,X5,X6"}, -42},
		{[]string{"MOV W5,#-2", "MOV W6,#3", "SMULL X0,W5,W6"}, -6},
		{[]string{"MOV W5,#-2", "MOV W6,#1", "UMULL X0,W5,W6"}, 0xfffffffe},
		{[]string{"MOV W5,#-5", "ABS W0,W5"}, 5},
		{[]string{"MOV W5,#1", "RBIT W0,W5"}, 0x80000000},
		{[]string{"MOV W5,#0x1234", "REV W0,W5"}, 0x34120000},
		{[]string{"MOV X5,#0x1234", "REV16 X0,X5"}, 0x3412},
		{[]string{"MOV X5,#0x12", "REV32 X0,X5"}, 0x12000000},
		// NZCV is bits 31 to 28: 0 - 0 sets Z and C (herd7's L053).
		{[]string{"MOV W1,#0", "CMP W1,#0", "MRS X0,NZCV"}, 0x60000000},
		{[]string{"MOV X5,#0x9fffffff", "MSR NZCV,X5", "MRS X0,NZCV"}, 0x90000000},
		{[]string{"MOV X5,#0x80000000", "MSR NZCV,X5", "CSET X0,MI"}, 1},
	} {
		if got := armRegs(t, tc.code...)["X0"]; got != intValue(tc.want) {
			t.Errorf("%v: X0 = %v, want %d", tc.code, got, tc.want)
		}
	}
}

// TestARMMiscDependencies: MOVK keeps the dependencies of the register it
// changes, MOVZ has none, a multiply has those of its operands, and a
// test-bit branch makes a control dependency. 0: LDR x; 1: STR or LDR y.
func TestARMMiscDependencies(t *testing.T) {
	r := armRelsOf(armPaths(t, "LDR W0,[X1]", "MOVK W0,#1", "STR W0,[X2]")[0].events)
	checkEdges(t, "MOVK data", r.data, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "MOVZ W0,#1", "STR W0,[X2]")[0].events)
	checkEdges(t, "MOVZ data", r.data, "!0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "MOV W5,#3", "MADD W4,W5,W5,W0", "STR W4,[X2]")[0].events)
	checkEdges(t, "MADD data", r.data, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "UBFX W4,W0,#1,#2", "STR W4,[X2]")[0].events)
	checkEdges(t, "UBFX data", r.data, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "CMP W0,#1", "MRS X4,NZCV", "STR W4,[X2]")[0].events)
	checkEdges(t, "MRS NZCV data", r.data, "0>1")
	r = armRelsOf(armPaths(t, "LDR X0,[X1]", "MSR NZCV,X0", "B.EQ L", "L: MOV W4,#1", "STR W4,[X2]")[0].events)
	checkEdges(t, "MSR NZCV ctrl", r.ctrl, "0>1")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "TBNZ W0,#3,L", "L: LDR W4,[X2]")[0].events)
	checkEdges(t, "TBNZ ctrl", r.ctrl, "0>1")
	regs := armRegs(t, "MOV X5,#8", "TBNZ X5,#3,L", "MOV X0,#1", "L: TBZ X5,#0,M", "MOV X0,#2", "M: NOP")
	if regs["X0"] != (Value{}) {
		t.Errorf("TBNZ/TBZ: X0 = %v, want 0 (both branches taken)", regs["X0"])
	}
}
