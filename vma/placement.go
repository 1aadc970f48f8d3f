package vma

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// Placement selects the ordering of the reader's increment in StartRead,
// the one step of the protocol whose fence was in question. Everything
// else (the early check, the owner and sequence rechecks, the release in
// EndRead) is the same for every count-based placement, so that comparing
// them measures the increment alone. StartRead, LockVMA and Fault use
// PlacementAcquire by direct call; StartReadWith, EndReadWith,
// LockVMAWith and FaultWith take a Placement, for benchmarks and for the
// study of the others. Linux has no such choice: each placement below
// names the kernel code it mirrors, or says that it mirrors none.
type Placement uint8

const (
	// PlacementAcquire is the acquire compare-and-swap loop that Linux
	// merged (__refcount_inc_not_zero_limited_acquire): arm64 LDAXR/STXR or
	// CASA, amd64 LOCK CMPXCHG. The default. On amd64 it, PlacementRelaxed
	// and PlacementRelaxedRmb first try the LOCK CMPXCHG from 1 to 2 once,
	// without a load in front of it: 1 is the count of a VMA that nobody
	// else holds (PlacementSeqCst, the plain sync/atomic loop, does not).
	PlacementAcquire Placement = iota
	// PlacementRelaxedRmb is a relaxed increment followed by Rmb (smp_rmb,
	// arm64 DMB ISHLD), the reviewer's alternative. Correct, not merged.
	PlacementRelaxedRmb
	// PlacementRelaxed is a relaxed increment with nothing after it: the
	// v9 patch. UNSAFE on arm64 and every other weakly ordered CPU: the
	// reader's later load of vm_lock_seq may be satisfied before the
	// increment and miss a writer's lock (see the package documentation).
	// x86 forbids that reordering. It is here to be measured and to be
	// caught by the litmus checks; do not use it.
	PlacementRelaxed
	// PlacementSeqCst is what a Go programmer writes with sync/atomic: a
	// CompareAndSwapInt32 loop on the count's own word, sequentially
	// consistent (arm64 LDAXR/STLXR or CASAL, amd64 LOCK CMPXCHG). Linux
	// has none: its fully ordered cmpxchg loop would be the nearest.
	PlacementSeqCst
	// PlacementRWSem is the design before Linux 6.15: a reader/writer
	// semaphore per VMA that readers try-lock for read (down_read_trylock,
	// an acquire compare-and-swap) and writers take for write in StartWrite
	// and MarkDetached. The writer's cooperation is built into the MM: it
	// is available only in MMs whose Cache was made by NewRWSemCache, where
	// the count serves as the attached flag alone and stays above RefLimit
	// while attached, so that the count-based placements always find such
	// a VMA busy and fall back to the mmap lock instead of bypassing the
	// semaphore.
	PlacementRWSem
	// PlacementFetchAdd takes the reference with one acquire fetch-add
	// (arm64 LDADDA or an LDAXR/STXR loop, amd64 LOCK XADD) that is never
	// retried, and undoes it with a release decrement when the value it
	// replaced shows the VMA detached, excluded by a writer or at its
	// limit, in the manner of Linux's rcuref and file_ref counters. Where
	// the compare-and-swap loop retries each time another reader got in
	// first, every reader's increment succeeds the first time.
	//
	// A transient increment on a detached or write-locked VMA must never
	// make it look attached or unlocked, so the count is kept in its own
	// encoding, which only the VMAs of a Cache made by NewFetchAddCache
	// have: each state owns a range wide enough to absorb every transient
	// increment in flight, and attach, detach and the writer's exclusion
	// add and subtract instead of storing. The attach is a release add
	// that the reader's acquire fetch-add pairs with, the writer's
	// readmission a release subtraction, the detach a fully ordered add
	// (and, with readers in, an acquire wait), and each writer sleeps on a
	// wait of its VMA's own, so that a release never touches an MM. In such
	// an MM the other placements find every VMA busy, as count-based
	// readers do in an MM of per-VMA rw-semaphores. At most
	// FetchAddRefLimit read locks can be held on one VMA.
	//
	// A writer waits for an exact count, and a reader that fails still
	// raises it for a moment: readers that keep calling StartReadWith on
	// a VMA that a writer excludes or detaches can keep that writer
	// waiting for as long as they keep at it (no wake-up is lost; the
	// count is simply never at the target when the writer looks).
	// LockVMAWith and FaultWith do not: they fall back to the mmap lock,
	// or retry a detached VMA a bounded number of times.
	PlacementFetchAdd
)

