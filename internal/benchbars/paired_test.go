package benchbars

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchtable"
)

func TestSignTest(t *testing.T) {
	for _, tc := range []struct {
		values       []float64
		m            float64
		below, above int
		p            float64
	}{
		{around(0.9, 12), 1, 12, 0, 2.0 / 4096},
		{[]float64{0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.1, 1.1}, 1, 10, 2, 2 * (1 + 12 + 66) / 4096.0},
		{[]float64{1.1, 1.1, 0.9, 1.1, 1.1, 1.1}, 1, 1, 5, 2 * 7 / 64.0},
		{[]float64{1.1, 1.1, 1.1, 1.1, 1.1, 1.1}, 1, 0, 6, 2 / 64.0},
		// Values within tieBand of m, as printed, count for neither side.
		{[]float64{1, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9}, 1, 6, 0, 2 / 64.0},
		{[]float64{1.0004, 0.9996, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9}, 1, 6, 0, 2 / 64.0},
		{[]float64{1.0006, 0.9994, 0.9, 0.9, 0.9, 0.9}, 1, 5, 1, 2 * 7 / 64.0},
		{[]float64{0.9, 1.1, 0.9, 1.1}, 1, 2, 2, 1},
		{[]float64{1, 1}, 1, 0, 0, 1},
	} {
		below, above, p := signTest(tc.values, tc.m)
		if below != tc.below || above != tc.above || math.Abs(p-tc.p) > 1e-12 {
			t.Errorf("signTest(%v, %g) = %d, %d, %g; want %d, %d, %g", tc.values, tc.m, below, above, p, tc.below, tc.above, tc.p)
		}
	}
}

// ratioRows makes results of the unit ratio, as ReadLockPaired reports
// them, one per sample list.
func ratioRows(t *testing.T, samples ...[]float64) []*benchtable.Row {
	t.Helper()
	var b strings.Builder
	for i := range 100 {
		for j, s := range samples {
			if i < len(s) {
				fmt.Fprintf(&b, "BenchmarkReadLockPaired/mode=single/den=x%d/num=y-2 \t 1000\t 30 ns/op\t %g ratio\n", j, s[i])
			}
		}
	}
	rep, err := benchtable.Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	var rs []*benchtable.Row
	for _, g := range rep.Groups {
		if g.Unit != benchtable.RatioUnit {
			t.Fatalf("group %s read as %s, want ratio", g.Name, g.Unit)
		}
		rs = append(rs, g.Rows...)
	}
	return rs
}

func TestPairedJudge(t *testing.T) {
	spread := []float64{0.6, 0.8, 1.0, 1.2, 1.4, 0.7, 1.3, 0.9, 1.1, 1.0}
	for _, tc := range []struct {
		name    string
		samples []float64
		limit   float64
		atLeast bool
		verdict Verdict
		cause   Cause
		note    string
	}{
		{"met", around(0.95, 12), 1, false, Met, Decided,
			"paired, interval ±0%, 12 of 12 rounds below 1.00×, sign test p=0.000"},
		{"missed", around(1.05, 8), 1, false, Missed, Decided,
			"paired, interval ±0%, 0 of 8 rounds below 1.00×, sign test p=0.008"},
		{"met at least", around(3.5, 6), 3, true, Met, Decided,
			"paired, interval ±0%, 0 of 6 rounds below 3.00×, sign test p=0.031"},
		{"missed at least", around(2.9, 6), 3, true, Missed, Decided,
			"paired, interval ±0%, 6 of 6 rounds below 3.00×, sign test p=0.031"},
		// Five of six below is not enough at 5%.
		{"too close", []float64{0.99, 0.99, 0.99, 0.99, 0.99, 1.01}, 1, false, Inconclusive, TooClose,
			"paired, interval ±2%, 5 of 6 rounds below 1.00×, sign test p=0.219: too close to judge"},
		// Five rounds below and one within the tie band: p=0.062, not
		// enough at 5%.
		{"not significant at 5%", []float64{0.95, 0.951, 0.952, 0.953, 0.954, 1.0002}, 1, false, Inconclusive, TooClose,
			"paired, interval ±5%, 5 of 5 rounds below 1.00×, sign test p=0.062: too close to judge"},
		// A median at the limit is too close whatever the split of the
		// others.
		{"median at the limit", []float64{0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1, 1, 1, 1, 1, 1}, 1, false, Inconclusive, TooClose,
			"paired, interval ±10%, 6 of 6 rounds below 1.00×, sign test p=0.031: too close to judge"},
		{"too noisy", spread, 1, false, Inconclusive, WideSpread,
			"paired, interval ±30%: too noisy to judge"},
		{"too few", around(0.5, 5), 1, false, Inconclusive, FewSamples,
			"paired, n=5: too few samples to judge, 6 needed"},
	} {
		o := pairedTest{row: ratioRows(t, tc.samples)[0], limit: tc.limit, atLeast: tc.atLeast}.judge()
		if o.verdict != tc.verdict || o.cause != tc.cause || o.note != tc.note {
			t.Errorf("%s: got %v, %v, %q; want %v, %v, %q", tc.name, o.verdict, o.cause, o.note, tc.verdict, tc.cause, tc.note)
		}
	}
}

// A ReadLockPaired group whose rounds reported no ratio, only ns/op, is
// not a paired ratio: the bars fall back to the results measured apart,
// or to none.
func TestCheckPairedWithoutRatio(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkReadLockPaired/mode=single/den=rwmutex/num=acquire-1 \t 1 \t %d ns/op\n", 3000+i)
		fmt.Fprintf(&b, "BenchmarkReadLockPaired/mode=scaling/den=distinct-acquire/num=shared-rwmutex-2 \t 1 \t %d ns/op\n", 3000+i)
	}
	rep, err := benchtable.Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	if bars := Check(rep); len(bars) != 0 {
		t.Errorf("bars judged on paired groups without a ratio: %v", bars)
	}
}

