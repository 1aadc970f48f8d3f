package vma

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// faMM returns an MM of a fetch-add Cache with one VMA mapped at
// [0x1000, 0x2000).
func faMM(t *testing.T) (*MM, *VMA) {
	t.Helper()
	mm := NewMM(NewFetchAddCache())
	return mm, mustMap(mm, 0x1000, 0x2000, nil)
}

// faRel is v's count relative to the fetch-add base.
func faRel(v *VMA) uint32 { return faCount(v.RefCount()) }

// TestFetchAddReadLock: LockVMAWith takes the lock with one increment and
// EndReadWith gives it back; nested read locks stack; the count after each
// step is the encoding's.
func TestFetchAddReadLock(t *testing.T) {
	mm, v := faMM(t)
	if faRel(v) != 1 {
		t.Fatalf("attached count %#x, want faBase+1", v.RefCount())
	}
	for i := uint32(1); i <= 3; i++ {
		if got := mm.LockVMAWith(0x1800, PlacementFetchAdd); got != v {
			t.Fatalf("LockVMAWith #%d = %p, want %p", i, got, v)
		}
		if faRel(v) != 1+i {
			t.Fatalf("count with %d readers %#x", i, v.RefCount())
		}
	}
	for i := 3; i > 0; i-- {
		v.EndReadWith(PlacementFetchAdd)
	}
	if faRel(v) != 1 {
		t.Fatalf("count after the releases %#x, want faBase+1", v.RefCount())
	}
	if mm.LockVMAWith(0x3000, PlacementFetchAdd) != nil {
		t.Fatal("LockVMAWith of an unmapped address returned a VMA")
	}
	ran := false
	if !mm.FaultWith(0x1800, PlacementFetchAdd, func(got *VMA) { ran = got == v && faRel(v) == 2 }) || !ran {
		t.Fatal("FaultWith did not run fn with the VMA read-locked")
	}
	if faRel(v) != 1 {
		t.Fatalf("count after FaultWith %#x", v.RefCount())
	}
	mm.Close()
}

// TestFetchAddFailuresUndo: every failed increment is undone, and the
// result names the state the old count showed.
func TestFetchAddFailuresUndo(t *testing.T) {
	t.Run("write-locked", func(t *testing.T) {
		mm, v := faMM(t)
		session(mm, func() {
			v.StartWrite()
			if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadBusy {
				t.Errorf("StartReadWith of a write-locked VMA = %v, want busy", got)
			}
			if faRel(v) != 1 {
				t.Errorf("count %#x after a failed read", v.RefCount())
			}
		})
	})
	t.Run("writer excluding", func(t *testing.T) {
		mm, v := faMM(t)
		v.refcnt.FetchAddRelaxed(faWriter) // a writer's exclusion, seen before its vm_lock_seq store
		if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadBusy {
			t.Errorf("StartReadWith with a writer's offset in = %v, want busy", got)
		}
		if faRel(v) != faWriter+1 {
			t.Errorf("count %#x after a failed read", v.RefCount())
		}
	})
	t.Run("detached", func(t *testing.T) {
		mm, v := faMM(t)
		mustUnmap(mm, 0x1000, 0x2000)
		for range 3 {
			if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadDetached {
				t.Errorf("StartReadWith of a detached VMA = %v, want detached", got)
			}
		}
		if faRel(v) != faDetached {
			t.Errorf("count %#x after failed reads of a detached VMA", v.RefCount())
		}
	})
	t.Run("limit", func(t *testing.T) {
		mm, v := faMM(t)
		v.refcnt.FetchAddRelaxed(FetchAddRefLimit) // FetchAddRefLimit readers in
		if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadBusy {
			t.Errorf("StartReadWith at FetchAddRefLimit = %v, want busy", got)
		}
		if faRel(v) != 1+FetchAddRefLimit {
			t.Errorf("count %#x after a read at the limit", v.RefCount())
		}
		v.EndReadWith(PlacementFetchAdd)
		if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadOK {
			t.Errorf("StartReadWith below the limit = %v, want ok", got)
		}
	})
	t.Run("wrong mm", func(t *testing.T) {
		c := NewFetchAddCache()
		a, b := NewMM(c), NewMM(c)
		v := mustMap(a, 0x1000, 0x2000, nil)
		mustUnmap(a, 0x1000, 0x2000)
		if w := mustMap(b, 0x1000, 0x2000, nil); w != v {
			t.Fatal("the Cache did not recycle the object")
		}
		if got := v.StartReadWith(a, PlacementFetchAdd); got != ReadWrongMM {
			t.Errorf("StartReadWith of a VMA recycled into another MM = %v, want wrong-mm", got)
		}
		if faRel(v) != 1 {
			t.Fatalf("count %#x after the reader backed off", v.RefCount())
		}
		if err := finishes(func() error { a.Close(); b.Close(); return nil }); err != nil {
			t.Fatal("Close:", err)
		}
	})
}

