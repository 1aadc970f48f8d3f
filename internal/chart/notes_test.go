package chart

import (
	"regexp"
	"strings"
	"testing"
)

// noteLines are the texts of the note lines of svg, in order.
func noteLines(svg string) []string {
	var lines []string
	for _, m := range regexp.MustCompile(`<text x="\d+" y="\d+" fill="#444">([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
		lines = append(lines, m[1])
	}
	return lines
}

// A note one character longer than a line's 132 breaks at its last space,
// so that no line runs past the right margin, and the picture grows by the
// extra line: the last panel's caption keeps its margin below it.
func TestLongNoteWrapsAndTheHeightFollows(t *testing.T) {
	note := strings.Repeat("abc ", 32) + "abcde"
	svg := svgOf(t, []string{note},
		[]Bar{{Label: "a", Value: 1, Text: "A"}},
		[]Bar{{Label: "b", Value: 1, Text: "B"}},
	)
	if got, want := noteLines(svg), []string{strings.TrimSpace(strings.Repeat("abc ", 32)), "abcde"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("note lines %q, want %q", got, want)
	}
	checkLastCaptionAtBottom(t, svg)
}

// A line's room is counted in characters: a note of 132 characters stays
// one line even where some of them take more than one byte ("×").
func TestNoteOfWideCharactersStaysOneLine(t *testing.T) {
	note := "××××" + strings.Repeat(" ×××", 32)
	if n := len([]rune(note)); n != 132 {
		t.Fatalf("note of %d characters, want 132", n)
	}
	if got := noteLines(svgOf(t, []string{note}, []Bar{{Label: "a", Value: 1, Text: "A"}})); len(got) != 1 || got[0] != note {
		t.Errorf("note lines %q, want the note whole", got)
	}
}

// The label column is as wide as the longest label in characters: a
// one-character label that takes two bytes ("×") leaves the plot where a
// one-letter label does, at x=35.
func TestLabelWidthInCharacters(t *testing.T) {
	svg := svgOf(t, nil, []Bar{{Label: "×", Value: 1, Text: "A"}})
	if !strings.Contains(svg, `<rect x="35" y="`) {
		t.Errorf("the bar does not start at x=35:\n%s", svg)
	}
}
