package litmus

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// threadRef matches the "T:" that names thread T in "T:r1" or "T:X0=x".
var threadRef = regexp.MustCompile(`\b\d+:`)

// comment matches an OCaml-style comment, which may end a code row.
var comment = regexp.MustCompile(`\(\*[\s\S]*?\*\)`)

// rotateSource moves thread t of a test laid out in columns to thread
// (t+k) mod n: its column of each code row, and each "t:" outside the
// code (initial state, locations, filter, condition) that names it. The
// rotated text has no comments.
func rotateSource(src string, k int) (string, error) {
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
			moved[(t+k)%n] = c
		}
		out = append(out, strings.Join(moved, "|")+";")
	}
	for _, l := range lines[i:] {
		out = append(out, rename(l))
	}
	return strings.Join(out, "\n"), nil
}

// TestVerdictsIgnoreThreadOrder: which thread holds which code changes no
// execution, so every test of the catalogues and of testdata/own, with its
// threads in each rotation, has the same observation and the same counts
// of executions that do and do not satisfy its condition. A model or a
// derivation that treats a thread by its number (thread 0 as the initial
// writes, a write of thread 0 as internal to all) fails here.
func TestVerdictsIgnoreThreadOrder(t *testing.T) {
	dirs := []string{"testdata/own"}
	if _, err := os.Stat(catalogueDir); err == nil {
		for _, arch := range []string{"aarch64", "x86_64", "riscv"} {
			dirs = append(dirs, filepath.Join(catalogueDir, arch))
		}
	}
	rotated := 0
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.litmus"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no litmus tests in %s (%v)", dir, err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := checkText(t, f, "", string(src))
			if !ok {
				continue
			}
			test, _ := Parse(f, src)
			for k := 1; k < len(test.Threads); k++ {
				rot, err := rotateSource(string(src), k)
				if err != nil {
					t.Errorf("%s: %v", f, err)
					break
				}
				name := fmt.Sprintf("%s (threads rotated by %d)", f, k)
				moved, err := Parse(name, []byte(rot))
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				for i, th := range test.Threads {
					if got := moved.Threads[(i+k)%len(test.Threads)].Instructions; !slices.Equal(got, th.Instructions) {
						t.Errorf("%s: thread %d holds %q, not thread %d's %q", name, (i+k)%len(test.Threads), got, i, th.Instructions)
					}
				}
				got, ok := checkText(t, name, "", rot)
				if ok && (got.Observation != want.Observation || got.Positive != want.Positive || got.Negative != want.Negative) {
					t.Errorf("%s: %s %d %d, unrotated %s %d %d\n%s", name, got.Observation, got.Positive, got.Negative,
						want.Observation, want.Positive, want.Negative, rot)
				}
				rotated++
			}
		}
	}
	t.Logf("%d rotations of %d folders' tests", rotated, len(dirs))
}
