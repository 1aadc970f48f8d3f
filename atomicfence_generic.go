//go:build (!amd64 && !arm64 && !riscv64 && !loong64 && !ppc64le) || purego || race

package atomicfence

import "sync/atomic"

// The stores and fences of the sync/atomic fallback; its loads and
// read-modify-writes are in atomicfence_sync.go. Every routine here is
// sequentially consistent, which is at least as strong as the ordering its
// caller asked for. sync/atomic is also what the race detector understands.

const impl = ImplGeneric

func store32Relaxed(p *int32, v int32) { atomic.StoreInt32(p, v) }
func store32Release(p *int32, v int32) { atomic.StoreInt32(p, v) }

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
