package herdsyntax

import (
	"fmt"
	"regexp"
	"strings"
)

// rvForms are the RISC-V mnemonics of herd7's lexer that code derived
// from Go's riscv64 output uses, each with the operand lists its grammar
// takes: "r" a register, "k" an integer, "m" d(rs) or (rs), "z" the same
// with d 0, "l" a label, "s" a fence's set, "" none. herd7 has no mv,
// sext.w or nop instruction; LR, SC and the AMOs take their ordering as a
// suffix (rvOrdered).
var rvForms = map[string][]string{
	"li":   {"r,k"},
	"addi": {"r,r,k"}, "slti": {"r,r,k"}, "andi": {"r,r,k"}, "ori": {"r,r,k"}, "xori": {"r,r,k"},
	"slli": {"r,r,k"}, "srli": {"r,r,k"}, "addiw": {"r,r,k"},
	"add": {"r,r,r"}, "slt": {"r,r,r"}, "and": {"r,r,r"}, "or": {"r,r,r"}, "xor": {"r,r,r"},
	"sll": {"r,r,r"}, "srl": {"r,r,r"}, "sub": {"r,r,r"}, "addw": {"r,r,r"}, "subw": {"r,r,r"}, "sllw": {"r,r,r"},
	"j": {"l"}, "beq": {"r,r,l"}, "bne": {"r,r,l"}, "blt": {"r,r,l"}, "bge": {"r,r,l"},
	"lb": {"r,m"}, "lh": {"r,m"}, "lw": {"r,m"}, "ld": {"r,m"}, "lbu": {"r,m"}, "lhu": {"r,m"}, "lwu": {"r,m"},
	"sb": {"r,m"}, "sh": {"r,m"}, "sw": {"r,m"}, "sd": {"r,m"},
	"fence": {"", "s,s"}, "fence.tso": {""}, "fence.i": {""},
}

// rvOrdered are the mnemonics that take a width and an ordering suffix,
// lr.w.aq, amoadd.d.aq.rl, with their operand lists.
var rvOrdered = map[string]string{"lr": "r,z", "sc": "r,r,z", "amoadd": "r,r,z", "amoswap": "r,r,z",
	"amoand": "r,r,z", "amoor": "r,r,z", "amoxor": "r,r,z"}

var (
	rvReg   = regexp.MustCompile(`^x([0-9]|[12][0-9]|3[01])$`)
	rvInt   = regexp.MustCompile(`^-?[0-9]+$`)
	rvMem   = regexp.MustCompile(`^(-?[0-9]+)?\(x([0-9]|[12][0-9]|3[01])\)$`)
	rvMem0  = regexp.MustCompile(`^(0)?\(x([0-9]|[12][0-9]|3[01])\)$`)
	rvLabel = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	rvSuffx = regexp.MustCompile(`^([a-z]+)\.[wd](\.aq|\.rl|\.aq\.rl|\.aqrl)?$`)
)

// RISCVInstr reports why herd7 would not parse a RISC-V instruction, or
// "" when it would.
func RISCVInstr(text string) string {
	name, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	forms, ok := rvForms[name]
	if m := rvSuffx.FindStringSubmatch(name); !ok && m != nil && rvOrdered[m[1]] != "" {
		forms, ok = []string{rvOrdered[m[1]]}, true
	}
	if !ok {
		return fmt.Sprintf("herd7 has no %q (among the forms checked)", name)
	}
	return matchForms(name, rest, forms, rvKind)
}

// rvKind reports whether the operand o is of the kind k of rvForms.
func rvKind(k, o string) bool {
	switch k {
	case "r":
		return rvReg.MatchString(o)
	case "k":
		return rvInt.MatchString(o)
	case "m":
		return rvMem.MatchString(o)
	case "z":
		return rvMem0.MatchString(o)
	case "s":
		return o == "r" || o == "w" || o == "rw"
	case "l":
		return rvLabel.MatchString(o) && !rvReg.MatchString(o)
	}
	return false
}
