package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestWriteSVG(t *testing.T) {
	c := Chart{
		Title: "IncThenReadSeq <single>",
		Notes: []string{"cpu: Test & CPU", "impl: amd64"},
		Panels: []Panel{
			{Title: "mode=single", Unit: "ns/op, lower is faster", Bars: []Bar{
				{Label: "acquire", Value: 10, Lo: 9, Hi: 11, Text: "10.0 ns", Base: true},
				{Label: "relaxed-mandatory-mb", Value: 40, Lo: 40, Hi: 40, Text: "40.0 ns", Note: "4.00×"},
			}},
			{Title: "zeros", Unit: "faults/s", Bars: []Bar{{Label: "x", Text: "0"}}},
			{Title: "no interval", Unit: "faults/s", Bars: []Bar{
				{Label: "few samples", Value: 5, Lo: math.Inf(-1), Hi: math.Inf(1), Text: "5"},
				{Label: "nan", Value: math.NaN(), Text: "?"},
				{Label: "one end", Value: 5, Lo: 4, Hi: math.Inf(1), Text: "5"},
				{Label: "other end", Value: 5, Lo: math.NaN(), Hi: 6, Text: "5"},
			}},
		},
	}
	var b strings.Builder
	if err := c.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	svg := b.String()

	// Well-formed XML, with the text escaped.
	d := xml.NewDecoder(strings.NewReader(svg))
	var texts []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if cd, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(cd)) != "" {
			texts = append(texts, string(cd))
		}
	}
	joined := strings.Join(texts, "|")
	for _, want := range []string{"IncThenReadSeq <single>", "cpu: Test & CPU", "mode=single", "acquire", "40.0 ns · 4.00×", "ns/op, lower is faster", "zeros", "no interval"} {
		if !strings.Contains(joined, want) {
			t.Errorf("SVG text lacks %q: %s", want, joined)
		}
	}
	// A white ground, for viewers with a dark background.
	if !strings.Contains(svg, `<rect width="100%" height="100%" fill="#ffffff"/>`) {
		t.Errorf("no white ground:\n%s", svg)
	}
	// The longest bar spans the plot; the base bar is a different colour;
	// only the bar with an interval has a whisker: an interval with one end
	// infinite or missing is none.
	if !strings.Contains(svg, `fill="#2f6fad"`) || strings.Count(svg, "<path") != 1 {
		t.Errorf("base colour or whiskers wrong:\n%s", svg)
	}
	if !strings.Contains(svg, `width="1.0"`) {
		t.Errorf("a zero bar is not drawn as a hairline:\n%s", svg)
	}
	// An infinite interval is dropped: the bars of 5, alone on their scale,
	// span the plot as the bar of 40 does on its own, and nothing is drawn
	// at an infinite or NaN place.
	plotW := float64(width-margin) - float64(margin+len("relaxed-mandatory-mb")*charW+12) - textW
	if n := strings.Count(svg, fmt.Sprintf(`width="%.1f"`, plotW)); n != 4 {
		t.Errorf("%d bars span the plot, want 4 (40, and the three of 5):\n%s", n, svg)
	}
	if strings.Contains(svg, "Inf") || strings.Contains(svg, "NaN") {
		t.Errorf("non-finite coordinates:\n%s", svg)
	}
}

