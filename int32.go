package atomicfence

import (
	"fmt"
	"math"
)

// Int32 is a signed 32-bit count, the analogue of the kernel's atomic_t and
// refcount_t, each method with the ordering its name says, as the kernel's
// _relaxed, _acquire and _release forms and its fully ordered ones do, or,
// for DecAndTest, SubAndTest and the Refcount* methods, whose names follow
// refcount.h, the ordering its comment says.
// Loads, stores, FetchAdd* and CompareAndSwap* treat it as
// atomic_t: plain two's-complement arithmetic that wraps. The
// *NotZeroLimited* operations, DecAndTest, SubAndTest and the Refcount*
// methods treat it as refcount_t: 0 means dead, a negative count is
// saturated (see SubAndTest) and none of them revives it; the atomic_t
// operations (FetchAdd*, IncNotZero*, ...) do as they are told, as
// atomic_t's do. The zero value is a count of 0, ready to use. An Int32
// must not be copied after first use.
type Int32 struct {
	_ noCopy
	v int32
}

// noCopy makes go vet's copylocks check report copies of the types that
// embed it.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// LoadRelaxed returns the value with no ordering against other accesses
// (the kernel's atomic_read / READ_ONCE).
func (c *Int32) LoadRelaxed() int32 { return load32Relaxed(&c.v) }

// LoadAcquire returns the value; no later load or store of the caller is
// observed before it (atomic_read_acquire / smp_load_acquire).
func (c *Int32) LoadAcquire() int32 { return load32Acquire(&c.v) }

// StoreRelaxed sets the value with no ordering against other accesses
// (atomic_set / WRITE_ONCE).
func (c *Int32) StoreRelaxed(v int32) { store32Relaxed(&c.v, v) }

// StoreRelease sets the value; every earlier load and store of the caller is
// observed before it (atomic_set_release / smp_store_release).
func (c *Int32) StoreRelease(v int32) { store32Release(&c.v, v) }

// FetchAddRelaxed adds delta and returns the old value, ordering nothing
// else (atomic_fetch_add_relaxed).
func (c *Int32) FetchAddRelaxed(delta int32) (old int32) { return xadd32Relaxed(&c.v, delta) }

// FetchAddAcquire adds delta and returns the old value; the read of the old
// value is an acquire (atomic_fetch_add_acquire).
func (c *Int32) FetchAddAcquire(delta int32) (old int32) { return xadd32Acquire(&c.v, delta) }

// FetchAddRelease adds delta and returns the old value; the write of the new
// value is a release (atomic_fetch_add_release). A release decrement is
// FetchAddRelease(-1).
func (c *Int32) FetchAddRelease(delta int32) (old int32) { return xadd32Release(&c.v, delta) }

// FetchAddFull adds delta and returns the old value, fully ordered: it
// behaves as if smp_mb() stood on each side (atomic_fetch_add).
func (c *Int32) FetchAddFull(delta int32) (old int32) { return xadd32Full(&c.v, delta) }

// CompareAndSwapRelaxed sets the value to new if it equals old, ordering
// nothing else (atomic_cmpxchg_relaxed). It reports whether it swapped, and
// prev: old when it swapped; otherwise a value of the count, observed
// during the call, that differs from old. On arm64 that is the value the
// failed compare read. On amd64 and in the sync/atomic fallback, whose
// compare-and-swap does not return what it found, it is what a load after
// the failed compare read; a load that finds old again retries the compare.
func (c *Int32) CompareAndSwapRelaxed(old, new int32) (prev int32, swapped bool) {
	return cas32Relaxed(&c.v, old, new)
}

// CompareAndSwapAcquire is CompareAndSwapRelaxed whose read is an acquire
// when it swaps (atomic_cmpxchg_acquire, try_cmpxchg_acquire). A failed
// compare orders nothing.
func (c *Int32) CompareAndSwapAcquire(old, new int32) (prev int32, swapped bool) {
	return cas32Acquire(&c.v, old, new)
}

// CompareAndSwapRelease is CompareAndSwapRelaxed whose write is a release
// (atomic_cmpxchg_release). A failed compare orders nothing.
func (c *Int32) CompareAndSwapRelease(old, new int32) (prev int32, swapped bool) {
	return cas32Release(&c.v, old, new)
}

// CompareAndSwapFull is CompareAndSwapRelaxed, fully ordered when it swaps
// (atomic_cmpxchg). A failed compare orders nothing.
func (c *Int32) CompareAndSwapFull(old, new int32) (prev int32, swapped bool) {
	return cas32Full(&c.v, old, new)
}

// IncNotZeroLimitedRelaxed increments the count unless it is 0 or the
// result would exceed limit, ordering nothing else
// (__refcount_inc_not_zero_limited of the per-VMA lock's patch series;
// mainline Linux has only the acquire form). See
// AddNotZeroLimitedAcquire for the results and the panics.
func (c *Int32) IncNotZeroLimitedRelaxed(limit int32) (old int32, ok bool) {
	if limit <= 0 {
		panic(badLimit(limit))
	}
	old, ok = addNotZeroLimitedRelaxed(&c.v, 1, limit)
	return
}

