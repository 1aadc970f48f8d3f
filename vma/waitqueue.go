package vma

import "github.com/atomicfence/atomicfence"

// waitQueue is where one writer sleeps until a count reaches its target:
// the kernel's rcuwait (vma_writer_wait), built from a flag and a channel.
//
// The writer publishes that it waits, then tests the count; a reader
// changes the count, then tests the flag. A full barrier on each side
// (store-buffering order) makes sure at least one of them sees the other,
// so either the writer sees the count it wants or the reader sees the flag
// and sends a wake-up: none is lost. The wake-up is a token in a channel of
// capacity 1, so that it is safe when nobody sleeps (it stays there or is
// dropped because one is already there) and a spurious one is harmless (the
// writer tests the count again).
type waitQueue struct {
	waiting atomicfence.Int32 // 1 while a writer is between publishing and leaving
	token   chan struct{}
}

func (q *waitQueue) init() { q.token = make(chan struct{}, 1) }

// waitFor sleeps until c holds a count from lo to hi and returns it with
// true, or until done is closed while c does not, and returns false. A nil
// done never closes. sleeping, when not nil, runs each time the writer is
// about to sleep. Most writers wait for one count (lo = hi); StartWrite
// also stops at a count that only a misuse reaches, to report it.
//
// The count is read with an acquire load: the writer's later stores (to
// vm_lock_seq, to the fields it changes, to a recycled object) are then
// ordered after the readers' releases that it waited for. The kernel gets
// the same from a control dependency.
func (q *waitQueue) waitFor(c *atomicfence.Int32, lo, hi int32, done <-chan struct{}, sleeping func()) (int32, bool) {
	for {
		q.waiting.StoreRelaxed(1)
		if weakened != orderWaitForMb {
			atomicfence.Mb() // the flag before the test; pairs with the Mb in wake
		}
		var n int32
		if weakened == orderWaitForAcquire {
			n = c.LoadRelaxed()
		} else {
			n = c.LoadAcquire()
		}
		if lo <= n && n <= hi {
			q.waiting.StoreRelaxed(0)
			return n, true
		}
		if sleeping != nil {
			sleeping()
		}
		select {
		case <-q.token:
		case <-done:
			q.waiting.StoreRelaxed(0)
			return n, false
		}
	}
}

// wake wakes the writer if one has published that it waits. Callers have
// changed the count just before: the full barrier orders that change before
// the test of the flag (rcuwait_wake_up's smp_mb).
func (q *waitQueue) wake() {
	if weakened != orderWakeMb {
		atomicfence.Mb()
	}
	if q.waiting.LoadRelaxed() != 0 {
		select {
		case q.token <- struct{}{}:
		default: // one is pending already
		}
	}
}
