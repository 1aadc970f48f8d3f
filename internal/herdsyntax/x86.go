// Package herdsyntax tells whether herd7 parses an instruction, as its
// X86_64, AArch64 and PPC lexers and parsers read it: the mnemonics they know
// and the operands each takes. It checks the form, not the meaning.
package herdsyntax

import (
	"fmt"
	"regexp"
	"strings"
)

// x86Mnemonics are the X86_64 mnemonics of herd7's lexer, each with the
// operands its grammar takes: "o,e" an operand (immediate or effective
// address) then an effective address, "e" one effective address, "e,e"
// two, "e,r" an effective address then a register, "l" a label, "" none.
// herd7 has no SUB, XADD or size-suffixed AND, nor the assembler's JL, JG,
// JZ or unsigned jumps.
var x86Mnemonics = func() map[string]string {
	m := map[string]string{
		"and": "o,e", "shl": "o,e", "ret": "", "retq": "", "jmp": "l",
		"je": "l", "jne": "l", "jle": "l", "jlt": "l", "jgt": "l", "jge": "l", "js": "l", "jns": "l",
		"mfence": "", "lfence": "", "sfence": "", "nop": "", "nopl": "e", "nopw": "e", "endbr64": "",
		"setnb": "e",
	}
	for _, sz := range []string{"", "b", "w", "l", "q"} {
		for _, op := range []string{"add", "xor", "or", "mov", "cmp"} {
			m[op+sz] = "o,e"
		}
		m["inc"+sz], m["dec"+sz] = "e", "e"
		m["xchg"+sz], m["uxch"+sz] = "e,e", "e,e"
		m["cmpxchg"+sz] = "e,r"
		m["cmovc"+sz] = "r,e"
	}
	return m
}()

var (
	x86Reg = regexp.MustCompile(`^%[a-z][a-z0-9]*$`)
	// A register with an optional displacement; a base, an index and a
	// scale with an optional displacement, or with a register (a segment)
	// and a displacement before them; or a location by name.
	x86Mem = regexp.MustCompile(`^(-?[0-9]+)?\(%[a-z][a-z0-9]*\)$|^(-?[0-9]+)?\[%[a-z][a-z0-9]*\]$|^\(` + herdName + `\)$|^\[(` + herdName + `|[0-9]+)\]$` +
		`|^(-?[0-9]+|%[a-z][a-z0-9]*:-?[0-9]+)?\(%[a-z][a-z0-9]*,%[a-z][a-z0-9]*,-?[0-9]+\)$`)
	x86Imm   = regexp.MustCompile(`^\$?-?[0-9]+$`)
	x86Label = regexp.MustCompile(`^` + herdName + `$`)
)

// herdName is a name in herd7's X86_64 lexer.
const herdName = `_?[A-Za-z][A-Za-z0-9_./-]*`

// X86Instr reports why herd7 would not parse an X86_64 instruction, or ""
// when it would.
func X86Instr(text string) string {
	f := strings.Fields(text)
	if len(f) > 0 && strings.EqualFold(f[0], "lock") {
		f = f[1:]
	}
	if len(f) == 0 {
		return "nothing after lock"
	}
	name := f[0]
	if name != strings.ToLower(name) && name != strings.ToUpper(name) {
		return fmt.Sprintf("herd7 reads a mnemonic in one case, not %q", name)
	}
	form, ok := x86Mnemonics[strings.ToLower(name)]
	if !ok {
		return fmt.Sprintf("herd7 has no %q", name)
	}
	ops := operands(strings.Join(f[1:], " "))
	kinds := strings.Split(form, ",")
	if form == "" {
		kinds = nil
	}
	if len(ops) != len(kinds) {
		return fmt.Sprintf("%s takes %d operands in herd7", name, len(kinds))
	}
	for i, k := range kinds {
		o := ops[i]
		reg, mem, imm := x86Reg.MatchString(o), x86Mem.MatchString(o), x86Imm.MatchString(o)
		var good bool
		switch k {
		case "o":
			good = reg || mem || imm
		case "e":
			good = reg || mem
		case "r":
			good = reg
		case "l":
			good = x86Label.MatchString(o)
		}
		if !good {
			return fmt.Sprintf("operand %d of %s must be %s in herd7, found %q", i+1, name,
				map[string]string{"o": "an immediate or an effective address", "e": "an effective address", "r": "a register", "l": "a label"}[k], o)
		}
	}
	return ""
}

// operands splits an operand list at the commas outside parentheses and
// brackets.
func operands(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}
