package vma

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// ReadResult says how StartRead ended, and so what its caller does next:
// vma_start_read's VMA, NULL or -EAGAIN in the kernel, which a result
// names beside it. A result is a value and orders nothing; ReadOK's lock
// was taken with the ordering of the StartRead that returned it.
type ReadResult uint8

// The results, values that order nothing (see ReadResult).
const (
	// ReadOK: the caller holds the VMA read-locked; EndRead releases it
	// (vma_start_read's VMA).
	ReadOK ReadResult = iota
	// ReadBusy: a writer holds the VMA write-locked or is excluding
	// readers, or the count is at RefLimit (FetchAddRefLimit readers for
	// PlacementFetchAdd), or the MM's VMAs need another placement. The
	// caller falls back to the mmap lock (vma_start_read's NULL).
	ReadBusy
	// ReadDetached: the count was 0 (in a fetch-add VMA, in its detached
	// range), so the VMA left the tree after the
	// caller found it. The caller looks the address up again, from a fresh
	// snapshot (vma_start_read's -EAGAIN).
	ReadDetached
	// ReadWrongMM: the object was recycled into another MM. The reference
	// that StartRead briefly took on it has been dropped, and that MM's
	// Close waits for the drop to be done with it (a fetch-add release
	// touches the VMA alone, and nothing need wait). The caller falls back
	// to the mmap lock, as the kernel does when vma_start_read returns
	// NULL.
	ReadWrongMM
)

// String returns the result's name: "ok", "busy", "detached" or "wrong-mm".
// It orders nothing; Linux has no counterpart.
func (r ReadResult) String() string {
	switch r {
	case ReadOK:
		return "ok"
	case ReadBusy:
		return "busy"
	case ReadDetached:
		return "detached"
	case ReadWrongMM:
		return "wrong-mm"
	}
	return fmt.Sprintf("ReadResult(%d)", uint8(r))
}

// StartRead tries to read-lock v, which the caller found without locks in
// mm (vma_start_read, Linux 6.15 with the CVE-2025-38554 fix). It never
// sleeps. The steps:
//
//  1. If vm_lock_seq equals mm_lock_seq (two relaxed loads; LDARs on
//     arm64, see seqLoadsLDAR), v is write-locked: ReadBusy.
//  2. Increment the count unless it is 0 (ReadDetached) or the result
//     would pass RefLimit (ReadBusy: a writer's LockOffset is in, or too
//     many readers), with ACQUIRE ordering on success
//     (__refcount_inc_not_zero_limited_acquire). The acquire is what pairs
//     with the writer's release of LockOffset after its vm_lock_seq store.
//     On amd64 it first tries the compare-and-swap from 1 to 2, the count
//     of a VMA that nobody else holds, without reading the count first.
//  3. If v's owner is not mm, the object was recycled into another MM:
//     release it and return ReadWrongMM. The release may let that MM's
//     writer finish and Close it; Close waits for the release's wake-up,
//     which does what the kernel's mmgrab across the release does.
//  4. If vm_lock_seq equals mm_lock_seq (an acquire load of mm_lock_seq), a
//     writer locked v between steps 1 and 2: release it, ReadBusy.
//
// On ReadOK the caller holds a read lock and must release it with EndRead;
// on any other result it holds nothing. A caller that looked an address up
// must still check that v covers it (LockVMA does).
//
// Lock order: a VMA read lock nests inside the mmap lock, never outside
// it. StartRead never waits and may be called with the mmap lock or other
// VMA read locks held, but while the read lock it takes is held the
// caller must not take the mmap lock (MmapReadLock, MmapWriteLock) nor
// call Fault: a writer holding the mmap write lock may be waiting in
// StartWrite for this very reader to leave.
//
// This is the default, acquire, placement, called directly: StartReadWith
// selects the others. On amd64 it is inlined into its caller (see
// inlineRead; not under -race, where sync/atomic is a call), and a read
// lock that succeeds makes no call.
func (v *VMA) StartRead(mm *MM) ReadResult {
	if !inlineRead {
		return v.startReadCalled(mm)
	}
	return v.startReadInline(mm, (*VMA).startReadTry, (*VMA).startReadRest)
}

