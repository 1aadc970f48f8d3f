// Command probe calls every operation of package atomicfence once, each
// through a wrapper of its own, and the read paths of package vma, so that
// the linker, which drops unreferenced functions, keeps all of them for go
// tool objdump. fencelab disasm and the root package's assembly tests build
// it for each architecture; running it only checks that the calls return
// what a single goroutine must see.
package main

import (
	"fmt"
	"os"

	"github.com/atomicfence/atomicfence/vma"
)

// outOfLine holds by value the functions that their callers inline, which
// makes the linker keep their own bodies for fencelab disasm to list: on
// amd64 StartRead, EndRead, StartReadWith and EndReadWith are inlined
// wherever they are called, and elsewhere the last two are wrappers that
// every caller inlines.
var outOfLine = []any{(*vma.VMA).StartRead, (*vma.VMA).EndRead, (*vma.VMA).StartReadWith, (*vma.VMA).EndReadWith}

func main() {
	if len(outOfLine) == 0 {
		os.Exit(1)
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
}

// run calls every wrapper and read path once, and returns the first
// result that is not what a single goroutine must see.
func run() error {
	generatedOps()
	for _, ops := range []func() error{routines, uint32Ops, refcountOps, typeOps, barrierOps, readPaths} {
		if err := ops(); err != nil {
			return err
		}
	}
	return nil
}

// routines reaches each operation through its wrapper in ops.go, and fails
// if a result is not what a single goroutine must see.
func routines() error {
	var c Int32
	c.StoreRelaxed(1)
	c.StoreRelease(c.LoadRelaxed() + c.LoadAcquire()) // 2
	c.FetchAddRelaxed(1)
	c.FetchAddAcquire(1)
	c.FetchAddRelease(1)
	c.FetchAddFull(1) // 6
	c.CompareAndSwapRelaxed(6, 7)
	c.CompareAndSwapAcquire(7, 8)
	c.CompareAndSwapRelease(8, 9)
	c.CompareAndSwapFull(9, 10)
	c.IncNotZeroLimitedRelaxed(100)
	c.IncNotZeroLimitedAcquire(100) // 12
	c.AddNotZeroLimitedRelaxed(2, 100)
	c.AddNotZeroLimitedAcquire(2, 100) // 16
	c.DecAndTest()                     // 15
	Rmb()
	Wmb()
	Mb()
	MandatoryRmb()
	MandatoryWmb()
	MandatoryMb()
	if old, zero := c.SubAndTest(15); old != 15 || !zero {
		return fmt.Errorf("the sequence left %d, want 15", old)
	}
	w := int32(3)
	if sum := loadsAroundRmb(&w) + loadsAroundMbAfterAtomic(&w) + loadsAroundNothing(&w); sum != 18 {
		return fmt.Errorf("six loads of 3 added up to %d", sum)
	}
	storesAroundWmb(&w)
	storesAroundMbBeforeAtomic(&w)
	storesAroundNothing(&w)
	seq := int32(4)
	for _, read := range []func(seq, data *int32) (int32, int32){seqlockRead, seqlockReadNothing} {
		if d, changed := read(&seq, &w); d != w || changed != 0 {
			return fmt.Errorf("a seqlock read of %d under an unchanging count gave %d, changed %d", w, d, changed)
		}
	}
	if w != 2 {
		return fmt.Errorf("the stores left %d, want 2", w)
	}
	return nil
}

// readPaths takes a VMA's read lock through the default path (StartRead,
// LockVMA, StartReadLocked under the mmap lock) and through every placement, each in an MM of the Cache it
// needs.
func readPaths() error {
	mm, v, err := mapOne(vma.NewCache())
	if err != nil {
		return err
	}
	defer mm.Close()
	if r := v.StartRead(mm); r != vma.ReadOK {
		return fmt.Errorf("StartRead: %v", r)
	}
	assertLocked(v)
	v.EndRead()
	if !readLocked(mm, v) {
		return fmt.Errorf("StartRead failed in readLocked")
	}
	if n := readLockedLoop(mm, v, 3); n != 3 {
		return fmt.Errorf("readLockedLoop took %d read locks of 3", n)
	}
	if got := mm.LockVMA(0x1800); got != v {
		return fmt.Errorf("LockVMA returned %p, want %p", got, v)
	}
	v.EndRead()
	mm.MmapReadLock()
	ok := v.StartReadLocked()
	mm.MmapReadUnlock()
	if !ok {
		return fmt.Errorf("StartReadLocked failed")
	}
	v.EndRead()
	for _, p := range vma.Placements() {
		if err := readPlacement(p); err != nil {
			return err
		}
	}
	fa, w, err := mapOne(vma.NewFetchAddCache())
	if err != nil {
		return err
	}
	defer fa.Close()
	if !readLockedFetchAdd(fa, w) {
		return fmt.Errorf("StartReadWith(PlacementFetchAdd) failed in readLockedFetchAdd")
	}
	if n := readLockedFetchAddLoop(fa, w, 3); n != 3 {
		return fmt.Errorf("readLockedFetchAddLoop took %d read locks of 3", n)
	}
	return nil
}

// readLocked takes v's read lock with StartRead and releases it with
// EndRead, as a caller of the package writes it: on amd64 both are inlined
// here (vma's inlineRead), which the assembly tests check.
//
//go:noinline
func readLocked(mm *vma.MM, v *vma.VMA) bool {
	if v.StartRead(mm) != vma.ReadOK {
		return false
	}
	v.EndRead()
	return true
}

// readLockedLoop is readLocked n times in a loop, as a benchmark or a
// caller that reads many objects writes it: its counter lives across the
// calls of the slow paths, so the compiler stores it to the stack on the
// successful path, and the assembly tests check that it does so before
// the increment, not between the increment and the release.
//
//go:noinline
func readLockedLoop(mm *vma.MM, v *vma.VMA, n int) int {
	locked := 0
	for range n {
		if v.StartRead(mm) == vma.ReadOK {
			v.EndRead()
			locked++
		}
	}
	return locked
}

// readLockedFetchAdd is readLocked with PlacementFetchAdd, through
// StartReadWith and EndReadWith: on amd64 both are inlined here too (vma's
// inlineFetchAdd), which the assembly tests check.
//
//go:noinline
func readLockedFetchAdd(mm *vma.MM, v *vma.VMA) bool {
	if v.StartReadWith(mm, vma.PlacementFetchAdd) != vma.ReadOK {
		return false
	}
	v.EndReadWith(vma.PlacementFetchAdd)
	return true
}

// readLockedFetchAddLoop is readLockedLoop with PlacementFetchAdd.
//
//go:noinline
func readLockedFetchAddLoop(mm *vma.MM, v *vma.VMA, n int) int {
	locked := 0
	for range n {
		if v.StartReadWith(mm, vma.PlacementFetchAdd) == vma.ReadOK {
			v.EndReadWith(vma.PlacementFetchAdd)
			locked++
		}
	}
	return locked
}

// readPlacement read-locks a VMA of an MM made for p, with StartReadWith
// and with LockVMAWith.
func readPlacement(p vma.Placement) error {
	mm, v, err := mapOne(vma.NewCacheFor(p))
	if err != nil {
		return err
	}
	defer mm.Close()
	if r := v.StartReadWith(mm, p); r != vma.ReadOK {
		return fmt.Errorf("StartReadWith %v: %v", p, r)
	}
	v.EndReadWith(p)
	if got := mm.LockVMAWith(0x1800, p); got != v {
		return fmt.Errorf("LockVMAWith %v returned %p, want %p", p, got, v)
	}
	v.EndReadWith(p)
	return nil
}

// assertLocked keeps AssertLocked a function of its own, which would
// otherwise be inlined away: without the vmadebug build tag it must not
// load anything.
//
//go:noinline
func assertLocked(v *vma.VMA) { v.AssertLocked() }

// mapOne returns a new MM of c with one VMA mapped at [0x1000, 0x2000).
func mapOne(c *vma.Cache) (*vma.MM, *vma.VMA, error) {
	mm := vma.NewMM(c)
	mm.MmapWriteLock()
	v, err := mm.Map(0x1000, 0x2000, nil)
	mm.MmapWriteUnlock()
	return mm, v, err
}
