//go:build (arm64 || riscv64 || loong64 || ppc64le) && !purego && !race

package atomicfence

// barrier_ops_arm64.s, barrier_ops_riscv64.s,
// barrier_ops_loong64.s and barrier_ops_ppc64le.s.

//go:noescape
func storeMb32(p *int32, v int32)

//go:noescape
func storeMb64(p *int64, v int64)

func mbBeforeAtomic()
func mbAfterAtomic()
func spinPause()
