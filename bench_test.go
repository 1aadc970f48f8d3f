package atomicfence_test

import (
	"sync/atomic"
	"testing"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/benchenv"
)

// The benchmarks name their cases key=value, and the first case of each
// group is the one the others are compared with: the sync/atomic
// equivalent for a primitive, the acquire increment for a fence placement.
// fencelab bench relies on that order. A case named alt-… measures a form
// that the package does not use, to show why.

// Sinks keep the results alive, so that each loop's sum is computed and
// used, alike for sync/atomic and for this package.
var (
	sinkInt32  int32
	sinkUint32 uint32
	sinkBool   bool
)

// paddedInt32 and paddedRaw keep a count alone on its cache line and the
// next, so that no benchmark measures false sharing.
type paddedInt32 struct {
	_ [64]byte
	c atomicfence.Int32
	_ [60]byte
}

type paddedRaw struct {
	_ [64]byte
	v int32
	_ [60]byte
}

type paddedUint32 struct {
	_ [64]byte
	u atomicfence.Uint32
	_ [60]byte
}

type paddedRawUint32 struct {
	_ [64]byte
	v uint32
	_ [60]byte
}

// paddedPair holds two words on cache lines of their own: the store and
// the load on either side of a fence.
type paddedPair struct {
	_ [64]byte
	a int32
	_ [60]byte
	b int32
	_ [60]byte
}

// refill is where the decrement benchmarks start and go back to; reset is
// where the increment benchmarks go back to 1. Both are far from where the
// operations fail, and reached once in a million iterations at most.
const (
	refill = 1 << 30
	reset  = 1 << 20
	limit  = 1<<30 - 1 // the VMA read lock's LIMIT
)

