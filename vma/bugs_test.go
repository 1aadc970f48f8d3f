package vma

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// The regression tests of the bugs found in the protocol after it was
// merged (numbered as in the specification). Each forces its race in a
// fixed order, with hooks between the steps, and runs twice: on the
// package's code, where it must pass, and on a variant with the bug put
// back, where it must fail. Each runs on the default read path and on
// PlacementFetchAdd (bugPlacements), whose count has its own encoding and
// whose releases wake the VMA's own writer wait: there the bug is put back
// in the fetch-add form it would take.

func regression(t *testing.T, fixed, broken func() error) {
	t.Helper()
	if err := finishes(fixed); err != nil {
		t.Errorf("the package's code: %v", err)
	}
	if err := finishes(broken); err == nil {
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
// new snapshot, holding w, when LockVMA retries. mm's Cache is made by
// NewCacheFor(p). It returns w and the detached VMA.
func detachedInSnapshot(mm *MM, p Placement, onRetry func(retries int) error) (w, gone *VMA) {
	w = mustMap(mm, 0x1000, 0x2000, nil)
	fresh := mm.snap.Load()
	gone = bareVMA(mm, detachedRefCount(p))
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
//
// With PlacementFetchAdd the failed reader undid its own increment, and
// a release on top of that is a release without a read lock.
func TestBug1DetachedIsNotReleased(t *testing.T) {
	scenario := func(p Placement, lock func(*MM, uint64) *VMA) (err error) {
		defer catch(&err)
		mm := NewMM(NewCacheFor(p))
		w, gone := detachedInSnapshot(mm, p, func(int) error { return nil })
		got := lock(mm, 0x1800)
		if got != w {
			return fmt.Errorf("lock returned %p, want the VMA that replaced the detached one", got)
		}
		got.EndReadWith(p)
		if c := gone.RefCount(); c != detachedRefCount(p) {
			return fmt.Errorf("the detached VMA has count %#x: its failed StartRead was released", c)
		}
		return nil
	}
	for _, p := range bugPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, lockWith(p)) },
				func() error { return scenario(p, bugs{releaseDetached: true}.lockVMAWith(p)) })
		})
	}
}

// Bug 2, CVE-2025-38554: a reader that took a reference on a VMA recycled
// into another MM released it, which let that MM's writer finish and the
// MM be freed, and then woke that freed MM's writer. StartRead must find
// the other owner and release the VMA in a way that cannot touch that MM
// once it is freed: here, Close waits for the release's wake-up.
//
// A fetch-add release wakes the VMA's own writer wait and never an MM, so
// Close has no release to wait for. Its bug is a release that still wakes
// the writer of the MM it copied from vm_mm, as the count-based EndRead
// does: B's Close returns before that wake-up, which then touches a freed
// MM.
func TestBug2ForeignReleaseBeforeFree(t *testing.T) {
	t.Run(PlacementAcquire.String(), testBug2ForeignReleaseBeforeFreeCount)
	t.Run(PlacementFetchAdd.String(), testBug2ForeignReleaseBeforeFreeFetchAdd)
}

