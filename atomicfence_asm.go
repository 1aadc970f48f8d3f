//go:build (amd64 || arm64) && !purego && !race

package atomicfence

// The routines that both assembly implementations have: the relaxed and
// release stores and the fences other than smp_rmb and smp_wmb
// (atomicfence_amd64.s, atomicfence_arm64.s; rmb and wmb are in
// barrier_amd64.go and barrier_arm64.go). A call to one of them is also a
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
