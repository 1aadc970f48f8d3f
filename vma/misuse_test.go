package vma

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence"
)

// spinBound is how long a call that must end is given before the test
// calls it stuck. It bounds a hang, not a speed: every call it guards
// returns at once when it is right.
const spinBound = 10 * time.Second

// panicWithin runs fn in its own goroutine and returns what it panicked
// with, or nil; it fails the test if fn has not returned within spinBound,
// so that a call that spins fails the test instead of hanging the suite.
func panicWithin(t *testing.T, what string, fn func()) any {
	t.Helper()
	done := make(chan any, 1)
	go func() { done <- panicOf(fn) }()
	select {
	case p := <-done:
		return p
	case <-time.After(spinBound):
		t.Fatalf("%s did not return within %v: it spins", what, spinBound)
		return nil
	}
}

// wantPanic fails the test unless p is a panic whose message contains
// every string of want.
func wantPanic(t *testing.T, what string, p any, want ...string) {
	t.Helper()
	if p == nil {
		t.Fatalf("%s did not panic; want a panic that says %q", what, want)
	}
	msg := fmt.Sprint(p)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Fatalf("%s panicked with %q, which does not say %q", what, msg, w)
		}
	}
}

// strays are the two releases without a matching acquire, on a mapped VMA
// that no reader holds.
var strays = map[string]func(mm *MM, v *VMA){
	"EndRead without StartRead": func(_ *MM, v *VMA) { v.EndRead() },
	"second EndRead": func(mm *MM, v *VMA) {
		if mm.LockVMA(v.Start()) != v {
			panic("setup: LockVMA failed")
		}
		v.EndRead()
		v.EndRead()
	},
}

// TestStrayEndRead: a release without a matching acquire on an idle VMA
// takes its count from 1 to 0 while the tree still holds it. EndRead
// panics, naming the misuse, and saturates the count; every later lookup
// (LockVMA, LockVMAWith, Fault) and Unmap panics on the saturated count,
// naming it too, instead of retrying "detached" for ever.
func TestStrayEndRead(t *testing.T) {
	for name, stray := range strays {
		t.Run(name, func(t *testing.T) {
			mm := NewMM(NewCache())
			v := mustMap(mm, 0x1000, 0x2000, nil)
			p := panicWithin(t, "the stray EndRead", func() { stray(mm, v) })
			wantPanic(t, "the stray EndRead", p, "EndRead without StartRead, or a second EndRead", "VMA [0x1000, 0x2000) is in the tree with a count of 0")
			if c := v.RefCount(); c != atomicfence.Saturated {
				t.Fatalf("count %#x after the misuse, want saturated", c)
			}
			const saturated = "VMA [0x1000, 0x2000) has a saturated count"
			// A poisoned VMA is not a detached one.
			p = panicWithin(t, "AssertDetached", v.AssertDetached)
			wantPanic(t, "AssertDetached", p, "vma: VMA has count -0x40000000, and the operation needs it detached")
			p = panicWithin(t, "LockVMA", func() { mm.LockVMA(0x1800) })
			wantPanic(t, "LockVMA", p, "vma: LockVMA: "+saturated, "EndRead without StartRead")
			for _, pl := range countPlacements {
				p = panicWithin(t, "LockVMAWith", func() { mm.LockVMAWith(0x1800, pl) })
				wantPanic(t, "LockVMAWith "+pl.String(), p, "vma: LockVMAWith: "+saturated)
			}
			ran := false
			p = panicWithin(t, "Fault", func() { mm.Fault(0x1800, func(*VMA) { ran = true }) })
			wantPanic(t, "Fault", p, saturated)
			if ran {
				t.Fatal("Fault ran its handler on a poisoned VMA")
			}
			p = panicWithin(t, "Unmap", func() { session(mm, func() { _ = mm.Unmap(0x1000, 0x2000) }) })
			wantPanic(t, "Unmap", p, "vma: Unmap: "+saturated, "EndRead without StartRead")
			p = panicWithin(t, "Close", mm.Close)
			wantPanic(t, "Close", p, "vma: Unmap: "+saturated)
		})
	}
}