// The read-side bars take their ratio from ReadLockPaired where the run
// has it, and name the same ratio measured apart beside it; the bar of one
// goroutine against sync.RWMutex names the floor with slow paths as calls
// and the kernel's increment and release alone where the run has them
// (here at GOMAXPROCS=2 only), and the bars of distinct VMAs and of
// PlacementFetchAdd name their own floors with slow paths as calls.
func TestCheckPaired(t *testing.T) {
	var b strings.Builder
	b.WriteString("goarch: amd64\n")
	listed := PairedCases()
	for i := range 6 {
		w := 1 + 0.001*float64(i)
		for _, c := range []struct {
			name  string
			value float64
			unit  string
		}{
			{"ReadLock/mode=single/lock=inline-atomic-1", 10, "ns/op"},
			{"ReadLock/mode=single/lock=acquire-1", 12, "ns/op"},
			{"ReadLock/mode=single/lock=rwmutex-1", 10, "ns/op"},
			{"ReadLockPaired/mode=single/den=inline-atomic/num=acquire-1", 1.1, "ratio"},
			{"ReadLockPaired/mode=single/den=rwmutex/num=acquire-1", 0.95, "ratio"},
			{"ReadLockPaired/mode=single/den=rwmutex/num=acquire-2", 1.05, "ratio"},
			{"ReadLockPaired/mode=single/den=rwmutex/num=inline-calls-2", 1.02, "ratio"},
			{"ReadLockPaired/mode=single/den=rwmutex/num=inline-increment-2", 1.04, "ratio"},
			{"ReadLockPaired/mode=distinct/den=rwmutex/num=acquire-2", 0.9, "ratio"},
			{"ReadLockPaired/mode=distinct/den=rwmutex/num=inline-calls-2", 0.97, "ratio"},
			{"ReadLockPaired/mode=shared/den=rwmutex/num=fetchadd-2", 1.2, "ratio"},
			{"ReadLockPaired/mode=shared/den=rwmutex/num=inline-fetchadd-calls-2", 1.3, "ratio"},
			{"ReadLockPaired/mode=scaling/den=distinct-acquire/num=shared-rwmutex-2", 3.5, "ratio"},
		} {
			fmt.Fprintf(&b, "Benchmark%s \t 1000\t %.4f %s\n", c.name, c.value*w, c.unit)
			// Each paired row shows in a bar below, so each must be
			// one that the benchmark is held to keep.
			if name, ok := strings.CutPrefix(c.name, "ReadLockPaired/"); ok && i == 0 {
				if name = name[:strings.LastIndex(name, "-")]; !slices.Contains(listed, name) {
					t.Errorf("Check reads ReadLockPaired/%s, which PairedCases does not name", name)
				}
			}
		}
	}
	rep, err := benchtable.Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, bar := range Check(rep) {
		got = append(got, bar.String())
	}
	want := []string{
		"met           StartRead+EndRead (acquire) ≤ 1.25× the same steps inline with sync/atomic: 1.10× (ReadLockPaired/mode=single/den=inline-atomic acquire at GOMAXPROCS=1; paired, interval ±0%, 6 of 6 rounds below 1.25×, sign test p=0.031; measured apart: 1.20× (intervals ±0% / ±0%))",
		"met           StartRead+EndRead (acquire) ≤ 1.00× sync.RWMutex RLock+RUnlock, one goroutine: 0.95× (ReadLockPaired/mode=single/den=rwmutex acquire at GOMAXPROCS=1; paired, interval ±0%, 6 of 6 rounds below 1.00×, sign test p=0.031; measured apart: 1.20× (intervals ±0% / ±0%); the same steps inline with sync/atomic: 1.00× rwmutex)",
		"MISSED        StartRead+EndRead (acquire) ≤ 1.00× sync.RWMutex RLock+RUnlock, one goroutine: 1.05× (ReadLockPaired/mode=single/den=rwmutex acquire at GOMAXPROCS=2; paired, interval ±0%, 0 of 6 rounds below 1.00×, sign test p=0.031; with their slow paths as calls: 1.023× rwmutex, paired; the kernel's increment and release alone: 1.043× rwmutex, paired)",
		"met           2 cores: read-locking distinct VMAs ≥ 3× the throughput of one shared sync.RWMutex: 3.51× (ReadLockPaired/mode=scaling/den=distinct-acquire shared-rwmutex at GOMAXPROCS=2; paired, interval ±0%, 0 of 6 rounds below 3.00×, sign test p=0.031)",
		"MISSED        2 cores: the fetch-add placement on one shared VMA ≤ 1.00× one shared sync.RWMutex: 1.20× (ReadLockPaired/mode=shared/den=rwmutex fetchadd at GOMAXPROCS=2; paired, interval ±0%, 0 of 6 rounds below 1.00×, sign test p=0.031; with their slow paths as calls: 1.303× rwmutex, paired)",
		"met           2 cores: StartRead+EndRead on distinct VMAs ≤ 1.00× a sync.RWMutex per object: 0.90× (ReadLockPaired/mode=distinct/den=rwmutex acquire at GOMAXPROCS=2; paired, interval ±0%, 6 of 6 rounds below 1.00×, sign test p=0.031; with their slow paths as calls: 0.972× rwmutex, paired)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
