package verify

import (
	"context"
	"slices"
	"testing"
)

// redundantEdits weaken an ordering that a coverage reason calls
// redundant, one that no scenario shows because another ordering of the
// same path does its work, each with the scenarios that must stay Never
// and the targets where they must: the reason's claim, derived.
var redundantEdits = []struct {
	name      string
	edits     []lineEdit
	targets   []string
	scenarios []string
}{
	// detachReleaseHalf: the release half of the fully ordered add.
	{"full-add-release-half-llsc", arm("xadd32Full", "STLXRW R2, (R0), R5", "STXRW R2, (R0), R5"), llscTarget, detachScenarios},
	{"full-add-release-half-lse", arm("xadd32Full", "LDADDALW R1, (R0), R3", "LDADDAW R1, (R0), R3"), lseTargets, detachScenarios},
	{"full-add-release-half-ppc64le", ppc("xadd32Full", "SYNC", 1), powerTarget, detachScenarios},
	// AMOADD.W.AQRL made AMOADD.W.AQ.
	{"full-add-release-half-riscv64", []lineEdit{{file: "atomicfence_riscv64.s", routine: "xadd32Full", old: "WORD $0x06b526af", new: "WORD $0x04b526af"}}, rvTarget, detachScenarios},
	// afterWaitAcquire: MarkDetached's subtraction of LockOffset, relaxed.
	{"detach-subtraction-relaxed", []lineEdit{{file: "vma/attach.go", old: "if _, zero := v.refcnt.SubAndTest(LockOffset); !zero {", new: "if old := v.refcnt.FetchAddRelaxed(-LockOffset); old != LockOffset {"}},
		allWeak, []string{"end-read-detach"}},
	// rwsemAfterTryRead: PlacementRWSem's load of the attached count, relaxed.
	{"rwsem-attached-load-relaxed", []lineEdit{{file: "vma/placement.go", old: "if v.refcnt.LoadAcquire() == 0 { // vma->detached", new: "if v.refcnt.LoadRelaxed() == 0 {"}},
		allWeak, []string{"reader-writer/rwsem"}},
	// undoAfterFailure: the undo of a failed fetch-add reader, relaxed (the
	// second of the file's two such decrements; the first is EndReadWith's,
	// which weaken_fetchadd_release shows to matter).
	{"fetchadd-undo-relaxed", []lineEdit{{file: "vma/fetchadd.go", old: "old = faCount(v.refcnt.FetchAddRelease(-1))", new: "old = faCount(v.refcnt.FetchAddRelaxed(-1))", nth: 2}},
		allWeak, []string{"reader-writer/fetchadd", "attach-transient/fetchadd", "lost-wakeup-undo/fetchadd"}},
}

// detachScenarios are the races of MarkDetached on a fetch-add VMA.
var detachScenarios = []string{"end-read-detach/fetchadd", "mark-detached/fetchadd", "lost-wakeup-detach/fetchadd"}

// TestRedundantOrderings builds with each redundant ordering weakened and
// checks that its scenarios stay Never, and not vacuously: each outcome's
// halves stay reachable, and the edit reaches each scenario's code, whose
// derived test differs from the real code's on some target. A reason of
// coverage_test.go that says so is then a derived fact, and one that the
// code stops bearing out fails here.
func TestRedundantOrderings(t *testing.T) {
	for _, r := range redundantEdits {
		t.Run(r.name, func(t *testing.T) {
			v := editVariant(t, r.edits...)
			skipWeakenings(t)
			t.Parallel()
			var scs []*Scenario
			for _, id := range r.scenarios {
				scs = append(scs, scenarioNamed(t, id))
			}
			var tgs []Target
			for _, tg := range Targets {
				if slices.Contains(r.targets, tg.Name) {
					tgs = append(tgs, tg)
				}
			}
			rows, err := RunVariant(context.Background(), tgs, scs, v)
			if err != nil {
				t.Fatal(err)
			}
			real, err := RunOn(context.Background(), tgs, scs)
			if err != nil {
				t.Fatal(err)
			}
			realText := map[string]string{}
			for _, row := range real {
				realText[row.Scenario.ID()+" "+row.Target.Name] = row.Derived.Text
			}
			reached := map[string]bool{}
			for _, row := range rows {
				if row.Sometimes || len(row.Unreachable) > 0 {
					t.Errorf("%s on %s with %s: %s (unreachable %v), want Never; the derived test:\n%s",
						row.Scenario.ID(), row.Target.Name, r.name, verdict(row.Sometimes), row.Unreachable, row.Derived.Text)
				}
				if row.Derived.Text != realText[row.Scenario.ID()+" "+row.Target.Name] {
					reached[row.Scenario.ID()] = true
				}
			}
			for _, id := range r.scenarios {
				if !reached[id] {
					t.Errorf("%s: the derived tests of %s are those of the real code on every target: the edit does not reach it", r.name, id)
				}
			}
		})
	}
}
