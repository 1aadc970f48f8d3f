package verify

import (
	"fmt"
	"strconv"
	"strings"
)

// source reads a source operand: an immediate, a register, or a shifted
// register, which becomes the immediate it holds. Only a known value is
// shifted: herd's instructions take no shifted register.
func (c *armCtx) source(a armOp) (armOp, val, error) {
	if a.kind != 'r' {
		return a, konst(a.imm), nil
	}
	r, sh, amount, ok := shiftedReg(a.reg)
	if !ok {
		return a, c.get(a.reg), nil
	}
	v := c.get(r)
	if v.kind != vConst {
		return a, v, fmt.Errorf("a shifted register that holds %s", v)
	}
	n := shifted(v.n, sh, amount)
	return armOp{kind: 'i', imm: n}, konst(n), nil
}

// shiftedReg splits Go's arm64 shifted register operand, "R7<<1" (LSL),
// "R7>>1" (LSR) or "R7->1" (ASR), into the register, the shift and its
// amount; ok is false for a plain register.
func shiftedReg(s string) (r, shift string, amount uint, ok bool) {
	for _, sh := range []string{"<<", "->", ">>"} {
		if a, b, found := strings.Cut(s, sh); found {
			n, err := strconv.ParseUint(b, 10, 6)
			if err != nil {
				return "", "", 0, false
			}
			return a, sh, uint(n), true
		}
	}
	return "", "", 0, false
}

// shifted applies a shift of shiftedReg to a constant.
func shifted(n int64, shift string, amount uint) int64 {
	switch shift {
	case "<<":
		return n << amount
	case ">>":
		return int64(uint64(n) >> amount)
	}
	return n >> amount
}

// indexed folds the index of Go's register-indexed operand, "(R3)(R4)"
// or "(R3)(R4<<3)", whose base parses as "R3)(R4", into the offset. Only
// a known index is folded: the address must stay a known location.
func (c *armCtx) indexed(base string, off int64) (string, int64, error) {
	b, index, ok := strings.Cut(base, ")(")
	if !ok {
		return base, off, nil
	}
	_, v, err := c.source(armOp{kind: 'r', reg: index})
	if err != nil {
		return "", 0, err
	}
	if v.kind != vConst {
		return "", 0, fmt.Errorf("index %s holds %s, not a known offset", index, v)
	}
	return b, off + v.n, nil
}
