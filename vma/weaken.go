package vma

// An ordering of the protocol that a verification build may weaken, to
// show that the verification notices (package verify derives litmus tests
// from the machine code; its tests build each weakening and expect the
// forbidden outcome to become reachable).
//
// The choice: each such ordering is written as
//
//	if weakened == orderX { weaker form } else { the real one }
//
// where weakened is a constant that a build tag selects
// (weaken_none.go without any tag: orderNone). The condition is constant,
// so the compiler keeps only the real form and the inliner costs the
// statement as that form alone: a normal build compiles to exactly what it
// did without the test. A build with one of the tags (weaken_startread_acquire,
// weaken_recheck_acquire, weaken_readmit_release, weaken_attach_release,
// weaken_waitfor_mb, weaken_wake_mb, weaken_seqbegin_wmb,
// weaken_endwriteall_wmb, weaken_retry_rmb, weaken_endread_release,
// weaken_waitfor_acquire, weaken_trybegin_acquire,
// weaken_rwsem_tryread_acquire, weaken_rwsem_unlock_release,
// weaken_rwsem_endread_release, weaken_rwsem_seq_acquire,
// weaken_detach_acquire, weaken_detach_zero_rmb, weaken_fetchadd_acquire,
// weaken_fetchadd_release, weaken_fetchadd_attach_release,
// weaken_fetchadd_detach_acquire, weaken_fetchadd_readmit_release) compiles the weaker form
// at that one place. Two of the tags at once do not compile.
type ordering uint8

const (
	orderNone                   ordering = iota
	orderStartReadAcquire                // StartRead's increment: acquire, weakened to relaxed
	orderRecheckAcquire                  // the recheck's load of mm_lock_seq: acquire, weakened to relaxed
	orderReadmitRelease                  // the writer's subtraction of LockOffset: release, weakened to relaxed
	orderAttachRelease                   // MarkAttached's store: release, weakened to relaxed
	orderWaitForMb                       // the writer wait's Mb between the flag and the test: removed
	orderWakeMb                          // the wake-up's Mb between the count and the flag: removed
	orderSeqBeginWmb                     // the Wmb after mm_lock_seq goes odd: removed
	orderEndWriteAllWmb                  // vma_end_write_all's Wmb before mm_lock_seq goes even: removed
	orderRetryRmb                        // SpeculateRetry's Rmb: removed
	orderEndReadRelease                  // EndRead's decrement: release, weakened to relaxed
	orderWaitForAcquire                  // the writer wait's load of the count: acquire, weakened to relaxed
	orderTryBeginAcquire                 // SpeculateTryBegin's load of mm_lock_seq: acquire, weakened to relaxed
	orderRWSemTryReadAcquire             // the rw-semaphore's read try-lock: acquire, weakened to relaxed
	orderRWSemUnlockRelease              // the rw-semaphore's write unlock: release, weakened to relaxed
	orderRWSemEndReadRelease             // the rw-semaphore's read unlock: release, weakened to relaxed
	orderRWSemSeqAcquire                 // PlacementRWSem's load of mm_lock_seq: acquire, weakened to relaxed
	orderDetachAcquire                   // MarkDetached's decrement: release and acquire at 0, weakened to relaxed
	orderDetachZeroRmb                   // MarkDetached's Rmb after the exclusion finds 0: removed
	orderFetchAddAcquire                 // PlacementFetchAdd's increment: acquire, weakened to relaxed
	orderFetchAddRelease                 // PlacementFetchAdd's release and undo: release, weakened to relaxed
	orderFetchAddAttachRelease           // MarkAttached's add on a fetch-add VMA: release, weakened to relaxed
	orderFetchAddDetachAcquire           // MarkDetached's add on a fetch-add VMA: fully ordered, weakened to relaxed
	orderFetchAddReadmitRelease          // StartWrite's subtraction of faWriter: release, weakened to relaxed
)

// recheckRelaxed is recheck with a relaxed load of mm_lock_seq, for the
// build that weakens orderRecheckAcquire.
func (v *VMA) recheckRelaxed(mm *MM) ReadResult {
	if v.mm != mm {
		return ReadWrongMM
	}
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
		return ReadBusy
	}
	return ReadOK
}

// endReadRelaxed is EndRead after the copy of the owner, with a relaxed
// decrement, for the build that weakens orderEndReadRelease.
func (v *VMA) endReadRelaxed(mm *MM) {
	if old := v.refcnt.FetchAddRelaxed(-1); uint32(old)-2 > RefLimit-2 {
		v.endReadRare(mm, old)
	}
}

// tryReadRelaxed is tryRead with a relaxed compare-and-swap, for the build
// that weakens orderRWSemTryReadAcquire.
func (s *vmaRWSem) tryReadRelaxed() bool {
	old := s.count.LoadRelaxed()
	for old >= 0 && old&rwsemWriterLocked == 0 && old < rwsemReadFail-rwsemReaderBias {
		prev, ok := s.count.CompareAndSwapRelaxed(old, old+rwsemReaderBias)
		if ok {
			return true
		}
		old = prev
	}
	return false
}
