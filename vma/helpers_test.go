package vma

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// session runs fn inside a write session of mm.
func session(mm *MM, fn func()) {
	mm.MmapWriteLock()
	defer mm.MmapWriteUnlock()
	fn()
}

// mustMap maps [start, end) in its own write session, and panics if it
// cannot: the scenarios of the regression tests run without a *testing.T.
func mustMap(mm *MM, start, end uint64, data any) *VMA {
	var v *VMA
	var err error
	session(mm, func() { v, err = mm.Map(start, end, data) })
	if err != nil {
		panic(err)
	}
	return v
}

// mustUnmap unmaps [start, end) in its own write session.
func mustUnmap(mm *MM, start, end uint64) {
	var err error
	session(mm, func() { err = mm.Unmap(start, end) })
	if err != nil {
		panic(err)
	}
}

// catch, deferred, turns a panic of the function into its error result.
func catch(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("panic: %v", p)
	}
}

// bareVMA returns an attached VMA of mm at [0x1000, 0x2000) that no
// snapshot holds, with its count set to count: the state tests put it in
// states that no sequence of calls would leave it in for long.
func bareVMA(mm *MM, count int32) *VMA {
	v := mm.cache.alloc()
	v.mm, v.start, v.end = mm, 0x1000, 0x2000
	v.refcnt.StoreRelaxed(count)
	return v
}

// panicOf runs fn and returns the value it panicked with, or nil.
func panicOf(fn func()) (p any) {
	defer func() { p = recover() }()
	fn()
	return nil
}

// mustPanic fails the test unless fn panics with a message that contains
// want.
func mustPanic(t *testing.T, want string, fn func()) {
	t.Helper()
	p := panicOf(fn)
	if p == nil {
		t.Fatalf("no panic; want one that says %q", want)
	}
	msg := fmt.Sprint(p)
	if err, ok := p.(error); ok {
		msg = err.Error()
	}
	if !strings.Contains(msg, want) {
		t.Fatalf("panic %q does not say %q", msg, want)
	}
}

// pendingWake reports whether a wake-up token waits in q, and takes it.
func pendingWake(q *waitQueue) bool {
	select {
	case <-q.token:
		return true
	default:
		return false
	}
}

// afterIncrement is what every StartRead does once its increment has
// succeeded: steps 3 and 4 (recheck), and the release of the reference
// when they fail (backOff). It is startReadRest holding a reference, the
// code that the inlined StartRead runs after a failed recheck, and the
// same steps as the called StartRead's tail.
func (v *VMA) afterIncrement(mm *MM) ReadResult {
	return v.startReadRest(mm, true)
}

// bugPlacements are the read paths that the regression tests of the bugs
// run on: the default, acquire, one of the count-based placements, and
// the fetch-add placement with its own encoding.
var bugPlacements = []Placement{PlacementAcquire, PlacementFetchAdd}

// lockWith is the lookup of placement p as users call it: LockVMA for
// PlacementAcquire, LockVMAWith(addr, p) for the others.
func lockWith(p Placement) func(*MM, uint64) *VMA {
	if p == PlacementAcquire {
		return (*MM).LockVMA
	}
	return func(mm *MM, addr uint64) *VMA { return mm.LockVMAWith(addr, p) }
}

// attachedRefCount is the count of an attached VMA of a Cache made by
// NewCacheFor(p) on which readers hold read locks and no writer is in.
func attachedRefCount(p Placement, readers int32) int32 {
	if p == PlacementFetchAdd {
		return faBase + 1 + readers
	}
	return 1 + readers
}

// detachedRefCount is the count of a detached VMA of a Cache made by
// NewCacheFor(p), with no transient reader in.
func detachedRefCount(p Placement) int32 {
	if p == PlacementFetchAdd {
		return faBase + faDetached
	}
	return 0
}

// maxRefCount is the count of a VMA of a Cache made by NewCacheFor(p)
// with as many read locks as its readers may hold.
func maxRefCount(p Placement) int32 {
	if p == PlacementFetchAdd {
		return faBase + 1 + FetchAddRefLimit
	}
	return RefLimit
}

// incrementWith is step 2 of a reader of placement p alone, for the tests
// that stop a reader between its increment and its recheck: the acquire
// increment of the count-based placements, or the acquire fetch-add,
// undone with EndReadWith unless it found the VMA attached below its
// limit. It reports whether the reader holds a reference.
func (v *VMA) incrementWith(p Placement) bool {
	if p != PlacementFetchAdd {
		_, ok := v.refcnt.IncNotZeroLimitedAcquire(RefLimit)
		return ok
	}
	if old := faCount(v.refcnt.FetchAddAcquire(1)); old-1 >= faRefLimit-1 {
		v.EndReadWith(p)
		return false
	}
	return true
}

// afterIncrementWith is afterIncrement for a reader of placement p that
// holds the reference incrementWith took: steps 3 and 4, and the release
// of the reference with EndReadWith(p) when they fail.
func (v *VMA) afterIncrementWith(mm *MM, p Placement) ReadResult {
	if p != PlacementFetchAdd {
		return v.afterIncrement(mm)
	}
	if r := v.recheck(mm); r != ReadOK {
		v.EndReadWith(p)
		return r
	}
	return ReadOK
}

// hangLimit is how long a scenario may run before finishes calls it
// stuck: far beyond the milliseconds that one takes, even under -race or
// emulation, so that it reads only a wait that never ends.
const hangLimit = time.Minute

// finishes runs scenario and returns its error, or an error naming the
// hang if it has not returned within hangLimit: a lost wake-up or a
// reference that was never dropped leaves a writer or Close waiting for
// ever, and the test then fails with what it found instead of timing out
// the whole binary. The stuck goroutine is left behind.
func finishes(scenario func() error) error {
	done := make(chan error, 1)
	go func() {
		err := errors.New("stopped before it returned (t.Fatal or runtime.Goexit)")
		defer func() { done <- err }()
		err = scenario()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(hangLimit):
		return fmt.Errorf("did not return within %v: a writer, a reader or Close waits for something that never comes (a lost wake-up, or a reference never dropped)", hangLimit)
	}
}