func testBug2ForeignReleaseBeforeFreeCount(t *testing.T) {
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

func testBug2ForeignReleaseBeforeFreeFetchAdd(t *testing.T) {
	const p = PlacementFetchAdd
	scenario := func(release func(*VMA)) error {
		c := NewCacheFor(p)
		a, b := NewMM(c), NewMM(c)
		v := mustMap(b, 0x1000, 0x2000, nil) // recycled into B; a reader of A still holds it
		if v.lockSeq.LoadRelaxed() == a.lockSeq.LoadRelaxed() {
			return errors.New("setup: the reader's early check fails")
		}
		if !v.incrementWith(p) {
			return errors.New("setup: the reader's fetch-add found the VMA busy")
		}
		// B's writer closes B, and has to wait for the reader of A.
		return closeDuringRelease(b, nil, func() error {
			if r := v.recheck(a); r != ReadWrongMM {
				return fmt.Errorf("the reader of A got %v on B's VMA, want wrong-mm", r)
			}
			release(v)
			return nil
		}, (*MM).Close)
	}
	wakesOwner := func(v *VMA) {
		mm := v.mm
		v.refcnt.FetchAddRelease(-1)
		v.wq.wake()
		mm.wakeWriter()
	}
	regression(t,
		func() error { return scenario(func(v *VMA) { v.EndReadWith(p) }) },
		func() error { return scenario(wakesOwner) })
}

// Bug 2, the other half of the fix: EndRead copies vm_mm before its
// decrement. Read after it, vm_mm may already name the MM the VMA was
// recycled into, and the wake-up goes there. A fetch-add release reads no
// vm_mm and wakes no MM, A's or B's; its bug is one that reads vm_mm
// after its decrement and wakes that MM's writer.
func TestBug2EndReadCopiesOwnerFirst(t *testing.T) {
	t.Run(PlacementAcquire.String(), testBug2EndReadCopiesOwnerFirstCount)
	t.Run(PlacementFetchAdd.String(), testBug2EndReadCopiesOwnerFirstFetchAdd)
}

func testBug2EndReadCopiesOwnerFirstCount(t *testing.T) {
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

func testBug2EndReadCopiesOwnerFirstFetchAdd(t *testing.T) {
	const p = PlacementFetchAdd
	scenario := func(release func(v *VMA, step func())) (err error) {
		defer catch(&err)
		c := NewCacheFor(p)
		a, b := NewMM(c), NewMM(c)
		v := mustMap(a, 0x1000, 0x2000, nil)
		if a.LockVMAWith(0x1000, p) != v {
			return errors.New("setup: LockVMAWith failed")
		}
		sleeping, aDone := make(chan struct{}, 1), make(chan struct{})
		var stepped atomic.Bool
		var touched atomic.Pointer[MM]
		// step runs once the reader's decrement and its wake-up of v's
		// writer are done: A's writer finishes unmapping v, and B maps it
		// again.
		step := func() {
			if stepped.Swap(true) {
				return
			}
			select {
			case <-aDone:
			case <-time.After(10 * time.Second):
				panic("A's writer was not woken by the release that let it go on")
			}
			if w := mustMap(b, 0x5000, 0x6000, nil); w != v {
				panic("setup: B did not get the recycled object")
			}
		}
		a.testHook = func(h hookPoint, _ *VMA) {
			switch h {
			case hookWriterSleep:
				signal(sleeping)
			case hookBeforeWake:
				touched.Store(a)
			}
		}
		b.testHook = func(h hookPoint, _ *VMA) {
			if h == hookBeforeWake {
				touched.Store(b)
			}
		}
		go func() {
			defer close(aDone)
			mustUnmap(a, 0x1000, 0x2000)
		}()
		<-sleeping
		release(v, step)
		step()
		switch touched.Load() {
		case a:
			return errors.New("the release woke A's writer: a fetch-add release must touch no MM")
		case b:
			return errors.New("the reader of A woke B's writer: it read vm_mm after its decrement, when the VMA was B's")
		}
		return nil
	}
	lateCopy := func(v *VMA, step func()) {
		v.refcnt.FetchAddRelease(-1)
		v.wq.wake()
		step()
		v.mm.wakeWriter()
	}
	regression(t,
		func() error { return scenario(func(v *VMA, _ func()) { v.EndReadWith(p) }) },
		func() error { return scenario(lateCopy) })
}

// Bug 3: after a detached failure the retry went on from iterator state
// that pointed into the old tree. The retry must search a fresh snapshot.
func TestBug3RetryFromFreshSnapshot(t *testing.T) {
	scenario := func(p Placement, lock func(*MM, uint64) *VMA) (err error) {
		defer catch(&err)
		mm := NewMM(NewCacheFor(p))
		w, _ := detachedInSnapshot(mm, p, func(retries int) error {
			if retries > 1 {
				return errors.New("the retry found the detached VMA again: it searched the snapshot it had before the failure")
			}
			return nil
		})
		if got := lock(mm, 0x1800); got != w {
			return fmt.Errorf("lock returned %p, want %p", got, w)
		}
		w.EndReadWith(p)
		return nil
	}
	for _, p := range bugPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, lockWith(p)) },
				func() error { return scenario(p, bugs{reuseSnapshot: true}.lockVMAWith(p)) })
		})
	}
}

