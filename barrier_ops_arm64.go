//go:build !purego && !race

package atomicfence

// barrier_ops_arm64.s.

//go:noescape
func storeMb32(p *int32, v int32)

//go:noescape
func storeMb64(p *int64, v int64)

func mbBeforeAtomic()
func mbAfterAtomic()
func spinPause()
