package benchbars

import (
	"fmt"
	"strings"
)

// undecidedShown is how many undecided ratios a bar's line names.
const undecidedShown = 2

// all judges a bar that every one of tests must meet, named by names, by
// the rule for many ratios in the package documentation.
func all(target string, names []string, tests []ratioTest) Bar {
	k := len(tests)
	missAlpha := Alpha / float64(k)
	worst, met, overSpread := -1, 0, 0
	var worstRatio float64
	// The undecided for noise come first: they say what to change.
	var over, noisy, near []string
	cause := TooClose
	for i, t := range tests {
		o := t.judge()
		if worst < 0 || o.ratio > worstRatio {
			worst, worstRatio = i, o.ratio
		}
		switch {
		case o.verdict == Missed && o.p <= missAlpha:
			over = append(over, fmt.Sprintf("%s %.2f×", names[i], o.ratio))
			overSpread = max(overSpread, t.num.SpreadPercent(), t.den.SpreadPercent())
		case o.verdict == Met:
			met++
		default:
			line := fmt.Sprintf("%s %.2f×: %s", names[i], o.ratio, o.note)
			switch {
			case o.verdict == Missed:
				near = append(near, line+fmt.Sprintf(", a miss among %d needs p ≤ %.4f", k, missAlpha))
			case o.cause.Noisy():
				noisy = append(noisy, line)
				if !cause.Noisy() {
					cause = o.cause
				}
			default:
				near = append(near, line)
			}
		}
	}
	b := Bar{Target: target, Ratio: worstRatio, Limit: tests[0].limit}
	switch {
	case len(over) > 0:
		b.Verdict = Missed
		b.Detail = fmt.Sprintf("%d of %d over: %s", len(over), k, strings.Join(over, ", "))
		b.Stats = fmt.Sprintf("each p ≤ %.4f (%.2f/%d) against %.2f×, intervals up to ±%d%%", missAlpha, Alpha, k, tests[0].limit, overSpread)
	case met == k:
		b.Verdict = Met
		b.Detail = fmt.Sprintf("worst %s; all %d within", names[worst], k)
		widest := 0
		for _, t := range tests {
			widest = max(widest, t.num.SpreadPercent(), t.den.SpreadPercent())
		}
		b.Stats = fmt.Sprintf("each p ≤ %.2f against %.2f×, intervals up to ±%d%%", Alpha, tests[0].limit, widest)
	default:
		undecided := append(noisy, near...)
		b.Cause = cause
		b.Detail = fmt.Sprintf("worst %s; %d of %d within, %d undecided", names[worst], met, k, len(undecided))
		shown := undecided[:min(len(undecided), undecidedShown)]
		b.Stats = strings.Join(shown, "; ")
		if n := len(undecided) - len(shown); n > 0 {
			b.Stats += fmt.Sprintf("; and %d more", n)
		}
	}
	return b
}
