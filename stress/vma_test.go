package stress

import (
	"runtime"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/vma"
)

// Each reader placement that package vma offers has its shape here.
func TestEveryVMAPlacementHasAShape(t *testing.T) {
	for _, p := range vma.Placements() {
		if _, ok := Lookup("VMA+" + p.String()); !ok {
			t.Errorf("vma placement %v has no shape VMA+%v", p, p)
		}
	}
}

// The VMA+fetchadd shape keeps the count as vma's fetch-add placement
// does: LockOffset+1 attached with no reader, vmaFAWriter more while a
// writer waits for the readers in to leave, and the range a reader keeps
// its increment in. A change of the encoding there fails here, so that the
// shape cannot go on running a count that the package no longer keeps.
func TestVMAFetchAddShapeEncoding(t *testing.T) {
	if vmaOffset != vma.LockOffset {
		t.Fatalf("vmaOffset %#x, vma.LockOffset %#x", vmaOffset, vma.LockOffset)
	}
	if vmaFALimit-1 != vma.FetchAddRefLimit {
		t.Fatalf("vmaFALimit-1 = %#x, vma.FetchAddRefLimit %#x", vmaFALimit-1, vma.FetchAddRefLimit)
	}
	s, _ := Lookup("VMA+fetchadd")
	if got, want := s.Locs[1], (Loc{"cnt", vmaOffset + vmaFAWriter + 1}); got != want {
		t.Fatalf("VMA+fetchadd starts with %v, want %v", got, want)
	}
	mm := vma.NewMM(vma.NewFetchAddCache())
	mm.MmapWriteLock()
	v, err := mm.Map(0x1000, 0x2000, nil)
	mm.MmapWriteUnlock()
	if err != nil {
		t.Fatal(err)
	}
	if got := v.RefCount(); got != vmaOffset+1 {
		t.Fatalf("attached, no reader: count %#x, want %#x", got, vmaOffset+1)
	}
	if r := v.StartReadWith(mm, vma.PlacementFetchAdd); r != vma.ReadOK {
		t.Fatalf("StartReadWith: %v", r)
	}
	mm.MmapWriteLock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.StartWrite()
	}()
	// One reader in: the writer's exclusion leaves vmaFAWriter + 2.
	want := int32(vmaOffset + vmaFAWriter + 2)
	for deadline := time.Now().Add(10 * time.Second); v.RefCount() != want; runtime.Gosched() {
		select {
		case <-done:
			t.Fatalf("StartWrite returned with a reader in (count %#x)", v.RefCount())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("a writer waiting for one reader: count %#x, want %#x", v.RefCount(), want)
		}
	}
	v.EndReadWith(vma.PlacementFetchAdd)
	<-done
	if got := v.RefCount(); got != vmaOffset+1 {
		t.Fatalf("after the writer readmitted readers: count %#x, want %#x", got, vmaOffset+1)
	}
	mm.MmapWriteUnlock()
	mm.Close()
}
