//go:build vmasteps

package vma

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// The misuse that races: two calls that each pass the misuse check before
// either changes the lock. The step hooks stop the first between its check
// and its change, let the second finish, and resume the first, which must
// still tell the misuse and leave the lock as the second left it.

// pauseOnce returns a step hook that stops the first goroutine to reach at
// until resume is closed, and closes paused when it has stopped. Later
// calls pass through.
func pauseOnce(at hookPoint) (hook func(hookPoint, *VMA), paused, resume chan struct{}) {
	paused, resume = make(chan struct{}), make(chan struct{})
	var done atomic.Bool
	hook = func(p hookPoint, _ *VMA) {
		if p == at && done.CompareAndSwap(false, true) {
			close(paused)
			<-resume
		}
	}
	return hook, paused, resume
}

// Two MmapReadUnlocks of one read lock, both past the check: the second
// to add finds the lock already free, panics, and puts back what it took.
// Left at -1, the count would read as a writer waiting for a reader that
// never leaves, and the next MmapWriteLock would wait for ever.
func TestStepMmapReadUnlockTwice(t *testing.T) {
	mm := NewMM(NewCache())
	mm.MmapReadLock()
	hook, paused, resume := pauseOnce(hookReadUnlockChecked)
	onStep(t, hook)
	late := make(chan any, 1)
	go func() { late <- panicOf(mm.MmapReadUnlock) }()
	<-paused
	mm.MmapReadUnlock()
	close(resume)
	wantPanic(t, "the second MmapReadUnlock", <-late, "not held for read")
	if r := mm.lock.readers.Load(); r != 0 {
		t.Fatalf("mmap lock reader count %d after the second unlock's panic, want 0", r)
	}
	err := finishes(func() error {
		mm.MmapWriteLock()
		mm.MmapWriteUnlock()
		mm.MmapReadLock()
		mm.MmapReadUnlock()
		return nil
	})
	if err != nil {
		t.Fatalf("the mmap lock after the second unlock's panic: %v", err)
	}
	mm.Close()
}

// Two writers of one per-VMA rw-semaphore, both past the check for a
// writer: the second to set the writer bit finds it set, panics, and takes
// back its add, whose carry went into the reader count. The first writer
// still waits for the reader, and gets the semaphore when it leaves.
func TestStepRWSemSecondWriterRaces(t *testing.T) {
	mm := NewMM(NewRWSemCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	if mm.LockVMAWith(0x1800, PlacementRWSem) != v {
		t.Fatal("setup: the read lock failed")
	}
	hook, paused, resume := pauseOnce(hookRWSemWriterChecked)
	onStep(t, hook)
	asleep := make(chan struct{}, 1)
	mm.testHook = func(h hookPoint, _ *VMA) {
		if h == hookWriterSleep {
			signal(asleep)
		}
	}
	mm.MmapWriteLock()
	late := make(chan any, 1)
	go func() { late <- panicOf(v.StartWrite) }()
	<-paused
	first := make(chan any, 1)
	go func() { first <- panicOf(v.StartWrite) }()
	<-asleep
	const held = rwsemWriterLocked + rwsemReaderBias // the first writer, waiting for the reader
	if c := v.rw.count.LoadRelaxed(); c != held {
		t.Fatalf("setup: semaphore count %#x with the first writer asleep, want %#x", c, held)
	}
	close(resume)
	err := finishes(func() error {
		p := <-late
		if p == nil || !strings.Contains(fmt.Sprint(p), "two writers") {
			return fmt.Errorf("the second writer returned %v, want a panic naming two writers", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := v.rw.count.LoadRelaxed(); c != held {
		t.Fatalf("semaphore count %#x after the second writer's panic, want %#x as the first writer left it", c, held)
	}
	v.EndReadWith(PlacementRWSem)
	err = finishes(func() error {
		if p := <-first; p != nil {
			return fmt.Errorf("the first writer panicked: %v", p)
		}
		if r := v.StartReadWith(mm, PlacementRWSem); r != ReadBusy {
			return fmt.Errorf("StartReadWith of the VMA that the first writer locked = %v, want busy", r)
		}
		mm.MmapWriteUnlock()
		if r := v.StartReadWith(mm, PlacementRWSem); r != ReadOK {
			return fmt.Errorf("StartReadWith after the session = %v, want ok", r)
		}
		v.EndReadWith(PlacementRWSem)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := v.rw.count.LoadRelaxed(); c != 0 {
		t.Fatalf("semaphore count %#x after the session, want 0", c)
	}
	mm.Close()
}
