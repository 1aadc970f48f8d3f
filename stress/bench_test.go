package stress

import (
	"context"
	"testing"
	"time"
)

// benchShape runs b.N iterations of a shape, in runs of at most 100000, and
// reports the rate of weak outcomes as weak/op next to ns/op, the time of one
// iteration (barrier, code, set-up and counting included).
func benchShape(b *testing.B, name string, barrier Barrier) {
	s, ok := Lookup(name)
	if !ok {
		b.Fatalf("no shape %s", name)
	}
	const chunk = 100_000
	weak, total := 0, 0
	for left := b.N; left > 0; left -= chunk {
		res, err := Run(context.Background(), s, Config{Iterations: min(left, chunk), Runs: 1, Barrier: barrier, Timeout: 10 * time.Minute})
		if err != nil {
			b.Fatalf("Run: %v", err)
		}
		if res.Stopped != nil {
			b.Fatalf("Run stopped early: %v", res.Stopped)
		}
		weak += res.Positive
		total += res.Total()
	}
	b.ReportMetric(float64(weak)/float64(total), "weak/op")
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "iters/s")
}

// BenchmarkRun is the speed of the harness on a few shapes with the default
// barrier.
func BenchmarkRun(b *testing.B) {
	for _, name := range []string{"SB", "MP", "VMA+acquire"} {
		b.Run(name, func(b *testing.B) { benchShape(b, name, UserFence) })
	}
}

// BenchmarkBarrierModes compares the barriers on SB: how often the weak
// outcome shows (weak/op) and what an iteration costs. It is the evidence
// for UserFence as the default; compare the modes within one run of it.
func BenchmarkBarrierModes(b *testing.B) {
	for _, mode := range Barriers() {
		b.Run(mode.String(), func(b *testing.B) { benchShape(b, "SB", mode) })
	}
}
