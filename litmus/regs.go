package litmus

import (
	"strconv"
	"strings"
)

// canonicalReg maps a register name as written in a test to the name under
// which the checker stores it: X5 for W5 and X5 (AArch64), rax for %eax, eax
// and rax (X86_64), EAX for EAX (X86), x5 for t0 and x5 (RISCV), r5 (PPC).
func canonicalReg(a Arch, name string) (string, bool) {
	switch a {
	case AArch64:
		// A condition may name XZR, which always holds 0.
		r, ok := armRegister(name)
		if !ok {
			return "", false
		}
		return r.canonical(), true
	case X86_64:
		return x86_64Register(name)
	case X86:
		return x86Register(name)
	case RISCV:
		r, ok := riscvRegister(name)
		return rvRegName(r), ok
	case PPC:
		r, ok := ppcRegister(name)
		return ppcRegName(r), ok
	}
	return "", false
}

// armReg is an AArch64 general-purpose register, 64-bit (X) or 32-bit (W),
// or the stack pointer, which herd7 treats as one more register.
type armReg struct {
	n    int
	w    bool // the 32-bit view
	zero bool // XZR or WZR
	sp   bool // SP or WSP
}

func armRegister(s string) (armReg, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	switch u {
	case "XZR":
		return armReg{zero: true}, true
	case "WZR":
		return armReg{zero: true, w: true}, true
	case "SP":
		return armReg{sp: true}, true
	case "WSP":
		return armReg{sp: true, w: true}, true
	}
	if len(u) < 2 || u[0] != 'X' && u[0] != 'W' {
		return armReg{}, false
	}
	n, err := strconv.Atoi(u[1:])
	if err != nil || n < 0 || n > 30 || strconv.Itoa(n) != u[1:] {
		return armReg{}, false
	}
	return armReg{n: n, w: u[0] == 'W'}, true
}

func (r armReg) canonical() string {
	switch {
	case r.zero:
		return "XZR"
	case r.sp:
		return "SP"
	}
	return "X" + strconv.Itoa(r.n)
}

var x86_64Regs = map[string]string{
	"rax": "rax", "eax": "rax", "rbx": "rbx", "ebx": "rbx", "rcx": "rcx", "ecx": "rcx",
	"rdx": "rdx", "edx": "rdx", "rsi": "rsi", "esi": "rsi", "rdi": "rdi", "edi": "rdi",
	"rbp": "rbp", "ebp": "rbp", "rsp": "rsp", "esp": "rsp",
	// herd7 knows the instruction pointer and the segment registers too.
	"rip": "rip", "cs": "cs", "ds": "ds", "es": "es", "fs": "fs", "gs": "gs", "ss": "ss",
}

// x86_64Register accepts rax/eax... and r8..r15 with an optional d suffix,
// with or without the % of AT&T syntax.
func x86_64Register(s string) (string, bool) {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "%"))
	if r, ok := x86_64Regs[s]; ok {
		return r, true
	}
	base := strings.TrimSuffix(s, "d")
	if n, err := strconv.Atoi(strings.TrimPrefix(base, "r")); err == nil && strings.HasPrefix(base, "r") && n >= 8 && n <= 15 {
		return "r" + strconv.Itoa(n), true
	}
	return "", false
}

// is32 reports whether an x86_64 register name is a 32-bit view.
func x86Is32(s string) bool {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "%"))
	return len(s) == 3 && s[0] == 'e' || strings.HasPrefix(s, "r") && strings.HasSuffix(s, "d")
}

func x86Register(s string) (string, bool) {
	switch u := strings.ToUpper(strings.TrimSpace(s)); u {
	case "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ESP":
		return u, true
	}
	return "", false
}
