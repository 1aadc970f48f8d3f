package benchtable

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/perf/benchunit"
)

// FormatValue formats a value of unit for people: sec/op as ns/op with
// three or four significant digits, other units with an SI prefix
// (1.23M faults/s). It returns the text and the unit to print.
func FormatValue(v float64, unit string) (string, string) {
	if unit == TimeUnit {
		return formatNs(v * 1e9), "ns/op"
	}
	return benchunit.Scale(v, benchunit.ClassOf(unit)), unit
}

func formatNs(ns float64) string {
	switch {
	case ns >= 100:
		return strconv.FormatFloat(ns, 'f', 0, 64)
	case ns >= 10:
		return strconv.FormatFloat(ns, 'f', 1, 64)
	case ns >= 1:
		return strconv.FormatFloat(ns, 'f', 2, 64)
	}
	return strconv.FormatFloat(ns, 'f', 3, 64)
}

// RatioText is "1.26×", prefixed by "~" when the difference from the first
// row is not significant.
func (r *Row) RatioText() string {
	s := strconv.FormatFloat(r.Ratio, 'f', 2, 64) + "×"
	if !r.Significant() {
		s = "~" + s
	}
	return s
}

// WriteText prints each group under a heading that names it, its
// GOMAXPROCS and its unit; one line per case: the median ± the 95%
// confidence interval, and for the cases after the first their ratio to
// the first, with the p-value and sample sizes of the U test.
func (r *Report) WriteText(w io.Writer) error {
	labelW, valueW := 0, 0
	for _, g := range r.Groups {
		for _, row := range g.Rows {
			labelW = max(labelW, utf8.RuneCountInString(row.Label))
			v, _ := FormatValue(row.Summary.Center, g.Unit)
			valueW = max(valueW, len(v))
		}
	}
	var b strings.Builder
	for i, g := range r.Groups {
		if len(g.Rows) == 0 {
			continue
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		_, unit := FormatValue(0, g.Unit)
		fmt.Fprintf(&b, "%s  (GOMAXPROCS=%d; %s, median ± 95%% CI; ratio to %s)\n", g.Name, g.Procs, unit, g.Rows[0].Label)
		for j, row := range g.Rows {
			v, _ := FormatValue(row.Summary.Center, g.Unit)
			line := fmt.Sprintf("  %s  %*s ± %-4s", padRight(row.Label, labelW), valueW, v, row.SpreadText())
			if j > 0 {
				line += fmt.Sprintf("  %s  (%s)", padLeft(row.RatioText(), 7), row.Cmp)
			}
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// padRight and padLeft pad to a width in runes: "×" is one column, two bytes.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s)))
}

func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s))) + s
}
