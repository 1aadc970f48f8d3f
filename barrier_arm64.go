//go:build !purego && !race

package atomicfence

// smp_rmb and smp_wmb on arm64 are DMB ISHLD and DMB ISHST, in
// atomicfence_arm64.s; a call of an assembly routine is also a compiler
// barrier.

func rmb()
func wmb()
