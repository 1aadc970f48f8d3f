package litmus

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// herd7X86Mnemonics are the X86_64 mnemonics of herd7's lexer, each with
// the operands its grammar takes: "o,e" an operand (immediate or effective
// address) then an effective address, "e" one effective address, "e,e"
// two, "e,r" an effective address then a register, "l" a label, "" none.
// herd7 has no SUB, XADD or size-suffixed AND, nor the assembler's JL, JG,
// JZ or unsigned jumps.
var herd7X86Mnemonics = func() map[string]string {
	m := map[string]string{
		"and": "o,e", "shl": "o,e", "ret": "", "retq": "", "jmp": "l",
		"je": "l", "jne": "l", "jle": "l", "jlt": "l", "jgt": "l", "jge": "l", "js": "l", "jns": "l",
		"mfence": "", "lfence": "", "sfence": "", "nop": "", "nopl": "e", "nopw": "e", "endbr64": "",
	}
	for _, sz := range []string{"", "b", "w", "l", "q"} {
		for _, op := range []string{"add", "xor", "or", "mov", "cmp"} {
			m[op+sz] = "o,e"
		}
		m["inc"+sz], m["dec"+sz] = "e", "e"
		m["xchg"+sz], m["uxch"+sz] = "e,e", "e,e"
		m["cmpxchg"+sz] = "e,r"
	}
	return m
}()

var (
	herd7Reg   = regexp.MustCompile(`^%[a-z][a-z0-9]*$`)
	herd7Mem   = regexp.MustCompile(`^(-?[0-9]+)?\((%[a-z][a-z0-9]*|[A-Za-z_][A-Za-z0-9_./-]*)\)$|^\[(%[a-z][a-z0-9]*|[A-Za-z_][A-Za-z0-9_./-]*|[0-9]+)\]$`)
	herd7Imm   = regexp.MustCompile(`^\$?-?[0-9]+$`)
	herd7Label = regexp.MustCompile(`^_?[A-Za-z][A-Za-z0-9_./-]*$`)
)

// herd7X86Instr reports why herd7 would not parse an X86_64 instruction,
// or "" when it would.
func herd7X86Instr(text string) string {
	f := strings.Fields(text)
	if len(f) > 0 && strings.EqualFold(f[0], "lock") {
		f = f[1:]
	}
	if len(f) == 0 {
		return "nothing after lock"
	}
	form, ok := herd7X86Mnemonics[strings.ToLower(f[0])]
	if !ok {
		return fmt.Sprintf("herd7 has no %q", f[0])
	}
	var ops []string
	if rest := strings.TrimSpace(strings.Join(f[1:], " ")); rest != "" {
		ops = operands(rest)
	}
	kinds := strings.Split(form, ",")
	if form == "" {
		kinds = nil
	}
	if len(ops) != len(kinds) {
		return fmt.Sprintf("%s takes %d operands in herd7", f[0], len(kinds))
	}
	for i, k := range kinds {
		o := ops[i]
		reg, mem, imm := herd7Reg.MatchString(o), herd7Mem.MatchString(o), herd7Imm.MatchString(o)
		var good bool
		switch k {
		case "o":
			good = reg || mem || imm
		case "e":
			good = reg || mem
		case "r":
			good = reg
		case "l":
			good = herd7Label.MatchString(o)
		}
		if !good {
			return fmt.Sprintf("operand %d of %s must be %s in herd7, found %q", i+1, f[0],
				map[string]string{"o": "an immediate or an effective address", "e": "an effective address", "r": "a register", "l": "a label"}[k], o)
		}
	}
	return ""
}

// TestOwnX86IsHerd7Input: the project's own X86_64 tests (testdata and the
// stress shapes) are valid herd7 input as they stand.
func TestOwnX86IsHerd7Input(t *testing.T) {
	var files []string
	for _, pat := range []string{"testdata/*/*.litmus", "testdata/*/*/*.litmus", "../stress/shapes/*/*.litmus"} {
		fs, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		test, err := Parse(f, src)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if test.Arch != X86_64 {
			continue
		}
		n++
		for _, th := range test.Threads {
			for _, in := range th.Instructions {
				if why := herd7X86Instr(in); why != "" {
					t.Errorf("%s: P%d: %q: %s", f, th.Index, in, why)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no X86_64 tests found")
	}
}

func TestHerd7X86Instr(t *testing.T) {
	for in, bad := range map[string]bool{
		"movl $1,(x)": false, "lock cmpxchgl (x),%ecx": false, "jgt L": false, "shl 2,%eax": false,
		"nopl 0(%rax)": false, "movl [x],%eax": false, "lock addl %eax,(x)": false,
		"jg L": true, "lock xaddl %eax,(x)": true, "lock cmpxchgl %ecx,(x)": true, "andl $1,%ebx": true,
		"subl $1,%eax": true, "movl (x),$1": true,
	} {
		if got := herd7X86Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, herd7X86Instr(in))
		}
	}
}
