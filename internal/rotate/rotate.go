// Package rotate moves the threads of a litmus test laid out in columns,
// herd7's layout, to other thread numbers: the tests of the checker and of
// the derived tests use it to show that no verdict depends on which
// thread holds which code.
package rotate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// threadRef matches the "T:" that names thread T in "T:r1" or "T:X0=x".
var threadRef = regexp.MustCompile(`\b\d+:`)

// comment matches an OCaml-style comment, which may end a code row.
var comment = regexp.MustCompile(`\(\*[\s\S]*?\*\)`)

// Threads moves thread t of a test laid out in columns to thread
// (t+k) mod n: its column of each code row, and each "t:" outside the
// code (initial state, locations, filter, condition) that names it. The
// rotated text has no comments.
func Threads(src string, k int) (string, error) {
	lines := strings.Split(comment.ReplaceAllString(src, ""), "\n")
	head := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "P0") {
			head = i
			break
		}
	}
	if head < 0 {
		return "", fmt.Errorf("no row of thread names")
	}
	row := func(l string) []string {
		return strings.Split(strings.TrimSuffix(strings.TrimSpace(l), ";"), "|")
	}
	n := len(row(lines[head]))
	rename := func(l string) string {
		return threadRef.ReplaceAllStringFunc(l, func(m string) string {
			t, _ := strconv.Atoi(strings.TrimSuffix(m, ":"))
			if t >= n {
				return m
			}
			return fmt.Sprintf("%d:", (t+k)%n)
		})
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines[:head+1] {
		out = append(out, rename(l))
	}
	i := head + 1
	for ; i < len(lines) && strings.HasSuffix(strings.TrimSpace(lines[i]), ";") && strings.Contains(lines[i], "|"); i++ {
		cells := row(lines[i])
		if len(cells) != n {
			return "", fmt.Errorf("line %d: %d columns, not %d", i+1, len(cells), n)
		}
		moved := make([]string, n)
		for t, c := range cells {
			moved[(t+k)%n] = strings.TrimSpace(c)
		}
		out = append(out, " "+strings.Join(moved, " | ")+" ;")
	}
	for _, l := range lines[i:] {
		out = append(out, rename(l))
	}
	return strings.Join(out, "\n"), nil
}