// TestFetchAddInlinePaths: the bodies that StartReadWith and EndReadWith
// inline on amd64 (inlineFetchAdd) take a fetch-add read lock and release
// it without leaving their fast path, send every other placement to the
// called forms, and, when the recheck fails after the increment, leave the
// decision to keepFetchAdd, which undoes the increment, or keeps it if the
// recheck passes by then. They are the same Go on every architecture,
// inlined or not, so this runs everywhere; the assembly tests check that
// amd64 inlines them.
func TestFetchAddInlinePaths(t *testing.T) {
	noFetchAdd := func(*VMA, *MM, keepFunc) ReadResult {
		t.Error("a placement other than fetch-add took the fetch-add path")
		return ReadBusy
	}
	noKeep := func(*VMA, *MM, uint32) ReadResult {
		t.Error("the fetch-add fast path left for keepFetchAdd")
		return ReadBusy
	}
	noCalled := func(*VMA, *MM, Placement) ReadResult {
		t.Error("a fetch-add read lock left for the called form")
		return ReadBusy
	}
	noRest := func(*VMA, Placement, bool, uint32) {
		t.Error("a fetch-add release in the common range left the fast path")
	}
	t.Run("fast path", func(t *testing.T) {
		mm, v := faMM(t)
		if got := v.startReadWithInline(mm, PlacementFetchAdd, (*VMA).startReadFetchAddInline, noKeep, noCalled); got != ReadOK || faRel(v) != 2 {
			t.Fatalf("the inlined StartReadWith = %v with the count at faBase+%d, want ok at faBase+2", got, faRel(v))
		}
		v.endReadFetchAddInline(PlacementFetchAdd, noRest)
		if faRel(v) != 1 {
			t.Errorf("count faBase+%d after the inlined release, want faBase+1", faRel(v))
		}
		mm.Close()
	})
	t.Run("other placements", func(t *testing.T) {
		mm := NewMM(NewCache())
		v := mustMap(mm, 0x1000, 0x2000, nil)
		var called, rest int
		got := v.startReadWithInline(mm, PlacementAcquire, noFetchAdd, noKeep, func(v *VMA, mm *MM, p Placement) ReadResult {
			called++
			return v.startReadWithCalled(mm, p)
		})
		if got != ReadOK || called != 1 || v.RefCount() != 2 {
			t.Fatalf("the inlined StartReadWith(PlacementAcquire) = %v after %d calls of the called form, count %d", got, called, v.RefCount())
		}
		v.endReadFetchAddInline(PlacementAcquire, func(v *VMA, p Placement, released bool, old uint32) {
			rest++
			if released {
				t.Error("EndReadWith(PlacementAcquire) made the fetch-add release")
			}
			v.endReadWithCalled(p, released, old)
		})
		if rest != 1 || v.RefCount() != 1 {
			t.Errorf("the inlined EndReadWith(PlacementAcquire) made %d calls of the called form, count %d", rest, v.RefCount())
		}
		mm.Close()
	})
	t.Run("early check", func(t *testing.T) {
		mm, v := faMM(t)
		noIncrement := func(*VMA, *MM, keepFunc) ReadResult {
			t.Error("a VMA found write-locked by the early check went on to the fetch-add")
			return ReadBusy
		}
		// The called form answers for the VMA that fails the early check.
		called := 0
		session(mm, func() {
			v.StartWrite()
			got := v.startReadWithInline(mm, PlacementFetchAdd, noIncrement, noKeep, func(v *VMA, mm *MM, p Placement) ReadResult {
				called++
				return v.startReadWithCalled(mm, p)
			})
			if got != ReadBusy || called != 1 || faRel(v) != 1 {
				t.Errorf("the inlined StartReadWith on a write-locked VMA = %v after %d calls of the called form, count faBase+%d; want busy, 1, faBase+1", got, called, faRel(v))
			}
		})
		mm.Close()
	})
	t.Run("recheck after the increment", func(t *testing.T) {
		mm, v := faMM(t)
		mm.MmapWriteLock()
		v.StartWrite() // between the reader's early check and its increment
		if got := v.startReadFetchAddInline(mm, (*VMA).keepFetchAdd); got != ReadBusy || faRel(v) != 1 {
			t.Errorf("a fetch-add increment on a VMA write-locked since the early check = %v, count faBase+%d; want busy, faBase+1", got, faRel(v))
		}
		// The writer leaves before keepFetchAdd looks again: the
		// reader keeps what it holds.
		got := v.startReadFetchAddInline(mm, func(v *VMA, mm *MM, old uint32) ReadResult {
			mm.MmapWriteUnlock()
			return v.keepFetchAdd(mm, old)
		})
		if got != ReadOK || faRel(v) != 2 {
			t.Fatalf("a recheck that passes in keepFetchAdd = %v, count faBase+%d; want ok, faBase+2", got, faRel(v))
		}
		v.EndReadWith(PlacementFetchAdd)
		mm.Close()
	})
}

