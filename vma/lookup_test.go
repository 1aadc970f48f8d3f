package vma

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
)

func TestLockVMA(t *testing.T) {
	for _, p := range countPlacements {
		t.Run(p.String(), func(t *testing.T) {
			mm := NewMM(NewCache())
			v := mustMap(mm, 0x1000, 0x2000, nil)
			if got := mm.LockVMAWith(0x1fff, p); got != v || v.RefCount() != 2 {
				t.Fatalf("LockVMAWith = %p with count %d, want %p with 2", got, v.RefCount(), v)
			}
			v.EndReadWith(p)
			for _, addr := range []uint64{0, 0xfff, 0x2000, 0x9000} {
				if got := mm.LockVMAWith(addr, p); got != nil {
					t.Errorf("LockVMAWith(%#x) = %p, want nil", addr, got)
				}
			}
			session(mm, func() {
				v.StartWrite()
				if got := mm.LockVMAWith(0x1000, p); got != nil {
					t.Errorf("LockVMAWith of a write-locked VMA = %p", got)
				}
			})
			if v.RefCount() != 1 {
				t.Errorf("count %d after the failed tries", v.RefCount())
			}
		})
	}
}

// TestLockVMAYieldsOnDetachedRetry: the current snapshot still holds a
// VMA that its writer has detached, and the writer, a goroutine that is
// ready to run, has yet to publish the snapshot without it. On one P it
// can publish only once the reader yields: a reader that retried without
// yielding would spin until the runtime preempted it.
func TestLockVMAYieldsOnDetachedRetry(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for name, lock := range map[string]func(*MM, uint64) *VMA{
		"LockVMA":     (*MM).LockVMA,
		"LockVMAWith": func(mm *MM, addr uint64) *VMA { return mm.LockVMAWith(addr, PlacementSeqCst) },
	} {
		t.Run(name, func(t *testing.T) {
			mm := NewMM(NewCache())
			w := mustMap(mm, 0x1000, 0x2000, nil)
			fresh := mm.snap.Load()
			mm.snap.Store(&snapshot{entries: []entry{{0x1000, 0x2000, bareVMA(mm, 0)}}})
			retries := 0
			mm.testHook = func(h hookPoint, _ *VMA) {
				if h == hookDetachedRetry {
					retries++
				}
			}
			published := make(chan struct{})
			go func() {
				mm.snap.Store(fresh)
				close(published)
			}()
			got := lock(mm, 0x1800)
			<-published
			if got != w {
				t.Fatalf("lock = %p, want the VMA of the published snapshot", got)
			}
			w.EndRead()
			if retries > 10 {
				t.Errorf("%d retries before the writer could publish: the retry does not yield", retries)
			}
		})
	}
}

// TestLockVMARangeRecheck: the snapshot says the VMA covers the address,
// but the VMA (recycled, or resized) no longer does: LockVMA releases it
// and fails. The VMA's first address and its last pass the recheck, the
// addresses either side of them fail it.
func TestLockVMARangeRecheck(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mm.snap.Store(&snapshot{entries: []entry{{0x800, 0x3000, v}}}) // as the snapshot was before a shrink
	for _, c := range []struct {
		addr    uint64
		covered bool
	}{{0xfff, false}, {0x1000, true}, {0x1fff, true}, {0x2000, false}, {0x2800, false}} {
		for _, p := range countPlacements {
			got := lockWith(p)(mm, c.addr)
			if got != nil {
				got.EndReadWith(p)
			}
			if (got == v) != c.covered || (got != nil && got != v) {
				t.Errorf("%v at %#x: got %p, want %p if the VMA covers it (%v)", p, c.addr, got, v, c.covered)
			}
			if v.RefCount() != 1 {
				t.Fatalf("%v at %#x: count %d after the lookup: the recheck kept its reference", p, c.addr, v.RefCount())
			}
		}
	}
}

// TestLockVMAWrongMM: the snapshot holds an object recycled into another
// MM; LockVMA fails (the caller falls back) and leaves it as it was.
func TestLockVMAWrongMM(t *testing.T) {
	mm := NewMM(NewCache())
	x := bareVMA(NewMM(mm.cache), 1)
	mm.snap.Store(&snapshot{entries: []entry{{0x1000, 0x2000, x}}})
	for _, p := range countPlacements {
		if got := mm.LockVMAWith(0x1000, p); got != nil || x.RefCount() != 1 {
			t.Errorf("%v: LockVMAWith = %p, count %d; want nil, 1", p, got, x.RefCount())
		}
	}
}

