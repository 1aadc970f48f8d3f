package vma

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/atomicfence/atomicfence"
)

// sleepCounter installs a hook that counts the writer's sleeps in mm and
// runs onSleep at each.
func sleepCounter(mm *MM, onSleep func(v *VMA)) *int {
	n := new(int)
	mm.testHook = func(p hookPoint, v *VMA) {
		if p == hookWriterSleep {
			*n++
			if onSleep != nil {
				onSleep(v)
			}
		}
	}
	return n
}

// TestStartWriteStates runs StartWrite in each state a writer can meet.
// Readers that are in when it comes leave from the sleep hook, that is
// after the writer published that it waits and before it sleeps: the
// wake-up must not be lost.
func TestStartWriteStates(t *testing.T) {
	cases := []struct {
		name    string
		count   int32
		readers int // how many leave while the writer waits
		sleeps  bool
	}{
		{"detached", 0, 0, false},
		{"attached", 1, 0, false},
		{"one reader", 2, 1, true},
		{"three readers", 4, 3, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mm := NewMM(NewCache())
			v := bareVMA(mm, tc.count)
			left := 0
			sleeps := sleepCounter(mm, func(v *VMA) {
				for ; left < tc.readers; left++ {
					v.EndRead()
				}
			})
			session(mm, func() {
				v.StartWrite()
				if !v.writeLocked() {
					t.Error("not write-locked after StartWrite")
				}
				if want := tc.count - int32(tc.readers); v.RefCount() != want {
					t.Errorf("count = %#x, want %#x", v.RefCount(), want)
				}
				if got := v.StartRead(mm); got != ReadBusy && tc.count != 0 {
					t.Errorf("StartRead of a write-locked VMA = %v, want busy", got)
				}
			})
			if (*sleeps > 0) != tc.sleeps {
				t.Errorf("slept %d times; want sleeping %v", *sleeps, tc.sleeps)
			}
			if v.writeLocked() {
				t.Error("still write-locked after MmapWriteUnlock")
			}
		})
	}
}

// TestStartWriteAgain: a second StartWrite in the same session returns at
// once, whatever transient readers did to the count meanwhile.
func TestStartWriteAgain(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	sleeps := sleepCounter(mm, nil)
	session(mm, func() {
		v.StartWrite()
		v.refcnt.FetchAddRelaxed(2) // two readers on their way out
		v.StartWrite()
		if v.RefCount() != 3 || *sleeps != 0 {
			t.Errorf("count %d after %d sleeps, want 3 after none", v.RefCount(), *sleeps)
		}
	})
}

func TestStartWriteMisuse(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	mustPanic(t, "StartWrite without the mmap write lock", v.StartWrite)
	v.refcnt.StoreRelaxed(LockOffset + 1)
	session(mm, func() {
		mustPanic(t, "two writers", v.StartWrite)
	})
}

// TestStartWriteContext gives up while a reader is in: the count is back
// to what it was, the VMA is not locked, and a later StartWrite works.
func TestStartWriteContext(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 2)
	ctx, cancel := context.WithCancel(context.Background())
	sleepCounter(mm, func(*VMA) { cancel() })
	session(mm, func() {
		if err := v.StartWriteContext(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("StartWriteContext = %v, want context.Canceled", err)
		}
		if v.RefCount() != 2 || v.writeLocked() {
			t.Fatalf("after giving up: count %#x, write-locked %v; want 2, false", v.RefCount(), v.writeLocked())
		}
		v.EndRead()
		v.StartWrite()
		if v.RefCount() != 1 || !v.writeLocked() {
			t.Fatalf("StartWrite after the reader left: count %#x, write-locked %v", v.RefCount(), v.writeLocked())
		}
	})
}

// TestStartWriteContextDoneNoReaders: a done context does not stop a writer
// that has nobody to wait for.
func TestStartWriteContextDoneNoReaders(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	session(mm, func() {
		if err := v.StartWriteContext(ctx); err != nil || !v.writeLocked() {
			t.Errorf("StartWriteContext = %v, write-locked %v; want nil, true", err, v.writeLocked())
		}
	})
}

