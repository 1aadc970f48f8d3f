//go:build vmasteps

package vma

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// The step tests stop the read path and the writer between two of their
// steps (the step hooks of the vmasteps build) and run the other side
// there, so that each step is shown in a fixed order, through StartRead,
// EndRead and StartWrite themselves. TestSteps runs them.

// onStep sets the step hook for the test.
func onStep(t *testing.T, fn func(hookPoint, *VMA)) {
	stepHookFunc = fn
	t.Cleanup(func() { stepHookFunc = nil })
}

// Step 1: a write-locked VMA fails before its count is touched, on the
// read path of every placement: the default one and the other orderings
// of its increment, the fetch-add reader, whose increment is undone only
// after it has raised the count for a moment, and the rw-semaphore reader,
// whose try would take the semaphore. A write-locked VMA is about to be
// changed or detached, and a reader that touched its count or semaphore
// anyway would only stand in the way of the writer that waits for them.
func TestStepReadEarlyCheck(t *testing.T) {
	for _, p := range slices.Concat(countPlacements, []Placement{PlacementRWSem, PlacementFetchAdd}) {
		t.Run(p.String(), func(t *testing.T) {
			mm := NewMM(NewCacheFor(p))
			v := mustMap(mm, 0x1000, 0x2000, nil)
			var incremented bool
			onStep(t, func(h hookPoint, _ *VMA) { incremented = incremented || h == hookReadChecked })
			session(mm, func() {
				v.StartWrite()
				if got := v.StartReadWith(mm, p); got != ReadBusy {
					t.Errorf("StartReadWith of a write-locked VMA = %v, want busy", got)
				}
			})
			if incremented {
				t.Error("StartReadWith went on past its early check on a write-locked VMA: step 1 did not stop it")
			}
		})
	}
}

// Step 2: a VMA detached between the early check and the increment fails
// as detached, and its count stays 0.
func TestStepReadIncrementDetached(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookReadChecked {
			mustUnmap(mm, 0x1000, 0x2000)
		}
	})
	if got := v.StartRead(mm); got != ReadDetached {
		t.Errorf("StartRead of a VMA detached after its early check = %v, want detached", got)
	}
	if got := v.RefCount(); got != 0 {
		t.Errorf("count = %d, want 0", got)
	}
}

// Step 3: a VMA recycled into another MM between the early check and the
// increment fails as wrong-mm, and the reference is dropped: by the default
// placement's release, and by the fetch-add placement's undo, each through
// the read lock that callers take.
func TestStepReadOwner(t *testing.T) {
	for _, p := range []Placement{PlacementAcquire, PlacementFetchAdd} {
		t.Run(p.String(), func(t *testing.T) {
			c := NewCacheFor(p)
			a, b := NewMM(c), NewMM(c)
			v := mustMap(a, 0x1000, 0x2000, nil)
			var idle int32
			onStep(t, func(h hookPoint, _ *VMA) {
				if h == hookReadChecked && v.mm == a {
					mustUnmap(a, 0x1000, 0x2000)
					if mustMap(b, 0x1000, 0x2000, nil) != v {
						t.Fatal("setup: B did not get the recycled object")
					}
					idle = v.RefCount()
				}
			})
			if got := v.StartReadWith(a, p); got != ReadWrongMM {
				t.Errorf("StartReadWith(A, %v) of a VMA recycled into B = %v, want wrong-mm", p, got)
			}
			if got := v.RefCount(); got != idle {
				t.Errorf("count = %#x, want %#x, B's idle count: the reference must be dropped", got, idle)
			}
		})
	}
}

// writeLockWhenChecked stops the next read lock of v after its early check
// (step 1) while a writer takes the mmap write lock, which it keeps until
// the test unlocks it, and write-locks v. The flag it returns reports
// whether that happened.
func writeLockWhenChecked(t *testing.T, mm *MM, v *VMA) *bool {
	locked := new(bool)
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookReadChecked && !*locked {
			*locked = true
			mm.MmapWriteLock()
			v.StartWrite()
		}
	})
	return locked
}

// Step 4: a writer that write-locks the VMA between the early check and
// the increment is caught by the recheck, in StartRead's own body.
func TestStepReadRecheck(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	locked := writeLockWhenChecked(t, mm, v)
	got := v.StartRead(mm)
	if !*locked {
		t.Fatal("the step hook did not run")
	}
	defer mm.MmapWriteUnlock()
	if got != ReadBusy {
		t.Errorf("StartRead of a VMA write-locked between its steps 1 and 2 = %v, want busy: step 4 missed the writer", got)
	}
	if got := v.RefCount(); got != 1 {
		t.Errorf("count = %d, want 1: the recheck must drop its reference", got)
	}
}

