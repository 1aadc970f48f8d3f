package vma

import (
	"sync"
	"sync/atomic"
)

// mmapLock is a reader/writer lock that a writer can downgrade to a read
// lock without letting another writer in (the kernel's mmap_lock, an
// rw_semaphore). It is sync.RWMutex's algorithm with channels for the
// runtime's semaphores, plus downgrade, which sync.RWMutex lacks. Readers
// are not the subject of this package's orderings: sync/atomic is used
// throughout, and a reader arriving while a writer waits queues behind it.
type mmapLock struct {
	w         sync.Mutex    // held by the writer, pending or holding
	readers   atomic.Int32  // readers in or queued; minus mmapMaxReaders while a writer is pending or holding
	departing atomic.Int32  // readers the pending writer still waits for; mmapMaxReaders more while it counts them
	readerSem chan struct{} // one token per queued reader let in
	writerSem chan struct{} // the pending writer's token
}

const mmapMaxReaders = 1 << 30

func (l *mmapLock) init() {
	// A channel of empty structs has no buffer memory, whatever its
	// capacity: this one can hold a token for every possible reader.
	l.readerSem = make(chan struct{}, mmapMaxReaders)
	l.writerSem = make(chan struct{}, 1)
}

func (l *mmapLock) rLock() {
	if l.readers.Add(1) < 0 {
		l.mustBeMade()
		<-l.readerSem // a writer is pending or holding: it lets us in
	}
}

// The unlocks test for misuse before they change the lock, so that a
// recovered panic leaves it as it was. Misuse that races with another
// goroutine's lock or unlock can slip past the test, as it does past the
// kernel's; rUnlock then still panics, after its add, and puts back what
// it took first.

func (l *mmapLock) rUnlock() {
	if r := l.readers.Load(); r == 0 || r == -mmapMaxReaders {
		panic(notReadLocked)
	}
	if stepHooks {
		stepHook(hookReadUnlockChecked, nil)
	}
	r := l.readers.Add(-1)
	if r >= 0 {
		return
	}
	if r+1 == 0 || r+1 == -mmapMaxReaders {
		l.readers.Add(1)
		panic(notReadLocked)
	}
	switch d := l.departing.Add(-1); {
	case d == 0:
		l.mustBeMade()
		l.writerSem <- struct{}{} // the last reader the writer waited for
	case d < 0:
		// No reader is left for the writer to wait for, and it holds the
		// lock: this unlock had no read lock (readers queued behind the
		// writer kept the count from saying so above). Put back what it
		// took, which would have kept a queued reader out for good.
		l.departing.Add(1)
		l.readers.Add(1)
		panic(notReadLocked)
	}
}

const notReadLocked = "vma: MmapReadUnlock of an mmap lock not held for read"

// lock raises departing by mmapMaxReaders before it counts the readers in,
// and takes it off as it adds their number: a reader that leaves in between
// takes one from a count that cannot reach 0, and departing goes below 0
// only by an unlock without a read lock, which rUnlock then tells.
func (l *mmapLock) lock() {
	l.w.Lock()
	l.departing.Add(mmapMaxReaders)
	r := l.readers.Add(-mmapMaxReaders) + mmapMaxReaders
	if l.departing.Add(r-mmapMaxReaders) != 0 {
		l.mustBeMade()
		<-l.writerSem
	}
}

func (l *mmapLock) unlock() {
	if l.readers.Load() >= 0 { // only a writer, pending or holding, makes it negative
		panic("vma: MmapWriteUnlock of an mmap lock not held for write")
	}
	r := l.readers.Add(mmapMaxReaders)
	if r > 0 {
		l.mustBeMade()
	}
	for ; r > 0; r-- {
		l.readerSem <- struct{}{}
	}
	l.w.Unlock()
}

