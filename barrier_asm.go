//go:build (arm64 || riscv64 || loong64 || ppc64le) && !purego && !race

package atomicfence

// smp_rmb and smp_wmb on the weakly ordered architectures are instructions,
// in atomicfence_<arch>.s: DMB ISHLD and DMB ISHST on arm64, FENCE R,R and
// FENCE W,W on riscv64, DBAR with Linux's hints on loong64, LWSYNC on
// ppc64le. A call of an assembly routine is also a compiler barrier.

func rmb()
func wmb()
