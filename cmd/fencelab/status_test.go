package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestStatusLineOverwrites: a shorter text covers the rest of the longer
// one before it with spaces, and clear blanks what is shown and returns to
// the line's start, once; no escape sequence is written, which the older
// Windows console would print.
func TestStatusLineOverwrites(t *testing.T) {
	var b bytes.Buffer
	s := &statusLine{w: &b}
	s.clear()
	s.set("round 10/12")
	s.set("round 9")
	s.set("é")
	s.clear()
	s.clear()
	want := "\rround 10/12" + "\rround 9    " + "\ré      " + "\r \r"
	if b.String() != want {
		t.Errorf("output %q, want %q", b.String(), want)
	}
	if strings.Contains(b.String(), "\033") {
		t.Error("an escape sequence was written")
	}
	if newStatusLine(&b) != nil {
		t.Error("a buffer taken for a terminal")
	}
}
