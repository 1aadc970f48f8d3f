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
// three or four significant digits, a ratio with three decimals, other
// units with an SI prefix (1.23M faults/s). It returns the text and the
// unit to print.
func FormatValue(v float64, unit string) (string, string) {
	switch unit {
	case TimeUnit:
		return formatNs(v * 1e9), "ns/op"
	case RatioUnit:
		return strconv.FormatFloat(v, 'f', 3, 64), unit
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

// Throughput is the operations per second of a time per operation (sec/op)
// as people read it: "282.5M op/s". For a parallel benchmark, whose time
// per operation is the wall time over every goroutine's operations, it is
// the throughput of them all.
func Throughput(secPerOp float64) string {
	if secPerOp <= 0 {
		return "∞ op/s"
	}
	return benchunit.Scale(1/secPerOp, benchunit.Decimal) + " op/s"
}

// WriteText prints each group under a heading that names it, its
// GOMAXPROCS and its unit; one line per case: the median ± the 95%
// confidence interval, for a time per operation the throughput it makes,
// and for the cases after the first their ratio to the first, with the
// p-value and sample sizes of the U test (the heading names the first case
// only where there are others).
func (r *Report) WriteText(w io.Writer) error {
	labelW, valueW, rateW := 0, 0, 0
	for _, g := range r.Groups {
		for _, row := range g.Rows {
			labelW = max(labelW, utf8.RuneCountInString(row.Label))
			v, _ := FormatValue(row.Summary.Center, g.Unit)
			valueW = max(valueW, len(v))
			if g.Unit == TimeUnit {
				rateW = max(rateW, utf8.RuneCountInString(Throughput(row.Summary.Center)))
			}
		}
	}
	var b strings.Builder
	for _, g := range r.Groups {
		if len(g.Rows) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		_, unit := FormatValue(0, g.Unit)
		rate := ""
		if g.Unit == TimeUnit {
			rate = ", throughput"
		}
		to := ""
		if len(g.Rows) > 1 {
			to = "; ratio to " + g.Rows[0].Label
		}
		fmt.Fprintf(&b, "%s  (GOMAXPROCS=%d; %s, median ± 95%% CI%s%s)\n", g.Name, g.Procs, unit, rate, to)
		for j, row := range g.Rows {
			v, _ := FormatValue(row.Summary.Center, g.Unit)
			line := fmt.Sprintf("  %s  %*s ± %-4s", padRight(row.Label, labelW), valueW, v, row.SpreadText())
			if g.Unit == TimeUnit {
				line += "  " + padLeft(Throughput(row.Summary.Center), rateW)
			}
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
