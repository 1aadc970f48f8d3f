package benchbars

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
)

func report(t *testing.T, goarch string, cases map[string]float64, order []string) *benchtable.Report {
	t.Helper()
	return reportWith(t, "goarch: "+goarch+"\n", cases, order)
}

// reportWith is a report of six rounds of the cases, in order, under the
// configuration lines header.
func reportWith(t *testing.T, header string, cases map[string]float64, order []string) *benchtable.Report {
	t.Helper()
	var b strings.Builder
	b.WriteString(header)
	for i := range 6 {
		for _, name := range order {
			fmt.Fprintf(&b, "Benchmark%s \t 1000\t %.4f ns/op\n", name, cases[name]*(1+0.001*float64(i)))
		}
	}
	rep, err := benchtable.Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestCheck(t *testing.T) {
	order := []string{
		"Primitive/op=Load/order=sync-atomic-2", "Primitive/op=Load/order=relaxed-2",
		"Primitive/op=Store/order=sync-atomic-2", "Primitive/op=Store/order=release-2",
		"Primitive/op=Fence/order=sync-atomic-2", "Primitive/op=Fence/order=mandatory-mb-2",
		"ReadLock/mode=single/lock=inline-atomic-2", "ReadLock/mode=single/lock=acquire-2",
		"ReadLock/mode=shared/lock=rwmutex-2", "ReadLock/mode=distinct/lock=rwmutex-2", "ReadLock/mode=distinct/lock=acquire-2",
		"Primitive/op=Fence/order=alt-mb-return-slot-2",
		"ReadLock/mode=single/lock=rwmutex-2",
		"ReadLock/mode=shared/lock=fetchadd-2",
		"ReadLock/mode=distinct/lock=inline-atomic-2",
		"ReadLock/mode=shared/lock=inline-fetchadd-2",
		"Primitive/op=CompareAndSwap/order=sync-atomic-2", "Primitive/op=CompareAndSwap/order=acquire-2",
		"Primitive/op=FetchAdd/order=sync-atomic-2", "Primitive/op=FetchAdd/order=acquire-2",
		"ReadLock/mode=single/lock=fetchadd-2", "ReadLock/mode=distinct/lock=fetchadd-2",
	}
	cases := map[string]float64{
		order[0]: 1, order[1]: 1.05,
		order[2]: 2, order[3]: 1.5,
		order[4]: 2, order[5]: 16, // no sync/atomic equivalent: not a primitive bar
		order[6]: 10, order[7]: 13,
		order[8]: 30, order[9]: 5, order[10]: 8,
		order[11]: 7, // a form the package does not use: not a primitive bar
		order[12]: 12,
		order[13]: 24,
		order[14]: 6,
		order[15]: 27,
		order[16]: 13, order[17]: 13, order[18]: 10, order[19]: 10, // compare-and-swap, fetch-add
		order[20]: 12, order[21]: 4.5, // PlacementFetchAdd: no bar of its own here
	}
	bars := Check(report(t, "amd64", cases, order))
	var got []string
	for _, b := range bars {
		got = append(got, b.String())
	}
	want := []string{
		"met           amd64: no primitive over 1.10× its sync/atomic equivalent: 1.05× (worst Load/relaxed; all 4 within; each p ≤ 0.05 against 1.10×, intervals up to ±0%)",
		"met           amd64: release store faster than atomic.Store (XCHG): 0.75× (Primitive/op=Store release over sync-atomic; intervals ±0% / ±0%, p=0.002 against 1.00×)",
		"MISSED        StartRead+EndRead (acquire) ≤ 1.25× the same steps inline with sync/atomic: 1.30× (ReadLock/mode=single acquire over inline-atomic at GOMAXPROCS=2; intervals ±0% / ±0%, p=0.002 against 1.25×)",
		"MISSED        StartRead+EndRead (acquire) ≤ 1.00× sync.RWMutex RLock+RUnlock, one goroutine: 1.08× (ReadLock/mode=single acquire over rwmutex at GOMAXPROCS=2; intervals ±0% / ±0%, p=0.002 against 1.00×; the same steps inline with sync/atomic: 0.83× rwmutex; PlacementFetchAdd: 1.00× rwmutex; an acquire compare-and-swap costs 1.30× an acquire fetch-add here (Primitive))",
		"met           2 cores: read-locking distinct VMAs ≥ 3× the throughput of one shared sync.RWMutex: 3.75× (ReadLock/mode=shared/lock=rwmutex over mode=distinct/lock=acquire, ns/op at GOMAXPROCS=2; intervals ±0% / ±0%, p=0.002 against 3.00×)",
		"met           2 cores: the fetch-add placement on one shared VMA ≤ 1.00× one shared sync.RWMutex: 0.80× (ReadLock/mode=shared fetchadd over rwmutex at GOMAXPROCS=2; intervals ±0% / ±0%, p=0.002 against 1.00×; the same steps inline with sync/atomic: 0.90× rwmutex)",
		"MISSED        2 cores: StartRead+EndRead on distinct VMAs ≤ 1.00× a sync.RWMutex per object: 1.60× (ReadLock/mode=distinct acquire over rwmutex at GOMAXPROCS=2; intervals ±0% / ±0%, p=0.002 against 1.00×; the same steps inline with sync/atomic: 1.20× rwmutex; PlacementFetchAdd: 0.90× rwmutex; an acquire compare-and-swap costs 1.30× an acquire fetch-add here (Primitive))",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The same results made slower miss the bars.
	cases[order[1]], cases[order[3]], cases[order[10]], cases[order[13]] = 1.2, 2.5, 12, 36
	bars = Check(report(t, "amd64", cases, order))
	for _, b := range bars {
		if b.Verdict != Missed {
			t.Errorf("bar met on slower results: %s", b)
		}
	}
	// A read lock faster than the RWMutexes meets the two bars against
	// them.
	fast := maps.Clone(cases)
	fast[order[7]], fast[order[10]] = 11, 4
	judged := 0
	for _, b := range Check(report(t, "amd64", fast, order)) {
		if strings.Contains(b.Target, "sync.RWMutex RLock") || strings.Contains(b.Target, "per object") {
			judged++
			if b.Verdict != Met {
				t.Errorf("bar not met on results within it: %s", b)
			}
		}
	}
	if judged != 2 {
		t.Errorf("%d bars against sync.RWMutex, want 2", judged)
	}
	if want := "MISSED        amd64: no primitive over 1.10× its sync/atomic equivalent: 1.25× (2 of 4 over: Load/relaxed 1.20×, Store/release 1.25×; each p ≤ 0.0125 (0.05/4) against 1.10×, intervals up to ±0%)"; bars[0].String() != want {
		t.Errorf("got\n%s\nwant\n%s", bars[0], want)
	}

	// Without the Primitive rows of a compare-and-swap and a fetch-add, or
	// the fetch-add placement's, the bars do not name them.
	for _, b := range Check(report(t, "amd64", cases, order[:16])) {
		if strings.Contains(b.Stats, "compare-and-swap costs") || strings.Contains(b.Stats, "PlacementFetchAdd") {
			t.Errorf("bar names results the run does not have: %s", b)
		}
	}

	// Not amd64: no primitive bars.
	if bars := Check(report(t, "arm64", cases, order)); len(bars) != 5 {
		t.Errorf("arm64: %d bars, want the 5 read-side ones", len(bars))
	}
}

// The increment's cost a bar prints comes from the Primitive rows of its
// own GOMAXPROCS when the run has them there.
func TestIncrementCostSameProcs(t *testing.T) {
	// GOMAXPROCS=2 first: a lookup that took the last group of each name
	// would take GOMAXPROCS=1's.
	order := []string{
		"Primitive/op=CompareAndSwap/order=sync-atomic-2", "Primitive/op=CompareAndSwap/order=acquire-2",
		"Primitive/op=FetchAdd/order=sync-atomic-2", "Primitive/op=FetchAdd/order=acquire-2",
		"Primitive/op=CompareAndSwap/order=sync-atomic-1", "Primitive/op=CompareAndSwap/order=acquire-1",
		"Primitive/op=FetchAdd/order=sync-atomic-1", "Primitive/op=FetchAdd/order=acquire-1",
		"ReadLock/mode=single/lock=inline-atomic-2", "ReadLock/mode=single/lock=acquire-2", "ReadLock/mode=single/lock=rwmutex-2",
	}
	cases := map[string]float64{order[0]: 13, order[1]: 13, order[2]: 10, order[3]: 10,
		order[4]: 20, order[5]: 20, order[6]: 10, order[7]: 10, order[8]: 10, order[9]: 12, order[10]: 12}
	found := false
	for _, b := range Check(report(t, "arm64", cases, order)) {
		if strings.Contains(b.Target, "sync.RWMutex RLock") {
			found = true
			if !strings.Contains(b.Stats, "compare-and-swap costs 1.30×") {
				t.Errorf("the bar at GOMAXPROCS=2 does not use the Primitive rows of GOMAXPROCS=2: %s", b)
			}
		}
	}
	if !found {
		t.Fatal("no bar against sync.RWMutex on one goroutine")
	}
}

// TestRatioText: a bar's ratio shows on which side of its limit it lies,
// with two decimals where they do and up to five where they do not; a
// ratio at the limit, or far from it, keeps two. A bar prints it so, and
// a MISSED ≤ 1× bar never reads "1.00×".
func TestRatioText(t *testing.T) {
	for _, tc := range []struct {
		r, limit float64
		want     string
	}{
		{1.003, 1, "1.003"},
		{0.996, 1, "0.996"},
		{0.9996, 1, "0.9996"},
		{1.0000001, 1, "1.00000"},
		{1, 1, "1.00"},
		{2.996, 3, "2.996"},
		{3.004, 3, "3.004"},
		{1.25, 1.10, "1.25"},
		{0.5, 0, "0.50"},
	} {
		if got := ratioText(tc.r, tc.limit); got != tc.want {
			t.Errorf("ratioText(%v, %v) = %q, want %q", tc.r, tc.limit, got, tc.want)
		}
	}
	b := Bar{Target: "≤ 1.00× sync.RWMutex", Ratio: 1.003, Limit: 1, Verdict: Missed, Detail: "d", Stats: "s"}
	if want := "MISSED        ≤ 1.00× sync.RWMutex: 1.003× (d; s)"; b.String() != want {
		t.Errorf("bar %q, want %q", b.String(), want)
	}
}

// TestPrimitiveBarsNeedTheAssembly: the amd64 primitive bars compare the
// assembly with sync/atomic, so a purego run on amd64, whose primitives
// are sync/atomic's own code, is not judged on them; a run on the amd64
// assembly, or one from before the implementation was recorded, is.
func TestPrimitiveBarsNeedTheAssembly(t *testing.T) {
	order := []string{"Primitive/op=Load/order=sync-atomic-2", "Primitive/op=Load/order=relaxed-2"}
	cases := map[string]float64{order[0]: 1, order[1]: 1.5}
	for impl, want := range map[string]bool{"": true, "amd64": true, "generic": false} {
		header := "goarch: amd64\n"
		if impl != "" {
			header = benchenv.ImplKey + ": " + impl + "\n" + header
		}
		rep := reportWith(t, header, cases, order)
		got := false
		for _, bar := range Check(rep) {
			got = got || strings.Contains(bar.Target, "primitive")
		}
		if got != want {
			t.Errorf("implementation %q: a primitive bar %v, want %v", impl, got, want)
		}
	}
}
