package verify

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/atomicfence/atomicfence/internal/target"
	"github.com/atomicfence/atomicfence/litmus"
)

// Target is a machine the protocol's code is derived for: a build and,
// for the arm64 builds, which branches of the run-time dispatches run.
type Target struct {
	Name  string   // amd64, arm64-llsc, arm64-lse-dyn, arm64-lse, arm64-asmloads, ppc64le, riscv64
	Build string   // the internal/target name of the build
	Tags  []string // build tags of the target's own, added to every variant's
	LSE   bool     // the run-time dispatch takes the LSE branch
	LRCPC bool     // the acquire loads take LDAPR (FEAT_LRCPC), not LDAR
}

// Targets are the seven machines: amd64; arm64 v8.0 running its LL/SC
// branch and LDAR (an ARMv8.0 CPU); the same build on a CPU with LSE and
// LRCPC (LDAPR: the acquire that the model orders least); the
// GOARM64=v8.1 build, which has no LL/SC code at all, on such a CPU too;
// the v8.0 build with vma's sequence-count loads made through the root
// package (tag vma_asmloads), as riscv64, loong64 and ppc64le make them:
// there vma's choice of acquire or relaxed for those loads is decided
// under a weak model, which amd64, the other build that compiles it,
// cannot give (x86-TSO orders every load), and for loong64, which has no
// target of its own, that is all that is decided. It runs the LL/SC
// branch with LDAPR, a pairing that a core with LRCPC (and so LSE) runs
// only with GODEBUG=cpu.atomics=off, for the weakest acquire load that
// ARMv8 has: RCpc, as riscv64's load and FENCE R,RW is not ordered
// after an earlier release store either. ppc64le and riscv64 are derived
// on their own builds, under Power's model (whose acquire load is LWA
// then LWSYNC) and RVWMO (a load then FENCE R,RW); the instructions of
// loong64's routines are the assembly tests' to check.
var Targets = []Target{
	{Name: "amd64", Build: "amd64"},
	{Name: "arm64-llsc", Build: "arm64"},
	{Name: "arm64-lse-dyn", Build: "arm64", LSE: true, LRCPC: true},
	{Name: "arm64-lse", Build: "arm64-lse", LRCPC: true},
	{Name: "arm64-asmloads", Build: "arm64", Tags: []string{"vma_asmloads"}, LRCPC: true},
	{Name: "ppc64le", Build: "ppc64le"},
	{Name: "riscv64", Build: "riscv64"},
}

// image names the build of tg under v: the targets that share it share
// one image.
func (tg Target) image(v Variant) (string, Variant) {
	tags := slices.Concat(v.Tags, tg.Tags)
	return tg.Build + " " + strings.Join(tags, ","), Variant{Tags: tags, Replace: v.Replace}
}

// Row is one line of the verdict table.
type Row struct {
	Scenario *Scenario
	Target   Target
	Derived  *Derived
	Result   *litmus.Result
	// Sometimes: the model allows the forbidden outcome.
	Sometimes bool
	Expected  bool
	// Unreachable lists the conjuncts of a forbidden outcome that the
	// model never allows even alone: a Never that rests on one of them
	// is vacuous (a thread's path the derivation lost, a wrong exit).
	Unreachable []Cond
}

// OK reports whether the verdict is the expected one, and a Never is
// not vacuous.
func (r Row) OK() bool { return r.Sometimes == r.Expected && len(r.Unreachable) == 0 }

// Run builds the subject program once per build, derives every scenario
// for every target, and decides each derived test under the target's
// model.
func Run(ctx context.Context, scenarios []*Scenario, tags ...string) ([]Row, error) {
	return RunOn(ctx, Targets, scenarios, tags...)
}

// RunOn is Run on the given targets alone.
func RunOn(ctx context.Context, targets []Target, scenarios []*Scenario, tags ...string) ([]Row, error) {
	return RunVariant(ctx, targets, scenarios, Tagged(tags...))
}

// RunVariant is RunOn with a variant of the build. The builds run in
// parallel, and then the derivations and the checks, up to GOMAXPROCS
// at a time, the largest tests first.
func RunVariant(ctx context.Context, targets []Target, scenarios []*Scenario, v Variant) ([]Row, error) {
	var builds []Target
	var keys []string
	for _, tg := range targets {
		if key, _ := tg.image(v); !slices.Contains(keys, key) {
			keys = append(keys, key)
			builds = append(builds, tg)
		}
	}
	images := make(map[string]*Image, len(builds))
	var mu sync.Mutex
	err := parallel(len(builds), func(i int) error {
		t, err := target.Lookup(builds[i].Build)
		if err != nil {
			return err
		}
		_, bv := builds[i].image(v)
		img, err := BuildVariant(ctx, t, bv)
		mu.Lock()
		images[keys[i]] = img
		mu.Unlock()
		return err
	})
	if err != nil {
		return nil, err
	}
	// Scenario by scenario, each on every target in the order given.
	rows := make([]Row, 0, len(scenarios)*len(targets))
	for _, sc := range scenarios {
		for _, tg := range targets {
			rows = append(rows, Row{Scenario: sc, Target: tg, Expected: sc.Expect[tg.Name]})
		}
	}
	err = parallel(len(rows), func(i int) error {
		r := &rows[i]
		key, _ := r.Target.image(v)
		d, err := Derive(images[key], r.Target, r.Scenario)
		r.Derived = d
		return err
	})
	if err != nil {
		return nil, err
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(rows[b].Derived.Text) - len(rows[a].Derived.Text) })
	err = parallel(len(order), func(i int) error { return rows[order[i]].decide(ctx) })
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// parallel runs f(0) … f(n-1), up to GOMAXPROCS at a time, in order of
// i, and returns the first error.
func parallel(n int, f func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = f(i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// decide decides the row's derived test under its model and, for a
// Never, which of the outcomes that must be reachable are: one check,
// whose final states show the locations of those outcomes.
func (r *Row) decide(ctx context.Context) error {
	d := r.Derived
	lt, err := litmus.Parse(d.Name+".litmus", []byte(d.Text))
	if err != nil {
		return fmt.Errorf("%s: the derived test does not parse: %v", d.Name, err)
	}
	res, err := litmus.CheckContext(ctx, lt, litmus.Options{Model: d.Model})
	if err != nil {
		return fmt.Errorf("%s: %v", d.Name, err)
	}
	r.Result, r.Sometimes = res, res.Positive > 0
	if r.Sometimes {
		return nil
	}
	if len(lt.Locations) != len(d.shown) {
		return fmt.Errorf("%s: the test shows %d locations, want %d", d.Name, len(lt.Locations), len(d.shown))
	}
	for _, p := range d.Parts {
		if !reached(res, lt.Locations, d.shown, p.prop) {
			r.Unreachable = append(r.Unreachable, p.Cond)
		}
	}
	return nil
}

// reached reports whether a final state of res satisfies p, whose
// locations are among shown, which the test lists as locs.
func reached(res *litmus.Result, locs []litmus.Location, shown []string, p prop) bool {
	for _, st := range res.States {
		value := func(loc string) (litmus.Value, bool) {
			i := slices.Index(shown, loc)
			if i < 0 {
				return litmus.Value{}, false
			}
			for _, b := range st.Values {
				if b.Loc == locs[i] {
					return b.Value, true
				}
			}
			return litmus.Value{}, false
		}
		if p.holds(value) {
			return true
		}
	}
	return false
}
