package main

import "github.com/atomicfence/atomicfence"

// Bool and Pointer wrap the flag and pointer types as ops.go wraps Int32.
type Bool struct{ c atomicfence.Bool }

//go:noinline
func (w *Bool) LoadRelaxed() bool { return w.c.LoadRelaxed() }

//go:noinline
func (w *Bool) LoadAcquire() bool { return w.c.LoadAcquire() }

//go:noinline
func (w *Bool) LoadSeqCst() bool { return w.c.LoadSeqCst() }

//go:noinline
func (w *Bool) StoreRelaxed(v bool) { w.c.StoreRelaxed(v) }

//go:noinline
func (w *Bool) StoreRelease(v bool) { w.c.StoreRelease(v) }

//go:noinline
func (w *Bool) StoreSeqCst(v bool) { w.c.StoreSeqCst(v) }

//go:noinline
func (w *Bool) SwapAcquire(v bool) bool { return w.c.SwapAcquire(v) }

//go:noinline
func (w *Bool) CompareAndSwapAcquire(old, new bool) bool { return w.c.CompareAndSwapAcquire(old, new) }

type Pointer struct{ c atomicfence.Pointer[int] }

//go:noinline
func (w *Pointer) LoadRelaxed() *int { return w.c.LoadRelaxed() }

//go:noinline
func (w *Pointer) LoadAcquire() *int { return w.c.LoadAcquire() }

//go:noinline
func (w *Pointer) LoadSeqCst() *int { return w.c.LoadSeqCst() }

//go:noinline
func (w *Pointer) StoreRelease(v *int) { w.c.StoreRelease(v) }

//go:noinline
func (w *Pointer) SwapFull(v *int) *int { return w.c.SwapFull(v) }

//go:noinline
func (w *Pointer) CompareAndSwapAcquire(old, new *int) (*int, bool) {
	return w.c.CompareAndSwapAcquire(old, new)
}

// typeOps calls the Bool and Pointer wrappers once.
func typeOps() {
	var b Bool
	b.StoreRelaxed(true)
	b.StoreRelease(b.LoadRelaxed() && b.LoadAcquire())
	b.StoreSeqCst(b.LoadSeqCst())
	b.SwapAcquire(false)
	b.CompareAndSwapAcquire(false, true)
	var p Pointer
	x := new(int)
	p.StoreRelease(x)
	p.SwapFull(p.LoadRelaxed())
	p.CompareAndSwapAcquire(p.LoadAcquire(), p.LoadSeqCst())
}

// The fences that go with an atomic, and the conditional load.

//go:noinline
func (w *Int64) StoreMb(v int64) { w.c.StoreMb(v) }

//go:noinline
func (w *Uint32) StoreMb(v uint32) { w.c.StoreMb(v) }

//go:noinline
func (w *Int64) CondLoadAcquire(v int64) int64 {
	return w.c.CondLoadAcquire(func(x int64) bool { return x == v })
}

//go:noinline
func MbBeforeAtomic() { atomicfence.MbBeforeAtomic() }

//go:noinline
func MbAfterAtomic() { atomicfence.MbAfterAtomic() }

func barrierOps() {
	var a Int64
	var b Uint32
	a.StoreMb(1)
	b.StoreMb(1)
	a.CondLoadAcquire(1)
	MbBeforeAtomic()
	MbAfterAtomic()
}
