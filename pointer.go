package atomicfence

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Pointer is an atomic *T. The zero value is nil, ready to use. A Pointer
// must not be copied after first use.
//
// Its loads are this package's routines in each ordering (arm64: LDR,
// LDAR or LDAPR, LDAR; amd64: MOV). Its stores, swaps and compare-and-swaps
// go through sync/atomic on every GOARCH, whatever ordering they name:
// writing a pointer into the heap needs the garbage collector's write
// barrier, which the runtime gives only to its own code and sync/atomic's,
// and an assembly store without it would let the collector free the object
// stored. They are therefore sequentially consistent among atomic
// operations, at least as strong as the acquire, release or relaxed
// ordering named: on arm64 the store is STLR, exactly StoreRelease's
// instruction, and the swap and compare-and-swap are SWPAL and CASAL (or
// LDAXR/STLXR loops), on amd64 XCHG and LOCK CMPXCHG. That is not Linux's
// full ordering, which also keeps an earlier plain store before a later
// plain load: the LDAXR/STLXR loop, riscv64's LR.AQ/SC.RL compare-and-swap
// and ppc64le's LWSYNC before and LWSYNC or ISYNC after do not. SwapFull and CompareAndSwapFull add it with MbBeforeAtomic
// and MbAfterAtomic around the operation, as Linux makes a relaxed
// read-modify-write fully ordered, except on amd64, where the LOCKed
// instruction is a full barrier already. The ordered names are
// kept so that code reads as the kernel's does (rcu_assign_pointer is
// StoreRelease, rcu_dereference LoadAcquire) and picks up weaker
// instructions if Go ever exports the barrier.
type Pointer[T any] struct {
	_ [0]*T // Pointer[T] and Pointer[U] are distinct types, as in sync/atomic
	_ noCopy
	v unsafe.Pointer
}

// LoadRelaxed returns the pointer with no ordering against other accesses
// (READ_ONCE). Dereferencing it may observe the object's fields before the
// publisher's writes to them: use LoadAcquire for a published object.
func (p *Pointer[T]) LoadRelaxed() *T { return (*T)(loadPtrRelaxed(&p.v)) }

// LoadAcquire returns the pointer; no later load or store of the caller,
// such as a load through the pointer, is observed before it
// (smp_load_acquire; rcu_dereference is weaker). Paired with StoreRelease,
// it sees the object as its publisher initialised it.
func (p *Pointer[T]) LoadAcquire() *T { return (*T)(loadPtrAcquire(&p.v)) }

// LoadSeqCst returns the pointer as a sequentially consistent load: an
// acquire that no earlier StoreSeqCst of the caller passes (Linux has none;
// sync/atomic.Pointer.Load).
func (p *Pointer[T]) LoadSeqCst() *T { return (*T)(loadPtrSeqCst(&p.v)) }

// StoreRelaxed sets the pointer (WRITE_ONCE). It is atomic.StorePointer,
// sequentially consistent, as the type's doc explains.
func (p *Pointer[T]) StoreRelaxed(v *T) { atomic.StorePointer(&p.v, unsafe.Pointer(v)) }

// StoreRelease publishes v: every earlier load and store of the caller,
// such as the writes that initialised *v, is observed before it
// (smp_store_release, rcu_assign_pointer). It is atomic.StorePointer: STLR
// on arm64, XCHG on amd64.
func (p *Pointer[T]) StoreRelease(v *T) { atomic.StorePointer(&p.v, unsafe.Pointer(v)) }

// StoreSeqCst sets the pointer as a sequentially consistent store: a
// release that no later LoadSeqCst of the caller passes (Linux has none;
// sync/atomic.Pointer.Store).
func (p *Pointer[T]) StoreSeqCst(v *T) { atomic.StorePointer(&p.v, unsafe.Pointer(v)) }

// SwapRelaxed sets the pointer to v and returns the old one (xchg_relaxed),
// as atomic.SwapPointer, which is acquire and release (see Pointer).
func (p *Pointer[T]) SwapRelaxed(v *T) (old *T) {
	return (*T)(atomic.SwapPointer(&p.v, unsafe.Pointer(v)))
}

// SwapAcquire is SwapRelaxed (xchg_acquire); atomic.SwapPointer is an
// acquire and a release.
func (p *Pointer[T]) SwapAcquire(v *T) (old *T) {
	return (*T)(atomic.SwapPointer(&p.v, unsafe.Pointer(v)))
}

// SwapRelease is SwapRelaxed (xchg_release); atomic.SwapPointer is an
// acquire and a release.
func (p *Pointer[T]) SwapRelease(v *T) (old *T) {
	return (*T)(atomic.SwapPointer(&p.v, unsafe.Pointer(v)))
}

// SwapFull is SwapRelaxed (xchg), fully ordered: no earlier load or store
// of the caller is observed after it, nor any later one before it (see
// Pointer for the barriers that make it so).
func (p *Pointer[T]) SwapFull(v *T) (old *T) {
	fullBefore()
	old = (*T)(atomic.SwapPointer(&p.v, unsafe.Pointer(v)))
	fullAfter()
	return old
}

// CompareAndSwapRelaxed sets the pointer to new if it is old
// (cmpxchg_relaxed). It reports whether it swapped, and prev: old when it
// swapped, otherwise a pointer observed during the call that differs from
// old (see Int32.CompareAndSwapRelaxed). It is atomic.CompareAndSwapPointer,
// an acquire and a release (see Pointer).
func (p *Pointer[T]) CompareAndSwapRelaxed(old, new *T) (prev *T, swapped bool) {
	return casPtr(p, old, new)
}

// CompareAndSwapAcquire is CompareAndSwapRelaxed (cmpxchg_acquire):
// atomic.CompareAndSwapPointer, an acquire and a release, more than asked.
func (p *Pointer[T]) CompareAndSwapAcquire(old, new *T) (prev *T, swapped bool) {
	return casPtr(p, old, new)
}

// CompareAndSwapRelease is CompareAndSwapRelaxed (cmpxchg_release):
// atomic.CompareAndSwapPointer, an acquire and a release, more than asked.
func (p *Pointer[T]) CompareAndSwapRelease(old, new *T) (prev *T, swapped bool) {
	return casPtr(p, old, new)
}

// CompareAndSwapFull is CompareAndSwapRelaxed (cmpxchg), fully ordered, as
// SwapFull is, whether or not it swaps.
func (p *Pointer[T]) CompareAndSwapFull(old, new *T) (prev *T, swapped bool) {
	fullBefore()
	prev, swapped = casPtr(p, old, new)
	fullAfter()
	return prev, swapped
}

// fullBefore and fullAfter make a sync/atomic read-modify-write of a
// pointer fully ordered (see Pointer): MbBeforeAtomic and MbAfterAtomic,
// compiled out on amd64.
func fullBefore() {
	if runtime.GOARCH != "amd64" {
		mbBeforeAtomic()
	}
}

func fullAfter() {
	if runtime.GOARCH != "amd64" {
		mbAfterAtomic()
	}
}

// casPtr is cas32 for pointers.
func casPtr[T any](p *Pointer[T], old, new *T) (*T, bool) {
	for !atomic.CompareAndSwapPointer(&p.v, unsafe.Pointer(old), unsafe.Pointer(new)) {
		if cur := (*T)(atomic.LoadPointer(&p.v)); cur != old {
			return cur, false
		}
	}
	return old, true
}
