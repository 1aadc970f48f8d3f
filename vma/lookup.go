package vma

import (
	"iter"
	"runtime"
)

// FindVMA returns the VMA that covers addr, or nil (vma_lookup). The caller
// holds the mmap lock, for read or write, which orders it after every
// change of the writers before; the VMA stays valid until it drops it, or
// longer if it read-locks the VMA with StartReadLocked first. Only with the
// vmadebug build tag does it panic when nobody holds the mmap lock.
func (mm *MM) FindVMA(addr uint64) *VMA {
	if debugChecks {
		mm.debugAssertMmapLocked("FindVMA")
	}
	return mm.tree().find(addr)
}

// VMAs iterates over the MM's VMAs in address order (for_each_vma). The
// caller holds the mmap lock, both when it calls VMAs and while it ranges
// over the sequence; each iteration enumerates the VMAs there are when it
// begins, so a sequence taken before a change gives the VMAs after it,
// and a writer that changes the VMAs while iterating sees the ones that
// were there when the iteration began. Only with the vmadebug build tag
// does it panic when nobody holds the mmap lock, at the call and when an
// iteration begins. Each iteration loads the published snapshot with
// sync/atomic's Load (acquire), which the writer's Store released; the
// mmap lock already orders the two.
func (mm *MM) VMAs() iter.Seq[*VMA] {
	if debugChecks {
		mm.debugAssertMmapLocked("VMAs")
	}
	return func(yield func(*VMA) bool) {
		if debugChecks {
			mm.debugAssertMmapLocked("VMAs")
		}
		s := mm.tree()
		for _, e := range s.entries {
			if !yield(e.vma) {
				return
			}
		}
	}
}

// LockVMA returns the VMA that covers addr, read-locked, without taking
// the mmap lock, or nil, in which case the caller takes the mmap lock for
// read and looks again (lock_vma_under_rcu). It loads the current snapshot
// (an acquire load), finds the address and calls StartRead:
//
//   - ReadDetached: the VMA left the tree after this snapshot was made;
//     yield, since the writer that detached it may not have published the
//     snapshot without it yet, then look again from a fresh snapshot,
//     keeping nothing of the old search. After detachedRetries retries it
//     stops: see retryDetached.
//   - ReadBusy, ReadWrongMM: nil.
//   - ReadOK: if the VMA no longer covers addr (the object was recycled for
//     another range, or the range changed), release it and return nil;
//     otherwise return it. The caller releases it with EndRead.
//
// It returns nil too when no VMA covers addr. It calls StartRead directly:
// this is the default, acquire, read path.
//
// It never waits for a lock, so it may be called with the mmap lock or
// other VMA read locks held; the VMA it returns is read-locked, and the
// lock order of StartRead applies. It panics, naming the misuse, when the
// VMA it finds has a saturated count, or sits in the tree with a count of
// 0 while no writer holds the mmap lock: both are left by a release
// without a matching acquire (see EndRead).
func (mm *MM) LockVMA(addr uint64) *VMA {
	for retries := 0; ; retries++ {
		v := mm.tree().find(addr)
		if v == nil {
			return nil
		}
		switch v.StartRead(mm) {
		case ReadOK:
			if !v.covers(addr) {
				v.EndRead()
				return nil
			}
			return v
		case ReadDetached:
			if !mm.retryDetached("LockVMA", v, retries) {
				return nil
			}
		default:
			v.assertNotSaturated("LockVMA")
			return nil
		}
	}
}

// LockVMAWith is LockVMA (lock_vma_under_rcu) with the reader's increment
// ordered as p says (see Placement): the snapshot's acquire load is
// LockVMA's, the rest p's. Linux has only the acquire placement. Release the VMA it returns with EndReadWith(p). The
// loop is LockVMA's, written again so that LockVMA keeps its direct call.
// Its panics are LockVMA's and StartReadWith's: an unknown placement, or
// one whose Cache the MM was not made by.
func (mm *MM) LockVMAWith(addr uint64, p Placement) *VMA {
	for retries := 0; ; retries++ {
		v := mm.tree().find(addr)
		if v == nil {
			return nil
		}
		switch v.StartReadWith(mm, p) {
		case ReadOK:
			if !v.covers(addr) {
				v.EndReadWith(p)
				return nil
			}
			return v
		case ReadDetached:
			if !mm.retryDetached("LockVMAWith", v, retries) {
				return nil
			}
		default:
			v.assertNotSaturated("LockVMAWith")
			return nil
		}
	}
}

