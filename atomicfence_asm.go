//go:build (amd64 || arm64) && !purego && !race

package atomicfence

// The routines below are written in assembly, one file per architecture.
// A call to one of them is also a compiler barrier: the Go compiler neither
// moves memory accesses across it nor merges the accesses it makes, which is
// what lets a relaxed or acquire access be a plain move on amd64.

//go:noescape
func load32Relaxed(p *int32) int32

//go:noescape
func load32Acquire(p *int32) int32

//go:noescape
func store32Relaxed(p *int32, v int32)

//go:noescape
func store32Release(p *int32, v int32)

//go:noescape
func xadd32Relaxed(p *int32, d int32) int32

//go:noescape
func xadd32Acquire(p *int32, d int32) int32

//go:noescape
func xadd32Release(p *int32, d int32) int32

//go:noescape
func xadd32Full(p *int32, d int32) int32

//go:noescape
func cas32Relaxed(p *int32, old, new int32) (int32, bool)

//go:noescape
func cas32Acquire(p *int32, old, new int32) (int32, bool)

//go:noescape
func cas32Release(p *int32, old, new int32) (int32, bool)

//go:noescape
func cas32Full(p *int32, old, new int32) (int32, bool)

// addNotZeroLimitedRelaxed and addNotZeroLimitedAcquire fail on a count
// that is 0 or negative and when old > limit-delta, which cannot overflow
// because the callers have checked delta > 0 and limit > 0; otherwise they
// compare-and-swap old to old+delta. They return the old value.
//
//go:noescape
func addNotZeroLimitedRelaxed(p *int32, delta, limit int32) (int32, bool)

//go:noescape
func addNotZeroLimitedAcquire(p *int32, delta, limit int32) (int32, bool)

// subAndTest subtracts delta with release ordering, adds acquire ordering
// when the result is 0, stores Saturated when the old value was below
// delta, and returns the old value.
//
//go:noescape
func subAndTest(p *int32, delta int32) int32

func rmb()
func wmb()
func mb()
func mandatoryRmb()
func mandatoryWmb()
func mandatoryMb()
