package vma

import (
	"sync"
	"testing"
	"time"
)

// TestMmapLockSeq: mm_lock_seq is odd exactly while the write lock is held,
// and write unlock and downgrade both end the session.
func TestMmapLockSeq(t *testing.T) {
	mm := NewMM(NewCache())
	if s := mm.lockSeq.LoadRelaxed(); s != 0 {
		t.Fatalf("new MM has mm_lock_seq %d", s)
	}
	mm.MmapWriteLock()
	if s := mm.lockSeq.LoadRelaxed(); s != 1 {
		t.Fatalf("mm_lock_seq %d under the write lock, want 1", s)
	}
	mm.MmapWriteUnlock()
	mm.MmapWriteLock()
	mm.MmapWriteDowngrade()
	if s := mm.lockSeq.LoadRelaxed(); s != 4 {
		t.Fatalf("mm_lock_seq %d after downgrade, want 4", s)
	}
	mm.MmapReadUnlock()
}

// TestEndWriteAll: one MmapWriteUnlock (or downgrade) unlocks every VMA
// the session locked.
func TestEndWriteAll(t *testing.T) {
	for _, downgrade := range []bool{false, true} {
		mm := NewMM(NewCache())
		vs := []*VMA{bareVMA(mm, 1), bareVMA(mm, 1), bareVMA(mm, 1)}
		mm.MmapWriteLock()
		for _, v := range vs {
			v.StartWrite()
			if got := v.StartRead(mm); got != ReadBusy {
				t.Fatalf("StartRead of a write-locked VMA = %v", got)
			}
		}
		if downgrade {
			mm.MmapWriteDowngrade()
			defer mm.MmapReadUnlock()
		} else {
			mm.MmapWriteUnlock()
		}
		for i, v := range vs {
			if got := v.StartRead(mm); got != ReadOK {
				t.Errorf("downgrade %v: VMA %d: StartRead after the session = %v, want ok", downgrade, i, got)
			}
		}
	}
}

func TestMmapLockMisuse(t *testing.T) {
	mm := NewMM(NewCache())
	mustPanic(t, "MmapWriteUnlock without MmapWriteLock", mm.MmapWriteUnlock)
	mustPanic(t, "MmapWriteDowngrade without MmapWriteLock", mm.MmapWriteDowngrade)
	mustPanic(t, "MmapReadUnlock of an mmap lock not held for read", mm.MmapReadUnlock)
}

// TestMmapLockMisuseLeavesItIntact: an unlock of a lock not held that way
// panics before it changes the lock, so that a caller that recovers still
// has a working lock. The unlocks are called on the lock itself: the MM's
// methods stop write misuse earlier, at mm_lock_seq.
func TestMmapLockMisuseLeavesItIntact(t *testing.T) {
	var (
		free      = func(*mmapLock) {}
		readHeld  = (*mmapLock).rLock
		writeHeld = (*mmapLock).lock
	)
	const (
		notRead  = "MmapReadUnlock of an mmap lock not held for read"
		notWrite = "MmapWriteUnlock of an mmap lock not held for write"
		notDown  = "MmapWriteDowngrade of an mmap lock not held for write"
	)
	cases := []struct {
		name         string
		enter, leave func(*mmapLock)
		readers      int32 // the lock's count in that state
		misuse       func(*mmapLock)
		want         string
	}{
		{"read unlock of a free lock", free, free, 0, (*mmapLock).rUnlock, notRead},
		{"read unlock of a write-held lock", writeHeld, (*mmapLock).unlock, -mmapMaxReaders, (*mmapLock).rUnlock, notRead},
		{"write unlock of a free lock", free, free, 0, (*mmapLock).unlock, notWrite},
		{"write unlock of a read-held lock", readHeld, (*mmapLock).rUnlock, 1, (*mmapLock).unlock, notWrite},
		{"downgrade of a free lock", free, free, 0, (*mmapLock).downgrade, notDown},
		{"downgrade of a read-held lock", readHeld, (*mmapLock).rUnlock, 1, (*mmapLock).downgrade, notDown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mm := NewMM(NewCache())
			l := &mm.lock
			tc.enter(l)
			mustPanic(t, tc.want, func() { tc.misuse(l) })
			if r, d := l.readers.Load(), l.departing.Load(); r != tc.readers || d != 0 {
				t.Fatalf("after the panic: readers %d, departing %d; want %d, 0", r, d, tc.readers)
			}
			tc.leave(l)
			mm.MmapWriteLock() // would wait forever on a corrupted count
			mm.MmapWriteUnlock()
			mm.MmapReadLock()
			mm.MmapReadUnlock()
			if r := l.readers.Load(); r != 0 {
				t.Fatalf("readers %d after a write and a read session, want 0", r)
			}
		})
	}
}

