package benchtable

import (
	"fmt"
	"strings"
	"testing"
)

// Ten nanoseconds is printed with one decimal, as from 10 on; zero time per
// operation is an infinite throughput.
func TestFormatAtTheSteps(t *testing.T) {
	if got, _ := FormatValue(10e-9, TimeUnit); got != "10.0" {
		t.Errorf("FormatValue(10ns) = %s, want 10.0", got)
	}
	if got := Throughput(0); got != "∞ op/s" {
		t.Errorf("Throughput(0) = %s, want ∞ op/s", got)
	}
}

// A group takes the benchmark's own metric even where only a later case
// reports it, and of two metrics the first in order of their names; a
// case without it is left out with a warning. The table of such a metric
// has no throughput.
func TestReadOwnMetricOfALaterCase(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 100\t %d ns/op\n", 5+i%2)
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 100\t %d ns/op\t %d faults/s\t %d zz/s\n", 5+i%2, 1000+i%2, 7)
		fmt.Fprintf(&b, "BenchmarkX/case=c-2 \t 100\t %d ns/op\t %d faults/s\n", 5+i%2, 3000+i%2)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Groups[0]
	if g.Unit != "faults/s" || len(g.Rows) != 2 || g.Rows[0].Label != "b" || g.Rows[1].Label != "c" {
		t.Fatalf("unit %s, %d rows; want faults/s, rows b and c", g.Unit, len(g.Rows))
	}
	if want := "X/a: no faults/s values"; len(rep.Warnings) == 0 || rep.Warnings[0] != want {
		t.Errorf("warnings %q, want %q first", rep.Warnings, want)
	}
	out := textOf(t, rep)
	if strings.Contains(out, " \n") {
		t.Errorf("a line ends in spaces:\n%q", out)
	}
	if strings.Contains(out, "op/s") || !strings.Contains(out, "  c  3.001k ± 0%      3.00×  (p=0.002 n=6)\n") {
		t.Errorf("text:\n%s", out)
	}
}

// The U test's sample sizes are the first row's then the row's; a first
// row of median zero leaves the others' ratio at 1, and an interval from
// zero to above a median of zero is infinitely wide.
func TestReadSampleSizesAndZeroBase(t *testing.T) {
	var b strings.Builder
	for i := range 8 {
		if i < 6 {
			fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 100\t %d zz/s\n", []int{0, 0, 0, 0, 5, 5}[i])
		}
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 100\t %d zz/s\n", 10+i%2)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	a, r := rep.Groups[0].Rows[0], rep.Groups[0].Rows[1]
	if got := r.Cmp.String(); !strings.HasSuffix(got, "n=6+8") {
		t.Errorf("comparison %q, want sample sizes n=6+8", got)
	}
	if r.Ratio != 1 {
		t.Errorf("ratio over a median of zero %g, want 1", r.Ratio)
	}
	if a.SpreadText() != "∞" {
		t.Errorf("spread of 0 to 5 around 0: %s, want ∞", a.SpreadText())
	}
}

// The throughput column is as wide as the throughputs of times alone: a
// group of another unit beside it does not widen it.
func TestThroughputWidthOfTimesAlone(t *testing.T) {
	out := textOfRounds(t, "BenchmarkT/case=a-2 \t 100\t 1 ns/op", "BenchmarkF/case=b-2 \t 100\t 1e-40 faults/s")
	if !strings.Contains(out, "\n  a           1.00 ± 0%    1.000G op/s\n") {
		t.Errorf("text:\n%q", out)
	}
}

// A finite interval however wide is printed as its percentage; only a
// missing one is "∞".
func TestSpreadTextOfAWideInterval(t *testing.T) {
	var b strings.Builder
	for _, v := range []int{1, 1, 1, 1, 1, 16} {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 100\t %d zz/s\n", v)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Groups[0].Rows[0].SpreadText(); got != "1500%" {
		t.Errorf("spread of 1 to 16 around 1: %s, want 1500%%", got)
	}
}