// IncNotZeroLimitedAcquire increments the count unless it is 0 or the
// result would exceed limit; a successful increment is an acquire
// (__refcount_inc_not_zero_limited_acquire, the per-VMA read lock). See
// AddNotZeroLimitedAcquire for the results and the panics.
func (c *Int32) IncNotZeroLimitedAcquire(limit int32) (old int32, ok bool) {
	if limit <= 0 {
		panic(badLimit(limit))
	}
	old, ok = addNotZeroLimitedAcquire(&c.v, 1, limit)
	return
}

// AddNotZeroLimitedRelaxed is AddNotZeroLimitedAcquire with no ordering on
// success. Mainline Linux has no such function: the relaxed limited forms
// (__refcount_add_not_zero_limited) were in the per-VMA lock's patch series
// up to its v9, and only the _acquire forms were merged. Its nearest
// mainline counterpart is __refcount_add_not_zero with a limit.
func (c *Int32) AddNotZeroLimitedRelaxed(delta, limit int32) (old int32, ok bool) {
	if delta <= 0 {
		panic(badDelta(delta))
	}
	if limit <= 0 {
		panic(badLimit(limit))
	}
	old, ok = addNotZeroLimitedRelaxed(&c.v, delta, limit)
	return
}

// AddNotZeroLimitedAcquire reads the count and adds delta to it unless
//
//   - the count is 0 (ok is false, old is 0: the object is dead or detached),
//   - old+delta would exceed limit, which is inclusive and checked without
//     overflow (ok is false, old > 0: over the limit), or
//   - the count is negative, which this package treats as saturated, like
//     the kernel's refcount_t (ok is false, old < 0; the count is left as it is).
//
// The last case differs from Linux: __refcount_add_not_zero_limited_acquire
// performs the compare-and-swap on a negative count, then warns and sets it
// to REFCOUNT_SATURATED, and the caller gets its reference. This package
// refuses the reference instead, so that a count poisoned by a misuse keeps
// every new reader out.
//
// Otherwise it compare-and-swaps old to old+delta, retrying while other
// writers change the count, and returns the old value and true. On success
// the read is an acquire: no later load or store of the caller is observed
// before the increment, so a writer that published data and then released
// the count is seen to have done so. A failure orders nothing. This mirrors
// __refcount_add_not_zero_limited_acquire.
//
// It panics if delta <= 0 or limit <= 0.
func (c *Int32) AddNotZeroLimitedAcquire(delta, limit int32) (old int32, ok bool) {
	if delta <= 0 {
		panic(badDelta(delta))
	}
	if limit <= 0 {
		panic(badLimit(limit))
	}
	old, ok = addNotZeroLimitedAcquire(&c.v, delta, limit)
	return
}

// DecAndTest subtracts 1 and reports whether the count reached zero, with
// the old value. See SubAndTest for the ordering and the panic
// (refcount_dec_and_test).
func (c *Int32) DecAndTest() (old int32, zero bool) {
	old = subAndTest(&c.v, 1)
	if old < 1 {
		panic(underflow{count: old, delta: 1})
	}
	return old, old == 1
}

// SubAndTest subtracts delta and reports whether the count reached zero,
// with the old value. The subtraction is a release: every earlier load and
// store of the caller is observed before it. When it reaches zero it is
// also an acquire, so the caller that frees the object sees everything the
// other holders did before their release (refcount_sub_and_test).
//
// It panics if delta <= 0, leaving the count untouched. It also panics if
// the count was below delta, a release without a matching acquire: the
// count is then set to Saturated, as refcount_sub_and_test sets
// REFCOUNT_SATURATED, so that every later IncNotZeroLimited* and
// AddNotZeroLimited* fails even if the panic is recovered, and the panic
// names the misuse.
func (c *Int32) SubAndTest(delta int32) (old int32, zero bool) {
	if delta <= 0 {
		panic(badDelta(delta))
	}
	old = subAndTest(&c.v, delta)
	if old < delta {
		panic(underflow{count: old, delta: delta})
	}
	return old, old == delta
}

// Saturated is the value that DecAndTest and SubAndTest store in a count
// that they find below the amount to subtract, and that the Refcount*
// methods store wherever refcount_warn_saturate would run: negative, so
// that no *NotZeroLimited* operation revives it, and far from both ends of
// int32, so that stray FetchAdds do not wrap it either. It is the kernel's
// REFCOUNT_SATURATED (INT_MIN / 2). A value, not an operation: it orders
// nothing.
const Saturated int32 = math.MinInt32 / 2

// badLimit, badDelta and underflow are the values of the package's panics.
// A method builds them with no call, which keeps it within the inliner's
// budget; the traceback names the method, and the message, formatted only
// when it is printed, names the misuse.
type (
	badLimit  int32
	badDelta  int32
	underflow struct{ count, delta int32 }
)

func (v badLimit) Error() string {
	return fmt.Sprintf("atomicfence: limit %d is not positive", int32(v))
}

func (v badDelta) Error() string {
	return fmt.Sprintf("atomicfence: delta %d is not positive", int32(v))
}

func (u underflow) Error() string {
	return fmt.Sprintf("atomicfence: count %d is below the %d subtracted, a release without a matching acquire; the count is now saturated at %d",
		u.count, u.delta, Saturated)
}