func BenchmarkPrimitive(b *testing.B) {
	benchenv.PrintConfig()

	b.Run("op=Load/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		var s int32
		for range b.N {
			s += atomic.LoadInt32(&w.v)
		}
		sinkInt32 = s
	})
	b.Run("op=Load/order=relaxed", func(b *testing.B) {
		c := &new(paddedInt32).c
		var s int32
		for range b.N {
			s += c.LoadRelaxed()
		}
		sinkInt32 = s
	})
	b.Run("op=Load/order=acquire", func(b *testing.B) {
		c := &new(paddedInt32).c
		var s int32
		for range b.N {
			s += c.LoadAcquire()
		}
		sinkInt32 = s
	})

	// sync/atomic's Store is sequentially consistent: XCHG on amd64, STLR
	// on arm64.
	b.Run("op=Store/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		for i := range b.N {
			atomic.StoreInt32(&w.v, int32(i))
		}
	})
	b.Run("op=Store/order=relaxed", func(b *testing.B) {
		c := &new(paddedInt32).c
		for i := range b.N {
			c.StoreRelaxed(int32(i))
		}
	})
	b.Run("op=Store/order=release", func(b *testing.B) {
		c := &new(paddedInt32).c
		for i := range b.N {
			c.StoreRelease(int32(i))
		}
	})

	b.Run("op=FetchAdd/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		var s int32
		for range b.N {
			s += atomic.AddInt32(&w.v, 1)
		}
		sinkInt32 = s
	})
	b.Run("op=FetchAdd/order=relaxed", func(b *testing.B) { benchFetchAdd(b, (*atomicfence.Int32).FetchAddRelaxed) })
	b.Run("op=FetchAdd/order=acquire", func(b *testing.B) { benchFetchAdd(b, (*atomicfence.Int32).FetchAddAcquire) })
	b.Run("op=FetchAdd/order=release", func(b *testing.B) { benchFetchAdd(b, (*atomicfence.Int32).FetchAddRelease) })
	b.Run("op=FetchAdd/order=full", func(b *testing.B) { benchFetchAdd(b, (*atomicfence.Int32).FetchAddFull) })

	b.Run("op=CompareAndSwap/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		ok := true
		for i := range b.N {
			ok = ok && atomic.CompareAndSwapInt32(&w.v, int32(i), int32(i+1))
		}
		sinkBool = ok
	})
	b.Run("op=CompareAndSwap/order=relaxed", func(b *testing.B) { benchCAS(b, (*atomicfence.Int32).CompareAndSwapRelaxed) })
	b.Run("op=CompareAndSwap/order=acquire", func(b *testing.B) { benchCAS(b, (*atomicfence.Int32).CompareAndSwapAcquire) })
	b.Run("op=CompareAndSwap/order=release", func(b *testing.B) { benchCAS(b, (*atomicfence.Int32).CompareAndSwapRelease) })
	b.Run("op=CompareAndSwap/order=full", func(b *testing.B) { benchCAS(b, (*atomicfence.Int32).CompareAndSwapFull) })

	// The sync/atomic equivalent of IncNotZeroLimited is the loop a Go
	// programmer writes: load, test, compare-and-swap.
	b.Run("op=IncNotZeroLimited/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		w.v = 1
		var s int32
		for range b.N {
			old, _ := incNotZeroLimitedSyncAtomic(&w.v, limit)
			if old >= reset {
				atomic.StoreInt32(&w.v, 1)
			}
			s += old
		}
		sinkInt32 = s
	})
	b.Run("op=IncNotZeroLimited/order=relaxed", func(b *testing.B) {
		c := &new(paddedInt32).c
		c.StoreRelaxed(1)
		var s int32
		for range b.N {
			old, _ := c.IncNotZeroLimitedRelaxed(limit)
			if old >= reset {
				c.StoreRelaxed(1)
			}
			s += old
		}
		sinkInt32 = s
	})
	b.Run("op=IncNotZeroLimited/order=acquire", func(b *testing.B) {
		c := &new(paddedInt32).c
		c.StoreRelaxed(1)
		var s int32
		for range b.N {
			old, _ := c.IncNotZeroLimitedAcquire(limit)
			if old >= reset {
				c.StoreRelaxed(1)
			}
			s += old
		}
		sinkInt32 = s
	})

	// A release decrement that reports zero: sync/atomic's Add, and the
	// refcount_dec_and_test of this package.
	b.Run("op=DecAndTest/order=sync-atomic", func(b *testing.B) {
		w := new(paddedRaw)
		w.v = refill
		zero := false
		for range b.N {
			if atomic.AddInt32(&w.v, -1) == 0 {
				atomic.StoreInt32(&w.v, refill)
				zero = true
			}
		}
		sinkBool = zero
	})
	b.Run("op=DecAndTest/order=release", func(b *testing.B) {
		c := &new(paddedInt32).c
		c.StoreRelaxed(refill)
		zero := false
		for range b.N {
			if _, z := c.DecAndTest(); z {
				c.StoreRelaxed(refill)
				zero = true
			}
		}
		sinkBool = zero
	})

	// Go has no fence; its way to get a full barrier is a sequentially
	// consistent read-modify-write, here on a word of the goroutine's own
	// stack (what the generic fallback does).
	b.Run("op=Fence/order=sync-atomic", func(b *testing.B) {
		var w int32
		for range b.N {
			atomic.AddInt32(&w, 0)
		}
	})
	b.Run("op=Fence/order=rmb", func(b *testing.B) { benchFence(b, atomicfence.Rmb) })
	b.Run("op=Fence/order=wmb", func(b *testing.B) { benchFence(b, atomicfence.Wmb) })
	b.Run("op=Fence/order=mb", func(b *testing.B) { benchFence(b, atomicfence.Mb) })
	b.Run("op=Fence/order=mandatory-rmb", func(b *testing.B) { benchFence(b, atomicfence.MandatoryRmb) })
	b.Run("op=Fence/order=mandatory-wmb", func(b *testing.B) { benchFence(b, atomicfence.MandatoryWmb) })
	b.Run("op=Fence/order=mandatory-mb", func(b *testing.B) { benchFence(b, atomicfence.MandatoryMb) })
	// What smp_mb is for: a store, then the fence, then a load of another
	// word that must not be satisfied before the store is visible (store
	// buffering). On amd64 the fence's locked instruction waits for the
	// store to leave the store buffer; a loop of fences alone (op=Fence)
	// never has one there, and measures mb's call beside an inlined add.
	b.Run("op=StoreFenceLoad/order=sync-atomic", func(b *testing.B) {
		w := new(paddedPair)
		var f, s int32
		for i := range b.N {
			w.a = int32(i)
			atomic.AddInt32(&f, 0)
			s += atomic.LoadInt32(&w.b)
		}
		sinkInt32 = s
	})
	b.Run("op=StoreFenceLoad/order=mb", func(b *testing.B) { benchStoreFenceLoad(b, atomicfence.Mb) })
	benchFenceAlternatives(b)
	benchTypes(b)
}

