// Package benchbars checks a benchmark report against the module's
// performance targets, each a ratio of two results of the same run (of
// their medians, or measured in pairs: see Paired ratios), and says
// whether the run meets each one, misses it, or cannot tell.
//
// # Verdicts
//
// A bar compares r = num/den, the ratio of two results' medians, with a
// limit L; it wants r ≤ L (or r < L, judged alike) or r ≥ L. Each result
// has n samples, one per round, and a 95% confidence interval for its
// median (benchstat's, distribution-free); its spread is the larger side of
// that interval relative to the median, in whole percent: the "± x%" of
// the table. The first of these rules that applies gives the verdict:
//
//  1. inconclusive, too few samples: either result has fewer than
//     MinSamples (6) samples, too few for a 95% interval of a median;
//  2. inconclusive, too noisy: either result's spread is wider than
//     ±MaxSpread (15%);
//  3. inconclusive, too close: num's samples and den's multiplied by L do
//     not differ at benchstat's level, a two-sided Mann-Whitney U test
//     giving p > Alpha (0.05); the run cannot tell r from L;
//  4. met if r is on the side of L that the bar wants, MISSED if not.
//
// Why 15%: steady results of this module have intervals of a few
// percent. A result whose median could lie 15% either way moved, from round
// to round, by more than the margins the bars are set at (10% over
// sync/atomic for a primitive, 25% for a read lock); such spreads come from
// the machine doing other work between rounds, which the interval, made
// for samples of one steady machine, does not account for. Rule 2 declines
// to judge such a run even where rule 3 would pass, because its samples
// are not what the test assumes.
//
// A bar over many ratios ("no primitive over 1.10×") judges each by these
// rules. It is MISSED if any ratio is MISSED with p ≤ Alpha/k, k the number
// of ratios (Bonferroni: a miss claimed among k tests stays a 5% risk), and
// met if every ratio is met (each then shown within the limit at 5%, which
// bounds the risk of a false met at 5% with no correction); otherwise it
// is inconclusive, for noise if any ratio left undecided was.
//
// # Paired ratios
//
// A read-side bar's two results come from benchmarks run a second or more
// apart, and a virtual machine's speed changes over such times: their
// ratio moves with it. The vma package's BenchmarkReadLockPaired times the
// two sides of each bar alternately within one benchmark, and reports
// their ratio; where the report has it, the bar is judged on its samples
// (one ratio per round), r their median: rules 1 and 2 apply to those
// samples and their interval, and rule 3 is the two-sided sign test of the
// samples against L (a ratio within 0.05% of L, the resolution go test
// prints it with, counts for neither side). The
// bar's line shows the ratio of the two results measured apart beside it.
//
// # Noise
//
// Assess sums up how noisy a run was. It was too noisy to judge when a bar
// is inconclusive by rule 1 or 2, when the load average over the last
// minute, at the start or the end of the run, is above the number of CPUs,
// when any result's interval is wider than ±MaxSpread, or when any result
// has fewer than MinSamples samples.
package benchbars

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// Bar is one target and how the report fares against it.
type Bar struct {
	Target  string  // what is wanted, e.g. "StartRead+EndRead ≤ 1.25× inline sync/atomic"
	Ratio   float64 // the measured ratio the target is about
	Limit   float64 // the ratio that the target sets
	Verdict Verdict
	Cause   Cause  // why the bar is inconclusive; Decided when it is not
	Detail  string // which results the ratio comes from
	// Stats are the intervals and the test behind the verdict, and why it
	// is inconclusive: "intervals ±120% / ±95%: too noisy to judge".
	Stats string
}

// String is the bar as the report prints it: the verdict, the target, the
// ratio (see ratioText), where it comes from and why the verdict.
func (b Bar) String() string {
	return fmt.Sprintf("%-12s  %s: %s× (%s; %s)", b.Verdict, b.Target, ratioText(b.Ratio, b.Limit), b.Detail, b.Stats)
}

