package atomicfence

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestStoresWhole stores, on each 64-bit type (Uintptr at its own width)
// and with each store, two values whose halves differ while this
// goroutine loads them with each load, from the first store on: every
// load must return one of the two whole. A store made in two halves, as
// a plain 64-bit store is on 386 and 32-bit arm, can be seen half done;
// under -race, a store that is not atomic is a data race against the
// loads, which fails the test there on every architecture.
func TestStoresWhole(t *testing.T) {
	const lo64, hi64 = 0x0000_0000_ffff_ffff, 0x7fff_ffff_0000_0000
	half := (32 << (^uintptr(0) >> 63)) / 2 // half of uintptr's bits
	loPtr, hiPtr := ^uintptr(0)>>half, ^uintptr(0)<<half>>1
	var i64 Int64
	var u64 Uint64
	var ptr Uintptr
	rounds := scaled(100000, 20)
	for _, s := range []struct {
		name  string
		a, b  uint64
		store func(v uint64)
		loads []func() uint64
	}{
		{"Int64.StoreRelaxed", lo64, hi64, func(v uint64) { i64.StoreRelaxed(int64(v)) }, int64Loads(&i64)},
		{"Int64.StoreRelease", lo64, hi64, func(v uint64) { i64.StoreRelease(int64(v)) }, int64Loads(&i64)},
		{"Int64.StoreMb", lo64, hi64, func(v uint64) { i64.StoreMb(int64(v)) }, int64Loads(&i64)},
		{"Uint64.StoreRelaxed", lo64, hi64, u64.StoreRelaxed, uint64Loads(&u64)},
		{"Uint64.StoreRelease", lo64, hi64, u64.StoreRelease, uint64Loads(&u64)},
		{"Uint64.StoreMb", lo64, hi64, u64.StoreMb, uint64Loads(&u64)},
		{"Uintptr.StoreRelaxed", uint64(loPtr), uint64(hiPtr), func(v uint64) { ptr.StoreRelaxed(uintptr(v)) }, uintptrLoads(&ptr)},
		{"Uintptr.StoreRelease", uint64(loPtr), uint64(hiPtr), func(v uint64) { ptr.StoreRelease(uintptr(v)) }, uintptrLoads(&ptr)},
		{"Uintptr.StoreMb", uint64(loPtr), uint64(hiPtr), func(v uint64) { ptr.StoreMb(uintptr(v)) }, uintptrLoads(&ptr)},
	} {
		var stop atomic.Bool
		var wg sync.WaitGroup
		stored := make(chan struct{})
		wg.Go(func() {
			s.store(s.a)
			close(stored)
			for k := 1; !stop.Load(); k++ {
				s.store([2]uint64{s.a, s.b}[k%2])
			}
		})
		<-stored
		for range rounds {
			for _, load := range s.loads {
				if v := load(); v != s.a && v != s.b {
					stop.Store(true)
					wg.Wait()
					t.Fatalf("%s: a load returned %#x, neither %#x nor %#x: the store was seen half done", s.name, v, s.a, s.b)
				}
			}
		}
		stop.Store(true)
		wg.Wait()
		s.store(0)
	}
}

func int64Loads(c *Int64) []func() uint64 {
	return []func() uint64{
		func() uint64 { return uint64(c.LoadRelaxed()) },
		func() uint64 { return uint64(c.LoadAcquire()) },
		func() uint64 { return uint64(c.LoadSeqCst()) },
	}
}

func uint64Loads(c *Uint64) []func() uint64 {
	return []func() uint64{c.LoadRelaxed, c.LoadAcquire, c.LoadSeqCst}
}

func uintptrLoads(c *Uintptr) []func() uint64 {
	return []func() uint64{
		func() uint64 { return uint64(c.LoadRelaxed()) },
		func() uint64 { return uint64(c.LoadAcquire()) },
		func() uint64 { return uint64(c.LoadSeqCst()) },
	}
}
