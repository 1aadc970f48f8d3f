package main

import "fmt"

// The wrappers of the reference-count operations (refcount_t's) and of
// atomic_t's conditional ones, as ops.go's.

//go:noinline
func (w *Int32) RefcountInc() { w.c.RefcountInc() }

//go:noinline
func (w *Int32) RefcountAdd(d int32) { w.c.RefcountAdd(d) }

//go:noinline
func (w *Int32) RefcountIncNotZeroRelaxed() (int32, bool) { return w.c.RefcountIncNotZeroRelaxed() }

//go:noinline
func (w *Int32) RefcountIncNotZeroAcquire() (int32, bool) { return w.c.RefcountIncNotZeroAcquire() }

//go:noinline
func (w *Int32) RefcountAddNotZeroRelaxed(d int32) (int32, bool) {
	return w.c.RefcountAddNotZeroRelaxed(d)
}

//go:noinline
func (w *Int32) RefcountAddNotZeroAcquire(d int32) (int32, bool) {
	return w.c.RefcountAddNotZeroAcquire(d)
}

//go:noinline
func (w *Int32) RefcountDec() { w.c.RefcountDec() }

//go:noinline
func (w *Int32) RefcountDecNotOne() bool { return w.c.RefcountDecNotOne() }

//go:noinline
func (w *Int32) RefcountDecIfOne() bool { return w.c.RefcountDecIfOne() }

//go:noinline
func (w *Int32) FetchAddUnlessFull(d, unless int32) (int32, bool) {
	return w.c.FetchAddUnlessFull(d, unless)
}

//go:noinline
func (w *Int32) IncNotZeroFull() (int32, bool) { return w.c.IncNotZeroFull() }

//go:noinline
func (w *Int32) IncUnlessNegativeFull() bool { return w.c.IncUnlessNegativeFull() }

//go:noinline
func (w *Int32) DecUnlessPositiveFull() bool { return w.c.DecUnlessPositiveFull() }

//go:noinline
func (w *Int32) DecIfPositiveFull() int32 { return w.c.DecIfPositiveFull() }

//go:noinline
func (w *Int64) FetchAddUnlessFull(d, unless int64) (int64, bool) {
	return w.c.FetchAddUnlessFull(d, unless)
}

//go:noinline
func (w *Int64) IncNotZeroFull() (int64, bool) { return w.c.IncNotZeroFull() }

//go:noinline
func (w *Int64) IncUnlessNegativeFull() bool { return w.c.IncUnlessNegativeFull() }

//go:noinline
func (w *Int64) DecUnlessPositiveFull() bool { return w.c.DecUnlessPositiveFull() }

//go:noinline
func (w *Int64) DecIfPositiveFull() int64 { return w.c.DecIfPositiveFull() }

// refcountOps calls the wrappers above once, and fails if a result is not
// what a single goroutine must see.
func refcountOps() error {
	var r Int32
	r.StoreRelaxed(1)
	r.RefcountInc()
	r.RefcountAdd(2)
	r.RefcountIncNotZeroRelaxed()
	r.RefcountIncNotZeroAcquire()
	r.RefcountAddNotZeroRelaxed(2)
	r.RefcountAddNotZeroAcquire(2) // 10
	r.RefcountDec()
	if !r.RefcountDecNotOne() || r.RefcountDecIfOne() { // 8
		return fmt.Errorf("refcount: %d references: RefcountDecNotOne or RefcountDecIfOne saw a single one", r.LoadRelaxed())
	}
	if old, _ := r.FetchAddUnlessFull(-7, 0); old != 8 { // 1
		return fmt.Errorf("refcount: the sequence left %d references, want 8", old)
	}
	if !r.RefcountDecIfOne() {
		return fmt.Errorf("refcount: RefcountDecIfOne failed on a single reference")
	}
	if _, ok := r.IncNotZeroFull(); ok {
		return fmt.Errorf("refcount: IncNotZeroFull incremented 0")
	}
	if !r.IncUnlessNegativeFull() || r.DecUnlessPositiveFull() || r.DecIfPositiveFull() != 0 { // 1, 1, 0
		return fmt.Errorf("refcount: atomic_t's conditional operations from 0 left %d, want 0", r.LoadRelaxed())
	}
	var a Int64
	a.StoreRelaxed(1)
	a.FetchAddUnlessFull(1, 0)
	a.IncNotZeroFull()
	a.IncUnlessNegativeFull()
	a.DecUnlessPositiveFull()
	if n := a.DecIfPositiveFull(); n != 3 {
		return fmt.Errorf("Int64: the conditional operations left %d, want 3", n)
	}
	return nil
}
