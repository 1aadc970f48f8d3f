// Package chart draws horizontal bar charts as SVG: one panel per group of
// bars, each bar with its value and a confidence-interval whisker.
package chart

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// Bar is one measured value and its confidence interval.
type Bar struct {
	Label  string
	Value  float64
	Lo, Hi float64 // the interval; equal to Value when there is none. A Hi far above the panel's largest value is cut.
	Text   string  // the value as printed beside the bar, e.g. "7.81 ns"
	Note   string  // printed after Text, e.g. "1.26×"
	Base   bool    // the bar the others are compared with, drawn darker
}

// Panel is a titled group of bars on one scale starting at zero.
type Panel struct {
	Title string
	Unit  string // the axis caption, e.g. "ns/op, lower is faster"
	Bars  []Bar
}

// Chart is a stack of panels under a title and notes.
type Chart struct {
	Title  string
	Notes  []string // lines under the title: the CPU, the implementation, ...
	Panels []Panel
}

// Layout, in pixels.
const (
	width    = 960
	margin   = 16
	barH     = 18
	barGap   = 6
	titleH   = 30
	noteH    = 17
	panelGap = 26
	textW    = 150 // room right of the longest bar for its text
	charW    = 7   // an estimate of a 12px sans-serif character
)

// WriteSVG draws c.
func (c Chart) WriteSVG(w io.Writer) error {
	labelW := 0
	for _, p := range c.Panels {
		for _, b := range p.Bars {
			labelW = max(labelW, utf8.RuneCountInString(b.Label)*charW+12)
		}
	}
	plotX := float64(margin + labelW)
	plotW := float64(width-margin) - plotX - textW

	var notes []string
	for _, n := range c.Notes {
		notes = append(notes, wrap(n, (width-2*margin)/charW)...)
	}
	height := margin + titleH + noteH*len(notes)
	for _, p := range c.Panels {
		height += panelGap + noteH + len(p.Bars)*(barH+barGap) + noteH
	}
	height += margin

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	y := margin + 20
	fmt.Fprintf(bw, `<text x="%d" y="%d" font-size="17" font-weight="bold">%s</text>`+"\n", margin, y, esc(c.Title))
	y += titleH - 20
	for _, n := range notes {
		y += noteH
		fmt.Fprintf(bw, `<text x="%d" y="%d" fill="#444">%s</text>`+"\n", margin, y-4, esc(n))
	}
	for _, p := range c.Panels {
		y += panelGap + noteH
		fmt.Fprintf(bw, `<text x="%d" y="%d" font-size="14" font-weight="bold">%s</text>`+"\n", margin, y-5, esc(p.Title))
		top := y
		axis := axisMax(p.Bars)
		scale := plotW / axis
		for _, b := range p.Bars {
			b = finite(b)
			cy := float64(y) + barH/2
			fill := "#8fb3d9"
			if b.Base {
				fill = "#2f6fad"
			}
			fmt.Fprintf(bw, `<text x="%g" y="%g" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", plotX-8, cy, esc(b.Label))
			fmt.Fprintf(bw, `<rect x="%g" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", plotX, y, math.Max(b.Value*scale, 1), barH, fill)
			end := b.Value
			if b.Hi > b.Lo {
				// A whisker longer than the axis is cut at its end and
				// drawn without a cap there.
				hi := math.Min(b.Hi, axis)
				x1, x2 := plotX+b.Lo*scale, plotX+hi*scale
				d := fmt.Sprintf("M%.1f %gH%.1fM%.1f %gV%g", x1, cy, x2, x1, cy-4, cy+4)
				if b.Hi <= axis {
					d += fmt.Sprintf("M%.1f %gV%g", x2, cy-4, cy+4)
				}
				fmt.Fprintf(bw, `<path d="%s" stroke="#222" stroke-width="1.2" fill="none"/>`+"\n", d)
				end = math.Max(end, hi)
			}
			text := b.Text
			if b.Note != "" {
				text += " · " + b.Note // SVG collapses runs of spaces
			}
			fmt.Fprintf(bw, `<text x="%.1f" y="%g" dominant-baseline="middle">%s</text>`+"\n", plotX+end*scale+6, cy, esc(text))
			y += barH + barGap
		}
		fmt.Fprintf(bw, `<line x1="%g" y1="%d" x2="%g" y2="%d" stroke="#999"/>`+"\n", plotX, top-2, plotX, y-barGap+2)
		y += noteH
		fmt.Fprintf(bw, `<text x="%g" y="%d" fill="#666">%s</text>`+"\n", plotX, y-4, esc(p.Unit))
	}
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}

// axisMax is the end of a panel's axis: the largest value, or the largest
// interval end if that is within a quarter more, so that one noisy sample
// cannot squash every bar; 1 for a panel of zeros.
func axisMax(bars []Bar) float64 {
	m := 0.0
	for _, b := range bars {
		m = math.Max(m, finite(b).Value)
	}
	if m <= 0 {
		return 1
	}
	limit := m
	for _, b := range bars {
		if hi := finite(b).Hi; hi > limit && hi <= 1.25*m {
			limit = hi
		}
	}
	return limit
}

// finite drops an interval with an infinite or missing end (too few
// samples for one) and draws a value that is not a number as zero.
func finite(b Bar) Bar {
	bad := func(x float64) bool { return math.IsInf(x, 0) || math.IsNaN(x) }
	if bad(b.Value) || b.Value < 0 {
		b.Value = 0
	}
	if bad(b.Lo) || bad(b.Hi) || b.Lo > b.Hi {
		b.Lo, b.Hi = b.Value, b.Value
	}
	return b
}

func esc(s string) string { return html.EscapeString(s) }

// wrap breaks s at spaces into lines of at most n characters (a longer
// word gets a line of its own).
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}
