package benchbars

import (
	"fmt"
	"strings"
	"testing"
)

// primitiveBar judges k ratios against 1.10: each of the first k-len(odd)
// the same as its baseline, then odd's samples over the same baseline.
func primitiveBar(t *testing.T, k int, odd ...[]float64) Bar {
	t.Helper()
	base := around(10, 6)
	samples := [][]float64{base}
	for range k - len(odd) {
		samples = append(samples, around(10, 6))
	}
	samples = append(samples, odd...)
	r := rows(t, samples...)
	var names []string
	var tests []ratioTest
	for i, row := range r[1:] {
		names = append(names, fmt.Sprintf("op%d", i))
		tests = append(tests, ratioTest{num: row, den: r[0], limit: 1.10})
	}
	return all("no primitive over 1.10×", names, tests)
}

func TestAll(t *testing.T) {
	for _, tc := range []struct {
		name    string
		b       Bar
		verdict Verdict
		cause   Cause
		line    string
	}{
		{"all within", primitiveBar(t, 3), Met, Decided,
			"met           no primitive over 1.10×: 1.00× (worst op0; all 3 within; each p ≤ 0.05 against 1.10×, intervals up to ±0%)"},
		// A clear miss stands, whatever the noise of the others.
		{"one over", primitiveBar(t, 3, []float64{10, 10, 10, 10, 10, 30}, around(13, 6)), Missed, Decided,
			"MISSED        no primitive over 1.10×: 1.30× (1 of 3 over: op2 1.30×; each p ≤ 0.0167 (0.05/3) against 1.10×, intervals up to ±0%)"},
		{"one too noisy", primitiveBar(t, 3, []float64{10, 10, 10, 10, 10, 30}), Inconclusive, WideSpread,
			"inconclusive  no primitive over 1.10×: 1.00× (worst op2; 2 of 3 within, 1 undecided; op2 1.00×: intervals ±200% / ±0%: too noisy to judge)"},
		// Over the limit at p=0.004, which would be a miss for one ratio but
		// is not below 0.05/18 for one of eighteen.
		{"a miss not significant among many", primitiveBar(t, 18, []float64{12, 12, 12, 12, 12, 11.015}), Inconclusive, TooClose,
			"inconclusive  no primitive over 1.10×: 1.20× (worst op17; 17 of 18 within, 1 undecided; op17 1.20×: intervals ±8% / ±0%, p=0.004 against 1.10×, a miss among 18 needs p ≤ 0.0028)"},
	} {
		if tc.b.Verdict != tc.verdict || tc.b.Cause != tc.cause || tc.b.String() != tc.line {
			t.Errorf("%s: %v, cause %d\n got %s\nwant %s", tc.name, tc.b.Verdict, tc.b.Cause, tc.b, tc.line)
		}
	}

	// Of many undecided, the line names the noisy ones first, and counts
	// the rest: op0 is met, op3 (right at the limit) too close to judge.
	b := primitiveBar(t, 4, around(10.9, 6), []float64{10, 10, 10, 10, 10, 30}, around(4, 4), around(11, 6))
	if b.Cause != WideSpread || !strings.HasPrefix(b.Stats, "op1 1.00×: intervals ±200%") || !strings.Contains(b.Stats, "op2 0.40×: n=4/6") || !strings.HasSuffix(b.Stats, "; and 1 more") {
		t.Errorf("cause %d, stats %s", b.Cause, b.Stats)
	}
}
