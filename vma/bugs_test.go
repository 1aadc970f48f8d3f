package vma

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// The regression tests of the bugs found in the protocol after it was
// merged (numbered as in the specification). Each forces its race in a
// fixed order, with hooks between the steps, and runs twice: on the
// package's code, where it must pass, and on a variant with the bug put
// back, where it must fail.

func regression(t *testing.T, fixed, broken func() error) {
	t.Helper()
	if err := fixed(); err != nil {
		t.Errorf("the package's code: %v", err)
	}
	if err := broken(); err == nil {
		t.Errorf("the variant with the bug passed too: this test would not catch the bug")
	} else {
		t.Logf("the variant with the bug fails as it should: %v", err)
	}
}

// signal sends on c without blocking: a hook may fire again after a
// spurious wake-up.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// detachedInSnapshot publishes a snapshot in which [0x1000, 0x2000) is a
// VMA that was detached after the snapshot was made, as a reader finds it
// when the writer's new snapshot is not out yet; the hook publishes that
// new snapshot, holding w, when LockVMA retries. It returns w and the
// detached VMA.
func detachedInSnapshot(mm *MM, onRetry func(retries int) error) (w, gone *VMA) {
	w = mustMap(mm, 0x1000, 0x2000, nil)
	fresh := mm.snap.Load()
	gone = bareVMA(mm, 0)
	mm.snap.Store(&snapshot{entries: []entry{{0x1000, 0x2000, gone}}})
	retries := 0
	mm.testHook = func(h hookPoint, _ *VMA) {
		if h == hookDetachedRetry {
			retries++
			if err := onRetry(retries); err != nil {
				panic(err)
			}
			mm.snap.Store(fresh)
		}
	}
	return w, gone
}

// Bug 1: the detached failure came back as an error pointer that one path
// released as if it were a VMA. Here: a caller that releases the VMA after
// StartRead failed with ReadDetached.
func TestBug1DetachedIsNotReleased(t *testing.T) {
	scenario := func(lock func(*MM, uint64) *VMA) (err error) {
		defer catch(&err)
		mm := NewMM(NewCache())
		w, gone := detachedInSnapshot(mm, func(int) error { return nil })
		got := lock(mm, 0x1800)
		if got != w {
			return fmt.Errorf("lock returned %p, want the VMA that replaced the detached one", got)
		}
		got.EndRead()
		if c := gone.RefCount(); c != 0 {
			return fmt.Errorf("the detached VMA has count %#x: its failed StartRead was released", c)
		}
		return nil
	}
	regression(t,
		func() error { return scenario((*MM).LockVMA) },
		func() error { return scenario(bugs{releaseDetached: true}.lockVMA) })
}

// Bug 2, CVE-2025-38554: a reader that took a reference on a VMA recycled
// into another MM released it, which let that MM's writer finish and the
// MM be freed, and then woke that freed MM's writer. StartRead must find
// the other owner and release the VMA in a way that cannot touch that MM
// once it is freed: here, Close waits for the release's wake-up.
func TestBug2ForeignReleaseBeforeFree(t *testing.T) {
	scenario := func(closeMM func(*MM)) error {
		c := NewCache()
		a, b := NewMM(c), NewMM(c)
		v := mustMap(b, 0x1000, 0x2000, nil) // recycled into B; a reader of A still holds it
		if v.lockSeq.LoadRelaxed() == a.lockSeq.LoadRelaxed() {
			return errors.New("setup: the reader's early check fails")
		}
		if _, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok {
			return errors.New("setup: the reader's increment failed")
		}
		// B's writer closes B, and has to wait for the reader of A.
		return closeDuringRelease(b, nil, func() error {
			if r := v.afterIncrement(a); r != ReadWrongMM {
				return fmt.Errorf("the reader of A got %v on B's VMA, want wrong-mm", r)
			}
			return nil
		}, closeMM)
	}
	regression(t,
		func() error { return scenario((*MM).Close) },
		func() error { return scenario(closeWithoutDrain) })
}

