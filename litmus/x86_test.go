package litmus

import (
	"strings"
	"testing"
)

// TestParseX86IncDec parses every form of INC and DEC: AT&T and Intel,
// memory and register, with and without LOCK. Each reads its operand and
// adds or subtracts an implicit 1; only LOCK makes the memory forms atomic.
func TestParseX86IncDec(t *testing.T) {
	for _, tc := range []struct {
		arch   Arch
		text   string
		name   string
		dst    operandKind
		locked bool
	}{
		{X86_64, "incl (x)", "ADD", opMem, false},
		{X86_64, "lock incl (x)", "ADD", opMem, true},
		{X86_64, "decl (x)", "SUB", opMem, false},
		{X86_64, "lock decq (x)", "SUB", opMem, true},
		{X86_64, "incl %eax", "ADD", opReg, false},
		{X86, "INC [x]", "ADD", opMem, false},
		{X86, "LOCK DEC [x]", "SUB", opMem, true},
		{X86, "DEC EAX", "SUB", opReg, false},
	} {
		parse := parseATT
		if tc.arch == X86 {
			parse = parseIntel
		}
		in, err := parse(tc.text)
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		if in.op != x86ALU || in.name != tc.name || in.dst.kind != tc.dst || in.lock != tc.locked ||
			in.src != (x86Operand{kind: opImm, imm: 1}) {
			t.Errorf("%s: op %d %s, dst kind %d, lock %v, src %+v; want ALU %s of 1 to kind %d, lock %v",
				tc.text, in.op, in.name, in.dst.kind, in.lock, in.src, tc.name, tc.dst, tc.locked)
		}
	}
	for text, want := range map[string]string{
		"incl":            "INCL takes 1 operands, found 0",
		"incl (x),(y)":    "INCL takes 1 operands, found 2",
		"lock incl %eax":  "LOCK needs a memory destination",
		"incl $1":         "an immediate cannot be a destination",
		"lock decl (x),1": "DECL takes 1 operands, found 2",
	} {
		if _, err := parseATT(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", text, err, want)
		}
	}
}

// TestX86IncDecVerdicts decides two increments of one counter: LOCK makes
// each a single atomic read-modify-write, so both count; without it each is
// a read and a separate write, as in herd7, and one increment can be lost,
// under x86-TSO and under SC alike.
func TestX86IncDecVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name, src, model, obs string
		pos, neg              int
	}{
		{"locked AT&T", "X86_64 T\n{ x=0; }\n P0 | P1 ;\n lock incl (x) | lock incl (x) ;\nforall ([x]=2)\n", "x86tso", "Always", 2, 0},
		{"locked AT&T, SC", "X86_64 T\n{ x=0; }\n P0 | P1 ;\n lock incl (x) | lock incl (x) ;\nforall ([x]=2)\n", "sc", "Always", 2, 0},
		{"plain AT&T", "X86_64 T\n{ x=0; }\n P0 | P1 ;\n incl (x) | incl (x) ;\nforall ([x]=2)\n", "x86tso", "Sometimes", 2, 2},
		{"plain AT&T, SC", "X86_64 T\n{ x=0; }\n P0 | P1 ;\n incl (x) | incl (x) ;\nforall ([x]=2)\n", "sc", "Sometimes", 2, 2},
		{"locked Intel", "X86 T\n{ x=5; }\n P0 | P1 ;\n LOCK DEC [x] | LOCK INC [x] ;\n LOCK INC [x] | LOCK INC [x] ;\nforall ([x]=7)\n", "x86tso", "Always", 6, 0},
		{"plain DEC", "X86_64 T\n{ x=2; }\n P0 | P1 ;\n decl (x) | lock decl (x) ;\nexists ([x]=1)\n", "x86tso", "Sometimes", 1, 2},
		{"registers", "X86_64 T\n{ 0:rbx=3; }\n P0 ;\n movl $7,%eax ; \n incl %eax ;\n decl %ebx ;\n xorl $1,%eax ;\n orl $16,%eax ;\nforall (0:rax=25 /\\ 0:rbx=2)\n", "x86tso", "Always", 1, 0},
	} {
		test, err := Parse("t.litmus", []byte(tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		r, err := Check(test, tc.model)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.Observation != tc.obs || r.Positive != tc.pos || r.Negative != tc.neg {
			t.Errorf("%s under %s: %s %d %d, want %s %d %d", tc.name, tc.model, r.Observation, r.Positive, r.Negative, tc.obs, tc.pos, tc.neg)
		}
	}
}