// TestFetchAddTransientsNeverLookAttached: increments in flight on a
// detached VMA (readers between their fetch-add and its undo) leave it
// detached for every other reader; an attach with such increments in
// carries them, and their undos bring the count to the attached value.
func TestFetchAddTransientsNeverLookAttached(t *testing.T) {
	mm, v := faMM(t)
	mustUnmap(mm, 0x1000, 0x2000)
	const inFlight = 5
	v.refcnt.FetchAddAcquire(inFlight)
	if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadDetached {
		t.Fatalf("StartReadWith beside %d transient increments = %v, want detached", inFlight, got)
	}
	if got := v.StartRead(mm); got == ReadOK {
		t.Fatal("StartRead took a fetch-add VMA")
	}
	w := mustMap(mm, 0x4000, 0x5000, nil) // reattaches the object with the increments in
	if w != v {
		t.Fatal("the Cache did not recycle the object")
	}
	if faRel(v) != 1+inFlight {
		t.Fatalf("attached count with %d in flight %#x", inFlight, v.RefCount())
	}
	for range inFlight {
		v.EndReadWith(PlacementFetchAdd) // the undos
	}
	if faRel(v) != 1 {
		t.Fatalf("count after the undos %#x, want faBase+1", v.RefCount())
	}
	mm.Close()
}

// TestFetchAddEncodingHeadroom: each state of a fetch-add count keeps
// the headroom that the encoding promises (2^28-2^24-1 transient
// increments above the largest count that the state holds without them):
// an attached VMA with FetchAddRefLimit readers, a detached one that they
// have still to leave, and one whose writer excludes them. With that many
// increments in flight each state still reads as itself to a fetch-add
// reader and as busy to StartRead, and the readers' undos leave the count
// as it was. A narrower range would have them read as the next state: a
// detached VMA as attached, or a write-locked one as unlocked.
func TestFetchAddEncodingHeadroom(t *testing.T) {
	const headroom = 1<<28 - 1<<24 - 1
	for _, tc := range []struct {
		name  string
		state func(mm *MM, v *VMA)
		want  ReadResult
	}{
		{"attached", func(*MM, *VMA) {}, ReadBusy},
		{"detached", func(mm *MM, _ *VMA) { mustUnmap(mm, 0x1000, 0x2000) }, ReadDetached},
		{"writer excluding", func(_ *MM, v *VMA) { v.refcnt.FetchAddRelaxed(faWriter) }, ReadBusy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mm, v := faMM(t)
			tc.state(mm, v)
			v.refcnt.FetchAddRelaxed(FetchAddRefLimit) // the most readers it can hold
			v.refcnt.FetchAddRelaxed(headroom)         // and that many in flight
			full := v.RefCount()
			if full < 0 {
				t.Fatalf("count %#x: past the int32's sign bit", full)
			}
			if got := v.StartReadWith(mm, PlacementFetchAdd); got != tc.want {
				t.Errorf("StartReadWith(PlacementFetchAdd) on count %#x = %v, want %v", full, got, tc.want)
			}
			if got := v.StartRead(mm); got != ReadBusy {
				t.Errorf("StartRead on count %#x = %v, want busy", full, got)
			}
			if got := v.RefCount(); got != full {
				t.Errorf("count %#x after the failed read locks, want %#x", got, full)
			}
		})
	}
}

