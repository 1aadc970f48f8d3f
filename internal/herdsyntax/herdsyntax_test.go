package herdsyntax

import (
	"strings"
	"testing"
)

func TestAArch64Instr(t *testing.T) {
	for in, bad := range map[string]bool{
		"MOV W1,#-3": false, "MOV X2,X3": false, "CMP W4,#0": false, "B.CC L0_1": false, "B.CS End0": false,
		"CSEL W1,W2,WZR,CC": false, "SUB W1,WZR,W2": false, "LDR W1,[X2]": false, "STR X1,[X2,#8]": false,
		"CAS W1,W2,[X3]": false, "LDADDAL W1,W2,[X3]": false, "STADDL W1,[X3]": false, "STXR W1,X2,[X3]": false,
		"DMB ISHLD": false, "DSB SY": false, "CBZ W3,L0_4": false, "AND W3,W2,#1": false,
		"B.LO L": true, "B.HS L": true, "CSEL W1,W2,W3,LO": true, "CAS W1,X2,[X3]": true, "LDAR W1,[X2,#4]": true,
		"STADDA W1,[X3]": true, "MOV W1,X2": true, "DMB $9": true, "Mov W1,W2": true,
		// No X31 (31 is XZR or SP), no XZR as a base, a CAS or an atomic
		// memory operation takes no offset but #0, and an immediate has digits.
		"MOV X31,X1": true, "LDR W1,[XZR]": true, "CAS W1,W2,[X3,#8]": true, "LDADD W1,W2,[X3,#4]": true,
		"CAS W1,W2,[X3,#0]": false, "MOV W1,#": true, "CMP W1,#-": true,
		// An address is bracketed on both sides.
		"LDR W1,X2]": true, "LDR W1,[X2": true, "STXR W1,X2,X3]": true, "CAS W1,W2,X3,#0]": true,
		// The base is one X register, and an offset an immediate or one
		// register of either width.
		"LDR W1,[]": true, "LDR W1,[W2]": true, "LDR W1,[X2,#8,#4]": true, "LDR W1,[X2,X3]": false, "LDR W1,[X2,W3]": false,
		// Conditions and barrier options in one case; a label is no register.
		"CSEL W1,W2,W3,cc": false, "CSEL W1,W2,W3,Cc": true, "DMB ish": false, "DMB Ish": true,
		"CBZ W3,X4": true, "B.CC W1": true,
		// Sign extension: SXTW from a word to a doubleword, SBFM in one width.
		"SXTW X1,W2": false, "SXTW W1,W2": true, "SXTW X1,X2": true,
		"SBFM X1,X2,#0,#7": false, "SBFM W1,W2,#0,#15": false, "SBFM X1,W2,#0,#7": true, "SBFM X1,X2,#0": true,
	} {
		if got := AArch64Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, AArch64Instr(in))
		}
	}
}

// TestX86Instr: the operand count of each mnemonic is its grammar's, no
// fewer and no more.
func TestX86Instr(t *testing.T) {
	for in, bad := range map[string]bool{
		"movl $1,(x)": false, "mfence": false, "lock incl (x)": false,
		"movl $1": true, "movl $1,(x),%eax": true, "incl": true, "mfence %eax": true, "lock": true,
		// Each operand of its kind: an immediate or an effective address
		// (a register too), an effective address, a register, a label.
		"movl %eax,(x)": false, "movl $1,$2": true, "incl $1": true, "incl %eax": false,
		"cmpxchgl (x),%eax": false, "cmpxchgl %eax,(x)": true, "jne L0_1": false, "jmp $1": true,
		"": true, "Movl $1,(x)": true,
	} {
		if got := X86Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, X86Instr(in))
		}
	}
}

// TestPPCInstr: the forms herd7's Power grammar takes, and the ones it
// lacks that Go's ppc64le code would suggest.
func TestPPCInstr(t *testing.T) {
	for in, bad := range map[string]bool{
		"li r3,1": false, "mr r4,r5": false, "lwa r4,0(r30)": false, "lwz r4,-8(r3)": false, "std r9,0(r18)": false,
		"lwarx r5,r0,r24": false, "stwcx. r6,r0,r24": false, "cmpw r1,r2": false, "cmpwi cr1,r1,0": false,
		"cmplwi r1,3": false, "rlwinm r3,r3,31,31,31": false, "clrldi r3,r4,32": false, "andi. r5,r3,1": false,
		"beq L0_3": false, "b End1": false, "lwsync": false, "mfcr r13": false,
		"cmplw r1,r2": true, "cmpd r1,r2": true, "extsb r1,r2": true, "ldarx r1,r0,r2": true, "lwa r1,r2,r3": true,
		"LWZ r1,0(r2)": true, "li r32,1": true, "lwz r1,(r2)": true, "beq r3": true, "sync r1": true, "li r1,x": true,
	} {
		if got := PPCInstr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, PPCInstr(in))
		}
	}
}

// TestRISCVInstr: the forms herd7's RISCV grammar takes, and the ones it
// lacks that Go's riscv64 code would suggest.
func TestRISCVInstr(t *testing.T) {
	for in, bad := range map[string]bool{
		"li x5,1": false, "addi x5,x6,0": false, "addiw x5,x5,0": false, "lw x11,0(x29)": false, "lwu x5,4(x6)": false,
		"sd x7,0(x19)": false, "lr.w x13,0(x24)": false, "lr.d.aq x6,(x7)": false, "sc.w x14,x12,0(x24)": false,
		"sc.w.rl x14,x12,0(x24)": false, "amoadd.w.aq.rl x13,x23,(x24)": false, "amoswap.d.aqrl x1,x2,(x3)": false,
		"fence r,rw": false, "fence": false, "fence.tso": false, "bge x0,x13,L0_64": false, "j End0": false,
		"srli x25,x25,63": false, "slt x5,x6,x7": false,
		"mv x5,x6": true, "sext.w x5,x5": true, "bltu x5,x6,L0_1": true, "sltu x5,x6,x7": true, "srai x5,x5,3": true,
		"lr.w x13,4(x24)": true, "amomaxu.w x1,x2,(x3)": true, "fence r,i": true, "lw x32,0(x1)": true,
		"LW x1,0(x2)": true, "amoadd.h x1,x2,(x3)": true, "li x5,x6": true, "nop": true, "j x5": true,
	} {
		if got := RISCVInstr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, RISCVInstr(in))
		}
	}
}

// TestUnknownMnemonic: a mnemonic outside the forms checked is named as
// unknown, not as one whose operands do not fit.
func TestUnknownMnemonic(t *testing.T) {
	for _, tc := range []struct {
		check func(string) string
		in    string
	}{
		{AArch64Instr, "FOO W1"}, {X86Instr, "foo %eax"}, {PPCInstr, "foo r1"}, {RISCVInstr, "foo x1"},
	} {
		if got := tc.check(tc.in); !strings.Contains(got, `herd7 has no "foo"`) && !strings.Contains(got, `herd7 has no "FOO"`) {
			t.Errorf("%q: %q, want it named as no mnemonic of herd7's", tc.in, got)
		}
	}
}
