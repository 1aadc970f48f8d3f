package benchbars

import (
	"strings"
	"testing"
)

// A Primitive group is judged only where its first row, the one its ratios
// are to, is sync-atomic; one primitive is a bar of one ratio all the same.
func TestCheckPrimitiveBaseline(t *testing.T) {
	order := []string{
		"Primitive/op=Load/order=acquire-2", "Primitive/op=Load/order=sync-atomic-2",
		"Primitive/op=Swap/order=sync-atomic-2", "Primitive/op=Swap/order=acquire-2",
	}
	cases := map[string]float64{order[0]: 20, order[1]: 10, order[2]: 10, order[3]: 10.5}
	got := verdictLines(Check(report(t, "amd64", cases, order)))
	want := "met amd64: no primitive over 1.10× its sync/atomic equivalent: worst Swap/acquire; all 1 within"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// verdictLines is each bar's verdict, target and detail, a line each.
func verdictLines(bars []Bar) string {
	var lines []string
	for _, b := range bars {
		lines = append(lines, b.Verdict.String()+" "+b.Target+": "+b.Detail)
	}
	return strings.Join(lines, "\n")
}

// The bar of one goroutine at GOMAXPROCS=1 takes the increment's cost from
// the Primitive rows of GOMAXPROCS=1, not from the first the run has.
func TestIncrementCostAtOneProc(t *testing.T) {
	order := []string{
		"Primitive/op=CompareAndSwap/order=sync-atomic-2", "Primitive/op=CompareAndSwap/order=acquire-2",
		"Primitive/op=FetchAdd/order=sync-atomic-2", "Primitive/op=FetchAdd/order=acquire-2",
		"Primitive/op=CompareAndSwap/order=sync-atomic-1", "Primitive/op=CompareAndSwap/order=acquire-1",
		"Primitive/op=FetchAdd/order=sync-atomic-1", "Primitive/op=FetchAdd/order=acquire-1",
		"ReadLock/mode=single/lock=acquire-1", "ReadLock/mode=single/lock=rwmutex-1",
	}
	cases := map[string]float64{order[0]: 13, order[1]: 13, order[2]: 10, order[3]: 10,
		order[4]: 20, order[5]: 20, order[6]: 10, order[7]: 10, order[8]: 12, order[9]: 12}
	bars := Check(report(t, "arm64", cases, order))
	if len(bars) != 1 || !strings.Contains(bars[0].Stats, "compare-and-swap costs 2.00×") {
		t.Errorf("want one bar with the Primitive rows of GOMAXPROCS=1: %v", bars)
	}
}

// A ReadLockPaired group of the floor with slow paths as calls whose
// rounds reported no ratio, only ns/op, is no floor: the bar does not
// print its time as a ratio.
func TestCallsFloorWithoutRatio(t *testing.T) {
	order := []string{
		"ReadLock/mode=single/lock=acquire-1", "ReadLock/mode=single/lock=rwmutex-1",
		"ReadLockPaired/mode=single/den=rwmutex/num=inline-calls-1",
	}
	cases := map[string]float64{order[0]: 9, order[1]: 12, order[2]: 30}
	bars := Check(report(t, "arm64", cases, order))
	if len(bars) != 1 || bars[0].Verdict != Met || strings.Contains(bars[0].Stats, "slow paths as calls") {
		t.Errorf("want one bar met on the results measured apart, without a floor: %v", bars)
	}
}

// The primitive bar judges each row of a Primitive group after its
// sync-atomic baseline but the mandatory- and alt- ones, wherever those sit
// among the rest; a group of another benchmark is no primitive, whatever
// its rows are called; and only Store's release row is the release store.
func TestCheckPrimitiveRows(t *testing.T) {
	order := []string{
		"Primitive/op=Fence/order=sync-atomic-2", "Primitive/op=Fence/order=mandatory-mb-2", "Primitive/op=Fence/order=mb-2",
		"Primitive/op=FetchAdd/order=sync-atomic-2", "Primitive/op=FetchAdd/order=release-2",
		"Other/op=Load/order=sync-atomic-2", "Other/op=Load/order=acquire-2",
		"Primitive/op=Store/order=sync-atomic-2", "Primitive/op=Store/order=release-2",
	}
	cases := map[string]float64{order[0]: 10, order[1]: 10, order[2]: 20,
		order[3]: 10, order[4]: 5, order[5]: 10, order[6]: 30, order[7]: 10, order[8]: 5}
	got := verdictLines(Check(report(t, "amd64", cases, order)))
	want := "MISSED amd64: no primitive over 1.10× its sync/atomic equivalent: 1 of 3 over: Fence/mb 2.00×\n" +
		"met amd64: release store faster than atomic.Store (XCHG): Primitive/op=Store release over sync-atomic"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A run whose Primitive rows are at one GOMAXPROCS only, as the root
// package's benchmarks are, gives the increment's cost to the bar at the
// other GOMAXPROCS from those rows.
func TestIncrementCostFromAnotherProcs(t *testing.T) {
	order := []string{
		"Primitive/op=CompareAndSwap/order=sync-atomic-1", "Primitive/op=CompareAndSwap/order=acquire-1",
		"Primitive/op=FetchAdd/order=sync-atomic-1", "Primitive/op=FetchAdd/order=acquire-1",
		"ReadLock/mode=single/lock=acquire-2", "ReadLock/mode=single/lock=rwmutex-2",
	}
	cases := map[string]float64{order[0]: 15, order[1]: 15, order[2]: 10, order[3]: 10, order[4]: 12, order[5]: 12}
	bars := Check(report(t, "arm64", cases, order))
	if len(bars) != 1 || !strings.Contains(bars[0].Stats, "compare-and-swap costs 1.50×") {
		t.Errorf("want one bar with the increment's cost from the Primitive rows of GOMAXPROCS=1: %v", bars)
	}
}
