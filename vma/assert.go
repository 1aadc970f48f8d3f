package vma

import "fmt"

// AssertWriteLocked panics unless v is write-locked in the current write
// session: the mmap write lock is held and vm_lock_seq equals mm_lock_seq
// (vma_assert_write_locked). Only with the vmadebug build tag; otherwise it
// compiles to nothing. Its loads are relaxed and order nothing: the caller
// that holds the lock already sees its own stores.
func (v *VMA) AssertWriteLocked() {
	if debugChecks {
		v.debugAssertWriteLocked("AssertWriteLocked")
	}
}

// AssertLocked panics unless v is locked, for read or for write
// (vma_assert_locked), in the form Linux merged: it fails when the count
// shows no reader (at most 1) and v is not write-locked. With per-VMA
// rw-semaphores it looks at the semaphore's readers instead. Only with the
// vmadebug build tag; otherwise it compiles to nothing and, in particular,
// does not load the count (the v9 patch did, and review caught it). Its
// loads are relaxed and order nothing, as vma_assert_locked's.
func (v *VMA) AssertLocked() {
	if debugChecks {
		v.debugAssertLocked()
	}
}

// AssertAttached panics if v is detached (count 0, or the detached range of
// a fetch-add VMA; see PlacementFetchAdd): a cheap check that Linux keeps
// on in every build (vma_assert_attached). It panics too on a saturated
// count, which an earlier release without a matching acquire left (see
// EndRead). The load is relaxed: whether a VMA is attached changes only
// under the mmap write lock, which the callers that check it hold.
func (v *VMA) AssertAttached() { v.assertAttached("AssertAttached") }

// assertAttached is AssertAttached for op, which the panic names: a
// second MarkDetached, say.
func (v *VMA) assertAttached(op string) {
	c := v.refcnt.LoadRelaxed()
	if v.detachedAt(c) {
		panic(fmt.Sprintf("vma: %s: VMA [%#x, %#x) is detached (count %d), and the operation needs it attached", op, v.start, v.end, c))
	}
	if v.wq == nil && c < 0 {
		panic(countMisuse(op, v.start, v.end, c))
	}
}

// AssertDetached panics unless v is detached (count 0, or the detached
// range of a fetch-add VMA), like vma_assert_detached, which Linux keeps on
// in every build. The load is relaxed, as AssertAttached's.
func (v *VMA) AssertDetached() {
	if c := v.refcnt.LoadRelaxed(); !v.detachedAt(c) {
		panic(fmt.Sprintf("vma: VMA has count %#x, and the operation needs it detached", c))
	}
}

// writeLocked reports whether v is write-locked in its MM's current write
// session. A VMA that belongs to no MM (back in its Cache) is not.
func (v *VMA) writeLocked() bool {
	if v.mm == nil {
		return false
	}
	seq := v.mm.lockSeq.LoadRelaxed()
	return seq&1 != 0 && v.lockSeq.LoadRelaxed() == seq
}

func (v *VMA) debugAssertWriteLocked(op string) {
	if !v.writeLocked() {
		panic("vma: " + op + ": VMA is not write-locked")
	}
}

func (v *VMA) debugAssertLocked() {
	if v.writeLocked() {
		return
	}
	if v.rw != nil {
		if v.rw.readers() == 0 {
			panic("vma: AssertLocked: the VMA's rw-semaphore is not held for read and the VMA is not write-locked")
		}
		return
	}
	if v.wq != nil {
		// Readers are in above the attached reference, and above a
		// waiting writer's as well.
		if r := faCount(v.refcnt.LoadRelaxed()); !(faAttached(r) && r >= 2) && !(r >= faWriter+2 && r < faBase) {
			panic(fmt.Sprintf("vma: AssertLocked: count %#x shows no reader and the VMA is not write-locked", r+faBase))
		}
		return
	}
	if c := v.refcnt.LoadRelaxed(); c <= 1 {
		panic(fmt.Sprintf("vma: AssertLocked: count %d shows no reader and the VMA is not write-locked", c))
	}
}

func (v *VMA) debugEndRead() {
	if v.rw != nil {
		panic("vma: EndRead on a VMA with a per-VMA rw-semaphore: release it with EndReadWith(PlacementRWSem)")
	}
}

func (mm *MM) debugAssertMmapLocked(op string) {
	if mm.cache == nil {
		panic(notMadeByNewMM) // no one can hold its lock: say why
	}
	if !mm.lock.held() {
		panic("vma: " + op + " without the mmap lock")
	}
}

// debugAssertUnpublished panics if v's MM still publishes v in its tree.
// The Cache may hand a released object to another MM at once, so a writer
// releases it only after it has published the tree without it: detach,
// publish, then free, as the kernel frees a VMA only after the maple tree
// without it is out and an RCU grace period has passed.
func (v *VMA) debugAssertUnpublished() {
	for _, e := range v.mm.snap.Load().entries {
		if e.vma == v {
			panic(fmt.Sprintf("vma: VMA [%#x, %#x) released to the Cache while its MM's tree still holds it: a writer freed it before it published the tree without it", e.start, e.end))
		}
	}
}