func TestWhiskerCut(t *testing.T) {
	c := Chart{Title: "t", Panels: []Panel{{Title: "p", Bars: []Bar{
		{Label: "a", Value: 10, Lo: 9, Hi: 11},
		{Label: "noisy", Value: 5, Lo: 4, Hi: 500},
	}}}}
	var b strings.Builder
	if err := c.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	// The bar of 10 is not squashed by the whisker to 500: with the
	// whisker of 11 within a quarter more, the axis ends at 11.
	plotW := float64(width-margin) - float64(margin+len("noisy")*charW+12) - textW
	want := fmt.Sprintf(`width="%.1f"`, 10*plotW/11)
	if !strings.Contains(svg, want) {
		t.Errorf("the bar of 10 is not %s wide:\n%s", want, svg)
	}
	// The whisker within the axis has its two caps, the cut one only its
	// cap at Lo, in the order of their bars.
	var caps []int
	for _, line := range strings.Split(svg, "\n") {
		if strings.HasPrefix(line, "<path ") {
			caps = append(caps, strings.Count(line, "V"))
		}
	}
	if !slices.Equal(caps, []int{2, 1}) {
		t.Errorf("whisker caps %v, want [2 1]:\n%s", caps, svg)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("arm64, EMULATED under qemu: shows that the suite runs", 20)
	want := []string{"arm64, EMULATED", "under qemu: shows", "that the suite runs"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap: %q, want %q", got, want)
	}
	if got := wrap("averyveryverylongword x", 5); len(got) != 2 || got[0] != "averyveryverylongword" {
		t.Errorf("long word: %q", got)
	}
}

// TestPanelGeometry reads the drawing back: each panel on its own scale,
// each bar with its own label, colour, whisker and text.
func TestPanelGeometry(t *testing.T) {
	c := Chart{Title: "t", Panels: []Panel{
		{Title: "a", Bars: []Bar{
			{Label: "base", Value: 40, Lo: 30, Hi: 45, Text: "40", Base: true},
			{Label: "other", Value: 10, Lo: 9, Hi: 11, Text: "10", Note: "0.25×"},
		}},
		{Title: "b", Bars: []Bar{
			{Label: "first", Value: 1000, Lo: 1000, Hi: 1000, Text: "1000", Base: true},
			{Label: "cut", Value: 500, Lo: 400, Hi: 5000, Text: "500"},
		}},
	}}
	var b strings.Builder
	if err := c.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	plotX := float64(margin + len("first")*charW + 12)
	plotW := float64(width-margin) - plotX - textW
	// Panel a ends at the whisker of 45, within a quarter more than 40;
	// panel b at its largest bar, 1000, the whisker to 5000 cut.
	scaleA, scaleB := plotW/45, plotW/1000

	num := func(s string) float64 {
		var v float64
		if _, err := fmt.Sscan(s, &v); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return v
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.06 {
			t.Errorf("%s: %.2f, want %.2f", what, got, want)
		}
	}

	var labels, fills []string
	for _, m := range regexp.MustCompile(`text-anchor="end" dominant-baseline="middle">([^<]*)<`).FindAllStringSubmatch(svg, -1) {
		labels = append(labels, m[1])
	}
	rects := regexp.MustCompile(`<rect x="[^"]*" y="[^"]*" width="([^"]*)" height="[^"]*" fill="([^"]*)"`).FindAllStringSubmatch(svg, -1)
	for _, m := range rects {
		fills = append(fills, m[2])
	}
	if got := strings.Join(labels, " "); got != "base other first cut" {
		t.Errorf("labels %q, want base other first cut", got)
	}
	if got := strings.Join(fills, " "); got != "#2f6fad #8fb3d9 #2f6fad #8fb3d9" {
		t.Errorf("fills %q: want the first bar of each panel darker", got)
	}
	if len(rects) != 4 {
		t.Fatalf("%d bars, want 4:\n%s", len(rects), svg)
	}
	near("bar of 40", num(rects[0][1]), 40*scaleA)
	near("bar of 10", num(rects[1][1]), 10*scaleA)
	near("bar of 1000", num(rects[2][1]), plotW)
	near("bar of 500", num(rects[3][1]), 500*scaleB)

	paths := regexp.MustCompile(`<path d="M([0-9.]+) [0-9.]+H([0-9.]+)M`).FindAllStringSubmatch(svg, -1)
	if len(paths) != 3 {
		t.Fatalf("%d whiskers, want 3:\n%s", len(paths), svg)
	}
	near("whisker of 40 from", num(paths[0][1]), plotX+30*scaleA)
	near("whisker of 40 to", num(paths[0][2]), plotX+45*scaleA)
	near("cut whisker from", num(paths[2][1]), plotX+400*scaleB)
	near("cut whisker to the axis's end", num(paths[2][2]), plotX+plotW)

	// A bar's text starts right of its bar or whisker, whichever is longer.
	texts := map[string]float64{}
	for _, m := range regexp.MustCompile(`<text x="([0-9.]+)" y="[^"]*" dominant-baseline="middle">([^<]*)<`).FindAllStringSubmatch(svg, -1) {
		texts[m[2]] = num(m[1])
	}
	near("text of 40", texts["40"], plotX+45*scaleA+6)
	near("text of 10", texts["10 · 0.25×"], plotX+11*scaleA+6)
	near("text of 500", texts["500"], plotX+plotW+6)

	// A bar's label, whisker and text sit at its middle, the label and
	// text centred on it.
	tops := regexp.MustCompile(`<rect x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)" fill="#`).FindAllStringSubmatch(svg, -1)
	labelYs := regexp.MustCompile(`<text x="[^"]*" y="([^"]*)" text-anchor="end" dominant-baseline="middle">`).FindAllStringSubmatch(svg, -1)
	textYs := regexp.MustCompile(`<text x="[^"]*" y="([^"]*)" dominant-baseline="middle">`).FindAllStringSubmatch(svg, -1)
	whiskerYs := regexp.MustCompile(`<path d="M[0-9.]+ ([0-9.]+)H`).FindAllStringSubmatch(svg, -1)
	if len(tops) != 4 || len(labelYs) != 4 || len(textYs) != 4 || len(whiskerYs) != 3 {
		t.Fatalf("%d bars, %d labels, %d texts, %d whiskers; want 4, 4, 4, 3:\n%s", len(tops), len(labelYs), len(textYs), len(whiskerYs), svg)
	}
	for i, r := range tops {
		mid := num(r[1]) + num(r[2])/2
		near(fmt.Sprintf("bar %d's label", i), num(labelYs[i][1]), mid)
		near(fmt.Sprintf("bar %d's text", i), num(textYs[i][1]), mid)
	}
	for i, bar := range []int{0, 1, 3} { // the bars with a whisker
		near(fmt.Sprintf("bar %d's whisker", bar), num(whiskerYs[i][1]), num(tops[bar][1])+num(tops[bar][2])/2)
	}
}