// EndRead copies the owner before its decrement: once the count drops,
// the writer may unmap the VMA and another MM may map the same object, and
// the release must still wake its own MM's writer, not the new owner's.
func TestStepEndReadCopiesOwnerFirst(t *testing.T) {
	c := NewCache()
	a, b := NewMM(c), NewMM(c)
	v := mustMap(a, 0x1000, 0x2000, nil)
	if a.LockVMA(0x1000) != v {
		t.Fatal("setup: LockVMA failed")
	}
	sleeping, aDone := make(chan struct{}, 1), make(chan struct{})
	a.testHook = func(h hookPoint, _ *VMA) {
		if h == hookWriterSleep {
			signal(sleeping)
		}
	}
	var wokeB atomic.Bool
	b.testHook = func(h hookPoint, _ *VMA) {
		if h == hookBeforeWake {
			wokeB.Store(true)
		}
	}
	recycled := false
	onStep(t, func(p hookPoint, _ *VMA) {
		if p != hookReleased || recycled {
			return
		}
		recycled = true
		a.writerWait.wake() // the wake-up the release is about to send
		<-aDone
		if mustMap(b, 0x5000, 0x6000, nil) != v {
			t.Error("setup: B did not get the recycled object")
		}
	})
	go func() {
		defer close(aDone)
		mustUnmap(a, 0x1000, 0x2000)
	}()
	<-sleeping
	v.EndRead()
	if !recycled {
		t.Fatal("the step hook did not run")
	}
	if wokeB.Load() {
		t.Error("the release woke B's writer: EndRead read the owner after its decrement, when the object was B's")
	}
	if got := a.wakesDone.Load(); got != 1 {
		t.Errorf("A's wake-ups done = %d, want 1: the release owes A its wake-up", got)
	}
}

// StartWrite stores vm_lock_seq (step 3) before it lets readers back in
// (step 4): a reader that comes the moment LockOffset is gone finds the VMA
// write-locked.
func TestStepWriteSeqBeforeReadmit(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	var got []ReadResult
	onStep(t, func(p hookPoint, w *VMA) {
		if p == hookReadmitted && w == v {
			r := v.StartRead(mm)
			if r == ReadOK {
				v.EndRead()
			}
			got = append(got, r)
		}
	})
	session(mm, func() { v.StartWrite() })
	if len(got) != 1 {
		t.Fatalf("the step hook ran %d times, want 1", len(got))
	}
	if got[0] != ReadBusy {
		t.Errorf("StartRead right after the writer let readers back in = %v, want busy: StartWrite readmitted readers before it stored vm_lock_seq", got[0])
	}
}

// A stray EndRead that finds LockOffset, the count that MarkDetached waits
// for, puts the count back and panics. The writer may have read the count
// one below meanwhile and gone to sleep: the stray release must wake it,
// or it sleeps for ever.
func TestStepStrayEndReadWakesWriter(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	decremented, asleep := make(chan struct{}), make(chan struct{})
	var stray atomic.Bool
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookReleased && stray.CompareAndSwap(true, false) {
			close(decremented)
			<-asleep
		}
	})
	strayPanic := make(chan any, 1)
	sleeps := 0
	mm.testHook = func(p hookPoint, v *VMA) {
		if p != hookWriterSleep {
			return
		}
		switch sleeps++; sleeps {
		case 1: // the reader leaves, and a stray release stops after its decrement
			v.EndRead()
			stray.Store(true)
			go func() { strayPanic <- panicOf(v.EndRead) }()
			<-decremented
		case 2: // the writer has read LockOffset-1 and is about to sleep
			close(asleep)
		}
	}
	panicWithin(t, "MarkDetached", func() {
		session(mm, func() {
			v.StartWrite()
			v.refcnt.FetchAddRelaxed(1) // a reader that passed the early check before StartWrite
			v.MarkDetached()
		})
	})
	wantPanic(t, "the stray EndRead", <-strayPanic, "count holds no read lock (LockOffset)")
	if sleeps != 2 {
		t.Fatalf("the writer slept %d times, want 2: the stray release did not stop where the test needs it", sleeps)
	}
	if got := v.RefCount(); got != 0 {
		t.Fatalf("count %#x after MarkDetached, want 0", got)
	}
}

// A stray EndReadWith(PlacementRWSem) takes the semaphore's count below
// zero before it puts it back: a reader that comes in between must fail as
// busy, not take the negative count for a free semaphore, which would let
// a writer in beside it.
func TestStepRWSemStrayReleaseWindow(t *testing.T) {
	mm := NewMM(NewRWSemCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	var got ReadResult
	var in bool
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookReleased && !in {
			in = true
			got = v.StartReadWith(mm, PlacementRWSem)
			if got == ReadOK {
				v.rw.count.FetchAddRelaxed(-rwsemReaderBias) // undo it quietly
			}
		}
	})
	p := panicOf(func() { v.EndReadWith(PlacementRWSem) })
	if p == nil {
		t.Fatal("the stray release did not panic")
	}
	if !in {
		t.Fatal("the step hook did not run")
	}
	if got != ReadBusy {
		t.Errorf("a reader between the stray release and its repair got %v, want busy", got)
	}
	if c := v.rw.count.LoadRelaxed(); c != 0 {
		t.Errorf("semaphore count %#x after the stray release, want 0", c)
	}
}