// zeroInSession makes the misuse that EndRead cannot see: a second EndRead
// while a writer holds the mmap lock, which leaves a VMA in the tree with
// a count of 0. It returns holding the mmap write lock.
func zeroInSession(t *testing.T, mm *MM) *VMA {
	t.Helper()
	v := mustMap(mm, 0x1000, 0x2000, nil)
	if mm.LockVMA(0x1000) != v {
		t.Fatal("setup: LockVMA failed")
	}
	mm.MmapWriteLock()
	v.EndRead()
	if p := panicOf(v.EndRead); p != nil {
		t.Fatalf("EndRead panicked while a writer held the mmap lock, when it cannot tell a detach from a misuse: %v", p)
	}
	if c := v.RefCount(); c != 0 {
		t.Fatalf("setup: count %#x, want 0", c)
	}
	return v
}

// TestCountZeroInTree: after a misuse that left a VMA in the tree with a
// count of 0, LockVMA retries a bounded number of times. While a writer
// holds the mmap lock it cannot tell the misuse from a detach in progress,
// and returns nil, so that the caller falls back (LockVMAWith too); once
// no writer holds it, it panics naming the misuse. Fault (through LockVMA), Unmap, Split and
// Resize panic too.
func TestCountZeroInTree(t *testing.T) {
	mm := NewMM(NewCache())
	v := zeroInSession(t, mm)
	gaveUp, retries := false, 0
	mm.testHook = func(h hookPoint, _ *VMA) {
		switch h {
		case hookDetachedGiveUp:
			gaveUp = true
		case hookDetachedRetry:
			retries++
		}
	}
	var got *VMA
	if p := panicWithin(t, "LockVMA during a write session", func() { got = mm.LockVMA(0x1800) }); p != nil || got != nil || !gaveUp {
		t.Fatalf("LockVMA during a write session = %p, panic %v, gave up %v; want nil, none, true", got, p, gaveUp)
	}
	// The bound that the lookup's comment gives: a legitimate retry needs
	// one or two, and a spin of many more would stand in the writer's way.
	if retries != 64 {
		t.Errorf("LockVMA looked again %d times before giving up, want 64", retries)
	}
	gaveUp = false
	if p := panicWithin(t, "LockVMAWith during a write session", func() { got = mm.LockVMAWith(0x1800, PlacementSeqCst) }); p != nil || got != nil || !gaveUp {
		t.Fatalf("LockVMAWith during a write session = %p, panic %v, gave up %v; want nil, none, true", got, p, gaveUp)
	}
	mm.MmapWriteUnlock()

	const zero = "VMA [0x1000, 0x2000) is in the tree with a count of 0"
	p := panicWithin(t, "LockVMA", func() { mm.LockVMA(0x1800) })
	wantPanic(t, "LockVMA", p, "vma: LockVMA: "+zero, "EndRead without StartRead")
	p = panicWithin(t, "LockVMAWith", func() { mm.LockVMAWith(0x1800, PlacementSeqCst) })
	wantPanic(t, "LockVMAWith", p, "vma: LockVMAWith: "+zero)
	p = panicWithin(t, "Fault", func() { mm.Fault(0x1800, func(*VMA) {}) })
	wantPanic(t, "Fault", p, zero)
	for name, op := range map[string]func() error{
		"Unmap":  func() error { return mm.Unmap(0x1800, 0x1900) },
		"Split":  func() error { _, err := mm.Split(v, 0x1800); return err },
		"Resize": func() error { return mm.Resize(v, 0x1000, 0x3000) },
	} {
		var err error
		p := panicWithin(t, name, func() { session(mm, func() { err = op() }) })
		wantPanic(t, fmt.Sprintf("%s (error %v)", name, err), p, "vma: "+name+": "+zero)
	}
	if got := ranges(mm); got != "[0x1000,0x2000)" {
		t.Fatalf("the failed writers changed the MM: %s", got)
	}
}

