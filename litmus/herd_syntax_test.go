package litmus

import (
	"strings"
	"testing"
)

// TestX86Herd7Syntax: the forms herd7 writes in X86_64 tests are read,
// with the processor's meaning: jgt and jlt, cmpxchg with its memory
// operand first, the NOP family, ret, shl, bare immediates, brackets, and
// the rip and segment registers.
func TestX86Herd7Syntax(t *testing.T) {
	x86 := func(name, init, p0, cond string) string {
		return "X86_64 " + name + "\n{ " + init + " }\n P0 ;\n " + strings.ReplaceAll(p0, ";", " ;\n ") + " ;\n" + cond + "\n"
	}
	checkOutcomes(t, []outcome{
		{"jgt", "", x86("jgt", "", "movl $3,%eax;cmpl $2,%eax;jgt L;movl $1,%ebx;L:", "forall (0:rbx=0)"), "Always", 1, 0},
		{"jgt-not", "", x86("jgt-not", "", "movl $2,%eax;cmpl $2,%eax;jgt L;movl $1,%ebx;L:", "forall (0:rbx=1)"), "Always", 1, 0},
		{"jlt", "", x86("jlt", "", "movl $1,%eax;cmpl $2,%eax;jlt L;movl $1,%ebx;L:", "forall (0:rbx=0)"), "Always", 1, 0},
		{"jlt-equal", "", x86("jlt-equal", "", "movl $2,%eax;cmpl $2,%eax;jlt L;movl $1,%ebx;L:", "forall (0:rbx=1)"), "Always", 1, 0},
		{"cmpxchg-herd", "", x86("cmpxchg-herd", "x=0; 0:rcx=7;", "movl $0,%eax;lock cmpxchgl (x),%ecx", "forall ([x]=7)"), "Always", 1, 0},
		{"cmpxchg-att", "", x86("cmpxchg-att", "x=0; 0:rcx=7;", "movl $0,%eax;lock cmpxchgl %ecx,(x)", "forall ([x]=7)"), "Always", 1, 0},
		{"cmpxchg-fail", "", x86("cmpxchg-fail", "x=3; 0:rcx=7;", "movl $0,%eax;cmpxchg [x],%ecx", "forall ([x]=3 /\\ 0:rax=3)"), "Always", 1, 0},
		{"A000", "", x86("A000", "", "NOP", "forall 0:rax = 0"), "Always", 1, 0},
		{"A001", "", x86("A001", "0:rip = 0", "NOP", "forall (0:rip = 0)"), "Always", 1, 0},
		{"A002", "", x86("A002", "0:cs = 0", "NOP", "forall (0:cs = 0)"), "Always", 1, 0},
		{"A003", "", x86("A003", "", "endbr64", "forall 0:RAX = 0"), "Always", 1, 0},
		{"A004", "", x86("A004", "", "nopl 0(%rax,%eax,0);nopw 0(%rax,%eax,0)", "forall 0:RAX = 0"), "Always", 1, 0},
		{"A005", "", x86("A005", "", "NOPL %cs:0(%rax,%eax,0)", "forall (0:RAX = 0)"), "Always", 1, 0},
		{"A007", "", x86("A007", "0:RAX=1", "shl 2,%eax", "forall 0:RAX=4"), "Always", 1, 0},
		{"shl-mem", "", x86("shl-mem", "x=3;", "shlq $4,(x)", "forall [x]=48"), "Always", 1, 0},
		{"ret", "", x86("ret", "", "movl $1,(x);ret;movl $2,(x)", "forall [x]=1"), "Always", 1, 0},
		{"brackets", "", x86("brackets", "0:rbx=x;", "movl $5,[%rbx];movl [x],%eax", "forall 0:rax=5"), "Always", 1, 0},
	})
}

// TestHerd7Conditions: a missing condition is forall (true); "<>" is
// "!="; a register its thread never uses is 0; negation prints as herd7
// prints it; for ~exists the Witnesses line swaps its counts, as herd7's
// does.
func TestHerd7Conditions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"none", "AArch64 NOP\n{}\nP0;\nNOP;\n", []string{"Test NOP Required", "\nOk\n", "Positive: 1 Negative: 0", "Condition forall (true)", "Observation NOP Always 1 0"}},
		{"<>", "AArch64 L019\n{ 0:X1=x; }\n P0 ;\n MOV W4,#1 ;\nexists 0:X4<>0 /\\ x=0;\n", []string{"Condition exists (not (0:X4=0) /\\ [x]=0)", "Observation L019 Always 1 0"}},
		{"unused", "AArch64 U\n{}\n P0 ;\n NOP ;\nforall (0:X9=0)\n", []string{"0:X9=0;", "Observation U Always 1 0"}},
		{"~exists", "AArch64 N\n{ 0:X1=x; }\n P0 ;\n MOV W0,#1 ;\n STR W0,[X1] ;\n~exists ([x]=1)\n", []string{"Test N Forbidden", "\nNo\n", "Positive: 0 Negative: 1", "Condition ~exists ([x]=1)", "Observation N Always 1 0"}},
		{"not", "AArch64 A44\n{}\n P0 ;\n MOV W0,#1 ;\nforall (not (0:X0=0 /\\ 0:X1=1))\n", []string{"Condition forall (not (0:X0=0 /\\ 0:X1=1))", "Observation A44 Always 1 0"}},
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
		var b strings.Builder
		r.Write(&b)
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: the output lacks %q:\n%s", tc.name, w, b.String())
			}
		}
	}
}

// TestAddressIn32Bits: herd7 refuses to load an address into a W register
// (herdtools7's A177, which has no condition either).
func TestAddressIn32Bits(t *testing.T) {
	test, err := Parse("A177.litmus", []byte("AArch64 A177\n{\n int *p = &x;\n int x=1;\n 0:X2=p;\n}\nP0;\n LDR W0,[X2];\nlocations [0:X0;]\n"))
	if err != nil {
		t.Fatal(err)
	}
	// The 4-byte access to the 8-byte pointer p is refused first, as a
	// mixed-size access.
	if _, err := Check(test, ""); err == nil || !strings.Contains(err.Error(), "a 32-bit load of the address x") &&
		!strings.Contains(err.Error(), "a 4-byte access to p, a location of 8 bytes") {
		t.Errorf("got %v, want the 32-bit load refused", err)
	}
}
