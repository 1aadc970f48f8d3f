package benchtable

import (
	"math"
	"strconv"
)

// Spread is the half-width of the row's 95% confidence interval relative
// to its median, the larger of the interval's two sides: 0.23 where the
// table prints "± 23%". It is +Inf where there are too few samples for an
// interval, or where the interval reaches across zero.
func (r *Row) Spread() float64 {
	s := r.Summary
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
		return math.Inf(1)
	}
	if s.Center == 0 {
		if s.Lo == 0 && s.Hi == 0 {
			return 0
		}
		return math.Inf(1)
	}
	if math.Signbit(s.Lo) != math.Signbit(s.Center) || math.Signbit(s.Hi) != math.Signbit(s.Center) {
		return math.Inf(1)
	}
	return math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
}

// SpreadPercent is Spread in whole percent, as the table prints it, so
// that a threshold applied to it agrees with what the reader sees; an
// infinite spread is math.MaxInt, wider than any threshold.
func (r *Row) SpreadPercent() int {
	s := r.Spread()
	if s >= math.MaxInt/100 {
		return math.MaxInt
	}
	return int(math.Round(100 * s))
}

// SpreadText is the spread as the table prints it: "23%", or "∞" without
// an interval.
func (r *Row) SpreadText() string {
	p := r.SpreadPercent()
	if p == math.MaxInt {
		return "∞"
	}
	return strconv.Itoa(p) + "%"
}
