package litmus

import (
	"errors"
	"strings"
	"testing"
)

const mpSource = `AArch64 MP+test
"A comment
over two lines"
Cycle=Rfe PodRR Fre PodWW
Safe=
{
int x=0; uint32_t y = 0;
0: X1 = x; 0:X3=y;
1:X1=y; 1:X3=x; 1:X5=-1;
}
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ; (* a comment (* nested *) in the code *)
 STR W0,[X1] | L0:         ;
 MOV W2,#1   | LDR W2,[X3] ;
 STR W2,[X3] |             ;
locations [1:X5; x;]
exists
(1:X0=1 /\ 1:X2=0);
`

func TestParseAArch64(t *testing.T) {
	test, err := Parse("mp.litmus", []byte(mpSource))
	if err != nil {
		t.Fatal(err)
	}
	if test.Name != "MP+test" || test.Arch != AArch64 || test.File != "mp.litmus" {
		t.Errorf("header: name %q arch %q file %q", test.Name, test.Arch, test.File)
	}
	if test.Comment != "A comment\nover two lines" {
		t.Errorf("comment %q", test.Comment)
	}
	if len(test.Info) != 2 || test.Info[0] != (KeyValue{"Cycle", "Rfe PodRR Fre PodWW"}) || test.Info[1] != (KeyValue{"Safe", ""}) {
		t.Errorf("info %q", test.Info)
	}
	wantInit := []InitEntry{
		{Location{Thread: -1, Sym: "x"}, Value{}, 7},
		{Location{Thread: -1, Sym: "y"}, Value{}, 7},
		{Location{Thread: 0, Reg: "X1"}, Value{Sym: "x"}, 8},
		{Location{Thread: 0, Reg: "X3"}, Value{Sym: "y"}, 8},
		{Location{Thread: 1, Reg: "X1"}, Value{Sym: "y"}, 9},
		{Location{Thread: 1, Reg: "X3"}, Value{Sym: "x"}, 9},
		{Location{Thread: 1, Reg: "X5"}, Value{N: -1}, 9},
	}
	if len(test.Init) != len(wantInit) {
		t.Fatalf("init: got %v", test.Init)
	}
	for i, e := range wantInit {
		if test.Init[i] != e {
			t.Errorf("init %d: got %+v, want %+v", i, test.Init[i], e)
		}
	}
	if len(test.Threads) != 2 {
		t.Fatalf("%d threads", len(test.Threads))
	}
	if got := strings.Join(test.Threads[1].Instructions, "; "); got != "LDR W0,[X1]; LDR W2,[X3]" {
		t.Errorf("P1 code %q", got)
	}
	if test.Threads[1].labels["L0"] != 1 {
		t.Errorf("label L0 at %d, want 1", test.Threads[1].labels["L0"])
	}
	if len(test.Locations) != 2 || test.Locations[0].String() != "1:X5" || test.Locations[1].String() != "[x]" {
		t.Errorf("locations %v", test.Locations)
	}
	if got := test.Cond.String(); got != `exists (1:X0=1 /\ 1:X2=0)` {
		t.Errorf("condition %q", got)
	}
}

