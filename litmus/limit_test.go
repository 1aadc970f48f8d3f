package litmus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// manyStores is an AArch64 test of n threads that each store k times to x
// and y and read them back: its candidate executions run into the
// billions, far beyond any bound.
func manyStores(n, k int) []byte {
	var b strings.Builder
	b.WriteString("AArch64 ManyStores\n{ ")
	for t := range n {
		fmt.Fprintf(&b, "%d:X1=x; %d:X2=y; ", t, t)
	}
	b.WriteString("}\n")
	row := func(cell func(t int) string) {
		for t := range n {
			if t > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(cell(t))
		}
		b.WriteString(" ;\n")
	}
	row(func(t int) string { return fmt.Sprintf("P%d", t) })
	for j := range k {
		locs := [2]string{"[X1]", "[X2]"}
		row(func(t int) string { return fmt.Sprintf("MOV W0,#%d", t*10+j+1) })
		row(func(t int) string { return "STR W0," + locs[(t+j)%2] })
		row(func(t int) string { return "LDR W3," + locs[(t+j+1)%2] })
	}
	b.WriteString("exists (x=1)\n")
	return []byte(b.String())
}

func parseBig(t *testing.T) *Test {
	t.Helper()
	test, err := Parse("big.litmus", manyStores(6, 3))
	if err != nil {
		t.Fatal(err)
	}
	return test
}

// limitError checks that err is a one-line *LimitError of bound b for
// big.litmus, and returns it.
func limitError(t *testing.T, err error, b Bound) *LimitError {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) || !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want a LimitError", err)
	}
	msg := err.Error()
	if le.Bound != b || !strings.HasPrefix(msg, "big.litmus: ") || strings.ContainsAny(msg, "\n\r") {
		t.Fatalf("error %q (bound %v): want bound %v, one line starting with the file", msg, le.Bound, b)
	}
	return le
}

// TestCheckStopsAtExecutionBound: a test of six threads with three stores
// each stops at a small MaxExecutions with a one-line error saying how to
// raise it, and reports its progress on the way.
func TestCheckStopsAtExecutionBound(t *testing.T) {
	var reports []Progress
	_, err := CheckContext(context.Background(), parseBig(t), Options{
		MaxExecutions:    5000,
		Progress:         func(p Progress) { reports = append(reports, p) },
		ProgressInterval: time.Nanosecond,
	})
	le := limitError(t, err, BoundExecutions)
	if le.Max != 5000 || le.Executions != 5000 {
		t.Errorf("stopped at %d of %d executions, want 5000 of 5000", le.Executions, le.Max)
	}
	for _, want := range []string{"more than 5000 candidate executions", "raise Options.MaxExecutions"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if len(reports) < 2 {
		t.Fatalf("%d progress reports, want some while running and one at the end", len(reports))
	}
	for i, p := range reports {
		if last := i == len(reports)-1; p.Done != last {
			t.Errorf("report %d of %d: Done %v", i+1, len(reports), p.Done)
		}
		if i > 0 && (p.Executions < reports[i-1].Executions || p.Paths < reports[i-1].Paths) {
			t.Errorf("report %d went back: %+v after %+v", i+1, p, reports[i-1])
		}
	}
	if end := reports[len(reports)-1]; end.Executions != 5000 || end.Paths != le.Paths {
		t.Errorf("last report %+v, want the error's counts (5000 executions, %d paths)", end, le.Paths)
	}
}

// TestCheckStopsWhenContextEnds: a deadline already past, or a cancelled
// context, stops the check; errors.Is sees the context's error.
func TestCheckStopsWhenContextEnds(t *testing.T) {
	test := parseBig(t)
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	for _, tc := range []struct {
		ctx  context.Context
		want error
	}{{past, context.DeadlineExceeded}, {cancelled, context.Canceled}} {
		_, err := CheckContext(tc.ctx, test, Options{})
		limitError(t, err, BoundTime)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.want.Error()+"; allow more time") {
			t.Errorf("error %q: want %v and advice", err, tc.want)
		}
	}
}

func TestCheckStopsAtPathBound(t *testing.T) {
	_, err := CheckContext(context.Background(), parseBig(t), Options{MaxPaths: 100})
	le := limitError(t, err, BoundPaths)
	if le.Paths != 100 || !strings.Contains(err.Error(), "more than 100 thread paths") {
		t.Errorf("error %q after %d paths, want 100", err, le.Paths)
	}
}

