package vma

import "fmt"

// The count of a VMA from a Cache made by NewFetchAddCache, which
// PlacementFetchAdd's readers raise with one fetch-add whatever it holds
// and lower again when the old value says they may not stay, in the
// manner of Linux's rcuref and file_ref. Such a transient increment must
// never make the count look like a state it is not in, so each state owns
// a range wide enough to absorb every transient increment that can be in
// flight at once (one per goroutine between its fetch-add and its undo),
// and the writer moves the count between ranges by adding, never by
// storing, so that no increment is lost:
//
//	faBase + 1 + n                  attached, n readers (kept: n < faRefLimit)
//	faBase + faDetached + n         detached; n readers still leaving
//	faBase + faWriter + 1 + n       a writer excludes readers; n still in
//
// Every value is at or above faBase = LockOffset, so that the
// compare-and-swap placements (and StartRead, LockVMA and Fault) find such
// a VMA busy and fall back to the mmap lock, as they do in an MM of
// per-VMA rw-semaphores. Each range leaves at least 2^28-2^24-1 of headroom
// above its largest legitimate value: more transient increments than
// that would need more goroutines in flight at once, each between two
// instructions, than 500 GiB of their smallest stacks hold.
const (
	faBase     = LockOffset
	faDetached = 1 << 28
	faWriter   = 1 << 29
	// faRefLimit bounds the readers of a fetch-add VMA: a reader keeps its
	// increment only if the count it found was below faRefLimit. Far below
	// faDetached, so that the attached range keeps nearly all its room for
	// transient increments.
	faRefLimit = FetchAddRefLimit + 1
)

// FetchAddRefLimit is the most read locks that a VMA of a Cache made by
// NewFetchAddCache can hold at once, the fetch-add placement's
// VMA_REF_LIMIT: less than RefLimit, so that the count keeps headroom for
// transient increments. The next reader's increment is undone and it fails
// as busy. A bound, not an operation: it orders nothing.
const FetchAddRefLimit = 1<<24 - 1

// faCount returns a fetch-add count relative to faBase, as an unsigned
// value, so that a single compare tells each range.
func faCount(c int32) uint32 { return uint32(c) - faBase }

// faAttached reports whether a relative count shows the VMA attached with
// no writer excluding readers.
func faAttached(r uint32) bool { return r-1 < faDetached-1 }

// faIsDetached reports whether a relative count shows the VMA detached.
func faIsDetached(r uint32) bool { return r-faDetached < faWriter-faDetached }

// startReadFetchAdd is StartRead with PlacementFetchAdd: step 2 is one
// acquire fetch-add, kept only if the value it replaced was attached, with
// no writer and below the limit, and undone otherwise. It never retries:
// under contention each reader's increment succeeds the first time.
func (v *VMA) startReadFetchAdd(mm *MM) ReadResult {
	v.fetchAddOnly("StartReadWith")
	if v.lockedEarly(mm) { // step 1
		return ReadBusy
	}
	if stepHooks {
		stepHook(hookReadChecked, v)
	}
	var old uint32
	if weakened == orderFetchAddAcquire {
		old = faCount(v.refcnt.FetchAddRelaxed(1))
	} else {
		old = faCount(v.refcnt.FetchAddAcquire(1)) // step 2
	}
	return v.keepFetchAdd(mm, old)
}

// keepFetchAdd is the rest of a fetch-add StartRead once its increment
// replaced old (relative to faBase): it keeps the increment if old shows
// the VMA attached, with no writer and below the limit, and steps 3 and 4
// pass; otherwise it undoes it and returns why.
func (v *VMA) keepFetchAdd(mm *MM, old uint32) ReadResult {
	if old-1 >= faRefLimit-1 {
		v.undoFetchAdd()
		if faIsDetached(old) {
			return ReadDetached
		}
		return ReadBusy
	}
	if r := v.recheck(mm); r != ReadOK { // steps 3 and 4
		v.undoFetchAdd()
		return r
	}
	return ReadOK
}

// startReadWithInline is StartReadWith where it is inlined
// (inlineFetchAdd): for PlacementFetchAdd on a fetch-add VMA, step 1 with
// sync/atomic's intrinsics, then fetchAdd, which is always
// startReadFetchAddInline and is inlined in turn, with keep, which is
// always keepFetchAdd. Every other placement, a VMA of another Cache and
// a fetch-add VMA found write-locked go to called, which is always
// startReadWithCalled (which panics on the second, as it did). The
// three are parameters for the reason startReadInline's rest is one (see
// inlineRead): the two bodies together are over the inliner's budget, each
// alone is not, and the inliner costs the call of a parameter at 17
// before inlining makes it known.
//
// The test of the VMA's Cache comes after step 1's compare, which both
// must pass: tested first, it made the compiler keep the compare's result
// as a byte (SETNE, then TESTL) and branch on that, two more instructions
// between the loads and the LOCK XADDL, which waits for them (3% on one
// goroutine, docs/benchmarks.md). Both are loads without side effects,
// and neither order lets a misused VMA reach the increment.
func (v *VMA) startReadWithInline(mm *MM, p Placement, fetchAdd func(*VMA, *MM, keepFunc) ReadResult, keep keepFunc, called func(*VMA, *MM, Placement) ReadResult) ReadResult {
	if p == PlacementFetchAdd && loadSeq(&v.lockSeq) != loadSeq(&mm.lockSeq) && v.wq != nil { // step 1
		return fetchAdd(v, mm, keep)
	}
	return called(v, mm, p)
}

