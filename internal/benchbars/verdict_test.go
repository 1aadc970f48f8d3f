package benchbars

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchtable"
	"golang.org/x/perf/benchmath"
)

// rows makes one result per sample list, in a group of its own, through
// the same reading as the report's.
func rows(t *testing.T, samples ...[]float64) []*benchtable.Row {
	t.Helper()
	var b strings.Builder
	for i := range 100 {
		for j, s := range samples {
			if i < len(s) {
				fmt.Fprintf(&b, "BenchmarkX/case=%d \t 1000\t %g ns/op\n", j, s[i])
			}
		}
	}
	rep, err := benchtable.Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	return rep.Groups[0].Rows
}

// around is n samples within ±0.2% of center.
func around(center float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = center * (1 + 0.001*float64(i%5-2))
	}
	return s
}

func TestAlphaIsBenchstats(t *testing.T) {
	if Alpha != benchmath.DefaultThresholds.CompareAlpha {
		t.Errorf("Alpha %g, benchstat's %g", Alpha, benchmath.DefaultThresholds.CompareAlpha)
	}
}

func TestJudge(t *testing.T) {
	base := around(10, 6)
	for _, tc := range []struct {
		name    string
		num     []float64
		den     []float64
		atLeast bool
		verdict Verdict
		cause   Cause
		note    string
	}{
		{"clearly met", around(11, 6), base, false, Met, Decided,
			"intervals ±0% / ±0%, p=0.002 against 1.25×"},
		{"clearly missed", around(14, 6), base, false, Missed, Decided,
			"intervals ±0% / ±0%, p=0.002 against 1.25×"},
		// One round of six took more than twice as long: the median is
		// 1.10×, far below the limit, but the interval reaches +127%.
		{"wide interval", []float64{11, 11, 11, 11, 11, 25}, base, false, Inconclusive, WideSpread,
			"intervals ±127% / ±0%: too noisy to judge"},
		{"wide interval of the baseline", around(11, 6), []float64{10, 10, 10, 10, 10, 4}, false, Inconclusive, WideSpread,
			"intervals ±0% / ±60%: too noisy to judge"},
		// Within ±3% of a ratio right at the limit: the samples of the
		// result and of the baseline times 1.25 interleave.
		{"straddling", []float64{12.2, 12.8, 12.4, 12.6, 12.5, 12.3}, base, false, Inconclusive, TooClose,
			"intervals ±3% / ±0%, p=0.786 against 1.25×: too close to judge"},
		// Five of the result's six samples lie above every sample of the
		// baseline times 1.25, one below them all: p=0.065, not enough
		// at 5%.
		{"not significant at 5%", []float64{12.49, 12.75, 12.875, 13, 13.125, 13.25}, []float64{10, 10.01, 10.02, 10.03, 10.04, 10.05}, false, Inconclusive, TooClose,
			"intervals ±3% / ±0%, p=0.065 against 1.25×: too close to judge"},
		{"too few samples", around(11, 4), around(10, 4), false, Inconclusive, FewSamples,
			"n=4/4: too few samples to judge, 6 needed"},
		{"too few samples on one side", around(11, 6), around(10, 5), false, Inconclusive, FewSamples,
			"n=6/5: too few samples to judge, 6 needed"},
		{"floor met", around(37.5, 6), base, true, Met, Decided,
			"intervals ±0% / ±0%, p=0.002 against 1.25×"},
		{"floor missed", around(11, 6), base, true, Missed, Decided,
			"intervals ±0% / ±0%, p=0.002 against 1.25×"},
	} {
		r := rows(t, tc.num, tc.den)
		o := ratioTest{num: r[0], den: r[1], limit: 1.25, atLeast: tc.atLeast}.judge()
		if o.verdict != tc.verdict || o.cause != tc.cause || o.note != tc.note {
			t.Errorf("%s: %v, cause %d, %q; want %v, cause %d, %q", tc.name, o.verdict, o.cause, o.note, tc.verdict, tc.cause, tc.note)
		}
	}
}

// The noisy run the rule is for: a 0.51× ratio against a 3× floor, its
// results' intervals ±120% and ±95%, is not a miss.
func TestNoisyBarLine(t *testing.T) {
	r := rows(t, []float64{5, 5, 11, 11, 11, 11}, []float64{10, 19.5, 22, 22, 22, 22})
	b := bar("2 cores: distinct ≥ 3× shared", "shared over distinct", ratioTest{num: r[0], den: r[1], limit: 3, atLeast: true})
	want := "inconclusive  2 cores: distinct ≥ 3× shared: 0.50× (shared over distinct; intervals ±55% / ±55%: too noisy to judge)"
	if b.String() != want || b.Verdict != Inconclusive || !b.Cause.Noisy() {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}

func TestVerdictAndCause(t *testing.T) {
	if Verdict(0) != Inconclusive || Met.String() != "met" || Missed.String() != "MISSED" || Inconclusive.String() != "inconclusive" {
		t.Error("verdict names")
	}
	for c, noisy := range map[Cause]bool{Decided: false, FewSamples: true, WideSpread: true, TooClose: false} {
		if c.Noisy() != noisy {
			t.Errorf("cause %d: Noisy %v", c, c.Noisy())
		}
	}
}
