//go:build vmadebug

package vma

import "testing"

// TestDebugChecksUnmapped: the debug checks of a VMA that Unmap has
// returned to its Cache say what is wrong with it, rather than dereference
// its nil owner.
func TestDebugChecksUnmapped(t *testing.T) {
	mm, v := unmapped(PlacementAcquire)
	mustPanic(t, "vma: AssertWriteLocked: VMA is not write-locked", v.AssertWriteLocked)
	mustPanic(t, "vma: AssertLocked: count 0 shows no reader and the VMA is not write-locked", v.AssertLocked)
	session(mm, func() {
		mustPanic(t, "vma: MarkDetached: VMA is not write-locked", v.MarkDetached)
	})
	mm.MmapReadLock()
	mustPanic(t, "vma: StartReadLocked of a VMA that belongs to no MM", func() { v.StartReadLocked() })
	mm.MmapReadUnlock()
	mapsAgain(t, mm, v)
}