// Bug 4: a killable writer that gave up left LockOffset in the count, and
// every reader after it failed. The fetch-add writer's exclusion is its
// own 2^29 (faWriter), which it must take out again.
func TestBug4CancelledWriterRestoresCount(t *testing.T) {
	scenario := func(p Placement, startWrite func(*VMA, context.Context) error) (err error) {
		defer catch(&err)
		mm := NewMM(NewCacheFor(p))
		v := mustMap(mm, 0x1000, 0x2000, nil)
		if lockWith(p)(mm, 0x1000) != v {
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
		// Nor does it stay published as waiting (finish_rcuwait on every
		// exit): the reader's release would wake a writer that left.
		q := &mm.writerWait
		if v.wq != nil {
			q = v.wq
		}
		if q.waiting.LoadRelaxed() != 0 {
			return errors.New("the writer gave up and is still published as waiting")
		}
		found := v.RefCount()
		v.EndReadWith(p)
		mm.MmapWriteUnlock()
		if want := attachedRefCount(p, 1); found != want {
			return fmt.Errorf("the writer gave up and left count %#x, not the %#x it found", found, want)
		}
		if r := v.StartReadWith(mm, p); r != ReadOK {
			return fmt.Errorf("a reader after the writer gave up got %v", r)
		}
		v.EndReadWith(p)
		return nil
	}
	leavesOffset := func(v *VMA, ctx context.Context) error {
		seq := v.mm.writeHeldSeq("test")
		if _, ok := v.excludeReaders(); ok {
			if _, ok := v.mm.writerWait.waitFor(&v.refcnt, LockOffset+1, LockOffset+1, ctx.Done(), v.mm.sleepHook(v)); !ok {
				return ctx.Err() // gives up with LockOffset still in the count
			}
		}
		v.lockSeq.StoreRelaxed(seq)
		v.readmitReaders()
		return nil
	}
	leavesWriter := func(v *VMA, ctx context.Context) error {
		seq := v.mm.writeHeldSeq("test")
		v.refcnt.FetchAddRelaxed(faWriter)
		if _, ok := v.wq.waitFor(&v.refcnt, faBase+faWriter+1, faBase+faWriter+1, ctx.Done(), v.mm.sleepHook(v)); !ok {
			return ctx.Err() // gives up with faWriter still in the count
		}
		v.lockSeq.StoreRelaxed(seq)
		v.refcnt.FetchAddRelease(-faWriter)
		return nil
	}
	broken := map[Placement]func(*VMA, context.Context) error{PlacementAcquire: leavesOffset, PlacementFetchAdd: leavesWriter}
	for _, p := range bugPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, (*VMA).StartWriteContext) },
				func() error { return scenario(p, broken[p]) })
		})
	}
}

