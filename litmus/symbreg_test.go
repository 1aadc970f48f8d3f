package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// TestSymbolicRegisters: herd7's allocation of symbolic registers. Each
// thread's names, in lexical order, take the lowest registers that its
// code, the initial state and the final part leave free: on AArch64 from
// X0 (W%d is the same register as %d), on Power from r1 (r0 may read as
// 0), on RISC-V from x5. The same name in two threads is two registers.
func TestSymbolicRegisters(t *testing.T) {
	checkStates(t, []stateCase{
		{"aarch64", "AArch64 S\n{ %b=y; %a=x; 0:X3=1; %c=x; uint64_t x; uint64_t y; }\n P0 | P1 ;\n MOV X0,#1 | LDR X5,[%c] ;\n STR X0,[%a] | MOV W%d,#7 ;\n STR X3,[%b] | NOP ;\nexists (%a=x /\\ %b=y /\\ %d=7 /\\ [x]=1 /\\ [y]=1)\n",
			"0:X1=x; 0:X2=y; 1:X1=7; [x]=1; [y]=1;", "Always"},
		{"ppc", "PPC S\n{ %x0=x; %t=y; }\n P0 | P1 ;\n li r1,1 | lwz r1,0(%t) ;\n stw r1,0(%x0) | li %u,5 ;\n li %u,6 | ;\nexists (%x0=x /\\ 1:r1=0 /\\ [x]=1)\n",
			"0:r3=x; 1:r1=0; [x]=1;", "Always"},
		// RISC-V allocates from x5; an ABI name (fp is x8) is taken too.
		{"riscv", "RISCV V\n{ %b=y; %a=x; %c=z; }\n P0 ;\n li x5,1 ;\n sw x5,0(%a) ;\n sw fp,0(%b) ;\n sw x5,0(%c) ;\nexists (%a=x /\\ %b=y /\\ %c=z /\\ [x]=1)\n",
			"0:x6=x; 0:x7=y; 0:x9=z; [x]=1;", "Always"},
		// Nor is one that only the initial state names; W%d writes the
		// W view, and a type given to %d is the register's.
		{"init-part", "AArch64 I\n{ 0:X0=5; %a=x; uint64_t %d=0; }\n P0 ;\n LDR W2,[%a] ;\n MOV W%d,#-1 ;\nexists (%a=x /\\ 0:X0=5 /\\ %d=4294967295)\n",
			"0:X0=5; 0:X1=x; 0:X3=4294967295;", "Always"},
		// Only X86_64 reads a register name after "%" as a register: on
		// AArch64, %X0 and %ax are symbolic, and X0 is free.
		{"register-names", "AArch64 N\n{ }\n P0 ;\n MOV %X0,#1 ;\n MOV %ax,#2 ;\nexists (%X0=1 /\\ %ax=2)\n",
			"0:X0=1; 0:X1=2;", "Always"},
		{"init-only", "AArch64 J\n{ 0:X0=5; %a=x; }\n P0 ;\n LDR W2,[%a] ;\nexists (%a=x)\n",
			"0:X1=x;", "Always"},
		// A register of the thread named only in the final part is not
		// free either.
		{"final-part", "AArch64 F\n{ %a=x; }\n P0 ;\n LDR W1,[%a] ;\nlocations [0:X0;]\nexists (%a=x)\n",
			"0:X0=0; 0:X2=x;", "Always"},
	})
	// The last register is X29 on AArch64 (X30 is the link register), r31
	// on Power and x31 on RISC-V: with all the others taken, one symbolic
	// register takes it and two are too many.
	full := func(arch, set string, from, to int) string {
		src := arch + " R\n{ }\n P0 ;\n"
		for i := from; i <= to; i++ {
			src += " " + fmt.Sprintf(set, i) + " ;\n"
		}
		return src
	}
	arm, ppc, rv := full("AArch64", "MOV X%d,#0", 0, 28), full("PPC", "li r%d,0", 1, 30), full("RISCV", "li x%d,0", 5, 30)
	checkStates(t, []stateCase{
		{"arm-last", arm + " MOV X%a,#1 ;\nexists (%a=1)\n", "0:X29=1;", "Always"},
		{"ppc-last", ppc + " li %a,1 ;\nexists (%a=1)\n", "0:r31=1;", "Always"},
		{"riscv-last", rv + " li %a,1 ;\nexists (%a=1)\n", "0:x31=1;", "Always"},
	})
	for _, c := range []struct{ src, want string }{
		{arm + " MOV X%a,#1 ;\n MOV X%b,#2 ;\nexists (%a=1)\n", "P0: not enough free registers for its 2 symbolic registers"},
		{ppc + " li %a,1 ;\n li %b,2 ;\nexists (%a=1)\n", "P0: not enough free registers for its 2 symbolic registers"},
		{rv + " li %a,1 ;\n li %b,2 ;\nexists (%a=1)\n", "P0: not enough free registers for its 2 symbolic registers"},
		{"AArch64 U\n{ %a=x; %b=y; }\n P0 ;\n LDR W1,[%a] ;\nexists (x=0)\n", "t.litmus:2: symbolic register %b does not appear in the code"},
		{"AArch64 U\n{ %a=x; }\n P0 ;\n LDR W1,[%a] ;\nexists (%z=0)\n", "t.litmus:5: symbolic register %z does not appear in the code"},
		{"AArch64 A\n{ %a=x; }\n P0 | P1 ;\n LDR W1,[%a] | LDR W1,[%a] ;\nexists (x=0)\n", "symbolic register %a is in the code of P0 and P1: which one the initial state or the final part means is ambiguous"},
		{"AArch64 A\n{ x=0; }\n P0 | P1 ;\n MOV %a,#1 | MOV %a,#2 ;\nexists (%a=1)\n", "symbolic register %a is in the code of P0 and P1: which one the initial state or the final part means is ambiguous"},
		{"AArch64 D\n{ %a=x;\n %a=y; }\n P0 ;\n LDR W1,[%a] ;\nexists (x=0)\n", "t.litmus:3: 0:X0 is initialised twice (first on line 2)"},
		// Only AArch64 has a W or X view before "%".
		{"RISCV X\n{ }\n P0 ;\n li x%a,1 ;\nexists (%a=1)\n", `(written "li x%a,1")`},
		{"AArch64 C\n{ %a=x; }\n P0 ;\n LDR W1,[C%a] ;\nexists (x=0)\n", "t.litmus:4: P0: C%a: capability registers are herd7's Morello variant"},
		// A value that names a location of nothing else (herd7's W002).
		{"AArch64 W\n{ %a=x; uint64_t x; }\n P0 ;\n MOV X0,%a ;\nexists (0:X0=y)\n", "t.litmus:5: the value y is the address of a location that the test never initialises or accesses"},
		{"AArch64 N\n{ }\n P0 ;\n MOV X0,#1 ;\nexists (0:X0=NOP)\n", "t.litmus:5: instruction value NOP in the condition: code as data is herd7's ifetch variant"},
	} {
		wantError(t, c.src, c.want)
	}
}