// ratioText writes ratio r with two decimals, or with as many more, up
// to five, as it takes to show on which side of limit r lies: 1.003 is
// "1.003" beside a limit of 1, not "1.00", which would read as met.
func ratioText(r, limit float64) string {
	for d := 2; ; d++ {
		s := strconv.FormatFloat(r, 'f', d, 64)
		v, _ := strconv.ParseFloat(s, 64)
		if d == 5 || (v < limit) == (r < limit) && (v > limit) == (r > limit) {
			return s
		}
	}
}

// Limits of the targets.
const (
	PrimitiveLimit = 1.10 // amd64: each primitive over its sync/atomic equivalent
	ReadSideLimit  = 1.25 // StartRead+EndRead over the same steps inline with sync/atomic
	ScalingFloor   = 3.0  // 2 cores: distinct VMAs over one shared RWMutex, in throughput
	RWMutexLimit   = 1.0  // StartRead+EndRead over sync.RWMutex's RLock+RUnlock, alone and per object
)

// pairedCase is a case of ReadLockPaired: the group
// ReadLockPaired/<group> and the label of its one row.
type pairedCase struct{ group, label string }

// The cases of ReadLockPaired that the read-side bars are judged on.
var (
	pairedInline = pairedCase{"mode=single/den=inline-atomic", "acquire"}
	pairedSingle = pairedCase{"mode=single/den=rwmutex", "acquire"}
	// pairedCalls is no bar's ratio but the single-goroutine bar's floor:
	// the same steps inline with their slow paths as calls.
	pairedCalls = pairedCase{"mode=single/den=rwmutex", "inline-calls"}
	// pairedIncrement is no bar's ratio either: the kernel's increment and
	// release alone, a compare-and-swap and a fetch-add with nothing
	// between them, the floor of any read lock that increments as the
	// kernel does.
	pairedIncrement = pairedCase{"mode=single/den=rwmutex", "inline-increment"}
	pairedDistinct  = pairedCase{"mode=distinct/den=rwmutex", "acquire"}
	// pairedDistinctCalls is the distinct bar's floor, as pairedCalls is
	// the single one's.
	pairedDistinctCalls = pairedCase{"mode=distinct/den=rwmutex", "inline-calls"}
	pairedFetchAdd      = pairedCase{"mode=shared/den=rwmutex", "fetchadd"}
	// pairedFetchAddCalls is the fetch-add bar's floor: PlacementFetchAdd's
	// steps inline with their slow paths as calls.
	pairedFetchAddCalls = pairedCase{"mode=shared/den=rwmutex", "inline-fetchadd-calls"}
	pairedScaling       = pairedCase{"mode=scaling/den=distinct-acquire", "shared-rwmutex"}
)

// PairedCases names the sub-benchmarks of ReadLockPaired that Check
// reads, "mode=single/den=rwmutex/num=acquire": those the benchmark must
// keep.
func PairedCases() []string {
	var names []string
	for _, c := range []pairedCase{pairedInline, pairedSingle, pairedCalls, pairedIncrement, pairedDistinct, pairedDistinctCalls, pairedFetchAdd, pairedFetchAddCalls, pairedScaling} {
		names = append(names, c.group+"/num="+c.label)
	}
	return names
}