// TestStrayReadUnlockBesideAWriter: an MmapReadUnlock without a read
// lock, made while a writer holds the lock and a reader queues behind it,
// finds a count that is neither free nor write-held alone, and would take
// the queued reader's token, leaving it queued for good. It must panic
// naming the misuse and leave the lock as it was: the writer's unlock (or
// downgrade) lets the queued reader in, and the counts come back to 0.
func TestStrayReadUnlockBesideAWriter(t *testing.T) {
	ends := map[string]struct {
		end     func(*MM)
		release func(*MM) // what is left to release after end
	}{
		"MmapWriteUnlock":    {(*MM).MmapWriteUnlock, func(*MM) {}},
		"MmapWriteDowngrade": {(*MM).MmapWriteDowngrade, (*MM).MmapReadUnlock},
	}
	for name, tc := range ends {
		t.Run(name, func(t *testing.T) {
			mm := NewMM(NewCache())
			mm.MmapWriteLock()
			in := make(chan struct{})
			go func() {
				mm.MmapReadLock()
				close(in)
				mm.MmapReadUnlock()
			}()
			waitFor(t, "the reader to queue", func() bool { return mm.lock.readers.Load() == -mmapMaxReaders+1 })
			mustPanic(t, "MmapReadUnlock of an mmap lock not held for read", mm.MmapReadUnlock)
			if r, d := mm.lock.readers.Load(), mm.lock.departing.Load(); r != -mmapMaxReaders+1 || d != 0 {
				t.Fatalf("after the panic: readers %d, departing %d; want %d, 0 (the reader still queued)", r, d, -mmapMaxReaders+1)
			}
			tc.end(mm)
			select {
			case <-in:
			case <-time.After(time.Minute):
				t.Fatal("the queued reader was never let in")
			}
			tc.release(mm)
			mm.MmapWriteLock() // waits for the reader to leave
			mm.MmapWriteUnlock()
			if r, d := mm.lock.readers.Load(), mm.lock.departing.Load(); r != 0 || d != 0 {
				t.Fatalf("readers %d, departing %d once everyone left; want 0, 0", r, d)
			}
		})
	}
}

// TestStrayReadUnlockBeforeAWriter: an MmapReadUnlock without a read lock,
// made while a writer waits for a reader to leave, cannot be told from that
// reader's own (sync.RWMutex cannot tell either) and lets the writer in.
// The reader's unlock, which then finds no reader left to count, must
// panic naming the misuse rather than take the count below what it is.
func TestStrayReadUnlockBeforeAWriter(t *testing.T) {
	mm := NewMM(NewCache())
	mm.MmapReadLock()
	wrote := make(chan struct{})
	go func() {
		mm.MmapWriteLock()
		close(wrote)
	}()
	waitFor(t, "the writer to wait for the reader", func() bool { return mm.lock.departing.Load() == 1 })
	mm.MmapReadUnlock() // the stray: it takes the reader's place
	select {
	case <-wrote:
	case <-time.After(time.Minute):
		t.Fatal("the writer was not let in by the last count it waited for")
	}
	mustPanic(t, "MmapReadUnlock of an mmap lock not held for read", mm.MmapReadUnlock)
	if r, d := mm.lock.readers.Load(), mm.lock.departing.Load(); r != -mmapMaxReaders || d != 0 {
		t.Fatalf("after the panic: readers %d, departing %d; want %d, 0 (held for write)", r, d, -mmapMaxReaders)
	}
	mm.MmapWriteUnlock()
	mm.MmapReadLock()
	mm.MmapReadUnlock()
	if r, d := mm.lock.readers.Load(), mm.lock.departing.Load(); r != 0 || d != 0 {
		t.Fatalf("readers %d, departing %d at the end; want 0, 0", r, d)
	}
}