func TestParseX86Syntaxes(t *testing.T) {
	att := "X86_64 SB\n{ }\n P0 | P1 ;\n movl $1,(x) | movq $1,(y) ;\n movl (y),%eax | movq (x),%rax ;\nexists (0:rax=0 /\\ 1:eax=0)\n"
	intel := "X86 SB\n{ x=0; }\n P0 | P1 ;\n MOV [x],$1 | MOV [y],1 ;\n MOV EAX,[y] | MOV EAX,[x] ;\nexists (0:EAX=0 /\\ 1:EAX=0)\n"
	for _, src := range []string{att, intel} {
		test, err := Parse("sb.litmus", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Check(test, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Model != DefaultModel(test.Arch) || r.Verdict() != "Allowed" || r.Positive != 1 || r.Negative != 3 {
			t.Errorf("%s: %s %s %d %d, want %s Allowed 1 3", test.Arch, r.Model, r.Verdict(), r.Positive, r.Negative, DefaultModel(test.Arch))
		}
	}
}

// TestParseErrors feeds broken tests: each must give an error that names
// the file and the line, and no panic.
func TestParseErrors(t *testing.T) {
	const head = "AArch64 T\n{ 0:X1=x; 1:X1=y; }\n P0 | P1 ;\n"
	for _, tc := range []struct{ src, want string }{
		{"", "t.litmus:1: empty file"},
		{" \n\t\n", "t.litmus:1: empty file"},
		{"MIPS T\n{}\n P0 ;\n NOP ;\nexists (x=0)\n", `t.litmus:1: unsupported architecture "MIPS"`},
		{"AArch64\n{}\n", "t.litmus:1: missing test name"},
		// A quote that nothing closes is skipped text, as herd7 skips it.
		{"AArch64 T\n\"open\n", "t.litmus:2: missing initial state block"},
		// An unclosed comment would hide the rest of the test, the
		// condition included.
		{head + " NOP | NOP ; (* note\n NOP | NOP ;\nexists (0:X1=1)\n", `t.litmus:4: comment "(*" is never closed by "*)"`},
		{head + " NOP | NOP ;\nexists (0:X1=1) (* (* nested *)\n", `t.litmus:5: comment "(*" is never closed by "*)"`},
		{"AArch64 T\n(*\n{ 0:X1=x; }\n", `t.litmus:2: comment "(*" is never closed by "*)"`},
		{"AArch64 T\n", "t.litmus:1: missing initial state block"},
		{"AArch64 T\n{ 0:X1=x;\n", "t.litmus:2: initial state block is not closed"},
		{"AArch64 T\n{ 0:Q1=x; }\n", `t.litmus:2: unknown AArch64 register "Q1"`},
		{"AArch64 T\n{ 0:X1=#3; }\n", `t.litmus:2: bad value "#3"`},
		{"AArch64 T\n{ }\n P0 | P2 ;\n", `t.litmus:3: thread header: expected "P1", found "P2"`},
		{"AArch64 T\n{ }\n", `t.litmus:2: missing thread header such as "P0 | P1 ;"`},
		{"AArch64 T\n{ }\n;\n", `t.litmus:3: missing thread header such as "P0 | P1 ;"`},
		// "~" begins the final part only before "exists", as in herd7.
		{"AArch64 T\n{ }\n P0 ;\n MOV X0,#1 ;\n~forall (0:X0=1)\n", `t.litmus:5: P0: unknown or unsupported AArch64 instruction "~FORALL"`},
		{head + " NOP | NOP | NOP ;\n", "t.litmus:4: 3 columns but 2 threads"},
		{head + " NOP | FOO W0 ;\n", `t.litmus:4: P1: unknown or unsupported AArch64 instruction "FOO"`},
		{head + " NOP | SMC #0 ;\n", `t.litmus:4: P1: unknown or unsupported AArch64 instruction "SMC"`},
		{head + " MRS X0,CTR_EL0 | NOP ;\n", `t.litmus:4: P0: system register "CTR_EL0" of MRS is not modelled: only NZCV is`},
		{head + " NOP | MSR NZCV,W0 ;\n", `t.litmus:4: P1: bad register "W0" in MSR: NZCV moves to and from an X register`},
		{head + " LDR W0,[Q1] | NOP ;\n", `t.litmus:4: P0: bad base register "Q1"`},
		{head + " LDR W0,[X1,W2] | NOP ;\n", "a W index register needs SXTW or UXTW"},
		{head + " LDR W0,[X1,X2,] | NOP ;\n", `t.litmus:4: P0: missing extension after the index register in "[X1,X2,]"`},
		{head + " MOV W0 | NOP ;\n", "t.litmus:4: P0: MOV takes 2 operands, found 1"},
		{head + " DMB XX | NOP ;\n", `t.litmus:4: P0: unknown barrier option "XX"`},
		{head + " B.XX L | NOP ;\n", `unknown condition "XX"`},
		{head + " B nowhere | NOP ;\n", `t.litmus:4: P0: undefined label "nowhere"`},
		{head + " L: | L: ;\n L: | NOP ;\n", `t.litmus:5: P0: label "L" defined twice`},
		{head + " NOP | NOP ;\nexists\n (2:X1=1)\n", "t.litmus:6: 2:X1: the test has no thread 2"},
		{head + " NOP | NOP ;\nexists (z=1)\n", "t.litmus:5: [z] is a location that the test never initialises or accesses"},
		{head + " NOP | NOP ;\nexists (0:X1=)\n", "t.litmus:5: expected a value after 0:X1=, found \")\""},
		{head + " NOP | NOP ;\nexists (0:X1=1 /\\ )\n", "t.litmus:5: expected a location such as 0:X1 or [x], found \")\""},
		{head + " NOP | NOP ;\nexists (0:X1=1\n", "t.litmus:5: expected \")\", found end of file"},
		{head + " NOP | NOP ;\nexists (0:X1=1) junk\n", `t.litmus:5: unexpected "junk" after the final condition`},
		{head + " NOP | NOP ;\nlocations [0:X1;\nexists (0:X1=1)\n", "t.litmus:6: expected a location such as 0:X1 or [x], found \"exists\""},
		{"X86_64 T\n{}\n P0 ;\n movl $1,$2 ;\nexists (x=0)\n", "t.litmus:4: P0: an immediate cannot be a destination"},
		{"X86_64 T\n{}\n P0 ;\n lock movl $1,(x) ;\nexists (x=0)\n", "t.litmus:4: P0: LOCK cannot prefix MOVL"},
		// A symbolic register takes a 64-bit register, as in herd7; an
		// error in its instruction shows the code as written too.
		{"X86_64 T\n{}\n P0 ;\n movl %foo,(x) ;\nexists (x=0)\n", `t.litmus:4: P0: "movl %rax,(x)" mixes 32-bit and 64-bit operands (written "movl %foo,(x)")`},
		{"AArch64 T\n{}\n P0 ;\n ADD W%a,X%b,#1 ;\nexists (x=0)\n", `t.litmus:4: P0: "ADD W0,X1,#1" mixes 32-bit (W) and 64-bit (X) registers (written "ADD W%a,X%b,#1")`},
		{"X86_64 T\n{}\n P0 ;\n pause ;\nexists (x=0)\n", `t.litmus:4: P0: unknown or unsupported x86 instruction "PAUSE"`},
		{"X86 T\n{}\n P0 ;\n MOV [x],[y] ;\nexists (x=0)\n", "t.litmus:4: P0: two memory operands"},
		{"AArch64 T\n{ x=1; x=2; }\n", "t.litmus:2: [x] is initialised twice (first on line 2)"},
		{"AArch64 T\n{ int x=1;\n [x]=2; }\n", "t.litmus:3: [x] is initialised twice (first on line 2)"},
		{"AArch64 T\n{ 0:X1=x;\n 0:X1=y; }\n", "t.litmus:3: 0:X1 is initialised twice (first on line 2)"},
		{"AArch64 T\n{ 0:W1=1; 0:X1=2; }\n", "t.litmus:2: 0:X1 is initialised twice"},
		{"X86_64 T\n{ 0:eax=1; 0:rax=2; }\n", "t.litmus:2: 0:rax is initialised twice"},
		{head + " MOV X0,W1 | NOP ;\n", `t.litmus:4: P0: "MOV X0,W1" mixes 32-bit (W) and 64-bit (X) registers`},
		{head + " NOP | ADD W0,W1,X2 ;\n", `t.litmus:4: P1: "ADD W0,W1,X2" mixes`},
		{head + " ADD X0,W1,#1 | NOP ;\n", `"ADD X0,W1,#1" mixes`},
		{head + " CMP W0,X1 | NOP ;\n", `"CMP W0,X1" mixes`},
		{head + " CSEL X0,X1,W2,EQ | NOP ;\n", `"CSEL X0,X1,W2,EQ" mixes`},
		{head + " CASA W1,X2,[X1] | NOP ;\n", `"CASA W1,X2,[X1]" mixes`},
		{head + " LDADD W4,XZR,[X1] | NOP ;\n", `"LDADD W4,XZR,[X1]" mixes`},
		{head + " SWPAL X4,W5,[X1] | NOP ;\n", `"SWPAL X4,W5,[X1]" mixes`},
		{"X86_64 T\n{}\n P0 ;\n movq %eax,(x) ;\nexists (x=0)\n", `t.litmus:4: P0: "movq %eax,(x)" mixes 32-bit and 64-bit operands`},
		{"X86_64 T\n{}\n P0 ;\n movl (x),%rax ;\nexists (x=0)\n", `"movl (x),%rax" mixes`},
		{"X86_64 T\n{}\n P0 ;\n mov %eax,%rbx ;\nexists (x=0)\n", `"mov %eax,%rbx" mixes`},
		{"X86_64 T\n{}\n P0 ;\n lock xaddq %r8d,(x) ;\nexists (x=0)\n", `"lock xaddq %r8d,(x)" mixes`},
	} {
		_, err := Parse("t.litmus", []byte(tc.src))
		if err == nil {
			t.Errorf("%q: no error, want %q", tc.src, tc.want)
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) || se.File != "t.litmus" {
			t.Errorf("%q: error %v is not a SyntaxError naming the file", tc.src, err)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got: %v\nwant: %s", tc.src, err, tc.want)
		}
	}
}

// TestParseMatchingWidths accepts the forms whose registers agree, zero
// registers and implicit operands included, beside the ones rejected in
// TestParseErrors.
func TestParseMatchingWidths(t *testing.T) {
	for _, text := range []string{"MOV X0,XZR", "MOV W0,WZR", "MOV X0,#1", "ADD X0,X1,#8", "STADD W1,[X0]",
		"SWP W4,WZR,[X3]", "CASAL X1,X2,[X0]", "STXR W3,X2,[X0]", "CSEL W0,W1,WZR,NE"} {
		if _, err := parseARM(text); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
	for _, text := range []string{"movq %rax,(x)", "mov %r8d,%eax", "movl $1,(x)", "xchgq %rbx,(x)", "lock cmpxchgl %esi,(x)"} {
		if _, err := parseATT(text); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
}

// TestHeaderComments reads the text before the initial state as herd7
// does: line by line, where a comment closed on its line is blanked out,
// and so is one whose "(*" is a line of its own, but an unclosed "(*"
// inside a line is text; from the initial state on, every comment is
// blanked out.
func TestHeaderComments(t *testing.T) {
	for name, src := range map[string]string{
		"unclosed": "RISCV U\n\n(* a comment that never closes (as herd7 allows)\n{\n0:x6=x; (* a comment *)\n}\n P0 ;\n sw x5,0(x6) ;\nexists (x=0)\n",
		"own-line": "RISCV O\n(*\n  a comment over lines\n  \"with a quote\" and Key=Value\n*)   \n{\n0:x6=x;\n}\n P0 ;\n sw x5,0(x6) ;\nexists (x=0)\n",
		"closed":   "RISCV C (* a (* nested *) name *)\n(* Key=Value *)\n{\n0:x6=x;\n}\n P0 ;\n sw x5,0(x6) ;\nexists (x=0)\n",
		// herd7 skips a quote that nothing after it closes (the Power
		// campaign's b5 and co8).
		"open-quote":      "RISCV Q\n\"a quote left open\n{\n0:x6=x;\n}\n P0 ;\n sw x5,0(x6) ;\nexists (x=0)\n",
		"open-quote-same": "RISCV S (Same) \"a quote left open\n{\n0:x6=x;\n}\n P0 ;\n sw x5,0(x6) ;\nexists (x=0)\n",
	} {
		test, err := Parse(name+".litmus", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(test.Info) != 0 || test.Comment != "" || len(test.Init) != 1 || len(test.Name) != 1 {
			t.Errorf("%s: info %v, comment %q, init %v: the comment was read as header text", name, test.Info, test.Comment, test.Init)
		}
	}
}

// TestSemicolonAfterInit: herd7's grammars allow one ";" between the
// initial state and the thread header (the Power campaign's
// ppc-iwp2.6 and five more have it after the "}"), not two.
func TestSemicolonAfterInit(t *testing.T) {
	const code = " P0 ;\n sw x5,0(x6) ;\nexists (x=0)\n"
	for _, src := range []string{
		"RISCV A\n{ 0:x6=x; };\n" + code,
		"RISCV B\n{ 0:x6=x; }\n;\n" + code,
		"RISCV C\n{\n 0:x6=x;\n}  ;\n\n" + code,
	} {
		if _, err := checkOne(t, src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
	for src, want := range map[string]string{
		"RISCV D\n{ 0:x6=x; };\n;\n" + code:  `t.litmus:3: thread header: expected "P0", found ";"`,
		"RISCV E\n{ 0:x6=x; } ;;\n" + code:   `t.litmus:2: unexpected ";;" after the initial state`,
		"RISCV F\n{ 0:x6=x; } ; P0\n" + code: `t.litmus:2: unexpected ";" after the initial state`,
	} {
		wantError(t, src, want)
	}
}

// TestCodeLayout: blank lines between the rows of the code, and blanks
// around the thread header, are layout only: the rows after a blank line
// are still code.
func TestCodeLayout(t *testing.T) {
	checkStates(t, []stateCase{{"layout", "AArch64 L\n{ }\n   P0 | P1 ;   \n MOV X0,#1 | MOV X0,#3 ;\n\n  \n ADD X0,X0,#1 | NOP ;\nexists (0:X0=2 /\\ 1:X0=3)\n",
		"0:X0=2; 1:X0=3;", "Always"}})
}
