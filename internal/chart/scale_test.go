package chart

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgOf draws panels, each titled by its index, under a title and notes.
func svgOf(t *testing.T, notes []string, panels ...[]Bar) string {
	t.Helper()
	c := Chart{Title: "T", Notes: notes}
	for i, bars := range panels {
		c.Panels = append(c.Panels, Panel{Title: "p" + strconv.Itoa(i), Unit: "unit" + strconv.Itoa(i), Bars: bars})
	}
	var b strings.Builder
	if err := c.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The axis of a panel ends at its largest value, or at an interval end up
// to and including a quarter beyond it; a longer whisker is cut, an
// interval whose ends are the wrong way round is none, and a negative
// value is drawn as zero. With one-letter labels the plot is 759 pixels
// wide from x=35.
func TestAxisScale(t *testing.T) {
	svg := svgOf(t, nil,
		[]Bar{{Label: "a", Value: 10, Lo: 9, Hi: 12.5, Text: "A"}},
		[]Bar{{Label: "b", Value: 10, Lo: 9, Hi: 14, Text: "B"}},
		[]Bar{{Label: "c", Value: 10, Lo: 12, Hi: 11, Text: "C"}},
		[]Bar{{Label: "d", Value: 10, Lo: 10, Hi: 10, Text: "D"}, {Label: "e", Value: -5, Lo: -5, Hi: -5, Text: "E"}},
	)
	widths := regexp.MustCompile(`<rect x="35" y="\d+" width="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	var got []string
	for _, w := range widths {
		got = append(got, w[1])
	}
	if want := "607.2 759.0 759.0 759.0 1.0"; strings.Join(got, " ") != want {
		t.Errorf("bar widths %s, want %s:\n%s", strings.Join(got, " "), want, svg)
	}
	if !strings.Contains(svg, `<text x="41.0" y="`) || !strings.Contains(svg, `dominant-baseline="middle">E</text>`) {
		t.Errorf("the negative value's text is not at the axis:\n%s", svg)
	}
}

// The picture is tall enough for every panel's unit caption, with the
// margin below the last; a note of exactly a line's 132 characters stays
// one line.
func TestHeightAndNoteLine(t *testing.T) {
	note := strings.Repeat("abc ", 32) + "abcd"
	svg := svgOf(t, []string{note},
		[]Bar{{Label: "a", Value: 1, Text: "A"}},
		[]Bar{{Label: "b", Value: 1, Text: "B"}, {Label: "c", Value: 2, Text: "C"}},
	)
	checkLastCaptionAtBottom(t, svg)
	if !strings.Contains(svg, ">"+note+"</text>") {
		t.Errorf("a note of %d characters was broken:\n%s", len(note), svg)
	}
}

// checkLastCaptionAtBottom checks that the picture ends just below its last
// caption, that of the unit "unit1": the height follows what is drawn.
func checkLastCaptionAtBottom(t *testing.T, svg string) {
	t.Helper()
	h := regexp.MustCompile(`<svg [^>]* height="(\d+)"`).FindStringSubmatch(svg)
	y := regexp.MustCompile(`<text x="[0-9.]+" y="(\d+)" fill="#666">unit1</text>`).FindStringSubmatch(svg)
	if h == nil || y == nil {
		t.Fatalf("no height or no last caption:\n%s", svg)
	}
	height, _ := strconv.Atoi(h[1])
	last, _ := strconv.Atoi(y[1])
	if last+4+margin != height {
		t.Errorf("last caption at y=%d in a picture %d high; want it %d above the bottom", last, height, 4+margin)
	}
}