func TestCheckStopsAtStateBound(t *testing.T) {
	test, err := ParseFile("testdata/own/IRIW.litmus")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(test, "")
	if err != nil || len(r.States) < 3 {
		t.Fatalf("IRIW: %v, %v; want at least 3 final states", r, err)
	}
	_, err = CheckContext(context.Background(), test, Options{MaxStates: 2})
	var le *LimitError
	if !errors.As(err, &le) || le.Bound != BoundStates || !strings.Contains(err.Error(), "IRIW.litmus: more than 2 distinct final states") {
		t.Errorf("got %v, want the MaxStates bound", err)
	}
}

// TestCheckBoundsAreInclusive: a test decided in exactly N candidate
// executions and P paths is decided with those bounds, and stops with one
// less; negative bounds remove them.
func TestCheckBoundsAreInclusive(t *testing.T) {
	test, err := ParseFile("testdata/vma/aarch64/VMA+relaxed-llsc.litmus")
	if err != nil {
		t.Fatal(err)
	}
	var end Progress
	want, err := CheckContext(context.Background(), test, Options{Progress: func(p Progress) { end = p }})
	if err != nil {
		t.Fatal(err)
	}
	if !end.Done || end.Executions < 2 || end.Paths < 2 || len(want.States) < 2 {
		t.Fatalf("last report %+v", end)
	}
	n, p, s := end.Executions, end.Paths, int64(len(want.States))
	for _, tc := range []struct {
		opts  Options
		bound Bound
	}{
		{Options{MaxExecutions: n, MaxPaths: p, MaxStates: s}, 0},
		{Options{MaxExecutions: -1, MaxPaths: -1, MaxStates: -1}, 0},
		{Options{MaxExecutions: n - 1}, BoundExecutions},
		{Options{MaxPaths: p - 1}, BoundPaths},
		{Options{MaxStates: s - 1}, BoundStates},
	} {
		r, err := CheckContext(context.Background(), test, tc.opts)
		var le *LimitError
		switch {
		case tc.bound == 0 && (err != nil || r.Positive != want.Positive || r.Negative != want.Negative):
			t.Errorf("%+v: %v, %v; want %d %d", tc.opts, r, err, want.Positive, want.Negative)
		case tc.bound != 0 && (!errors.As(err, &le) || le.Bound != tc.bound):
			t.Errorf("%+v: %v, want the %v bound", tc.opts, err, tc.bound)
		}
	}
}

// TestThreadEventLimit: a thread's execution holds at most 64 events
// (sets of them are words), fences included; one more is an error that
// says so, not a set that wraps around.
func TestThreadEventLimit(t *testing.T) {
	thread := func(n int) string {
		var b strings.Builder
		b.WriteString("AArch64 Long\n{ 0:X1=x; }\n P0 ;\n")
		for range n - 1 {
			b.WriteString(" DMB SY ;\n")
		}
		b.WriteString(" LDR W0,[X1] ;\nexists (0:X0=0)\n")
		return b.String()
	}
	r, err := checkOne(t, thread(64))
	if err != nil || r.Observation != "Always" {
		t.Errorf("64 events: %v, %v; want Always", r, err)
	}
	wantError(t, thread(65), "more than 64 memory accesses and fences in one execution of the thread")
}

// TestCRLFAndBOMAccepted: every test of testdata parses with CRLF line
// ends and a byte order mark into the same test as without, and so gives
// the same output.
func TestCRLFAndBOMAccepted(t *testing.T) {
	files, err := filepath.Glob("testdata/own/*.litmus")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/vma/*/*.litmus")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("only %d tests in testdata", len(files))
	}
	for _, f := range files {
		test, err := ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, err := readTest(f)
		if err != nil {
			t.Fatal(err)
		}
		dos := append([]byte(utf8BOM), bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))...)
		other, err := Parse(f, dos)
		if err != nil {
			t.Errorf("with CRLF and a BOM: %v", err)
			continue
		}
		if !reflect.DeepEqual(other, test) {
			t.Errorf("%s with CRLF and a BOM:\n%+v\nwithout:\n%+v", f, other, test)
		}
	}
}

func resultText(t *testing.T, test *Test) string {
	t.Helper()
	r, err := Check(test, "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.Write(&b)
	return b.String()
}

// TestEndlessLoopIsCut: a loop that never exits ends at the unrolling
// bound, as every loop does, and the test is decided: no execution, the
// loop reported.
func TestEndlessLoopIsCut(t *testing.T) {
	test, err := Parse("loop.litmus", []byte("AArch64 Loop\n{ 0:X1=x; }\n P0 ;\n L: LDR W0,[X1] ;\n B L ;\nexists (0:X0=0)\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(test, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Cut == 0 || r.Positive+r.Negative != 0 || !strings.Contains(resultText(t, test), "\nLoop No\n") {
		t.Errorf("cut %d, %d %d executions; want the loop cut and no execution", r.Cut, r.Positive, r.Negative)
	}
}