// TestLockVMARetriesDetached: a detached VMA in the snapshot makes LockVMA
// look again, from the snapshot published since.
func TestLockVMARetriesDetached(t *testing.T) {
	for _, p := range countPlacements {
		mm := NewMM(NewCache())
		w := mustMap(mm, 0x1000, 0x2000, nil)
		fresh := mm.snap.Load()
		gone := bareVMA(mm, 0)
		mm.snap.Store(&snapshot{entries: []entry{{0x1000, 0x2000, gone}}})
		retries := 0
		mm.testHook = func(h hookPoint, v *VMA) {
			if h == hookDetachedRetry {
				retries++
				mm.snap.Store(fresh)
			}
		}
		if got := mm.LockVMAWith(0x1000, p); got != w || retries != 1 {
			t.Fatalf("%v: LockVMAWith = %p after %d retries, want %p after 1", p, got, retries, w)
		}
		w.EndRead()
	}
}

func TestFault(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, "data")
	var seen []int32
	fn := func(got *VMA) {
		if got != v {
			t.Errorf("fault ran on %p, want %p", got, v)
		}
		seen = append(seen, got.RefCount())
	}
	if !mm.Fault(0x1000, fn) || !mm.FaultWith(0x1000, PlacementRelaxedRmb, fn) {
		t.Fatal("Fault found nothing")
	}
	if mm.Fault(0x3000, fn) {
		t.Fatal("Fault ran on an unmapped address")
	}
	// The per-VMA lock fails (a writer holds the count's LockOffset only
	// for a moment in practice; here it is left there), so Fault falls
	// back to the mmap lock and then to StartReadLocked, which fails at
	// the limit too: fn runs under the mmap read lock.
	v.refcnt.StoreRelaxed(RefLimit)
	if !mm.Fault(0x1000, func(got *VMA) {
		if !mm.lock.held() {
			t.Error("fallback at RefLimit ran without the mmap lock")
		}
		seen = append(seen, got.RefCount())
	}) {
		t.Error("Fault at RefLimit reported that no VMA covered the address")
	}
	v.refcnt.StoreRelaxed(1)
	want := []int32{2, 2, RefLimit}
	if len(seen) != len(want) {
		t.Fatalf("counts inside fn %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("counts inside fn %v, want %v", seen, want)
		}
	}
	if v.RefCount() != 1 {
		t.Fatalf("count after: %d", v.RefCount())
	}
}

// TestFaultReleasesWhenFnPanics: a panic in fn leaves Fault and FaultWith
// as fn's panic, and releases the lock that fn ran under on the way out,
// whichever way it was taken: by the lock-free first try, or under the
// mmap lock (StartReadLocked), where every VMA of an MM of per-VMA
// rw-semaphores or of a fetch-add Cache is busy to Fault's first try. A
// caller that recovers the panic (a server that turns a handler's panic
// into an error, say) must not be left holding the VMA read-locked: the
// next writer of the VMA would wait for that reader for ever, with the
// mmap write lock held.
func TestFaultReleasesWhenFnPanics(t *testing.T) {
	type faultCase struct {
		name  string
		cache Placement // the Cache is NewCacheFor(cache)
		fault func(mm *MM, addr uint64, fn func(*VMA)) bool
	}
	cases := []faultCase{
		{"Fault", PlacementAcquire, (*MM).Fault},
		{"Fault/rwsem, under the mmap lock", PlacementRWSem, (*MM).Fault},
		{"Fault/fetchadd, under the mmap lock", PlacementFetchAdd, (*MM).Fault},
	}
	for _, p := range Placements() {
		cases = append(cases, faultCase{"FaultWith/" + p.String(), p, func(mm *MM, addr uint64, fn func(*VMA)) bool { return mm.FaultWith(addr, p, fn) }})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mm := NewMM(NewCacheFor(tc.cache))
			v := mustMap(mm, 0x1000, 0x2000, nil)
			want := errors.New("fn failed")
			ran := false
			got := panicOf(func() {
				tc.fault(mm, 0x1800, func(*VMA) {
					ran = true
					panic(want)
				})
			})
			if !ran || got != want {
				t.Fatalf("fn ran %v, and the fault panicked with %v; want fn's panic %v", ran, got, want)
			}
			// With no reader left, a writer locks the VMA even when its
			// context is done; with one left, it gives up.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			session(mm, func() {
				if err := v.StartWriteContext(ctx); err != nil {
					t.Fatalf("StartWriteContext after fn panicked = %v: the read lock fn ran under is still held", err)
				}
			})
			mm.Close()
		})
	}
}

// TestFaultFallsBackWhileWriting: while a writer holds the VMA
// write-locked, a fault cannot take the per-VMA lock; it queues on the mmap
// lock and runs once the writer is done, with the VMA read-locked, and
// reports that a VMA covered the address.
func TestFaultFallsBackWhileWriting(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, 0)
	mm.MmapWriteLock()
	v.StartWrite()
	if mm.LockVMA(0x1000) != nil {
		t.Fatal("LockVMA succeeded on a write-locked VMA")
	}
	done := make(chan int32, 1)
	found := make(chan bool)
	go func() { found <- mm.Fault(0x1000, func(got *VMA) { done <- got.Data.(int32) + got.RefCount()*10 }) }()
	waitFor(t, "the fault to queue on the mmap lock", func() bool { return mm.lock.readers.Load() > -mmapMaxReaders })
	v.Data = int32(7)
	mm.MmapWriteUnlock()
	if !<-found {
		t.Fatal("Fault through the mmap lock reported that no VMA covered the address")
	}
	if got := <-done; got != 27 {
		t.Fatalf("fault saw data+10*count = %d, want 7+20", got)
	}
}

