package vma

import (
	"sync/atomic"

	"github.com/atomicfence/atomicfence"
)

// MM is an address space (the kernel's mm_struct): the VMAs that map it,
// the mmap lock that writers take to change them, the sequence count
// mm_lock_seq that says whether that lock is write-held, and a lock-free
// lookup for the readers that try not to take it.
//
// The lookup structure is an immutable sorted snapshot of the VMAs,
// replaced as a whole by each writer's change and read without locks: the
// Go analogue of the maple tree that the kernel reads under RCU. A reader
// may keep using a snapshot after it has been replaced, and find VMAs in it
// that have since been detached or recycled; the read lock tells it so.
//
// An MM is made by NewMM and ended by Close. Only its writer (the holder of
// MmapWriteLock) changes it; readers may call LockVMA, Fault and the
// StartRead family at any time until Close.
type MM struct {
	lockSeq atomicfence.Uint32       // mm_lock_seq: odd while the mmap lock is write-held
	snap    atomic.Pointer[snapshot] // published with release, loaded with acquire (sync/atomic is both)

	lock       mmapLock
	writerWait waitQueue // vma_writer_wait: the one writer waiting for a VMA's readers
	cache      *Cache

	// refs counts the references that keep the MM's memory valid (the
	// kernel's mm_count): one from NewMM until Close, and one for each
	// reader that must touch a VMA's foreign owner; see pin.
	refs   atomic.Int32
	freed  atomic.Bool
	closed bool // set by Close under the mmap write lock

	testHook func(hookPoint, *VMA) // nil outside the package's tests
}

// NewMM returns an empty address space whose VMAs come from c and return
// to it (mm_alloc). MMs that share a Cache recycle each other's VMA
// objects, which is the situation the per-VMA lock has to survive
// (SLAB_TYPESAFE_BY_RCU). An MM made from a Cache of NewRWSemCache uses the
// pre-6.15 per-VMA rw-semaphore instead of the count; see PlacementRWSem.
func NewMM(c *Cache) *MM {
	if c == nil {
		panic("vma: NewMM with a nil Cache")
	}
	mm := &MM{cache: c}
	mm.lock.init()
	mm.writerWait.init()
	mm.refs.Store(1)
	mm.snap.Store(&snapshot{})
	return mm
}

// writeSeqBegin makes mm_lock_seq odd once the mmap lock is write-held
// (mm_lock_seqcount_begin). Only the writer stores to it, so a load and a
// store make the increment. The store barrier after it orders it before
// every store of the write session, vm_lock_seq stores included.
func (mm *MM) writeSeqBegin() {
	seq := mm.lockSeq.LoadRelaxed()
	if seq&1 != 0 {
		panic("vma: mm_lock_seq is odd when the mmap write lock is taken: two writers")
	}
	mm.lockSeq.StoreRelaxed(seq + 1)
	atomicfence.Wmb()
}

// endWriteAll makes mm_lock_seq even again (vma_end_write_all): every VMA
// whose vm_lock_seq holds the old odd value is write-unlocked by this one
// store. The store barrier before it orders every store of the write
// session before it, so a reader that sees the new value (by an acquire
// load) sees what the writer did.
func (mm *MM) endWriteAll(op string) {
	seq := mm.lockSeq.LoadRelaxed()
	if seq&1 == 0 {
		panic("vma: " + op + " without MmapWriteLock")
	}
	atomicfence.Wmb()
	mm.lockSeq.StoreRelaxed(seq + 1)
}

// writeHeldSeq returns mm_lock_seq for a writer operation, and panics if it
// is even: the operation needs the mmap write lock. (It cannot tell whose
// lock it is; the kernel leaves that to lockdep.)
func (mm *MM) writeHeldSeq(op string) uint32 {
	seq := mm.lockSeq.LoadRelaxed()
	if seq&1 == 0 {
		panic("vma: " + op + " without the mmap write lock")
	}
	return seq
}

// pin takes a reference that keeps mm's memory valid (mmgrab). A reader
// calls it before it releases a VMA whose owner is not the MM it came for:
// nothing else keeps that owner alive once the release lets its writer go
// on, detach the VMA and Close. The caller's own count on a VMA of mm keeps
// mm from being freed while pin runs.
func (mm *MM) pin() {
	if mm.refs.Add(1) <= 1 {
		panic("vma: pin of a freed MM")
	}
}

// unpin drops a reference taken by pin or by NewMM (mmdrop); the last one
// frees the MM.
func (mm *MM) unpin() {
	switch n := mm.refs.Add(-1); {
	case n == 0:
		mm.freed.Store(true)
	case n < 0:
		panic("vma: MM reference count below zero")
	}
}

// wakeWriter wakes the writer that may sleep in mm.writerWait. A reader
// calls it when its release left only a writer in a VMA's count. Waking a
// freed MM is the use-after-free of CVE-2025-38554, which Go's garbage
// collector would hide; the freed flag makes it a panic instead.
func (mm *MM) wakeWriter() {
	mm.hook(hookBeforeWake, nil)
	if mm.freed.Load() {
		panic("vma: woke the writer of a freed MM: a reader touched an address space after the reference that kept it alive was dropped")
	}
	mm.writerWait.wake()
}

// sleepHook returns what the writer wait calls before it sleeps: nothing,
// outside the package's tests.
func (mm *MM) sleepHook(v *VMA) func() {
	if mm.testHook == nil {
		return nil
	}
	return func() { mm.testHook(hookWriterSleep, v) }
}
