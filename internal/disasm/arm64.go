package disasm

import "fmt"

// go tool objdump (Go 1.26, and golang.org/x/arch up to v0.33.0) prints the
// ARMv8.1 LSE atomics as "?". They are the instructions that matter most
// here, so DecodeARM64 names them from the instruction word, in Go
// assembler syntax, as the Go assembler would accept them.

// DecodeARM64 returns the Go assembler text of the arm64 instruction word w
// for the forms that objdump leaves undecoded: CAS (all sizes, with the
// acquire and release bits), the atomic memory operations LDADD, LDCLR,
// LDEOR, LDOR (LDSET), LDSMAX, LDSMIN, LDUMAX, LDUMIN and SWP (with Rt = ZR
// the forms without acquire are the no-return STADD, STADDL, ... aliases),
// LDAPR, and UDF. It reports false for any other word.
func DecodeARM64(w uint32) (string, bool) {
	switch {
	case w&0x3FA07C00 == 0x08A07C00:
		// CAS: size 0010001 L 1 Rs o0 11111 Rn Rt; L (bit 22) is acquire,
		// o0 (bit 15) release. Rs holds the expected value, Rt the new.
		op := "CAS" + orderSuffix(w&(1<<22) != 0, w&(1<<15) != 0) + sizeSuffix(w>>30)
		return fmt.Sprintf("%s %s, (%s), %s", op, reg(w>>16), baseReg(w>>5), reg(w)), true
	case w&0xFFFFFC00 == 0xB8BFC000, w&0xFFFFFC00 == 0xF8BFC000,
		w&0xFFFFFC00 == 0x38BFC000, w&0xFFFFFC00 == 0x78BFC000:
		// LDAPR (ARMv8.3 RCpc): the atomic-memory-operation encoding with
		// A=1, R=0, Rs=11111, o3=1, opc=100. The Go assembler has no mnemonic.
		return fmt.Sprintf("LDAPR%s (%s), %s", sizeSuffix(w>>30), baseReg(w>>5), reg(w)), true
	case w&0x3F200C00 == 0x38200000:
		// Atomic memory operations: size 111000 A R 1 Rs o3 opc 00 Rn Rt;
		// A (bit 23) is acquire, R (bit 22) release.
		name, ok := amoName(w>>15&1, w>>12&7)
		if !ok {
			return "", false
		}
		op := name + orderSuffix(w&(1<<23) != 0, w&(1<<22) != 0) + sizeSuffix(w>>30)
		return fmt.Sprintf("%s %s, (%s), %s", op, reg(w>>16), baseReg(w>>5), reg(w)), true
	case w&0xFFFF0000 == 0:
		// UDF #imm16; a zero word is the padding after a function.
		return fmt.Sprintf("UDF $%d", w&0xFFFF), true
	}
	return "", false
}

// amoName names an atomic memory operation by its o3 and opc fields,
// using the Go assembler's names where it has one (LDOR for LDSET).
func amoName(o3, opc uint32) (string, bool) {
	if o3 == 1 {
		if opc == 0 {
			return "SWP", true
		}
		return "", false
	}
	return [...]string{"LDADD", "LDCLR", "LDEOR", "LDOR", "LDSMAX", "LDSMIN", "LDUMAX", "LDUMIN"}[opc], true
}

func orderSuffix(acquire, release bool) string {
	switch {
	case acquire && release:
		return "AL"
	case acquire:
		return "A"
	case release:
		return "L"
	}
	return ""
}

func sizeSuffix(size uint32) string { return [...]string{"B", "H", "W", "D"}[size&3] }

// reg names a data register field; 31 is the zero register.
func reg(field uint32) string {
	if n := field & 31; n != 31 {
		return fmt.Sprintf("R%d", n)
	}
	return "ZR"
}

// baseReg names an address register field; 31 is the stack pointer.
func baseReg(field uint32) string {
	if n := field & 31; n != 31 {
		return fmt.Sprintf("R%d", n)
	}
	return "RSP"
}