// Bug 2, the other half of the fix: EndRead copies vm_mm before its
// decrement. Read after it, vm_mm may already name the MM the VMA was
// recycled into, and the wake-up goes there.
func TestBug2EndReadCopiesOwnerFirst(t *testing.T) {
	scenario := func(release func(v *VMA, step func())) (err error) {
		defer catch(&err)
		c := NewCache()
		a, b := NewMM(c), NewMM(c)
		v := mustMap(a, 0x1000, 0x2000, nil)
		if a.LockVMA(0x1000) != v {
			return errors.New("setup: LockVMA failed")
		}
		sleeping, aDone := make(chan struct{}, 1), make(chan struct{})
		var stepped, touchedB atomic.Bool
		// step runs between the reader's decrement and its wake-up: A's
		// writer finishes unmapping v, and B maps it again.
		step := func() {
			if stepped.Swap(true) {
				return
			}
			a.writerWait.wake()
			<-aDone
			if w := mustMap(b, 0x5000, 0x6000, nil); w != v {
				panic("setup: B did not get the recycled object")
			}
		}
		a.testHook = func(h hookPoint, _ *VMA) {
			switch h {
			case hookWriterSleep:
				signal(sleeping)
			case hookBeforeWake:
				step()
			}
		}
		b.testHook = func(h hookPoint, _ *VMA) {
			if h == hookBeforeWake {
				touchedB.Store(true)
			}
		}
		go func() {
			defer close(aDone)
			mustUnmap(a, 0x1000, 0x2000)
		}()
		<-sleeping
		release(v, step)
		if !stepped.Load() {
			return errors.New("the release never came to wake A's writer")
		}
		if touchedB.Load() {
			return errors.New("the reader of A woke B's writer: it read vm_mm after its decrement, when the VMA was B's")
		}
		return nil
	}
	lateCopy := func(v *VMA, step func()) {
		old, _ := v.refcnt.DecAndTest()
		step()
		if writerOnly(old - 1) {
			v.mm.wakeWriter()
		}
	}
	regression(t,
		func() error { return scenario(func(v *VMA, _ func()) { v.EndRead() }) },
		func() error { return scenario(lateCopy) })
}

// Bug 3: after a detached failure the retry went on from iterator state
// that pointed into the old tree. The retry must search a fresh snapshot.
func TestBug3RetryFromFreshSnapshot(t *testing.T) {
	scenario := func(lock func(*MM, uint64) *VMA) (err error) {
		defer catch(&err)
		mm := NewMM(NewCache())
		w, _ := detachedInSnapshot(mm, func(retries int) error {
			if retries > 1 {
				return errors.New("the retry found the detached VMA again: it searched the snapshot it had before the failure")
			}
			return nil
		})
		if got := lock(mm, 0x1800); got != w {
			return fmt.Errorf("lock returned %p, want %p", got, w)
		}
		w.EndRead()
		return nil
	}
	regression(t,
		func() error { return scenario((*MM).LockVMA) },
		func() error { return scenario(bugs{reuseSnapshot: true}.lockVMA) })
}

