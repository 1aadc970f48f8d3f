package vma

import (
	"context"
	"testing"
)

// cacheKinds are the three encodings of a VMA's lock, one Cache of each.
var cacheKinds = []Placement{PlacementAcquire, PlacementRWSem, PlacementFetchAdd}

// unmapped returns an MM of a Cache made for p, and a VMA that it mapped
// at [0x1000, 0x2000) and unmapped again: an object back in the Cache, to
// which a caller still holds a pointer.
func unmapped(p Placement) (*MM, *VMA) {
	mm := NewMM(NewCacheFor(p))
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mustUnmap(mm, 0x1000, 0x2000)
	return mm, v
}

// mapsAgain fails the test unless the next Map of mm succeeds and hands
// out v, the object that the Cache was given back last: a misuse that
// panicked left the Cache as it was.
func mapsAgain(t *testing.T, mm *MM, v *VMA) {
	t.Helper()
	var w *VMA
	if p := panicOf(func() { w = mustMap(mm, 0x5000, 0x6000, nil) }); p != nil {
		t.Fatalf("Map after the misuse panicked: %v", p)
	}
	if w != v {
		t.Fatal("Map after the misuse did not hand out the unmapped object again")
	}
}

// TestNewMMNilCache: NewMM needs a Cache to take its VMAs from.
func TestNewMMNilCache(t *testing.T) {
	mustPanic(t, "vma: NewMM with a nil Cache", func() { NewMM(nil) })
}

// TestStartWriteUnmapped: StartWrite and StartWriteContext of a VMA that
// Unmap has returned to its Cache, or that Map never made, panic naming
// that, under a write session of the MM it came from, and leave the count
// and the Cache as they were.
func TestStartWriteUnmapped(t *testing.T) {
	starts := map[string]func(*VMA){
		"StartWrite":        (*VMA).StartWrite,
		"StartWriteContext": func(v *VMA) { _ = v.StartWriteContext(context.Background()) },
	}
	for _, p := range cacheKinds {
		for op, start := range starts {
			t.Run(p.String()+"/"+op, func(t *testing.T) {
				mm, v := unmapped(p)
				c := v.RefCount()
				var got any
				session(mm, func() { got = panicOf(func() { start(v) }) })
				wantPanic(t, op, got, "vma: "+op+" of a VMA that belongs to no MM")
				if v.RefCount() != c {
					t.Fatalf("count %#x after the misuse, was %#x", v.RefCount(), c)
				}
				mapsAgain(t, mm, v)
			})
		}
	}
	mm := NewMM(NewCache())
	session(mm, func() {
		mustPanic(t, "vma: StartWrite of a VMA that belongs to no MM", new(VMA).StartWrite)
	})
}

// TestMarkAttachedUnmapped: MarkAttached of a VMA that Unmap has returned
// to its Cache panics and leaves it detached, where it used to attach it
// in the Cache, so that the next Map to take it from there panicked on an
// attached object. So does MarkAttached of a VMA that Map never made.
func TestMarkAttachedUnmapped(t *testing.T) {
	for _, p := range cacheKinds {
		t.Run(p.String(), func(t *testing.T) {
			mm, v := unmapped(p)
			var got any
			session(mm, func() { got = panicOf(v.MarkAttached) })
			wantPanic(t, "MarkAttached", got, "vma: MarkAttached of a VMA that belongs to no MM")
			if p := panicOf(v.AssertDetached); p != nil {
				t.Fatalf("the misuse attached the VMA: %v", p)
			}
			mapsAgain(t, mm, v)
		})
	}
	v := new(VMA)
	mustPanic(t, "vma: MarkAttached of a VMA that belongs to no MM", v.MarkAttached)
	if c := v.RefCount(); c != 0 {
		t.Fatalf("count %d after MarkAttached of a VMA that Map never made, want 0", c)
	}
}

// TestStrayEndReadUnmapped: EndRead of a VMA that Unmap has returned to its
// Cache drives its count below 0, and panics naming the misuse. The count
// is left saturated there, so the Cache leaks the object rather than hand
// it out: the next Map, of any MM that shares the Cache, gets another one
// and works, where it used to panic on the poisoned object.
func TestStrayEndReadUnmapped(t *testing.T) {
	for _, p := range []Placement{PlacementAcquire, PlacementRWSem} {
		t.Run(p.String(), func(t *testing.T) {
			mm, v := unmapped(p)
			want := "a release without a matching acquire"
			if debugChecks && p == PlacementRWSem {
				want = "release it with EndReadWith(PlacementRWSem)"
			}
			wantPanic(t, "EndRead", panicOf(v.EndRead), want)
			other := NewMM(mm.cache)
			var w *VMA
			if pan := panicOf(func() { w = mustMap(other, 0x1000, 0x2000, nil) }); pan != nil {
				t.Fatalf("Map after the misuse panicked: %v", pan)
			}
			if debugChecks && p == PlacementRWSem {
				// The debug check stops the misuse before the count.
				if w != v {
					t.Fatal("Map after a misuse that changed nothing did not hand out the object again")
				}
				return
			}
			if w == v {
				t.Fatal("Map handed out the object that the misuse saturated")
			}
			if v.RefCount() >= 0 {
				t.Fatalf("count %#x after the misuse, want saturated", v.RefCount())
			}
			if other.LockVMAWith(0x1800, p) != w {
				t.Fatal("LockVMA of the new VMA failed")
			}
			w.EndReadWith(p)
			other.Close()
		})
	}
}

