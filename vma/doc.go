// Package vma implements the Linux per-VMA read lock, as merged in Linux
// 6.15 ("replace vm_lock and detached flag with a reference count") with
// the fixes that came after, on the memory-ordered atomics of package
// atomicfence. It lets readers of an address space (page faults) lock the
// one mapping they need without the address space's mmap lock, so that
// faults on different mappings, and faults during most writers' work, run
// in parallel.
//
// # Objects
//
// An MM is an address space. It has the mmap lock (MmapReadLock,
// MmapWriteLock, MmapWriteDowngrade), which writers take to change the
// mappings; the sequence count mm_lock_seq, odd exactly while that lock is
// write-held; a snapshot of its VMAs that readers search without locks (the
// analogue of the maple tree read under RCU); and a place where its one
// writer sleeps while readers drain.
//
// A VMA is a mapped range [Start, End) with a payload, Data, and the lock
// that guards it: a count (vm_refcnt, on its own cache line) and a sequence
// value (vm_lock_seq). The VMA is write-locked exactly when vm_lock_seq
// equals its MM's odd mm_lock_seq. VMA objects come from a Cache that
// reuses them at once, possibly for another MM: a lock-free reader may hold
// a pointer to an object that is now detached, maps another range, or
// belongs to another MM (the kernel's SLAB_TYPESAFE_BY_RCU).
//
// The count's values are listed at LockOffset: 0 detached, 1 attached with
// no reader, 1+n with n readers (at most RefLimit in all), and LockOffset
// added while a writer excludes readers.
//
// # Reading
//
// LockVMA(addr) searches the current snapshot and calls StartRead, which
// checks vm_lock_seq against mm_lock_seq (relaxed), increments the count
// unless it is 0 or would pass RefLimit with ACQUIRE ordering, checks that
// the VMA still belongs to the MM (releasing it at once if not), and
// checks vm_lock_seq again, against an acquire load of
// mm_lock_seq. Its results say what to do: ReadOK (locked; LockVMA then
// rechecks the range), ReadDetached (search again from a fresh snapshot),
// ReadBusy and ReadWrongMM (fall back to the mmap lock). EndRead copies the
// owner, decrements with RELEASE ordering and wakes the owner's writer if
// only it is left. StartReadLocked takes the same read lock under the mmap
// lock. Fault wraps all of it the way a page fault handler does.
//
// # Writing
//
// A writer takes MmapWriteLock (mm_lock_seq becomes odd, then a store
// barrier) and calls StartWrite on each VMA it changes: add LockOffset
// (relaxed), sleep until the readers in have left, store vm_lock_seq,
// subtract LockOffset with RELEASE ordering, which publishes the
// vm_lock_seq store to every later reader. StartWriteContext may give up
// and then leaves the count exactly as it found it. MmapWriteUnlock and
// MmapWriteDowngrade end the session with a store barrier and the
// increment that makes mm_lock_seq even: every VMA of the session is
// unlocked by that one store. Map, Unmap, Split and Resize follow the
// kernel's order: a VMA that leaves is write-locked, detached
// (MarkDetached, which waits out readers that slipped in), dropped from a
// newly published snapshot, and only then recycled; a new VMA is
// initialised, write-locked, attached (MarkAttached, a RELEASE store of the
// count from 0 to 1) and published. A duplicate (Split) starts with a count
// of 0 of its own.
//
// # Lifetime
//
// A reader's release decrements the count and only then, if that left a
// writer alone, wakes the writer: the decrement may let the writer finish
// and Close the MM before the wake-up. Close therefore waits, after it has
// detached every VMA (which waits for the readers that hold one), until
// every such wake-up is done. Readers may go on using an MM while Close
// runs, EndRead included; once Close has returned, nothing may be called on
// the MM or be given it. Its VMA objects go back to the Cache, and a
// pointer to one is then a stale pointer like any other: StartRead with
// another, live MM fails on it or locks it as that MM's VMA. The kernel
// relies instead on the faulting task to keep its own mm alive (mm_users),
// and on a reference taken across the release of another mm's VMA (mmgrab,
// the CVE-2025-38554 fix).
//
// # Lock order
//
// The mmap lock nests outside the VMA read lock, never inside it. With the
// mmap lock held a VMA may be read-locked (StartReadLocked); with a VMA
// read lock held, a goroutine must not take the mmap lock, for read or
// write, nor call Fault, which may take it. A writer holds the mmap write
// lock while StartWrite, MarkDetached, Unmap or Close waits for a VMA's
// readers to leave, so a reader that waits for the mmap lock deadlocks
// against it, as it does in Linux. LockVMA and StartRead never wait, and a
// goroutine may hold several VMA read locks. The package cannot see who
// holds what and does not check this order.
//
// # Fence placement
//
// The reader's increment is the step whose ordering was in question: the
// v9 patch used a relaxed increment, which lets an arm64 reader's later
// load of vm_lock_seq be satisfied before the increment, miss the writer's
// lock, and read a VMA being written. StartRead, LockVMA and Fault use the
// acquire increment Linux merged, by direct call. StartReadWith,
// EndReadWith, LockVMAWith and FaultWith take a Placement instead: the
// acquire increment, a relaxed one followed by Rmb, a relaxed one alone
// (unsafe, kept to be measured), a sync/atomic one, the pre-6.15 per-VMA
// rw-semaphore, which needs an MM made from NewRWSemCache, or one
// fetch-add that is never retried and is undone on failure, which needs an
// MM made from NewFetchAddCache (see PlacementFetchAdd). NewCacheFor
// returns the Cache that a placement needs.
//
// # Ranges
//
// A VMA maps a half-open range [Start, End) of plain uint64 addresses.
// There is no page size: Map, Unmap, Split and Resize accept any start <
// end, aligned or not, and return ErrInvalidRange otherwise.
//
// # Assertions and misuse
//
// AssertAttached and AssertDetached are always on. AssertWriteLocked and
// AssertLocked are compiled only with the vmadebug build tag, and so are
// the checks that MarkAttached and MarkDetached make of the VMA's write lock,
// that FindVMA, VMAs and StartReadLocked make of the mmap lock, that EndRead
// makes of a VMA with a per-VMA rw-semaphore, and that Unmap frees a VMA
// only once the tree without it is published; without the tag they are
// empty and load nothing. Misuse that corrupts the protocol (a release
// without a lock, an attach of a VMA that is not detached or belongs to no
// MM, Map, Unmap, Split, Resize and StartWrite while nobody holds the mmap
// write lock, a wake-up of a freed MM) panics with a message that names
// it. The mmap lock, like a sync.Mutex, has no owner: a writer
// operation while another goroutine holds the lock is not caught.
//
// A release without a matching acquire (EndRead without StartRead, or a
// second EndRead) cannot always be told from a release. EndRead panics
// when it drives the count below 0, or takes it from 1 to 0 while the tree
// holds the VMA and no writer holds the mmap lock, and saturates the
// count. LockVMA and Fault panic on a saturated count, and on a VMA that
// the tree holds with a count of 0 (LockVMA after a bounded number of
// retries, once no writer holds the mmap lock), rather than retry for
// ever; Unmap, Split and Resize panic on either before they change
// anything.
package vma