var placementNames = [...]string{
	PlacementAcquire:    "acquire",
	PlacementRelaxedRmb: "relaxed+rmb",
	PlacementRelaxed:    "relaxed",
	PlacementSeqCst:     "seqcst",
	PlacementRWSem:      "rwsem",
	PlacementFetchAdd:   "fetchadd",
}

// Placements returns every placement, in the order of their constants,
// for a caller that compares them (fencelab bench does). Linux 6.15 and
// later is PlacementAcquire, and before 6.15 PlacementRWSem; the others
// are the alternatives that each constant's comment describes. It orders
// nothing.
func Placements() []Placement {
	return []Placement{PlacementAcquire, PlacementRelaxedRmb, PlacementRelaxed, PlacementSeqCst, PlacementRWSem, PlacementFetchAdd}
}

// String returns the placement's short name: acquire, relaxed+rmb, relaxed,
// seqcst, rwsem or fetchadd. Names order nothing; Linux has no
// counterpart.
func (p Placement) String() string {
	if int(p) < len(placementNames) {
		return placementNames[p]
	}
	return fmt.Sprintf("Placement(%d)", uint8(p))
}

// badPlacement panics on a Placement outside the constants.
func badPlacement(p Placement) string {
	return fmt.Sprintf("vma: unknown %v", p)
}

// StartReadWith is StartRead (vma_start_read) with the reader's increment
// ordered as p says. The result and the steps are StartRead's. A VMA it read-locks is
// released with EndReadWith and the same p. It panics on an unknown
// placement, on PlacementRWSem in an MM that has no per-VMA rw-semaphores,
// and on PlacementFetchAdd in an MM whose Cache was not made by
// NewFetchAddCache.
//
// On amd64 it is inlined into its caller (see inlineFetchAdd; not under
// -race), and with PlacementFetchAdd a read lock that succeeds at its
// first look makes no call.
func (v *VMA) StartReadWith(mm *MM, p Placement) ReadResult {
	if !inlineFetchAdd {
		return v.startReadWithCalled(mm, p)
	}
	return v.startReadWithInline(mm, p, (*VMA).startReadFetchAddInline, (*VMA).keepFetchAdd, (*VMA).startReadWithCalled)
}

// startReadWithCalled is StartReadWith's choice of placement, a call.
func (v *VMA) startReadWithCalled(mm *MM, p Placement) ReadResult {
	switch p {
	case PlacementAcquire:
		return v.StartRead(mm)
	case PlacementRelaxedRmb:
		return v.startReadRelaxedRmb(mm)
	case PlacementRelaxed:
		return v.startReadRelaxed(mm)
	case PlacementSeqCst:
		return v.startReadSeqCst(mm)
	case PlacementRWSem:
		return v.startReadRWSem(mm)
	case PlacementFetchAdd:
		return v.startReadFetchAdd(mm)
	}
	panic(badPlacement(p))
}

// EndReadWith releases a read lock taken with StartReadWith(mm, p) or
// LockVMAWith(addr, p): EndRead for the count-based placements, up_read of
// the per-VMA rw-semaphore for PlacementRWSem, the release decrement of
// PlacementFetchAdd (release ordering in every case). It panics on an
// unknown placement, on a placement whose Cache v's MM was not made by
// (as StartReadWith does), and on a release without a matching acquire, as
// EndRead does.
//
// On amd64 it is inlined into its caller (see inlineFetchAdd; not under
// -race), and with PlacementFetchAdd a release that leaves the count in
// the common range makes no call.
func (v *VMA) EndReadWith(p Placement) {
	if !inlineFetchAdd {
		v.endReadWithCalled(p, false, 0)
		return
	}
	v.endReadFetchAddInline(p, (*VMA).endReadWithCalled)
}

// endReadWithCalled is EndReadWith's choice of placement, a call, and the
// inlined EndReadWith's way out of line: after a fetch-add release that
// left the count outside the common range (released, from old), it
// finishes that release with endReadFetchAddRare instead.
func (v *VMA) endReadWithCalled(p Placement, released bool, old uint32) {
	if released {
		v.endReadFetchAddRare(old)
		return
	}
	switch p {
	case PlacementAcquire, PlacementRelaxedRmb, PlacementRelaxed, PlacementSeqCst:
		v.EndRead()
	case PlacementRWSem:
		v.rwsem("EndReadWith").endRead()
	case PlacementFetchAdd:
		v.fetchAddOnly("EndReadWith")
		v.endReadFetchAdd()
	default:
		panic(badPlacement(p))
	}
}