// TestMarkAttachedOfAnAttachedVMA: MarkAttached of a VMA that is attached
// already (a second MarkAttached after Map, say) panics, naming the
// misuse, and leaves the count as it was, in each encoding, so that the
// VMA goes on working. Going on would corrupt the count: the fetch-add
// encoding's add would carry it out of its attached range, and the other
// encodings' store would erase the readers that the count holds.
func TestMarkAttachedOfAnAttachedVMA(t *testing.T) {
	for _, p := range cacheKinds {
		t.Run(p.String(), func(t *testing.T) {
			mm := NewMM(NewCacheFor(p))
			session(mm, func() {
				v, err := mm.Map(0x1000, 0x2000, nil)
				if err != nil {
					t.Fatal(err)
				}
				c := v.RefCount()
				wantPanic(t, "MarkAttached of an attached VMA", panicOf(v.MarkAttached), "only a detached VMA")
				if v.RefCount() != c {
					t.Fatalf("count %#x after the misuse, was %#x", v.RefCount(), c)
				}
			})
			v := lockWith(p)(mm, 0x1800)
			if v == nil {
				t.Fatal("the VMA no longer read-locks after the misuse")
			}
			v.EndReadWith(p)
			mm.Close()
		})
	}
}

// TestStartWriteBesideAnotherWriter: two goroutines of one write session
// that write-lock the same VMA at once are two writers, which the per-VMA
// lock does not serve. The second finds the first excluding readers and
// panics, naming the misuse, before it changes the count, so that the
// first still gets the VMA once its readers leave. A second writer that
// went on would add its exclusion on top of the first one's, and wait
// with it for a count that never comes.
func TestStartWriteBesideAnotherWriter(t *testing.T) {
	for _, p := range cacheKinds {
		t.Run(p.String(), func(t *testing.T) {
			mm := NewMM(NewCacheFor(p))
			v := mustMap(mm, 0x1000, 0x2000, nil)
			if lockWith(p)(mm, 0x1800) != v {
				t.Fatal("setup: the read lock failed")
			}
			asleep := make(chan struct{}, 1)
			mm.testHook = func(h hookPoint, _ *VMA) {
				if h == hookWriterSleep {
					signal(asleep)
				}
			}
			// The second writer's context is done already: were it to
			// wait, it would give up rather than hang the test.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			mm.MmapWriteLock()
			first := make(chan any, 1)
			go func() { first <- panicOf(v.StartWrite) }()
			<-asleep
			// The count, and an rw-semaphore VMA's semaphore.
			counts := func() [2]int32 {
				c := [2]int32{v.RefCount()}
				if v.rw != nil {
					c[1] = v.rw.count.LoadRelaxed()
				}
				return c
			}
			c := counts()
			wantPanic(t, "the second writer", panicOf(func() { _ = v.StartWriteContext(ctx) }), "two writers")
			if got := counts(); got != c {
				t.Fatalf("count and semaphore %#x after the second writer's panic, were %#x", got, c)
			}
			v.EndReadWith(p)
			if got := <-first; got != nil {
				t.Fatalf("the first writer panicked: %v", got)
			}
			if r := v.StartReadWith(mm, p); r != ReadBusy {
				t.Fatalf("StartReadWith of the VMA that the first writer locked = %v, want busy", r)
			}
			mm.MmapWriteUnlock()
			mm.Close()
		})
	}
}

// TestZeroMM: the zero MM, not made by NewMM, panics with a message that
// says so at each of its lookups and changes (made under its mmap lock,
// which works uncontended), where it dereferenced a nil tree or Cache, and
// leaves its lock unheld.
func TestZeroMM(t *testing.T) {
	const want = "an MM not made by NewMM"
	var mm MM
	noop := func(*VMA) {}
	for name, call := range map[string]func(){
		"FindVMA": func() { mm.FindVMA(0x1000) },
		"VMAs": func() {
			for range mm.VMAs() {
			}
		},
		"LockVMA":     func() { mm.LockVMA(0x1000) },
		"LockVMAWith": func() { mm.LockVMAWith(0x1000, PlacementFetchAdd) },
		"Fault":       func() { mm.Fault(0x1000, noop) },
		"FaultWith":   func() { mm.FaultWith(0x1000, PlacementRelaxed, noop) },
		"Map":         func() { session(&mm, func() { mm.Map(0x1000, 0x2000, nil) }) },
		"Unmap":       func() { session(&mm, func() { mm.Unmap(0x1000, 0x2000) }) },
		"Close":       mm.Close,
	} {
		wantPanic(t, name, panicWithin(t, name, call), want)
	}
	if r, seq := mm.lock.readers.Load(), mm.lockSeq.LoadRelaxed(); r != 0 || seq&1 != 0 {
		t.Errorf("the panics left the zero MM's lock held: readers %d, mm_lock_seq %d", r, seq)
	}
}

// TestZeroMMLockMet: the zero MM's mmap lock works uncontended, and where
// a reader and a writer meet it panics, saying that the MM was not made by
// NewMM, at each step that would otherwise wait on, or hand a token to, a
// channel that only NewMM makes, and so block for good.
func TestZeroMMLockMet(t *testing.T) {
	const want = "an MM not made by NewMM"
	step := func(name string, fn func()) { wantPanic(t, name, panicWithin(t, name, fn), want) }
	t.Run("writer behind a reader", func(t *testing.T) {
		var mm MM
		mm.MmapReadLock()
		step("MmapWriteLock", mm.MmapWriteLock)
		step("the reader's MmapReadUnlock", mm.MmapReadUnlock)
	})
	for _, end := range []string{"MmapWriteUnlock", "MmapWriteDowngrade"} {
		t.Run("reader behind a writer, then "+end, func(t *testing.T) {
			var mm MM
			mm.MmapWriteLock()
			step("MmapReadLock", mm.MmapReadLock)
			if end == "MmapWriteUnlock" {
				step(end, mm.MmapWriteUnlock)
			} else {
				step(end, mm.MmapWriteDowngrade)
			}
		})
	}
}
