//go:build (!amd64 && !arm64 && !riscv64 && !loong64 && !ppc64le) || purego || race

package atomicfence

import "sync/atomic"

// The sync/atomic fallback: a sequentially consistent store is a full
// barrier after the store as far as accesses made through this package
// and sync/atomic go, and the fences are fullFence.

func storeMb32(p *int32, v int32) { atomic.StoreInt32(p, v) }
func storeMb64(p *int64, v int64) { atomic.StoreInt64(p, v) }
func mbBeforeAtomic()             { fullFence() }
func mbAfterAtomic()              { fullFence() }
func spinPause()                  {}