// Bug 5: readers can raise the count of a VMA that a writer is detaching
// (they passed the early check before its write lock). Detach must wait
// for them before the object is reused. The fetch-add detach moves the
// count into the detached range with one add, readers or not; its bug
// returns there without waiting.
func TestBug5DetachWaitsForTransientReaders(t *testing.T) {
	scenario := func(p Placement, detach func(*VMA)) (err error) {
		defer catch(&err)
		mm := NewMM(NewCacheFor(p))
		v := mustMap(mm, 0x1000, 0x2000, nil)
		if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
			return errors.New("setup: the reader's early check fails")
		}
		mm.MmapWriteLock()
		defer mm.MmapWriteUnlock()
		v.StartWrite()
		if !v.incrementWith(p) { // the transient reader
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
			v.afterIncrementWith(mm, p)
			return fmt.Errorf("detach returned with a reader still inside (count %#x): the object could be reused under it", c)
		case <-sleeping:
		}
		if r := v.afterIncrementWith(mm, p); r != ReadBusy {
			return fmt.Errorf("the transient reader got %v, want busy", r)
		}
		if c := <-done; c != detachedRefCount(p) {
			return fmt.Errorf("count %#x after detach, want %#x", c, detachedRefCount(p))
		}
		return nil
	}
	broken := map[Placement]func(*VMA){
		PlacementAcquire:  func(v *VMA) { v.refcnt.DecAndTest() },
		PlacementFetchAdd: func(v *VMA) { v.refcnt.FetchAddFull(faDetached - 1) },
	}
	for _, p := range bugPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, (*VMA).MarkDetached) },
				func() error { return scenario(p, broken[p]) })
		})
	}
}

// Bug 6: a duplicated VMA that copied the count looked attached to stale
// readers before it was. A stale reader holding the recycled object must
// find the duplicate detached until MarkAttached.
func TestBug6DuplicateStartsDetached(t *testing.T) {
	scenario := func(p Placement, copyCount bool) (err error) {
		defer catch(&err)
		c := NewCacheFor(p)
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
				stale = x.StartReadWith(b, p)
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
	for _, p := range bugPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, false) },
				func() error { return scenario(p, true) })
		})
	}
}

// Bug 7: an attach without release ordering let a stale reader take a
// reference and then see the fields before their initialising stores. The
// hardware half of it (a relaxed store instead of the release) cannot be
// observed on amd64, whose stores are ordered, nor under qemu, which runs
// on x86; it belongs to the disassembly and memory-model checks. This test
// holds the program-order half: every initialising store is made before
// the count leaves 0, so a stale reader fails as detached until then, and
// afterwards sees the new owner, range and payload. The fetch-add attach
// is a release add out of the detached range; its early form is that add
// made before the fields are set.
func TestBug7AttachAfterInitialisation(t *testing.T) {
	scenario := func(p Placement, attachEarly bool) (err error) {
		defer catch(&err)
		c := NewCacheFor(p)
		a, b := NewMM(c), NewMM(c)
		x := mustMap(b, 0x1000, 0x2000, "old") // a reader of B holds x
		mustUnmap(b, 0x1000, 0x2000)
		var stale []ReadResult
		a.testHook = func(h hookPoint, n *VMA) {
			if n != x || (h != hookAllocated && h != hookBeforeAttach) {
				return
			}
			if h == hookAllocated && attachEarly {
				if p == PlacementFetchAdd {
					x.refcnt.FetchAddRelease(1 - faDetached)
				} else {
					x.refcnt.StoreRelease(1)
				}
			}
			defer func() {
				if p := recover(); p != nil {
					panic(fmt.Sprintf("a stale reader took a reference on the object before its fields were initialised, and crashed on them: %v", p))
				}
			}()
			stale = append(stale, x.StartReadWith(b, p))
		}
		if w := mustMap(a, 0x4000, 0x5000, "new"); w != x {
			return errors.New("setup: A did not get the recycled object")
		}
		for i, r := range stale {
			if r != ReadDetached {
				return fmt.Errorf("stale reader %d before the attach got %v, want detached", i, r)
			}
		}
		if r := x.StartReadWith(b, p); r != ReadWrongMM {
			return fmt.Errorf("stale reader of B after the attach got %v, want wrong-mm", r)
		}
		if r := x.StartReadWith(a, p); r != ReadOK {
			return fmt.Errorf("reader of A got %v", r)
		}
		defer x.EndReadWith(p)
		if x.Data != "new" || x.start != 0x4000 || x.end != 0x5000 {
			return fmt.Errorf("reader of A sees data %v, range [%#x, %#x)", x.Data, x.start, x.end)
		}
		return nil
	}
	for _, p := range bugPlacements {
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, false) },
				func() error { return scenario(p, true) })
		})
	}
}

