package main

import (
	"fmt"

	"github.com/atomicfence/atomicfence"
)

// The wrappers of the fences that go with an atomic (smp_store_mb,
// smp_mb__before_atomic, smp_mb__after_atomic) and of the waits
// (smp_cond_load_acquire), as ops.go's.

//go:noinline
func (w *Int32) StoreMb(v int32) { w.c.StoreMb(v) }

//go:noinline
func (w *Uint32) StoreMb(v uint32) { w.c.StoreMb(v) }

//go:noinline
func (w *Int64) StoreMb(v int64) { w.c.StoreMb(v) }

//go:noinline
func (w *Uint64) StoreMb(v uint64) { w.c.StoreMb(v) }

//go:noinline
func (w *Uintptr) StoreMb(v uintptr) { w.c.StoreMb(v) }

//go:noinline
func (w *Bool) StoreMb(v bool) { w.c.StoreMb(v) }

//go:noinline
func (w *Int32) CondLoadAcquire(v int32) int32 {
	return w.c.CondLoadAcquire(func(x int32) bool { return x == v })
}

//go:noinline
func (w *Uint32) CondLoadAcquire(v uint32) uint32 {
	return w.c.CondLoadAcquire(func(x uint32) bool { return x == v })
}

//go:noinline
func (w *Int64) CondLoadAcquire(v int64) int64 {
	return w.c.CondLoadAcquire(func(x int64) bool { return x == v })
}

//go:noinline
func (w *Uint64) CondLoadAcquire(v uint64) uint64 {
	return w.c.CondLoadAcquire(func(x uint64) bool { return x == v })
}

//go:noinline
func (w *Uintptr) CondLoadAcquire(v uintptr) uintptr {
	return w.c.CondLoadAcquire(func(x uintptr) bool { return x == v })
}

//go:noinline
func (w *Bool) WaitAcquire(v bool) { w.c.WaitAcquire(v) }

//go:noinline
func MbBeforeAtomic() { atomicfence.MbBeforeAtomic() }

//go:noinline
func MbAfterAtomic() { atomicfence.MbAfterAtomic() }

// barrierOps calls the wrappers above once, each wait on the value just
// stored, so that it returns at once, and fails if a wait returns another
// value.
func barrierOps() error {
	var a Int32
	var b Uint32
	var c Int64
	var d Uint64
	var e Uintptr
	var f Bool
	a.StoreMb(1)
	b.StoreMb(2)
	c.StoreMb(3)
	d.StoreMb(4)
	e.StoreMb(5)
	f.StoreMb(true)
	MbBeforeAtomic()
	MbAfterAtomic()
	if a.CondLoadAcquire(1) != 1 || b.CondLoadAcquire(2) != 2 || c.CondLoadAcquire(3) != 3 ||
		d.CondLoadAcquire(4) != 4 || e.CondLoadAcquire(5) != 5 {
		return fmt.Errorf("a CondLoadAcquire returned another value than the one it waited for")
	}
	f.WaitAcquire(true)
	return nil
}