// startReadInline is StartRead where it is inlined (inlineRead): step 1,
// which returns ReadBusy at once as the kernel's early check does, and
// then try, which is always startReadTry. try and rest are parameters
// because the inliner costs a call of a parameter at 17 where it costs a
// call of a function at 57 (see inlineRead), and it inlines try once
// StartRead is inlined and try is known.
//
// The early check's failure is a return, not a call of rest: the caller
// then reaches its calls of rest and of EndRead's rare only through the
// try, so the compiler spills what the caller keeps across those calls
// before the early check, not between the try and the release. A store
// in between is one more that the release's locked instruction waits for
// (docs/benchmarks.md).
func (v *VMA) startReadInline(mm *MM, try func(*VMA, *MM, restFunc) ReadResult, rest restFunc) ReadResult {
	if loadSeq(&v.lockSeq) != loadSeq(&mm.lockSeq) { // step 1
		return try(v, mm, rest)
	}
	return ReadBusy
}

// restFunc is the type of startReadRest as a method value, named so that
// the signatures of startReadInline and startReadTry, which pass it on,
// stay readable (as keepFunc does for the fetch-add path).
type restFunc = func(v *VMA, mm *MM, held bool) ReadResult

// startReadTry is steps 2 to 4 of the inlined StartRead: the try from the
// idle count of 1 (guessIdle) and steps 3 and 4, with sync/atomic's
// intrinsics on the fields, which on amd64 are the LOCK CMPXCHGL and the
// MOVs that the called path makes too. A failed try or a failed recheck
// goes to rest, which is always startReadRest, with held saying whether
// the try took a reference. The try is tryIdle's compare-and-swap written
// out, and the loads are loadSeq rather than LoadAcquire and LoadRelaxed,
// the same instructions for fewer of the inliner's points.
func (v *VMA) startReadTry(mm *MM, rest restFunc) ReadResult {
	held := atomic.CompareAndSwapInt32((*int32)(unsafe.Pointer(&v.refcnt)), 1, 2) // step 2, the try
	if held && v.mm == mm && loadSeq(&mm.lockSeq) != loadSeq(&v.lockSeq) {        // steps 3 and 4
		return ReadOK
	}
	return rest(v, mm, held)
}

// startReadRest is the inlined StartRead's way out of line, after step 1
// has passed. Holding the try's reference (held), it makes steps 3 and 4
// again, to return their failure after backing off, or ReadOK if they
// pass now: a recheck that passes later is one that the reader could have
// made at that moment. Without it, it makes step 2 with the increment
// that reads the count, as the called StartRead does after a failed try,
// and then steps 3 and 4.
func (v *VMA) startReadRest(mm *MM, held bool) ReadResult {
	if !held {
		if old, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok { // step 2
			return incrementFailed(old)
		}
	}
	if r := v.recheck(mm); r != ReadOK { // steps 3 and 4
		return v.backOff(r)
	}
	return ReadOK
}

// startReadCalled is StartRead where it is not inlined: on every
// architecture but amd64, and in the builds that weaken its orderings or
// hook its steps.
func (v *VMA) startReadCalled(mm *MM) ReadResult {
	if weakened == orderStartReadAcquire {
		return v.startReadRelaxed(mm)
	}
	if v.lockedEarly(mm) { // step 1
		return ReadBusy
	}
	if stepHooks {
		if old, ok := v.incrementStep(); !ok {
			return incrementFailed(old)
		}
	} else if !v.tryIdle() { // step 2, from an idle count (see guessIdle)
		if old, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok { // step 2
			return incrementFailed(old)
		}
	}
	if r := v.recheck(mm); r != ReadOK { // steps 3 and 4
		return v.backOff(r)
	}
	return ReadOK
}

// incrementFailed is step 2's failure: 0 means detached; anything else
// (LockOffset in, RefLimit reached, or a saturated count) means busy.
func incrementFailed(old int32) ReadResult {
	if old == 0 {
		return ReadDetached
	}
	return ReadBusy
}

