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