// keepFunc is the type of keepFetchAdd as a method value.
type keepFunc = func(v *VMA, mm *MM, old uint32) ReadResult

// startReadFetchAddInline is steps 2 to 4 of the inlined StartReadWith
// with PlacementFetchAdd: the acquire fetch-add (LOCK XADDL) and the
// rechecks, the instructions that startReadFetchAdd makes. A count outside
// the attached range below the limit, or a failed recheck, goes to keep,
// which decides again with the increment held.
func (v *VMA) startReadFetchAddInline(mm *MM, keep keepFunc) ReadResult {
	old := faCount(v.refcnt.FetchAddAcquire(1))                                            // step 2
	if old-1 < faRefLimit-1 && v.mm == mm && loadSeq(&mm.lockSeq) != loadSeq(&v.lockSeq) { // steps 3 and 4
		return ReadOK
	}
	return keep(v, mm, old)
}

// startReadLockedFetchAdd is StartReadLocked on a fetch-add VMA: under the
// mmap lock the VMA is attached and no writer excludes readers, so only
// the limit can fail it.
func (v *VMA) startReadLockedFetchAdd() bool {
	if old := faCount(v.refcnt.FetchAddAcquire(1)); old-1 >= faRefLimit-1 {
		v.undoFetchAdd()
		return false
	}
	return true
}

// endReadFetchAdd releases a fetch-add read lock (EndReadWith(PlacementFetchAdd)):
// it drops one increment of the count with RELEASE ordering, so that a
// writer that sees the count without it sees everything the reader did.
// If it left the count
// at a writer's target (the exclusion with no reader left, or detached
// with none), it wakes the VMA's writer, which may sleep waiting for
// exactly this. The wake-up touches the VMA alone, never its MM: VMA
// objects live as long as their Cache, so a release that runs after its
// MM was closed, or after the object was recycled, wakes no one who could
// be gone (a spurious wake-up makes a writer test the count again).
func (v *VMA) endReadFetchAdd() {
	var old uint32
	if weakened == orderFetchAddRelease {
		old = faCount(v.refcnt.FetchAddRelaxed(-1))
	} else {
		old = faCount(v.refcnt.FetchAddRelease(-1))
	}
	if old-2 >= faDetached-2 { // not attached with a reader of ours on top
		v.endReadFetchAddRare(old)
	}
}

// endReadFetchAddInline is EndReadWith where it is inlined
// (inlineFetchAdd): for PlacementFetchAdd on a fetch-add VMA, the release
// decrement (LOCK XADDL) of endReadFetchAdd, with a count outside the
// common range sent to rest as released; every other placement goes to
// rest unreleased. rest is always endReadWithCalled, a parameter for the
// reason startReadInline's rest is one (see inlineRead).
func (v *VMA) endReadFetchAddInline(p Placement, rest func(*VMA, Placement, bool, uint32)) {
	released := p == PlacementFetchAdd && v.wq != nil
	var old uint32
	if released {
		if old = faCount(v.refcnt.FetchAddRelease(-1)); old-2 < faDetached-2 {
			return
		}
	}
	rest(v, p, released, old)
}

// undoFetchAdd drops the increment of a reader that does not keep it
// (its count was not attached, or its recheck failed), with RELEASE
// ordering as a release has: the reader's loads of the object stay before
// it. It wakes a writer left at its target, as endReadFetchAdd does. It
// checks nothing: an undo always matches the increment just made, and a
// stray release that ran meanwhile is that release's to report.
func (v *VMA) undoFetchAdd() {
	if stepHooks {
		stepHook(hookUndoing, v)
	}
	var old uint32
	if weakened == orderFetchAddRelease {
		old = faCount(v.refcnt.FetchAddRelaxed(-1))
	} else {
		old = faCount(v.refcnt.FetchAddRelease(-1))
	}
	if old == faDetached+1 || old == faWriter+2 {
		v.wq.wake()
	}
}

// endReadFetchAddRare is endReadFetchAdd after a decrement from old
// outside the common range: a writer's target may have been reached, or
// the caller held no read lock. A misuse puts the decrement back, and
// wakes the writer in case the count is at its target again, before it
// panics, so that the count stays as it was.
func (v *VMA) endReadFetchAddRare(old uint32) {
	switch {
	case old == faDetached+1 || old == faWriter+2:
		v.wq.wake()
		return
	case old-(faDetached+1) < faWriter-(faDetached+1) || old-(faWriter+2) < faBase-(faWriter+2):
		return
	}
	v.refcnt.FetchAddRelaxed(1)
	v.wq.wake()
	panic(fmt.Sprintf("vma: EndReadWith(PlacementFetchAdd) of a VMA whose count (%#x) holds no read lock: %s", uint32(old)+faBase, strayRelease))
}

