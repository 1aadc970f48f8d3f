package litmus

import (
	"strconv"
	"strings"
)

// isRelTarget reports whether s is a branch target relative to the
// branch, in bytes: ".+8", ".-4", ".".
func isRelTarget(s string) bool {
	_, ok := relTarget(s)
	return ok
}

// relTarget is the number of instructions that a target ".+N" skips.
func relTarget(s string) (int, bool) {
	s = strings.ReplaceAll(s, " ", "")
	if !strings.HasPrefix(s, ".") {
		return 0, false
	}
	if s == "." {
		return 0, true
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n%4 != 0 || s[1] != '+' && s[1] != '-' {
		return 0, false
	}
	return n / 4, true
}

// branchTo jumps to the target of a branch: a label or an offset from the
// branch, which must land on an instruction of the thread or just after
// its last.
func (in *armInstr) branchTo(x *threadExec) error {
	n, ok := relTarget(in.label)
	if !ok {
		x.jump(in.label)
		return nil
	}
	to := x.pc + n
	if to < 0 || to > len(x.th.code) {
		return x.runtimeErr("branch target %s is outside the thread's code", in.label)
	}
	x.loops.jump(x.addr(), x.addr()+n)
	x.pc = to - 1
	return nil
}

// jumpsAnywhere reports whether in is a branch whose target is not a
// label: an offset from the branch, or a code address in a register (BR,
// BLR, RET).
func (in *armInstr) jumpsAnywhere() bool {
	if in.op == armCall {
		return in.name == "BR" || in.name == "BLR" || in.name == "RET"
	}
	return isRelTarget(in.label)
}
