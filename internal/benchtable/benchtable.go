// Package benchtable reads Go benchmark results and compares, within each
// group of sub-benchmarks, every case with the group's first case, with
// the statistics of golang.org/x/perf (benchstat's median, confidence
// interval and Mann-Whitney U test).
//
// A group is a benchmark name without its last sub-benchmark part, at one
// GOMAXPROCS: BenchmarkIncThenReadSeq/mode=shared/place=acquire-2 is the
// case "acquire" of the group "IncThenReadSeq/mode=shared" at GOMAXPROCS=2.
package benchtable

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"
)

// TimeUnit is the unit benchfmt gives ns/op results: seconds per operation.
const TimeUnit = "sec/op"

// RatioUnit is the unit of a benchmark that reports a ratio of two times
// of its own, such as the vma package's paired read locks.
const RatioUnit = "ratio"

// Confidence is the level of the confidence intervals.
const Confidence = 0.95

// Report is a set of results, grouped.
type Report struct {
	Config []benchfmt.Config // the configuration lines, in the order first seen
	Groups []*Group
	// Warnings are the lines that were not valid benchmark format, and the
	// statistical warnings (too few samples for a confidence interval, ...).
	Warnings []string
}

// Group is the cases of one benchmark compared with its first case.
type Group struct {
	Name  string // "IncThenReadSeq/mode=shared"
	Procs int    // GOMAXPROCS
	// Unit is what the rows show: the benchmark's own metric (b.ReportMetric)
	// when it has one, such as faults/s, and otherwise sec/op.
	Unit string
	Rows []*Row
}

// Row is one case of a group.
type Row struct {
	Label   string // the value of the last part: "acquire"
	Sample  *benchmath.Sample
	Summary benchmath.Summary
	// Ratio is Summary.Center over the first row's (1 for the first row),
	// and Cmp tests whether the two samples differ.
	Ratio float64
	Cmp   benchmath.Comparison
}

// Significant reports whether the row differs from the first row at the
// 5% level.
func (r *Row) Significant() bool { return r.Cmp.P <= r.Cmp.Alpha }

type caseKey struct{ group, label string }

// Read parses results in the Go benchmark format. A value that no
// benchmark can measure (not a number, infinite, or below zero) is an
// error that names its line.
func Read(in io.Reader, fileName string) (*Report, error) {
	rep := &Report{}
	groups := map[string]*Group{}
	values := map[caseKey]map[string][]float64{}
	var order []caseKey
	seenConfig := map[string]bool{}

	rd := benchfmt.NewReader(in, fileName)
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			rep.Warnings = append(rep.Warnings, rec.Error())
		case *benchfmt.Result:
			for _, c := range rec.Config {
				if !c.File || seenConfig[c.Key] {
					continue
				}
				seenConfig[c.Key] = true
				rep.Config = append(rep.Config, benchfmt.Config{Key: c.Key, Value: append([]byte(nil), c.Value...), File: true})
			}
			name, procs, label := split(rec.Name)
			gk := name + "-" + strconv.Itoa(procs)
			g := groups[gk]
			if g == nil {
				g = &Group{Name: name, Procs: procs}
				groups[gk] = g
				rep.Groups = append(rep.Groups, g)
			}
			ck := caseKey{gk, label}
			if values[ck] == nil {
				values[ck] = map[string][]float64{}
				order = append(order, ck)
			}
			for _, v := range rec.Values {
				if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Value < 0 {
					file, line := rec.Pos()
					val, unit := v.Value, v.Unit
					if v.OrigUnit != "" {
						val, unit = v.OrigValue, v.OrigUnit
					}
					return nil, fmt.Errorf("%s:%d: Benchmark%s: %v %s is no measurement", file, line, rec.Name.Full(), val, unit)
				}
				// benchfmt leaves a value that scaling does not change, a
				// zero, in its own unit (0 ns/op): tidy its unit too.
				val, unit := v.Value, v.Unit
				if v.OrigUnit == "" {
					val, unit = benchunit.Tidy(v.Value, v.Unit)
				}
				values[ck][unit] = append(values[ck][unit], val)
			}
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", fileName)
	}

	for _, ck := range order {
		gk := ck.group
		g := groups[gk]
		if g.Unit == "" || g.Unit == TimeUnit {
			g.Unit = pickUnit(values[ck])
		}
	}
	thresholds := benchmath.DefaultThresholds
	for _, ck := range order {
		g := groups[ck.group]
		vs := values[ck][g.Unit]
		if len(vs) == 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s/%s: no %s values", g.Name, ck.label, g.Unit))
			continue
		}
		s := benchmath.NewSample(vs, &thresholds)
		row := &Row{Label: ck.label, Sample: s, Summary: benchmath.AssumeNothing.Summary(s, Confidence), Ratio: 1}
		for _, w := range row.Summary.Warnings {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s/%s: %v", g.Name, ck.label, w))
		}
		if len(g.Rows) > 0 {
			base := g.Rows[0]
			row.Cmp = benchmath.AssumeNothing.Compare(base.Sample, s)
			if base.Summary.Center != 0 {
				row.Ratio = row.Summary.Center / base.Summary.Center
			}
		}
		g.Rows = append(g.Rows, row)
	}
	return rep, nil
}

// pickUnit prefers a benchmark's own metric to sec/op, B/op and allocs/op.
func pickUnit(units map[string][]float64) string {
	best := ""
	for u := range units {
		switch u {
		case TimeUnit, "B/op", "allocs/op":
		default:
			if best == "" || u < best {
				best = u
			}
		}
	}
	if best == "" {
		return TimeUnit
	}
	return best
}

// split takes "IncThenReadSeq/mode=shared/place=acquire-2" apart into the
// group name "IncThenReadSeq/mode=shared", GOMAXPROCS 2 and the label
// "acquire" (the value of the last key=value part, or the whole of a
// positional one). A benchmark without sub-benchmarks is a group of its
// own, labelled with its name.
func split(n benchfmt.Name) (group string, procs int, label string) {
	base, parts := n.Parts()
	procs = 1
	if len(parts) > 0 && parts[len(parts)-1][0] == '-' {
		procs, _ = strconv.Atoi(string(parts[len(parts)-1][1:]))
		parts = parts[:len(parts)-1]
	}
	group = string(base) // benchfmt has dropped "Benchmark"
	if len(parts) == 0 {
		return group, procs, group
	}
	for _, p := range parts[:len(parts)-1] {
		group += string(p)
	}
	last := string(parts[len(parts)-1][1:])
	if _, v, ok := strings.Cut(last, "="); ok {
		return group, procs, v
	}
	return group, procs, last
}

// ConfigValue returns the value of the configuration key, or "".
func (r *Report) ConfigValue(key string) string {
	for _, c := range r.Config {
		if c.Key == key {
			return string(c.Value)
		}
	}
	return ""
}

// Find returns the group called name at GOMAXPROCS procs, or nil.
func (r *Report) Find(name string, procs int) *Group {
	for _, g := range r.Groups {
		if g.Name == name && g.Procs == procs {
			return g
		}
	}
	return nil
}

// Row returns the row labelled label, or nil.
func (g *Group) Row(label string) *Row {
	for _, r := range g.Rows {
		if r.Label == label {
			return r
		}
	}
	return nil
}