// TestFaultFallbackCountZero: LockVMA gives up while a writer holds the
// mmap lock; Fault then takes the mmap read lock behind that writer and
// finds the VMA in the tree with a count of 0, which under the mmap lock
// is certain misuse: it panics naming it, without running the handler and
// without keeping the mmap read lock.
func TestFaultFallbackCountZero(t *testing.T) {
	mm := NewMM(NewCache())
	zeroInSession(t, mm)
	gaveUp := make(chan struct{}, 1)
	mm.testHook = func(h hookPoint, _ *VMA) {
		if h == hookDetachedGiveUp {
			signal(gaveUp)
		}
	}
	ran := false
	fault := make(chan any, 1)
	go func() { fault <- panicOf(func() { mm.Fault(0x1800, func(*VMA) { ran = true }) }) }()
	select {
	case <-gaveUp:
	case <-time.After(spinBound):
		t.Fatalf("LockVMA did not give up within %v: it spins", spinBound)
	}
	mm.MmapWriteUnlock()
	p := <-fault
	wantPanic(t, "Fault", p, "vma: Fault: VMA [0x1000, 0x2000) is in the tree with a count of 0", "EndRead without StartRead")
	if ran {
		t.Fatal("Fault ran its handler on a detached VMA")
	}
	if p := panicWithin(t, "MmapWriteLock after the failed Fault", func() { session(mm, func() {}) }); p != nil {
		t.Fatal(p)
	}
}

// TestLastReaderOfDetachingVMA: the one legitimate release that takes a
// count from 1 to 0, the last transient reader of a VMA that MarkDetached
// has just decremented, must not be taken for a misuse: neither when its
// check runs at once, while the tree still holds the VMA, nor when it runs
// after the writer has published the tree without the VMA, ended its
// session, and mapped the recycled object again at the same range, nor
// when another writer unmaps it once more between the check's look at the
// tree and its load of the count (again): the check must see that a
// writer came in between.
func TestLastReaderOfDetachingVMA(t *testing.T) {
	for _, c := range []struct{ late, again bool }{{false, false}, {true, false}, {true, true}} {
		late := c.late
		t.Run(fmt.Sprintf("late=%v/again=%v", c.late, c.again), func(t *testing.T) {
			mm := NewMM(NewCache())
			v := mustMap(mm, 0x1000, 0x2000, nil)
			release, atZero, proceed := make(chan struct{}), make(chan struct{}), make(chan struct{})
			checked := make(chan any, 1)
			go func() {
				<-release
				checked <- panicOf(func() {
					if r := v.afterIncrement(mm); r != ReadBusy { // the transient reader finds v write-locked
						panic(fmt.Sprintf("the transient reader got %v, want busy", r))
					}
				})
			}()
			mm.testHook = func(h hookPoint, _ *VMA) {
				switch h {
				case hookDetachReadersIn: // the writer's decrement left the reader alone in the count
					close(release)
					select {
					case <-atZero:
					case <-time.After(spinBound):
						t.Fatal("the last reader's release never reached 0 and its check")
					}
					if !late { // the reader's check ends before the writer goes on
						checked <- <-checked
					}
				case hookReleasedToZero: // the reader's decrement reached 0
					close(atZero)
					if late {
						<-proceed
					}
				case hookZeroInTree: // the check found v in the tree, mapped again
					if c.again {
						mustUnmap(mm, 0x1000, 0x2000)
					}
				}
			}
			session(mm, func() {
				v.StartWrite()
				if _, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit); !ok { // passed the early check before StartWrite
					t.Fatal("setup: the reader's increment failed")
				}
				if err := mm.Unmap(0x1000, 0x2000); err != nil {
					t.Fatal(err)
				}
			})
			if w := mustMap(mm, 0x1000, 0x2000, nil); w != v {
				t.Fatal("setup: the object was not recycled")
			}
			close(proceed)
			if p := <-checked; p != nil {
				t.Fatalf("the last reader's release was taken for a misuse: %v", p)
			}
			want := int32(1)
			if c.again {
				want = 0
			}
			if got := v.RefCount(); got != want {
				t.Fatalf("count %#x after the release, want %#x", got, want)
			}
		})
	}
}

