package vma

import (
	"errors"
	"fmt"
	"slices"
)

// The errors of the writer operations. They order nothing: a call that
// returns one has changed no VMA.
var (
	// ErrInvalidRange is returned for an empty or reversed range (start >=
	// end), and for a split point outside the VMA (Linux: -EINVAL).
	// Addresses have no page size here: any start < end is a valid range.
	ErrInvalidRange = errors.New("vma: invalid range")
	// ErrOverlap is returned when a new or resized range would overlap
	// another VMA (Linux: -EEXIST, as mmap with MAP_FIXED_NOREPLACE).
	ErrOverlap = errors.New("vma: range overlaps a mapped VMA")
	// ErrForeignVMA is returned when a VMA passed to an MM's method is not
	// one of its VMAs. Linux has none: it finds a VMA through the mm
	// (find_vma) rather than taking one from its caller.
	ErrForeignVMA = errors.New("vma: VMA is not mapped in this MM")
)

// The writer operations below hold to the kernel's order for a VMA that
// leaves the tree: write-lock it, detach it (waiting out transient
// readers), publish the snapshot without it, and only then return the
// object to the Cache. A new VMA is initialised, write-locked, attached
// with a release store, and then published.
//
// Ranges are half-open, [start, end), of plain uint64 addresses: the
// package has no notion of a page, so it neither requires nor rounds to
// any alignment, and a VMA may be one address long. The kernel's callers
// page-align their ranges before they reach the VMA code; a user who
// models pages aligns them the same way, before calling these.

// Map maps [start, end) with a new VMA carrying data (mmap_region), and
// publishes the new snapshot with a release store (sync/atomic), after the
// VMA's own release attach. The VMA comes from the MM's Cache, possibly
// recycled from another MM, and is write-locked for the rest of the
// caller's write session. Any start < end is accepted, aligned or not
// (the range is half-open, so the last address, math.MaxUint64, is never
// mapped); ErrInvalidRange otherwise, ErrOverlap if a VMA is mapped in the
// range.
// The caller holds the mmap write lock; Map panics when nobody holds it
// (like a sync.Mutex the lock has no owner, so a goroutine that calls Map
// while another holds it is not caught), and on a closed MM, as do Unmap,
// Split and Resize.
func (mm *MM) Map(start, end uint64, data any) (*VMA, error) {
	mm.writerCheck("Map")
	if start >= end {
		return nil, fmt.Errorf("%w: [%#x, %#x)", ErrInvalidRange, start, end)
	}
	s := mm.tree()
	if len(s.overlapping(start, end)) != 0 {
		return nil, fmt.Errorf("%w: [%#x, %#x)", ErrOverlap, start, end)
	}
	v := mm.cache.alloc()
	mm.hook(hookAllocated, v)
	mm.adopt(v, start, end, data)
	mm.snap.Store(s.rebuilt([]*VMA{v}, nil))
	return v, nil
}

// adopt makes v, fresh from the Cache and possibly recycled from another
// MM, mm's VMA for [start, end): it stores the owner, the range and Data,
// and then write-locks and attaches v. The stores come before
// MarkAttached's release, so a stale reader of the other MM whose
// acquire increment reads the attach sees mm as the owner in StartRead's
// step 3, and backs off. It is never inlined: fencelab verify runs it as
// the recycling writer of its recycle scenarios, against that reader.
//
//go:noinline
func (mm *MM) adopt(v *VMA, start, end uint64, data any) {
	v.mm, v.start, v.end, v.Data = mm, start, end, data
	mm.attach(v)
}

// attach write-locks and attaches a new, initialised VMA.
func (mm *MM) attach(v *VMA) {
	v.StartWrite()
	mm.hook(hookBeforeAttach, v)
	v.MarkAttached()
}

// Unmap unmaps [start, end) (do_vmi_munmap): VMAs inside it are removed,
// and a VMA that straddles either end is split first, so that the part
// outside stays mapped. Each VMA that goes is write-locked, detached
// (MarkDetached waits for the readers that slipped in), dropped from a
// newly published snapshot (sync/atomic's Store, a release), and only then
// returned to the Cache. Unmapping
// a range where nothing is mapped is not an error. Any start < end is
// accepted, aligned or not, and a VMA is split at any address inside it;
// ErrInvalidRange otherwise. The caller holds the mmap write lock.
//
// Before it changes anything it panics, naming the misuse, if a VMA in the
// range has a count of 0 or a saturated one, which a release without a
// matching acquire leaves (see EndRead): such a VMA can be neither
// write-locked nor detached.
func (mm *MM) Unmap(start, end uint64) error {
	mm.writerCheck("Unmap")
	if start >= end {
		return fmt.Errorf("%w: [%#x, %#x)", ErrInvalidRange, start, end)
	}
	for _, v := range mm.tree().overlapping(start, end) {
		v.assertMapped("Unmap")
	}
	for _, at := range [2]uint64{start, end} {
		if v := mm.tree().find(at); v != nil && v.start < at {
			if _, err := mm.Split(v, at); err != nil {
				return err
			}
		}
	}
	s := mm.tree()
	gone := s.overlapping(start, end)
	for _, v := range gone {
		v.StartWrite()
	}
	mm.hook(hookBeforeDetach, nil)
	for _, v := range gone {
		v.MarkDetached()
	}
	mm.snap.Store(s.rebuilt(nil, gone))
	for _, v := range gone {
		mm.cache.release(v)
	}
	return nil
}

