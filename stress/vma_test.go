package stress

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
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
	mm, v := mapOne(t, vma.NewFetchAddCache())
	if got := v.RefCount(); got != vmaOffset+1 {
		t.Fatalf("attached, no reader: count %#x, want %#x", got, vmaOffset+1)
	}
	if r := v.StartReadWith(mm, vma.PlacementFetchAdd); r != vma.ReadOK {
		t.Fatalf("StartReadWith: %v", r)
	}
	// One reader in: the writer's exclusion leaves vmaFAWriter + 2.
	writerWaits(t, mm, v, vmaOffset+vmaFAWriter+2, func() { v.EndReadWith(vma.PlacementFetchAdd) })
	if got := v.RefCount(); got != vmaOffset+1 {
		t.Fatalf("after the writer readmitted readers: count %#x, want %#x", got, vmaOffset+1)
	}
	mm.MmapWriteUnlock()
	mm.Close()
}

// The shapes of the compare-and-swap placements keep the count as vma's
// default Cache does: their writer starts where StartWrite's wait for the
// readers ends, OFFSET on an attached VMA (1), and their readers' limit is
// vma's. A change of that encoding fails here.
func TestVMAShapeEncoding(t *testing.T) {
	if vmaLimit != vma.RefLimit {
		t.Fatalf("vmaLimit %#x, vma.RefLimit %#x", vmaLimit, vma.RefLimit)
	}
	for _, p := range vma.Placements() {
		if p == vma.PlacementRWSem || p == vma.PlacementFetchAdd {
			continue
		}
		s, _ := Lookup("VMA+" + p.String())
		if got, want := s.Locs[1], (Loc{"cnt", vmaOffset + 1}); got != want {
			t.Errorf("VMA+%v starts with %v, want %v", p, got, want)
		}
	}
	mm, v := mapOne(t, vma.NewCache())
	if r := v.StartRead(mm); r != vma.ReadOK {
		t.Fatalf("StartRead: %v", r)
	}
	// One reader in: the writer waits at OFFSET + 2, and the reader's
	// release leaves OFFSET + 1, where the shapes' writer starts.
	writerWaits(t, mm, v, vmaOffset+2, v.EndRead)
	mm.MmapWriteUnlock()
	mm.Close()
}

// mapOne returns a new MM of cache with one VMA mapped in it.
func mapOne(t *testing.T, cache *vma.Cache) (*vma.MM, *vma.VMA) {
	t.Helper()
	mm := vma.NewMM(cache)
	mm.MmapWriteLock()
	v, err := mm.Map(0x1000, 0x2000, nil)
	mm.MmapWriteUnlock()
	if err != nil {
		t.Fatal(err)
	}
	return mm, v
}

// writerWaits starts v.StartWrite under mm's mmap write lock with one
// reader in, waits until the count is want, and then lets the reader go
// with release and waits for the writer. It returns with the mmap write
// lock held.
func writerWaits(t *testing.T, mm *vma.MM, v *vma.VMA, want int32, release func()) {
	t.Helper()
	mm.MmapWriteLock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.StartWrite()
	}()
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
	release()
	<-done
}

// On amd64 the readers of the compare-and-swap placements make the try
// from 1 to 2 that package vma's readers make there (vmaTriesIdle), so
// that the shapes run the instructions that ship: two LOCK CMPXCHGLs, the
// first from the constant 1 with no load of the count in front of it, and
// the second in the increment's loop. A shape without the try, or trying
// another value, fails here. Only the amd64 assembly build is checked:
// under -race sync/atomic is a call of the race runtime, and purego
// builds are the generic implementation.
//
// The rules are the root package's asmIdleTryRules, which hold vma's
// readers to the same instructions.
func TestVMAReadersTryIdle(t *testing.T) {
	if atomicfence.Impl() != atomicfence.ImplAMD64 {
		t.Skipf("implementation %v: the try is checked in the amd64 assembly build", atomicfence.Impl())
	}
	tg, err := target.Lookup("amd64")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	funcs, err := disasm.TestFuncs(ctx, tg, t.TempDir(), `stress\.vmaRead(Acquire|Rmb|Relaxed)$`)
	if err != nil {
		t.Fatal(err)
	}
	if len(funcs) != 3 {
		t.Fatalf("found %d of the 3 readers in the test binary", len(funcs))
	}
	cmpxchg := `LOCK CMPXCHGL \w+, 0\(\w+\)`
	for _, f := range funcs {
		if err := disasm.Check(f.Name(), f.Insts,
			disasm.Exactly(`LOCK CMPXCHGL .*`, cmpxchg, cmpxchg),
			disasm.InOrder(`MOVL \$0x1, AX`, `MOVL \$0x2, \w+`, cmpxchg)); err != nil {
			t.Error(err)
		}
	}
}