// TestStartWriteSaturated: a writer that meets a saturated count says so,
// and names the misuse that saturates a count; it does not call it a
// count above RefLimit. Two stray releases saturate the count whether or
// not the first is caught.
func TestStartWriteSaturated(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	panicOf(v.EndRead)
	mustPanic(t, "release without a matching acquire", v.EndRead)
	if c := v.RefCount(); c != atomicfence.Saturated {
		t.Fatalf("count %#x after two stray releases, want saturated", c)
	}
	session(mm, func() {
		p := panicOf(v.StartWrite)
		wantPanic(t, "StartWrite", p, "VMA [0x1000, 0x2000) has a saturated count (-1073741824)", "EndRead without StartRead")
		if strings.Contains(fmt.Sprint(p), "above RefLimit") {
			t.Fatalf("a saturated count is reported as above RefLimit: %v", p)
		}
	})
}

// TestMarkDetachedSaturated: MarkDetached and AssertAttached on a saturated
// count name the VMA and the misuse that saturated it, rather than let the
// count's own decrement report an underflow that MarkDetached did not make.
func TestMarkDetachedSaturated(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	panicOf(v.EndRead)
	mustPanic(t, "release without a matching acquire", v.EndRead)
	wantPanic(t, "AssertAttached", panicOf(v.AssertAttached), "vma: AssertAttached: VMA [0x1000, 0x2000) has a saturated count (-1073741824)", "EndRead without StartRead")
	session(mm, func() {
		// StartWrite refuses the saturated count (TestStartWriteSaturated):
		// write-lock v as it would, for the checks of -tags vmadebug.
		v.lockSeq.StoreRelaxed(mm.lockSeq.LoadRelaxed())
		wantPanic(t, "MarkDetached", panicOf(v.MarkDetached), "vma: MarkDetached: VMA [0x1000, 0x2000) has a saturated count (-1073741824)", "EndRead without StartRead")
	})
	if c := v.RefCount(); c != atomicfence.Saturated {
		t.Errorf("count %#x after the refused MarkDetached, want it left saturated", c)
	}
}

