//go:build (arm64 || riscv64 || loong64 || ppc64le) && !purego && !race

package atomicfence

// The loads and read-modify-writes of atomicfence_arm64.s,
// atomicfence_riscv64.s, atomicfence_loong64.s and
// atomicfence_ppc64le.s; the stores and fences are declared in
// atomicfence_asm.go.

//go:noescape
func load32Relaxed(p *int32) int32

//go:noescape
func load32Acquire(p *int32) int32

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
