package benchbars

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// checkOne reads benchmark lines (goarch arm64: no primitive bars) and
// returns the one bar Check makes of them.
func checkOne(t *testing.T, lines string) Bar {
	t.Helper()
	rep, err := benchtable.Read(strings.NewReader("goarch: arm64\n"+lines), "test")
	if err != nil {
		t.Fatal(err)
	}
	bars := Check(rep)
	if len(bars) != 1 {
		t.Fatalf("got %d bars, want 1: %v", len(bars), bars)
	}
	return bars[0]
}

// A paired ratio whose interval is exactly ±MaxSpread is judged: only a
// wider one is too noisy.
func TestPairedSpreadAtTheLimitIsJudged(t *testing.T) {
	var b strings.Builder
	for _, v := range []float64{0.8, 0.8, 0.8, 0.8, 0.8, 0.92} {
		fmt.Fprintf(&b, "BenchmarkReadLockPaired/mode=single/den=rwmutex/num=acquire-1 \t 1000\t 30 ns/op\t %g ratio\n", v)
	}
	bar := checkOne(t, b.String())
	if bar.Verdict != Met || bar.Cause != Decided || !strings.Contains(bar.Stats, "interval ±15%,") {
		t.Errorf("got %s; want met at an interval of ±15%%", bar)
	}
}

// Two results measured apart whose intervals are exactly ±MaxSpread are
// judged: only a wider one is too noisy.
func TestApartSpreadAtTheLimitIsJudged(t *testing.T) {
	var b strings.Builder
	for _, v := range []float64{8, 8, 8, 8, 8, 9.2} {
		fmt.Fprintf(&b, "BenchmarkReadLock/mode=single/lock=acquire-1 \t 1000\t %g ns/op\n", v)
		fmt.Fprintf(&b, "BenchmarkReadLock/mode=single/lock=rwmutex-1 \t 1000\t %g ns/op\n", 2*v)
	}
	bar := checkOne(t, b.String())
	if bar.Verdict != Met || bar.Cause != Decided || !strings.Contains(bar.Stats, "intervals ±15% / ±15%,") {
		t.Errorf("got %s; want met at intervals of ±15%%", bar)
	}
}

// go test prints a paired ratio at the edge of the tie band, 0.9995 or
// 1.0005 against a limit of 1, and such a round counts for neither side:
// rounds all at the edge leave the bar too close to judge, not met or
// missed.
func TestPairedRatioAtTheTieBandEdgeIsATie(t *testing.T) {
	for _, v := range []string{"0.9995", "1.0005"} {
		var b strings.Builder
		for range 8 {
			fmt.Fprintf(&b, "BenchmarkReadLockPaired/mode=single/den=rwmutex/num=acquire-1 \t 1000\t 30 ns/op\t %s ratio\n", v)
		}
		bar := checkOne(t, b.String())
		if bar.Verdict != Inconclusive || bar.Cause != TooClose || !strings.Contains(bar.Stats, "0 of 0 rounds below") {
			t.Errorf("rounds at %s: got %s; want too close, no round on either side", v, bar)
		}
	}
}

// Two results measured apart whose medians are equal, a ratio at exactly
// a limit of 1, are too close to judge even where the U test tells their
// samples apart: the bar wants the ratio, not the samples, below 1.
func TestApartRatioAtTheLimitIsTooClose(t *testing.T) {
	var b strings.Builder
	for i := range 15 {
		num, den := 10.0, 10.0
		if i >= 8 {
			num = 10.5
		}
		if i < 7 {
			den = 9.5
		}
		fmt.Fprintf(&b, "BenchmarkReadLock/mode=single/lock=acquire-1 \t 1000\t %g ns/op\n", num)
		fmt.Fprintf(&b, "BenchmarkReadLock/mode=single/lock=rwmutex-1 \t 1000\t %g ns/op\n", den)
	}
	bar := checkOne(t, b.String())
	if bar.Ratio != 1 || bar.Verdict != Inconclusive || bar.Cause != TooClose || !strings.HasSuffix(bar.Stats, ": too close to judge") {
		t.Errorf("got %s; want too close at 1.00×", bar)
	}
}