// Bug 8: at RefLimit readers the increment must fail cleanly: not wrap,
// not saturate, not carry the count into LockOffset, where it would look
// like a writer. The fetch-add reader stops at FetchAddRefLimit read
// locks; without that limit its increments would carry the count into the
// detached range.
func TestBug8IncrementFailsAtLimit(t *testing.T) {
	scenario := func(p Placement, startRead func(*VMA, *MM) ReadResult) (err error) {
		defer catch(&err)
		mm := NewMM(NewCacheFor(p))
		limit := maxRefCount(p)
		v := bareVMA(mm, limit-1)
		if r := startRead(v, mm); r != ReadOK {
			return fmt.Errorf("the reader that reaches the limit got %v", r)
		}
		if r := startRead(v, mm); r != ReadBusy || v.RefCount() != limit {
			return fmt.Errorf("the reader past the limit got %v and left count %#x, want busy and %#x", r, v.RefCount(), limit)
		}
		mm.MmapReadLock()
		ok := v.StartReadLocked()
		mm.MmapReadUnlock()
		if ok || v.RefCount() != limit {
			return fmt.Errorf("StartReadLocked past the limit succeeded: %v, count %#x", ok, v.RefCount())
		}
		v.EndReadWith(p)
		if v.RefCount() != limit-1 {
			return fmt.Errorf("count %#x after a release", v.RefCount())
		}
		return nil
	}
	for _, p := range append(countPlacements[:len(countPlacements):len(countPlacements)], PlacementFetchAdd) {
		broken := bugs{noLimit: true}.startRead
		if p == PlacementFetchAdd {
			broken = startReadFetchAddNoLimit
		}
		t.Run(p.String(), func(t *testing.T) {
			regression(t,
				func() error { return scenario(p, func(v *VMA, mm *MM) ReadResult { return v.StartReadWith(mm, p) }) },
				func() error { return scenario(p, broken) })
		})
	}
}

// startReadFetchAddNoLimit is StartReadWith(mm, PlacementFetchAdd) with
// bug 8: it keeps its increment whenever the old count was attached with
// no writer, however many readers are in.
func startReadFetchAddNoLimit(v *VMA, mm *MM) ReadResult {
	const p = PlacementFetchAdd
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
		return ReadBusy
	}
	if old := faCount(v.refcnt.FetchAddAcquire(1)); !faAttached(old) {
		v.EndReadWith(p)
		if faIsDetached(old) {
			return ReadDetached
		}
		return ReadBusy
	}
	return v.afterIncrementWith(mm, p)
}

// lockVMAWith is lockVMA for placement p: the count-based variant of
// lockVMA itself for PlacementAcquire; for PlacementFetchAdd, LockVMAWith
// with bug 1 or bug 3, around the package's own StartReadWith and
// EndReadWith.
func (b bugs) lockVMAWith(p Placement) func(*MM, uint64) *VMA {
	if p != PlacementFetchAdd {
		return b.lockVMA
	}
	return func(mm *MM, addr uint64) *VMA {
		s := mm.snap.Load()
		for retries := 0; ; retries++ {
			if !b.reuseSnapshot {
				s = mm.snap.Load()
			}
			v := s.find(addr)
			if v == nil {
				return nil
			}
			switch v.StartReadWith(mm, p) {
			case ReadOK:
				if !v.covers(addr) {
					v.EndReadWith(p)
					return nil
				}
				return v
			case ReadDetached:
				if b.releaseDetached {
					v.EndReadWith(p)
				}
				if !mm.retryDetached("lockVMAWith", v, retries) {
					return nil
				}
			default:
				return nil
			}
		}
	}
}
