package vma

import (
	"testing"

	"github.com/atomicfence/atomicfence"
)

// countPlacements are the placements that share the count protocol.
var countPlacements = []Placement{PlacementAcquire, PlacementRelaxedRmb, PlacementRelaxed, PlacementSeqCst}

// TestStartReadStates runs StartRead, through every count-based placement,
// in each state of the count table.
func TestStartReadStates(t *testing.T) {
	cases := []struct {
		name        string
		count       int32
		writeLocked bool
		want        ReadResult
		after       int32
	}{
		{"detached", 0, false, ReadDetached, 0},
		{"attached", 1, false, ReadOK, 2},
		{"readers", 5, false, ReadOK, 6},
		{"one below the limit", RefLimit - 1, false, ReadOK, RefLimit},
		{"at the limit", RefLimit, false, ReadBusy, RefLimit},
		{"detaching, no reader", LockOffset, false, ReadBusy, LockOffset},
		{"excluding, no reader", LockOffset + 1, false, ReadBusy, LockOffset + 1},
		{"writer waiting for readers", LockOffset + 3, false, ReadBusy, LockOffset + 3},
		{"saturated", atomicfence.Saturated, false, ReadBusy, atomicfence.Saturated},
		{"write-locked", 1, true, ReadBusy, 1},
		{"write-locked with a transient reader", 2, true, ReadBusy, 2},
	}
	for _, p := range countPlacements {
		for _, tc := range cases {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				mm := NewMM(NewCache())
				v := bareVMA(mm, tc.count)
				if tc.writeLocked {
					mm.MmapWriteLock()
					defer mm.MmapWriteUnlock()
					v.lockSeq.StoreRelaxed(mm.lockSeq.LoadRelaxed())
				}
				if got := v.StartReadWith(mm, p); got != tc.want {
					t.Errorf("StartReadWith = %v, want %v", got, tc.want)
				}
				if got := v.RefCount(); got != tc.after {
					t.Errorf("count after = %#x, want %#x", got, tc.after)
				}
			})
		}
	}
}

// TestStartReadRecheck locks the VMA between the early check and the
// increment: the recheck (step 4) must catch it and drop the reference.
func TestStartReadRecheck(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
		t.Fatal("step 1 would fail already")
	}
	session(mm, func() {
		v.StartWrite()
		if _, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok {
			t.Fatal("increment failed")
		}
		if got := v.afterIncrement(mm); got != ReadBusy {
			t.Errorf("afterIncrement on a write-locked VMA = %v, want busy", got)
		}
		if got := v.RefCount(); got != 1 {
			t.Errorf("count = %d, want 1: the recheck must drop its reference", got)
		}
	})
	if got := v.StartRead(mm); got != ReadOK {
		t.Fatalf("StartRead after the session = %v, want ok", got)
	}
}

// TestStartReadInlinePaths drives the bodies that the inlined StartRead
// is made of (see inlineRead) on every architecture: the early check that
// returns at once, the try and its recheck, and the way out to
// startReadRest with and without the try's reference.
func TestStartReadInlinePaths(t *testing.T) {
	noTry := func(*VMA, *MM, restFunc) ReadResult {
		t.Error("a VMA found write-locked by the early check went on to the try")
		return ReadOK
	}
	noRest := func(*VMA, *MM, bool) ReadResult {
		t.Error("the try on an idle VMA left for startReadRest")
		return ReadBusy
	}
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	if got := v.startReadInline(mm, func(v *VMA, mm *MM, rest restFunc) ReadResult { return v.startReadTry(mm, noRest) }, nil); got != ReadOK || v.RefCount() != 2 {
		t.Fatalf("the inlined StartRead on an idle VMA = %v, count %d; want ok, 2", got, v.RefCount())
	}
	// The try fails on a count that another reader holds: startReadRest
	// makes the increment that reads the count.
	var helds []bool
	rest := func(v *VMA, mm *MM, held bool) ReadResult {
		helds = append(helds, held)
		return v.startReadRest(mm, held)
	}
	if got := v.startReadTry(mm, rest); got != ReadOK || v.RefCount() != 3 || len(helds) != 1 || helds[0] {
		t.Fatalf("the try on a held VMA = %v, count %d, rest called with %v; want ok, 3, [false]", got, v.RefCount(), helds)
	}
	v.EndRead()
	v.EndRead()
	session(mm, func() {
		v.StartWrite()
		if got := v.startReadInline(mm, noTry, nil); got != ReadBusy || v.RefCount() != 1 {
			t.Errorf("the inlined StartRead on a write-locked VMA = %v, count %d; want busy, 1", got, v.RefCount())
		}
		// The writer locked v after the reader's early check: the try
		// succeeds on the idle count, and the recheck sends the reader to
		// startReadRest holding it, which drops it.
		helds = nil
		got := v.startReadTry(mm, rest)
		if got != ReadBusy || v.RefCount() != 1 || len(helds) != 1 || !helds[0] {
			t.Errorf("the try on a VMA write-locked since the early check = %v, count %d, rest called with %v; want busy, 1, [true]", got, v.RefCount(), helds)
		}
		if got == ReadOK {
			v.EndRead() // what a reader that thinks it holds v would do, so that Close does not wait for it
		}
	})
	// A reference left behind would keep Close waiting.
	if err := finishes(func() error { mm.Close(); return nil }); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestStartReadWrongMM: a VMA of another MM is released at once, and that
// MM is left as it was: no writer waits, so no wake-up is owed or made.
func TestStartReadWrongMM(t *testing.T) {
	c := NewCache()
	mine, other := NewMM(c), NewMM(c)
	v := bareVMA(other, 1)
	for _, p := range countPlacements {
		if got := v.StartReadWith(mine, p); got != ReadWrongMM {
			t.Errorf("%v: StartReadWith = %v, want wrong-mm", p, got)
		}
		if got := v.RefCount(); got != 1 {
			t.Errorf("%v: count = %d, want 1", p, got)
		}
		if other.wakesOwed != 0 || other.wakesDone.Load() != 0 || other.freed.Load() {
			t.Errorf("%v: other MM owes %d wake-ups, has done %d, freed %v; want 0, 0, false", p, other.wakesOwed, other.wakesDone.Load(), other.freed.Load())
		}
	}
}

// TestEndReadStates runs EndRead in each state a reader can leave, with a
// writer registered as waiting: it must wake it exactly when only the
// writer is left.
func TestEndReadStates(t *testing.T) {
	cases := []struct {
		name   string
		before int32
		after  int32
		wake   bool
	}{
		{"last reader", 2, 1, false},
		{"at the limit", RefLimit, RefLimit - 1, false},
		{"last reader before an excluding writer", LockOffset + 2, LockOffset + 1, true},
		{"last reader before a detaching writer", LockOffset + 1, LockOffset, true},
		{"other readers still in", LockOffset + 3, LockOffset + 2, false},
		{"the writer's detach came first", 1, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mm := NewMM(NewCache())
			v := bareVMA(mm, tc.before)
			mm.writerWait.waiting.StoreRelaxed(1)
			v.EndRead()
			if got := v.RefCount(); got != tc.after {
				t.Errorf("count = %#x, want %#x", got, tc.after)
			}
			if got := pendingWake(&mm.writerWait); got != tc.wake {
				t.Errorf("woke the writer: %v, want %v", got, tc.wake)
			}
		})
	}
}

