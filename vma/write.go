package vma

import (
	"context"
	"fmt"
	"math"
)

// StartWrite write-locks v for the rest of the caller's write session
// (vma_start_write). The caller holds the mmap write lock of v's MM; it
// panics when nobody holds it (the lock has no owner to check, as the
// kernel leaves whose lock it is to lockdep). The steps:
//
//  1. If vm_lock_seq already equals mm_lock_seq, v was locked earlier in
//     this session: return.
//  2. Exclude readers: add LockOffset to the count unless it is 0 (a
//     relaxed compare-and-swap loop; a detached VMA has no readers to
//     exclude), then sleep until the count is LockOffset+1, that is until
//     the readers that were in have left. New readers fail meanwhile.
//  3. Store vm_lock_seq = mm_lock_seq, even for a detached VMA.
//  4. Subtract LockOffset with RELEASE ordering: a reader whose acquire
//     increment reads the new count also sees the vm_lock_seq store, and
//     fails in its recheck.
//
// While it waits it may meet the count one below its target: a release
// without a matching acquire (EndRead without StartRead, or a second
// EndRead) took v's attached reference, which EndRead cannot tell from the
// last reader of a VMA being detached. StartWrite then puts the reference
// back, leaves v unlocked and panics, naming the misuse, instead of
// waiting for ever.
//
// It panics, naming the misuse, on a VMA that belongs to no MM: one that
// Unmap has returned to its Cache, or that Map and Split never made.
//
// There is no write unlock: MmapWriteUnlock and MmapWriteDowngrade
// release every VMA of the session at once (vma_end_write_all).
//
// In an MM with per-VMA rw-semaphores (NewRWSemCache), steps 2 and 4 are
// down_write and up_write of v's semaphore instead.
//
// On a fetch-add VMA (NewFetchAddCache), step 2 adds that placement's
// writer offset instead of LockOffset (a VMA whose count is in its
// detached range has no readers to exclude, and is left alone), and step
// 4 subtracts it with the same RELEASE ordering.
func (v *VMA) StartWrite() {
	if err := v.startWrite("StartWrite", nil); err != nil {
		panic("vma: StartWrite gave up: " + err.Error())
	}
}

// StartWriteContext is StartWrite that gives up when ctx is done while it
// waits for readers (vma_start_write_killable). Giving up removes
// LockOffset again, leaving the count exactly as it found it (1 plus the
// readers still in), leaves v unlocked, and returns ctx.Err(). If the
// readers are gone by the time it looks, it locks v even when ctx is done.
// Its ordering and its panics are StartWrite's, and it panics if ctx is
// nil, as the standard library does for a nil Context: use
// context.Background() for a wait that never gives up.
func (v *VMA) StartWriteContext(ctx context.Context) error {
	if ctx == nil {
		panic("vma: StartWriteContext with a nil Context")
	}
	return v.startWrite("StartWriteContext", ctx)
}

// startWrite is StartWrite, or StartWriteContext when ctx is not nil; op
// names the caller in panics.
func (v *VMA) startWrite(op string, ctx context.Context) error {
	mm := v.mm
	if mm == nil {
		panic(noOwner(op))
	}
	seq := mm.writeHeldSeq(op)
	if v.lockSeq.LoadRelaxed() == seq {
		return nil
	}
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	if v.rw != nil {
		if !v.rw.lock(done, mm.sleepHook(v)) {
			return ctx.Err()
		}
		v.lockSeq.StoreRelaxed(seq)
		v.rw.unlock()
		return nil
	}
	if v.wq != nil {
		if !v.startWriteFetchAdd(seq, done) {
			return ctx.Err()
		}
		return nil
	}
	found, ok := v.excludeReaders()
	if !ok {
		v.lockSeq.StoreRelaxed(seq)
		return nil
	}
	// Readers only leave while LockOffset is in, so the count falls to
	// LockOffset+1, the attached reference alone. LockOffset is one
	// release more than there were read locks: the wait stops there too,
	// so that lostAttached reports it.
	n, ok := mm.writerWait.waitFor(&v.refcnt, LockOffset, LockOffset+1, done, mm.sleepHook(v))
	if !ok {
		old := v.readmitReaders()
		mm.oweWakes(found, old-LockOffset)
		if old <= LockOffset {
			v.readmitMisuse(op, old)
		}
		return ctx.Err()
	}
	if n == LockOffset {
		v.lostAttached(op, found)
	}
	mm.oweWakes(found, 1)
	mm.hook(hookWaited, v)
	v.lockSeq.StoreRelaxed(seq)
	if old := v.readmitReaders(); old <= LockOffset {
		mm.oweWakes(1, 0) // the stray release left LockOffset, and woke the writer
		v.readmitMisuse(op, old)
	}
	return nil
}

// lostAttached is startWrite after its wait met LockOffset: a release
// without a matching acquire took the attached reference while the writer
// excluded readers, a misuse that EndRead cannot tell from the last reader
// of a VMA being detached. It puts the reference back, lets readers in
// again, v unlocked, and panics naming the misuse.
func (v *VMA) lostAttached(op string, found int32) {
	v.mm.oweWakes(found, 0)
	v.refcnt.FetchAddRelaxed(1)
	v.readmitReaders()
	panic(fmt.Sprintf("vma: %s: a release without a matching acquire (%s) took the attached reference of VMA [%#x, %#x) while the writer waited for its readers; the reference is put back", op, strayRelease, v.start, v.end))
}

// excludeReaders adds LockOffset to the count unless it is 0, and reports
// whether it did and the count it found (the first half of
// __vma_enter_locked). Relaxed: the writer's later loads of the count
// decide, and its stores depend on them. A count already above RefLimit
// means a second writer, or a corrupt count; a negative one was saturated
// by a release without a matching acquire.
func (v *VMA) excludeReaders() (found int32, ok bool) {
	old, ok := v.refcnt.AddNotZeroLimitedRelaxed(LockOffset, math.MaxInt32)
	switch {
	case ok || old == 0:
		return old, ok
	case old < 0:
		panic(countMisuse("a writer", v.start, v.end, old))
	}
	panic(fmt.Sprintf("vma: a writer found count %#x, above RefLimit: two writers, or a corrupt count", old))
}

// readmitReaders subtracts LockOffset with release ordering (the writer's
// half of __vma_exit_locked) and returns the count it subtracted from. The
// VMA stays attached, since detaching needs the mmap write lock this
// writer holds, so the count cannot reach 0 unless a release without a
// matching acquire took the attached reference after the writer's wait:
// the caller records the wake-ups that the releases owe, then calls
// readmitMisuse.
func (v *VMA) readmitReaders() (old int32) {
	if weakened == orderReadmitRelease {
		return v.refcnt.FetchAddRelaxed(-LockOffset)
	}
	old = v.refcnt.FetchAddRelease(-LockOffset)
	if stepHooks {
		stepHook(hookReadmitted, v)
	}
	return old
}

// readmitMisuse panics, naming op, on the count old that readmitReaders
// subtracted LockOffset from, where the attached reference should have
// been. At LockOffset a release without a matching acquire took that
// reference after the writer's wait: it puts the reference back first.
func (v *VMA) readmitMisuse(op string, old int32) {
	if old != LockOffset {
		panic(fmt.Sprintf("vma: %s: count %#x held no attached reference when the writer let readers back in: a corrupt count", op, old))
	}
	v.refcnt.FetchAddRelaxed(1)
	panic(fmt.Sprintf("vma: %s: a release without a matching acquire (%s) took the attached reference of VMA [%#x, %#x) while the writer let its readers back in; the reference is put back", op, strayRelease, v.start, v.end))
}
