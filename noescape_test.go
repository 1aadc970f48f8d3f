package atomicfence

import "testing"

// TestStackWordsStayOnTheStack checks that the operations do not make a
// word declared in a function escape to the heap: a count or flag that is
// a local variable costs no allocation. On 386 and arm a 64-bit word is
// left out: the compiler moves it to the heap for its 8-byte alignment,
// which those stacks do not give.
func TestStackWordsStayOnTheStack(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		var c Int32
		c.StoreRelease(2)
		c.LoadAcquire()
		c.FetchAddAcquire(1)
		c.CompareAndSwapAcquire(3, 4)
		c.AddNotZeroLimitedAcquire(1, 10)
		c.SubAndTest(1)
		var b Bool
		b.SwapAcquire(true)
		b.CompareAndSwapRelease(true, false)
		if ptr64 {
			var u Uint64
			u.StoreRelease(1)
			u.LoadAcquire()
			u.FetchOrFull(2)
		}
	}); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}
