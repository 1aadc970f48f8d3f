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
	var got []string
	for _, b := range Check(report(t, "amd64", cases, order)) {
		got = append(got, b.Verdict.String()+" "+b.Target+" "+b.Detail)
	}
	want := "met amd64: no primitive over 1.10× its sync/atomic equivalent worst Swap/acquire; all 1 within"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
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
