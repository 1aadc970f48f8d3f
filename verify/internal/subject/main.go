// Command subject links every function that a verify scenario runs as a
// thread, so that the linker keeps them for go tool objdump. It is built,
// never run, by package verify; running it does nothing.
package main

import (
	"fmt"
	"os"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/vma"
)

// entries holds each entry function by value, which is what makes the
// linker keep it and everything it calls.
var entries = []any{
	(*vma.VMA).StartRead,
	(*vma.VMA).StartReadWith,
	(*vma.VMA).EndRead,
	(*vma.VMA).EndReadWith,
	(*vma.VMA).StartWrite,
	(*vma.VMA).MarkAttached,
	(*vma.VMA).MarkDetached,
	(*vma.MM).LockVMA,
	(*vma.MM).Map,
	(*vma.MM).MmapWriteLock,
	(*vma.MM).MmapWriteUnlock,
	(*vma.MM).SpeculateTryBegin,
	(*vma.MM).SpeculateRetry,
	staleRead, attach, writeSession, lockVMA, speculate, seqWriteSession,
	useAndEnd, writeAfterReaders, readAndEnd, detachReuse, detachAfterReaders,
	staleReadFetchAdd, useAndEndFetchAdd, readAndEndFetchAdd, lockVMAFetchAdd,
	useAndEndRWSem, staleReadRWSem,
}

// cell holds a scenario's own words: data that a writer publishes, and
// what a reader saw of it.
type cell struct {
	data atomicfence.Int32
	seen atomicfence.Int32
	seq  atomicfence.Uint32
}

// staleRead is a reader that may hold a stale pointer to v: it tries to
// read-lock v, then loads v.Data whatever StartRead returned, and
// records in out.seen whether Data was still nil.
func staleRead(v *vma.VMA, mm *vma.MM, out *cell) vma.ReadResult {
	r := v.StartRead(mm)
	if v.Data == nil {
		out.seen.StoreRelaxed(1)
	}
	return r
}

// attach initialises a recycled VMA's Data and attaches it, as Map does.
func attach(v *vma.VMA, p *int) {
	v.Data = p
	v.MarkAttached()
}

// writeSession write-locks v, changes its Data and ends the write
// session (vma_end_write_all and the unlock), with the mmap write lock
// held on entry.
func writeSession(v *vma.VMA, mm *vma.MM, p *int) {
	v.StartWrite()
	v.Data = p
	mm.MmapWriteUnlock()
}

// lockVMA is the lock-free lookup of address 0x1800; it reports whether
// it returned a read-locked VMA.
func lockVMA(mm *vma.MM) bool {
	return mm.LockVMA(0x1800) != nil
}

// speculate reads c.data speculatively under mm_lock_seq and records what
// it saw and the sequence it began with; it reports whether the read
// stands.
func speculate(mm *vma.MM, c *cell) bool {
	seq, ok := mm.SpeculateTryBegin()
	if !ok {
		return false
	}
	c.seen.StoreRelaxed(c.data.LoadRelaxed())
	c.seq.StoreRelaxed(seq)
	return !mm.SpeculateRetry(seq)
}

// seqWriteSession is a whole write session that changes c.data under
// the mmap write lock.
func seqWriteSession(mm *vma.MM, c *cell) {
	mm.MmapWriteLock()
	c.data.StoreRelaxed(1)
	mm.MmapWriteUnlock()
}

// useAndEnd is a reader that holds v: it stores to c.data in its
// critical section and releases v.
func useAndEnd(v *vma.VMA, c *cell) {
	c.data.StoreRelaxed(1)
	v.EndRead()
}

// writeAfterReaders write-locks v, which waits for its readers, and then
// records in c.seen what it finds in c.data.
func writeAfterReaders(v *vma.VMA, c *cell) {
	v.StartWrite()
	c.seen.StoreRelaxed(c.data.LoadRelaxed())
}

// readAndEnd is a reader that holds v: it copies c.data to c.seen, a
// load with no branch on its value, and releases v.
func readAndEnd(v *vma.VMA, c *cell) {
	c.seen.StoreRelaxed(c.data.LoadRelaxed())
	v.EndRead()
}

// detachReuse takes v out of its MM and reuses the memory at once, as the
// Cache may: it stores to c.data.
func detachReuse(v *vma.VMA, c *cell) {
	v.MarkDetached()
	c.data.StoreRelaxed(1)
}

// detachAfterReaders takes v out of its MM, which waits for its readers,
// and then records in c.seen what it finds in c.data.
func detachAfterReaders(v *vma.VMA, c *cell) {
	v.MarkDetached()
	c.seen.StoreRelaxed(c.data.LoadRelaxed())
}

// lockVMAFetchAdd is lockVMA with LockVMAWith(addr, PlacementFetchAdd).
func lockVMAFetchAdd(mm *vma.MM) bool {
	return mm.LockVMAWith(0x1800, vma.PlacementFetchAdd) != nil
}

// staleReadRWSem is staleRead with PlacementRWSem.
func staleReadRWSem(v *vma.VMA, mm *vma.MM, out *cell) vma.ReadResult {
	r := v.StartReadWith(mm, vma.PlacementRWSem)
	if v.Data == nil {
		out.seen.StoreRelaxed(1)
	}
	return r
}

// staleReadFetchAdd is staleRead with PlacementFetchAdd.
func staleReadFetchAdd(v *vma.VMA, mm *vma.MM, out *cell) vma.ReadResult {
	r := v.StartReadWith(mm, vma.PlacementFetchAdd)
	if v.Data == nil {
		out.seen.StoreRelaxed(1)
	}
	return r
}

// useAndEndFetchAdd is useAndEnd for a reader that holds v with
// PlacementFetchAdd.
func useAndEndFetchAdd(v *vma.VMA, c *cell) {
	c.data.StoreRelaxed(1)
	v.EndReadWith(vma.PlacementFetchAdd)
}

// useAndEndRWSem is useAndEnd for a reader that holds v's per-VMA
// rw-semaphore (PlacementRWSem).
func useAndEndRWSem(v *vma.VMA, c *cell) {
	c.data.StoreRelaxed(1)
	v.EndReadWith(vma.PlacementRWSem)
}

// readAndEndFetchAdd is readAndEnd for a reader that holds v with
// PlacementFetchAdd.
func readAndEndFetchAdd(v *vma.VMA, c *cell) {
	c.seen.StoreRelaxed(c.data.LoadRelaxed())
	v.EndReadWith(vma.PlacementFetchAdd)
}

func main() {
	if len(os.Args) > 1 {
		fmt.Println(len(entries))
	}
}
