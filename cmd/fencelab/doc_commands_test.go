package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// docCommand is a command that README.md or a file of docs/ shows.
type docCommand struct {
	where string   // file:line
	args  []string // the words of the command, its comment cut off
}

func (c docCommand) String() string { return c.where + ": " + strings.Join(c.args, " ") }

// inlineCommand matches a command quoted in running text: `go run ...`,
// `go test ...`, `go doc ...` or `fencelab SUBCOMMAND ARGS...`.
var inlineCommand = regexp.MustCompile("`((?:go (?:run|test|doc) |fencelab [a-z]+ )[^`]+)`")

// docCommands reads the commands of a Markdown file: the lines of its
// indented code blocks that start with "go " or "./", and the commands
// quoted in its text.
func docCommands(t *testing.T, path string) []docCommand {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds []docCommand
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		where := fmt.Sprintf("%s:%d", filepath.ToSlash(path), n)
		if code, ok := strings.CutPrefix(line, "    "); ok {
			code = strings.TrimSpace(code)
			if strings.HasPrefix(code, "go ") || strings.HasPrefix(code, "./") {
				cmds = append(cmds, docCommand{where, shellWords(t, where, code)})
			}
			continue
		}
		for _, m := range inlineCommand.FindAllStringSubmatch(line, -1) {
			words := shellWords(t, where, m[1])
			if strings.HasPrefix(words[len(words)-1], "-") {
				continue // a flag named in the text, such as `go test -bench`
			}
			if words[0] == "fencelab" {
				words = append([]string{"go", "run", "./cmd/fencelab"}, words[1:]...)
			}
			cmds = append(cmds, docCommand{where, words})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cmds
}

// shellWords splits a command as a POSIX shell would for the forms the docs
// use: words separated by blanks, single quotes, and a trailing # comment.
func shellWords(t *testing.T, where, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			cur.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == '#' && !inWord:
			return words
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("%s: unterminated quote in %q", where, s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// TestDocCommands runs every command that README.md and docs/*.md show, from
// the repository root as a reader would, and fails on a non-zero exit or an
// empty output. Commands that would run for minutes run shortened, each
// change stated here: fencelab bench with one iteration per benchmark and two
// rounds, writing into a temporary directory (its -from, which takes no
// flag of a run, reads that directory's results.txt); fencelab stress with
// 1000 iterations and one run; go test -bench with one iteration; go test
// -fuzz with 100 inputs.
// ./scripts/test-all.sh is the test command itself and is not run from
// inside it.
func TestDocCommands(t *testing.T) {
	needsGoCommand(t)
	if testing.Short() {
		t.Skip("builds fencelab and runs every documented command; skipped in -short mode")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "fencelab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := t.TempDir()

	var cmds []docCommand
	for _, path := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		rel, err := filepath.Rel(root, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range docCommands(t, path) {
			c.where = rel + c.where[len(filepath.ToSlash(path)):]
			cmds = append(cmds, c)
		}
	}
	if len(cmds) < 10 {
		t.Fatalf("found only %d commands in README.md and docs/: %v", len(cmds), cmds)
	}
	// The reports that a bench command writes are read by a later
	// -from out/results.txt, so the bench commands run first.
	ordered := make([]docCommand, 0, len(cmds))
	for pass := 0; pass < 2; pass++ {
		for _, c := range cmds {
			if slices.Contains(c.args, "-from") == (pass == 1) {
				ordered = append(ordered, c)
			}
		}
	}
	seen := map[string]bool{}
	for _, c := range ordered {
		key := strings.Join(c.args, "\x00")
		if seen[key] {
			continue
		}
		seen[key] = true
		name, args, why := docRunnable(c, bin, out)
		if why != "" {
			if why != docSelf {
				t.Errorf("%s: %s", c, why)
			}
			continue
		}
		t.Run(c.where, func(t *testing.T) {
			needsCatalogues(t, root, args)
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, name, args...)
			cmd.Dir = root
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s\nran %s %q: %v\nstdout:\n%s\nstderr:\n%s", c, name, args, err, tail(stdout.String()), tail(stderr.String()))
			}
			if strings.TrimSpace(stdout.String()) == "" {
				t.Errorf("%s: printed nothing on stdout (stderr: %s)", c, tail(stderr.String()))
			}
		})
	}
}

// needsCatalogues skips a command that reads the herdtools7 catalogues
// beside the repository (../shared) where they are absent, as in a
// user's clone; under CI=true their absence is a failure.
func needsCatalogues(t *testing.T, root string, args []string) {
	t.Helper()
	for _, a := range args {
		if !strings.HasPrefix(a, "../shared/") {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, "..", "shared")); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("the catalogues that %s reads are missing: %v", a, err)
			}
			t.Skipf("%s is absent (the catalogues live beside the repository, not in it)", a)
		}
	}
}

// docRunnable turns a documented command into the program and arguments to
// run, shortened where it would take minutes, or says why it is not run.
func docRunnable(c docCommand, bin, out string) (name string, args []string, why string) {
	a := c.args
	switch {
	case len(a) >= 3 && a[0] == "go" && a[1] == "run" && a[2] == "./cmd/fencelab":
		args = append([]string(nil), a[3:]...)
		if len(args) > 0 {
			switch args[0] {
			case "bench":
				for i, s := range args {
					if strings.HasPrefix(s, "out/") {
						args[i] = filepath.Join(out, strings.TrimPrefix(s, "out/"))
					}
				}
				if !slices.Contains(args, "-from") {
					args = append(args, "-benchtime", "1x", "-count", "2")
				}
				args = append(args, "-out", out)
			case "stress":
				if !slices.Contains(args, "-list") {
					// Before the shapes: flags end at the first argument.
					args = append([]string{"stress", "-n", "1000", "-runs", "1"}, args[1:]...)
				}
			}
		}
		return bin, args, ""
	case len(a) >= 2 && a[0] == "go" && a[1] == "test":
		args = append([]string(nil), a[1:]...)
		if slices.Contains(args, "-bench") {
			args = append(args, "-benchtime", "1x", "-count", "1")
			if !slices.Contains(args, "-run") {
				args = append(args, "-run", "^$")
			}
		}
		if slices.Contains(args, "-fuzz") && !slices.Contains(args, "-fuzztime") {
			args = append(args, "-fuzztime", "100x")
		}
		return "go", args, ""
	case len(a) >= 2 && a[0] == "go" && a[1] == "doc":
		return "go", a[1:], ""
	case len(a) == 1 && a[0] == "./scripts/test-all.sh":
		return "", nil, docSelf
	}
	return "", nil, "not a command this test knows how to run: teach docRunnable to run it"
}

// docSelf is why ./scripts/test-all.sh is not run: it runs this test.
const docSelf = "the test command itself"

// tail is the end of a long output, enough to see why a command failed.
func tail(s string) string {
	const n = 4000
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
