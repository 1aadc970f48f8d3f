package benchbars

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// A bar judged on its paired ratio names the ratio measured apart beside
// it with each result's own interval, the numerator's first: a reader who
// sees "±10% / ±0%" must find the noise in acquire's rounds, not in
// rwmutex's.
func TestPairedBarNamesEachIntervalMeasuredApart(t *testing.T) {
	var b strings.Builder
	for i, v := range []float64{10, 10, 10, 10, 10, 11} {
		fmt.Fprintf(&b, "BenchmarkReadLock/mode=single/lock=acquire-1 \t 1000\t %g ns/op\n", v)
		fmt.Fprintf(&b, "BenchmarkReadLock/mode=single/lock=rwmutex-1 \t 1000\t 20 ns/op\n")
		fmt.Fprintf(&b, "BenchmarkReadLockPaired/mode=single/den=rwmutex/num=acquire-1 \t 1000\t 30 ns/op\t %g ratio\n", 0.9*(1+0.001*float64(i)))
	}
	bar := checkOne(t, b.String())
	if want := "; measured apart: 0.50× (intervals ±10% / ±0%)"; !strings.Contains(bar.Stats, want) {
		t.Errorf("got %s; want it to say %q", bar, want)
	}
}

// A Primitive group whose results reported no time (only B/op, say) has
// no rows: it is no primitive to judge, and the report is still checked
// rather than the check failing on it.
func TestCheckPrimitiveGroupWithoutRows(t *testing.T) {
	rep, err := benchtable.Read(strings.NewReader("goarch: amd64\n"+
		"BenchmarkPrimitive/op=Load/order=sync-atomic-2 \t 1000\t 0 B/op\n"+
		"BenchmarkPrimitive/op=Load/order=acquire-2 \t 1000\t 0 B/op\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	if g := rep.Find("Primitive/op=Load", 2); g == nil || len(g.Rows) != 0 {
		t.Fatalf("want a Primitive group without rows: %+v", g)
	}
	if bars := Check(rep); len(bars) != 0 {
		t.Errorf("bars judged on a group without results: %v", bars)
	}
}

// The primitives bar names the widest interval of its results whichever
// side of a ratio it is on: here the primitive's own, wider than its
// sync/atomic baseline's, whether the bar is met or missed.
func TestPrimitivesWidestIntervalOfAPrimitive(t *testing.T) {
	for _, tc := range []struct {
		acquire float64
		want    Verdict
	}{{5, Met}, {20, Missed}} {
		bars := checkLines(t, "amd64", func(b *strings.Builder, i int) {
			fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=sync-atomic-1 \t 1000\t %g ns/op\n", 10*(1+0.001*float64(i)))
			fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=acquire-1 \t 1000\t %g ns/op\n", tc.acquire*[]float64{1, 1, 1, 1, 1, 1.14}[i])
		})
		if len(bars) != 1 || bars[0].Verdict != tc.want || !strings.HasSuffix(bars[0].Stats, "intervals up to ±14%") {
			t.Errorf("acquire at %g: want %v with intervals up to ±14%%: %v", tc.acquire, tc.want, bars)
		}
	}
}

// A primitive that took 0 ns/op in every round (the compiler removed
// it) has a ratio of 0 to its baseline: it is within the bar, and the
// bar names it as its worst rather than failing to name any.
func TestPrimitivesAtZeroTime(t *testing.T) {
	bars := checkLines(t, "amd64", func(b *strings.Builder, i int) {
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=sync-atomic-1 \t 1000\t %g ns/op\n", 1+0.001*float64(i))
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=acquire-1 \t 1000\t 0 ns/op\n")
	})
	if len(bars) != 1 || bars[0].Verdict != Met || bars[0].Ratio != 0 || bars[0].Detail != "worst Load/acquire; all 1 within" {
		t.Errorf("want the primitives bar met at 0.00×, worst Load/acquire: %v", bars)
	}
}

// Two results that took no time, both removed by the compiler, are level
// (1.00×): a ratio of 0/0 would be NaN, which the primitives bar would
// keep as its worst and print beside a miss elsewhere.
func TestPrimitivesBothAtZeroTime(t *testing.T) {
	bars := checkLines(t, "amd64", func(b *strings.Builder, i int) {
		w := 1 + 0.001*float64(i)
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=sync-atomic-1 \t 1000\t 0 ns/op\n")
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Load/order=acquire-1 \t 1000\t 0 ns/op\n")
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Swap/order=sync-atomic-1 \t 1000\t %g ns/op\n", 10*w)
		fmt.Fprintf(b, "BenchmarkPrimitive/op=Swap/order=acquire-1 \t 1000\t %g ns/op\n", 30*w)
	})
	if len(bars) != 1 || bars[0].Verdict != Missed || bars[0].Ratio != 3 || !strings.HasPrefix(bars[0].Detail, "1 of 2 over: Swap/acquire 3.00×") {
		t.Errorf("want the primitives bar missed at 3.00× by Swap/acquire alone: %v", bars)
	}
}

// Of two results equally short of samples, the first in the report is
// the one the reason names, as the first of two equally wide intervals is.
func TestNoiseNamesTheFirstOfTheFewest(t *testing.T) {
	var b strings.Builder
	for range 5 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t 10 ns/op\n")
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t 20 ns/op\n")
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(readReport(t, b.String()), nil, quiet, quiet)
	if want := "as few as 5 samples of a result (X a at GOMAXPROCS=2)"; !strings.Contains(strings.Join(n.Reasons(), "\n"), want) {
		t.Errorf("reasons %q lack %q", n.Reasons(), want)
	}
}

// An interval many times its median is still an interval: the result is
// named as the widest with its spread, and counted among the wide ones.
func TestNoiseWithAVeryWideInterval(t *testing.T) {
	var b strings.Builder
	for i, v := range []float64{1, 1, 1, 1, 1, 20} {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", v)
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t %g ns/op\n", 10*(1+0.01*float64(i%3)))
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(readReport(t, b.String()), nil, quiet, quiet)
	if got, want := n.Spread(), "95% intervals: median ±1900%, widest ±1900% (X a at GOMAXPROCS=2); 1 of 2 results wider than ±15% or without an interval"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
}

// A report whose groups hold no result at all (only B/op, say) has no
// samples: it is a run too poor to judge, not a quiet one.
func TestNoiseOfAReportWithoutResults(t *testing.T) {
	rep := readReport(t, "BenchmarkX/case=a-2 \t 1000\t 0 B/op\n")
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(rep, nil, quiet, quiet)
	if n.Results != 0 || n.FewestSamples != 0 {
		t.Errorf("results %d, fewest samples %d; want 0 and 0", n.Results, n.FewestSamples)
	}
	if rs := strings.Join(n.Reasons(), "\n"); !strings.Contains(rs, "no result measured a time") || strings.Contains(rs, "as few as") {
		t.Errorf("reasons %q; want it said that no result measured a time, and no result named as short of samples", rs)
	}
}