// A stray EndReadWith(PlacementRWSem) takes the semaphore's count below
// zero before it puts it back. A writer that reads the count in between
// goes to sleep: the stray release must wake it once the count is back,
// or it sleeps for ever.
func TestStepRWSemStrayReleaseWakesWriter(t *testing.T) {
	mm := NewMM(NewRWSemCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	decremented, asleep := make(chan struct{}), make(chan struct{})
	var stray atomic.Bool
	stray.Store(true)
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookReleased && stray.CompareAndSwap(true, false) {
			close(decremented)
			<-asleep
		}
	})
	sleeps := 0
	mm.testHook = func(p hookPoint, _ *VMA) {
		if p == hookWriterSleep {
			if sleeps++; sleeps == 1 { // the writer has read the count below zero
				close(asleep)
			}
		}
	}
	strayPanic := make(chan any, 1)
	go func() { strayPanic <- panicOf(func() { v.EndReadWith(PlacementRWSem) }) }()
	<-decremented
	if err := finishes(func() error { session(mm, v.StartWrite); return nil }); err != nil {
		t.Fatalf("StartWrite beside a stray release: %v", err)
	}
	wantPanic(t, "the stray EndReadWith", <-strayPanic, "no reader holds")
	if sleeps != 1 {
		t.Fatalf("the writer slept %d times, want 1", sleeps)
	}
	if c := v.rw.count.LoadRelaxed(); c != 0 {
		t.Fatalf("semaphore count %#x after the write session, want 0", c)
	}
	mm.Close()
}

// LockVMA rechecks the range once it holds the VMA: a writer that shrinks
// the VMA between the lookup and the increment leaves the reader holding
// a VMA that ends at the address it looked up, which it must release, not
// return.
func TestStepLockVMARechecksRange(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x3000, nil)
	resized := false
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookReadChecked && !resized {
			resized = true
			session(mm, func() {
				if err := mm.Resize(v, 0x1000, 0x2000); err != nil {
					t.Errorf("setup: Resize: %v", err)
				}
			})
		}
	})
	got := mm.LockVMA(0x2000)
	if !resized {
		t.Fatal("the step hook did not run")
	}
	if got != nil {
		got.EndRead()
		t.Errorf("LockVMA(0x2000) = [%#x, %#x) after the VMA shrank to end there, want nil: the range recheck let an address at the end through", got.Start(), got.End())
	}
	if c := v.RefCount(); c != 1 {
		t.Errorf("count = %d, want 1: the reference must be dropped", c)
	}
}

// A fetch-add reader that finds a writer in undoes its increment, and the
// undo wakes the writer if it leaves the count at the writer's target: the
// writer may have read the count with the reader's increment in and gone
// to sleep, after the last reader that kept its increment had left.
func TestStepFetchAddUndoWakesWriter(t *testing.T) {
	mm := NewMM(NewFetchAddCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadOK {
		t.Fatalf("setup: StartReadWith = %v", got)
	}
	asleep := make(chan struct{}, 1)
	mm.testHook = func(p hookPoint, _ *VMA) {
		if p == hookWriterSleep {
			signal(asleep)
		}
	}
	undone := false
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookUndoing && !undone {
			undone = true
			v.EndReadWith(PlacementFetchAdd) // the last reader leaves; the transient one is still in
		}
	})
	written := make(chan struct{})
	go func() {
		defer close(written)
		session(mm, func() { v.StartWrite() })
	}()
	<-asleep
	if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadBusy {
		t.Errorf("StartReadWith beside a writer = %v, want busy", got)
	}
	if !undone {
		t.Fatal("the step hook did not run")
	}
	select {
	case <-written:
	case <-time.After(time.Minute):
		t.Fatal("the writer still sleeps a minute after the undo left the count at its target: the undo did not wake it")
	}
}

// Between StartReadWith(PlacementRWSem)'s early check and its try of the
// semaphore, a writer may take the semaphore, store vm_lock_seq and let
// the semaphore go again (vma_start_write before 6.15). The reader then
// gets the semaphore: its own check of vm_lock_seq under it must find the
// writer, fail as busy and let the semaphore go, so that the VMA
// read-locks again, and a writer gets in, once the write session ends.
func TestStepRWSemRecheck(t *testing.T) {
	mm := NewMM(NewRWSemCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	locked := writeLockWhenChecked(t, mm, v)
	got := v.StartReadWith(mm, PlacementRWSem)
	if !*locked {
		t.Fatal("the step hook did not run")
	}
	if got != ReadBusy {
		t.Fatalf("StartReadWith(PlacementRWSem) of a VMA write-locked between its early check and the semaphore = %v, want busy", got)
	}
	if c := v.rw.count.LoadRelaxed(); c != 0 {
		t.Fatalf("semaphore count %#x after the busy read lock, want 0: the reader kept the semaphore", c)
	}
	mm.MmapWriteUnlock()
	if err := finishes(func() error {
		if r := v.StartReadWith(mm, PlacementRWSem); r != ReadOK {
			t.Errorf("StartReadWith(PlacementRWSem) after the write session = %v, want ok", r)
			return nil
		}
		v.EndReadWith(PlacementRWSem)
		session(mm, v.StartWrite)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
