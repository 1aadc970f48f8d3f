package vma_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/vma"
)

// TestVMAsIteratesFromItsStart: the sequence VMAs returns enumerates the
// VMAs there are when an iteration begins, not those there were when VMAs
// was called: a writer that takes the sequence first and ranges over it
// after a change gets no VMA that has been unmapped, and misses none that
// has been mapped.
func TestVMAsIteratesFromItsStart(t *testing.T) {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	edgeMap(t, mm, 0x10, 0x20, "a")
	edgeMap(t, mm, 0x20, 0x30, "b")
	list := func(seq func(func(*vma.VMA) bool)) string {
		var b strings.Builder
		for v := range seq {
			fmt.Fprintf(&b, "[%#x,%#x)%v/%t ", v.Start(), v.End(), v.Data, v.MM() == mm)
		}
		return b.String()
	}
	edgeSession(mm, func() {
		seq := mm.VMAs()
		if err := mm.Unmap(0x10, 0x18); err != nil {
			t.Fatal(err)
		}
		if _, err := mm.Map(0x40, 0x50, "c"); err != nil {
			t.Fatal(err)
		}
		const want = "[0x18,0x20)a/true [0x20,0x30)b/true [0x40,0x50)c/true "
		if got := list(seq); got != want {
			t.Errorf("a sequence taken before the changes gives %s, want %s", got, want)
		}
		if got := list(mm.VMAs()); got != want {
			t.Errorf("VMAs gives %s, want %s", got, want)
		}
	})
}

// TestVMAsStopsWhenTheLoopBreaks: a loop over VMAs that breaks, or returns
// from its function, ends the iteration there, as a range loop requires
// of its sequence: a lookup that stops at the first VMA past an address
// gets that VMA, and the loop body is not called again. (A sequence that
// went on after the body returned false would make the caller's loop
// panic.)
func TestVMAsStopsWhenTheLoopBreaks(t *testing.T) {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	edgeMap(t, mm, 0x10, 0x20, "a")
	b := edgeMap(t, mm, 0x20, 0x30, "b")
	edgeMap(t, mm, 0x40, 0x50, "c")
	firstEndingAfter := func(addr uint64) (got *vma.VMA, panicked any) {
		defer func() { panicked = recover() }()
		for v := range mm.VMAs() {
			if v.End() > addr {
				return v, nil
			}
		}
		return nil, nil
	}
	mm.MmapReadLock()
	defer mm.MmapReadUnlock()
	got, panicked := firstEndingAfter(0x20)
	if panicked != nil {
		t.Fatalf("a loop over VMAs that returned at the VMA it looked for panicked: %v", panicked)
	}
	if got != b {
		t.Fatalf("the first VMA that ends after 0x20 is %p, want %p", got, b)
	}
	bodies := 0
	func() {
		defer func() { panicked = recover() }()
		for range mm.VMAs() {
			bodies++
			break
		}
	}()
	if panicked != nil || bodies != 1 {
		t.Fatalf("a loop over VMAs that broke at once ran its body %d times, panic %v; want once and none", bodies, panicked)
	}
}
