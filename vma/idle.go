package vma

import (
	"sync/atomic"
	"unsafe"
)

// The count of an attached VMA that nobody else holds is 1, and that is
// what a read lock's increment finds whenever its VMA is not contended:
// one reader at a time, or each reader on a VMA of its own. On amd64
// (guessIdle) the increment therefore first tries the compare-and-swap
// from 1 to 2 once, without reading the count. The LOCK CMPXCHGL then
// starts at once instead of after a load, which on one CPU was most of
// what the protocol's steps cost beyond an RWMutex's RLock
// (BenchmarkReadLock, mode=single). A failed try swaps nothing, and the
// caller goes on with the increment of its placement, which reads the
// count and decides as it always does. Where readers share the count it
// is mostly above 1 and the try fails: a locked instruction more per read
// lock (mode=shared), which PlacementFetchAdd, one fetch-add with no try,
// avoids. The kernel's __refcount_inc_not_zero_limited_acquire reads the
// count first; the try is the first compare-and-swap of an
// atomic_try_cmpxchg loop whose caller guessed the old value.
//
// The try is sync/atomic's compare-and-swap on the count's word, which
// reports only whether it swapped: atomicfence's CompareAndSwap* reload
// the count after a failure to return what they found, a load that the
// caller's increment makes again anyway.

// tryIdle is the try: on success the count went from 1 to 2, and the
// caller holds a reference, with the ordering of a successful LOCK
// CMPXCHGL (a full barrier, so an acquire); steps 3 and 4 still decide
// whether it keeps it. It is only ever called where guessIdle is true.
func (v *VMA) tryIdle() bool {
	return guessIdle && atomic.CompareAndSwapInt32((*int32)(unsafe.Pointer(&v.refcnt)), 1, 2)
}
