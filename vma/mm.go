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
// An MM is made by NewMM and ended by Close. The zero MM is not one: it
// has no tree, no Cache and no mmap lock to wait on, and its lookups
// (FindVMA, VMAs, LockVMA, Fault and their With forms), Map, Unmap, Split,
// Resize and Close panic, saying so, as does its mmap lock where a reader
// and a writer meet. Only its writer (the holder of
// MmapWriteLock) changes it; readers may call LockVMA, Fault, the
// StartRead family and EndRead at any time until Close has returned.
//
// # Lock order
//
// The mmap lock comes before every VMA read lock, never after: a VMA may
// be read-locked with the mmap lock held (FindVMA, then StartReadLocked),
// but while a goroutine holds a VMA read lock it must not take the mmap
// lock (MmapReadLock, MmapWriteLock) nor call Fault, which may take it. A
// writer holds the mmap write lock while it waits in StartWrite for the
// readers of a VMA to leave; a reader that waits for the mmap lock never
// leaves, and neither goes on. LockVMA and the StartRead family never
// wait, so a goroutine may hold several VMA read locks.
//
// # Lifetime
//
// Close detaches every VMA, which waits for the readers that hold one, and
// then waits until the releases of those readers have finished waking the
// writer: a release decrements the count first, which may let Close go on,
// and wakes the MM's writer after. Only then does Close return and the MM
// count as freed, so no EndRead ever wakes a closed MM, whether it
// releases a VMA of its own MM or one recycled from another (StartRead's
// step 3). (A release that takes a count from 1 to 0 then loads
// mm_lock_seq and the tree, to tell a detach from a misuse; see EndRead.
// Close does not wait for those loads, which are safe in Go and find a
// closed MM empty.) Read calls that lock nothing before Close detaches the
// VMAs fail or find nothing, and no read lock on one of its VMAs outlives
// Close.
//
// Once Close has returned, the MM itself may not be used: no method may be
// called on it, nor be given it (StartRead(mm) and the like). Its VMA
// objects are back in the Cache, and a pointer to one is a stale pointer
// like any other (see Cache): a reader of another MM that meets the object
// calls StartRead with its own MM, which fails as detached or wrong MM, or
// locks the object if that MM has mapped it since. The accessors that need
// a lock (Start, End, MM, Data) need one on such an object too.
//
// The kernel has no such wait: a faulting task keeps its own mm alive
// (mm_users), and a reader that met a VMA of another mm takes a reference
// on that mm across its release (mmgrab, the CVE-2025-38554 fix). In Go
// neither reference exists, and Close's wait stands in for both.
type MM struct {
	lockSeq atomicfence.Uint32       // mm_lock_seq: odd while the mmap lock is write-held
	snap    atomic.Pointer[snapshot] // published with release, loaded with acquire (sync/atomic is both)

	lock       mmapLock
	writerWait waitQueue // vma_writer_wait: the one writer waiting for a VMA's readers
	cache      *Cache

	// wakesOwed counts the releases that left only a writer in one of the
	// MM's VMA counts, each of which wakes the writer after its decrement;
	// wakesDone counts those wake-ups done. Close waits for the two to
	// meet. Only the writer changes wakesOwed; see oweWakes.
	wakesOwed uint64
	wakesDone atomic.Uint64
	freed     atomic.Bool // set by Close once no release can touch the MM
	closed    bool        // set by Close under the mmap write lock

	testHook func(hookPoint, *VMA) // nil outside the package's tests
}

// NewMM returns an empty address space whose VMAs come from c and return
// to it (mm_alloc). MMs that share a Cache recycle each other's VMA
// objects, which is the situation the per-VMA lock has to survive
// (SLAB_TYPESAFE_BY_RCU). An MM made from a Cache of NewRWSemCache uses the
// pre-6.15 per-VMA rw-semaphore instead of the count; see PlacementRWSem.
// Making it orders nothing: an MM is shared as any Go value is. It panics
// if c is nil.
func NewMM(c *Cache) *MM {
	if c == nil {
		panic("vma: NewMM with a nil Cache")
	}
	mm := &MM{cache: c}
	mm.lock.init()
	mm.writerWait.init()
	mm.snap.Store(&snapshot{})
	return mm
}

// notMadeByNewMM is the panic of an MM used without NewMM.
const notMadeByNewMM = "vma: an MM not made by NewMM (the zero MM has no tree, Cache or mmap lock)"

// tree loads the published snapshot, with acquire ordering; only the zero
// MM has none.
func (mm *MM) tree() *snapshot {
	s := mm.snap.Load()
	if s == nil {
		panic(notMadeByNewMM)
	}
	return s
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
	if weakened != orderSeqBeginWmb {
		atomicfence.Wmb()
	}
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
	if weakened != orderEndWriteAllWmb {
		atomicfence.Wmb()
	}
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

// sleepHook returns what the writer wait calls before it sleeps: nothing,
// outside the package's tests.
func (mm *MM) sleepHook(v *VMA) func() {
	if mm.testHook == nil {
		return nil
	}
	return func() { mm.testHook(hookWriterSleep, v) }
}
