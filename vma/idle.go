package vma

// The count of an attached VMA that nobody reads or writes is 1, and that
// is what a read lock's increment finds whenever its VMA is not contended:
// one reader at a time, or each reader on a VMA of its own. On amd64
// (guessIdle) the increment therefore first tries the compare-and-swap
// from 1 to 2 without reading the count. The LOCK CMPXCHGL then starts at
// once instead of after a load, which is most of what a read lock costs
// beyond an RWMutex's RLock on one CPU (BenchmarkReadLock, mode=single and
// mode=distinct). A failed try swaps nothing and orders nothing that the
// protocol needs, and the caller goes on with the increment of the
// placement, which reads the count and decides as it always does. Where
// readers share the count it is mostly above 1 and the try fails: a
// locked instruction more per read lock (mode=shared), which
// PlacementFetchAdd, one fetch-add with no try, avoids. The kernel's
// __refcount_inc_not_zero_limited_acquire reads the count first; the try
// is the first compare-and-swap of an atomic_try_cmpxchg loop whose caller
// guessed the old value.

// tryIdleAcquire is the try before an acquire increment: on success v is
// read-locked with the count's old value 1, with the acquire of a
// successful LOCK CMPXCHGL, a full barrier.
func (v *VMA) tryIdleAcquire() bool {
	if !guessIdle {
		return false
	}
	_, ok := v.refcnt.CompareAndSwapAcquire(1, 2)
	return ok
}

// tryIdleRelaxed is the try before a relaxed increment (the relaxed
// placements, which order the increment by other means or not at all).
func (v *VMA) tryIdleRelaxed() bool {
	if !guessIdle {
		return false
	}
	_, ok := v.refcnt.CompareAndSwapRelaxed(1, 2)
	return ok
}