// Split splits v at address at (__split_vma): v keeps [Start, at), and
// the returned new VMA maps [at, End) with a copy of v's Data. The new VMA
// is a duplicate that starts detached, with its own detached count (never a
// copy of v's), and both are write-locked for the rest of the session.
// v is write-locked before its range shrinks; the new VMA is attached with
// a release, as Map's, and then published in a new snapshot with a release
// store, so that a reader that finds it sees its range and Data. Any
// at with Start < at < End is accepted, aligned or not; ErrInvalidRange
// otherwise, ErrForeignVMA if v is not mapped in the MM. The caller holds
// the mmap write lock.
func (mm *MM) Split(v *VMA, at uint64) (*VMA, error) {
	mm.writerCheck("Split")
	if err := mm.owns("Split", v); err != nil {
		return nil, err
	}
	if at <= v.start || at >= v.end {
		return nil, fmt.Errorf("%w: split of [%#x, %#x) at %#x", ErrInvalidRange, v.start, v.end, at)
	}
	n := mm.dup(v)
	n.start = at
	v.StartWrite()
	v.end = at
	mm.attach(n)
	mm.snap.Store(mm.tree().rebuilt([]*VMA{n}, nil))
	return n, nil
}

// dup returns a detached copy of v from the Cache (vm_area_dup): every
// field but the lock state, which is the new object's own (count 0,
// vm_lock_seq impossible). Copying the count would make the copy look
// attached to stale readers before it is.
func (mm *MM) dup(v *VMA) *VMA {
	n := mm.cache.alloc()
	mm.hook(hookAllocated, n)
	n.mm, n.start, n.end, n.Data = v.mm, v.start, v.end, v.Data
	return n
}

// Resize moves v's range to [start, end) (vma_expand, vma_shrink): v is
// write-locked, changed, and a snapshot with its new range is published
// with a release store. Readers that found v through an older snapshot
// recheck the range once they hold it. Any start < end is accepted,
// aligned or not; ErrInvalidRange otherwise, ErrOverlap if it meets
// another VMA, ErrForeignVMA if v is not mapped in the MM. The caller
// holds the mmap write lock.
func (mm *MM) Resize(v *VMA, start, end uint64) error {
	mm.writerCheck("Resize")
	if err := mm.owns("Resize", v); err != nil {
		return err
	}
	if start >= end {
		return fmt.Errorf("%w: [%#x, %#x)", ErrInvalidRange, start, end)
	}
	s := mm.tree()
	for _, o := range s.overlapping(start, end) {
		if o != v {
			return fmt.Errorf("%w: [%#x, %#x)", ErrOverlap, start, end)
		}
	}
	v.StartWrite()
	v.start, v.end = start, end
	mm.snap.Store(s.rebuilt(nil, nil))
	return nil
}

// Close unmaps every VMA and ends the MM (exit_mmap, then mmdrop). It takes
// the mmap write lock itself, and it panics if the MM is closed already.
// Unmapping waits for the readers that hold a VMA; Close then also waits
// until their releases have finished waking the writer, which they do
// after their decrement, so that no release wakes the MM once Close has
// returned (see MM for the lifetime rule). Each release counts its wake-up
// done with a sync/atomic add, its last access to the MM that Close waits
// for, and Close waits on a sync/atomic load of that count: every access
// of those wake-ups happens before Close returns.
//
// After Close no method may be called on the MM, nor be given it. The VMA
// objects it held are back in the Cache: pointers to them are stale
// pointers, which readers of other MMs may still pass to StartRead with
// their own MM, as the Cache describes. Close panics, as Unmap does, if a
// VMA has a count that a release without a matching acquire left.
func (mm *MM) Close() {
	owed := mm.unmapAll()
	mm.drainReleases(owed)
	mm.freed.Store(true)
}

// unmapAll is Close up to its wait: it unmaps everything, marks the MM
// closed and returns the wake-ups that releases owe its writer.
func (mm *MM) unmapAll() (wakesOwed uint64) {
	mm.MmapWriteLock()
	defer mm.MmapWriteUnlock()
	mm.writerCheck("Close")
	s := mm.tree()
	if len(s.entries) != 0 {
		if err := mm.Unmap(s.entries[0].start, s.entries[len(s.entries)-1].end); err != nil {
			panic("vma: Close: " + err.Error())
		}
	}
	mm.closed = true
	return mm.wakesOwed
}

// writerCheck panics unless the caller may change the MM.
func (mm *MM) writerCheck(op string) {
	mm.writeHeldSeq(op)
	if mm.closed {
		panic("vma: " + op + " on a closed MM")
	}
}

// owns reports an error unless v is one of the MM's VMAs. A VMA that the
// tree holds with a count of 0 or a saturated one is not an error but a
// misuse, and op panics on it (see assertMapped).
func (mm *MM) owns(op string, v *VMA) error {
	if v == nil || v.mm != mm {
		return ErrForeignVMA
	}
	if c := v.refcnt.LoadRelaxed(); c > 0 && !v.detachedAt(c) {
		return nil
	}
	if slices.ContainsFunc(mm.tree().entries, func(e entry) bool { return e.vma == v }) {
		v.assertMapped(op)
	}
	return ErrForeignVMA
}