// The helpers below take the operation as a function value. Each is small
// enough to be inlined where it is called with a method expression or a
// function, and the compiler then calls that directly, as the sync/atomic
// cases do (TestPrimitiveBenchmarksCallDirectly checks it).

func benchFetchAdd(b *testing.B, add func(*atomicfence.Int32, int32) int32) {
	c := &new(paddedInt32).c
	var s int32
	for range b.N {
		s += add(c, 1)
	}
	sinkInt32 = s
}

func benchCAS(b *testing.B, cas func(*atomicfence.Int32, int32, int32) (int32, bool)) {
	c := &new(paddedInt32).c
	ok := true
	for i := range b.N {
		_, swapped := cas(c, int32(i), int32(i+1))
		ok = ok && swapped
	}
	sinkBool = ok
}

func benchFence(b *testing.B, fence func()) {
	for range b.N {
		fence()
	}
}

// benchStoreFenceLoad is op=StoreFenceLoad for a fence of the package,
// which the compiler inlines with the helper, so that the fence is a
// direct call as in op=Fence (TestPrimitiveBenchmarksCallDirectly).
func benchStoreFenceLoad(b *testing.B, fence func()) {
	w := new(paddedPair)
	var s int32
	for i := range b.N {
		w.a = int32(i)
		fence()
		s += atomic.LoadInt32(&w.b)
	}
	sinkInt32 = s
}

// incNotZeroLimitedSyncAtomic is IncNotZeroLimited written with sync/atomic.
func incNotZeroLimitedSyncAtomic(p *int32, limit int32) (int32, bool) {
	old := atomic.LoadInt32(p)
	for {
		if old <= 0 || old > limit-1 {
			return old, false
		}
		if atomic.CompareAndSwapInt32(p, old, old+1) {
			return old, true
		}
		old = atomic.LoadInt32(p)
	}
}

// readShape is the read side of the VMA read lock reduced to its memory
// accesses: increment a count, then read two sequence words (vm_lock_seq
// and mm_lock_seq). The placements differ in what orders the reads after
// the increment. The raw words serve the sync/atomic placement.
type readShape struct {
	count        *atomicfence.Int32
	vmSeq, mmSeq *atomicfence.Uint32
	raw          *int32
	rawVM, rawMM *uint32
}

func newReadShape() *readShape {
	s := &readShape{
		vmSeq: &new(paddedUint32).u,
		mmSeq: &new(paddedUint32).u,
		rawVM: &new(paddedRawUint32).v,
		rawMM: &new(paddedRawUint32).v,
	}
	return s.withOwnCount()
}

// withOwnCount returns a copy of s with counts of its own, each alone on
// its cache line, and the sequence words shared.
func (s *readShape) withOwnCount() *readShape {
	own := *s
	own.count = &new(paddedInt32).c
	own.count.StoreRelaxed(1)
	own.raw = &new(paddedRaw).v
	*own.raw = 1
	return &own
}

// settle keeps the count between 1 and reset, where the increment never
// fails: concurrent readers may each put it back to 1, which is harmless.
func (s *readShape) settle(old int32) {
	if old >= reset || old <= 0 {
		s.count.StoreRelaxed(1)
	}
}

type placement struct {
	name string
	step func(*readShape) uint32
}

