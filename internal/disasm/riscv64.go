package disasm

import (
	"fmt"
	"strings"
)

// go tool objdump (Go 1.26) prints a riscv64 AMO, LR or SC without its aq
// and rl bits (AMOADDW for AMOADD.W.AQRL and AMOADD.W alike) and every
// FENCE without its predecessor and successor sets. Those bits are the
// ordering, so DecodeRISCV64 names them from the instruction word.

// DecodeRISCV64 returns the text of the riscv64 instruction word w for the
// forms whose ordering objdump leaves out: the AMOs (AMOADD, AMOSWAP,
// AMOXOR, AMOOR, AMOAND, AMOMIN, AMOMAX, AMOMINU, AMOMAXU), LR and SC, as
// AMOADD.W.AQRL X11, (X10), X13 (operand, address, old value), LR.W (X10),
// X13 and SC.W.RL X12, (X10), X14 (value, address, status); FENCE as FENCE
// R,RW, FENCE.TSO, or PAUSE (FENCE W,0). It reports false for any other
// word.
func DecodeRISCV64(w uint32) (string, bool) {
	switch {
	case w&0x7f == 0x2f && (w>>12&7 == 2 || w>>12&7 == 3):
		name, ok := map[uint32]string{0x00: "AMOADD", 0x01: "AMOSWAP", 0x02: "LR", 0x03: "SC", 0x04: "AMOXOR",
			0x08: "AMOOR", 0x0c: "AMOAND", 0x10: "AMOMIN", 0x14: "AMOMAX", 0x18: "AMOMINU", 0x1c: "AMOMAXU"}[w>>27]
		if !ok {
			return "", false
		}
		op := name + "." + map[uint32]string{2: "W", 3: "D"}[w>>12&7]
		switch w >> 25 & 3 {
		case 1:
			op += ".RL"
		case 2:
			op += ".AQ"
		case 3:
			op += ".AQRL"
		}
		rd, rs1, rs2 := w>>7&31, w>>15&31, w>>20&31
		if name == "LR" {
			return fmt.Sprintf("%s (X%d), X%d", op, rs1, rd), true
		}
		return fmt.Sprintf("%s X%d, (X%d), X%d", op, rs2, rs1, rd), true
	case w&0x0000707f == 0x0f && w>>7&31 == 0 && w>>15&31 == 0:
		fm, pred, succ := w>>28, w>>24&15, w>>20&15
		switch {
		case fm == 8 && pred == 3 && succ == 3:
			return "FENCE.TSO", true
		case fm == 0 && pred == 1 && succ == 0:
			return "PAUSE", true
		case fm == 0:
			return "FENCE " + fenceSet(pred) + "," + fenceSet(succ), true
		}
	}
	return "", false
}

// fenceSet names a FENCE's predecessor or successor set: the letters of
// I, O, R and W, or 0 for the empty set.
func fenceSet(bits uint32) string {
	var b strings.Builder
	for i, c := range "IORW" {
		if bits&(8>>i) != 0 {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

// riscv64BranchOffset returns the byte offset that the riscv64 word w
// jumps by, when w is a conditional branch (B-type) or a JAL. objdump
// prints that offset divided by 4 as N(PC), which, once compressed 2-byte
// instructions lie between, names no instruction or the wrong one.
func riscv64BranchOffset(w uint32) (int64, bool) {
	switch w & 0x7f {
	case 0x63: // imm[12|10:5] rs2 rs1 funct3 imm[4:1|11]
		imm := w>>31&1<<12 | w>>7&1<<11 | w>>25&0x3f<<5 | w>>8&0xf<<1
		return signExtend(imm, 13), true
	case 0x6f: // imm[20|10:1|11|19:12] rd
		imm := w>>31&1<<20 | w>>12&0xff<<12 | w>>20&1<<11 | w>>21&0x3ff<<1
		return signExtend(imm, 21), true
	}
	return 0, false
}

func signExtend(v uint32, bits uint) int64 {
	return int64(int32(v<<(32-bits)) >> (32 - bits))
}