// TestFetchAddWriterWaits: StartWrite and MarkDetached sleep until the
// readers that are in leave, and the release that leaves the writer's
// target wakes them through the VMA's own wait, not the MM's. StartWrite
// meets readers that hold the lock; MarkDetached (in Unmap) meets readers
// that passed the early check before the write lock and whose increment
// came after it, on their way to backing off.
func TestFetchAddWriterWaits(t *testing.T) {
	if err := finishes(func() error { fetchAddWriterWaits(t); return nil }); err != nil {
		t.Fatal(err)
	}
}

func fetchAddWriterWaits(t *testing.T) {
	for _, detach := range []bool{false, true} {
		mm, v := faMM(t)
		readers := 2
		if !detach {
			for range readers {
				if mm.LockVMAWith(0x1800, PlacementFetchAdd) != v {
					t.Fatal("LockVMAWith failed")
				}
			}
		}
		var inside uint32
		sleeps := sleepCounter(mm, func(v *VMA) {
			inside = faRel(v)
			if got := v.StartReadWith(mm, PlacementFetchAdd); got == ReadOK {
				t.Error("a reader got in while the writer waited")
			}
			for ; readers > 0; readers-- {
				v.EndReadWith(PlacementFetchAdd)
			}
		})
		session(mm, func() {
			if detach {
				v.StartWrite()
				v.refcnt.FetchAddAcquire(int32(readers))
				if err := mm.Unmap(0x1000, 0x2000); err != nil {
					t.Fatal(err)
				}
				return
			}
			v.StartWrite()
			if !v.writeLocked() || faRel(v) != 1 {
				t.Errorf("after StartWrite: locked %v, count %#x", v.writeLocked(), v.RefCount())
			}
		})
		want := uint32(faWriter + 3)
		if detach {
			want = faDetached + 2
			if faRel(v) != faDetached {
				t.Errorf("count after the detach %#x", v.RefCount())
			}
		}
		if *sleeps == 0 || inside != want {
			t.Errorf("detach %v: slept %d times with count %#x, want faBase+%#x", detach, *sleeps, inside+faBase, want)
		}
		if mm.wakesOwed != 0 || mm.wakesDone.Load() != 0 {
			t.Errorf("a fetch-add release touched the MM's wake-up accounting: owed %d, done %d", mm.wakesOwed, mm.wakesDone.Load())
		}
		mm.Close()
	}
}

// TestFetchAddLostWakeup: the last reader leaves after the writer tested
// the count and before it sleeps; the token that the release leaves in the
// VMA's wait lets the writer go on.
func TestFetchAddLostWakeup(t *testing.T) {
	mm, v := faMM(t)
	if mm.LockVMAWith(0x1800, PlacementFetchAdd) != v {
		t.Fatal("LockVMAWith failed")
	}
	sleepCounter(mm, func(v *VMA) { v.EndReadWith(PlacementFetchAdd) })
	session(mm, v.StartWrite)
	if pendingWake(v.wq) {
		t.Error("the writer left a wake-up token behind")
	}
	mm.Close()
}

