package vma

// hookPoint names a place between two steps of the protocol where the
// package's tests stop one side to run the other, so that each known race
// is forced in a fixed order rather than waited for. Hooks sit on slow
// paths only (writers, the wake-up, the retry on a detached VMA and its
// bound, a release that reached 0); the read fast path has none.
type hookPoint uint8

const (
	// hookAllocated: a writer has taken an object from the Cache and has
	// not initialised it yet.
	hookAllocated hookPoint = iota
	// hookBeforeAttach: a writer has initialised and write-locked a new
	// VMA and is about to attach it.
	hookBeforeAttach
	// hookWriterSleep: a writer has published that it waits, found
	// readers still in, and is about to sleep.
	hookWriterSleep
	// hookWaited: a writer's wait for readers has ended with the attached
	// reference alone in the count, and the writer is about to let readers
	// back in.
	hookWaited
	// hookDetachReadersIn: MarkDetached has dropped the attached reference,
	// found readers still in, and is about to exclude them.
	hookDetachReadersIn
	// hookBeforeWake: a release has decremented a count to a writer-only
	// value and is about to wake this MM's writer.
	hookBeforeWake
	// hookWoken: a release has woken this MM's writer and has not yet
	// counted the wake-up done, which lets Close return.
	hookWoken
	// hookSessionEnded: MmapWriteUnlock or MmapWriteDowngrade has ended the
	// write session (mm_lock_seq even) and still holds the mmap write lock.
	hookSessionEnded
	// hookBeforeDetach: Unmap has write-locked the VMAs that leave and is
	// about to detach them.
	hookBeforeDetach
	// hookDraining: Close has detached every VMA and waits for a release
	// to finish its wake-up.
	hookDraining
	// hookDetachedRetry: LockVMA found a detached VMA and is about to look
	// the address up again.
	hookDetachedRetry
	// hookDetachedGiveUp: LockVMA found a detached VMA once more after
	// detachedRetries retries, could not show a misuse because a writer
	// holds the mmap lock, and is about to return nil.
	hookDetachedGiveUp
	// hookReleasedToZero: a release has taken a count from 1 to 0 and is
	// about to check whether the tree still holds the VMA.
	hookReleasedToZero
	// hookZeroInTree: the check for a count of 0 in the tree (zeroInTree)
	// has found the VMA in the tree, with no writer at work when it began,
	// and is about to load the count.
	hookZeroInTree
	// hookReadChecked: StartRead, or StartReadWith of any placement, has
	// passed its early check (step 1) and is about to increment the count,
	// to make the fetch-add of PlacementFetchAdd, or to try the semaphore
	// of PlacementRWSem. A step hook (stepHook).
	hookReadChecked
	// hookReleased: EndRead has decremented the count and is about to
	// wake the writer if it must. A step hook.
	hookReleased
	// hookReadmitted: a writer has subtracted LockOffset, letting readers
	// back in. A step hook.
	hookReadmitted
	// hookUndoing: a fetch-add reader that does not keep its increment is
	// about to undo it. A step hook.
	hookUndoing
	// hookReadUnlockChecked: MmapReadUnlock has found the mmap lock held
	// for read and is about to leave it. A step hook.
	hookReadUnlockChecked
	// hookRWSemWriterChecked: a writer has found no other writer on a
	// per-VMA rw-semaphore and is about to set its writer bit. A step hook.
	hookRWSemWriterChecked
)

// hook calls the test hook, if any. It is never inlined, so that the
// indirect call stays out of its callers, LockVMA's loop among them.
//
//go:noinline
func (mm *MM) hook(p hookPoint, v *VMA) {
	if mm.testHook != nil {
		mm.testHook(p, v)
	}
}
