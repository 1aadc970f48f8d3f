package litmus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHugeArrayRefused: an array of more elements than an execution may
// have events is refused at its line, before its elements are made.
func TestHugeArrayRefused(t *testing.T) {
	for _, n := range []string{"5000", "1000000000000"} {
		src := "AArch64 T\n{ int x[" + n + "]; 0:X1=x; }\n P0 ;\n LDR W0,[X1] ;\nexists (0:X0=0)\n"
		_, err := Parse("t.litmus", []byte(src))
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line != 2 || !strings.Contains(err.Error(), "x["+n+"]") {
			t.Fatalf("int x[%s]: got %v, want an error at line 2 naming the array", n, err)
		}
		t.Log(err)
	}
}

// TestManyHeaderComments: the comments of a line before the initial state
// are blanked out in one copy of the line. Blanking each by copying the
// rest of the line took minutes for a megabyte of them; the allocations
// tell the two apart without a clock.
func TestManyHeaderComments(t *testing.T) {
	body := "\n{ 0:X1=x; }\n P0 ;\n LDR W0,[X1] ;\nexists (0:X0=0)\n"
	parse := func(comments int) float64 {
		src := []byte("AArch64 T\n" + strings.Repeat("(**)", comments) + body)
		return testing.AllocsPerRun(5, func() {
			if _, err := Parse("t.litmus", src); err != nil {
				t.Fatal(err)
			}
		})
	}
	if one, many := parse(1), parse(1000); many > one+20 {
		t.Fatalf("a header line of 1000 comments makes %.0f allocations in Parse, one comment %.0f: a copy per comment", many, one)
	}
	src := "AArch64 T\n" + strings.Repeat("(**)", (MaxTestSize-20-len(body))/4) + body
	if _, err := Parse("t.litmus", []byte(src)); err != nil {
		t.Fatal(err)
	}
}

// TestKindsLongLine: a kinds line longer than bufio.Scanner's default
// token is read like any other, where it failed with the scanner's error
// and no file or line.
func TestKindsLongLine(t *testing.T) {
	name := strings.Repeat("A", 100_000)
	k, err := ParseKinds("k.txt", []byte("MP Allowed\n"+name+" Forbidden\n"))
	if err != nil {
		t.Fatal(err)
	}
	if k["MP"] != "Allowed" || k[name] != "Forbidden" {
		t.Errorf("got %d entries, MP %q, the long name %q", len(k), k["MP"], k[name])
	}
}

// TestKindsFileTooLarge: ReadKinds stops at its bound, so that a file given
// by mistake (a device such as /dev/zero, a log) is not read whole.
func TestKindsFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kinds.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size costs no disk.
	if err := f.Truncate(maxKindsSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadKinds(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": larger than") {
		t.Fatalf("got %.200v, want an error naming the file and its size", err)
	}
}

// TestLongConditionPrintsLinearly: a condition of many terms, which the
// parser nests as deep as it is long, prints into one buffer. Printing
// each level's string anew copied the chain at every level: bytes that
// grow with the square of its length, seconds for a large test.
func TestLongConditionPrintsLinearly(t *testing.T) {
	for _, op := range []string{` \/ `, ` /\ `} {
		terms := make([]string, 3000)
		for i := range terms {
			terms[i] = fmt.Sprintf("0:X0=%d", i)
		}
		want := strings.Join(terms, op)
		src := "AArch64 T\n{ 0:X1=x; }\n P0 ;\n LDR W0,[X1] ;\nexists (" + want + ")\n"
		test, err := Parse("t.litmus", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got := test.Cond.Prop.String()
		runtime.ReadMemStats(&after)
		if got != want {
			t.Fatalf("%q chain printed as %.80q...", op, got)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 100*uint64(len(got)) {
			t.Errorf("printing a %d-byte %q chain allocated %d bytes: the chain is copied at every level", len(got), op, n)
		}
	}
}

// TestConditionEndsInPlus: an address whose offset is cut off at the end of
// the line ("x+") is a syntax error at that line, not a read past it.
func TestConditionEndsInPlus(t *testing.T) {
	_, err := Parse("t.litmus", []byte("AArch64 T\n{ 0:X1=x; }\n P0 ;\n NOP ;\nforall 0:X1=x+\n"))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 5 {
		t.Fatalf("a condition ending in x+: %v, want a syntax error at line 5", err)
	}
}
