package benchtable

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"
)

// textOf is rep's text table; the test fails if WriteText does.
func textOf(t *testing.T, rep *Report) string {
	t.Helper()
	var out strings.Builder
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// results makes benchmark output: each case of cases, count times, with
// ns/op values spread around its center.
func results(count int, cases ...string) string {
	var b strings.Builder
	b.WriteString("atomicfence-impl: amd64\ngoos: linux\ngoarch: amd64\ncpu: Test CPU\n")
	for i := range count {
		for _, c := range cases {
			name, center, _ := strings.Cut(c, " ")
			var ns float64
			fmt.Sscan(center, &ns)
			fmt.Fprintf(&b, "Benchmark%s \t 1000000\t %.4f ns/op\n", name, ns*(1+0.01*float64(i%3-1)))
		}
	}
	return b.String()
}

func TestReadGroupsAndCompares(t *testing.T) {
	in := results(8,
		"IncThenReadSeq/mode=single/place=acquire-2 10",
		"IncThenReadSeq/mode=single/place=relaxed-rmb-2 12",
		"IncThenReadSeq/mode=single/place=relaxed-2 10",
		"IncThenReadSeq/mode=shared/place=acquire-2 40",
		"IncThenReadSeq/mode=shared/place=acquire 20",
		"Plain-2 3",
		"Positional/a/b-2 1",
	)
	rep, err := Read(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range rep.Groups {
		names = append(names, fmt.Sprintf("%s@%d", g.Name, g.Procs))
	}
	if got, want := strings.Join(names, " "), "IncThenReadSeq/mode=single@2 IncThenReadSeq/mode=shared@2 IncThenReadSeq/mode=shared@1 Plain@2 Positional/a@2"; got != want {
		t.Fatalf("groups %s, want %s", got, want)
	}
	g := rep.Groups[0]
	if g.Unit != TimeUnit || len(g.Rows) != 3 {
		t.Fatalf("group: %+v", g)
	}
	base, rmb, relaxed := g.Rows[0], g.Rows[1], g.Rows[2]
	if base.Label != "acquire" || math.Abs(base.Summary.Center-10e-9) > 1e-12 {
		t.Errorf("first row %q center %g", base.Label, base.Summary.Center)
	}
	if math.Abs(rmb.Ratio-1.2) > 1e-9 || !rmb.Significant() {
		t.Errorf("relaxed-rmb: ratio %g, p %g", rmb.Ratio, rmb.Cmp.P)
	}
	if math.Abs(relaxed.Ratio-1) > 1e-9 || relaxed.Significant() {
		t.Errorf("relaxed (same values): ratio %g, p %g", relaxed.Ratio, relaxed.Cmp.P)
	}
	if rep.ConfigValue("atomicfence-impl") != "amd64" || rep.ConfigValue("cpu") != "Test CPU" {
		t.Errorf("config: %+v", rep.Config)
	}
	if p := rep.Find("Plain", 2); p == nil || p.Rows[0].Label != "Plain" || p.Row("Plain") == nil {
		t.Errorf("a benchmark without sub-benchmarks: %+v", p)
	}
	if p := rep.Find("Positional/a", 2); p == nil || p.Rows[0].Label != "b" {
		t.Errorf("a positional part: %+v", p)
	}
	if rep.Find("IncThenReadSeq/mode=single", 1) != nil || g.Row("nosuch") != nil {
		t.Error("Find or Row found what is not there")
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %q", rep.Warnings)
	}
}

func TestReadPrefersOwnMetric(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkFaults/place=mmap-lock-2 \t 100\t 5000 ns/op\t %d faults/s\n", 1000000+i)
		fmt.Fprintf(&b, "BenchmarkFaults/place=acquire-2 \t 100\t 2500 ns/op\t %d faults/s\n", 2000000+i)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Groups[0]
	if g.Unit != "faults/s" || math.Abs(g.Rows[1].Ratio-2) > 0.01 {
		t.Fatalf("unit %s ratio %g", g.Unit, g.Rows[1].Ratio)
	}
	out := textOf(t, rep)
	for _, want := range []string{"Faults  (GOMAXPROCS=2; faults/s, median ± 95% CI; ratio to mmap-lock)", "1.000M ± 0%", "2.00×  (p=0.002 n=6)"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

func TestReadReportsProblems(t *testing.T) {
	if _, err := Read(strings.NewReader("goos: linux\nPASS\n"), "empty"); err == nil {
		t.Error("input without results read without error")
	}
	rep, err := Read(strings.NewReader("BenchmarkX/a=1 \t 10\t 1 ns/op\nBenchmarkBad \t x\t 1 ns/op\n"), "bad")
	if err != nil {
		t.Fatal(err)
	}
	// A malformed line and a sample too small for a confidence interval.
	if len(rep.Warnings) != 2 || !strings.Contains(strings.Join(rep.Warnings, "\n"), "bad:2") {
		t.Errorf("warnings: %q", rep.Warnings)
	}
}

// TestReadRefusesImpossibleValues: a time that is not a number, infinite or
// below zero is no measurement; the report would print it as one.
func TestReadRefusesImpossibleValues(t *testing.T) {
	for _, v := range []string{"NaN", "+Inf", "-Inf", "-1"} {
		in := "BenchmarkX/a=1 \t 10\t 1 ns/op\nBenchmarkX/a=1 \t 10\t " + v + " ns/op\n"
		_, err := Read(strings.NewReader(in), "odd.txt")
		if err == nil || !strings.Contains(err.Error(), "odd.txt:2: BenchmarkX/a=1: ") || !strings.Contains(err.Error(), "ns/op is no measurement") {
			t.Errorf("%s ns/op: error %v, want one naming odd.txt:2 and the value", v, err)
		}
	}
	if _, err := Read(strings.NewReader("BenchmarkX/a=1 \t 10\t 0 ns/op\nBenchmarkX/a=1 \t 10\t 1e308 ns/op\n"), "ok.txt"); err != nil {
		t.Errorf("0 and 1e308 ns/op: %v", err)
	}
}

func TestWriteText(t *testing.T) {
	rep, err := Read(strings.NewReader(results(6,
		"Primitive/op=Load/order=sync-atomic-2 0.3",
		"Primitive/op=Load/order=relaxed-2 1.4",
		"Primitive/op=Load/order=acquire-2 1.4",
		"ReadLockPaired/mode=single/den=rwmutex/num=acquire-2 20",
	)), "test")
	if err != nil {
		t.Fatal(err)
	}
	out := textOf(t, rep)
	want := `Primitive/op=Load  (GOMAXPROCS=2; ns/op, median ± 95% CI, throughput; ratio to sync-atomic)
  sync-atomic  0.300 ± 1%    3.333G op/s
  relaxed       1.40 ± 1%    714.3M op/s    4.67×  (p=0.002 n=6)
  acquire       1.40 ± 1%    714.3M op/s    4.67×  (p=0.002 n=6)

ReadLockPaired/mode=single/den=rwmutex  (GOMAXPROCS=2; ns/op, median ± 95% CI, throughput)
  acquire       20.0 ± 1%    50.00M op/s
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		v          float64
		unit, want string
	}{
		{0.4037e-9, TimeUnit, "0.404"},
		{2.757e-9, TimeUnit, "2.76"},
		{17.41e-9, TimeUnit, "17.4"},
		{1234.4e-9, TimeUnit, "1234"},
		{100e-9, TimeUnit, "100"}, // three digits from 100 on, as from 1 and 10
		{1234567, "faults/s", "1.235M"},
		{0.9966, RatioUnit, "0.997"},
		{4.0031, RatioUnit, "4.003"},
	} {
		if got, _ := FormatValue(tc.v, tc.unit); got != tc.want {
			t.Errorf("FormatValue(%g, %s) = %s, want %s", tc.v, tc.unit, got, tc.want)
		}
	}
}

// With -benchmem every result also has B/op and allocs/op: the rows stay
// times, not bytes.
func TestReadIgnoresMemoryUnits(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/place=a-2 \t 100\t %g ns/op\t 0 B/op\t 0 allocs/op\n", 5+0.01*float64(i))
		fmt.Fprintf(&b, "BenchmarkX/place=b-2 \t 100\t %g ns/op\t 0 B/op\t 0 allocs/op\n", 10+0.01*float64(i))
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Groups[0]
	if g.Unit != TimeUnit || len(g.Rows) != 2 || math.Abs(g.Rows[1].Ratio-2) > 0.01 {
		t.Fatalf("unit %s, rows %d, ratio %g; want sec/op, 2, 2", g.Unit, len(g.Rows), g.Rows[len(g.Rows)-1].Ratio)
	}
}

// The interval is the 95% one that the table's heading names: of eight
// samples, the second smallest to the largest but one would be only 93%.
func TestIntervalIs95Percent(t *testing.T) {
	var b strings.Builder
	for i := range 8 {
		fmt.Fprintf(&b, "BenchmarkX/place=a-2 \t 100\t %d ns/op\n", i+1)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Groups[0].Rows[0].Summary
	if s.Confidence < 0.95 || math.Abs(s.Lo-1e-9) > 1e-15 || math.Abs(s.Hi-7e-9) > 1e-15 {
		t.Errorf("interval [%g, %g] at %g, want [1ns, 7ns] at 95%% or more", s.Lo, s.Hi, s.Confidence)
	}
}

// A p-value equal to the level is significant: the row differs "at the 5%
// level", and its ratio is printed without "~".
func TestSignificantAtTheLevel(t *testing.T) {
	r := &Row{Ratio: 1.5, Cmp: benchmath.Comparison{P: 0.05, Alpha: 0.05}}
	if !r.Significant() || r.RatioText() != "1.50×" {
		t.Errorf("p = alpha: significant %v, %q", r.Significant(), r.RatioText())
	}
	r.Cmp.P = 0.051
	if r.Significant() || r.RatioText() != "~1.50×" {
		t.Errorf("p > alpha: significant %v, %q", r.Significant(), r.RatioText())
	}
}

// Labels are padded to columns of characters, not bytes.
func TestWriteTextWideCharacters(t *testing.T) {
	rep, err := Read(strings.NewReader(results(6, "X/v=üü-2 1", "X/v=abc-2 1")), "test")
	if err != nil {
		t.Fatal(err)
	}
	out := textOf(t, rep)
	if !strings.Contains(out, "\n  üü   1.00 ± 1%") || !strings.Contains(out, "\n  abc  1.00 ± 1%") {
		t.Errorf("columns:\n%s", out)
	}
}