// TestStrayEndReadUnderWriter: a second EndRead while StartWrite waits for
// the VMA's reader takes the attached reference from under the writer
// (LockOffset+1 to LockOffset), which EndRead cannot tell from the last
// reader of a VMA being detached. The writer stops at that count instead
// of sleeping for ever, puts the reference back, leaves the VMA unlocked
// and panics, naming the misuse; the VMA can be read, written and
// unmapped after it. So does a StartWriteContext whose context is
// cancelled as the stray release lands (cancelled), which gives up and
// finds LockOffset as it lets readers back in.
func TestStrayEndReadUnderWriter(t *testing.T) {
	type start struct {
		op     string
		call   func(*VMA, context.Context)
		cancel bool
	}
	starts := map[string]start{
		"StartWrite":                  {"StartWrite", func(v *VMA, _ context.Context) { v.StartWrite() }, false},
		"StartWriteContext":           {"StartWriteContext", func(v *VMA, ctx context.Context) { _ = v.StartWriteContext(ctx) }, false},
		"StartWriteContext/cancelled": {"StartWriteContext", func(v *VMA, ctx context.Context) { _ = v.StartWriteContext(ctx) }, true},
	}
	for name, st := range starts {
		t.Run(name, func(t *testing.T) {
			mm := NewMM(NewCache())
			v := mustMap(mm, 0x1000, 0x2000, nil)
			if mm.LockVMA(0x1000) != v {
				t.Fatal("setup: LockVMA failed")
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sleeps := sleepCounter(mm, func(v *VMA) {
				if v.RefCount() == LockOffset+2 {
					v.EndRead()
					v.EndRead() // the stray: LockOffset+1 to LockOffset
					if st.cancel {
						cancel()
						// Take the releases' pending wake-up, so that the
						// writer's wait sees the cancellation alone and
						// gives up.
						select {
						case <-mm.writerWait.token:
						default:
						}
					}
				}
			})
			var p any
			var locked bool
			panicWithin(t, name, func() {
				session(mm, func() {
					p = panicOf(func() { st.call(v, ctx) })
					locked = v.writeLocked()
				})
			})
			want := "while the writer waited for its readers"
			if st.cancel {
				want = "while the writer let its readers back in"
			}
			wantPanic(t, name, p, want, "vma: "+st.op+": a release without a matching acquire (EndRead without StartRead, or a second EndRead) took the attached reference of VMA [0x1000, 0x2000)")
			if *sleeps != 1 {
				t.Fatalf("the writer slept %d times, want 1", *sleeps)
			}
			if c := v.RefCount(); c != 1 || locked {
				t.Fatalf("after the panic: count %#x, write-locked %v; want 1, false", c, locked)
			}
			usableAfterStray(t, mm, v)
		})
	}
}

// TestStrayEndReadAfterWriterWait: a release without a matching acquire
// that lands after the writer's wait has ended (the count at LockOffset+1,
// the attached reference alone) and before the writer lets readers back in
// takes the attached reference and wakes the writer. The writer's
// readmission then finds LockOffset: it puts the reference back, counts
// that wake-up as owed, so that Close still waits for every release's
// wake-up, and panics naming the misuse. The VMA stays write-locked by the
// session, and can be read, written and its MM closed after it.
func TestStrayEndReadAfterWriterWait(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	if mm.LockVMA(0x1000) != v {
		t.Fatal("setup: LockVMA failed")
	}
	strays := 0
	mm.testHook = func(p hookPoint, _ *VMA) {
		switch p {
		case hookWriterSleep:
			v.EndRead() // the reader leaves, and the wait ends
		case hookWaited:
			strays++
			v.EndRead() // the stray: LockOffset+1 to LockOffset
		}
	}
	var p any
	var locked bool
	panicWithin(t, "StartWrite", func() {
		session(mm, func() {
			p = panicOf(v.StartWrite)
			locked = v.writeLocked()
		})
	})
	if strays != 1 {
		t.Fatalf("the stray release ran %d times, want 1: the writer did not wait", strays)
	}
	wantPanic(t, "StartWrite", p, "vma: StartWrite: a release without a matching acquire (EndRead without StartRead, or a second EndRead) took the attached reference of VMA [0x1000, 0x2000) while the writer let its readers back in")
	if c := v.RefCount(); c != 1 || !locked {
		t.Fatalf("after the panic: count %#x, write-locked %v; want 1, true", c, locked)
	}
	usableAfterStray(t, mm, v)
}

// usableAfterStray checks what a writer that caught a stray release must
// leave: every wake-up of the releases counted as owed, so that Close
// waits for them, and a VMA [0x1000, 0x2000) that reads, writes and closes
// with its MM.
func usableAfterStray(t *testing.T, mm *MM, v *VMA) {
	t.Helper()
	if done, owed := mm.wakesDone.Load(), mm.wakesOwed; done != owed {
		t.Fatalf("the releases did %d wake-ups and the writer recorded %d owed: Close could return before a release's wake-up", done, owed)
	}
	mm.testHook = nil
	if mm.LockVMA(0x1000) != v {
		t.Fatal("LockVMA failed after the writer put the reference back")
	}
	v.EndRead()
	session(mm, func() {
		v.StartWrite()
		if v.RefCount() != 1 || !v.writeLocked() {
			t.Fatalf("StartWrite after the panic: count %#x, write-locked %v", v.RefCount(), v.writeLocked())
		}
	})
	mm.Close()
}

// TestFaultNilFn: Fault and FaultWith given no function panic naming the
// misuse before they take a lock: the VMA's count and the mmap lock are
// as they were, and the next fault runs.
func TestFaultNilFn(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mustPanic(t, "vma: Fault with a nil fn", func() { mm.Fault(0x1800, nil) })
	mustPanic(t, "vma: FaultWith with a nil fn", func() { mm.FaultWith(0x1800, PlacementAcquire, nil) })
	if c, r := v.RefCount(), mm.lock.readers.Load(); c != 1 || r != 0 {
		t.Fatalf("after the panics: count %d, mmap lock readers %d; want 1, 0", c, r)
	}
	if !mm.Fault(0x1800, func(got *VMA) {
		if got != v {
			t.Errorf("Fault ran fn on %p, want %p", got, v)
		}
	}) {
		t.Fatal("Fault after the panics found no VMA")
	}
}
