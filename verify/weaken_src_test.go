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

// TestSourceWeakenings builds the real code with one line of vma weakened
// at a time and checks that the scenario it matters to fails.
func TestSourceWeakenings(t *testing.T) { runEditWeakenings(t, srcWeakenings) }

// TestStepWeakenings builds the real code with one step of vma dropped at
// a time and checks that the scenario it matters to fails.
func TestStepWeakenings(t *testing.T) { runEditWeakenings(t, stepWeakenings) }
