package herdsyntax

import (
	"fmt"
	"regexp"
	"strings"
)

// ppcForms are the Power mnemonics of herd7's lexer that code derived
// from Go's ppc64le output uses, each with the operand lists its grammar
// takes: "r" a register, "k" an integer, "m" d(rA), "l" a label, "" none.
// herd7 has no cmplw, cmpd, extsb or doubleword reservation, and lwa only
// in its d(rA) form.
var ppcForms = map[string][]string{
	"li": {"r,k"}, "lis": {"r,k"}, "mr": {"r,r"}, "extsw": {"r,r"}, "mfcr": {"r"},
	"add": {"r,r,r"}, "sub": {"r,r,r"}, "subf": {"r,r,r"}, "and": {"r,r,r"}, "and.": {"r,r,r"},
	"or": {"r,r,r"}, "xor": {"r,r,r"}, "mullw": {"r,r,r"}, "divw": {"r,r,r"},
	"addi": {"r,r,k"}, "addis": {"r,r,k"}, "subi": {"r,r,k"}, "andi.": {"r,r,k"}, "ori": {"r,r,k"},
	"xori": {"r,r,k"}, "mulli": {"r,r,k"},
	"rlwinm": {"r,r,k,k,k"}, "clrldi": {"r,r,k"},
	"cmpw": {"r,r", "c,r,r"}, "cmpwi": {"r,k", "c,r,k"}, "cmplwi": {"r,k"},
	"lbz": {"r,m"}, "lhz": {"r,m"}, "lwz": {"r,m"}, "ld": {"r,m"}, "lwa": {"r,m"},
	"stb": {"r,m"}, "sth": {"r,m"}, "stw": {"r,m"}, "std": {"r,m"},
	"lwarx": {"r,r,r"}, "stwcx.": {"r,r,r"},
	"sync": {""}, "hwsync": {""}, "lwsync": {""}, "isync": {""}, "eieio": {""}, "nop": {""},
	"b": {"l"}, "beq": {"l"}, "bne": {"l"}, "blt": {"l"}, "bge": {"l"}, "bgt": {"l"}, "ble": {"l"},
}

var (
	ppcReg   = regexp.MustCompile(`^r([0-9]|[12][0-9]|3[01])$`)
	ppcInt   = regexp.MustCompile(`^-?[0-9]+$`)
	ppcMem   = regexp.MustCompile(`^-?[0-9]+\((r([0-9]|[12][0-9]|3[01]))\)$`)
	ppcCR    = regexp.MustCompile(`^cr[0-7]$`)
	ppcLabel = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// PPCInstr reports why herd7 would not parse a Power instruction, or ""
// when it would.
func PPCInstr(text string) string {
	name, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	forms, ok := ppcForms[name]
	if !ok {
		return fmt.Sprintf("herd7 has no %q (among the forms checked)", name)
	}
	return matchForms(name, rest, forms, ppcKind)
}

// ppcKind reports whether the operand o is of the kind k of ppcForms.
func ppcKind(k, o string) bool {
	switch k {
	case "r":
		return ppcReg.MatchString(o)
	case "k":
		return ppcInt.MatchString(o)
	case "m":
		return ppcMem.MatchString(o)
	case "c":
		return ppcCR.MatchString(o)
	case "l":
		return ppcLabel.MatchString(o) && !ppcReg.MatchString(o)
	}
	return false
}
