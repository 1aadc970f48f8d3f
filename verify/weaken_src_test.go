package verify

import "testing"

// srcWeakenings weaken one ordering of vma's Go source each by an edit of
// the real file, for a line that only a target's own build tag compiles
// on a weak model and that no weakening tag of vma reaches alone: the
// recheck's acquire load of mm_lock_seq on the branch of riscv64, loong64
// and ppc64le, which arm64 compiles only with vma_asmloads (and ppc64le
// and riscv64, their own targets, as they are). So the test also fails if that tag stops
// switching the branch.
var srcWeakenings = []editWeakening{
	{"recheck-acquire-asmloads", []lineEdit{{file: "vma/read.go", old: "seq := mm.lockSeq.LoadAcquire()", new: "seq := mm.lockSeq.LoadRelaxed()"}},
		weakening{"end-write-all", []string{"arm64-asmloads", "ppc64le", "riscv64"}}},
}

// stepWeakenings drop a step of the protocol that is no ordering, by an
// edit of the real file: the wake-up that a fetch-add reader's undo owes
// a writer whose target it reaches.
var stepWeakenings = []editWeakening{
	{"undo-wakes-writer", []lineEdit{{file: "vma/fetchadd.go", old: "if old == faDetached+1 || old == faWriter+2 {", new: "if old == faDetached+1 {"}},
		weakening{"lost-wakeup-undo/fetchadd", allWeak}},
}

// ownerWeakenings move a reader's load of its VMA's owner (StartRead's
// step 3) before the increment that takes its reference, by edits of the
// real files: the owner then read may be the one from before the VMA was
// recycled into another MM, and recycle finds the reader holding it.
// Each edit pair moves one path's load: the inlined try of amd64 (read
// once before the LOCK CMPXCHG and compared after it), the called
// StartRead and the fetch-add reader (checked with step 1 instead of in
// the recheck, which every count-based reader shares, so that amd64's
// slow path shows it too).
var ownerWeakenings = []editWeakening{
	{"owner-before-try", []lineEdit{
		{file: "vma/read.go", old: "held := atomic.CompareAndSwapInt32((*int32)(unsafe.Pointer(&v.refcnt)), 1, 2) // step 2, the try", new: "owner := v.mm; held := atomic.CompareAndSwapInt32((*int32)(unsafe.Pointer(&v.refcnt)), 1, 2)"},
		{file: "vma/read.go", old: "if held && v.mm == mm && loadSeq(&mm.lockSeq) != loadSeq(&v.lockSeq) { // steps 3 and 4", new: "if held && owner == mm && loadSeq(&mm.lockSeq) != loadSeq(&v.lockSeq) {"},
	}, weakening{"recycle/acquire", amd64Only}},
	{"owner-before-increment", []lineEdit{
		{file: "vma/read.go", old: "if v.lockedEarly(mm) { // step 1", new: "if v.lockedEarly(mm) || v.mm != mm {"},
		{file: "vma/read.go", old: "if v.mm != mm {", new: "if false {"},
	}, weakening{"recycle/acquire", everyTarget}},
	{"owner-before-fetch-add", []lineEdit{
		{file: "vma/fetchadd.go", old: "if v.lockedEarly(mm) { // step 1", new: "if v.lockedEarly(mm) || v.mm != mm {"},
		{file: "vma/fetchadd.go", old: "old := faCount(v.refcnt.FetchAddAcquire(1)) // step 2", new: "owner := v.mm; old := faCount(v.refcnt.FetchAddAcquire(1))"},
		{file: "vma/fetchadd.go", old: "if old-1 < faRefLimit-1 && v.mm == mm && loadSeq(&mm.lockSeq) != loadSeq(&v.lockSeq) { // steps 3 and 4", new: "if old-1 < faRefLimit-1 && owner == mm && loadSeq(&mm.lockSeq) != loadSeq(&v.lockSeq) {"},
		{file: "vma/read.go", old: "if v.mm != mm {", new: "if false {"},
	}, weakening{"recycle/fetchadd", everyTarget}},
}

// everyTarget names every target of Targets.
var everyTarget = []string{"amd64", "arm64-llsc", "arm64-lse-dyn", "arm64-lse", "arm64-asmloads", "ppc64le", "riscv64"}

// TestOwnerWeakenings builds the real code with one reader's load of the
// owner moved before its increment at a time and checks that recycle
// finds the reader holding a VMA of another MM.
func TestOwnerWeakenings(t *testing.T) { runEditWeakenings(t, ownerWeakenings) }

// TestSourceWeakenings builds the real code with one line of vma weakened
// at a time and checks that the scenario it matters to fails.
func TestSourceWeakenings(t *testing.T) { runEditWeakenings(t, srcWeakenings) }

// TestStepWeakenings builds the real code with one step of vma dropped at
// a time and checks that the scenario it matters to fails.
func TestStepWeakenings(t *testing.T) { runEditWeakenings(t, stepWeakenings) }
