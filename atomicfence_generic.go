//go:build (!amd64 && !arm64) || purego || race

package atomicfence

import "sync/atomic"

// Every routine here is sequentially consistent, which is at least as strong
// as the ordering its caller asked for. sync/atomic is also what the race
// detector understands.

const impl = ImplGeneric

func load32Relaxed(p *int32) int32     { return atomic.LoadInt32(p) }
func load32Acquire(p *int32) int32     { return atomic.LoadInt32(p) }
func store32Relaxed(p *int32, v int32) { atomic.StoreInt32(p, v) }
func store32Release(p *int32, v int32) { atomic.StoreInt32(p, v) }

func xadd32Relaxed(p *int32, d int32) int32 { return atomic.AddInt32(p, d) - d }
func xadd32Acquire(p *int32, d int32) int32 { return atomic.AddInt32(p, d) - d }
func xadd32Release(p *int32, d int32) int32 { return atomic.AddInt32(p, d) - d }
func xadd32Full(p *int32, d int32) int32    { return atomic.AddInt32(p, d) - d }

func cas32Relaxed(p *int32, old, new int32) (int32, bool) { return cas32(p, old, new) }
func cas32Acquire(p *int32, old, new int32) (int32, bool) { return cas32(p, old, new) }
func cas32Release(p *int32, old, new int32) (int32, bool) { return cas32(p, old, new) }
func cas32Full(p *int32, old, new int32) (int32, bool)    { return cas32(p, old, new) }

// cas32 returns the value it found: old when it swapped, otherwise a value
// that was observed to differ from old.
func cas32(p *int32, old, new int32) (int32, bool) {
	for {
		if atomic.CompareAndSwapInt32(p, old, new) {
			return old, true
		}
		if cur := atomic.LoadInt32(p); cur != old {
			return cur, false
		}
	}
}

func addNotZeroLimitedRelaxed(p *int32, delta, limit int32) (int32, bool) {
	return addNotZeroLimited(p, delta, limit)
}

func addNotZeroLimitedAcquire(p *int32, delta, limit int32) (int32, bool) {
	return addNotZeroLimited(p, delta, limit)
}

// addNotZeroLimited fails on 0 and on a negative (saturated) count, and when
// old+delta > limit, written as old > limit-delta so that it cannot
// overflow: limit > 0 and delta > 0 keep limit-delta within int32.
func addNotZeroLimited(p *int32, delta, limit int32) (int32, bool) {
	old := atomic.LoadInt32(p)
	for {
		if old <= 0 || old > limit-delta {
			return old, false
		}
		if atomic.CompareAndSwapInt32(p, old, old+delta) {
			return old, true
		}
		old = atomic.LoadInt32(p)
	}
}

func subAndTest(p *int32, delta int32) int32 {
	old := atomic.AddInt32(p, -delta) + delta
	if old < delta {
		atomic.StoreInt32(p, Saturated)
	}
	return old
}

// Here every load is an acquire, every store a release and every
// read-modify-write sequentially consistent, so the accesses made through
// the package are already ordered as any of the fences would order them.
// The fences are a sequentially consistent read-modify-write of a local word
// (local, so that concurrent fences share no cache line), which the compiler
// does not move accesses across.
func fullFence() {
	var w int32
	atomic.AddInt32(&w, 0)
}

func rmb()          { fullFence() }
func wmb()          { fullFence() }
func mb()           { fullFence() }
func mandatoryRmb() { fullFence() }
func mandatoryWmb() { fullFence() }
func mandatoryMb()  { fullFence() }