// downgrade turns the write lock into a read lock held by the caller: it
// counts the caller as a reader in the same atomic add that lets queued
// readers in, and only then lets other writers at the lock.
func (l *mmapLock) downgrade() {
	if l.readers.Load() >= 0 {
		panic("vma: MmapWriteDowngrade of an mmap lock not held for write")
	}
	r := l.readers.Add(mmapMaxReaders+1) - 1
	if r > 0 {
		l.mustBeMade()
	}
	for ; r > 0; r-- {
		l.readerSem <- struct{}{}
	}
	l.w.Unlock()
}

// mustBeMade panics where the lock would wait on, or hand a token to, a
// channel that only NewMM makes: the zero MM's lock works until a reader
// and a writer meet, and would then block for good.
func (l *mmapLock) mustBeMade() {
	if l.writerSem == nil {
		panic(notMadeByNewMM)
	}
}

// held reports whether someone holds the lock (or queues for it), for the
// debug assertions.
func (l *mmapLock) held() bool { return l.readers.Load() != 0 }

// MmapReadLock takes the mmap lock for read (mmap_read_lock): no writer
// changes the MM's VMAs until MmapReadUnlock. It is what a page fault falls
// back to when the per-VMA lock fails. A reader that arrives while a writer
// waits queues behind the writer. Acquire ordering: the reader sees every
// change of the writers before it.
//
// Lock order: never call it while holding a VMA read lock (nor while
// holding the mmap lock already). A writer may hold the mmap write lock
// while it waits for that VMA's readers to leave, and a waiting writer
// holds up new readers of the mmap lock: the two would wait for each other.
func (mm *MM) MmapReadLock() { mm.lock.rLock() }

// MmapReadUnlock releases a read lock taken by MmapReadLock or left by
// MmapWriteDowngrade (mmap_read_unlock), with release ordering. It panics
// if the lock is not held for read, before it changes the lock; of two
// made at once for one read lock, both may pass that check, and the later
// one then panics after its change, which it takes back first. One made
// while a writer waits for readers to leave looks like a reader's leaving,
// as it does in sync.RWMutex, and may let the writer in beside a reader;
// that reader's MmapReadUnlock panics then.
func (mm *MM) MmapReadUnlock() { mm.lock.rUnlock() }

// MmapWriteLock takes the mmap lock for write (mmap_write_lock) and then
// makes mm_lock_seq odd, with a store barrier after the increment: from
// here on, StartWrite can write-lock VMAs by storing that value in them.
// It waits for every reader of the mmap lock to leave, but not for the
// per-VMA readers: StartWrite waits for those, one VMA at a time. Taking
// the lock is an acquire: what its last holder did before unlocking is seen.
//
// Lock order: never call it while holding a VMA read lock (nor the mmap
// lock). StartWrite on that VMA would wait for the caller itself, and the
// writer that holds the lock meanwhile may be waiting for the caller's
// VMA.
func (mm *MM) MmapWriteLock() {
	mm.lock.lock()
	mm.writeSeqBegin()
}

// MmapWriteUnlock ends the write session (mmap_write_unlock): it calls
// vma_end_write_all, a store barrier and then the increment that makes
// mm_lock_seq even, which write-unlocks every VMA this session locked at
// once, and then releases the mmap lock. It panics if the lock is not held
// for write.
func (mm *MM) MmapWriteUnlock() {
	mm.endWriteAll("MmapWriteUnlock")
	mm.hook(hookSessionEnded, nil)
	mm.lock.unlock()
}

// MmapWriteDowngrade ends the write session as MmapWriteUnlock does
// (vma_end_write_all first) but keeps the mmap lock held for read
// (mmap_write_downgrade): no other writer can get in between. The end of
// the session orders the caller's stores as MmapWriteUnlock's does, before
// the even mm_lock_seq that lock-free readers acquire. Release it with
// MmapReadUnlock. It panics if the lock is not held for write.
func (mm *MM) MmapWriteDowngrade() {
	mm.endWriteAll("MmapWriteDowngrade")
	mm.hook(hookSessionEnded, nil)
	mm.lock.downgrade()
}
