package vma

import (
	"fmt"

	"github.com/atomicfence/atomicfence"
)

// MarkAttached makes a detached VMA attached: the count goes from 0 to 1
// with a RELEASE store (vma_mark_attached). The caller holds the mmap write
// lock and has write-locked v, and calls it after every initialising store
// to the object and before the snapshot that holds v is published: a stale
// reader that still holds a pointer to this recycled object can take a
// reference only once the count is no longer 0, and its acquire increment
// then sees all those stores. It panics if the count is not 0. On a
// fetch-add VMA (NewFetchAddCache) the count moves from its detached range
// to its attached one by a RELEASE add instead, which keeps the transient
// increments of stale readers, with the same pairing; it panics if the
// count is not in the detached range. It panics, too, on a VMA that belongs
// to no MM: one that Unmap has returned to its Cache, or that Map and Split
// never made. Only with the vmadebug build tag does it panic when v is not
// write-locked (and so when nobody holds the mmap write lock), as the
// kernel checks that only with CONFIG_DEBUG_VM.
func (v *VMA) MarkAttached() {
	// An object back in its Cache is detached too: attaching it there
	// would hand the next Map an attached VMA.
	if v.mm == nil {
		panic(noOwner("MarkAttached"))
	}
	if debugChecks {
		v.debugAssertWriteLocked("MarkAttached")
	}
	if v.wq != nil {
		v.markAttachedFetchAdd()
		return
	}
	if c := v.refcnt.LoadRelaxed(); c != 0 {
		panic(fmt.Sprintf("vma: MarkAttached of a VMA whose count is %d: only a detached VMA (count 0) can be attached", c))
	}
	if v.rw != nil {
		v.refcnt.StoreRelease(rwsemAttached)
		return
	}
	if weakened == orderAttachRelease {
		v.refcnt.StoreRelaxed(1)
		return
	}
	v.refcnt.StoreRelease(1)
}

// MarkDetached takes v out of its MM for good (vma_mark_detached). The
// caller holds the mmap write lock and has write-locked v. It drops the
// attached reference with a release decrement (acquire at 0). If that does
// not reach 0, readers are still inside: ones that passed the early check
// before the write lock and are about to see vm_lock_seq and back off.
// MarkDetached then excludes them as StartWrite does, with LockOffset as
// the target, sleeps until they have left (an acquire load of the count),
// and subtracts LockOffset, reaching 0. Only after it returns may the
// object be freed or recycled. On a fetch-add VMA (NewFetchAddCache) one
// fully ordered add moves the count into its detached range, where new
// readers fail at once, and the writer sleeps (an acquire load) until
// the readers that were in have left.
//
// Ordering: whichever way it returns, everything each reader did before
// its EndRead happens before MarkDetached returns. Where the last reader
// leaves between the decrement and the exclusion, the exclusion finds 0
// with a relaxed read and MarkDetached returns at once; it then issues an
// Rmb (the kernel's smp_acquire__after_ctrl_dep), which Linux's
// vma_mark_detached does not: there the caller's later stores are ordered
// by the control dependency alone, and its later loads not at all.
//
// It panics if v is not attached, or its count is saturated (see EndRead).
// Only with the vmadebug build tag does it panic when v is not write-locked
// (and so when nobody holds the mmap write lock), as the kernel checks that
// only with CONFIG_DEBUG_VM.
func (v *VMA) MarkDetached() {
	if debugChecks {
		v.debugAssertWriteLocked("MarkDetached")
	}
	v.assertAttached("MarkDetached")
	if v.wq != nil {
		v.markDetachedFetchAdd()
		return
	}
	if v.rw != nil {
		v.rw.lock(nil, v.mm.sleepHook(v))
		if _, zero := v.refcnt.SubAndTest(rwsemAttached); !zero {
			panic("vma: count of an attached VMA with a per-VMA rw-semaphore was not the attached flag")
		}
		v.rw.unlock()
		return
	}
	if weakened == orderDetachAcquire {
		if v.refcnt.FetchAddRelaxed(-1) == 1 {
			return
		}
	} else if _, zero := v.refcnt.DecAndTest(); zero {
		return
	}
	v.mm.hook(hookDetachReadersIn, v)
	found, ok := v.excludeReaders()
	if !ok {
		// The last reader left between the decrement and here: the
		// relaxed read of 0 becomes an acquire.
		if weakened != orderDetachZeroRmb {
			atomicfence.Rmb()
		}
		return
	}
	v.mm.writerWait.waitFor(&v.refcnt, LockOffset, LockOffset, nil, v.mm.sleepHook(v))
	v.mm.oweWakes(found, 0)
	if _, zero := v.refcnt.SubAndTest(LockOffset); !zero {
		panic("vma: count not 0 after the readers of a detached VMA left")
	}
}
