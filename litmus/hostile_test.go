package litmus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// hostileInput is a malformed or runaway test. Parse or CheckContext
// (within hostileBounds) must refuse it with a one-line error naming the
// file and, where one applies, the line.
type hostileInput struct {
	name string
	src  []byte
	line int    // 0: no line applies (the file's size, a bound)
	want string // part of the message
	// seed tells whether testdata/fuzz/FuzzParse holds the input, as
	// "hostile-" and the name; the largest are left out of it.
	seed bool
}

// hostileBounds are the bounds of the hostile inputs' checks, those of
// the fuzz target.
var hostileBounds = fuzzBounds

// spinLoops is a test whose threads spin until they read x and y equal:
// each turn of a loop writes a new value to both and reads values that the
// other threads may have written since, so that a handful of lines make
// more coherent thread paths than hostileBounds allow.
const spinLoops = "AArch64 Spins\n{ 0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y; 2:X1=x; 2:X2=y; }\n" +
	" P0           | P1           | P2           ;\n" +
	" MOV W5,#1    | MOV W5,#2    | MOV W5,#3    ;\n" +
	" L0:          | L1:          | L2:          ;\n" +
	" STR W5,[X1]  | STR W5,[X2]  | STR W5,[X1]  ;\n" +
	" STR W5,[X2]  | STR W5,[X1]  | STR W5,[X2]  ;\n" +
	" LDR W0,[X1]  | LDR W0,[X1]  | LDR W0,[X1]  ;\n" +
	" LDR W3,[X2]  | LDR W3,[X2]  | LDR W3,[X2]  ;\n" +
	" ADD W5,W5,#3 | ADD W5,W5,#3 | ADD W5,W5,#3 ;\n" +
	" CMP W0,W3    | CMP W0,W3    | CMP W0,W3    ;\n" +
	" B.NE L0      | B.NE L1      | B.NE L2      ;\n" +
	"exists (x=y)\n"

func hostileInputs() []hostileInput {
	mp := []byte(mpSource)
	lineOf := func(s string) int { return strings.Count(mpSource[:strings.Index(mpSource, s)], "\n") + 1 }
	withNUL := bytes.Replace(mp, []byte("MOV W2,#1"), []byte("MOV W2,\x00#1"), 1)
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	huge := append(bytes.Repeat([]byte("(* padding to push the test past the size bound *)\n"), MaxTestSize/50), mp...)
	const two = "AArch64 T\n{ 0:X1=x; 1:X1=y; }\n P0 | P1 ;\n"
	return []hostileInput{
		{"empty", nil, 1, "empty file", true},
		{"blank", []byte(" \n\t\n\n"), 1, "empty file", true},
		{"truncated-header", []byte("AArch64"), 1, "missing test name", true},
		{"truncated-init", mp[:strings.Index(mpSource, "1:X1=y")], lineOf("{"), `initial state block is not closed with "}"`, true},
		{"truncated-row", mp[:strings.Index(mpSource, "STR W2,[X3]")+5], lineOf("STR W2,[X3]"), "a row of 1 column, but the header names 2 threads", true},
		{"truncated-code", mp[:strings.Index(mpSource, "LDR W2,[X3]")+9], lineOf("LDR W2,[X3]"), `P1: bad memory operand "[X"`, true},
		{"truncated-condition", mp[:len(mp)-5], lineOf("(1:X0=1"), `expected "=" after 1:X2, found end of file`, true},
		{"binary-elf", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), 1, "control character 0x7f in column 1", true},
		{"binary-random", random, 1, "not a text file", true},
		{"nul-byte", withNUL, lineOf("MOV W2,#1"), "NUL byte in column 9", true},
		{"escape-sequence", []byte("AArch64 T\n{ }\n P0 ;\n \x1b[31mNOP ;\nexists (x=0)\n"), 4, "control character 0x1b", true},
		{"invalid-utf8", []byte(two + " NOP | \xff\xfeW0 ;\nexists (x=0)\n"), 4, "P1: unknown or unsupported AArch64 instruction", true},
		{"unknown-instruction", []byte(two + " FROB W0,[X1] | NOP ;\nexists (x=0)\n"), 4, `P0: unknown or unsupported AArch64 instruction "FROB"`, true},
		{"unknown-x86-instruction", []byte("X86_64 T\n{ }\n P0 ;\n frob %eax ;\nexists (x=0)\n"), 4, `unknown or unsupported x86 instruction "FROB"`, true},
		{"missing-label", []byte(two + " NOP | B nowhere ;\nexists (x=0)\n"), 4, `P1: undefined label "nowhere"`, true},
		{"loop-to-other-thread", []byte(two + " L: NOP | NOP ;\n NOP | B L ;\nexists (x=0)\n"), 5, `P1: undefined label "L"`, true},
		{"loop-beyond-bounds", []byte(spinLoops), 0, "more than 500 thread paths", true},
		{"more-threads-than-columns", []byte("AArch64 T\n{ 0:X1=x; }\n P0 | P1 | P2 ;\n STR WZR,[X1] | NOP ;\nexists (x=0)\n"), 4, "a row of 2 columns, but the header names 3 threads", true},
		{"deep-nesting", []byte(two + " NOP | NOP ;\nexists " + strings.Repeat("(", 5000) + "\n"), 5, "nests deeper than 1000 levels", true},
		{"deep-negation", []byte(two + " NOP | NOP ;\nexists " + strings.Repeat("~", 5000) + "x=0\n"), 5, "nests deeper than 1000 levels", true},
		{"huge", huge, 0, fmt.Sprintf("larger than %d bytes", MaxTestSize), false},
		{"many-locations", manyLocations(5000), 0, "an execution may have 5000 events (5000 of them initial writes)", false},
		{"many-threads", manyThreads(300, 14), 0, "an execution may have 4201 events", false},
	}
}

