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
	{"weaken_recheck_acquire", weakening{"end-write-all", armAsmLoadsPower}},
	{"weaken_recheck_acquire", weakening{"end-write-all/fetchadd", armAsmLoadsPower}},
	{"weaken_recheck_acquire", weakening{"reader-writer/relaxed", powerTarget}},
	{"weaken_recheck_acquire", weakening{"reader-writer/fetchadd", powerTarget}},
	{"weaken_readmit_release", weakening{"reader-writer/acquire", armPower}},
	{"weaken_attach_release", weakening{"mark-attached", armPower}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup", allPower}},
	{"weaken_waitfor_acquire", weakening{"end-read", armTargets}},
	{"weaken_wake_mb", weakening{"lost-wakeup", armTargets}},
	{"weaken_endread_release", weakening{"end-read", armPower}},
	{"weaken_endread_release", weakening{"mark-detached", armPower}},
	{"weaken_seqbegin_wmb", weakening{"speculation", armPower}},
	{"weaken_endwriteall_wmb", weakening{"speculation", armPower}},
	{"weaken_retry_rmb", weakening{"speculation", armPower}},
	{"weaken_trybegin_acquire", weakening{"speculation", armPower}},
	{"weaken_rwsem_tryread_acquire", weakening{"reader-writer/rwsem", armTargets}},
	{"weaken_rwsem_unlock_release", weakening{"reader-writer/rwsem", armPower}},
	{"weaken_rwsem_endread_release", weakening{"end-read/rwsem", armPower}},
	{"weaken_rwsem_seq_acquire", weakening{"end-write-all/rwsem", armPower}},
	{"weaken_detach_acquire", weakening{"end-read-detach", armPower}},
	{"weaken_detach_zero_rmb", weakening{"end-read-detach", armPower}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup/fetchadd", allPower}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup-detach/fetchadd", allPower}},
	{"weaken_wake_mb", weakening{"lost-wakeup/fetchadd", armPower}},
	{"weaken_wake_mb", weakening{"lost-wakeup-detach/fetchadd", armPower}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup-undo/fetchadd", allPower}},
	{"weaken_wake_mb", weakening{"lost-wakeup-undo/fetchadd", armPower}},
	{"weaken_waitfor_acquire", weakening{"end-read/fetchadd", armTargets}},
	{"weaken_waitfor_acquire", weakening{"end-read-detach/fetchadd", armPower}},
	{"weaken_fetchadd_acquire", weakening{"reader-writer/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"lock-vma/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"mark-attached/fetchadd", armTargets}},
	{"weaken_fetchadd_readmit_release", weakening{"reader-writer/fetchadd", armPower}},
	{"weaken_fetchadd_attach_release", weakening{"mark-attached/fetchadd", armPower}},
	{"weaken_fetchadd_release", weakening{"end-read/fetchadd", armPower}},
	{"weaken_fetchadd_release", weakening{"mark-detached/fetchadd", armPower}},
	{"weaken_fetchadd_release", weakening{"end-read-detach/fetchadd", armPower}},
	{"weaken_fetchadd_detach_acquire", weakening{"end-read-detach/fetchadd", armPower}},
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
	// The weakenings that Power's model shows too. The ones it does not
	// are masked there by another fence of the same path (powerMasks).
	powerTarget      = []string{"ppc64le"}
	armPower         = append(slices.Clone(armTargets), "ppc64le")
	allPower         = append(slices.Clone(allTargets), "ppc64le")
	armAsmLoadsPower = append(slices.Clone(armAndAsmLoads), "ppc64le")
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
	sc := scenarioNamed(t, w.scenario)
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

// scenarioNamed is the scenario whose ID is id.
func scenarioNamed(t *testing.T, id string) *Scenario {
	t.Helper()
	for _, s := range Scenarios() {
		if s.ID() == id {
			return s
		}
	}
	t.Fatalf("no scenario %s", id)
	return nil
}
