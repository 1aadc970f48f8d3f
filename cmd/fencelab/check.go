package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/atomicfence/atomicfence/litmus"
)

const checkUsage = `usage: fencelab check [-model sc|x86tso|aarch64] [-kinds FILE] FILE|DIR ...

Decides herd7 litmus tests (AArch64, X86_64 or X86) by enumerating every
candidate execution under a memory model, and prints for each test what
herd7 prints: the reachable final states, the number of executions that do
and do not satisfy the condition, and the line
"Observation NAME Never|Sometimes|Always P N". A directory stands for the
*.litmus files in it and in its subdirectories, at any depth, in the
lexical order of their paths. The model follows the test's architecture
unless -model names one: aarch64 for AArch64, x86tso for X86_64 and X86.

With -kinds, each verdict (Allowed, Forbidden, Required) is compared with
the kinds file, whose lines are "NAME KIND" as in herdtools7's catalogues;
the disagreements are listed at the end.

Exit status: 0 when every test was decided (and agrees with -kinds), 1 when
a test could not be read or decided or disagrees, 2 on bad usage.

`

func runCheck(args []string) int { return checkMain(args, os.Stdout, os.Stderr) }

func checkMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, checkUsage)
		fs.PrintDefaults()
	}
	model := fs.String("model", "", "memory model: "+strings.Join(litmus.Models(), ", ")+" (default: the test's architecture)")
	kindsPath := fs.String("kinds", "", "kinds file to compare the verdicts with")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if *model != "" && !slices.Contains(litmus.Models(), *model) {
		fmt.Fprintf(stderr, "fencelab check: unknown model %q (want %s)\n", *model, strings.Join(litmus.Models(), ", "))
		return 2
	}
	var kinds litmus.Kinds
	if *kindsPath != "" {
		k, err := litmus.ReadKinds(*kindsPath)
		if err != nil {
			fmt.Fprintln(stderr, "fencelab check:", err)
			return 2
		}
		kinds = k
	}
	files, err := litmusFiles(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "fencelab check:", err)
		return 2
	}
	failed := false
	var tally kindsTally
	for _, f := range files {
		r, t, err := checkFile(f, *model)
		if err != nil {
			fmt.Fprintln(stderr, "fencelab check:", err)
			failed = true
			continue
		}
		if err := r.Write(stdout); err != nil {
			fmt.Fprintln(stderr, "fencelab check:", err)
			return 1
		}
		fmt.Fprintln(stdout)
		if kinds != nil {
			tally.add(kinds, t, r)
		}
	}
	if kinds != nil {
		tally.write(stdout, *kindsPath)
		failed = failed || len(tally.mismatches) > 0
	}
	if failed {
		return 1
	}
	return 0
}

func checkFile(path, model string) (*litmus.Result, *litmus.Test, error) {
	t, err := litmus.ParseFile(path)
	if err != nil {
		return nil, nil, err
	}
	r, err := litmus.Check(t, model)
	var located *litmus.SyntaxError
	if err != nil && !errors.As(err, &located) {
		// Only a SyntaxError names the file already.
		err = fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		return nil, nil, err
	}
	return r, t, nil
}

// litmusFiles expands the arguments: a directory stands for the *.litmus
// files of its tree, as a catalogue keeps them in one subdirectory per
// architecture, in the lexical order of their paths.
func litmusFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		var m []string
		err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".litmus") {
				m = append(m, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("%s: no .litmus files in it or below it", a)
		}
		sort.Strings(m)
		files = append(files, m...)
	}
	return files, nil
}

// kindsTally compares verdicts with a kinds file.
type kindsTally struct {
	agree, unlisted int
	mismatches      []string
}

func (k *kindsTally) add(kinds litmus.Kinds, t *litmus.Test, r *litmus.Result) {
	want, ok := kinds.Expect(t)
	switch {
	case !ok:
		k.unlisted++
	case want != r.Verdict():
		k.mismatches = append(k.mismatches, fmt.Sprintf("MISMATCH %s: kinds say %s, %s says %s (%s %d %d)",
			r.Name, want, r.Model, r.Verdict(), r.Observation, r.Positive, r.Negative))
	default:
		k.agree++
	}
}

func (k *kindsTally) write(w io.Writer, path string) {
	for _, m := range k.mismatches {
		fmt.Fprintln(w, m)
	}
	fmt.Fprintf(w, "Kinds %s: %d agree, %d disagree, %d not listed\n", path, k.agree, len(k.mismatches), k.unlisted)
}