// Bug 4: a killable writer that gave up left LockOffset in the count, and
// every reader after it failed.
func TestBug4CancelledWriterRestoresCount(t *testing.T) {
	scenario := func(startWrite func(*VMA, context.Context) error) (err error) {
		defer catch(&err)
		mm := NewMM(NewCache())
		v := mustMap(mm, 0x1000, 0x2000, nil)
		if mm.LockVMA(0x1000) != v {
			return errors.New("setup: LockVMA failed")
		}
		ctx, cancel := context.WithCancel(context.Background())
		mm.testHook = func(h hookPoint, _ *VMA) {
			if h == hookWriterSleep {
				cancel() // the fatal signal arrives while the writer waits
			}
		}
		mm.MmapWriteLock()
		if err := startWrite(v, ctx); !errors.Is(err, context.Canceled) {
			return fmt.Errorf("the writer returned %v, want context.Canceled", err)
		}
		found := v.RefCount()
		v.EndRead()
		mm.MmapWriteUnlock()
		if found != 2 {
			return fmt.Errorf("the writer gave up and left count %#x, not the 2 it found", found)
		}
		if r := v.StartRead(mm); r != ReadOK {
			return fmt.Errorf("a reader after the writer gave up got %v", r)
		}
		v.EndRead()
		return nil
	}
	leavesOffset := func(v *VMA, ctx context.Context) error {
		seq := v.mm.writeHeldSeq("test")
		if _, ok := v.excludeReaders(); ok && !v.mm.writerWait.waitFor(&v.refcnt, LockOffset+1, ctx.Done(), v.mm.sleepHook(v)) {
			return ctx.Err() // gives up with LockOffset still in the count
		}
		v.lockSeq.StoreRelaxed(seq)
		v.readmitReaders()
		return nil
	}
	regression(t,
		func() error { return scenario((*VMA).StartWriteContext) },
		func() error { return scenario(leavesOffset) })
}

// Bug 5: readers can raise the count of a VMA that a writer is detaching
// (they passed the early check before its write lock). Detach must wait
// for them before the object is reused.
func TestBug5DetachWaitsForTransientReaders(t *testing.T) {
	scenario := func(detach func(*VMA)) (err error) {
		defer catch(&err)
		mm := NewMM(NewCache())
		v := mustMap(mm, 0x1000, 0x2000, nil)
		if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
			return errors.New("setup: the reader's early check fails")
		}
		mm.MmapWriteLock()
		defer mm.MmapWriteUnlock()
		v.StartWrite()
		if _, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok { // the transient reader
			return errors.New("setup: the reader's increment failed")
		}
		sleeping, done := make(chan struct{}, 1), make(chan int32, 1)
		mm.testHook = func(h hookPoint, _ *VMA) {
			if h == hookWriterSleep {
				signal(sleeping)
			}
		}
		go func() {
			detach(v)
			done <- v.RefCount()
		}()
		select {
		case c := <-done:
			v.afterIncrement(mm)
			return fmt.Errorf("detach returned with a reader still inside (count %d): the object could be reused under it", c)
		case <-sleeping:
		}
		if r := v.afterIncrement(mm); r != ReadBusy {
			return fmt.Errorf("the transient reader got %v, want busy", r)
		}
		if c := <-done; c != 0 {
			return fmt.Errorf("count %d after detach", c)
		}
		return nil
	}
	regression(t,
		func() error { return scenario((*VMA).MarkDetached) },
		func() error { return scenario(func(v *VMA) { v.refcnt.DecAndTest() }) })
}

// Bug 6: a duplicated VMA that copied the count looked attached to stale
// readers before it was. A stale reader holding the recycled object must
// find the duplicate detached until MarkAttached.
func TestBug6DuplicateStartsDetached(t *testing.T) {
	scenario := func(copyCount bool) (err error) {
		defer catch(&err)
		c := NewCache()
		a, b := NewMM(c), NewMM(c)
		x := mustMap(b, 0x1000, 0x2000, nil) // a reader of B finds x...
		v := mustMap(a, 0x4000, 0x6000, nil)
		mustUnmap(b, 0x1000, 0x2000) // ...and B unmaps it: x is the next object Split takes
		stale := ReadResult(255)
		a.testHook = func(h hookPoint, n *VMA) {
			if h == hookBeforeAttach && n == x {
				if copyCount {
					n.refcnt.StoreRelaxed(v.refcnt.LoadRelaxed())
				}
				stale = x.StartRead(b)
			}
		}
		var splitErr error
		func() {
			defer catch(&splitErr)
			session(a, func() { _, splitErr = a.Split(v, 0x5000) })
		}()
		if stale != ReadDetached {
			return fmt.Errorf("a stale reader of the duplicate before its attach got %v, want detached", stale)
		}
		return splitErr
	}
	regression(t,
		func() error { return scenario(false) },
		func() error { return scenario(true) })
}