// TestFetchAddStartWriteContext: a writer that gives up takes its offset
// out again, leaving the readers' count as it was.
func TestFetchAddStartWriteContext(t *testing.T) {
	mm, v := faMM(t)
	if mm.LockVMAWith(0x1800, PlacementFetchAdd) != v {
		t.Fatal("LockVMAWith failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	sleepCounter(mm, func(*VMA) { cancel() })
	session(mm, func() {
		if err := v.StartWriteContext(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("StartWriteContext = %v, want context.Canceled", err)
		}
		if v.writeLocked() || faRel(v) != 2 {
			t.Errorf("after giving up: locked %v, count %#x", v.writeLocked(), v.RefCount())
		}
	})
	v.EndReadWith(PlacementFetchAdd)
	mm.Close()
}

// TestFetchAddOtherPlacementsFallBack: in a fetch-add MM the count-based
// placements find every VMA busy, and Fault gets the lock under the mmap
// lock instead.
func TestFetchAddOtherPlacementsFallBack(t *testing.T) {
	mm, v := faMM(t)
	for _, p := range countPlacements {
		if got := v.StartReadWith(mm, p); got != ReadBusy {
			t.Errorf("%v in a fetch-add MM = %v, want busy", p, got)
		}
		if mm.LockVMAWith(0x1800, p) != nil {
			t.Errorf("LockVMAWith(%v) locked a fetch-add VMA", p)
		}
	}
	if faRel(v) != 1 {
		t.Fatalf("count %#x after the other placements failed", v.RefCount())
	}
	ran := false
	if !mm.Fault(0x1800, func(got *VMA) { ran = got == v && faRel(v) == 2 }) || !ran {
		t.Fatal("Fault did not run fn with the VMA read-locked under the mmap lock's fallback")
	}
	if faRel(v) != 1 {
		t.Fatalf("count %#x after Fault", v.RefCount())
	}
	mm.Close()
}

// TestFetchAddMisuse: each misuse panics, naming it, and leaves the count
// as it was.
func TestFetchAddMisuse(t *testing.T) {
	mm, v := faMM(t)
	mustPanic(t, "holds no read lock", func() { v.EndReadWith(PlacementFetchAdd) })
	mustPanic(t, "EndReadWith(PlacementFetchAdd)", v.EndRead)
	if faRel(v) != 1 {
		t.Fatalf("count %#x after the misuses", v.RefCount())
	}
	session(mm, v.StartWrite)
	mustUnmap(mm, 0x1000, 0x2000)
	mustPanic(t, "holds no read lock", func() { v.EndReadWith(PlacementFetchAdd) })
	if faRel(v) != faDetached {
		t.Fatalf("detached count %#x after the misuse", v.RefCount())
	}
	plain := NewMM(NewCache())
	w := mustMap(plain, 0x1000, 0x2000, nil)
	mustPanic(t, "NewFetchAddCache", func() { w.StartReadWith(plain, PlacementFetchAdd) })
	mustPanic(t, "NewFetchAddCache", func() { w.EndReadWith(PlacementFetchAdd) })
	if w.RefCount() != 1 {
		t.Fatalf("count %d of a plain VMA after the misuses", w.RefCount())
	}
	mustPanic(t, "unknown", func() { NewCacheFor(Placement(99)) })
	plain.Close()
	mm.Close()
}

// TestFetchAddStrayReleaseBlamesItself: a stray release has taken the
// count out of range and not yet put its decrement back when an innocent
// reader makes and undoes its increment. The reader must not panic nor
// put anything back; the stray release's own put-back restores the count
// and wakes a writer that may be at its target again.
func TestFetchAddStrayReleaseBlamesItself(t *testing.T) {
	mm, v := faMM(t)
	v.refcnt.FetchAddRelaxed(-1) // the stray release's decrement: 1 → 0
	if p := panicOf(func() {
		if got := v.StartReadWith(mm, PlacementFetchAdd); got != ReadBusy {
			t.Errorf("StartReadWith beside a stray release = %v, want busy", got)
		}
	}); p != nil {
		t.Fatalf("an innocent reader panicked: %v", p)
	}
	v.refcnt.FetchAddRelaxed(1) // the stray release's put-back
	if faRel(v) != 1 {
		t.Fatalf("count %#x, want faBase+1", v.RefCount())
	}
	v.wq.waiting.StoreRelaxed(1) // a writer that published its wait
	mustPanic(t, "holds no read lock", func() { v.EndReadWith(PlacementFetchAdd) })
	if woke := pendingWake(v.wq); !woke || faRel(v) != 1 {
		t.Errorf("a stray release's put-back: woke the writer %v, count %#x", woke, v.RefCount())
	}
}

// TestFetchAddEndReadLeavesCount: EndRead on a fetch-add VMA panics
// before it decrements, so that a writer waiting for the reader that made
// the mistake never sees its target.
func TestFetchAddEndReadLeavesCount(t *testing.T) {
	mm, v := faMM(t)
	if mm.LockVMAWith(0x1800, PlacementFetchAdd) != v {
		t.Fatal("LockVMAWith failed")
	}
	v.refcnt.FetchAddRelaxed(faWriter) // a writer excluding readers, waiting for this one
	c := v.RefCount()
	v.wq.waiting.StoreRelaxed(1)
	mustPanic(t, "EndReadWith(PlacementFetchAdd)", v.EndRead)
	if v.RefCount() != c || pendingWake(v.wq) {
		t.Errorf("EndRead on a fetch-add VMA: count %#x (was %#x), wake-up sent", v.RefCount(), c)
	}
}

// TestFetchAddDetachedInTree: MarkDetached of a VMA that the writer leaves
// in the tree is reported by the lookup that keeps finding it detached,
// as a count of 0 in the tree is for the other placements.
func TestFetchAddDetachedInTree(t *testing.T) {
	mm, v := faMM(t)
	session(mm, func() {
		v.StartWrite()
		v.MarkDetached()
	})
	mustPanic(t, "detached count", func() { mm.LockVMAWith(0x1800, PlacementFetchAdd) })
	ran := false
	mustPanic(t, "detached count", func() { mm.Fault(0x1800, func(*VMA) { ran = true }) })
	if ran {
		t.Error("Fault ran fn on a detached VMA")
	}
}

// TestFetchAddAssertLocked: a reader's read lock shows in AssertLocked
// while the VMA is attached and while a writer waits for it to leave.
func TestFetchAddAssertLocked(t *testing.T) {
	if !debugChecks {
		t.Skip("AssertLocked checks only with the vmadebug build tag")
	}
	mm, v := faMM(t)
	if mm.LockVMAWith(0x1800, PlacementFetchAdd) != v {
		t.Fatal("LockVMAWith failed")
	}
	v.AssertLocked()
	sleepCounter(mm, func(v *VMA) {
		v.AssertLocked()
		v.EndReadWith(PlacementFetchAdd)
	})
	session(mm, v.StartWrite)
	mustPanic(t, "shows no reader", v.AssertLocked)
	mm.Close()
}

// TestFetchAddAssertLockedDetached: AssertLocked panics on a fetch-add VMA
// that Unmap detached, whose count is in the detached range with no reader.
func TestFetchAddAssertLockedDetached(t *testing.T) {
	if !debugChecks {
		t.Skip("AssertLocked checks only with the vmadebug build tag")
	}
	mm, v := faMM(t)
	mustUnmap(mm, 0x1000, 0x2000)
	if faRel(v) != faDetached {
		t.Fatalf("setup: count %#x after Unmap, want faBase+faDetached", v.RefCount())
	}
	mustPanic(t, "shows no reader", v.AssertLocked)
	mm.Close()
}

// TestFetchAddCloseReleaseTouchesVMAOnly: a reader still holding a VMA
// when Close begins releases it after Close has detached it; Close waits
// for that release and the release never touches the closed MM.
func TestFetchAddCloseReleaseTouchesVMAOnly(t *testing.T) {
	mm, v := faMM(t)
	if mm.LockVMAWith(0x1800, PlacementFetchAdd) != v {
		t.Fatal("LockVMAWith failed")
	}
	mm.testHook = func(h hookPoint, _ *VMA) {
		switch h {
		case hookWriterSleep:
			v.EndReadWith(PlacementFetchAdd)
		case hookBeforeWake, hookDraining:
			t.Errorf("a fetch-add release reached the MM (%d)", h)
		}
	}
	mm.Close()
	if faRel(v) != faDetached {
		t.Fatalf("count %#x after Close", v.RefCount())
	}
}

// TestFetchAddReleaseAtEachBoundary: EndReadWith(PlacementFetchAdd) tells
// a release that ends a read lock from one that holds none by the count it
// decremented: at the edge of each state's range, a count with a reader in
// it is released (and a writer waiting for that reader woken where the
// release reaches its target), and a count with none panics, puts its
// decrement back and wakes the writer, whose target it may be again.
func TestFetchAddReleaseAtEachBoundary(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rel   uint32 // the count before the release, relative to faBase
		stray bool
		wake  bool
	}{
		{"attached, no reader", 1, true, true},
		{"attached, one reader", 2, false, false},
		{"detached, no reader", faDetached, true, true},
		{"detached, one transient reader", faDetached + 1, false, true},
		{"detached, two transient readers", faDetached + 2, false, false},
		{"writer excluding, no reader", faWriter + 1, true, true},
		{"writer excluding, its last reader", faWriter + 2, false, true},
		{"writer excluding, two readers", faWriter + 3, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, v := faMM(t)
			v.refcnt.FetchAddRelaxed(int32(tc.rel - 1))
			v.wq.waiting.StoreRelaxed(1) // a writer that published its wait
			p := panicOf(func() { v.EndReadWith(PlacementFetchAdd) })
			want := tc.rel - 1
			if tc.stray {
				want = tc.rel
			}
			if (p != nil) != tc.stray || faRel(v) != want {
				t.Errorf("EndReadWith at faBase+%#x: panic %v, count faBase+%#x; want a panic %v and faBase+%#x", tc.rel, p, faRel(v), tc.stray, want)
			}
			if p != nil && !strings.Contains(fmt.Sprint(p), "holds no read lock") {
				t.Errorf("panic %q does not name the misuse", p)
			}
			if woke := pendingWake(v.wq); woke != tc.wake {
				t.Errorf("EndReadWith at faBase+%#x: woke the writer %v, want %v", tc.rel, woke, tc.wake)
			}
		})
	}
}
