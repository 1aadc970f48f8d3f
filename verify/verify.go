package verify

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/atomicfence/atomicfence/internal/target"
	"github.com/atomicfence/atomicfence/litmus"
)

// Target is a machine the protocol's code is derived for: a build and,
// for the arm64 build, which branch of the run-time LSE dispatch runs.
type Target struct {
	Name  string // amd64, arm64-llsc, arm64-lse-dyn, arm64-lse
	Build string // the internal/target name of the build
	LSE   bool   // the run-time dispatch takes the LSE branch
}

// Targets are the four machines: amd64; arm64 v8.0 running its LL/SC
// branch; the same build on a CPU with LSE; and the GOARM64=v8.1 build,
// which has no LL/SC code at all.
var Targets = []Target{
	{Name: "amd64", Build: "amd64"},
	{Name: "arm64-llsc", Build: "arm64"},
	{Name: "arm64-lse-dyn", Build: "arm64", LSE: true},
	{Name: "arm64-lse", Build: "arm64-lse"},
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

// RunVariant is RunOn with a variant of the build. Each build and the
// targets that run it are worked on in parallel, up to GOMAXPROCS at a
// time.
func RunVariant(ctx context.Context, targets []Target, scenarios []*Scenario, v Variant) ([]Row, error) {
	var builds []string
	byBuild := map[string][]Target{}
	for _, tg := range targets {
		if _, ok := byBuild[tg.Build]; !ok {
			builds = append(builds, tg.Build)
		}
		byBuild[tg.Build] = append(byBuild[tg.Build], tg)
	}
	results := make([][]Row, len(builds))
	errs := make([]error, len(builds))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, b := range builds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = runBuild(ctx, b, byBuild[b], scenarios, v)
		}()
	}
	wg.Wait()
	var rows []Row
	for i := range builds {
		if errs[i] != nil {
			return nil, errs[i]
		}
		rows = append(rows, results[i]...)
	}
	// Scenario by scenario, each on every target in the order given.
	index := map[*Scenario]int{}
	for i, sc := range scenarios {
		index[sc] = i
	}
	tindex := map[string]int{}
	for i, tg := range targets {
		tindex[tg.Name] = i
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if d := index[a.Scenario] - index[b.Scenario]; d != 0 {
			return d
		}
		return tindex[a.Target.Name] - tindex[b.Target.Name]
	})
	return rows, nil
}

// runBuild builds the subject program once and derives and decides every
// scenario on the targets that run that build.
func runBuild(ctx context.Context, build string, targets []Target, scenarios []*Scenario, v Variant) ([]Row, error) {
	t, err := target.Lookup(build)
	if err != nil {
		return nil, err
	}
	img, err := BuildVariant(ctx, t, v)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, tg := range targets {
		for _, sc := range scenarios {
			d, err := Derive(img, tg.Name, tg.LSE, sc)
			if err != nil {
				return nil, err
			}
			r, err := decide(ctx, d, d.Text)
			if err != nil {
				return nil, err
			}
			row := Row{Scenario: sc, Target: tg, Derived: d, Result: r,
				Sometimes: r.Positive > 0, Expected: sc.Expect[tg.Name]}
			if !row.Sometimes {
				for _, p := range d.Parts {
					pr, err := decide(ctx, d, d.WithExists(p.Exists))
					if err != nil {
						return nil, err
					}
					if pr.Positive == 0 {
						row.Unreachable = append(row.Unreachable, p.Cond)
					}
				}
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// decide parses a derived test's text and decides it under its model.
func decide(ctx context.Context, d *Derived, text string) (*litmus.Result, error) {
	lt, err := litmus.Parse(d.Name+".litmus", []byte(text))
	if err != nil {
		return nil, fmt.Errorf("%s: the derived test does not parse: %v", d.Name, err)
	}
	r, err := litmus.CheckContext(ctx, lt, litmus.Options{Model: d.Model})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", d.Name, err)
	}
	return r, nil
}