// recheck is steps 3 and 4, once the caller holds a reference: ReadOK, or
// the failure for which the caller drops the reference with backOff. On
// amd64, where its loads are sync/atomic intrinsics (MOVs), and on arm64,
// where they are LDARs (see seqLoadsLDAR), it makes no call and is inlined
// into every count-based placement's StartRead, the same code after each
// increment. On riscv64, loong64 and ppc64le (and arm64 built with the tag
// vma_asmloads, for fencelab verify) its loads are calls of the assembly,
// which puts it over the inliner's budget: there it is a call of its own.
func (v *VMA) recheck(mm *MM) ReadResult {
	if v.mm != mm {
		return ReadWrongMM
	}
	if weakened == orderRecheckAcquire {
		return v.recheckRelaxed(mm)
	}
	if seqLoadsLDAR {
		seq := loadSeq(&mm.lockSeq)
		if loadSeq(&v.lockSeq) == seq {
			return ReadBusy
		}
		return ReadOK
	}
	seq := mm.lockSeq.LoadAcquire()
	if v.lockSeq.LoadRelaxed() == seq {
		return ReadBusy
	}
	return ReadOK
}

// backOff is the failure of step 3 or 4: it drops the reference that the
// increment took (EndRead) and returns r. It is never inlined, so that the
// release stays out of StartRead's body and a successful StartRead makes
// no call but the increment's (none on amd64).
//
//go:noinline
func (v *VMA) backOff(r ReadResult) ReadResult {
	v.EndRead()
	return r
}

// EndRead releases a read lock taken by StartRead, StartReadLocked (in a
// count-based MM) or a count-based StartReadWith (vma_end_read). It copies
// the owner first, because v may be detached and recycled into another MM
// the moment the count drops, then decrements with RELEASE ordering (and
// acquire if it reaches 0). If that left only a writer in the count
// (LockOffset or LockOffset+1), it wakes the owner's writer, which may be
// waiting for exactly this; the wake-up is harmless if nobody waits.
//
// The decrement may let that writer detach v and Close the MM before the
// wake-up; Close waits for the wake-up to be done, so EndRead may run
// while the MM is being closed (see MM). It may not begin after Close has
// returned, and need not: Close waits for the release of every VMA locked
// before it.
//
// EndRead on a VMA that the caller has not read-locked (EndRead without
// StartRead, or a second EndRead) corrupts the count where it cannot be
// told from a release. It panics, naming the misuse, when it
//
//   - drives the count below zero, leaving it saturated (on a VMA that
//     Unmap has returned to its Cache, the Cache then leaks the object
//     rather than hand it to the next Map);
//   - takes it from 1 to 0 while the MM's tree still holds v and no writer
//     holds the mmap lock, leaving it saturated: a reader's reference sits
//     on top of the attached one, so only the last reader of a VMA that
//     MarkDetached is taking out of the tree reaches 0, and that writer
//     holds the mmap lock until the tree without v is published (see
//     endReadToZero). A misuse while a writer holds the lock goes
//     unnoticed here; LockVMA, Fault and Unmap catch it later;
//   - finds LockOffset, a count that holds no reader, leaving the count as
//     it was. This includes EndRead on a VMA of an MM made from
//     NewRWSemCache, whose count is the attached flag alone: release those
//     with EndReadWith(PlacementRWSem).
//
// A misuse that takes the count to LockOffset, the attached reference of
// a VMA whose writer waits for its readers, looks like the last reader of
// a VMA being detached: StartWrite, which waits, panics on it instead.
//
// It also panics, before it touches the count, on a VMA of an MM made
// from NewFetchAddCache, whose read locks EndReadWith(PlacementFetchAdd)
// releases: a decrement there could let a writer that waits for that very
// reader go on.
//
// A saturated VMA stays poisoned: LockVMA, Fault and the writers panic on
// it, naming the earlier misuse.
//
// On amd64 it is inlined into its caller (see inlineRead; not under
// -race), and a release that leaves the count in the common range makes
// no call.
func (v *VMA) EndRead() {
	if !inlineRead {
		v.endReadCalled()
		return
	}
	v.endReadInline((*VMA).endReadRare)
}

// endReadInline is EndRead where it is inlined (inlineRead): the copy of
// the owner, the fetch-add VMA's panic and the release decrement (on
// amd64 the same LOCK XADDL as DecAndTest's), with every count outside
// the common range sent to rare, which is always endReadRare. A parameter
// for the reason startReadInline's rest is one.
func (v *VMA) endReadInline(rare func(*VMA, *MM, int32)) {
	mm := v.mm
	if v.wq != nil {
		panic(endReadFetchAddMisuse)
	}
	if old := v.refcnt.FetchAddRelease(-1); uint32(old)-2 > RefLimit-2 {
		rare(v, mm, old)
	}
}

