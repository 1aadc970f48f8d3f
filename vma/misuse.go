package vma

import (
	"fmt"
	"slices"

	"github.com/atomicfence/atomicfence"
)

// Two counts are never left by any correct use of the lock: 0 on a VMA
// that its MM's tree holds while no writer holds the mmap lock, and a
// negative (saturated) count. Both come from a release without a matching
// acquire. Left alone, the first makes every lookup of the address retry
// "detached" for ever and the second makes every read fall back in
// silence, so the paths that meet them panic instead, naming the misuse.

const strayRelease = "EndRead without StartRead, or a second EndRead"

// endReadToZero is EndRead after its decrement reached 0. A reader's
// reference sits on top of the attached one, so only MarkDetached's own
// decrement, or the release of the last transient reader just after it,
// may reach 0; that writer holds the mmap lock until it has published the
// tree without v. If v is in the tree while no writer holds the lock, the
// release had no matching acquire: the count is saturated, so that no
// reader and no writer trusts it again, and EndRead panics.
//
// Close does not wait for these reads of the MM after the decrement. They
// load atomic words only, which Go keeps valid, and find a closed MM
// unlocked with an empty tree, so they never panic there.
func (v *VMA) endReadToZero(mm *MM) {
	mm.hook(hookReleasedToZero, v)
	e, found := mm.zeroInTree(v)
	if !found {
		return
	}
	v.refcnt.StoreRelaxed(atomicfence.Saturated)
	panic(fmt.Sprintf("vma: %s: VMA [%#x, %#x) is in the tree with a count of 0, which the release took from 1; the count is now saturated", strayRelease, e.start, e.end))
}

// zeroInTree reports whether mm's tree holds v while v's count is 0 (or
// in a fetch-add VMA's detached range) and no writer holds the mmap write
// lock, with the range the tree gives v. It
// reads as a speculative reader does (SpeculateTryBegin, the tree and the
// count, SpeculateRetry): if mm_lock_seq is even before and unchanged
// after, no writer was between detaching a VMA and publishing the tree
// without it, and every VMA in the tree had to be attached. A writer at
// work makes it report false, never a misuse that is not there.
func (mm *MM) zeroInTree(v *VMA) (e entry, found bool) {
	seq, ok := mm.SpeculateTryBegin()
	if !ok {
		return entry{}, false
	}
	s := mm.snap.Load()
	i := slices.IndexFunc(s.entries, func(e entry) bool { return e.vma == v })
	if i < 0 {
		return entry{}, false
	}
	mm.hook(hookZeroInTree, v)
	zero := v.detachedCount()
	if !zero || mm.SpeculateRetry(seq) {
		return entry{}, false
	}
	return s.entries[i], true
}

// assertMapped panics if v, which the caller found in the tree with the
// mmap lock held, has a count that no mapped VMA has: 0, saturated, or a
// fetch-add VMA's detached count. With the lock held no writer is between
// detaching a VMA and publishing the tree without it, so each of these
// counts is certain misuse.
func (v *VMA) assertMapped(op string) {
	if c := v.refcnt.LoadRelaxed(); c <= 0 || v.detachedAt(c) {
		panic(countMisuse(op, v.start, v.end, c))
	}
}

// assertNotSaturated panics if v's count is saturated. The read paths call
// it once StartRead has failed, before they give up in silence.
func (v *VMA) assertNotSaturated(op string) {
	if c := v.refcnt.LoadRelaxed(); c < 0 {
		panic(countMisuse(op, v.start, v.end, c))
	}
}

// countMisuse is the message of a panic on a count of 0 in the tree, a
// saturated count, or a fetch-add VMA's detached count in the tree (the
// only positive c it is given), found by op on the VMA [start, end).
func countMisuse(op string, start, end uint64, c int32) string {
	if c > 0 {
		return fmt.Sprintf("vma: %s: VMA [%#x, %#x) is in the tree with a detached count (%#x): MarkDetached of a VMA left in the tree", op, start, end, c)
	}
	if c == 0 {
		return fmt.Sprintf("vma: %s: VMA [%#x, %#x) is in the tree with a count of 0: an earlier release without a matching acquire (%s), or MarkDetached of a VMA left in the tree", op, start, end, strayRelease)
	}
	return fmt.Sprintf("vma: %s: VMA [%#x, %#x) has a saturated count (%d): an earlier release without a matching acquire (%s) poisoned it, and it can no longer be locked or unmapped", op, start, end, c, strayRelease)
}

// noOwner is the panic of op on a VMA whose owner is nil: an object that
// Unmap (or Close) has returned to its Cache, or one that Map and Split
// never made. A writer's checks would otherwise dereference that nil MM.
func noOwner(op string) string {
	return "vma: " + op + " of a VMA that belongs to no MM: it was unmapped and is back in its Cache, or was never mapped"
}
