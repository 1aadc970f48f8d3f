package litmus

import (
	"context"
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

// TestParseX86Indexed parses herd7's indexed memory operands:
// "disp(%base,%index,scale)", without the displacement, and after the %cs
// segment, and refuses the forms herd7 does not read.
func TestParseX86Indexed(t *testing.T) {
	for _, tc := range []struct {
		text  string
		want  x86Operand
		isDst bool
	}{
		{"movq 0(%rax,%rbx,8),%rcx", x86Operand{kind: opMem, base: "rax", index: "rbx", scale: 8}, false},
		{"movq (%rax,%rbx,8),%rcx", x86Operand{kind: opMem, base: "rax", index: "rbx", scale: 8}, false},
		{"movq -16(%rax,%rbx,4),%rcx", x86Operand{kind: opMem, base: "rax", index: "rbx", scale: 4, disp: -16}, false},
		{"movq ( %rsi , %r9 , 2 ),%rcx", x86Operand{kind: opMem, base: "rsi", index: "r9", scale: 2}, false},
		{"movl 4(%rax,%ebx,1),%ecx", x86Operand{kind: opMem, base: "rax", index: "rbx", i32: true, scale: 1, disp: 4}, false},
		{"movq %cs:8(%rax,%rbx,0),%rcx", x86Operand{kind: opMem, base: "rax", index: "rbx", disp: 8}, false},
		{"movq $1,0(%rax,%rbx,8)", x86Operand{kind: opMem, base: "rax", index: "rbx", scale: 8}, true},
	} {
		in, err := parseATT(tc.text)
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		got := in.src
		if tc.isDst {
			got = in.dst
		}
		if got != tc.want {
			t.Errorf("%s: operand %+v, want %+v", tc.text, got, tc.want)
		}
	}
	for text, want := range map[string]string{
		"movq (%rax,%rbx),%rcx":            "the indexed form is disp(%base,%index,scale)",
		"movq (%rax,%rbx,8,1),%rcx":        "the indexed form is disp(%base,%index,scale)",
		"movq (,%rbx,8),%rcx":              `bad base register ""`,
		"movq (%eax,%rbx,8),%rcx":          `bad base register "%eax"`,
		"movq (x,%rbx,8),%rcx":             `bad base register "x"`,
		"movq (%rax,%zz,8),%rcx":           `bad index register "%zz"`,
		"movq (%rax,rbx,8),%rcx":           `bad index register "rbx"`,
		"movq (%rax,%rbx,k),%rcx":          `bad scale "k"`,
		"movq [%rax,%rbx,8],%rcx":          "bad operand",
		"movq %fs:0(%rax,%rbx,8),%rcx":     `unsupported segment "%fs"`,
		"movq %cs:(%rax,%rbx,8),%rcx":      "a segment prefixes disp(%base,%index,scale)",
		"movq %cs:%cs:0(%rax,%rbx,8),%rcx": "unsupported segment",
		"movq %cs:8(%rax),%rcx":            "a segment prefixes disp(%base,%index,scale)",
		"movq x(%rax,%rbx,8),%rcx":         "bad displacement",
		"movq 0(%rax,%rbx,8),(%rcx)":       "two memory operands",
		"movq %cs:0(%rax,%rbx,8),$1":       "an immediate cannot be a destination",
		"movq %cs:0(%rax,%rbx,8),%cs:x1":   `bad operand "x1"`,
	} {
		if _, err := parseATT(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", text, err, want)
		}
	}
}

// TestX86IndexedVerdicts decides accesses through indexed operands: the
// address is base + disp + index*scale bytes, which names an element of an
// array, as in herd7's A009.
func TestX86IndexedVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name, src, obs string
		pos, neg       int
	}{
		{"A009", "X86_64 A009\n{ int64_t t[2]={1,-1}; 0:rax=t; 0:rbx=1; int64_t 0:rcx; }\n P0 ;\n movq 0(%rax,%rbx,8),%rcx ;\nforall 0:rcx = -1\n", "Always", 1, 0},
		{"no displacement", "X86_64 T\n{ int64_t t[3]={1,2,3}; 0:rax=t; 0:rbx=2; }\n P0 ;\n movq (%rax,%rbx,8),%rcx ;\nforall 0:rcx = 3\n", "Always", 1, 0},
		{"displacement", "X86_64 T\n{ int64_t t[3]={1,2,3}; 0:rax=t; 0:rbx=1; }\n P0 ;\n movq -8(%rax,%rbx,16),%rcx ;\nforall 0:rcx = 2\n", "Always", 1, 0},
		{"32-bit elements", "X86_64 T\n{ int t[4]={1,2,3,4}; 0:rax=t; 0:rbx=3; }\n P0 ;\n movl (%rax,%rbx,4),%ecx ;\nforall 0:rcx = 4\n", "Always", 1, 0},
		{"store", "X86_64 T\n{ int64_t t[2]; 0:rax=t; 0:rbx=1; }\n P0 ;\n movq $5,(%rax,%rbx,8) ;\nforall (t[0]=0 /\\ t[1]=5)\n", "Always", 1, 0},
		{"segment", "X86_64 T\n{ int64_t t[2]={1,-1}; 0:rax=t; 0:rbx=1; }\n P0 ;\n movq %cs:0(%rax,%rbx,8),%rcx ;\nforall 0:rcx = -1\n", "Always", 1, 0},
		{"address in the index", "X86_64 T\n{ int64_t t[2]={1,-1}; 0:rax=8; 0:rbx=t; }\n P0 ;\n movq (%rax,%rbx,1),%rcx ;\nforall 0:rcx = -1\n", "Always", 1, 0},
		{"loaded index", "X86_64 T\n{ int64_t t[2]={1,-1}; int64_t x; 0:rax=t; }\n P0 | P1 ;\n movq (x),%rbx | movq $1,(x) ;\n movq (%rax,%rbx,8),%rcx | ;\nexists (0:rcx=-1)\n", "Sometimes", 1, 1},
	} {
		test, err := Parse("t.litmus", []byte(tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		r, err := Check(test, "x86tso")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.Observation != tc.obs || r.Positive != tc.pos || r.Negative != tc.neg {
			t.Errorf("%s: %s %d %d, want %s %d %d", tc.name, r.Observation, r.Positive, r.Negative, tc.obs, tc.pos, tc.neg)
		}
	}
	for name, src := range map[string]string{
		"outside the array": "X86_64 T\n{ int64_t t[2]; 0:rax=t; 0:rbx=2; }\n P0 ;\n movq (%rax,%rbx,8),%rcx ;\nforall 0:rcx = 0\n",
		"between elements":  "X86_64 T\n{ int64_t t[2]; 0:rax=t; 0:rbx=1; }\n P0 ;\n movq (%rax,%rbx,4),%rcx ;\nforall 0:rcx = 0\n",
		"scaled address":    "X86_64 T\n{ int64_t t[2]; 0:rax=0; 0:rbx=t; }\n P0 ;\n movq (%rax,%rbx,8),%rcx ;\nforall 0:rcx = 0\n",
		"no address":        "X86_64 T\n{ 0:rax=1; 0:rbx=1; }\n P0 ;\n movq (%rax,%rbx,8),%rcx ;\nforall 0:rcx = 0\n",
	} {
		test, err := Parse("t.litmus", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, err := Check(test, "x86tso"); err == nil {
			t.Errorf("%s: decided, want an error", name)
		}
	}
}

// TestX86IndexedAddr: the address of an indexed operand depends on the
// base and on the index, each an address dependency of the access.
func TestX86IndexedAddr(t *testing.T) {
	src := "X86_64 R\n{ int64_t t[2]; int64_t x; int64_t p=t; 0:rdx=x; }\n P0 ;\n" +
		" movq (x),%rbx ;\n movq (p),%rax ;\n movq 0(%rax,%rbx,8),%rcx ;\n movq $1,(%rax,%rbx,8) ;\n movq (%rdx),%rsi ;\nexists (0:rcx=0)\n"
	test, err := Parse("r.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tps, _, err := allPaths(test, newMeter(context.Background(), test, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	r := armRelsOf(tps[0].groups[0][0].events)
	checkEdges(t, "addr", r.addr, "0>2", "1>2", "0>3", "1>3", "!0>1", "!2>3", "!0>4", "!1>4")
}
