package litmus

import (
	"strings"
	"testing"
)

// TestArmCalls: code labels as values, ADR, BL, BLR, BR and RET, within a
// thread and into another thread's code (herdtools7's A257, A258, L022,
// L023, L025).
func TestArmCalls(t *testing.T) {
	checkStates(t, []stateCase{
		{"A257", "AArch64 A257\n{ }\n P0 ;\n BL L0 ;\nL0: ;\nlocations [0:X30;]\n", `0:X30=label:"P0:L0";`, "Always"},
		{"A258", "AArch64 A258\n{ }\n P0 ;\nL0: ;\n ADR X0,L0 ;\nforall (0:X0=label:\"0:L0\")\n", `0:X0=label:"P0:L0";`, "Always"},
		{"L022", "AArch64 L022\n{ }\n P0 | P1 ;\n MOV W0,#4 | ADR X1,Ldec ;\n BL Linc | MOV W0,#4 ;\n BL Linc | BLR X1 ;\n B Lzero | BLR X1 ;\nLinc: | B Lone ;\n ADD W0,W0,#1 |Ldec: ;\n RET | SUB W0,W0,#1 ;\nLzero: | RET ;\n |Lone: ;\nforall 0:X0=6 /\\ 1:X0=2\n",
			"0:X0=6; 1:X0=2;", "Always"},
		{"L023", "AArch64 L023\n{ 0:X8=P1:Ldec; 1:X1=P0:Linc; }\n P0 | P1 ;\n MOV W9,#4 | MOV W9,#4 ;\n BLR X8 | BLR X1 ;\n BLR X8 | BLR X1 ;\n MOV W0,W9 | MOV W0,W9 ;\n B Lzero | B Lone ;\nLinc: |Ldec: ;\n ADD W9,W9,#1 | SUB W9,W9,#1 ;\n RET | RET ;\nLzero: |Lone: ;\nforall 0:X0=2 /\\ 1:X0=6\n",
			"0:X0=2; 1:X0=6;", "Always"},
		{"L025", "AArch64 L025\n{ 0:X1=P1:L1; 1:X1=P0:L0; }\n P0 | P1 ;\n ADR X8,Ret0 | ADR X8,Ret1 ;\n MOV W9,#1 | MOV W9,#2 ;\n BR X1 | BR X1 ;\nRet0: |Ret1: ;\n ADR X8,Out0 | ADR X8,Out1 ;\nL0: |L1: ;\n ADD W9,W9,#1 | ADD W9,W9,#2 ;\n BR X8 | BR X8 ;\nOut0: |Out1: ;\nforall 0:X9=4 /\\ 1:X9=5\n",
			"0:X9=4; 1:X9=5;", "Always"},
	})
}

// TestArmCallRefusals: what herd7 refuses or answers only with its
// instruction-fetch variant is refused with a one-line error.
func TestArmCallRefusals(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"W009", "AArch64 W009\n{ }\n P0 ;\nL0: ;\n ADR X0,L0 ;\nforall(0:X0=label:\"0:L1\")\n", "label L1 of P0, which does not exist"},
		{"init", "AArch64 I\n{ 0:X1=P0:L9; }\n P0 ;\n BR X1 ;\nexists (0:X1=0)\n", "label L9 not found on P0"},
		{"S06", "AArch64 S06\n{ 0:X0=0; }\n P0 ;\n BL L0 ;\n MOV W0,#1 ;\nL0: ;\nlocations [0:X0; 0:X30;]\nforall (0:X0=0)\n", "return address that no label names"},
		{"data", "AArch64 D\n{ 0:X8=P0:L0; }\n P0 ;\nL0: ;\n LDR W1,[X8] ;\nexists (0:X1=0)\n", "code as data is herd7's ifetch variant"},
		{"instr", "AArch64 I\n{ 0:X1=instr:\"NOP\"; }\n P0 ;\n NOP ;\nexists (0:X1=0)\n", "code as data is herd7's ifetch variant"},
		{"ins_t", "AArch64 I\n{ ins_t x; 0:X1=x; }\n P0 ;\n NOP ;\nexists (0:X1=0)\n", "code as data is herd7's ifetch variant"},
		{"ins_t-shown", "AArch64 I\n{ 0:X1=x; }\n P0 ;\n LDR W2,[X1] ;\nlocations [0:X2 ins_t;]\n", "code as data is herd7's ifetch variant"},
		{"symbolic", "AArch64 S\n{ uint64_t %r = x; }\n P0 ;\n NOP ;\nexists (0:X1=0)\n", "symbolic register %r"},
		{"PTE", "AArch64 P\n{ 0:X1=x; PTE(x)=0; }\n P0 ;\n NOP ;\nexists (0:X1=0)\n", "page tables are herd7's vmsa variant"},
		{"not-code", "AArch64 N\n{ 0:X8=x; }\n P0 ;\n BR X8 ;\nexists (0:X1=0)\n", "not a code label"},
	} {
		test, err := Parse(tc.name+".litmus", []byte(tc.src))
		if err == nil {
			_, err = Check(test, "")
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want one line with %q", tc.name, err, tc.want)
		}
	}
}