// Check returns the bars that the report has the results for: the
// primitive ones only for goarch amd64 where the amd64 assembly ran (not
// the generic sync/atomic code of a purego build, which is what they are
// measured against), the read-side ones on one goroutine
// at each GOMAXPROCS the report has, those of two goroutines only at
// GOMAXPROCS=2. A read-side bar is judged on its paired ratio
// (ReadLockPaired) where the report has it, and otherwise on two results
// of ReadLock.
func Check(rep *benchtable.Report) []Bar {
	var bars []Bar
	// Results from before the implementation was recorded have none.
	if impl := rep.ConfigValue(benchenv.ImplKey); rep.ConfigValue("goarch") == "amd64" && (impl == "" || impl == atomicfence.ImplAMD64.String()) {
		bars = append(bars, primitives(rep)...)
	}
	for _, procs := range singleProcs(rep) {
		g := rep.Find("ReadLock/mode=single", procs)
		base, def, mu := row(g, "inline-atomic"), row(g, "acquire"), row(g, "rwmutex")
		if b, ok := (readRatio{
			target: fmt.Sprintf("StartRead+EndRead (acquire) ≤ %.2f× the same steps inline with sync/atomic", ReadSideLimit),
			limit:  ReadSideLimit,
			paired: pairedInline, procs: procs,
			num: def, den: base,
			detail: fmt.Sprintf("ReadLock/mode=single acquire over inline-atomic at GOMAXPROCS=%d", procs),
		}).bar(rep); ok {
			bars = append(bars, b)
		}
		if b, ok := (readRatio{
			target: fmt.Sprintf("StartRead+EndRead (acquire) ≤ %.2f× sync.RWMutex RLock+RUnlock, one goroutine", RWMutexLimit),
			limit:  RWMutexLimit,
			paired: pairedSingle, procs: procs,
			num: def, den: mu,
			detail: fmt.Sprintf("ReadLock/mode=single acquire over rwmutex at GOMAXPROCS=%d", procs),
		}).bar(rep); ok {
			b = withPairedFloor(withPairedFloor(withFloor(b, base, mu), rep, pairedCalls, procs, callsFloor), rep, pairedIncrement, procs, incrementFloor)
			bars = append(bars, withIncrementCost(b, rep, g, mu, procs))
		}
	}
	shared, distinct := rep.Find("ReadLock/mode=shared", 2), rep.Find("ReadLock/mode=distinct", 2)
	// ns/op of a parallel benchmark is wall time per operation of all
	// goroutines: throughput is its inverse.
	if b, ok := (readRatio{
		target:  fmt.Sprintf("2 cores: read-locking distinct VMAs ≥ %.0f× the throughput of one shared sync.RWMutex", ScalingFloor),
		limit:   ScalingFloor,
		atLeast: true,
		paired:  pairedScaling, procs: 2,
		num: row(shared, "rwmutex"), den: row(distinct, "acquire"),
		detail: "ReadLock/mode=shared/lock=rwmutex over mode=distinct/lock=acquire, ns/op at GOMAXPROCS=2",
	}).bar(rep); ok {
		bars = append(bars, b)
	}
	if b, ok := (readRatio{
		target: fmt.Sprintf("2 cores: the fetch-add placement on one shared VMA ≤ %.2f× one shared sync.RWMutex", RWMutexLimit),
		limit:  RWMutexLimit,
		paired: pairedFetchAdd, procs: 2,
		num: row(shared, "fetchadd"), den: row(shared, "rwmutex"),
		detail: "ReadLock/mode=shared fetchadd over rwmutex at GOMAXPROCS=2",
	}).bar(rep); ok {
		bars = append(bars, withPairedFloor(withFloor(b, row(shared, "inline-fetchadd"), row(shared, "rwmutex")), rep, pairedFetchAddCalls, 2, callsFloor))
	}
	if b, ok := (readRatio{
		target: fmt.Sprintf("2 cores: StartRead+EndRead on distinct VMAs ≤ %.2f× a sync.RWMutex per object", RWMutexLimit),
		limit:  RWMutexLimit,
		paired: pairedDistinct, procs: 2,
		num: row(distinct, "acquire"), den: row(distinct, "rwmutex"),
		detail: "ReadLock/mode=distinct acquire over rwmutex at GOMAXPROCS=2",
	}).bar(rep); ok {
		mu := row(distinct, "rwmutex")
		bars = append(bars, withIncrementCost(withPairedFloor(withFloor(b, row(distinct, "inline-atomic"), mu), rep, pairedDistinctCalls, 2, callsFloor), rep, distinct, mu, 2))
	}
	return bars
}

