package benchbars

import (
	"fmt"

	"github.com/atomicfence/atomicfence/internal/benchtable"
	"golang.org/x/perf/benchmath"
)

// The thresholds of the rule in the package documentation.
const (
	// MinSamples is the fewest samples (rounds) a result needs: with fewer
	// there is no 95% confidence interval of a median.
	MinSamples = 6
	// MaxSpread is the widest 95% interval, in percent of the median
	// either way, of a result that a bar is judged on.
	MaxSpread = 15
)

// Alpha is the significance level of the test against a bar's limit:
// benchstat's (benchmath.DefaultThresholds.CompareAlpha), the level at
// which the table stops marking a ratio "~".
const Alpha = 0.05

// Verdict is how a run fares against a bar.
type Verdict int

// The verdicts. The zero Verdict is Inconclusive, so that a bar is not
// met until something shows it is.
const (
	Inconclusive Verdict = iota // the run cannot tell; the bar's Cause says why
	Met
	Missed
)

// String is "met", "MISSED" or "inconclusive"; a miss in capitals, to be
// seen.
func (v Verdict) String() string {
	switch v {
	case Met:
		return "met"
	case Missed:
		return "MISSED"
	}
	return "inconclusive"
}

// Cause is why a bar is inconclusive.
type Cause int

// The causes, in the order the rule tries them.
const (
	Decided    Cause = iota // not inconclusive: met or missed
	FewSamples              // a result has fewer than MinSamples samples
	WideSpread              // a result's interval is wider than ±MaxSpread%
	TooClose                // the ratio is not significantly different from the limit
)

// Noisy reports whether the cause is the run's noise (too few samples or
// too wide intervals) rather than a ratio close to its limit.
func (c Cause) Noisy() bool { return c == FewSamples || c == WideSpread }

// ratioTest is the ratio of two results' medians against a limit.
type ratioTest struct {
	num, den *benchtable.Row
	limit    float64
	atLeast  bool // the bar wants num/den ≥ limit; otherwise ≤ (or <)
}

// outcome is a ratioTest judged.
type outcome struct {
	verdict Verdict
	cause   Cause
	ratio   float64
	p       float64 // of the U test against the limit; 1 where not run
	note    string  // the statistics behind the verdict, for the bar's line
}

// judge applies the rule of the package documentation to one ratio.
func (t ratioTest) judge() outcome {
	o := outcome{ratio: ratioOf(t.num.Summary.Center, t.den.Summary.Center), p: 1}
	intervals := fmt.Sprintf("intervals ±%s / ±%s", t.num.SpreadText(), t.den.SpreadText())
	nn, nd := len(t.num.Sample.Values), len(t.den.Sample.Values)
	switch {
	case nn < MinSamples || nd < MinSamples:
		o.cause = FewSamples
		o.note = fmt.Sprintf("n=%d/%d: too few samples to judge, %d needed", nn, nd, MinSamples)
		return o
	case t.num.SpreadPercent() > MaxSpread || t.den.SpreadPercent() > MaxSpread:
		o.cause = WideSpread
		o.note = intervals + ": too noisy to judge"
		return o
	}
	o.p = againstLimit(t.num, t.den, t.limit)
	o.note = fmt.Sprintf("%s, p=%.3f against %.2f×", intervals, o.p, t.limit)
	above := o.ratio > t.limit
	switch {
	case o.p > Alpha || o.ratio == t.limit:
		o.cause = TooClose
		o.note += ": too close to judge"
	case above == t.atLeast:
		o.verdict = Met
	default:
		o.verdict = Missed
	}
	return o
}

// ratioOf is num/den, and 1 where both are 0: two results that took no
// time (the compiler removed both) are level, not NaN, which would
// compare as neither over nor under any bar.
func ratioOf(num, den float64) float64 {
	if num == 0 && den == 0 {
		return 1
	}
	return num / den
}

// againstLimit is the p-value of benchstat's test (two-sided Mann-Whitney
// U) of num's samples against den's multiplied by limit: whether num/den
// differs from limit as benchstat would say that two results differ.
func againstLimit(num, den *benchtable.Row, limit float64) float64 {
	scaled := make([]float64, len(den.Sample.Values))
	for i, v := range den.Sample.Values {
		scaled[i] = v * limit
	}
	th := benchmath.Thresholds{CompareAlpha: Alpha}
	return benchmath.AssumeNothing.Compare(num.Sample, benchmath.NewSample(scaled, &th)).P
}
