package herdsyntax

import "testing"

func TestAArch64Instr(t *testing.T) {
	for in, bad := range map[string]bool{
		"MOV W1,#-3": false, "MOV X2,X3": false, "CMP W4,#0": false, "B.CC L0_1": false, "B.CS End0": false,
		"CSEL W1,W2,WZR,CC": false, "SUB W1,WZR,W2": false, "LDR W1,[X2]": false, "STR X1,[X2,#8]": false,
		"CAS W1,W2,[X3]": false, "LDADDAL W1,W2,[X3]": false, "STADDL W1,[X3]": false, "STXR W1,X2,[X3]": false,
		"DMB ISHLD": false, "DSB SY": false, "CBZ W3,L0_4": false, "AND W3,W2,#1": false,
		"B.LO L": true, "B.HS L": true, "CSEL W1,W2,W3,LO": true, "CAS W1,X2,[X3]": true, "LDAR W1,[X2,#4]": true,
		"STADDA W1,[X3]": true, "MOV W1,X2": true, "DMB $9": true, "Mov W1,W2": true,
	} {
		if got := AArch64Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, AArch64Instr(in))
		}
	}
}
