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
	{"weaken_recheck_acquire", weakening{"end-write-all", armAsmLoadsWeak}},
	{"weaken_recheck_acquire", weakening{"end-write-all/fetchadd", armAsmLoadsWeak}},
	{"weaken_recheck_acquire", weakening{"reader-writer/relaxed", weakModels}},
	// Shown on no target: the fetch-add reader's own acquire orders its
	// recheck's loads (masked on ppc64le and riscv64, see masks).
	{"weaken_recheck_acquire", weakening{"reader-writer/fetchadd", nil}},
	{"weaken_readmit_release", weakening{"reader-writer/acquire", armWeak}},
	{"weaken_attach_release", weakening{"mark-attached", armWeak}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup", allWeak}},
	{"weaken_waitfor_acquire", weakening{"end-read", armRV}},
	{"weaken_wake_mb", weakening{"lost-wakeup", armRV}},
	{"weaken_endread_release", weakening{"end-read", armWeak}},
	{"weaken_endread_release", weakening{"mark-detached", armWeak}},
	{"weaken_seqbegin_wmb", weakening{"speculation", armWeak}},
	{"weaken_endwriteall_wmb", weakening{"speculation", armWeak}},
	{"weaken_retry_rmb", weakening{"speculation", armWeak}},
	{"weaken_trybegin_acquire", weakening{"speculation", armWeak}},
	{"weaken_rwsem_tryread_acquire", weakening{"reader-writer/rwsem", armTargets}},
	{"weaken_rwsem_unlock_release", weakening{"reader-writer/rwsem", armWeak}},
	{"weaken_rwsem_endread_release", weakening{"end-read/rwsem", armWeak}},
	{"weaken_rwsem_seq_acquire", weakening{"end-write-all/rwsem", armWeak}},
	{"weaken_detach_acquire", weakening{"end-read-detach", armWeak}},
	{"weaken_detach_zero_rmb", weakening{"end-read-detach", armWeak}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup/fetchadd", allWeak}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup-detach/fetchadd", allWeak}},
	{"weaken_wake_mb", weakening{"lost-wakeup/fetchadd", armWeak}},
	{"weaken_wake_mb", weakening{"lost-wakeup-detach/fetchadd", armWeak}},
	{"weaken_waitfor_mb", weakening{"lost-wakeup-undo/fetchadd", allWeak}},
	{"weaken_wake_mb", weakening{"lost-wakeup-undo/fetchadd", armWeak}},
	{"weaken_waitfor_acquire", weakening{"end-read/fetchadd", armRV}},
	{"weaken_waitfor_acquire", weakening{"end-read-detach/fetchadd", armWeak}},
	{"weaken_fetchadd_acquire", weakening{"reader-writer/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"lock-vma/fetchadd", armTargets}},
	{"weaken_fetchadd_acquire", weakening{"mark-attached/fetchadd", armTargets}},
	{"weaken_fetchadd_readmit_release", weakening{"reader-writer/fetchadd", armWeak}},
	{"weaken_fetchadd_attach_release", weakening{"mark-attached/fetchadd", armWeak}},
	{"weaken_fetchadd_release", weakening{"end-read/fetchadd", armWeak}},
	{"weaken_fetchadd_release", weakening{"mark-detached/fetchadd", armWeak}},
	{"weaken_fetchadd_release", weakening{"end-read-detach/fetchadd", armWeak}},
	{"weaken_fetchadd_detach_acquire", weakening{"end-read-detach/fetchadd", armWeak}},
	// A stale reader's owner load, which no recheck's fence precedes: the
	// increment's acquire and the attach's release show on every weak
	// target.
	{"weaken_startread_acquire", weakening{"recycle/acquire", armAsmLoadsWeak}},
	{"weaken_attach_release", weakening{"recycle/acquire", armAsmLoadsWeak}},
	{"weaken_fetchadd_acquire", weakening{"recycle/fetchadd", armAsmLoadsWeak}},
	{"weaken_fetchadd_attach_release", weakening{"recycle/fetchadd", armAsmLoadsWeak}},
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
	// The weakenings that the weak models of ppc64le and riscv64 show
	// too. The ones a model does not are masked there by another fence of
	// the same path (masks).
	powerTarget     = []string{"ppc64le"}
	rvTarget        = []string{"riscv64"}
	weakModels      = []string{"ppc64le", "riscv64"}
	armRV           = append(slices.Clone(armTargets), "riscv64")
	armWeak         = slices.Concat(armTargets, weakModels)
	allWeak         = slices.Concat(allTargets, weakModels)
	armAsmLoadsWeak = slices.Concat(armAndAsmLoads, weakModels)
)

// TestWeakenings builds the real code with one ordering of vma weakened
// at a time and checks that the scenarios it matters to fail: their
// forbidden outcome becomes Sometimes where the model says the ordering
// is needed. So a weakening of that ordering in the code itself would
// fail TestTable, naming the scenario, the target and the derived test.
// Each tag is built once for all of its scenarios.
func TestWeakenings(t *testing.T) {
	skipWeakenings(t)
	var tags []string
	for _, w := range tagWeakenings {
		if !slices.Contains(tags, w.tag) {
			tags = append(tags, w.tag)
		}
	}
	for _, tag := range tags {
		t.Run(tag, func(t *testing.T) {
			t.Parallel()
			var ws []weakening
			for _, w := range tagWeakenings {
				if w.tag == tag {
					ws = append(ws, w.weakening)
				}
			}
			assertCaught(t, Tagged(tag), ws...)
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

// assertCaught derives each weakening's scenario from the variant's
// build on the weakening's targets and fails unless every one finds the
// forbidden outcome. The weakenings share one build per target: the
// scenarios are derived on the union of their targets, and each is
// judged on its own.
func assertCaught(t *testing.T, v Variant, ws ...weakening) {
	t.Helper()
	var scs []*Scenario
	var targets []Target
	for _, w := range ws {
		scs = append(scs, scenarioNamed(t, w.scenario))
	}
	for _, tg := range Targets {
		if slices.ContainsFunc(ws, func(w weakening) bool { return slices.Contains(w.targets, tg.Name) }) {
			targets = append(targets, tg)
		}
	}
	rows, err := RunVariant(context.Background(), targets, scs, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		judged := 0
		for _, r := range rows {
			if r.Scenario.ID() != w.scenario || !slices.Contains(w.targets, r.Target.Name) {
				continue
			}
			judged++
			t.Logf("%s with %v on %s: %s (%s)", r.Scenario.ID(), v, r.Target.Name, verdict(r.Sometimes), r.Derived.Name)
			if !r.Sometimes {
				t.Errorf("%s with %v on %s: still Never; the weakening goes unnoticed. The derived test %s:\n%s", r.Scenario.ID(), v, r.Target.Name, r.Derived.Name, r.Derived.Text)
			}
		}
		if judged != len(w.targets) {
			t.Errorf("%s with %v: judged on %d targets of %v", w.scenario, v, judged, w.targets)
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