// placements, the first being the one Linux merged and the others are
// compared with. Each is written out in full, so that it calls its fence
// directly, as a lock would, rather than through a function value.
var placements = []placement{
	// Acquire increment (LDAXR/STXR or CASA on arm64).
	{"acquire", func(s *readShape) uint32 {
		old, _ := s.count.IncNotZeroLimitedAcquire(limit)
		seq := s.vmSeq.LoadRelaxed() ^ s.mmSeq.LoadRelaxed()
		s.settle(old)
		return seq
	}},
	// Relaxed increment, then Rmb (smp_rmb: DMB ISHLD; nothing on amd64).
	{"relaxed-rmb", func(s *readShape) uint32 {
		old, _ := s.count.IncNotZeroLimitedRelaxed(limit)
		atomicfence.Rmb()
		seq := s.vmSeq.LoadRelaxed() ^ s.mmSeq.LoadRelaxed()
		s.settle(old)
		return seq
	}},
	// Relaxed increment and nothing else: WRONG on arm64, the floor.
	{"relaxed", func(s *readShape) uint32 {
		old, _ := s.count.IncNotZeroLimitedRelaxed(limit)
		seq := s.vmSeq.LoadRelaxed() ^ s.mmSeq.LoadRelaxed()
		s.settle(old)
		return seq
	}},
	// Relaxed increment, then Mb (DMB ISH; LOCK OR on amd64).
	{"relaxed-mb", func(s *readShape) uint32 {
		old, _ := s.count.IncNotZeroLimitedRelaxed(limit)
		atomicfence.Mb()
		seq := s.vmSeq.LoadRelaxed() ^ s.mmSeq.LoadRelaxed()
		s.settle(old)
		return seq
	}},
	// Relaxed increment, then MandatoryRmb (DSB LD; LFENCE on amd64).
	{"relaxed-mandatory-rmb", func(s *readShape) uint32 {
		old, _ := s.count.IncNotZeroLimitedRelaxed(limit)
		atomicfence.MandatoryRmb()
		seq := s.vmSeq.LoadRelaxed() ^ s.mmSeq.LoadRelaxed()
		s.settle(old)
		return seq
	}},
	// Relaxed increment, then MandatoryMb (DSB SY; MFENCE on amd64).
	{"relaxed-mandatory-mb", func(s *readShape) uint32 {
		old, _ := s.count.IncNotZeroLimitedRelaxed(limit)
		atomicfence.MandatoryMb()
		seq := s.vmSeq.LoadRelaxed() ^ s.mmSeq.LoadRelaxed()
		s.settle(old)
		return seq
	}},
	// The same written inline with sync/atomic: load, CompareAndSwap, loads.
	{"sync-atomic-cas", func(s *readShape) uint32 {
		old, _ := incNotZeroLimitedSyncAtomic(s.raw, limit)
		seq := atomic.LoadUint32(s.rawVM) ^ atomic.LoadUint32(s.rawMM)
		if old >= reset || old <= 0 {
			atomic.StoreInt32(s.raw, 1)
		}
		return seq
	}},
}

// BenchmarkIncThenReadSeq measures each placement on one goroutine
// (mode=single), on all goroutines incrementing one shared count
// (mode=shared), and on all goroutines with a count each, on cache lines of
// their own (mode=private). Every case calls its step through a function
// value, which costs the same for every placement.
func BenchmarkIncThenReadSeq(b *testing.B) {
	benchenv.PrintConfig()
	for _, p := range placements {
		b.Run("mode=single/place="+p.name, func(b *testing.B) {
			s := newReadShape()
			var sum uint32
			for range b.N {
				sum += p.step(s)
			}
			sinkUint32 = sum
		})
	}
	for _, p := range placements {
		b.Run("mode=shared/place="+p.name, func(b *testing.B) {
			s := newReadShape()
			b.RunParallel(func(pb *testing.PB) {
				var sum uint32
				for pb.Next() {
					sum += p.step(s)
				}
				atomic.AddUint32(&sinkUint32, sum)
			})
		})
	}
	for _, p := range placements {
		b.Run("mode=private/place="+p.name, func(b *testing.B) {
			shared := newReadShape()
			b.RunParallel(func(pb *testing.PB) {
				s := shared.withOwnCount()
				var sum uint32
				for pb.Next() {
					sum += p.step(s)
				}
				atomic.AddUint32(&sinkUint32, sum)
			})
		})
	}
}
