package vma

import (
	"context"
	"errors"
	"testing"
)

// rwsemVMA returns an attached VMA of a fresh MM of an rw-semaphore Cache.
func rwsemVMA(t *testing.T) (*MM, *VMA) {
	t.Helper()
	mm := NewMM(NewRWSemCache())
	return mm, mustMap(mm, 0x1000, 0x2000, nil)
}

func TestRWSemRead(t *testing.T) {
	mm, v := rwsemVMA(t)
	if got := v.RefCount(); got != rwsemAttached {
		t.Fatalf("attached count %#x, want %#x", got, rwsemAttached)
	}
	if got := v.StartReadWith(mm, PlacementRWSem); got != ReadOK {
		t.Fatalf("StartReadWith = %v", got)
	}
	if got := v.StartReadWith(mm, PlacementRWSem); got != ReadOK {
		t.Fatalf("second StartReadWith = %v", got)
	}
	if n := v.rw.readers(); n != 2 {
		t.Fatalf("%d readers, want 2", n)
	}
	v.EndReadWith(PlacementRWSem)
	v.EndReadWith(PlacementRWSem)
	if n := v.rw.count.LoadRelaxed(); n != 0 {
		t.Fatalf("semaphore count %#x after both left", n)
	}
}

// TestRWSemCountPlacementsFallBack: the count-based read paths find every
// VMA of an rw-semaphore MM busy, so they can never bypass the semaphore.
func TestRWSemCountPlacementsFallBack(t *testing.T) {
	mm, v := rwsemVMA(t)
	for _, p := range countPlacements {
		if got := v.StartReadWith(mm, p); got != ReadBusy {
			t.Errorf("%v: StartReadWith = %v, want busy", p, got)
		}
		if mm.LockVMAWith(0x1800, p) != nil {
			t.Errorf("%v: LockVMAWith locked a VMA of an rw-semaphore MM", p)
		}
	}
	if v.RefCount() != rwsemAttached {
		t.Errorf("count changed to %#x", v.RefCount())
	}
}

func TestRWSemStates(t *testing.T) {
	t.Run("writer holds", func(t *testing.T) {
		mm, v := rwsemVMA(t)
		v.rw.count.StoreRelaxed(rwsemWriterLocked)
		if got := v.StartReadWith(mm, PlacementRWSem); got != ReadBusy {
			t.Errorf("StartReadWith = %v, want busy", got)
		}
	})
	t.Run("write-locked", func(t *testing.T) {
		mm, v := rwsemVMA(t)
		session(mm, func() {
			v.StartWrite()
			if got := v.StartReadWith(mm, PlacementRWSem); got != ReadBusy {
				t.Errorf("StartReadWith = %v, want busy", got)
			}
		})
		if got := v.rw.count.LoadRelaxed(); got != 0 {
			t.Errorf("semaphore count %#x after the session", got)
		}
	})
	t.Run("detached", func(t *testing.T) {
		mm := NewMM(NewRWSemCache())
		v := bareVMA(mm, 0)
		if got := v.StartReadWith(mm, PlacementRWSem); got != ReadDetached {
			t.Errorf("StartReadWith = %v, want detached", got)
		}
		if got := v.rw.count.LoadRelaxed(); got != 0 {
			t.Errorf("semaphore count %#x: the detached reader kept it", got)
		}
	})
	t.Run("wrong mm", func(t *testing.T) {
		_, v := rwsemVMA(t)
		other := NewMM(v.mm.cache)
		if got := v.StartReadWith(other, PlacementRWSem); got != ReadWrongMM {
			t.Errorf("StartReadWith = %v, want wrong-mm", got)
		}
		if got := v.rw.count.LoadRelaxed(); got != 0 {
			t.Errorf("semaphore count %#x", got)
		}
	})
	t.Run("reader overflow", func(t *testing.T) {
		mm, v := rwsemVMA(t)
		v.rw.count.StoreRelaxed(rwsemReadFail - rwsemReaderBias)
		if got := v.StartReadWith(mm, PlacementRWSem); got != ReadBusy {
			t.Errorf("StartReadWith = %v, want busy", got)
		}
	})
}

