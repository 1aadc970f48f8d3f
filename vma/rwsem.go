package vma

import "github.com/atomicfence/atomicfence"

// vmaRWSem is the per-VMA lock of Linux 6.4 to 6.14 (vma->vm_lock->lock, an
// rw_semaphore), cut down to what that design used: readers only ever
// try-lock it, and the one writer (serialised by the mmap write lock) takes
// it for write and sleeps until its readers leave. The count has the
// kernel's layout: bit 0 is RWSEM_WRITER_LOCKED, each reader adds
// RWSEM_READER_BIAS.
//
// Its waiter is its own, not the MM's: releasing it never touches an MM,
// which is why this design had no counterpart of CVE-2025-38554.
type vmaRWSem struct {
	count atomicfence.Int32
	waitq waitQueue
}

const (
	rwsemWriterLocked = 1      // RWSEM_WRITER_LOCKED: a writer holds or waits
	rwsemReaderBias   = 1 << 8 // RWSEM_READER_BIAS
	// rwsemReadFail is where try-locks start failing, far below the sign
	// bit: the kernel's RWSEM_FLAG_READFAIL guards its count the same way.
	rwsemReadFail = 1 << 30
	// rwsemAttached is the count of an attached VMA in an MM that uses
	// this lock: the count is only the attached flag there, and a value
	// above RefLimit makes every count-based read path fail as busy.
	rwsemAttached = LockOffset
)

func newVMARWSem() *vmaRWSem {
	s := &vmaRWSem{}
	s.waitq.init()
	return s
}

// tryRead is down_read_trylock: an acquire compare-and-swap loop that adds
// a reader unless a writer holds or waits. A negative count fails too: it
// is a stray release's decrement that endRead is about to put back, and a
// reader that took it for free would let a writer in beside it.
func (s *vmaRWSem) tryRead() bool {
	if weakened == orderRWSemTryReadAcquire {
		return s.tryReadRelaxed()
	}
	old := s.count.LoadRelaxed()
	for old >= 0 && old&rwsemWriterLocked == 0 && old < rwsemReadFail-rwsemReaderBias {
		prev, ok := s.count.CompareAndSwapAcquire(old, old+rwsemReaderBias)
		if ok {
			return true
		}
		old = prev
	}
	return false
}

// endRead is up_read: a release subtraction, then a wake-up if it left only
// a waiting writer. On a semaphore that no reader holds it puts the count
// back, wakes the writer that may have read it meanwhile, and panics.
func (s *vmaRWSem) endRead() {
	var old int32
	if weakened == orderRWSemEndReadRelease {
		old = s.count.FetchAddRelaxed(-rwsemReaderBias)
	} else {
		old = s.count.FetchAddRelease(-rwsemReaderBias)
	}
	if stepHooks {
		stepHook(hookReleased, nil)
	}
	if old < rwsemReaderBias {
		s.count.FetchAddRelaxed(rwsemReaderBias)
		s.waitq.wake()
		panic("vma: EndReadWith(PlacementRWSem) of a VMA whose per-VMA rw-semaphore no reader holds (an EndReadWith without a successful StartReadWith, or a second EndReadWith); the count is left as it was")
	}
	if old-rwsemReaderBias == rwsemWriterLocked {
		s.waitq.wake()
	}
}

// lock is down_write (down_write_killable when done can close): it sets
// the writer bit, so that new readers fail, and sleeps until the readers
// in have left. If done closes first it clears the bit again and reports
// false, leaving the count as it found it. A second writer panics and
// leaves the count as it found it too, so that the first one, still
// waiting for its readers, is woken when they leave.
func (s *vmaRWSem) lock(done <-chan struct{}, sleeping func()) bool {
	const twoWriters = "vma: two writers on one per-VMA rw-semaphore; the count is left as it was"
	if s.count.LoadRelaxed()&rwsemWriterLocked != 0 {
		panic(twoWriters)
	}
	if stepHooks {
		stepHook(hookRWSemWriterChecked, nil)
	}
	if old := s.count.FetchAddRelaxed(rwsemWriterLocked); old&rwsemWriterLocked != 0 {
		s.count.FetchAddRelaxed(-rwsemWriterLocked) // the two raced: undo the carry
		panic(twoWriters)
	}
	if _, ok := s.waitq.waitFor(&s.count, rwsemWriterLocked, rwsemWriterLocked, done, sleeping); !ok {
		s.count.FetchAddRelease(-rwsemWriterLocked)
		return false
	}
	return true
}

// unlock is up_write: a release subtraction of the writer bit, which
// publishes the writer's stores to the next reader whose acquire try-lock
// reads it.
func (s *vmaRWSem) unlock() {
	if weakened == orderRWSemUnlockRelease {
		s.count.FetchAddRelaxed(-rwsemWriterLocked)
		return
	}
	s.count.FetchAddRelease(-rwsemWriterLocked)
}

// readers returns how many readers hold the semaphore, for assertions.
func (s *vmaRWSem) readers() int32 { return s.count.LoadRelaxed() / rwsemReaderBias }
