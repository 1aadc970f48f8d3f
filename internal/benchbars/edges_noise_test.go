package benchbars

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// A result whose interval is exactly ±MaxSpread is not wide and gives no
// reason; of two results equally wide, the first is named the widest.
func TestNoiseAtTheSpreadLimit(t *testing.T) {
	var b strings.Builder
	for _, v := range []float64{8, 8, 8, 8, 8, 9.2} {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", v)
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t %g ns/op\n", 2*v)
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(readReport(t, b.String()), nil, quiet, quiet)
	if got, want := n.Spread(), "95% intervals: median ±15%, widest ±15% (X a at GOMAXPROCS=2)"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
	if rs := n.Reasons(); len(rs) != 0 {
		t.Errorf("reasons %q; want none", rs)
	}
}

// A report whose groups have no rows has no intervals and no samples.
func TestNoiseWithoutResults(t *testing.T) {
	rep, err := benchtable.Read(strings.NewReader("BenchmarkX/case=a-2 \t 1000\t 0 B/op\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(rep, nil, quiet, quiet)
	if got, want := n.Spread(), "no 95% intervals: at most 0 samples per result, 6 needed"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
}

// A result without an interval (too few samples) is counted as wide and
// left out of the spreads, and the results after it in its group are not.
func TestNoiseAfterAResultWithoutInterval(t *testing.T) {
	var b strings.Builder
	for i, v := range []float64{10, 10, 10, 10, 10, 11} {
		if i < 3 {
			fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t 10 ns/op\n")
		}
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t %g ns/op\n", v)
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(readReport(t, b.String()), nil, quiet, quiet)
	if got, want := n.Spread(), "95% intervals: median ±10%, widest ±10% (X b at GOMAXPROCS=2); 1 of 2 results wider than ±15% or without an interval"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
	if n.Wide != 1 || n.FewestSamples != 3 {
		t.Errorf("wide %d, fewest samples %d; want 1 and 3", n.Wide, n.FewestSamples)
	}
}
