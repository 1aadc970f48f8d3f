package atomicfence

// Bool is a flag, a 32-bit word that holds 0 or 1 as sync/atomic.Bool does,
// with the 32-bit routines and their orderings, which each method's name
// and comment state. The kernel has no atomic bool: a flag there is an
// int read with READ_ONCE and smp_load_acquire, or an atomic_t, which
// Bool's methods name as their counterparts. The zero value is false,
// ready to use. A Bool must not be copied after first use.
type Bool struct {
	_ noCopy
	v int32
}

func b32(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// LoadRelaxed returns the flag with no ordering against other accesses
// (READ_ONCE).
func (b *Bool) LoadRelaxed() bool { return load32Relaxed(&b.v) != 0 }

// LoadAcquire returns the flag; no later load or store of the caller is
// observed before it (smp_load_acquire).
func (b *Bool) LoadAcquire() bool { return load32Acquire(&b.v) != 0 }

// LoadSeqCst returns the flag as a sequentially consistent load: an acquire
// that no earlier StoreSeqCst of the caller passes (Linux has none;
// sync/atomic.Bool.Load).
func (b *Bool) LoadSeqCst() bool { return load32SeqCst(&b.v) != 0 }

// StoreRelaxed sets the flag with no ordering against other accesses
// (WRITE_ONCE).
func (b *Bool) StoreRelaxed(v bool) { store32Relaxed(&b.v, b32(v)) }

// StoreRelease sets the flag; every earlier load and store of the caller is
// observed before it (smp_store_release). The usual way to publish "ready".
func (b *Bool) StoreRelease(v bool) { store32Release(&b.v, b32(v)) }

// StoreSeqCst sets the flag as a sequentially consistent store: a release
// that no later LoadSeqCst of the caller passes (Linux has none;
// sync/atomic.Bool.Store).
func (b *Bool) StoreSeqCst(v bool) { store32SeqCst(&b.v, b32(v)) }

// SwapRelaxed sets the flag and returns the old one, ordering nothing else
// (xchg_relaxed).
func (b *Bool) SwapRelaxed(v bool) (old bool) { return swap32Relaxed(&b.v, b32(v)) != 0 }

// SwapAcquire sets the flag and returns the old one; the read is an
// acquire (xchg_acquire): a test-and-set lock's acquire.
func (b *Bool) SwapAcquire(v bool) (old bool) { return swap32Acquire(&b.v, b32(v)) != 0 }

// SwapRelease sets the flag and returns the old one; the write is a release
// (xchg_release).
func (b *Bool) SwapRelease(v bool) (old bool) { return swap32Release(&b.v, b32(v)) != 0 }

// SwapFull sets the flag and returns the old one, fully ordered (xchg).
func (b *Bool) SwapFull(v bool) (old bool) { return swap32Full(&b.v, b32(v)) != 0 }

// CompareAndSwapRelaxed sets the flag to new if it is old and reports
// whether it did, ordering nothing else (try_cmpxchg_relaxed on the word
// that holds the flag). On failure the flag is !old, so unlike the integer
// types it returns no prev.
func (b *Bool) CompareAndSwapRelaxed(old, new bool) (swapped bool) {
	_, swapped = cas32Relaxed(&b.v, b32(old), b32(new))
	return swapped
}

// CompareAndSwapAcquire is CompareAndSwapRelaxed whose read is an acquire
// when it swaps (try_cmpxchg_acquire). A failed compare orders nothing.
func (b *Bool) CompareAndSwapAcquire(old, new bool) (swapped bool) {
	_, swapped = cas32Acquire(&b.v, b32(old), b32(new))
	return swapped
}

// CompareAndSwapRelease is CompareAndSwapRelaxed whose write is a release
// when it swaps (try_cmpxchg_release). A failed compare orders nothing.
func (b *Bool) CompareAndSwapRelease(old, new bool) (swapped bool) {
	_, swapped = cas32Release(&b.v, b32(old), b32(new))
	return swapped
}

// CompareAndSwapFull is CompareAndSwapRelaxed, fully ordered when it swaps
// (try_cmpxchg). A failed compare orders nothing.
func (b *Bool) CompareAndSwapFull(old, new bool) (swapped bool) {
	_, swapped = cas32Full(&b.v, b32(old), b32(new))
	return swapped
}