func TestSpeculate(t *testing.T) {
	mm := NewMM(NewCache())
	seq, ok := mm.SpeculateTryBegin()
	if !ok || mm.SpeculateRetry(seq) {
		t.Fatalf("no writer: begin %v, retry %v", ok, mm.SpeculateRetry(seq))
	}
	mm.MmapWriteLock()
	if _, ok := mm.SpeculateTryBegin(); ok {
		t.Fatal("speculation began under the write lock")
	}
	if !mm.SpeculateRetry(seq) {
		t.Fatal("no retry after a writer took the lock")
	}
	mm.MmapWriteDowngrade()
	seq2, ok := mm.SpeculateTryBegin()
	if !ok || !mm.SpeculateRetry(seq) || mm.SpeculateRetry(seq2) {
		t.Fatal("downgrade did not end the write session for speculation")
	}
	mm.MmapReadUnlock()
}

func TestPlacements(t *testing.T) {
	want := []string{"acquire", "relaxed+rmb", "relaxed", "seqcst", "rwsem", "fetchadd"}
	ps := Placements()
	if len(ps) != len(want) {
		t.Fatalf("Placements() = %v", ps)
	}
	for i, p := range ps {
		if p.String() != want[i] {
			t.Errorf("placement %d is %q, want %q", i, p, want[i])
		}
	}
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	bad := Placement(len(want))
	if bad.String() != "Placement(6)" {
		t.Errorf("String of an unknown placement: %q", bad)
	}
	mustPanic(t, "unknown Placement(6)", func() { v.StartReadWith(mm, bad) })
	mustPanic(t, "unknown Placement(6)", func() { v.EndReadWith(bad) })
}

// TestWaitQueueNoLostWakeup: the reader leaves, and wakes, after the writer
// tested the count and before it sleeps. The writer must not sleep through
// it.
func TestWaitQueueNoLostWakeup(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	session(mm, func() {
		v.StartWrite()
		v.refcnt.FetchAddRelaxed(1) // a transient reader
		sleeps := sleepCounter(mm, func(v *VMA) {
			if pendingWake(&mm.writerWait) {
				t.Error("a wake-up was pending before the reader left")
			}
			v.EndRead()
		})
		v.MarkDetached()
		if *sleeps != 1 || v.RefCount() != 0 {
			t.Fatalf("slept %d times, count %d", *sleeps, v.RefCount())
		}
	})
}

// TestWaitQueueSpuriousWake: a wake-up token left by an earlier writer
// wakes the next one early; it tests the count again and sleeps on.
func TestWaitQueueSpuriousWake(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 2)
	mm.writerWait.token <- struct{}{}
	sleeps := sleepCounter(mm, func(v *VMA) {
		if len(mm.writerWait.token) == 0 {
			v.EndRead()
		}
	})
	session(mm, func() { v.StartWrite() })
	if *sleeps != 2 || v.RefCount() != 1 {
		t.Fatalf("slept %d times, count %d; want 2 sleeps, count 1", *sleeps, v.RefCount())
	}
}

// TestFaultReleaseWakesWriter: a writer that takes the mmap write lock
// while fn runs (Fault holds no mmap lock by then, whichever way it took
// the VMA) sleeps in StartWrite until fn returns, and the release on
// Fault's way out wakes it: by EndRead after the lock-free first try, by
// the rw-semaphore's or the fetch-add count's release after the fallback
// under the mmap lock, where every VMA of those Caches is busy to LockVMA.
func TestFaultReleaseWakesWriter(t *testing.T) {
	for _, p := range cacheKinds {
		t.Run(p.String(), func(t *testing.T) {
			mm := NewMM(NewCacheFor(p))
			v := mustMap(mm, 0x1000, 0x2000, nil)
			sleeping := make(chan struct{}, 1)
			sleepCounter(mm, func(*VMA) { signal(sleeping) })
			var writerIn atomic.Bool
			wrote := make(chan struct{})
			err := finishes(func() error {
				var inFn error
				mm.Fault(0x1800, func(got *VMA) {
					go func() {
						session(mm, func() {
							v.StartWrite()
							writerIn.Store(true)
						})
						close(wrote)
					}()
					<-sleeping
					if writerIn.Load() {
						inFn = errors.New("the writer got in while fn held the read lock")
					}
				})
				if inFn != nil {
					return inFn
				}
				<-wrote
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			mm.Close()
		})
	}
}
