package vma

import (
	"math"
	"sync"
)

// Cache holds the VMA objects of the MMs made from it, and recycles them at
// once, with no grace period: the kernel's vm_area_cachep, which is
// SLAB_TYPESAFE_BY_RCU since Linux 6.15. An object unmapped from one MM may
// be mapped again by another while a lock-free reader of the first still
// holds a pointer to it; the protocol makes that reader fail (detached,
// wrong MM, or the range recheck) rather than use the wrong VMA. Reuse is
// last-freed first, which makes that happen as often as it can. A Cache is
// safe for concurrent use by its MMs' writers: a mutex orders its taking
// and giving back of objects, as the allocator's own synchronization
// orders kmem_cache_alloc and kmem_cache_free; no read path relies on it.
//
// Such a stale pointer may outlive the MM it was found in: once that MM's
// Close has returned, its objects are here like any other, and a reader
// of another MM that meets one calls StartRead with its own MM, as for any
// recycled object. What may no longer be used is the closed MM itself
// (see MM).
type Cache struct {
	mu      sync.Mutex
	free    []*VMA
	rwsem   bool
	faCount bool
	created int // objects ever made, for the leak checks of the tests
}

// NewCache returns an empty cache for MMs that use the per-VMA count of
// Linux 6.15 and later: the kernel's vm_area_cachep, made by
// kmem_cache_create with SLAB_TYPESAFE_BY_RCU (and its free pointer in
// vm_freeptr, off the fields a reader checks). Making it orders nothing.
func NewCache() *Cache { return &Cache{} }

// NewRWSemCache returns an empty cache for MMs that use the per-VMA
// reader/writer semaphore of Linux 6.4 to 6.14 (the rw_semaphore of
// vma->vm_lock): every VMA object it makes carries one, and readers lock
// it with PlacementRWSem. Making it orders nothing.
func NewRWSemCache() *Cache { return &Cache{rwsem: true} }

// NewFetchAddCache returns an empty cache for MMs whose readers take the
// per-VMA lock with PlacementFetchAdd: one acquire fetch-add that is never
// retried, undone when it finds the VMA busy or detached. Its VMA objects
// keep their count in the encoding that such increments need (see
// PlacementFetchAdd), and each has its own writer wait, so that a release
// never touches an MM. The other placements, and StartRead, LockVMA and
// Fault, find every VMA of such an MM busy; LockVMAWith, FaultWith,
// StartReadWith and EndReadWith with PlacementFetchAdd are its read path.
// Linux has no such cache: it is vm_area_cachep with the count kept as
// rcuref and file_ref keep theirs, the orderings being those of
// PlacementFetchAdd.
func NewFetchAddCache() *Cache { return &Cache{faCount: true} }

// NewCacheFor returns an empty cache for MMs that p can read-lock:
// NewRWSemCache for PlacementRWSem, NewFetchAddCache for PlacementFetchAdd
// and NewCache for the others. It panics on an unknown placement. A
// convenience of this package, for code that compares placements; it
// orders nothing and mirrors nothing in Linux.
func NewCacheFor(p Placement) *Cache {
	switch p {
	case PlacementAcquire, PlacementRelaxedRmb, PlacementRelaxed, PlacementSeqCst:
		return NewCache()
	case PlacementRWSem:
		return NewRWSemCache()
	case PlacementFetchAdd:
		return NewFetchAddCache()
	}
	panic(badPlacement(p))
}

// alloc returns a detached object with vm_lock_seq reset to an impossible
// value (vm_area_alloc, vma_lock_init). Its count is detached (0, or a
// fetch-add VMA's detached range) and stays so until MarkAttached: stale readers may read the object meanwhile, but cannot
// take a reference on it. Only the count and vm_lock_seq are atomic: the
// other fields are written before the release store of MarkAttached, and
// no reader looks at them without a reference.
func (c *Cache) alloc() *VMA {
	c.mu.Lock()
	var v *VMA
	for n := len(c.free); v == nil && n > 0; n-- {
		v = c.free[n-1]
		c.free[n-1] = nil
		c.free = c.free[:n-1]
		if v.refcnt.LoadRelaxed() < 0 {
			// A release without a matching acquire saturated it after
			// it was freed, and panicked: leak it, as a saturated count
			// is meant to be, rather than hand it to the next Map.
			v = nil
		}
	}
	if v == nil {
		v = &VMA{}
		switch {
		case c.rwsem:
			v.rw = newVMARWSem()
		case c.faCount:
			v.initFetchAdd()
		}
		c.created++
	}
	c.mu.Unlock()
	v.AssertDetached()
	v.lockSeq.StoreRelaxed(math.MaxUint32)
	return v
}

// release returns a detached object to the cache (vm_area_free). It drops
// the references the object holds, so that a freed MM and the user's
// payload can be collected.
func (c *Cache) release(v *VMA) {
	v.AssertDetached()
	if debugChecks {
		v.debugAssertUnpublished()
	}
	v.mm, v.Data = nil, nil
	c.mu.Lock()
	c.free = append(c.free, v)
	c.mu.Unlock()
}