func (v *VMA) startReadRelaxedRmb(mm *MM) ReadResult {
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() { // step 1
		return ReadBusy
	}
	if stepHooks {
		stepHook(hookReadChecked, v)
	}
	if !v.tryIdle() {
		if old, ok := v.refcnt.IncNotZeroLimitedRelaxed(RefLimit); !ok {
			return incrementFailed(old)
		}
	}
	atomicfence.Rmb() // orders the increment's read before the loads of steps 3 and 4
	if r := v.recheck(mm); r != ReadOK {
		return v.backOff(r)
	}
	return ReadOK
}

func (v *VMA) startReadRelaxed(mm *MM) ReadResult {
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() { // step 1
		return ReadBusy
	}
	if stepHooks {
		stepHook(hookReadChecked, v)
	}
	if !v.tryIdle() {
		if old, ok := v.refcnt.IncNotZeroLimitedRelaxed(RefLimit); !ok {
			return incrementFailed(old)
		}
	}
	if r := v.recheck(mm); r != ReadOK {
		return v.backOff(r)
	}
	return ReadOK
}

func (v *VMA) startReadSeqCst(mm *MM) ReadResult {
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() { // step 1
		return ReadBusy
	}
	if stepHooks {
		stepHook(hookReadChecked, v)
	}
	if old, ok := incNotZeroLimitedSeqCst(&v.refcnt, RefLimit); !ok {
		return incrementFailed(old)
	}
	if r := v.recheck(mm); r != ReadOK {
		return v.backOff(r)
	}
	return ReadOK
}

// incNotZeroLimitedSeqCst is the increment written with sync/atomic alone,
// on the word that the atomicfence.Int32 holds.
func incNotZeroLimitedSeqCst(c *atomicfence.Int32, limit int32) (old int32, ok bool) {
	p := (*int32)(unsafe.Pointer(c))
	for old = atomic.LoadInt32(p); old > 0 && old < limit; old = atomic.LoadInt32(p) {
		if atomic.CompareAndSwapInt32(p, old, old+1) {
			return old, true
		}
	}
	return old, false
}

// An atomicfence.Int32 must be its int32 and nothing else for the cast
// above: these fail to compile if its size is not 4.
var (
	int32Probe atomicfence.Int32
	_          [unsafe.Sizeof(int32Probe) - 4]struct{}
	_          [4 - unsafe.Sizeof(int32Probe)]struct{}
)

// startReadRWSem is vma_start_read before 6.15, plus the checks that
// recycling needs: the semaphore's holder keeps the writer from detaching
// the VMA, so the attached flag, the owner and vm_lock_seq can be read
// under it in turn. None of its releases touches an MM.
func (v *VMA) startReadRWSem(mm *MM) ReadResult {
	rw := v.rwsem("StartReadWith")
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() { // step 1
		return ReadBusy
	}
	if stepHooks {
		stepHook(hookReadChecked, v)
	}
	if !rw.tryRead() {
		return ReadBusy
	}
	if v.refcnt.LoadAcquire() == 0 { // vma->detached
		rw.endRead()
		return ReadDetached
	}
	if v.mm != mm {
		rw.endRead()
		return ReadWrongMM
	}
	// The acquire orders the caller's reads after a vma_end_write_all
	// that this load sees, as in recheck: the semaphore's write unlock
	// may have come long before.
	var seq uint32
	if weakened == orderRWSemSeqAcquire {
		seq = mm.lockSeq.LoadRelaxed()
	} else {
		seq = mm.lockSeq.LoadAcquire()
	}
	if v.lockSeq.LoadRelaxed() == seq {
		rw.endRead()
		return ReadBusy
	}
	return ReadOK
}

// rwsem returns v's per-VMA rw-semaphore, or panics naming op if its Cache
// has none.
func (v *VMA) rwsem(op string) *vmaRWSem {
	if v.rw == nil {
		panic("vma: " + op + " with PlacementRWSem on a VMA whose Cache was not made by NewRWSemCache")
	}
	return v.rw
}
