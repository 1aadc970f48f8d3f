package atomicfence_test

import (
	"sync/atomic"
	"testing"

	"github.com/atomicfence/atomicfence"
)

// benchTypes adds to BenchmarkPrimitive the operations of the 64-bit words,
// the bitwise and min/max read-modify-writes of both widths, Pointer's
// load and StoreMb, each group led by its sync/atomic equivalent as
// bench_test.go's conventions want: the sync/atomic function where there
// is one (atomic.AndInt64 returns the old value since Go 1.23), otherwise
// the compare-and-swap loop a Go programmer writes with sync/atomic. The
// orderings shown are those that differ on arm64 from the relaxed form
// (acquire for a load, release for a store, acquire and full for a
// read-modify-write); on amd64 every ordering of an operation is the same
// instruction.
func benchTypes(b *testing.B) {
	b.Run("op=Load64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for range b.N {
			s += atomic.LoadInt64(&w.v)
		}
		sinkInt64 = s
	})
	b.Run("op=Load64/order=relaxed", func(b *testing.B) { benchLoad64(b, (*atomicfence.Int64).LoadRelaxed) })
	b.Run("op=Load64/order=acquire", func(b *testing.B) { benchLoad64(b, (*atomicfence.Int64).LoadAcquire) })
	b.Run("op=Load64/order=seq-cst", func(b *testing.B) { benchLoad64(b, (*atomicfence.Int64).LoadSeqCst) })

	b.Run("op=Store64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		for i := range b.N {
			atomic.StoreInt64(&w.v, int64(i))
		}
	})
	b.Run("op=Store64/order=release", func(b *testing.B) { benchStore64(b, (*atomicfence.Int64).StoreRelease) })
	b.Run("op=Store64/order=seq-cst", func(b *testing.B) { benchStore64(b, (*atomicfence.Int64).StoreSeqCst) })

	b.Run("op=Swap64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for i := range b.N {
			s += atomic.SwapInt64(&w.v, int64(i))
		}
		sinkInt64 = s
	})
	b.Run("op=Swap64/order=acquire", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).SwapAcquire) })
	b.Run("op=Swap64/order=full", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).SwapFull) })

	b.Run("op=FetchAdd64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for range b.N {
			s += atomic.AddInt64(&w.v, 1)
		}
		sinkInt64 = s
	})
	b.Run("op=FetchAdd64/order=acquire", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchAddAcquire) })
	b.Run("op=FetchAdd64/order=full", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchAddFull) })

	b.Run("op=CompareAndSwap64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		ok := true
		for i := range b.N {
			ok = ok && atomic.CompareAndSwapInt64(&w.v, int64(i), int64(i+1))
		}
		sinkBool = ok
	})
	b.Run("op=CompareAndSwap64/order=acquire", func(b *testing.B) { benchCAS64(b, (*atomicfence.Int64).CompareAndSwapAcquire) })
	b.Run("op=CompareAndSwap64/order=full", func(b *testing.B) { benchCAS64(b, (*atomicfence.Int64).CompareAndSwapFull) })

	b.Run("op=FetchAnd64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for i := range b.N {
			s += atomic.AndInt64(&w.v, ^int64(i&1))
		}
		sinkInt64 = s
	})
	b.Run("op=FetchAnd64/order=acquire", func(b *testing.B) { benchBits64(b, (*atomicfence.Int64).FetchAndAcquire) })
	b.Run("op=FetchAnd64/order=full", func(b *testing.B) { benchBits64(b, (*atomicfence.Int64).FetchAndFull) })

	b.Run("op=FetchOr64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for i := range b.N {
			s += atomic.OrInt64(&w.v, int64(i&1))
		}
		sinkInt64 = s
	})
	b.Run("op=FetchOr64/order=acquire", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchOrAcquire) })
	b.Run("op=FetchOr64/order=full", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchOrFull) })

	b.Run("op=FetchXor64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for i := range b.N {
			s += fetchXorSyncAtomic(&w.v, int64(i))
		}
		sinkInt64 = s
	})
	b.Run("op=FetchXor64/order=acquire", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchXorAcquire) })
	b.Run("op=FetchXor64/order=full", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchXorFull) })

	b.Run("op=FetchMax64/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw64)
		var s int64
		for i := range b.N {
			s += fetchMaxSyncAtomic(&w.v, int64(i))
		}
		sinkInt64 = s
	})
	b.Run("op=FetchMax64/order=acquire", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchMaxAcquire) })
	b.Run("op=FetchMax64/order=full", func(b *testing.B) { benchRMW64(b, (*atomicfence.Int64).FetchMaxFull) })

	b.Run("op=FetchOr32/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		var s int32
		for i := range b.N {
			s += atomic.OrInt32(&w.v, int32(i&1))
		}
		sinkInt32 = s
	})
	b.Run("op=FetchOr32/order=acquire", func(b *testing.B) { benchRMW32(b, (*atomicfence.Int32).FetchOrAcquire) })
	b.Run("op=FetchOr32/order=full", func(b *testing.B) { benchRMW32(b, (*atomicfence.Int32).FetchOrFull) })

	b.Run("op=Swap32/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		var s int32
		for i := range b.N {
			s += atomic.SwapInt32(&w.v, int32(i))
		}
		sinkInt32 = s
	})
	b.Run("op=Swap32/order=acquire", func(b *testing.B) { benchRMW32(b, (*atomicfence.Int32).SwapAcquire) })

	// smp_store_mb's sync/atomic equivalent is its sequentially consistent
	// store: XCHG on amd64, STLR on arm64 (where StoreMb is STR + DMB ISH).
	b.Run("op=StoreMb/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		for i := range b.N {
			atomic.StoreInt32(&w.v, int32(i))
		}
	})
	b.Run("op=StoreMb/order=full", func(b *testing.B) {
		c := &new(paddedInt32).c
		for i := range b.N {
			c.StoreMb(int32(i))
		}
	})

	b.Run("op=LoadPointer/order=sync-atomic", func(b *testing.B) {
		var p paddedPointer
		p.sync.Store(&p.x)
		n := 0
		for range b.N {
			if p.sync.Load() != nil {
				n++
			}
		}
		sinkInt64 = int64(n)
	})
	b.Run("op=LoadPointer/order=acquire", func(b *testing.B) {
		var p paddedPointer
		p.p.StoreRelease(&p.x)
		n := 0
		for range b.N {
			if p.p.LoadAcquire() != nil {
				n++
			}
		}
		sinkInt64 = int64(n)
	})
}

