//go:build (!arm64 && !riscv64 && !loong64 && !ppc64le) || purego || race

package atomicfence

import "sync/atomic"

// The loads and read-modify-writes written with sync/atomic: the
// implementation on amd64, and the fallback on every other GOARCH and under
// purego and -race (where the stores and fences of atomicfence_generic.go
// join them).
//
// On amd64 a plain MOV is already a relaxed and an acquire load on x86-TSO,
// and every LOCK-prefixed instruction is a full barrier: relaxed, acquire,
// release and full read-modify-writes are one instruction each. The
// sync/atomic intrinsics below compile to exactly that instruction, inlined
// into the caller, where a call to an assembly routine would cost a call and
// the ABI switch around it (BenchmarkPrimitive measures both). The compiler
// treats each intrinsic as an access that produces a new memory state: it
// neither merges it with another access nor moves a load or store across it,
// which is the compiler barrier that every ordering here needs as well.
//
// Elsewhere sync/atomic is sequentially consistent, which is at least as
// strong as every ordering asked for, and it is what the race detector
// understands.

// Relaxed and acquire loads: atomic.LoadInt32 is one aligned MOVL, which is
// single-copy atomic, and TSO keeps every later load and store after it.
func load32Relaxed(p *int32) int32 { return atomic.LoadInt32(p) }
func load32Acquire(p *int32) int32 { return atomic.LoadInt32(p) }

// Fetch-add in every ordering: atomic.AddInt32 is LOCK XADDL, a full
// barrier, which covers relaxed, acquire, release and full alike. It
// returns the new value, and subtracting d gives back the old one (an LEA
// and a SUB beside the XADDL, which already left the old value in a
// register that sync/atomic does not return).
func xadd32Relaxed(p *int32, d int32) int32 { return atomic.AddInt32(p, d) - d }
func xadd32Acquire(p *int32, d int32) int32 { return atomic.AddInt32(p, d) - d }
func xadd32Release(p *int32, d int32) int32 { return atomic.AddInt32(p, d) - d }
func xadd32Full(p *int32, d int32) int32    { return atomic.AddInt32(p, d) - d }

// Compare-and-swap in every ordering: atomic.CompareAndSwapInt32 is LOCK
// CMPXCHGL, a full barrier whether or not it swaps.
func cas32Relaxed(p *int32, old, new int32) (int32, bool) { return cas32(p, old, new) }
func cas32Acquire(p *int32, old, new int32) (int32, bool) { return cas32(p, old, new) }
func cas32Release(p *int32, old, new int32) (int32, bool) { return cas32(p, old, new) }
func cas32Full(p *int32, old, new int32) (int32, bool)    { return cas32(p, old, new) }

// cas32 returns old when it swapped. sync/atomic does not return the value
// that a failed CMPXCHGL found, so on failure it reads the count again and
// returns that value if it differs from old; if the count is back at old,
// the compare is tried again, as if it had run at that later moment.
func cas32(p *int32, old, new int32) (int32, bool) {
	for !atomic.CompareAndSwapInt32(p, old, new) {
		if cur := atomic.LoadInt32(p); cur != old {
			return cur, false
		}
	}
	return old, true
}

// Add-not-zero-limited, relaxed and acquire alike: the read is a plain MOVL
// (a relaxed guess, as the kernel's refcount_read), and only the LOCK
// CMPXCHGL, a full barrier, can succeed. The loop fails on a count that is
// 0 or negative and when old > limit-delta, which cannot overflow because
// the callers have checked delta > 0 and limit > 0; it returns the value it
// last read, which is the old value on success.
func addNotZeroLimitedRelaxed(p *int32, delta, limit int32) (int32, bool) {
	return addNotZeroLimited(p, delta, limit)
}

func addNotZeroLimitedAcquire(p *int32, delta, limit int32) (int32, bool) {
	return addNotZeroLimited(p, delta, limit)
}

func addNotZeroLimited(p *int32, delta, limit int32) (int32, bool) {
	for {
		old := atomic.LoadInt32(p)
		if old <= 0 || old > limit-delta {
			return old, false
		}
		if atomic.CompareAndSwapInt32(p, old, old+delta) {
			return old, true
		}
	}
}

// subAndTest: LOCK XADDL of -delta is a full barrier, so it is a release
// and, on reaching zero, an acquire with nothing more to add (the kernel's
// smp_acquire__after_ctrl_dep is a compiler barrier on x86). A count found
// below delta is set to Saturated and subAndTest panics with the value that
// its callers (DecAndTest, SubAndTest) would panic with: a branch that ends
// in a panic is one the compiler lays out away from the hot path, where a
// branch with the store alone stood in it and cost DecAndTest about 0.3 ns
// (BenchmarkPrimitive's op=DecAndTest). The callers' own check is then
// known to pass and compiled away. The kernel's refcount_set there is a
// plain store; atomic.StoreInt32's XCHG is more than that needs, on a path
// that runs once, where a call of store32Relaxed would take DecAndTest over
// the inliner's budget.
func subAndTest(p *int32, delta int32) int32 {
	old := atomic.AddInt32(p, -delta) + delta
	if old < delta {
		atomic.StoreInt32(p, Saturated)
		panic(underflow{count: old, delta: delta})
	}
	return old
}
