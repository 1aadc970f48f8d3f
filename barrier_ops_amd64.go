//go:build !purego && !race

package atomicfence

import "sync/atomic"

// smp_store_mb on x86 is an XCHG, a full barrier: sync/atomic's Store
// intrinsic, inlined.
func storeMb32(p *int32, v int32) { atomic.StoreInt32(p, v) }
func storeMb64(p *int64, v int64) { atomic.StoreInt64(p, v) }

// mbBeforeAtomic and mbAfterAtomic are empty (barrier_ops_amd64.s): every
// read-modify-write is LOCKed. spinPause is PAUSE.
func mbBeforeAtomic()
func mbAfterAtomic()
func spinPause()
