//go:build !purego && !race

package atomicfence

import (
	"runtime"
	"sync/atomic"
)

// smp_store_mb on x86 is an XCHG, a full barrier: sync/atomic's Store
// intrinsic, inlined.
func storeMb32(p *int32, v int32) { atomic.StoreInt32(p, v) }
func storeMb64(p *int64, v int64) { atomic.StoreInt64(p, v) }

// smp_mb__before_atomic and smp_mb__after_atomic on x86 are barrier(): every
// read-modify-write is a LOCKed instruction, a full barrier already. They
// are runtime.KeepAlive, the compiler barrier with no instruction and no
// call that rmb and wmb are (barrier_amd64.go); TestAssemblyFenceIsCompilerBarrier
// shows plain accesses keeping their sides of them.
func mbBeforeAtomic() { runtime.KeepAlive(nil) }
func mbAfterAtomic()  { runtime.KeepAlive(nil) }

// spinPause is PAUSE (barrier_ops_amd64.s).
func spinPause()
