//go:build (!amd64 && !arm64 && !riscv64 && !loong64 && !ppc64le) || purego || race

package atomicfence

import "sync/atomic"

// The 64-bit stores of the sync/atomic fallback, sequentially consistent as
// store32Relaxed and store32Release are there.

func store64Relaxed(p *int64, v int64) { atomic.StoreInt64(p, v) }
func store64Release(p *int64, v int64) { atomic.StoreInt64(p, v) }
