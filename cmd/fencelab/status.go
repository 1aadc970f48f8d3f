package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// statusLine is one line of status on a terminal, rewritten in place: set
// replaces it and clear removes it. Each returns to the start of the line
// and writes spaces over what is left of the last text, which every
// console understands; an erase-line escape would be printed as text by
// the older Windows console.
type statusLine struct {
	w     io.Writer
	width int // the runes of the text shown; 0 when none is
}

// newStatusLine returns the status line of w, or nil where w is no
// terminal (a pipe, a file, a buffer), which is then written to a line at
// a time instead.
func newStatusLine(w io.Writer) *statusLine {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &statusLine{w: w}
}

func (s *statusLine) set(text string) {
	n := utf8.RuneCountInString(text)
	fmt.Fprint(s.w, "\r", text, strings.Repeat(" ", max(s.width-n, 0)))
	s.width = n
}

func (s *statusLine) clear() {
	if s.width > 0 {
		fmt.Fprint(s.w, "\r", strings.Repeat(" ", s.width), "\r")
		s.width = 0
	}
}
