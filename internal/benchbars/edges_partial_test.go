package benchbars

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// checkLines reads rounds of benchmark lines under goarch and checks them.
func checkLines(t *testing.T, goarch string, round func(b *strings.Builder, i int)) []Bar {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "goarch: %s\n", goarch)
	for i := range 6 {
		round(&b, i)
	}
	rep, err := benchtable.Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	return Check(rep)
}

// A run with some of the results that a bar's extras compare leaves those
// extras out: the floors and the increment's cost need both their rows.
func TestCheckPartialRun(t *testing.T) {
	bars := checkLines(t, "arm64", func(b *strings.Builder, i int) {
		w := 1 + 0.001*float64(i)
		fmt.Fprintf(b, "BenchmarkReadLock/mode=single/lock=inline-atomic-1 \t 1000\t %g ns/op\n", 10*w)
		fmt.Fprintf(b, "BenchmarkReadLock/mode=single/lock=fetchadd-1 \t 1000\t %g ns/op\n", 11*w)
		fmt.Fprintf(b, "BenchmarkReadLockPaired/mode=single/den=rwmutex/num=acquire-1 \t 1000\t 30 ns/op\t %g ratio\n", 0.9*w)
		fmt.Fprintf(b, "BenchmarkPrimitive/op=CompareAndSwap/order=acquire-1 \t 1000\t %g ns/op\n", 5*w)
	})
	if len(bars) != 1 || bars[0].Verdict != Met || !strings.HasSuffix(bars[0].Stats, "sign test p=0.031") {
		t.Errorf("want one bar met on its paired ratio, with no extras: %v", bars)
	}
	// The paired ratio over the inline steps alone is a bar of its own.
	bars = checkLines(t, "arm64", func(b *strings.Builder, i int) {
		fmt.Fprintf(b, "BenchmarkReadLockPaired/mode=single/den=inline-atomic/num=acquire-1 \t 1000\t 30 ns/op\t %g ratio\n", 1.1*(1+0.001*float64(i)))
	})
	if len(bars) != 1 || bars[0].Verdict != Met || !strings.Contains(bars[0].Target, "inline with sync/atomic") {
		t.Errorf("want the inline bar met: %v", bars)
	}
	// A Store group without a release row has no release bar.
	bars = checkLines(t, "amd64", func(b *strings.Builder, i int) {
		w := 1 + 0.001*float64(i)
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Store/order=sync-atomic-1 \t 1000\t %g ns/op\n", 10*w)
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Store/order=relaxed-1 \t 1000\t %g ns/op\n", 5*w)
	})
	if len(bars) != 1 || !strings.HasPrefix(bars[0].Target, "amd64: no primitive over") {
		t.Errorf("want the primitives bar alone: %v", bars)
	}
}

// The primitives bar names the widest interval of its results, the
// baselines' included, whether met or missed.
func TestPrimitivesWidestIntervalOfBaselines(t *testing.T) {
	for _, tc := range []struct {
		acquire float64
		want    Verdict
	}{{5, Met}, {20, Missed}} {
		bars := checkLines(t, "amd64", func(b *strings.Builder, i int) {
			fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=sync-atomic-1 \t 1000\t %g ns/op\n", []float64{10, 10, 10, 10, 10, 11.4}[i])
			fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=acquire-1 \t 1000\t %g ns/op\n", tc.acquire*(1+0.001*float64(i)))
		})
		if len(bars) != 1 || bars[0].Verdict != tc.want || !strings.HasSuffix(bars[0].Stats, "intervals up to ±14%") {
			t.Errorf("acquire at %g: want %v with intervals up to ±14%%: %v", tc.acquire, tc.want, bars)
		}
	}
}
