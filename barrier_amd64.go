//go:build !purego && !race

package atomicfence

import "runtime"

// smp_rmb and smp_wmb on amd64: x86-TSO never reorders a load with an
// earlier load nor a store with an earlier store, so neither needs an
// instruction, only what the kernel's barrier() is, a compiler barrier.
//
// runtime.KeepAlive is that barrier with no instruction and no call: the
// compiler makes it an operation on the memory state (it takes the state
// and returns a new one, as a call does), so every load and store before
// it is scheduled before it, every one after it reads the state it returns,
// no load on one side is merged with a load on the other, and no store
// before it is dropped as overwritten by a store after it. It is what an
// assembly routine that only returned was for, at no cost: the call cost
// about 1.5 ns. TestAssemblyFenceIsCompilerBarrier shows, on the compiled
// code, that the accesses around Rmb and Wmb keep their sides, and that
// they would not without it.
func rmb() { runtime.KeepAlive(nil) }
func wmb() { runtime.KeepAlive(nil) }