// detachedRetries bounds the lookups that LockVMA makes again after
// StartRead found the VMA detached. A legitimate retry needs one or two:
// the writer that detached the VMA publishes the tree without it a few
// steps later. Only a misuse keeps a detached VMA in the tree for good.
const detachedRetries = 64

// retryDetached is LockVMA's answer to a VMA v found detached after
// retries retries: it yields and reports true, to look again, until the
// bound. There it panics if the tree holds v with a count of 0 while no
// writer holds the mmap lock, the state that a release without a matching
// acquire leaves (see zeroInTree); otherwise a writer is still at work,
// and it reports false, so that the caller falls back to the mmap lock,
// behind that writer, rather than spin.
func (mm *MM) retryDetached(op string, v *VMA, retries int) bool {
	if retries == detachedRetries {
		if e, found := mm.zeroInTree(v); found {
			panic(countMisuse(op, e.start, e.end, v.refcnt.LoadRelaxed()))
		}
		mm.hook(hookDetachedGiveUp, v)
		return false
	}
	mm.hook(hookDetachedRetry, v)
	runtime.Gosched()
	return true
}

// Fault runs fn with the VMA that covers addr read-locked, the way an
// architecture's page fault handler does (lock_vma_under_rcu, then
// lock_mm_and_find_vma), and reports whether a VMA covered addr. It first
// tries LockVMA; if that fails, it takes the mmap lock for read, finds the
// VMA, read-locks it with StartReadLocked and drops the mmap lock, so that
// fn runs with the VMA read-locked either way (with the mmap read lock
// instead, in the rare case the count is at RefLimit). fn must not release
// the VMA, and must not keep it after it returns; if fn panics, the lock
// is released on the way out. fn's accesses come after the acquire of the
// lock it runs under and before that lock's release.
//
// Lock order: Fault may take the mmap lock, so it must not be called with
// the mmap lock or a VMA read lock held, and fn, which runs with one of
// them held, must not call Fault or take the mmap lock either. A writer
// that holds the mmap write lock waits in StartWrite for the VMA's readers
// to leave; a reader that waits for the mmap lock never leaves.
//
// It panics, naming the misuse, where LockVMA does, when the VMA it finds
// under the mmap lock has a count of 0 or a saturated one, and, before it
// takes a lock, when fn is nil.
func (mm *MM) Fault(addr uint64, fn func(*VMA)) bool {
	if fn == nil {
		panic("vma: Fault with a nil fn")
	}
	if v := mm.LockVMA(addr); v != nil {
		defer v.EndRead()
		fn(v)
		return true
	}
	return mm.faultLocked(addr, fn)
}

// FaultWith is Fault (lock_vma_under_rcu, then lock_mm_and_find_vma) with
// LockVMAWith(addr, p) as the first try, ordered as p says. Its lock order
// is Fault's, and its panics are Fault's and LockVMAWith's.
func (mm *MM) FaultWith(addr uint64, p Placement, fn func(*VMA)) bool {
	if fn == nil {
		panic("vma: FaultWith with a nil fn")
	}
	if v := mm.LockVMAWith(addr, p); v != nil {
		defer v.EndReadWith(p)
		fn(v)
		return true
	}
	return mm.faultLocked(addr, fn)
}

// faultLocked is the fallback of Fault: lock_mm_and_find_vma, then the
// per-VMA read lock under the mmap lock (as uffd_lock_vma does), so that
// the mmap lock is held only for the lookup.
func (mm *MM) faultLocked(addr uint64, fn func(*VMA)) bool {
	mm.MmapReadLock()
	v := mm.FindVMA(addr)
	if v == nil {
		mm.MmapReadUnlock()
		return false
	}
	if !v.StartReadLocked() {
		defer mm.MmapReadUnlock()
		v.assertMapped("Fault")
		fn(v)
		return true
	}
	mm.MmapReadUnlock()
	defer v.endReadLocked()
	fn(v)
	return true
}

// endReadLocked releases what StartReadLocked took.
func (v *VMA) endReadLocked() {
	if v.rw != nil {
		v.rw.endRead()
		return
	}
	if v.wq != nil {
		v.endReadFetchAdd()
		return
	}
	v.EndRead()
}
