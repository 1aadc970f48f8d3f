package litmus

import "testing"

// TestArmForms: herdtools7's spellings and instructions beyond the basic
// subset, with the final states herd7 prints.
func TestArmForms(t *testing.T) {
	checkStates(t, []stateCase{
		// An immediate without "#" (STR03, L098), an index shift without a
		// space (L017).
		{"bare-imm", "AArch64 B\n{ }\n P0 ;\n MOV W2,3 ;\n ADD X3,X2,1 ;\nforall (0:X2=3 /\\ 0:X3=4)\n", "0:X2=3; 0:X3=4;", "Always"},
		{"LSL#2", "AArch64 L017\n{ uint32_t x[2] = {2,2}; 0:x0=1; 0:x2=x; int64_t 0:x3=1; }\n P0 ;\n STR W0,[X2,X3,LSL#2] ;\nexists (x={2,1})\n", "x={2,1};", "Always"},
		// EXTR (EXTR00).
		{"EXTR", "AArch64 E\n{ 0:X1=0x01234567; 0:X0=0x89ABCDEF; uint64_t 0:X4=0x0123456789ABCDEF; uint64_t 0:X3=0xFEDCBA9876543210; uint64_t 0:X5; }\n P0 ;\n EXTR W2,W1,W0,#16 ;\n EXTR X5,X4,X3,#32 ;\nforall (0:X2=0x456789ab /\\ 0:X5=0x89abcdeffedcba98)\n",
			"0:X2=1164413355; 0:X5=9920249034870405784;", "Always"},
		// LDSMIN and LDUMIN compare as signed and unsigned (LDSMIN00, LDUMIN00).
		{"LDSMIN", "AArch64 S\n{ x = 0; 0:X1 = -128; 0:X3 = x; }\n P0 ;\n LDSMIN W1,W2,[X3] ;\nforall (0:X2=0 /\\ [x]=-128)\n", "0:X2=0; [x]=-128;", "Always"},
		{"LDUMIN", "AArch64 U\n{ x = 0; 0:X1 = -128; 0:X3 = x; }\n P0 ;\n LDUMIN W1,W2,[X3] ;\nforall (0:X2=0 /\\ [x]=-128)\n", "0:X2=0; [x]=0;", "Never"},
		{"LDSMAXB", "AArch64 M\n{ int8_t x = -1; 0:X1 = 2; 0:X3 = x; }\n P0 ;\n LDSMAXB W1,W2,[X3] ;\nforall ([x]=2)\n", "[x]=2;", "Always"},
		// XZR in a condition, printed first (A164); SP as a register (A172, A173).
		{"XZR", "AArch64 Z\n{ int64_t 0:X1=1; }\n P0 ;\n CMP XZR,X1,ASR #1 ;\n B.EQ foo ;\n MOV X0,#1 ;\n foo: NOP ;\nforall (0:X1=1 /\\ 0:XZR=0 /\\ 0:X0=0)\n", "0:XZR=0; 0:X0=0; 0:X1=1;", "Always"},
		{"SP", "AArch64 P\n{ 0:sp = x; uint64_t x=1; uint64_t 0:X1 = 0; }\n P0 ;\n ldr X1,[SP] ;\n add X2,SP,#8 ;\nforall (0:X1=1 /\\ 0:X2=x+8)\n", "0:X1=1; 0:X2=x+8;", "Always"},
		// An address with an offset is one token, a last digit 9 and the
		// line's end included.
		{"offset-9", "AArch64 Q\n{ 0:sp = x; uint64_t x=1; }\n P0 ;\n add X2,SP,#9 ;\nforall 0:X2=x+9\n", "0:X2=x+9;", "Always"},
		// Offset 0 is the address itself, which herd7 prints as "x".
		{"offset-0", "AArch64 Q\n{ 0:sp = x; uint64_t x=1; }\n P0 ;\n add X2,SP,#0 ;\nforall (0:X2=x+0 /\\ 0:X2=x)\n", "0:X2=x;", "Always"},
		// Whole arrays in the final part (A231, L012, L014) and the address
		// of an element in the initial state (A148).
		{"array-cond", "AArch64 A\n{ 0:X1 = 0; 0:X2 = x; int x[2] ={1,2}; }\n P0 ;\n STR W1,[X2],#4 ;\n ADD W1,W1,#1 ;\n STR W1,[X2],#4 ;\nforall x={0,1}\n", "x={0,1};", "Always"},
		{"array-shown", "AArch64 L\n{ int v[3] = { 1,2,3 }; 0:X2=v; }\n P0 ;\n LDR W0,[X2] ;\n LDR W1,[X2,#8] ;\n STR W0,[X2,#8] ;\n STR W1,[X2] ;\nlocations [v;]\n", "v={3,2,1};", "Always"},
		{"array-order", "AArch64 O\n{ x=0; 0:X2=x; int32_t u[2]={-1,-1}; uint8_t v[2]={-1,-1}; }\n P0 ;\n STR WZR,[X2] ;\nlocations [x;u;v[0]]\nforall (u[0]=4294967295 /\\ v[1]=-1)\n",
			"u={-1,-1}; [x]=0; u[0]=-1; v[0]=255; v[1]=255;", "Always"},
		{"element-address", "AArch64 A148\n{ int x[2]; 0:X0=x[1]; }\n P0 ;\n MOV W1,#1 ;\n STR W1,[X0] ;\nforall x[0]=0 /\\ x[1]=1\n", "x[0]=0; x[1]=1;", "Always"},
		// herd7 skips text before the initial state (A181, AArch64.ASL's
		// NOP) and takes a section name as a label (L061).
		{"header-text", "AArch64 H\nvariant ASL\nq\n{ 0:X0=1; }\n P0 ;\n NOP ;\nforall (0:X0=1)\n", "0:X0=1;", "Always"},
		{".text", "AArch64 L061\n{ 0:X0 = 1; }\n P0 ;\n B .text ;\n ADD W0, W0, #1 ;\n.text: NOP ;\nforall (0:X0 = 1)\n", "0:X0=1;", "Always"},
		{"array-ne", "AArch64 N\n{ int x[2] = {1,2}; }\n P0 ;\n NOP ;\nexists (x!={1,2})\n", "x={1,2};", "Never"},
	})
}