// TestSymbolicRegistersX86: on X86 the symbolic registers take EAX, EBX,
// ECX, EDX, ESI and EDI; on X86_64, whose AT&T syntax writes every
// register %name, a %name is symbolic only when herd7's lexer knows no
// register of that name, and takes rax to r15 in the order of their
// encodings, rbp and rsp included. A register's 32-bit view (%eax) takes
// the register as a whole.
func TestSymbolicRegistersX86(t *testing.T) {
	x86 := "X86 S\n{ x=0; }\n P0 ;\n MOV EAX,$1 ;\n MOV ECX,$1 ;\n MOV %s,$2 ;\n MOV [x],%s ;\nexists (%s=2 /\\ [x]=2)\n"
	regs64 := []string{"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"}
	upTo := func(n int) string { // code that uses the first n of regs64
		src := "X86_64 R\n{ x=0; }\n P0 ;\n"
		for _, r := range regs64[:n] {
			src += " movq $0,%" + r + " ;\n"
		}
		return src
	}
	checkStates(t, []stateCase{
		{"x86", x86, "0:EBX=2; [x]=2;", "Always"},
		{"x86_64", "X86_64 S\n{ %b=y; %a=x; }\n P0 | P1 ;\n movl $1,%eax | movq (%b),%rcx ;\n movq %rax,(%a) | movq $2,%c ;\nexists (%a=x /\\ %b=y /\\ %c=2 /\\ [x]=1)\n",
			"0:rbx=x; 1:rax=y; 1:rbx=2; [x]=1;", "Always"},
		{"x86_64-rbp", upTo(6) + " movq $1,%a ;\nexists (%a=1)\n", "0:rbp=1;", "Always"},
		{"x86_64-last", upTo(15) + " movq $1,%a ;\nexists (%a=1)\n", "0:r15=1;", "Always"},
		{"x86-last", "X86 L\n{ }\n P0 ;\n MOV EAX,$0 ;\n MOV EBX,$0 ;\n MOV ECX,$0 ;\n MOV EDX,$0 ;\n MOV ESI,$0 ;\n MOV %a,$1 ;\nexists (%a=1)\n",
			"0:EDI=1;", "Always"},
	})
	wantError(t, upTo(15)+" movq $1,%a ;\n movq $2,%b ;\nexists (%a=1)\n", "P0: not enough free registers for its 2 symbolic registers")
	wantError(t, "X86 L\n{ }\n P0 ;\n MOV EAX,$0 ;\n MOV EBX,$0 ;\n MOV ECX,$0 ;\n MOV EDX,$0 ;\n MOV %a,$1 ;\n MOV %b,$1 ;\n MOV %c,$1 ;\nexists (%a=1)\n",
		"P0: not enough free registers for its 3 symbolic registers")
	// A name that herd7 reads as a register in the code is not symbolic
	// there, so the initial state's %name (always symbolic) names nothing.
	var x86Names []string // herd7's X86_64 register names
	for _, set := range []string{"rax rbx rcx rdx rsi rdi rbp rsp", "eax ebx ecx edx esi edi ebp esp",
		"ax bx cx dx si di bp sp", "al bl cl dl sil dil bpl spl", "ah bh ch dh", "zf sf cf", "rip cs EAX R15D"} {
		x86Names = append(x86Names, strings.Fields(set)...)
	}
	for i := 8; i < 16; i++ {
		for _, suffix := range []string{"", "d", "w", "b"} {
			x86Names = append(x86Names, fmt.Sprintf("r%d%s", i, suffix))
		}
	}
	for i := 0; i < 8; i++ {
		x86Names = append(x86Names, fmt.Sprintf("xmm%d", i))
	}
	for _, r := range x86Names {
		wantError(t, "X86_64 N\n{ %"+r+"=1; }\n P0 ;\n movq %"+r+",(x) ;\nexists (x=1)\n", "symbolic register %"+r+" does not appear in the code")
	}
	for _, r := range []string{"r16", "r7", "r7w", "r16b", "xmm8", "r8q", "r8bw", "eaxx", "rx"} {
		src := "X86_64 N\n{ %" + r + "=1; }\n P0 ;\n movq %" + r + ",(x) ;\nexists (x=1)\n"
		checkStates(t, []stateCase{{r, src, "[x]=1;", "Always"}})
	}
}
