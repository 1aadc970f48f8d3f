package benchbars

import (
	"fmt"
	"math"
	"slices"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// Noise sums up how noisy a run was: the spread of its results, its
// samples, the load average around it and the bars it left inconclusive
// for noise or for too few samples.
type Noise struct {
	Results       int    // results in the report
	Wide          int    // of them, those wider than ±MaxSpread% or without an interval
	Widest        string // the result with the widest finite interval: "ReadLock/mode=distinct acquire at GOMAXPROCS=2"
	WidestSpread  int    // its spread in percent
	MedianSpread  int    // the median of the finite spreads, in percent
	FewestSamples int    // the samples of the result that has fewest
	Fewest        string // that result, named as Widest is
	// MostSamples are the samples of the result that has most: the rounds
	// of the run, as each round samples every result once, but for a
	// paired ratio, which keeps only the rounds whose sides alternated.
	MostSamples int
	Start, End  benchenv.Load // the load average at the start and end of the run
	Bars        int           // bars the run was judged against
	NoisyBars   int           // bars inconclusive for too wide intervals
	ShortBars   int           // bars inconclusive for too few samples
}

// Assess measures the noise of a run from its report, its bars and the
// load average at its start and end.
func Assess(rep *benchtable.Report, bars []Bar, start, end benchenv.Load) Noise {
	n := Noise{Start: start, End: end, FewestSamples: math.MaxInt}
	var spreads []int
	for _, g := range rep.Groups {
		for _, r := range g.Rows {
			n.Results++
			name := fmt.Sprintf("%s %s at GOMAXPROCS=%d", g.Name, r.Label, g.Procs)
			if k := len(r.Sample.Values); k < n.FewestSamples {
				n.FewestSamples, n.Fewest = k, name
			}
			n.MostSamples = max(n.MostSamples, len(r.Sample.Values))
			s := r.SpreadPercent()
			if s > MaxSpread {
				n.Wide++
			}
			if s == math.MaxInt {
				continue
			}
			spreads = append(spreads, s)
			if n.Widest == "" || s > n.WidestSpread {
				n.Widest, n.WidestSpread = name, s
			}
		}
	}
	if n.Results == 0 {
		n.FewestSamples = 0
	}
	if len(spreads) > 0 {
		slices.Sort(spreads)
		n.MedianSpread = spreads[len(spreads)/2]
	}
	n.Bars = len(bars)
	for _, b := range bars {
		switch {
		case b.Verdict != Inconclusive:
		case b.Cause == FewSamples:
			n.ShortBars++
		case b.Cause == WideSpread:
			n.NoisyBars++
		}
	}
	return n
}

// Spread is the report's line on the spread of its results:
// "95% intervals: median ±4%, widest ±190% (…); 3 of 60 results wider
// than ±15% or without an interval".
func (n Noise) Spread() string {
	if n.Widest == "" {
		return fmt.Sprintf("no 95%% intervals: at most %d %s per result, %d needed", n.MostSamples, plural(n.MostSamples, "sample", "samples"), MinSamples)
	}
	s := fmt.Sprintf("95%% intervals: median ±%d%%, widest ±%d%% (%s)", n.MedianSpread, n.WidestSpread, n.Widest)
	if n.Wide > 0 {
		s += fmt.Sprintf("; %d of %d results wider than ±%d%% or without an interval", n.Wide, n.Results, MaxSpread)
	}
	return s
}

// SparedBars reports whether the run's noise, whatever its Reasons, left
// its bars to their verdicts: the run had bars, none was inconclusive for
// noise or for too few samples (each stood on a paired ratio or on steady
// results), and the load average stayed within the CPUs.
func (n Noise) SparedBars() bool {
	return n.Bars > 0 && n.NoisyBars == 0 && n.ShortBars == 0 && !n.Start.Overloaded() && !n.End.Overloaded()
}

// TooShort reports whether the run's one fault was that it was too short:
// results with fewer samples than a 95% interval needs, and no wide
// interval or load average above the CPUs. More rounds are then the cure,
// not a quieter machine.
func (n Noise) TooShort() bool {
	return n.Results > 0 && n.FewestSamples < MinSamples && n.NoisyBars == 0 && n.WidestSpread <= MaxSpread &&
		!n.Start.Overloaded() && !n.End.Overloaded()
}

// Reasons says why the run was too noisy to judge, one reason a string;
// none for a usable run.
func (n Noise) Reasons() []string {
	var rs []string
	if n.ShortBars > 0 {
		rs = append(rs, fmt.Sprintf("%d %s inconclusive for too few samples", n.ShortBars, plural(n.ShortBars, "bar", "bars")))
	}
	if n.NoisyBars > 0 {
		rs = append(rs, fmt.Sprintf("%d %s inconclusive for intervals wider than ±%d%%", n.NoisyBars, plural(n.NoisyBars, "bar", "bars"), MaxSpread))
	}
	for _, l := range []struct {
		when string
		load benchenv.Load
	}{{"start", n.Start}, {"end", n.End}} {
		if l.load.Overloaded() {
			rs = append(rs, fmt.Sprintf("load average %.2f at the %s of the run, above the %d CPUs", l.load.Avg[0], l.when, l.load.CPUs))
		}
	}
	if n.WidestSpread > MaxSpread {
		rs = append(rs, fmt.Sprintf("widest interval ±%d%% (%s), beyond ±%d%%", n.WidestSpread, n.Widest, MaxSpread))
	}
	switch {
	case n.Results == 0:
		rs = append(rs, "no result measured a time")
	case n.FewestSamples < MinSamples:
		rs = append(rs, fmt.Sprintf("as few as %d %s of a result (%s), fewer than the %d a 95%% interval needs",
			n.FewestSamples, plural(n.FewestSamples, "sample", "samples"), n.Fewest, MinSamples))
	}
	return rs
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
