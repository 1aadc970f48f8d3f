package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
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
	for _, want := range []string{"IncThenReadSeq <single>", "cpu: Test & CPU", "acquire", "40.0 ns · 4.00×", "ns/op, lower is faster"} {
		if !strings.Contains(joined, want) {
			t.Errorf("SVG text lacks %q: %s", want, joined)
		}
	}
	// The longest bar spans the plot; the base bar is a different colour;
	// only the bar with an interval has a whisker.
	if !strings.Contains(svg, `fill="#2f6fad"`) || strings.Count(svg, "<path") != 1 {
		t.Errorf("base colour or whiskers wrong:\n%s", svg)
	}
	if !strings.Contains(svg, `width="1.0"`) {
		t.Errorf("a zero bar is not drawn as a hairline:\n%s", svg)
	}
	// An infinite interval is dropped: the bar of 5, alone on its scale,
	// spans the plot, and nothing is drawn at an infinite or NaN place.
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
	// The cut whisker has one cap (at Lo), the other two.
	if n := strings.Count(svg, "V"); n != 3 {
		t.Errorf("%d whisker caps, want 3:\n%s", n, svg)
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
