package vma

import (
	"math"
	"runtime"
)

// bugs re-creates, in the test, the read paths that the known bugs had.
// Each field breaks one step; the zero value is the package's own read path,
// step for step, built from the same pieces. A regression test runs its
// scenario once on the package and once on a broken variant, and requires
// the scenario to pass on the first and fail on the second: that is what
// shows the test would catch the bug.
type bugs struct {
	releaseDetached bool // bug 1: release the VMA after a detached failure
	reuseSnapshot   bool // bug 3: the retry after a detached failure searches the old snapshot again
	noLimit         bool // bug 8: the increment has no RefLimit
	noRecheck       bool // the stress test's broken lock: no vm_lock_seq recheck after the increment
	// yieldBeforeIncrement widens the window between the early check and
	// the increment, as a preemption would.
	yieldBeforeIncrement bool
}

func (b bugs) startRead(v *VMA, mm *MM) ReadResult {
	if v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
		return ReadBusy
	}
	if b.yieldBeforeIncrement {
		runtime.Gosched()
	}
	limit := int32(RefLimit)
	if b.noLimit {
		limit = math.MaxInt32
	}
	if old, ok := v.refcnt.IncNotZeroLimitedAcquire(limit); !ok {
		return incrementFailed(old)
	}
	return b.afterIncrement(v, mm)
}

func (b bugs) afterIncrement(v *VMA, mm *MM) ReadResult {
	if v.mm != mm {
		v.EndRead()
		return ReadWrongMM
	}
	if !b.noRecheck {
		seq := mm.lockSeq.LoadAcquire()
		if v.lockSeq.LoadRelaxed() == seq {
			v.EndRead()
			return ReadBusy
		}
	}
	return ReadOK
}

// lockVMA is LockVMA with the bugs.
func (b bugs) lockVMA(mm *MM, addr uint64) *VMA {
	s := mm.snap.Load()
	for retries := 0; ; retries++ {
		if !b.reuseSnapshot {
			s = mm.snap.Load()
		}
		v := s.find(addr)
		if v == nil {
			return nil
		}
		switch b.startRead(v, mm) {
		case ReadOK:
			if !v.covers(addr) {
				v.EndRead()
				return nil
			}
			return v
		case ReadDetached:
			if b.releaseDetached {
				v.EndRead()
			}
			if !mm.retryDetached("lockVMA", v, retries) {
				return nil
			}
		default:
			v.assertNotSaturated("lockVMA")
			return nil
		}
	}
}

// closeWithoutDrain is Close without its wait for the releases in flight:
// it frees the MM as soon as every VMA is detached, as a Close that left
// it to its callers to keep the MM alive would.
func closeWithoutDrain(mm *MM) {
	mm.unmapAll()
	mm.freed.Store(true)
}
