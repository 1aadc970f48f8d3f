//go:build vmadebug

package vma

import "testing"

// TestDebugVMAsIterationUnlocked: a sequence from VMAs that is ranged
// over once the mmap lock is dropped panics when the iteration begins,
// as VMAs itself does without the lock.
func TestDebugVMAsIterationUnlocked(t *testing.T) {
	mm := NewMM(NewCache())
	defer mm.Close()
	mustMap(mm, 0x1000, 0x2000, nil)
	mm.MmapReadLock()
	seq := mm.VMAs()
	mm.MmapReadUnlock()
	mustPanic(t, "VMAs without the mmap lock", func() {
		for range seq {
		}
	})
}
