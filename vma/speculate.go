package vma

import "github.com/atomicfence/atomicfence"

// SpeculateTryBegin starts a speculative read of state that the mmap lock
// guards, without taking it (mmap_lock_speculate_try_begin). It loads
// mm_lock_seq with ACQUIRE ordering and reports ok only if it is even, that
// is no writer holds the lock. Read the state, then call SpeculateRetry
// with seq: if it reports true, throw what was read away.
//
// The reads in between race with writers by design, so in Go they must be
// atomic loads (sync/atomic or atomicfence): a plain read would be a data
// race.
func (mm *MM) SpeculateTryBegin() (seq uint32, ok bool) {
	if weakened == orderTryBeginAcquire {
		seq = mm.lockSeq.LoadRelaxed()
		return seq, seq&1 == 0
	}
	seq = mm.lockSeq.LoadAcquire()
	return seq, seq&1 == 0
}

// SpeculateRetry reports whether a speculative read begun with
// SpeculateTryBegin must be thrown away, because a writer took the mmap
// lock since (mmap_lock_speculate_retry). A read barrier (Rmb) orders the
// speculative reads before its load of mm_lock_seq.
func (mm *MM) SpeculateRetry(seq uint32) bool {
	if weakened != orderRetryRmb {
		atomicfence.Rmb()
	}
	return mm.lockSeq.LoadRelaxed() != seq
}
