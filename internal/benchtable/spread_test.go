package benchtable

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"
)

func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		lo, center, hi float64
		pct            int
		text           string
	}{
		{9, 10, 11, 10, "10%"},
		{9.5, 10, 12.3, 23, "23%"},     // the larger side
		{9.5, 10, 12.36, 24, "24%"},    // rounded, not cut: 23.6% prints as 24%
		{0.5, 10, 10.1, 95, "95%"},     // far below the median
		{10, 10, 29, 190, "190%"},      // far above it
		{0, 0, 0, 0, "0%"},             // nothing measured, nothing spread
		{-1, 10, 11, math.MaxInt, "∞"}, // across zero
		{math.Inf(-1), 10, math.Inf(1), math.MaxInt, "∞"},
		{math.NaN(), 10, 11, math.MaxInt, "∞"}, // no interval
		{9, 10, math.NaN(), math.MaxInt, "∞"},
	} {
		r := &Row{Summary: benchmath.Summary{Lo: tc.lo, Center: tc.center, Hi: tc.hi}}
		if got := r.SpreadPercent(); got != tc.pct {
			t.Errorf("%g < %g < %g: SpreadPercent %d, want %d", tc.lo, tc.center, tc.hi, got, tc.pct)
		}
		if got := r.SpreadText(); got != tc.text {
			t.Errorf("%g < %g < %g: SpreadText %s, want %s", tc.lo, tc.center, tc.hi, got, tc.text)
		}
	}
}

// The table prints the spread that Spread computes, and ∞ for a result
// too small for an interval.
func TestWriteTextSpread(t *testing.T) {
	rep, err := Read(strings.NewReader("BenchmarkX/a=1 \t 10\t 1 ns/op\nBenchmarkX/a=2 \t 10\t 2 ns/op\n"), "few")
	if err != nil {
		t.Fatal(err)
	}
	out := textOf(t, rep)
	if !strings.Contains(out, "1.00 ± ∞") {
		t.Errorf("table:\n%s", out)
	}
}

// Each row prints its own spread, not the first row's.
func TestWriteTextSpreadPerRow(t *testing.T) {
	var in strings.Builder
	for _, ns := range []float64{2, 2, 2, 3, 2, 1} {
		fmt.Fprintf(&in, "BenchmarkX/a=steady \t 10\t 1 ns/op\nBenchmarkX/a=noisy \t 10\t %g ns/op\n", ns)
	}
	rep, err := Read(strings.NewReader(in.String()), "rows")
	if err != nil {
		t.Fatal(err)
	}
	out := textOf(t, rep)
	for _, want := range []string{"  steady  1.00 ± 0%", "  noisy   2.00 ± 50%"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