var sinkInt64 int64

// paddedInt64 and paddedRaw64 keep a 64-bit word alone on its cache line,
// as paddedInt32 and paddedRaw do.
type paddedInt64 struct {
	_ [64]byte
	c atomicfence.Int64
	_ [56]byte
}

type paddedRaw64 struct {
	_ [64]byte
	v int64
	_ [56]byte
}

type paddedPointer struct {
	_    [64]byte
	p    atomicfence.Pointer[int]
	sync atomic.Pointer[int]
	x    int
	_    [40]byte
}

func benchLoad64(b *testing.B, load func(*atomicfence.Int64) int64) {
	c := &new(paddedInt64).c
	var s int64
	for range b.N {
		s += load(c)
	}
	sinkInt64 = s
}

func benchStore64(b *testing.B, store func(*atomicfence.Int64, int64)) {
	c := &new(paddedInt64).c
	for i := range b.N {
		store(c, int64(i))
	}
}

func benchRMW64(b *testing.B, op func(*atomicfence.Int64, int64) int64) {
	c := &new(paddedInt64).c
	var s int64
	for i := range b.N {
		s += op(c, int64(i))
	}
	sinkInt64 = s
}

// benchBits64 passes a mask that clears bit 0 every other time, as the
// sync/atomic case does, so that the word changes.
func benchBits64(b *testing.B, op func(*atomicfence.Int64, int64) int64) {
	c := &new(paddedInt64).c
	var s int64
	for i := range b.N {
		s += op(c, ^int64(i&1))
	}
	sinkInt64 = s
}

func benchCAS64(b *testing.B, cas func(*atomicfence.Int64, int64, int64) (int64, bool)) {
	c := &new(paddedInt64).c
	ok := true
	for i := range b.N {
		_, swapped := cas(c, int64(i), int64(i+1))
		ok = ok && swapped
	}
	sinkBool = ok
}

func benchRMW32(b *testing.B, op func(*atomicfence.Int32, int32) int32) {
	c := &new(paddedInt32).c
	var s int32
	for i := range b.N {
		s += op(c, int32(i))
	}
	sinkInt32 = s
}

// fetchXorSyncAtomic and fetchMaxSyncAtomic are the loops a Go programmer
// writes with sync/atomic, which has no Xor, Max or Min.
func fetchXorSyncAtomic(p *int64, v int64) int64 {
	for {
		old := atomic.LoadInt64(p)
		if atomic.CompareAndSwapInt64(p, old, old^v) {
			return old
		}
	}
}

func fetchMaxSyncAtomic(p *int64, v int64) int64 {
	for {
		old := atomic.LoadInt64(p)
		if atomic.CompareAndSwapInt64(p, old, max(old, v)) {
			return old
		}
	}
}