// endReadCalled is EndRead where it is not inlined (see startReadCalled),
// and in the build with the debug checks.
func (v *VMA) endReadCalled() {
	if debugChecks {
		v.debugEndRead()
	}
	mm := v.mm
	if v.wq != nil {
		panic(endReadFetchAddMisuse)
	}
	if weakened == orderEndReadRelease {
		v.endReadRelaxed(mm)
		return
	}
	var old int32
	if stepHooks {
		old = v.releaseStep()
	} else {
		old, _ = v.refcnt.DecAndTest()
	}
	// One unsigned compare sends old = 1 and old > RefLimit to the rare
	// branch, and keeps the common release (2 … RefLimit) as cheap as it was.
	if uint32(old)-2 > RefLimit-2 {
		v.endReadRare(mm, old)
	}
}

// endReadRare is EndRead after a decrement from old that the common
// release never makes: from 1, which reached 0, or from a count with a
// writer's LockOffset in. A reader's own reference always sits on top of
// LockOffset, so old is never LockOffset itself unless the caller held no
// read lock. From the inlined EndRead it also meets a count that the
// decrement drove below zero, which it saturates as DecAndTest does the
// called one's, and panics with an error, as DecAndTest does.
func (v *VMA) endReadRare(mm *MM, old int32) {
	switch {
	case old < 1:
		v.refcnt.StoreRelaxed(atomicfence.Saturated)
		panic(fmt.Errorf("vma: %s: a release without a matching acquire took the count from %d; it is now saturated at %d", strayRelease, old, atomicfence.Saturated))
	case old == 1:
		v.endReadToZero(mm)
	case old == LockOffset:
		// Put the count back, and wake the writer that may have read it
		// one below its target meanwhile and gone to sleep.
		v.refcnt.FetchAddRelaxed(1)
		mm.writerWait.wake()
		panic("vma: EndRead of a VMA whose count holds no read lock (LockOffset): a release without StartRead, or a VMA of an MM made from NewRWSemCache, which EndReadWith(PlacementRWSem) releases")
	case writerOnly(old - 1):
		mm.wakeWriter()
	}
}

// StartReadLocked read-locks v while the caller holds the mmap lock (read
// or write), which keeps writers away (vma_start_read_locked). It is the
// same acquire increment as StartRead, and can fail only when the count is
// at RefLimit (or when v is detached, which a VMA found under the mmap lock
// is not, or its count saturated by an earlier release without a matching
// acquire, which Fault reports with a panic; see EndRead). The caller may
// drop the mmap lock once it holds the VMA and release the VMA later with
// EndRead. Only with the vmadebug build tag does it panic when nobody holds
// the mmap lock.
//
// In an MM whose Cache was made by NewRWSemCache it takes the per-VMA
// rw-semaphore for read instead; release that with
// EndReadWith(PlacementRWSem). In one made by NewFetchAddCache it is the
// acquire fetch-add of PlacementFetchAdd, which fails only at
// FetchAddRefLimit; release that with EndReadWith(PlacementFetchAdd).
func (v *VMA) StartReadLocked() bool {
	if debugChecks {
		if v.mm == nil {
			panic(noOwner("StartReadLocked"))
		}
		v.mm.debugAssertMmapLocked("StartReadLocked")
	}
	if v.rw != nil {
		if !v.rw.tryRead() {
			return false
		}
		// The semaphore keeps a writer from detaching v from here on; one
		// detached before, perhaps back in the Cache for the next Map to
		// reuse, must not stay read-locked, or that Map would wait for it
		// under the mmap write lock. The try-lock's acquire orders this
		// load after the detaching writer's release of the semaphore.
		if v.refcnt.LoadRelaxed() == 0 {
			v.rw.endRead()
			return false
		}
		return true
	}
	if v.wq != nil {
		return v.startReadLockedFetchAdd()
	}
	if v.tryIdle() {
		return true
	}
	_, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit)
	return ok
}
