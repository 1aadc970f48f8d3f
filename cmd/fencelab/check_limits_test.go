package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/litmus"
)

// fuzzCorpus is litmus's seed corpus for FuzzParse: valid tests
// ("valid-...") and malformed or runaway ones ("hostile-...").
const fuzzCorpus = "../../litmus/testdata/fuzz/FuzzParse"

// smallBounds are the bounds of litmus's fuzz target.
var smallBounds = []string{"-max-executions", "2000", "-max-paths", "500", "-max-states", "200"}

// corpusTests writes each input of the seed corpus to dir as NAME.litmus
// and returns the paths by name.
func corpusTests(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(fuzzCorpus)
	if err != nil || len(entries) < 10 {
		t.Fatalf("the seed corpus %s: %d entries, %v", fuzzCorpus, len(entries), err)
	}
	paths := map[string]string{}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(fuzzCorpus, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		header, value, _ := strings.Cut(string(raw), "\n")
		value = strings.TrimSpace(value)
		if header != "go test fuzz v1" || !strings.HasPrefix(value, "[]byte(") || !strings.HasSuffix(value, ")") {
			t.Fatalf("%s is not a corpus file of one []byte", e.Name())
		}
		src, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(value, "[]byte("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		paths[e.Name()] = writeIn(t, dir, e.Name()+".litmus", src)
	}
	return paths
}

func writeIn(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// lines splits output into its lines.
func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// TestCheckHostileInputs runs check on each input of the seed corpus: a
// valid test is decided, a hostile one gets exactly one line on stderr
// naming the file, and its line where the parser names one, and exit
// status 1; nothing panics.
func TestCheckHostileInputs(t *testing.T) {
	dir := t.TempDir()
	paths := corpusTests(t, dir)
	paths["hostile-huge"] = writeIn(t, dir, "hostile-huge.litmus", strings.Repeat("(* padding *)\n", litmus.MaxTestSize/10))
	for name, path := range paths {
		rc, out, errOut := runCheckCmd(t, append(smallBounds, path)...)
		got := lines(errOut)
		switch {
		case strings.HasPrefix(name, "valid-"):
			if rc != 0 || !strings.Contains(out, "\nObservation ") {
				t.Errorf("%s: exit status %d, stderr %q; want it decided", name, rc, errOut)
			}
			continue
		case !strings.HasPrefix(name, "hostile-"):
			// An input the fuzzer found: decided or refused, in one line.
			if rc == 2 || len(got) > 1 {
				t.Errorf("%s: exit status %d, stderr %q", name, rc, errOut)
			}
			continue
		}
		if rc != 1 || len(got) != 1 || out != "" {
			t.Errorf("%s: exit status %d, stdout %q, stderr %q; want 1 and one line on stderr", name, rc, out, errOut)
			continue
		}
		want := "fencelab check: " + path + ": "
		src, _ := os.ReadFile(path)
		var se *litmus.SyntaxError
		if _, err := litmus.Parse(path, src); errors.As(err, &se) && se.Line > 0 {
			want = fmt.Sprintf("fencelab check: %s:%d: ", path, se.Line)
		}
		if !strings.HasPrefix(got[0], want) {
			t.Errorf("%s: stderr %q does not start with %q", name, got[0], want)
		}
	}
}

// TestCheckCorpusDirectory checks the whole corpus in one run: each
// hostile test costs one line on stderr, and the valid ones after it are
// still decided.
func TestCheckCorpusDirectory(t *testing.T) {
	dir := t.TempDir()
	paths := corpusTests(t, dir)
	valid := 0
	for name, path := range paths {
		switch {
		case strings.HasPrefix(name, "valid-"):
			valid++
		case !strings.HasPrefix(name, "hostile-"):
			os.Remove(path) // the fuzzer's finds may be decided or not
			delete(paths, name)
		}
	}
	rc, out, errOut := runCheckCmd(t, append(smallBounds, dir)...)
	if rc != 1 {
		t.Errorf("exit status %d, want 1", rc)
	}
	if n := strings.Count(out, "\nObservation "); n != valid {
		t.Errorf("%d tests decided, want the %d valid ones", n, valid)
	}
	// A loaded machine may add progress lines ("still checking after
	// 2s"); every other line is a refusal.
	refusals := 0
	for _, l := range lines(errOut) {
		if !strings.Contains(l, ": still checking after ") {
			refusals++
		}
	}
	if refusals != len(paths)-valid {
		t.Errorf("%d refusals on stderr, want one for each of the %d hostile tests:\n%s", refusals, len(paths)-valid, errOut)
	}
}

// bigTest writes a test of six threads with three stores and loads each,
// whose candidate executions run into the billions.
func bigTest(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("AArch64 Big\n{ ")
	for th := range 6 {
		fmt.Fprintf(&b, "%d:X1=x; %d:X2=y; ", th, th)
	}
	b.WriteString("}\n P0 | P1 | P2 | P3 | P4 | P5 ;\n")
	for j := range 3 {
		for _, cell := range []func(th int) string{
			func(th int) string { return fmt.Sprintf("MOV W0,#%d", th*10+j+1) },
			func(th int) string { return fmt.Sprintf("STR W0,[X%d]", 1+(th+j)%2) },
			func(th int) string { return fmt.Sprintf("LDR W3,[X%d]", 1+(th+j+1)%2) },
		} {
			for th := range 6 {
				if th > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(cell(th))
			}
			b.WriteString(" ;\n")
		}
	}
	b.WriteString("exists (x=1)\n")
	return writeFile(t, "big.litmus", b.String())
}

// TestCheckBoundsFlags: a big test stops at -max-executions or -timeout
// with one line that names the file and the flag, after progress lines on
// stderr, and nothing on stdout.
func TestCheckBoundsFlags(t *testing.T) {
	defer func(d time.Duration) { progressEvery = d }(progressEvery)
	progressEvery = time.Nanosecond
	big := bigTest(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-max-executions", "3000"}, "more than 3000 candidate executions: check stopped after 3000 candidate executions"},
		{[]string{"-max-paths", "50"}, "more than 50 thread paths"},
		{[]string{"-timeout", "1ns"}, "context deadline exceeded; raise -timeout (0 removes the bound)"},
	} {
		rc, out, errOut := runCheckCmd(t, append(tc.args, big)...)
		got := lines(errOut)
		if rc != 1 || out != "" || len(got) == 0 {
			t.Fatalf("%q: exit status %d, stdout %q, stderr %q", tc.args, rc, out, errOut)
		}
		last := got[len(got)-1]
		if !strings.HasPrefix(last, "fencelab check: "+big+": ") || !strings.Contains(last, tc.want) ||
			!strings.Contains(last, "raise "+tc.args[0]) {
			t.Errorf("%q: last line %q, want the file, %q and the flag", tc.args, last, tc.want)
		}
		for _, l := range got[:len(got)-1] {
			if !strings.HasPrefix(l, "fencelab check: "+big+": still checking after ") {
				t.Errorf("%q: %q is not a progress line", tc.args, l)
			}
		}
		if tc.args[0] == "-max-executions" && len(got) < 2 {
			t.Errorf("%q: no progress line on stderr", tc.args)
		}
	}
}

func TestCheckBoundsFlagsUsage(t *testing.T) {
	for _, f := range []string{"-timeout=-1s", "-max-executions=-1", "-max-paths=-5", "-max-states=-2"} {
		rc, _, errOut := runCheckCmd(t, f, vmaTests)
		if rc != 2 || !strings.Contains(errOut, "may not be negative") {
			t.Errorf("%s: exit status %d, stderr %q; want 2 and a usage error", f, rc, errOut)
		}
	}
	// 0 removes the bounds.
	rc, out, errOut := runCheckCmd(t, "-timeout", "0", "-max-executions", "0", "-max-paths", "0", "-max-states", "0",
		filepath.Join(vmaTests, "aarch64", "VMA+relaxed-llsc.litmus"))
	if rc != 0 || !strings.Contains(out, "Observation VMA+relaxed-llsc Sometimes 9 12") {
		t.Errorf("unbounded: exit status %d, stderr %q", rc, errOut)
	}
}

// TestCheckProgressLine: a report names the file, the time, the candidate
// executions with their rate and the thread paths; a report at time 0 has
// a rate of 0, and the last report, made when the test is decided, prints
// nothing.
func TestCheckProgressLine(t *testing.T) {
	var b strings.Builder
	report := progressReporter(&b, "big.litmus")
	report(litmus.Progress{Paths: 3, Executions: 5000, Elapsed: 2 * time.Second})
	report(litmus.Progress{Paths: 1, Executions: 7})
	report(litmus.Progress{Paths: 9, Executions: 9000, Elapsed: 3 * time.Second, Done: true})
	want := "fencelab check: big.litmus: still checking after 2s: 5000 candidate executions (2500 a second), 3 thread paths\n" +
		"fencelab check: big.litmus: still checking after 0s: 7 candidate executions (0 a second), 1 thread paths\n"
	if b.String() != want {
		t.Errorf("progress lines\n%s\nwant\n%s", b.String(), want)
	}
}

// TestCheckBoundsOptions: a flag's 0 reaches litmus as no bound (a
// negative value), since litmus's own 0 is its default bound; other values
// pass as they are, with the model.
func TestCheckBoundsOptions(t *testing.T) {
	unbounded := checkBounds{}.options("sc", nil)
	if unbounded.MaxExecutions >= 0 || unbounded.MaxPaths >= 0 || unbounded.MaxStates >= 0 || unbounded.Model != "sc" {
		t.Errorf("flags of 0: %+v, want negative bounds and model sc", unbounded)
	}
	bounded := checkBounds{maxExecs: 10, maxPaths: 20, maxStates: 30}.options("", nil)
	if bounded.MaxExecutions != 10 || bounded.MaxPaths != 20 || bounded.MaxStates != 30 {
		t.Errorf("flags of 10, 20, 30: %+v", bounded)
	}
}

// TestCheckInterrupted: check interrupted while deciding its second test
// exits 130 and says after how many tests, with the first test's result
// and, with -kinds, its comparison on stdout; the test cut short is not
// reported as failed, and the third is not checked.
func TestCheckInterrupted(t *testing.T) {
	defer func(d time.Duration) { progressEvery = d }(progressEvery)
	progressEvery = time.Nanosecond
	big := bigTest(t)
	sb := writeFile(t, "SB.litmus", sbTest)
	kinds := writeFile(t, "kinds.txt", "SB Allowed\nBig Allowed\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &cancelAt{at: big + ": still checking", cancel: cancel}
	var stdout bytes.Buffer
	rc := checkMain(ctx, []string{"-timeout", "0", "-max-executions", "0", "-max-paths", "0", "-max-states", "0",
		"-kinds", kinds, sb, big, sb}, &stdout, stderr)
	got := lines(stderr.String())
	if rc != interruptedStatus || len(got) == 0 || got[len(got)-1] != "fencelab check: interrupted after 1 of 3 tests" {
		t.Fatalf("exit status %d, stderr %q; want %d and the interruption last", rc, stderr.String(), interruptedStatus)
	}
	for _, l := range got[:len(got)-1] {
		if !strings.Contains(l, ": still checking after ") || strings.Contains(l, "raise ") {
			t.Errorf("%q is neither a progress line nor the interruption", l)
		}
	}
	out := stdout.String()
	if strings.Count(out, "Observation SB Sometimes") != 1 || strings.Contains(out, "Big") ||
		!strings.HasSuffix(out, "Kinds "+kinds+": 1 agree, 0 disagree, 0 not listed\n") {
		t.Errorf("stdout:\n%s\nwant SB's result once and the comparison of it alone", out)
	}
}
