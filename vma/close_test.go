package vma

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// closeDuringRelease closes owner while a reader releases one of its VMAs,
// in the order that lets Close finish first if it does not wait: the
// release is stopped between its decrement and its wake-up, and goes on
// only once Close has returned or is waiting for it. The reader holds its
// reference when closeDuringRelease is called, or takes it in enter, which
// runs in Close once the VMAs are write-locked and before they are
// detached. release drops it once the writer sleeps. closeMM is Close or a
// variant. A release that touched the MM after it was freed panics, and
// the panic comes back as the error.
func closeDuringRelease(owner *MM, enter func(), release func() error, closeMM func(*MM)) (err error) {
	defer catch(&err)
	sleeping, waiting, closed := make(chan struct{}, 1), make(chan struct{}, 1), make(chan struct{})
	owner.testHook = func(h hookPoint, _ *VMA) {
		switch h {
		case hookBeforeDetach:
			if enter != nil {
				enter()
			}
		case hookWriterSleep:
			signal(sleeping)
		case hookBeforeWake:
			// The decrement is done and the wake-up not yet: let the
			// writer go on, to the end of Close or to its wait.
			owner.writerWait.wake()
			select {
			case <-waiting:
			case <-closed:
			}
		case hookDraining:
			signal(waiting)
		}
	}
	go func() {
		defer close(closed)
		closeMM(owner)
	}()
	<-sleeping
	if err := release(); err != nil {
		return err
	}
	<-closed
	if !owner.freed.Load() {
		return errors.New("the MM is not freed after Close returned")
	}
	return nil
}

// TestCloseWaitsForReleases: a reader of an MM releases its VMA while the
// MM is being closed. Its decrement lets Close detach the VMA; Close must
// then wait for the release's wake-up before it frees the MM, or the
// wake-up touches a freed MM. The reader either held a read lock, or had
// just taken a transient reference and found the VMA write-locked.
func TestCloseWaitsForReleases(t *testing.T) {
	t.Run("read lock", func(t *testing.T) {
		scenario := func(closeMM func(*MM)) error {
			mm := NewMM(NewCache())
			v := mustMap(mm, 0x1000, 0x2000, nil)
			if mm.LockVMA(0x1000) != v {
				return errors.New("setup: LockVMA failed")
			}
			return closeDuringRelease(mm, nil, func() error {
				v.EndRead()
				return nil
			}, closeMM)
		}
		regression(t,
			func() error { return scenario((*MM).Close) },
			func() error { return scenario(closeWithoutDrain) })
	})
	t.Run("transient reference", func(t *testing.T) {
		scenario := func(closeMM func(*MM)) error {
			mm := NewMM(NewCache())
			v := mustMap(mm, 0x1000, 0x2000, nil)
			if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
				return errors.New("setup: the reader's early check fails")
			}
			increment := func() { // a reader that passed the early check before Close locked v
				if _, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok {
					panic("setup: the reader's increment failed")
				}
			}
			return closeDuringRelease(mm, increment, func() error {
				if r := v.afterIncrement(mm); r != ReadBusy {
					return fmt.Errorf("the reader got %v on a VMA being unmapped, want busy", r)
				}
				return nil
			}, closeMM)
		}
		regression(t,
			func() error { return scenario((*MM).Close) },
			func() error { return scenario(closeWithoutDrain) })
	})
}

// TestCloseAfterCancelledWriter: a killable writer that gave up owes a
// wake-up only if the last reader left, and woke it, before it took
// LockOffset out again. Counting one that never comes would make Close
// wait forever; missing one would let Close return before it is done.
func TestCloseAfterCancelledWriter(t *testing.T) {
	for _, leaves := range []bool{false, true} {
		mm := NewMM(NewCache())
		v := mustMap(mm, 0x1000, 0x2000, nil)
		if mm.LockVMA(0x1000) != v {
			t.Fatal("setup: LockVMA failed")
		}
		ctx, cancel := context.WithCancel(context.Background())
		sleepCounter(mm, func(*VMA) {
			cancel()
			if leaves {
				v.EndRead()                 // LockOffset+1: it wakes the writer...
				pendingWake(&mm.writerWait) // ...which sees only the cancellation
			}
		})
		session(mm, func() {
			if err := v.StartWriteContext(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("reader leaves %v: StartWriteContext = %v, want context.Canceled", leaves, err)
			}
		})
		if !leaves {
			v.EndRead()
		}
		want := uint64(0)
		if leaves {
			want = 1
		}
		if owed, done := mm.wakesOwed, mm.wakesDone.Load(); owed != want || done != want {
			t.Fatalf("reader leaves %v: %d wake-ups owed, %d done; want %d of each", leaves, owed, done, want)
		}
		mm.Close()
	}
}