// TestEndReadNotHeld: a release that drives the count below zero panics,
// naming the misuse, and leaves the count saturated so that no reader
// gets in afterwards.
func TestEndReadNotHeld(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 0)
	mustPanic(t, "release without a matching acquire", v.EndRead)
	if got := v.RefCount(); got != atomicfence.Saturated {
		t.Errorf("count = %#x, want saturated", got)
	}
	if got := v.StartRead(mm); got != ReadBusy {
		t.Errorf("StartRead on a saturated count = %v, want busy", got)
	}
}

// TestWakeNobodyWaits: a reader's wake-up with no writer waiting leaves no
// token behind.
func TestWakeNobodyWaits(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, LockOffset+2)
	v.EndRead()
	if pendingWake(&mm.writerWait) {
		t.Error("a wake-up token was left with no writer waiting")
	}
}

func TestStartReadLockedStates(t *testing.T) {
	cases := []struct {
		count, after int32
		ok           bool
	}{
		{1, 2, true},
		{7, 8, true},
		{RefLimit - 1, RefLimit, true},
		{RefLimit, RefLimit, false},
		{0, 0, false},
	}
	for _, tc := range cases {
		mm := NewMM(NewCache())
		v := bareVMA(mm, tc.count)
		mm.MmapReadLock()
		ok := v.StartReadLocked()
		mm.MmapReadUnlock()
		if ok != tc.ok || v.RefCount() != tc.after {
			t.Errorf("count %#x: StartReadLocked = %v leaving %#x, want %v leaving %#x", tc.count, ok, v.RefCount(), tc.ok, tc.after)
		}
	}
}

func TestReadResultString(t *testing.T) {
	for r, want := range map[ReadResult]string{ReadOK: "ok", ReadBusy: "busy", ReadDetached: "detached", ReadWrongMM: "wrong-mm", 9: "ReadResult(9)"} {
		if got := r.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", uint8(r), got, want)
		}
	}
}

// TestEndReadWithoutLock: a release that finds LockOffset, which holds no
// reader, panics and leaves the count as it found it: on a VMA of an
// rw-semaphore MM, whose count is the attached flag, and on a count-based
// VMA that a writer is detaching. It wakes that writer, which may have read
// the count one below meanwhile and gone to sleep (TestStepStrayEndReadWakesWriter),
// but counts no wake-up done: no release owed one.
func TestEndReadWithoutLock(t *testing.T) {
	_, rw := rwsemVMA(t)
	mm := NewMM(NewCache())
	detaching := bareVMA(mm, LockOffset)
	mm.writerWait.waiting.StoreRelaxed(1)
	for _, v := range []*VMA{rw, detaching} {
		mustPanic(t, "EndReadWith(PlacementRWSem)", v.EndRead)
		if got := v.RefCount(); got != LockOffset {
			t.Errorf("count %#x after the misuse, want LockOffset", got)
		}
	}
	if !pendingWake(&mm.writerWait) {
		t.Error("the misuse did not wake the writer")
	}
	if got := mm.wakesDone.Load(); got != 0 {
		t.Errorf("%d wake-ups counted done after the misuse, want 0", got)
	}
}