// TestMmapLockExclusion: a writer waits for the readers in, readers that
// come after a writer wait for it, and a downgrade lets those readers in
// while keeping the next writer out until the downgraded reader leaves.
// The order is observed through a log that each holder appends to while
// it holds the lock; waits are on channels, and the only timing is a
// bound on how long a goroutine may take to block.
func TestMmapLockExclusion(t *testing.T) {
	mm := NewMM(NewCache())
	var mu sync.Mutex
	var log []string
	note := func(s string) { mu.Lock(); log = append(log, s); mu.Unlock() }

	mm.MmapReadLock()
	wrote := make(chan struct{})
	go func() {
		mm.MmapWriteLock()
		note("writer in")
		mm.MmapWriteDowngrade()
		note("writer downgraded")
		close(wrote)
	}()
	waitFor(t, "the writer to queue", func() bool { return mm.lock.readers.Load() < 0 })
	note("reader out")
	mm.MmapReadUnlock()
	<-wrote

	// Held for read by the downgraded writer: readers get in, writers not.
	mm.MmapReadLock()
	note("second reader in")
	mm.MmapReadUnlock()
	second := make(chan struct{})
	go func() {
		mm.MmapWriteLock()
		note("second writer in")
		mm.MmapWriteUnlock()
		close(second)
	}()
	waitFor(t, "the second writer to queue", func() bool { return mm.lock.readers.Load() < 0 })
	note("downgraded reader out")
	mm.MmapReadUnlock()
	<-second

	want := []string{"reader out", "writer in", "writer downgraded", "second reader in", "downgraded reader out", "second writer in"}
	if len(log) != len(want) {
		t.Fatalf("log %q, want %q", log, want)
	}
	for i := range want {
		if log[i] != want[i] {
			t.Fatalf("log %q, want %q", log, want)
		}
	}
}

// waitFor polls cond until it holds, failing the test after a generous
// bound: the condition is that another goroutine has reached a blocking
// call, which has no event of its own to wait on.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSessionEndsBeforeUnlock: MmapWriteUnlock and MmapWriteDowngrade end
// the write session (mm_lock_seq even, vma_end_write_all) while they still
// hold the mmap write lock. A writer let in first would find the sequence
// odd, and its session's VMAs write-locked by the sequence of another.
func TestSessionEndsBeforeUnlock(t *testing.T) {
	ends := map[string]func(*MM){
		"MmapWriteUnlock":    (*MM).MmapWriteUnlock,
		"MmapWriteDowngrade": func(mm *MM) { mm.MmapWriteDowngrade(); mm.MmapReadUnlock() },
	}
	for name, end := range ends {
		mm := NewMM(NewCache())
		ran := false
		mm.testHook = func(h hookPoint, _ *VMA) {
			if h != hookSessionEnded {
				return
			}
			ran = true
			if seq, r := mm.lockSeq.LoadRelaxed(), mm.lock.readers.Load(); seq&1 != 0 || r != -mmapMaxReaders {
				t.Errorf("%s: mm_lock_seq %d and lock count %d once the session ended; want it even with the write lock still held", name, seq, r)
			}
		}
		mm.MmapWriteLock()
		end(mm)
		if !ran {
			t.Errorf("%s: the hook did not run", name)
		}
		if r := mm.lock.readers.Load(); r != 0 {
			t.Errorf("%s: lock count %d after it, want 0", name, r)
		}
	}
}

// TestQueuedWriterLeavesTheSessionAlone: a second MmapWriteLock, queued
// while the first writer holds the lock, changes nothing before it gets
// the lock: it takes the lock, then makes mm_lock_seq odd, so the first
// writer's session keeps its sequence and the VMA it write-locked stays
// locked to readers. Made the other way round, the queued writer's
// increment would make the sequence even and let readers into a VMA that
// its writer is changing. The queued writer runs up to its wait within the
// window the test watches; the first writer's unlock lets it in.
func TestQueuedWriterLeavesTheSessionAlone(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, "a")
	mm.MmapWriteLock()
	v.StartWrite()
	seq := mm.lockSeq.LoadRelaxed()
	in := make(chan struct{})
	go func() {
		mm.MmapWriteLock()
		close(in)
		mm.MmapWriteUnlock()
	}()
	for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if s := mm.lockSeq.LoadRelaxed(); s != seq {
			t.Fatalf("mm_lock_seq went from %d to %d while the first writer held the lock", seq, s)
		}
		if r := v.StartRead(mm); r == ReadOK {
			v.EndRead()
			t.Fatal("a reader got into the VMA that the writer holding the mmap lock write-locked")
		}
	}
	select {
	case <-in:
		t.Fatal("the second writer got the mmap lock while the first held it")
	default:
	}
	mm.MmapWriteUnlock()
	<-in
	if r := v.StartRead(mm); r != ReadOK {
		t.Fatalf("after both sessions: StartRead %v, want ReadOK", r)
	}
	v.EndRead()
}
