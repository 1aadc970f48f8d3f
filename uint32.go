package atomicfence

// Uint32 is an unsigned 32-bit word, for sequence counts such as the
// kernel's mm_lock_seq and vm_lock_seq, each method with the ordering its
// name says, as the kernel's _relaxed, _acquire and _release forms and its
// fully ordered ones do. Arithmetic wraps. The zero value is 0, ready to
// use. A Uint32 must not be copied after first use.
type Uint32 struct {
	_ noCopy
	v uint32
}

// LoadRelaxed returns the value with no ordering against other accesses
// (READ_ONCE).
func (c *Uint32) LoadRelaxed() uint32 { return uint32(load32Relaxed(c.w32())) }

// LoadAcquire returns the value; no later load or store of the caller is
// observed before it (smp_load_acquire).
func (c *Uint32) LoadAcquire() uint32 { return uint32(load32Acquire(c.w32())) }

// StoreRelaxed sets the value with no ordering against other accesses
// (WRITE_ONCE).
func (c *Uint32) StoreRelaxed(v uint32) { store32Relaxed(c.w32(), int32(v)) }

// StoreRelease sets the value; every earlier load and store of the caller is
// observed before it (smp_store_release).
func (c *Uint32) StoreRelease(v uint32) { store32Release(c.w32(), int32(v)) }

// FetchAddRelaxed adds delta, wrapping, and returns the old value, ordering
// nothing else (atomic_fetch_add_relaxed; the seqcount increment when it is
// paired with Wmb, as raw_write_seqcount_begin does).
func (c *Uint32) FetchAddRelaxed(delta uint32) (old uint32) {
	return uint32(xadd32Relaxed(c.w32(), int32(delta)))
}

// FetchAddAcquire adds delta and returns the old value; the read is an
// acquire (atomic_fetch_add_acquire).
func (c *Uint32) FetchAddAcquire(delta uint32) (old uint32) {
	return uint32(xadd32Acquire(c.w32(), int32(delta)))
}

// FetchAddRelease adds delta and returns the old value; the write is a
// release (atomic_fetch_add_release).
func (c *Uint32) FetchAddRelease(delta uint32) (old uint32) {
	return uint32(xadd32Release(c.w32(), int32(delta)))
}

// FetchAddFull adds delta and returns the old value, fully ordered
// (atomic_fetch_add).
func (c *Uint32) FetchAddFull(delta uint32) (old uint32) {
	return uint32(xadd32Full(c.w32(), int32(delta)))
}

// CompareAndSwapRelaxed sets the value to new if it equals old, ordering
// nothing else (cmpxchg_relaxed). It reports whether it swapped, and prev:
// old when it swapped, otherwise a value that the word was observed to
// hold during the call and that differs from old (see
// Int32.CompareAndSwapRelaxed).
func (c *Uint32) CompareAndSwapRelaxed(old, new uint32) (prev uint32, swapped bool) {
	p, ok := cas32Relaxed(c.w32(), int32(old), int32(new))
	return uint32(p), ok
}

// CompareAndSwapAcquire is CompareAndSwapRelaxed whose read is an acquire
// when it swaps (cmpxchg_acquire). A failed compare orders nothing.
func (c *Uint32) CompareAndSwapAcquire(old, new uint32) (prev uint32, swapped bool) {
	p, ok := cas32Acquire(c.w32(), int32(old), int32(new))
	return uint32(p), ok
}

// CompareAndSwapRelease is CompareAndSwapRelaxed whose write is a release
// (cmpxchg_release). A failed compare orders nothing.
func (c *Uint32) CompareAndSwapRelease(old, new uint32) (prev uint32, swapped bool) {
	p, ok := cas32Release(c.w32(), int32(old), int32(new))
	return uint32(p), ok
}

// CompareAndSwapFull is CompareAndSwapRelaxed, fully ordered when it swaps
// (cmpxchg). A failed compare orders nothing.
func (c *Uint32) CompareAndSwapFull(old, new uint32) (prev uint32, swapped bool) {
	p, ok := cas32Full(c.w32(), int32(old), int32(new))
	return uint32(p), ok
}
