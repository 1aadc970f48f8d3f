package verify

import (
	"fmt"
	"strings"
)

// x86Jump names herd7's X86_64 jumps that test a condition as the
// processor does. herd7's jlt also jumps on equality, so LT is written with
// jge; herd7 has no unsigned jumps, which unsignedJump writes with signed
// ones.
var x86Jump = map[string]string{"EQ": "je", "NE": "jne", "GT": "jgt", "GE": "jge", "LE": "jle", "MI": "js", "PL": "jns"}

// x86Unsigned names the assembler's unsigned jumps, which herd7 lacks.
var x86Unsigned = map[string]string{"LO": "jb", "HS": "jae", "HI": "ja", "LS": "jbe"}

// cmpCopy is the key of the register into which a compare with an
// immediate copies its register operand, for an unsigned jump that cannot
// compare that register again (the path was left, or the register
// written); cmpCopyMark starts the line of the copy, before every such
// compare, which dropCopies keeps only where a jump reads it.
const (
	cmpCopy     = "fa"
	cmpCopyMark = "\x00"
)

func (amd64) condJump(x *xthread, fl flagsVal, cond, label string) {
	if j, ok := x86Jump[cond]; ok {
		x.emit("%s %s", j, label)
		return
	}
	if cond == "LT" {
		skip := x.newLabel()
		x.emit("jge %s", skip)
		x.emit("jmp %s", label)
		x.emit("%s:", skip)
		return
	}
	if fl.kind == fCmp && fl.imm {
		unsignedJump(x, fl, cond, label)
		return
	}
	x.emit("%s %s", x86Unsigned[cond], label)
	x.gap(fmt.Sprintf("herd7's X86_64 has no unsigned jump (%s) and this one compares two registers", x86Unsigned[cond]))
}

func (amd64) jumpIfEqual(x *xthread, key string, n int64, label string) {
	x.emit("cmpq $%d,%s", n, reg(key, false))
	x.emit("je %s", label)
}

// unsignedJump writes a jump on an unsigned condition of the compare of
// the copied register v with k as signed jumps: when v and k have the same
// sign, the unsigned order is the signed one; otherwise the negative one
// is the greater. Each way out compares v with k again, so the flags are
// those of the original compare wherever the code goes on.
func unsignedJump(x *xthread, fl flagsVal, cond, label string) {
	signed := map[string]string{"HI": "GT", "HS": "GE", "LS": "LE", "LO": "LT"}[cond]
	above := cond == "HI" || cond == "HS"
	// What each sign of v does: always jump, never, or the signed test.
	neg, nonneg := signed, "never"
	switch {
	case fl.k >= 0 && above:
		neg, nonneg = "always", signed
	case fl.k >= 0:
		neg, nonneg = "never", signed
	case !above:
		nonneg = "always"
	}
	nonNeg, done := x.newLabel(), x.newLabel()
	v, sz := reg(fl.src, fl.w32), x86Suffix(fl.w32)
	if !x.intact(fl) {
		if x.copies == nil {
			x.copies = map[int]bool{}
		}
		x.copies[fl.line] = true
		v = reg(cmpCopy, fl.w32)
	}
	act := func(what string) {
		switch what {
		case "always":
			x.emit("jmp %s", label)
		case "never":
		case "LT":
			x.emit("jge %s", done)
			x.emit("jmp %s", label)
		default:
			x.emit("%s %s", x86Jump[what], label)
		}
	}
	x.emit("cmp%s $0,%s", sz, v)
	x.emit("jge %s", nonNeg)
	x.emit("cmp%s $%d,%s", sz, fl.k, v)
	act(neg)
	x.emit("jmp %s", done)
	x.emit("%s:", nonNeg)
	x.emit("cmp%s $%d,%s", sz, fl.k, v)
	act(nonneg)
	x.emit("%s:", done)
}

// intact reports whether the register that the compare of fl read still
// holds what it compared: the compare is on the path being extracted and
// no line since names the register.
func (x *xthread) intact(fl flagsVal) bool {
	if fl.line < x.segStart {
		return false
	}
	for _, l := range x.lines[fl.line+1:] {
		if strings.Contains(l, "{"+fl.src+":") {
			return false
		}
	}
	return true
}

// dropCopies removes the copies of compared registers that no unsigned
// jump reads, and unmarks the others. It runs once the thread is
// extracted: it moves the lines.
func (x *xthread) dropCopies() {
	out := x.lines[:0]
	for i, l := range x.lines {
		if len(l) > 0 && l[0] == cmpCopyMark[0] {
			if !x.copies[i+1] {
				continue
			}
			l = l[1:]
		}
		out = append(out, l)
	}
	x.lines = out
}
