package pgoread_test

import (
	"testing"

	"github.com/atomicfence/atomicfence/vma"
	"github.com/atomicfence/atomicfence/vma/internal/pgoread"
)

// mapVMAs maps n VMAs of one page each into a new MM.
func mapVMAs(tb testing.TB, n int) (*vma.MM, []*vma.VMA) {
	tb.Helper()
	mm := vma.NewMM(vma.NewCache())
	tb.Cleanup(mm.Close)
	mm.MmapWriteLock()
	defer mm.MmapWriteUnlock()
	vmas := make([]*vma.VMA, n)
	for i := range vmas {
		v, err := mm.Map(uint64(i+1)<<12, uint64(i+2)<<12, nil)
		if err != nil {
			tb.Fatal(err)
		}
		vmas[i] = v
	}
	return mm, vmas
}

// BenchmarkReadLoop is StartRead and EndRead in ReadLoop on one goroutine,
// ns per lock and release: built with -pgo=default.pgo they are inlined,
// without it (go test's default, -pgo=auto, leaves a test binary without
// the profile) they are calls.
func BenchmarkReadLoop(b *testing.B) {
	mm, vmas := mapVMAs(b, 1)
	b.ResetTimer()
	if err := pgoread.ReadLoop(mm, vmas[0], b.N); err != nil {
		b.Fatal(err)
	}
}

func TestReadLoop(t *testing.T) {
	mm, vmas := mapVMAs(t, 1)
	if err := pgoread.ReadLoop(mm, vmas[0], 1000); err != nil {
		t.Fatal(err)
	}
	if c := vmas[0].RefCount(); c != 1 {
		t.Errorf("after 1000 read locks and releases the count is %d, want 1", c)
	}
	mm.MmapWriteLock()
	vmas[0].StartWrite()
	err := pgoread.ReadLoop(mm, vmas[0], 1)
	mm.MmapWriteUnlock()
	if err != pgoread.ErrNotLocked {
		t.Errorf("ReadLoop on a write-locked VMA returned %v, want ErrNotLocked", err)
	}
}
