//go:build vmadebug

package vma

import "testing"

func TestDebugAssertLocked(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mustPanic(t, "count 1 shows no reader", v.AssertLocked)
	mustPanic(t, "AssertWriteLocked: VMA is not write-locked", v.AssertWriteLocked)
	if mm.LockVMA(0x1000) != v {
		t.Fatal("LockVMA failed")
	}
	v.AssertLocked()
	v.EndRead()
	session(mm, func() {
		v.StartWrite()
		v.AssertLocked()
		v.AssertWriteLocked()
	})
	var none *VMA
	if panicOf(none.AssertLocked) == nil {
		t.Fatal("AssertLocked on a nil VMA did not fault: it checks nothing")
	}
}

func TestDebugAssertLockedRWSem(t *testing.T) {
	mm, v := rwsemVMA(t)
	mustPanic(t, "rw-semaphore is not held for read", v.AssertLocked)
	if v.StartReadWith(mm, PlacementRWSem) != ReadOK {
		t.Fatal("read lock failed")
	}
	v.AssertLocked()
	mustPanic(t, "EndReadWith(PlacementRWSem)", v.EndRead)
	v.EndReadWith(PlacementRWSem)
}

func TestDebugWriterChecks(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 0)
	session(mm, func() {
		mustPanic(t, "MarkAttached: VMA is not write-locked", v.MarkAttached)
		v.StartWrite()
		v.MarkAttached()
	})
	session(mm, func() {
		mustPanic(t, "MarkDetached: VMA is not write-locked", v.MarkDetached)
	})
	mustPanic(t, "FindVMA without the mmap lock", func() { mm.FindVMA(0x1000) })
	mustPanic(t, "VMAs without the mmap lock", func() { mm.VMAs() })
	mustPanic(t, "StartReadLocked without the mmap lock", func() { v.StartReadLocked() })
}
