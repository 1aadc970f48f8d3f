package main

import "github.com/atomicfence/atomicfence"

// Int32 wraps an atomicfence.Int32 with one method per operation, of the
// same name, that the compiler never inlines. Each wrapper's listing is the
// operation as it compiles where it is inlined into a caller, which is the
// only place to see it where the operation is a sync/atomic intrinsic
// (the loads and read-modify-writes on amd64); elsewhere it is the call of
// the assembly routine.
type Int32 struct{ c atomicfence.Int32 }

//go:noinline
func (w *Int32) LoadRelaxed() int32 { return w.c.LoadRelaxed() }

//go:noinline
func (w *Int32) LoadAcquire() int32 { return w.c.LoadAcquire() }

//go:noinline
func (w *Int32) StoreRelaxed(v int32) { w.c.StoreRelaxed(v) }

//go:noinline
func (w *Int32) StoreRelease(v int32) { w.c.StoreRelease(v) }

//go:noinline
func (w *Int32) FetchAddRelaxed(d int32) int32 { return w.c.FetchAddRelaxed(d) }

//go:noinline
func (w *Int32) FetchAddAcquire(d int32) int32 { return w.c.FetchAddAcquire(d) }

//go:noinline
func (w *Int32) FetchAddRelease(d int32) int32 { return w.c.FetchAddRelease(d) }

//go:noinline
func (w *Int32) FetchAddFull(d int32) int32 { return w.c.FetchAddFull(d) }

//go:noinline
func (w *Int32) CompareAndSwapRelaxed(old, new int32) (int32, bool) {
	return w.c.CompareAndSwapRelaxed(old, new)
}

//go:noinline
func (w *Int32) CompareAndSwapAcquire(old, new int32) (int32, bool) {
	return w.c.CompareAndSwapAcquire(old, new)
}

//go:noinline
func (w *Int32) CompareAndSwapRelease(old, new int32) (int32, bool) {
	return w.c.CompareAndSwapRelease(old, new)
}

//go:noinline
func (w *Int32) CompareAndSwapFull(old, new int32) (int32, bool) {
	return w.c.CompareAndSwapFull(old, new)
}

//go:noinline
func (w *Int32) IncNotZeroLimitedRelaxed(limit int32) (int32, bool) {
	return w.c.IncNotZeroLimitedRelaxed(limit)
}

//go:noinline
func (w *Int32) IncNotZeroLimitedAcquire(limit int32) (int32, bool) {
	return w.c.IncNotZeroLimitedAcquire(limit)
}

//go:noinline
func (w *Int32) AddNotZeroLimitedRelaxed(delta, limit int32) (int32, bool) {
	return w.c.AddNotZeroLimitedRelaxed(delta, limit)
}

//go:noinline
func (w *Int32) AddNotZeroLimitedAcquire(delta, limit int32) (int32, bool) {
	return w.c.AddNotZeroLimitedAcquire(delta, limit)
}

//go:noinline
func (w *Int32) DecAndTest() (int32, bool) { return w.c.DecAndTest() }

//go:noinline
func (w *Int32) SubAndTest(delta int32) (int32, bool) { return w.c.SubAndTest(delta) }

// Rmb, Wmb, Mb, MandatoryRmb, MandatoryWmb and MandatoryMb wrap the
// package's fences in the same way.

//go:noinline
func Rmb() { atomicfence.Rmb() }

//go:noinline
func Wmb() { atomicfence.Wmb() }

//go:noinline
func Mb() { atomicfence.Mb() }

//go:noinline
func MandatoryRmb() { atomicfence.MandatoryRmb() }

//go:noinline
func MandatoryWmb() { atomicfence.MandatoryWmb() }

//go:noinline
func MandatoryMb() { atomicfence.MandatoryMb() }
