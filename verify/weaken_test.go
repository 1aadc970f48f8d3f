package verify

import (
	"context"
	"runtime"
	"slices"
	"testing"
)

// weakenings are the builds that weaken one ordering of the real code
// (the build tags of vma/weaken_*.go), each with the scenario that must
// then find the forbidden outcome, and the targets where it must.
var weakenings = []struct {
	tag      string
	scenario string
	targets  []string
}{
	{"weaken_startread_acquire", "reader-writer/acquire", armTargets},
	{"weaken_recheck_acquire", "end-write-all", armTargets},
	{"weaken_readmit_release", "reader-writer/acquire", armTargets},
	{"weaken_attach_release", "mark-attached", armTargets},
	{"weaken_waitfor_mb", "lost-wakeup", allTargets},
	{"weaken_wake_mb", "lost-wakeup", armTargets},
	{"weaken_seqbegin_wmb", "speculation", armTargets},
	{"weaken_endwriteall_wmb", "speculation", armTargets},
	{"weaken_retry_rmb", "speculation", armTargets},
}

var (
	armTargets = []string{"arm64-llsc", "arm64-lse-dyn", "arm64-lse"}
	allTargets = []string{"amd64", "arm64-llsc", "arm64-lse-dyn", "arm64-lse"}
)

// TestWeakenings builds the real code with one ordering weakened at a
// time and checks that the scenario it matters to fails: its forbidden
// outcome becomes Sometimes where the model says the ordering is needed.
// So a weakening of that ordering in the code itself would fail TestTable,
// naming the scenario, the target and the derived test.
func TestWeakenings(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for every target; runs on amd64 hosts")
	}
	if testing.Short() {
		t.Skip("one build per weakening and target: about a minute")
	}
	for _, w := range weakenings {
		t.Run(w.tag, func(t *testing.T) {
			var sc *Scenario
			for _, s := range Scenarios() {
				if s.ID() == w.scenario {
					sc = s
				}
			}
			if sc == nil {
				t.Fatalf("no scenario %s", w.scenario)
			}
			var targets []Target
			for _, tg := range Targets {
				if slices.Contains(w.targets, tg.Name) {
					targets = append(targets, tg)
				}
			}
			rows, err := RunOn(context.Background(), targets, []*Scenario{sc}, w.tag)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				t.Logf("%s with -tags %s on %s: %s (%s)", r.Scenario.ID(), w.tag, r.Target.Name, verdict(r.Sometimes), r.Derived.Name)
				if !r.Sometimes {
					t.Errorf("%s with -tags %s on %s: still Never; the weakening goes unnoticed. The derived test %s:\n%s", r.Scenario.ID(), w.tag, r.Target.Name, r.Derived.Name, r.Derived.Text)
				}
			}
		})
	}
}
