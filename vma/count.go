package vma

// The values of a VMA's count (the kernel's vm_refcnt), as the protocol
// reads them:
//
//	0                    detached: in no MM's tree; no reader can raise it
//	1                    attached, no readers (write-locked or not: that is
//	                     vm_lock_seq's business, not the count's)
//	2 … RefLimit         attached, count-1 readers, some perhaps backing off
//	LockOffset           a writer is detaching it and no reader is left
//	LockOffset+1         a writer excludes readers; none is left
//	above LockOffset+1   a writer waits for readers to leave
const (
	// LockOffset is what a writer adds to the count to exclude readers
	// (VMA_LOCK_OFFSET). A reader's increment fails while it is in. A
	// value, it orders nothing, as RefLimit.
	LockOffset = 1 << 30
	// RefLimit is the largest count a reader may leave behind (VMA_REF_LIMIT,
	// inclusive): at RefLimit the next reader fails as busy instead of
	// carrying the count into LockOffset. Both are values, not
	// operations, and order nothing: the operations that add them do.
	RefLimit = LockOffset - 1
)

// writerOnly reports whether a count that a reader has just left shows a
// writer with no reader left (LockOffset or LockOffset+1): the writer may be
// asleep waiting for exactly this. A release that finds a writer's
// LockOffset in the count (endReadRare) asks it.
func writerOnly(count int32) bool { return uint32(count-LockOffset) <= 1 }

// RefCount returns the count with a relaxed load (refcount_read), for
// diagnostics and tests: a count is a snapshot the moment it is read, and
// no lock decision may rest on it.
func (v *VMA) RefCount() int32 { return v.refcnt.LoadRelaxed() }