// singleProcs are the GOMAXPROCS values at which the report has the
// read-side results of one goroutine, paired or not, in the order first
// seen.
func singleProcs(rep *benchtable.Report) []int {
	var procs []int
	for _, g := range rep.Groups {
		switch g.Name {
		case "ReadLock/mode=single", "ReadLockPaired/mode=single/den=inline-atomic", "ReadLockPaired/mode=single/den=rwmutex":
			if !slices.Contains(procs, g.Procs) {
				procs = append(procs, g.Procs)
			}
		}
	}
	return procs
}

// row is g's row labelled label, or nil where there is no g or no such
// row.
func row(g *benchtable.Group, label string) *benchtable.Row {
	if g == nil {
		return nil
	}
	return g.Row(label)
}

// readRatio is a read-side bar: its ratio measured in pairs (case paired
// at GOMAXPROCS procs), or as the ratio of two results (num over den,
// named by detail), or both.
type readRatio struct {
	target   string
	limit    float64
	atLeast  bool
	paired   pairedCase
	procs    int
	num, den *benchtable.Row
	detail   string
}

// bar judges r on its paired ratio where rep has it, adding the ratio of
// the two results measured apart for comparison, and otherwise on those
// two results; ok is false where rep has neither.
func (r readRatio) bar(rep *benchtable.Report) (b Bar, ok bool) {
	apart := ratioTest{num: r.num, den: r.den, limit: r.limit, atLeast: r.atLeast}
	haveApart := r.num != nil && r.den != nil
	name := "ReadLockPaired/" + r.paired.group
	var paired *benchtable.Row
	// A group of another unit is one whose rounds reported no ratio.
	if g := rep.Find(name, r.procs); g != nil && g.Unit == benchtable.RatioUnit {
		paired = g.Row(r.paired.label)
	}
	if paired == nil {
		if !haveApart {
			return Bar{}, false
		}
		return bar(r.target, r.detail, apart), true
	}
	o := pairedTest{row: paired, limit: r.limit, atLeast: r.atLeast}.judge()
	b = Bar{Target: r.target, Ratio: o.ratio, Limit: r.limit, Verdict: o.verdict, Cause: o.cause, Stats: o.note,
		Detail: fmt.Sprintf("%s %s at GOMAXPROCS=%d", name, r.paired.label, r.procs)}
	if haveApart {
		b.Stats += fmt.Sprintf("; measured apart: %.2f× (intervals ±%s / ±%s)", r.num.Summary.Center/r.den.Summary.Center, r.num.SpreadText(), r.den.SpreadText())
	}
	return b, true
}

// withFloor adds to b, a bar against sync.RWMutex (row mu), where the
// protocol's own floor stands against the same RWMutex: its steps inline
// with sync/atomic, with no call at all (row floor, if the run has both).
func withFloor(b Bar, floor, mu *benchtable.Row) Bar {
	if floor != nil && mu != nil {
		b.Stats += fmt.Sprintf("; the same steps inline with sync/atomic: %.2f× rwmutex", floor.Summary.Center/mu.Summary.Center)
	}
	return b
}

// withPairedFloor adds to b, a bar against sync.RWMutex at GOMAXPROCS
// procs, a floor measured in pairs against the same RWMutex as case floor
// (if rep has it), under the name what. The floors:
//
//   - with their slow paths as calls: the bar's steps inline with
//     sync/atomic, their slow paths calls, as StartRead's and RLock's are,
//     run as the bar's read locks are. A loop that can make such calls
//     stores its counter on the stack once round, which the floor without
//     calls does not; a read lock taken with one call each, as the
//     distinct bar's are, reloads its objects on every call.
//   - the kernel's increment and release alone: a compare-and-swap and a
//     fetch-add with nothing between them. Where it is over the bar's
//     limit, no read lock that increments as the kernel does meets the
//     bar on this processor, whatever else it does.
func withPairedFloor(b Bar, rep *benchtable.Report, floor pairedCase, procs int, what string) Bar {
	if g := rep.Find("ReadLockPaired/"+floor.group, procs); g != nil && g.Unit == benchtable.RatioUnit {
		if r := g.Row(floor.label); r != nil {
			b.Stats += fmt.Sprintf("; %s: %.3f× rwmutex, paired", what, r.Summary.Center)
		}
	}
	return b
}