// Bug 7: an attach without release ordering let a stale reader take a
// reference and then see the fields before their initialising stores. The
// hardware half of it (a relaxed store instead of the release) cannot be
// observed on amd64, whose stores are ordered, nor under qemu, which runs
// on x86; it belongs to the disassembly and memory-model checks. This test
// holds the program-order half: every initialising store is made before
// the count leaves 0, so a stale reader fails as detached until then, and
// afterwards sees the new owner, range and payload.
func TestBug7AttachAfterInitialisation(t *testing.T) {
	scenario := func(attachEarly bool) (err error) {
		defer catch(&err)
		c := NewCache()
		a, b := NewMM(c), NewMM(c)
		x := mustMap(b, 0x1000, 0x2000, "old") // a reader of B holds x
		mustUnmap(b, 0x1000, 0x2000)
		var stale []ReadResult
		a.testHook = func(h hookPoint, n *VMA) {
			if n != x || (h != hookAllocated && h != hookBeforeAttach) {
				return
			}
			if h == hookAllocated && attachEarly {
				x.refcnt.StoreRelease(1)
			}
			defer func() {
				if p := recover(); p != nil {
					panic(fmt.Sprintf("a stale reader took a reference on the object before its fields were initialised, and crashed on them: %v", p))
				}
			}()
			stale = append(stale, x.StartRead(b))
		}
		if w := mustMap(a, 0x4000, 0x5000, "new"); w != x {
			return errors.New("setup: A did not get the recycled object")
		}
		for i, r := range stale {
			if r != ReadDetached {
				return fmt.Errorf("stale reader %d before the attach got %v, want detached", i, r)
			}
		}
		if r := x.StartRead(b); r != ReadWrongMM {
			return fmt.Errorf("stale reader of B after the attach got %v, want wrong-mm", r)
		}
		if r := x.StartRead(a); r != ReadOK {
			return fmt.Errorf("reader of A got %v", r)
		}
		defer x.EndRead()
		if x.Data != "new" || x.start != 0x4000 || x.end != 0x5000 {
			return fmt.Errorf("reader of A sees data %v, range [%#x, %#x)", x.Data, x.start, x.end)
		}
		return nil
	}
	regression(t,
		func() error { return scenario(false) },
		func() error { return scenario(true) })
}

// Bug 8: at RefLimit readers the increment must fail cleanly: not wrap,
// not saturate, not carry the count into LockOffset, where it would look
// like a writer.
func TestBug8IncrementFailsAtLimit(t *testing.T) {
	scenario := func(startRead func(*VMA, *MM) ReadResult) (err error) {
		defer catch(&err)
		mm := NewMM(NewCache())
		v := bareVMA(mm, RefLimit-1)
		if r := startRead(v, mm); r != ReadOK {
			return fmt.Errorf("the reader that reaches RefLimit got %v", r)
		}
		if r := startRead(v, mm); r != ReadBusy || v.RefCount() != RefLimit {
			return fmt.Errorf("the reader past RefLimit got %v and left count %#x, want busy and %#x", r, v.RefCount(), RefLimit)
		}
		mm.MmapReadLock()
		ok := v.StartReadLocked()
		mm.MmapReadUnlock()
		if ok || v.RefCount() != RefLimit {
			return fmt.Errorf("StartReadLocked past RefLimit succeeded: %v, count %#x", ok, v.RefCount())
		}
		v.EndRead()
		if v.RefCount() != RefLimit-1 {
			return fmt.Errorf("count %#x after a release", v.RefCount())
		}
		return nil
	}
	for _, p := range countPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(func(v *VMA, mm *MM) ReadResult { return v.StartReadWith(mm, p) }) },
				func() error { return scenario(bugs{noLimit: true}.startRead) })
		})
	}
}
