package main

import "fmt"

// Uint32's wrappers of the methods that are written by hand, as ops.go's
// of Int32's; ops_gen.go wraps its generated ones.

//go:noinline
func (w *Uint32) LoadRelaxed() uint32 { return w.c.LoadRelaxed() }

//go:noinline
func (w *Uint32) LoadAcquire() uint32 { return w.c.LoadAcquire() }

//go:noinline
func (w *Uint32) StoreRelaxed(v uint32) { w.c.StoreRelaxed(v) }

//go:noinline
func (w *Uint32) StoreRelease(v uint32) { w.c.StoreRelease(v) }

//go:noinline
func (w *Uint32) FetchAddRelaxed(d uint32) uint32 { return w.c.FetchAddRelaxed(d) }

//go:noinline
func (w *Uint32) FetchAddAcquire(d uint32) uint32 { return w.c.FetchAddAcquire(d) }

//go:noinline
func (w *Uint32) FetchAddRelease(d uint32) uint32 { return w.c.FetchAddRelease(d) }

//go:noinline
func (w *Uint32) FetchAddFull(d uint32) uint32 { return w.c.FetchAddFull(d) }

//go:noinline
func (w *Uint32) CompareAndSwapRelaxed(old, new uint32) (uint32, bool) {
	return w.c.CompareAndSwapRelaxed(old, new)
}

//go:noinline
func (w *Uint32) CompareAndSwapAcquire(old, new uint32) (uint32, bool) {
	return w.c.CompareAndSwapAcquire(old, new)
}

//go:noinline
func (w *Uint32) CompareAndSwapRelease(old, new uint32) (uint32, bool) {
	return w.c.CompareAndSwapRelease(old, new)
}

//go:noinline
func (w *Uint32) CompareAndSwapFull(old, new uint32) (uint32, bool) {
	return w.c.CompareAndSwapFull(old, new)
}

// uint32Ops calls the wrappers above once, and fails if a result is not
// what a single goroutine must see.
func uint32Ops() error {
	var c Uint32
	c.StoreRelaxed(1)
	c.StoreRelease(c.LoadRelaxed() + c.LoadAcquire()) // 2
	c.FetchAddRelaxed(1)
	c.FetchAddAcquire(1)
	c.FetchAddRelease(1)
	if old := c.FetchAddFull(^uint32(0)); old != 5 { // 4
		return fmt.Errorf("Uint32: the additions left %d, want 5", old)
	}
	c.CompareAndSwapRelaxed(4, 5)
	c.CompareAndSwapAcquire(5, 6)
	c.CompareAndSwapRelease(6, 7)
	if prev, ok := c.CompareAndSwapFull(7, 8); prev != 7 || !ok {
		return fmt.Errorf("Uint32: the compare-and-swaps left %d, want 7", prev)
	}
	return nil
}
