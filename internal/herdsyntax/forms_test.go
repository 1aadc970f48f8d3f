package herdsyntax

import (
	"strings"
	"testing"
)

// TestAArch64Forms: more of the forms that code derived from Go's arm64
// output uses, each held to the operands herd7's grammar takes for it,
// with or without a space after each comma.
func TestAArch64Forms(t *testing.T) {
	for in, bad := range map[string]bool{
		"TBZ W1,#3,L0_2": false, "TBNZ X1,#63,L0_2": false, "TBZ W1,L0_2": true,
		"CBNZ X3,L0_4": false, "MVN W1,W2": false, "TST W1,#1": false, "TST X1,X2": false,
		"CSINC W1,W2,W3,EQ": false, "B.VS L0_1": false, "B.AL L0_1": false, "ISB": false, "RET": false,
		"DMB NSHLD": false, "LDR X1,[SP,#8]": false, "MOV X1,LR": false,
		// Byte loads and stores are of W registers only.
		"LDRB W1,[X2]": false, "LDRB X1,[X2]": true,
		"STLXR W1,W2,[X3]": false, "STLXR W1,X2,[X3]": false,
		"LDAPR W1,[X2]": false, "STLR X1,[X2]": false,
		"CASAL W1,W2,[X3]": false, "LDUMINAL W1,W2,[X3]": false, "STUMINL W1,[X3]": false,
		"MOV X1,XZR": false, "BICS W1,W2,W3": false, "CSEL W1, W2, W3, EQ": false,
		// A mnemonic in lower case, as in upper.
		"ldar w1,[x2]": false,
		// An atomic's address takes no offset but zero.
		"CAS W1,W2,[X3,#1]": true, "LDADD W1,W2,[X3,#10]": true,
	} {
		if got := AArch64Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, AArch64Instr(in))
		}
	}
}

// TestPPCForms: more of the forms that code derived from Go's ppc64le
// output uses; a condition register is cr0 to cr7, and a label is a name.
func TestPPCForms(t *testing.T) {
	for in, bad := range map[string]bool{
		"and. r1,r2,r3": false, "and. r1,r2,3": true, "addis r3,r2,1": false, "li r3,-1": false,
		"cmpw cr1,r1,r2": false, "cmpwi cr7,r1,0": false, "cmpwi cr8,r1,0": true,
		"lhz r1,0(r2)": false, "sth r1,0(r2)": false, "hwsync": false, "eieio": false,
		"divw r1,r2,r3": false, "divw r1,r2,3": true, "mulli r1,r2,3": false, "mulli r1,r2,r3": true, "ble L0_1": false, "b 0": true,
	} {
		if got := PPCInstr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, PPCInstr(in))
		}
	}
}

// TestRISCVForms: more of the forms that code derived from Go's riscv64
// output uses, an address without an offset among them.
func TestRISCVForms(t *testing.T) {
	for in, bad := range map[string]bool{
		"slti x5,x6,1": false, "sllw x5,x6,x7": false, "sllw x5,x6,3": true,
		"lhu x5,0(x6)": false, "sh x5,0(x6)": false, "lw x5,(x6)": false, "blt x5,x6,L0_1": false,
		"fence.i": false, "fence.i r,rw": true,
		"amoxor.w x1,x2,(x3)": false, "amoor.d.aq x1,x2,(x3)": false, "amoxor.w x1,(x3)": true,
	} {
		if got := RISCVInstr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, RISCVInstr(in))
		}
	}
	// An ordered-looking name of no instruction herd7 knows is named as
	// such, not as one whose operands do not fit.
	if got := RISCVInstr("amomaxu.w x1,x2,(x3)"); !strings.Contains(got, `herd7 has no "amomaxu.w"`) {
		t.Errorf("amomaxu.w: %q, want it named as no instruction of herd7's", got)
	}
}

// TestX86Forms: more of the forms that code derived from Go's amd64 output
// uses: operands after a comma and a space, a negative displacement, a
// base-index-scale address (after a segment too), a bracketed location, a
// register with digits, a name with a leading underscore, LOCK in
// capitals; and a wrong operand is named by its place, counted from 1.
func TestX86Forms(t *testing.T) {
	for in, bad := range map[string]bool{
		"retq": false, "endbr64": false, "nopw 0(%rax,%rax,1)": false, "setnb (x)": false,
		"movl $1, (x)": false, "movl $1,-8(%rsp)": false, "movq $1,(x)": false, "xchgq (x),%rax": false,
		"uxchl (x),%eax": false, "cmovcl %eax,(x)": false, "cmovcl (x),%eax": true,
		"jmp _L0_1": false, "LOCK incl (x)": false, "jle L0_1": false,
		"shl $1,(x)": false, "cmpl $1,(x)": false, "orl $1,(x)": false, "decl (x)": false,
		"movl %r10d,(x)": false, "movl [x],%eax": false, "movl $1,[8]": false,
		"movl %fs:-8(%rax,%rbx,1),%eax": false,
	} {
		if got := X86Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, X86Instr(in))
		}
	}
	if got, want := X86Instr("cmpxchgl (x),(y)"), `operand 2 of cmpxchgl must be a register in herd7, found "(y)"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFormKindsAreKnown: every kind letter of each architecture's form
// table is one its matcher knows, shown by an operand of that kind that it
// accepts, and a letter no table uses matches no operand, so that a
// mistyped letter in a table could not pass an operand unchecked.
func TestFormKindsAreKnown(t *testing.T) {
	rvTable := map[string][]string{}
	for name, forms := range rvForms {
		rvTable[name] = forms
	}
	for name, form := range rvOrdered {
		rvTable[name+".w"] = []string{form}
	}
	for _, arch := range []struct {
		name    string
		forms   map[string][]string
		kind    func(k, o string) bool
		samples map[string]string
	}{
		{"AArch64", aarch64Forms, armKind, map[string]string{
			"x": "X1", "w": "W1", "k": "#1", "a": "[X1]", "z": "[X1,#0]", "m": "[X1,#8]", "c": "EQ", "f": "ISH", "l": "L0_1"}},
		{"PPC", ppcForms, ppcKind, map[string]string{"r": "r1", "k": "1", "m": "8(r1)", "c": "cr1", "l": "L0_1"}},
		{"RISC-V", rvTable, rvKind, map[string]string{"r": "x1", "k": "1", "m": "8(x1)", "z": "(x1)", "s": "rw", "l": "L0_1"}},
	} {
		used := map[string]bool{}
		for name, forms := range arch.forms {
			for _, form := range forms {
				if form == "" {
					continue
				}
				for _, k := range strings.Split(form, ",") {
					sample, ok := arch.samples[k]
					if !ok {
						t.Errorf("%s %s: form %q has the unknown kind %q", arch.name, name, form, k)
						continue
					}
					used[k] = true
					if !arch.kind(k, sample) {
						t.Errorf("%s: kind %q refuses its own operand %q", arch.name, k, sample)
					}
				}
			}
		}
		for k, sample := range arch.samples {
			if !used[k] {
				t.Errorf("%s: kind %q is in no form of the table", arch.name, k)
			}
			if arch.kind("q", sample) {
				t.Errorf("%s: the unknown kind \"q\" accepts %q", arch.name, sample)
			}
		}
	}
}
