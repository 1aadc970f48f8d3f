package atomicfence

import "fmt"

// Int32 is a signed 32-bit count, the analogue of the kernel's atomic_t and
// refcount_t. The zero value is a count of 0, ready to use. An Int32 must
// not be copied after first use.
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

// CompareAndSwapRelaxed sets the value to new if it equals old. It returns
// the value it found and whether it swapped, ordering nothing else
// (atomic_cmpxchg_relaxed).
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
// (__refcount_inc_not_zero_limited in its v9 form). See
// AddNotZeroLimitedAcquire for the results and the panics.
func (c *Int32) IncNotZeroLimitedRelaxed(limit int32) (old int32, ok bool) {
	checkLimit("IncNotZeroLimitedRelaxed", limit)
	return addNotZeroLimitedRelaxed(&c.v, 1, limit)
}

// IncNotZeroLimitedAcquire increments the count unless it is 0 or the
// result would exceed limit; a successful increment is an acquire
// (__refcount_inc_not_zero_limited_acquire, the per-VMA read lock). See
// AddNotZeroLimitedAcquire for the results and the panics.
func (c *Int32) IncNotZeroLimitedAcquire(limit int32) (old int32, ok bool) {
	checkLimit("IncNotZeroLimitedAcquire", limit)
	return addNotZeroLimitedAcquire(&c.v, 1, limit)
}

// AddNotZeroLimitedRelaxed is AddNotZeroLimitedAcquire with no ordering on
// success (__refcount_add_not_zero_limited).
func (c *Int32) AddNotZeroLimitedRelaxed(delta, limit int32) (old int32, ok bool) {
	checkDelta("AddNotZeroLimitedRelaxed", delta)
	checkLimit("AddNotZeroLimitedRelaxed", limit)
	return addNotZeroLimitedRelaxed(&c.v, delta, limit)
}

// AddNotZeroLimitedAcquire reads the count and adds delta to it unless
//
//   - the count is 0 (ok is false, old is 0: the object is dead or detached),
//   - old+delta would exceed limit, which is inclusive and checked without
//     overflow (ok is false, old > 0: over the limit), or
//   - the count is negative, which this package treats as saturated, like
//     the kernel's refcount_t (ok is false, old < 0; the count is left as it is).
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
	checkDelta("AddNotZeroLimitedAcquire", delta)
	checkLimit("AddNotZeroLimitedAcquire", limit)
	return addNotZeroLimitedAcquire(&c.v, delta, limit)
}

// DecAndTest subtracts 1 and reports whether the count reached zero, with
// the old value. See SubAndTest for the ordering and the panic
// (refcount_dec_and_test).
func (c *Int32) DecAndTest() (old int32, zero bool) {
	old = subAndTest(&c.v, 1)
	if old < 1 {
		underflow("DecAndTest", old, 1)
	}
	return old, old == 1
}

// SubAndTest subtracts delta and reports whether the count reached zero,
// with the old value. The subtraction is a release: every earlier load and
// store of the caller is observed before it. When it reaches zero it is
// also an acquire, so the caller that frees the object sees everything the
// other holders did before their release (refcount_sub_and_test).
//
// It panics if delta <= 0, and if the count was below delta: the count has
// then been driven negative, is left negative (saturated: every later
// IncNotZeroLimited* fails), and the panic names the misuse, a release
// without a matching acquire.
func (c *Int32) SubAndTest(delta int32) (old int32, zero bool) {
	checkDelta("SubAndTest", delta)
	old = subAndTest(&c.v, delta)
	if old < delta {
		underflow("SubAndTest", old, delta)
	}
	return old, old == delta
}

func checkLimit(op string, limit int32) {
	if limit <= 0 {
		panic(fmt.Sprintf("atomicfence: %s: limit %d is not positive", op, limit))
	}
}

func checkDelta(op string, delta int32) {
	if delta <= 0 {
		panic(fmt.Sprintf("atomicfence: %s: delta %d is not positive", op, delta))
	}
}

func underflow(op string, old, delta int32) {
	panic(fmt.Sprintf("atomicfence: %s: count %d driven negative by %d (a release without a matching acquire)", op, old, delta))
}
