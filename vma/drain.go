package vma

import "runtime"

// A reader's release decrements the count and then, if that left only a
// writer, wakes the MM's writer. The decrement can let the writer finish
// and Close the MM before the wake-up is done, so Close counts the
// wake-ups that releases owe and waits for them (see MM).

// oweWakes records the wake-ups that readers' releases owe the writer
// while they drain a VMA's count from LockOffset+from down to
// LockOffset+to: one for each release that leaves LockOffset+1 or
// LockOffset, the values that writerOnly reports. The writer calls it,
// under the mmap write lock, once it knows both ends; a release may still
// be on its way to the wake-up.
func (mm *MM) oweWakes(from, to int32) {
	for left := int32(0); left <= 1; left++ {
		if to <= left && left < from {
			mm.wakesOwed++
		}
	}
}

// wakeWriter wakes the writer that may sleep in mm.writerWait. A reader
// calls it when its release left only a writer in a VMA's count, and it
// counts the wake-up done as its last access to mm: after that, Close may
// return. Waking a freed MM is the use-after-free of CVE-2025-38554, which
// Go's garbage collector would hide; the freed flag makes it a panic
// instead.
func (mm *MM) wakeWriter() {
	mm.hook(hookBeforeWake, nil)
	if mm.freed.Load() {
		panic("vma: woke the writer of a freed MM: a release touched an address space after its Close returned")
	}
	mm.writerWait.wake()
	mm.hook(hookWoken, nil)
	mm.wakesDone.Add(1)
}

// drainReleases waits until every wake-up owed when Close detached the
// last VMA has been done. The releases it waits for are between their
// decrement and the end of their wake-up, a few instructions, so it yields
// in a loop rather than sleep.
func (mm *MM) drainReleases(owed uint64) {
	for mm.wakesDone.Load() < owed {
		mm.hook(hookDraining, nil)
		runtime.Gosched()
	}
}