// The names under which withPairedFloor prints its floors.
const (
	callsFloor     = "with their slow paths as calls"
	incrementFloor = "the kernel's increment and release alone"
)

// withIncrementCost adds to b, a bar of the default placement against
// sync.RWMutex (row mu of group g, at GOMAXPROCS procs), what its
// increment costs there: the default's is a compare-and-swap, and RLock's
// a fetch-add. It names PlacementFetchAdd against the same RWMutex (row
// fetchadd, if g has it), the placement whose increment is a fetch-add
// too, and what a compare-and-swap costs over a fetch-add in the run's
// Primitive rows, both the package's acquire forms (if it has them): a
// ratio that the CPU sets.
func withIncrementCost(b Bar, rep *benchtable.Report, g *benchtable.Group, mu *benchtable.Row, procs int) Bar {
	if fa := row(g, "fetchadd"); fa != nil && mu != nil {
		b.Stats += fmt.Sprintf("; PlacementFetchAdd: %.2f× rwmutex", fa.Summary.Center/mu.Summary.Center)
	}
	cas, add := primitiveRow(rep, "CompareAndSwap", procs), primitiveRow(rep, "FetchAdd", procs)
	if cas != nil && add != nil {
		b.Stats += fmt.Sprintf("; an acquire compare-and-swap costs %.2f× an acquire fetch-add here (Primitive)", cas.Summary.Center/add.Summary.Center)
	}
	return b
}

// primitiveRow is the acquire row of Primitive/op=<op> at GOMAXPROCS procs,
// or at the first GOMAXPROCS the report has it at (the root package's
// benchmarks run at one), or nil.
func primitiveRow(rep *benchtable.Report, op string, procs int) *benchtable.Row {
	name := "Primitive/op=" + op
	if g := rep.Find(name, procs); g != nil {
		return g.Row("acquire")
	}
	for _, g := range rep.Groups {
		if g.Name == name {
			return g.Row("acquire")
		}
	}
	return nil
}

// bar judges a bar of one ratio.
func bar(target, detail string, t ratioTest) Bar {
	o := t.judge()
	return Bar{Target: target, Ratio: o.ratio, Limit: t.limit, Verdict: o.verdict, Cause: o.cause, Detail: detail, Stats: o.note}
}

// primitives checks that no primitive costs more than PrimitiveLimit times
// its sync/atomic equivalent, and that the release store beats
// atomic.Store. The mandatory fences have no sync/atomic equivalent, and
// the alt-… cases are forms that the package does not use.
func primitives(rep *benchtable.Report) []Bar {
	var bars []Bar
	var names []string
	var tests []ratioTest
	for _, g := range rep.Groups {
		op, ok := strings.CutPrefix(g.Name, "Primitive/op=")
		if !ok || g.Row("sync-atomic") == nil || g.Rows[0].Label != "sync-atomic" {
			continue
		}
		for _, r := range g.Rows[1:] {
			if strings.HasPrefix(r.Label, "mandatory-") || strings.HasPrefix(r.Label, "alt-") {
				continue
			}
			names = append(names, op+"/"+r.Label)
			tests = append(tests, ratioTest{num: r, den: g.Rows[0], limit: PrimitiveLimit})
		}
		if op == "Store" {
			if rel := g.Row("release"); rel != nil {
				bars = append(bars, bar("amd64: release store faster than atomic.Store (XCHG)",
					"Primitive/op=Store release over sync-atomic",
					ratioTest{num: rel, den: g.Rows[0], limit: 1}))
			}
		}
	}
	if len(tests) == 0 {
		return bars
	}
	return append([]Bar{all(fmt.Sprintf("amd64: no primitive over %.2f× its sync/atomic equivalent", PrimitiveLimit), names, tests)}, bars...)
}
