//go:build (amd64 || arm64 || riscv64 || loong64 || ppc64le) && !purego && !race

package atomicfence

// The routines that every assembly implementation has: the relaxed and
// release stores and the fences other than smp_rmb and smp_wmb
// (atomicfence_amd64.s, atomicfence_arm64.s, atomicfence_riscv64.s,
// atomicfence_loong64.s, atomicfence_ppc64le.s; rmb and wmb are declared in
// barrier_amd64.go and barrier_asm.go). A call to one of them is also a
// compiler barrier: the Go compiler neither moves memory accesses across it
// nor merges the accesses on either side of it.

//go:noescape
func store32Relaxed(p *int32, v int32)

//go:noescape
func store32Release(p *int32, v int32)

func mb()
func mandatoryRmb()
func mandatoryWmb()
func mandatoryMb()