// TestHostileInputs: each malformed or runaway input gets a one-line
// error naming the file, and its line where one applies; no panic.
func TestHostileInputs(t *testing.T) {
	for _, h := range hostileInputs() {
		t.Run(h.name, func(t *testing.T) {
			err := parseAndCheck("t.litmus", h.src)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			t.Log(msg)
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("error %q is not one line", msg)
			}
			prefix := "t.litmus: "
			if h.line > 0 {
				prefix = fmt.Sprintf("t.litmus:%d: ", h.line)
			}
			if !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, h.want) {
				t.Errorf("error %q: want %q at the start and %q in it", msg, prefix, h.want)
			}
		})
	}
}

// parseAndCheck parses src and checks it under every model that reads its
// architecture within hostileBounds, returning the first error.
func parseAndCheck(name string, src []byte) error {
	test, err := Parse(name, src)
	if err != nil {
		return err
	}
	for _, m := range modelsFor(test.Arch) {
		opts := hostileBounds
		opts.Model = m
		if _, err := CheckContext(context.Background(), test, opts); err != nil {
			return err
		}
	}
	return nil
}

// TestHostileLoopStopsAtABound: the counter loops stop at a bound, and the
// error says which and how to raise it.
func TestHostileLoopStopsAtABound(t *testing.T) {
	err := parseAndCheck("loops.litmus", []byte(spinLoops))
	var le *LimitError
	if !errors.As(err, &le) || !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want a LimitError", err)
	}
	if !strings.Contains(err.Error(), "raise Options."+le.Bound.String()) {
		t.Errorf("error %q does not say how to raise the bound", err)
	}
}

// manyLocations is a test that initialises n locations.
func manyLocations(n int) []byte {
	var b strings.Builder
	b.WriteString("AArch64 Locations\n{ ")
	for i := range n {
		fmt.Fprintf(&b, "v%d=0; ", i)
	}
	b.WriteString("}\n P0 ;\n NOP ;\nexists (v0=0)\n")
	return []byte(b.String())
}

// manyThreads is a test of n threads that read x k times each.
func manyThreads(n, k int) []byte {
	var b strings.Builder
	b.WriteString("AArch64 Threads\n{ ")
	for i := range n {
		fmt.Fprintf(&b, "%d:X1=x; ", i)
	}
	b.WriteString("}\n")
	for row := range k + 1 {
		for i := range n {
			if i > 0 {
				b.WriteString(" | ")
			}
			if row == 0 {
				fmt.Fprintf(&b, "P%d", i)
			} else {
				b.WriteString("LDR W0,[X1]")
			}
		}
		b.WriteString(" ;\n")
	}
	b.WriteString("exists (x=0)\n")
	return []byte(b.String())
}
