package benchbars

import (
	"fmt"
	"math"

	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// pairedTest is a ratio measured in pairs: the samples of row are ratios
// num/den, one per round, each of the two sides timed alternately within
// the round (the vma package's BenchmarkReadLockPaired), against a limit.
type pairedTest struct {
	row     *benchtable.Row
	limit   float64
	atLeast bool // the bar wants the ratio ≥ limit; otherwise ≤ (or <)
}

// judge applies the rule of the package documentation to a paired ratio:
// rules 1 and 2 to its own samples and interval, rule 3 with the sign
// test of its samples against the limit.
func (t pairedTest) judge() outcome {
	o := outcome{ratio: t.row.Summary.Center, p: 1}
	interval := "paired, interval ±" + t.row.SpreadText()
	switch n := len(t.row.Sample.Values); {
	case n < MinSamples:
		o.cause = FewSamples
		o.note = fmt.Sprintf("paired, n=%d: too few samples to judge, %d needed", n, MinSamples)
		return o
	case t.row.SpreadPercent() > MaxSpread:
		o.cause = WideSpread
		o.note = interval + ": too noisy to judge"
		return o
	}
	below, above, p := signTest(t.row.Sample.Values, t.limit)
	o.p = p
	o.note = fmt.Sprintf("%s, %d of %d rounds below %.2f×, sign test p=%.3f", interval, below, below+above, t.limit, p)
	switch {
	case o.p > Alpha || o.ratio == t.limit:
		o.cause = TooClose
		o.note += ": too close to judge"
	case (o.ratio > t.limit) == t.atLeast:
		o.verdict = Met
	default:
		o.verdict = Missed
	}
	return o
}

// tieBand is how close to the limit, relative to it, a paired ratio
// counts as equal to it: go test prints a ratio of 1 or a little more
// with three decimals (1.000 for anything from 0.99995 to 1.0005) and one
// a little under with four (0.9999), so that without the band a ratio
// just over 1 would be a tie where one just under is not.
const tieBand = 5e-4

// signTest is the exact two-sided sign test of values against m: how many
// values lie below m and above it (those within tieBand of m count for
// neither), and the probability of a split at least as uneven if each
// value were equally likely to lie on either side, as it is where m is
// the median of what they are drawn from.
func signTest(values []float64, m float64) (below, above int, p float64) {
	for _, v := range values {
		switch {
		case v < m*(1-tieBand):
			below++
		case v > m*(1+tieBand):
			above++
		}
	}
	n := below + above
	// Twice P(X ≤ k) for X ~ Binomial(n, 1/2), k the smaller side, at
	// most 1: 1 where every value is a tie (n = 0).
	k := min(below, above)
	tail, c := 0.0, 1.0
	for i := 0; i <= k; i++ {
		tail += c
		c = c * float64(n-i) / float64(i+1)
	}
	return below, above, min(1, 2*math.Ldexp(tail, -n))
}