// TestStalePointerAfterClose: Close ends the MM, not the objects it held.
// They are back in the Cache, and a pointer that a reader kept is a stale
// pointer like any other: StartRead with a live MM fails on it while it is
// free, locks it once that MM maps it, and fails as wrong-MM for a third.
func TestStalePointerAfterClose(t *testing.T) {
	c := NewCache()
	a, b, other := NewMM(c), NewMM(c), NewMM(c)
	x := mustMap(a, 0x1000, 0x2000, nil)
	a.Close()
	if r := x.StartRead(b); r != ReadDetached {
		t.Fatalf("StartRead(b) on an object of the closed MM = %v, want detached", r)
	}
	if w := mustMap(b, 0x5000, 0x6000, nil); w != x {
		t.Fatal("setup: b did not get the object back from the Cache")
	}
	if r := x.StartRead(b); r != ReadOK {
		t.Fatalf("StartRead(b) once b mapped the object = %v, want ok", r)
	}
	x.EndRead()
	if r := x.StartRead(other); r != ReadWrongMM {
		t.Fatalf("StartRead of a third MM = %v, want wrong-mm", r)
	}
	if got := b.LockVMA(0x5000); got != x {
		t.Fatalf("b.LockVMA = %p, want the recycled object %p", got, x)
	}
	x.EndRead()
	b.Close()
	other.Close()
}

// TestWakeCountedAfterWake: a release counts its wake-up done only after
// it has woken the writer, since the count is what lets Close return and
// free the MM: a wake-up counted first could touch a freed MM.
func TestWakeCountedAfterWake(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	if mm.LockVMA(0x1000) != v {
		t.Fatal("setup: LockVMA failed")
	}
	counted := int64(-1)
	mm.testHook = func(h hookPoint, v *VMA) {
		switch h {
		case hookWriterSleep:
			v.EndRead()
		case hookWoken:
			counted = int64(mm.wakesDone.Load())
		}
	}
	session(mm, func() { v.StartWrite() })
	if counted != 0 {
		t.Fatalf("wake-ups counted done when the release had just woken the writer: %d, want 0", counted)
	}
	if got := mm.wakesDone.Load(); got != 1 {
		t.Fatalf("wake-ups counted done after the release: %d, want 1", got)
	}
}

// TestCloseAfterWriterWaitedForSeveralReaders: a writer that waited for
// several readers owes a wake-up only for the release that left it alone,
// not for those that left another reader in, which wake nobody; Close
// waits for exactly the wake-ups owed, so it returns.
func TestCloseAfterWriterWaitedForSeveralReaders(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	for range 3 {
		if mm.LockVMA(0x1000) != v {
			t.Fatal("setup: LockVMA failed")
		}
	}
	sleepCounter(mm, func(*VMA) {
		for range 3 {
			v.EndRead() // LockOffset+3 down to LockOffset+1: only the last wakes the writer
		}
	})
	session(mm, func() { v.StartWrite() })
	if owed, done := mm.wakesOwed, mm.wakesDone.Load(); owed != 1 || done != 1 {
		t.Fatalf("%d wake-ups owed, %d done; want 1 of each", owed, done)
	}
	if err := finishes(func() error { mm.Close(); return nil }); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// TestCloseTwice: Close of an MM that is closed already panics, naming the
// misuse, and leaves the mmap lock free.
func TestCloseTwice(t *testing.T) {
	mm := NewMM(NewCache())
	mustMap(mm, 0x1000, 0x2000, nil)
	mm.Close()
	mustPanic(t, "Close on a closed MM", mm.Close)
	mm.MmapReadLock() // the panic released the write lock
	mm.MmapReadUnlock()
}