func TestMarkAttachedStates(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 0)
	session(mm, func() {
		v.StartWrite()
		v.MarkAttached()
		if v.RefCount() != 1 {
			t.Errorf("count after MarkAttached = %d, want 1", v.RefCount())
		}
		// A saturated count, which a release without a matching acquire
		// left, is not 0 either: attaching would hide that misuse behind
		// a count of 1.
		for _, c := range []int32{1, 3, LockOffset, atomicfence.Saturated} {
			v.refcnt.StoreRelaxed(c)
			mustPanic(t, "only a detached VMA (count 0) can be attached", v.MarkAttached)
			if got := v.RefCount(); got != c {
				t.Errorf("count %#x after MarkAttached of a VMA whose count was %#x: the misuse must leave it as it was", got, c)
			}
		}
	})
}

// TestMarkDetachedStates: with no reader the decrement detaches at once;
// with transient readers MarkDetached waits until the last one leaves.
func TestMarkDetachedStates(t *testing.T) {
	for _, readers := range []int32{0, 1, 2} {
		mm := NewMM(NewCache())
		v := bareVMA(mm, 1)
		var inside int32
		sleeps := sleepCounter(mm, func(v *VMA) {
			inside = v.RefCount()
			for i := int32(0); i < readers; i++ {
				v.EndRead()
			}
		})
		session(mm, func() {
			v.StartWrite()
			v.refcnt.FetchAddRelaxed(readers) // readers that passed the early check before StartWrite
			v.MarkDetached()
			if v.RefCount() != 0 {
				t.Errorf("%d readers: count after MarkDetached = %d, want 0", readers, v.RefCount())
			}
			if (*sleeps > 0) != (readers > 0) {
				t.Errorf("%d readers: slept %d times", readers, *sleeps)
			}
			if readers > 0 && inside != LockOffset+readers {
				t.Errorf("%d readers: count while waiting = %#x, want LockOffset+%d", readers, inside, readers)
			}
			mustPanic(t, "vma: MarkDetached: VMA [0x1000, 0x2000) is detached (count 0), and the operation needs it attached", v.MarkDetached)
		})
	}
}

// TestMarkDetachedLastReaderLeavesFirst: the last reader leaves between
// MarkDetached's decrement and its exclusion of readers. The count is 0
// already: the writer must leave it so, and not wait for a reader.
func TestMarkDetachedLastReaderLeavesFirst(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 1)
	left := false
	mm.testHook = func(h hookPoint, v *VMA) {
		switch h {
		case hookDetachReadersIn:
			v.EndRead() // 1 → 0
			left = true
		case hookWriterSleep:
			panic("MarkDetached waits for readers of a VMA whose count is 0")
		}
	}
	session(mm, func() {
		v.StartWrite()
		v.refcnt.FetchAddRelaxed(1) // a reader that passed the early check before StartWrite
		if p := panicOf(v.MarkDetached); p != nil {
			t.Fatal(p)
		}
	})
	if !left {
		t.Fatal("MarkDetached found no reader in after its decrement")
	}
	if v.RefCount() != 0 {
		t.Fatalf("count %#x after MarkDetached, want 0", v.RefCount())
	}
}

func TestExcludeReadersAtLimit(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, RefLimit)
	if found, ok := v.excludeReaders(); !ok || found != RefLimit || v.RefCount() != math.MaxInt32 {
		t.Fatalf("count %#x after excluding RefLimit readers, want MaxInt32", v.RefCount())
	}
}

// TestStartWriteContextNil: a nil Context panics, as it does in the
// standard library, instead of standing for a wait that never gives up.
func TestStartWriteContextNil(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	session(mm, func() {
		var nilCtx context.Context
		mustPanic(t, "vma: StartWriteContext with a nil Context", func() { _ = v.StartWriteContext(nilCtx) })
		if v.writeLocked() || v.RefCount() != 1 {
			t.Fatalf("the nil Context left the VMA write-locked %v, count %#x", v.writeLocked(), v.RefCount())
		}
	})
}

// TestStartWriteContextNeedsWriteLock: the missing mmap write lock is
// reported under StartWriteContext's own name.
func TestStartWriteContextNeedsWriteLock(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mustPanic(t, "vma: StartWriteContext without the mmap write lock", func() { _ = v.StartWriteContext(context.Background()) })
}
