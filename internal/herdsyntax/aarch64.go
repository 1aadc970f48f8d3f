package herdsyntax

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// aarch64Forms are the AArch64 mnemonics of herd7's lexer that code
// derived from Go's arm64 output uses, each with the operand lists its
// grammar takes: "x" and "w" a 64- and a 32-bit register, "k" an
// immediate, "a" [Xn], "z" [Xn] or [Xn,#0], "m" [Xn], [Xn,#k] or [Xn,Rm],
// "c" a condition, "f" a barrier option, "l" a label.
var aarch64Forms = func() map[string][]string {
	both := func(forms ...string) []string {
		var out []string
		for _, f := range forms {
			out = append(out, strings.ReplaceAll(f, "r", "x"), strings.ReplaceAll(f, "r", "w"))
		}
		return out
	}
	m := map[string][]string{
		"B": {"l"}, "CBZ": both("r,l"), "CBNZ": both("r,l"), "TBZ": both("r,k,l"), "TBNZ": both("r,k,l"),
		"MOV": both("r,r", "r,k"), "MVN": both("r,r"), "NEG": both("r,r"),
		"SXTW": {"x,w"}, "SBFM": both("r,r,k,k"),
		"CMP": both("r,r", "r,k"), "TST": both("r,r", "r,k"),
		"LDR": both("r,m"), "STR": both("r,m"),
		"LDRB": {"w,m"}, "LDRH": {"w,m"}, "STRB": {"w,m"}, "STRH": {"w,m"},
		"STXR": {"w,x,a", "w,w,a"}, "STLXR": {"w,x,a", "w,w,a"},
		"CSEL": both("r,r,r,c"), "CSINC": both("r,r,r,c"), "CSINV": both("r,r,r,c"), "CSNEG": both("r,r,r,c"),
		"DMB": {"f"}, "DSB": {"f"}, "ISB": {""}, "NOP": {""}, "RET": {""},
	}
	for _, op := range []string{"ADD", "SUB", "ADDS", "SUBS", "AND", "ANDS", "ORR", "EOR", "ORN", "EON", "BIC", "BICS"} {
		m[op] = both("r,r,r", "r,r,k")
	}
	for _, op := range []string{"LDAR", "LDXR", "LDAXR", "LDAPR", "STLR"} {
		m[op] = both("r,a")
	}
	for _, op := range []string{"CAS", "SWP"} {
		for _, o := range []string{"", "A", "L", "AL"} {
			m[op+o] = both("r,r,z")
		}
	}
	for _, op := range []string{"ADD", "EOR", "SET", "CLR", "SMAX", "SMIN", "UMAX", "UMIN"} {
		for _, o := range []string{"", "A", "L", "AL"} {
			m["LD"+op+o] = both("r,r,z")
		}
		m["ST"+op], m["ST"+op+"L"] = both("r,z"), both("r,z")
	}
	for _, c := range aarch64Conds {
		m["B."+c] = []string{"l"}
	}
	return m
}()

// aarch64Conds are the conditions of herd7's AArch64 lexer: it knows LO and
// HS only as CC and CS.
var aarch64Conds = []string{"EQ", "NE", "GE", "GT", "LE", "LT", "CS", "CC", "MI", "PL", "VS", "VC", "HI", "LS", "AL"}

var aarch64Fences = []string{"SY", "ST", "LD", "OSH", "OSHST", "OSHLD", "ISH", "ISHST", "ISHLD", "NSH", "NSHST", "NSHLD"}

var (
	armX     = regexp.MustCompile(`^(X([0-9]|[12][0-9]|30)|XZR|SP|LR)$`)
	armW     = regexp.MustCompile(`^(W([0-9]|[12][0-9]|30)|WZR)$`)
	armImm   = regexp.MustCompile(`^#?[-+]?[0-9]+$`)
	armLabel = regexp.MustCompile(`^[A-Za-z_.$][A-Za-z0-9_/.$]*$`)
)

// AArch64Instr reports why herd7 would not parse an AArch64 instruction,
// or "" when it would.
func AArch64Instr(text string) string {
	name, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	if name != strings.ToLower(name) && name != strings.ToUpper(name) {
		return fmt.Sprintf("herd7 reads a mnemonic in one case, not %q", name)
	}
	forms, ok := aarch64Forms[strings.ToUpper(name)]
	if !ok {
		return fmt.Sprintf("herd7 has no %q (among the forms checked)", name)
	}
	return matchForms(name, rest, forms, armKind)
}

// matchForms reports why the operands rest fit none of forms (each a
// comma-separated list of kinds that kind tells), or "".
func matchForms(name, rest string, forms []string, kind func(k, o string) bool) string {
	ops := operands(rest)
	fits := func(form string) bool {
		var kinds []string
		if form != "" {
			kinds = strings.Split(form, ",")
		}
		if len(ops) != len(kinds) {
			return false
		}
		for i, k := range kinds {
			if !kind(k, ops[i]) {
				return false
			}
		}
		return true
	}
	if slices.ContainsFunc(forms, fits) {
		return ""
	}
	return fmt.Sprintf("herd7's %s takes %s, not %q", name, strings.Join(forms, " or "), rest)
}

// armKind reports whether the operand o is of the kind k of aarch64Forms.
func armKind(k, o string) bool {
	up := strings.ToUpper(o)
	switch k {
	case "x":
		return armX.MatchString(up)
	case "w":
		return armW.MatchString(up)
	case "k":
		return armImm.MatchString(o)
	case "c":
		return slices.Contains(aarch64Conds, up) && (o == up || o == strings.ToLower(o))
	case "f":
		return slices.Contains(aarch64Fences, up) && (o == up || o == strings.ToLower(o))
	case "l":
		return armLabel.MatchString(o) && !armX.MatchString(up) && !armW.MatchString(up)
	case "a", "z", "m":
		return armAddr(k, o)
	}
	return false
}

// armAddr reports whether o is an address of the kind k: "a", "z" or "m".
func armAddr(k, o string) bool {
	in, ok := strings.CutPrefix(o, "[")
	if !ok {
		return false
	}
	if in, ok = strings.CutSuffix(in, "]"); !ok {
		return false
	}
	parts := operands(in)
	if len(parts) == 0 || !armX.MatchString(strings.ToUpper(parts[0])) || strings.ToUpper(parts[0]) == "XZR" {
		return false
	}
	switch {
	case len(parts) == 1:
		return true
	case len(parts) > 2:
		return false
	case k == "z":
		return armImm.MatchString(parts[1]) && strings.Trim(parts[1], "#+-0") == ""
	case k == "m":
		p := strings.ToUpper(parts[1])
		return armImm.MatchString(parts[1]) || armX.MatchString(p) || armW.MatchString(p)
	}
	return false
}
