package verify

import (
	"context"
	"runtime"
	"slices"
	"testing"
)

// weakening is one ordering of the real code made weaker in a build of
// its own, the scenario that must then find the forbidden outcome, and
// the targets where it must.
type weakening struct {
	scenario string
	targets  []string
}

// tagWeakening is a weakening by a build tag of vma.
type tagWeakening struct {
	tag string
	weakening
}

// tagWeakenings are the build tags of vma/weaken_*.go, each weakening one
// ordering of vma.
var tagWeakenings = []tagWeakening{
	{"weaken_startread_acquire", weakening{"reader-writer/acquire", armTargets}},
	{"weaken_startread_acquire", weakening{"lock-vma", armTargets}},
	{"weaken_recheck_acquire", weakening{"end-write-all", armAndAsmLoads}},
	{"weaken_recheck_acquire", weakening{"end-write-all/fetchadd", armAndAsmLoads}},
	{"weaken_readmit_release", weakening{"reader-writer/acquire", armTargets}},
	{"weaken_attach_release", weakening{"mark-attached", armTargets}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup", allTargets}},
	{"weaken_waitfor_acquire", weakening{"end-read", armTargets}},
	{"weaken_wake_mb", weakening{"lost-wakeup", armTargets}},
	{"weaken_endread_release", weakening{"end-read", armTargets}},
	{"weaken_endread_release", weakening{"mark-detached", armTargets}},
	{"weaken_seqbegin_wmb", weakening{"speculation", armTargets}},
	{"weaken_endwriteall_wmb", weakening{"speculation", armTargets}},
	{"weaken_retry_rmb", weakening{"speculation", armTargets}},
	{"weaken_trybegin_acquire", weakening{"speculation", armTargets}},
	{"weaken_rwsem_tryread_acquire", weakening{"reader-writer/rwsem", armTargets}},
	{"weaken_rwsem_unlock_release", weakening{"reader-writer/rwsem", armTargets}},
	{"weaken_rwsem_endread_release", weakening{"end-read/rwsem", armTargets}},
	{"weaken_rwsem_seq_acquire", weakening{"end-write-all/rwsem", armTargets}},
	{"weaken_detach_acquire", weakening{"end-read-detach", armTargets}},
	{"weaken_detach_zero_rmb", weakening{"end-read-detach", armTargets}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup/fetchadd", allTargets}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup-detach/fetchadd", allTargets}},
	{"weaken_wake_mb", weakening{"lost-wakeup/fetchadd", armTargets}},
	{"weaken_wake_mb", weakening{"lost-wakeup-detach/fetchadd", armTargets}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup-undo/fetchadd", allTargets}},
	{"weaken_wake_mb", weakening{"lost-wakeup-undo/fetchadd", armTargets}},
	{"weaken_waitfor_acquire", weakening{"end-read/fetchadd", armTargets}},
	{"weaken_waitfor_acquire", weakening{"end-read-detach/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"reader-writer/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"lock-vma/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"mark-attached/fetchadd", armTargets}},
	{"weaken_fetchadd_readmit_release", weakening{"reader-writer/fetchadd", armTargets}},
	{"weaken_fetchadd_attach_release", weakening{"mark-attached/fetchadd", armTargets}},
	{"weaken_fetchadd_release", weakening{"end-read/fetchadd", armTargets}},
	{"weaken_fetchadd_release", weakening{"mark-detached/fetchadd", armTargets}},
	{"weaken_fetchadd_release", weakening{"end-read-detach/fetchadd", armTargets}},
	{"weaken_fetchadd_detach_acquire", weakening{"end-read-detach/fetchadd", armTargets}},
}

var (
	armTargets = []string{"arm64-llsc", "arm64-lse-dyn", "arm64-lse"}
	allTargets = []string{"amd64", "arm64-llsc", "arm64-lse-dyn", "arm64-lse"}
	llscTarget = []string{"arm64-llsc"}
	lseTargets = []string{"arm64-lse-dyn", "arm64-lse"}
	amd64Only  = []string{"amd64"}
	// armAndAsmLoads adds the target that compiles the sequence-count
	// loads of riscv64, loong64 and ppc64le (Targets).
	armAndAsmLoads = []string{"arm64-llsc", "arm64-lse-dyn", "arm64-lse", "arm64-asmloads"}
)

// TestWeakenings builds the real code with one ordering of vma weakened
// at a time and checks that the scenario it matters to fails: its
// forbidden outcome becomes Sometimes where the model says the ordering
// is needed. So a weakening of that ordering in the code itself would
// fail TestTable, naming the scenario, the target and the derived test.
func TestWeakenings(t *testing.T) {
	skipWeakenings(t)
	for _, w := range tagWeakenings {
		t.Run(w.tag+"/"+w.scenario, func(t *testing.T) {
			t.Parallel()
			w.assertCaught(t, Tagged(w.tag))
		})
	}
}

func skipWeakenings(t *testing.T) {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for every target; runs on amd64 hosts")
	}
	if testing.Short() {
		t.Skip("one build per weakening and target")
	}
}

// assertCaught derives w's scenario from the variant's build on w's
// targets and fails unless every one finds the forbidden outcome.
func (w weakening) assertCaught(t *testing.T, v Variant) {
	t.Helper()
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
	rows, err := RunVariant(context.Background(), targets, []*Scenario{sc}, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Logf("%s with %v on %s: %s (%s)", r.Scenario.ID(), v, r.Target.Name, verdict(r.Sometimes), r.Derived.Name)
		if !r.Sometimes {
			t.Errorf("%s with %v on %s: still Never; the weakening goes unnoticed. The derived test %s:\n%s", r.Scenario.ID(), v, r.Target.Name, r.Derived.Name, r.Derived.Text)
		}
	}
}
