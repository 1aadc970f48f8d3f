package main

import (
	"fmt"

	"github.com/atomicfence/atomicfence"
)

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
func (w *Bool) SwapRelaxed(v bool) bool { return w.c.SwapRelaxed(v) }

//go:noinline
func (w *Bool) SwapAcquire(v bool) bool { return w.c.SwapAcquire(v) }

//go:noinline
func (w *Bool) SwapRelease(v bool) bool { return w.c.SwapRelease(v) }

//go:noinline
func (w *Bool) SwapFull(v bool) bool { return w.c.SwapFull(v) }

//go:noinline
func (w *Bool) CompareAndSwapRelaxed(old, new bool) bool { return w.c.CompareAndSwapRelaxed(old, new) }

//go:noinline
func (w *Bool) CompareAndSwapAcquire(old, new bool) bool { return w.c.CompareAndSwapAcquire(old, new) }

//go:noinline
func (w *Bool) CompareAndSwapRelease(old, new bool) bool { return w.c.CompareAndSwapRelease(old, new) }

//go:noinline
func (w *Bool) CompareAndSwapFull(old, new bool) bool { return w.c.CompareAndSwapFull(old, new) }

type Pointer struct{ c atomicfence.Pointer[int] }

//go:noinline
func (w *Pointer) LoadRelaxed() *int { return w.c.LoadRelaxed() }

//go:noinline
func (w *Pointer) LoadAcquire() *int { return w.c.LoadAcquire() }

//go:noinline
func (w *Pointer) LoadSeqCst() *int { return w.c.LoadSeqCst() }

//go:noinline
func (w *Pointer) StoreRelaxed(v *int) { w.c.StoreRelaxed(v) }

//go:noinline
func (w *Pointer) StoreRelease(v *int) { w.c.StoreRelease(v) }

//go:noinline
func (w *Pointer) StoreSeqCst(v *int) { w.c.StoreSeqCst(v) }

//go:noinline
func (w *Pointer) SwapRelaxed(v *int) *int { return w.c.SwapRelaxed(v) }

//go:noinline
func (w *Pointer) SwapAcquire(v *int) *int { return w.c.SwapAcquire(v) }

//go:noinline
func (w *Pointer) SwapRelease(v *int) *int { return w.c.SwapRelease(v) }

//go:noinline
func (w *Pointer) SwapFull(v *int) *int { return w.c.SwapFull(v) }

//go:noinline
func (w *Pointer) CompareAndSwapRelaxed(old, new *int) (*int, bool) {
	return w.c.CompareAndSwapRelaxed(old, new)
}

//go:noinline
func (w *Pointer) CompareAndSwapAcquire(old, new *int) (*int, bool) {
	return w.c.CompareAndSwapAcquire(old, new)
}

//go:noinline
func (w *Pointer) CompareAndSwapRelease(old, new *int) (*int, bool) {
	return w.c.CompareAndSwapRelease(old, new)
}

//go:noinline
func (w *Pointer) CompareAndSwapFull(old, new *int) (*int, bool) {
	return w.c.CompareAndSwapFull(old, new)
}

// typeOps calls the Bool and Pointer wrappers once, and fails if a result
// is not what a single goroutine must see.
func typeOps() error {
	var b Bool
	b.StoreRelaxed(true)
	b.StoreRelease(b.LoadRelaxed() && b.LoadAcquire())
	b.StoreSeqCst(b.LoadSeqCst())
	b.SwapRelaxed(false)
	b.SwapAcquire(true)
	b.SwapRelease(false)
	if b.SwapFull(true) || !b.CompareAndSwapRelaxed(true, false) || !b.CompareAndSwapAcquire(false, true) ||
		!b.CompareAndSwapRelease(true, false) || b.CompareAndSwapFull(true, false) {
		return fmt.Errorf("Bool: the swaps and compare-and-swaps saw the wrong values")
	}
	var p Pointer
	x, y := new(int), new(int)
	p.StoreRelaxed(x)
	p.StoreRelease(p.LoadRelaxed())
	p.StoreSeqCst(p.LoadAcquire())
	p.SwapRelaxed(y)
	p.SwapAcquire(x)
	p.SwapRelease(y)
	if old := p.SwapFull(x); old != y {
		return fmt.Errorf("Pointer: SwapFull returned %p, want %p", old, y)
	}
	p.CompareAndSwapRelaxed(x, y)
	p.CompareAndSwapAcquire(y, x)
	p.CompareAndSwapRelease(x, y)
	if prev, ok := p.CompareAndSwapFull(y, x); prev != y || !ok || p.LoadSeqCst() != x {
		return fmt.Errorf("Pointer: the compare-and-swaps saw the wrong values")
	}
	return nil
}