// TestRWSemWriterWaits: StartWrite and MarkDetached take the semaphore for
// write and so wait for its readers; a cancelled StartWriteContext leaves
// it as it was.
func TestRWSemWriterWaits(t *testing.T) {
	mm, v := rwsemVMA(t)
	if v.StartReadWith(mm, PlacementRWSem) != ReadOK {
		t.Fatal("read lock failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	sleepCounter(mm, func(*VMA) { cancel() })
	session(mm, func() {
		if err := v.StartWriteContext(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("StartWriteContext = %v", err)
		}
		if got := v.rw.count.LoadRelaxed(); got != rwsemReaderBias {
			t.Fatalf("semaphore count %#x after giving up, want one reader", got)
		}
	})
	sleeps := sleepCounter(mm, func(v *VMA) { v.EndReadWith(PlacementRWSem) })
	session(mm, func() {
		v.StartWrite()
		if *sleeps != 1 || !v.writeLocked() {
			t.Fatalf("StartWrite slept %d times, write-locked %v", *sleeps, v.writeLocked())
		}
	})
	sleeps = sleepCounter(mm, func(v *VMA) { v.EndReadWith(PlacementRWSem) })
	session(mm, func() {
		v.StartWrite()
		if v.StartReadWith(mm, PlacementRWSem) != ReadBusy {
			t.Fatal("read lock of a write-locked VMA")
		}
		v.rw.count.FetchAddRelaxed(rwsemReaderBias) // a reader between its try-lock and its checks
		v.MarkDetached()
		if *sleeps != 1 || v.RefCount() != 0 {
			t.Fatalf("MarkDetached slept %d times, count %#x", *sleeps, v.RefCount())
		}
	})
}

func TestRWSemPlacementNeedsRWSemCache(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	mustPanic(t, "NewRWSemCache", func() { v.StartReadWith(mm, PlacementRWSem) })
	mustPanic(t, "NewRWSemCache", func() { v.EndReadWith(PlacementRWSem) })
}

// TestRWSemLockedRead: under the mmap lock, StartReadLocked takes the
// semaphore for read, and Fault's fallback releases it.
func TestRWSemLockedRead(t *testing.T) {
	mm, v := rwsemVMA(t)
	mm.MmapReadLock()
	if !v.StartReadLocked() {
		t.Fatal("StartReadLocked failed")
	}
	mm.MmapReadUnlock()
	if v.rw.readers() != 1 {
		t.Fatalf("%d readers", v.rw.readers())
	}
	v.EndReadWith(PlacementRWSem)
	ran := mm.Fault(0x1800, func(got *VMA) {
		if got != v || v.rw.readers() != 1 {
			t.Errorf("fault ran on %p with %d readers", got, v.rw.readers())
		}
	})
	if !ran || v.rw.count.LoadRelaxed() != 0 {
		t.Fatalf("Fault ran %v, semaphore count %#x after", ran, v.rw.count.LoadRelaxed())
	}
}

// TestRWSemStrayEndRead: EndReadWith(PlacementRWSem) on a semaphore that
// no reader holds panics, naming the misuse, and leaves the count as it
// was, so that a read lock taken after it still keeps the writer out. A
// stray release while the writer waits for a reader does the same, and
// the writer gets in once the reader is gone.
func TestRWSemStrayEndRead(t *testing.T) {
	const misuse = "EndReadWith(PlacementRWSem) of a VMA whose per-VMA rw-semaphore no reader holds"
	mm, v := rwsemVMA(t)
	mustPanic(t, misuse, func() { v.EndReadWith(PlacementRWSem) })
	if got := v.rw.count.LoadRelaxed(); got != 0 {
		t.Fatalf("semaphore count %#x after the stray release, want 0", got)
	}
	if v.StartReadWith(mm, PlacementRWSem) != ReadOK {
		t.Fatal("read lock after the stray release failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	sleepCounter(mm, func(*VMA) { cancel() })
	session(mm, func() {
		if err := v.StartWriteContext(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("StartWriteContext with a reader in = %v, want context.Canceled", err)
		}
	})
	var stray any
	sleeps := sleepCounter(mm, func(v *VMA) {
		v.EndReadWith(PlacementRWSem)
		stray = panicOf(func() { v.EndReadWith(PlacementRWSem) })
	})
	panicWithin(t, "StartWrite", func() { session(mm, v.StartWrite) })
	wantPanic(t, "the stray release under the writer", stray, misuse)
	if *sleeps != 1 {
		t.Fatalf("the writer slept %d times, want 1", *sleeps)
	}
	if got := v.rw.count.LoadRelaxed(); got != 0 {
		t.Fatalf("semaphore count %#x after the writer, want 0", got)
	}
}

// TestStartReadLockedDetached: StartReadLocked of a VMA unmapped before,
// which waits in the Cache for the next Map, fails and leaves it unlocked
// whatever the Cache, so that the Map reusing it does not wait for a
// reader (in an rw-semaphore MM the semaphore took the read lock whatever
// the VMA's state). The vmadebug build panics instead.
func TestStartReadLockedDetached(t *testing.T) {
	for _, c := range []struct {
		name  string
		cache func() *Cache
	}{{"NewCache", NewCache}, {"NewFetchAddCache", NewFetchAddCache}, {"NewRWSemCache", NewRWSemCache}} {
		mm := NewMM(c.cache())
		v := mustMap(mm, 0x1000, 0x2000, nil)
		session(mm, func() {
			if err := mm.Unmap(0x1000, 0x2000); err != nil {
				t.Fatal(err)
			}
		})
		before := v.RefCount()
		mm.MmapReadLock()
		if debugChecks {
			// The debug build stops the call at the VMA's missing owner.
			mustPanic(t, "StartReadLocked of a VMA that belongs to no MM", func() { v.StartReadLocked() })
			mm.MmapReadUnlock()
			continue
		}
		ok := v.StartReadLocked()
		mm.MmapReadUnlock()
		if ok || v.RefCount() != before || (v.rw != nil && v.rw.readers() != 0) {
			t.Errorf("%s: StartReadLocked of a detached VMA = %v, count %#x (was %#x)", c.name, ok, v.RefCount(), before)
			continue
		}
		if again := mustMap(mm, 0x4000, 0x5000, nil); again != v {
			t.Errorf("%s: the next Map did not reuse the unmapped VMA", c.name)
		}
	}
}