// markAttachedFetchAdd moves a detached fetch-add count into the attached
// range with a RELEASE add: a reader whose acquire fetch-add reads the new
// count sees every store that initialised the object.
func (v *VMA) markAttachedFetchAdd() {
	if r := faCount(v.refcnt.LoadRelaxed()); !faIsDetached(r) {
		panic(fmt.Sprintf("vma: MarkAttached of a VMA whose count is %#x: only a detached VMA can be attached", r+faBase))
	}
	if weakened == orderFetchAddAttachRelease {
		v.refcnt.FetchAddRelaxed(1 - faDetached)
		return
	}
	v.refcnt.FetchAddRelease(1 - faDetached)
}

// markDetachedFetchAdd moves the count from the attached range to the
// detached one in a single fully ordered add, so that a reader arriving
// after it finds the VMA detached, then sleeps until the readers that were
// in have left (an acquire load of the count). With no reader in, the add
// is the acquire: it reads from every earlier release.
func (v *VMA) markDetachedFetchAdd() {
	var old int32
	if weakened == orderFetchAddDetachAcquire {
		old = v.refcnt.FetchAddRelaxed(faDetached - 1)
	} else {
		old = v.refcnt.FetchAddFull(faDetached - 1)
	}
	if faCount(old) == 1 {
		return
	}
	v.mm.hook(hookDetachReadersIn, v)
	v.wq.waitFor(&v.refcnt, faBase+faDetached, faBase+faDetached, nil, v.mm.sleepHook(v))
}

// startWriteFetchAdd is steps 2 to 4 of StartWrite on a fetch-add VMA: it
// adds faWriter (relaxed), sleeps until only the attached reference is
// left (acquire), stores vm_lock_seq and subtracts faWriter with RELEASE
// ordering. A detached VMA has no readers to exclude. It gives up as
// StartWriteContext does when done is closed.
func (v *VMA) startWriteFetchAdd(seq uint32, done <-chan struct{}) bool {
	c := v.refcnt.LoadRelaxed()
	r := faCount(c)
	switch {
	case c < 0:
		panic(countMisuse("a writer", v.start, v.end, c))
	case faIsDetached(r):
		v.lockSeq.StoreRelaxed(seq)
		return true
	case !faAttached(r):
		panic(fmt.Sprintf("vma: a writer found count %#x: two writers, or a corrupt count", r+faBase))
	}
	v.refcnt.FetchAddRelaxed(faWriter)
	if _, ok := v.wq.waitFor(&v.refcnt, faBase+faWriter+1, faBase+faWriter+1, done, v.mm.sleepHook(v)); !ok {
		v.readmitFetchAdd()
		return false
	}
	v.lockSeq.StoreRelaxed(seq)
	v.readmitFetchAdd()
	return true
}

// readmitFetchAdd subtracts faWriter with RELEASE ordering: a reader whose
// acquire fetch-add reads the result sees the writer's vm_lock_seq store.
func (v *VMA) readmitFetchAdd() {
	if weakened == orderFetchAddReadmitRelease {
		v.refcnt.FetchAddRelaxed(-faWriter)
		return
	}
	v.refcnt.FetchAddRelease(-faWriter)
}

// fetchAddOnly panics, naming op, unless v's Cache was made by
// NewFetchAddCache.
func (v *VMA) fetchAddOnly(op string) {
	if v.wq == nil {
		panic("vma: " + op + " with PlacementFetchAdd on a VMA whose Cache was not made by NewFetchAddCache")
	}
}

// initFetchAdd readies a new object of a fetch-add Cache: detached, with
// its own writer wait.
func (v *VMA) initFetchAdd() {
	v.wq = new(waitQueue)
	v.wq.init()
	v.refcnt.StoreRelaxed(faBase + faDetached)
}

// detachedCount reports whether the count says v is detached, in either
// encoding. Only the writer that holds the mmap write lock moves a count
// between attached and detached, so a relaxed load is enough for it and
// for the assertions.
func (v *VMA) detachedCount() bool { return v.detachedAt(v.refcnt.LoadRelaxed()) }

// detachedAt is detachedCount of the count c.
func (v *VMA) detachedAt(c int32) bool {
	if v.wq != nil {
		return faIsDetached(faCount(c))
	}
	return c == 0
}

// endReadFetchAddMisuse is the panic of EndRead on a fetch-add VMA, whose
// count no count-based placement ever raised.
const endReadFetchAddMisuse = "vma: EndRead on a VMA of an MM made from NewFetchAddCache: release it with EndReadWith(PlacementFetchAdd)"
