package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/atomicfence/atomicfence/internal/readlimit"
	"github.com/atomicfence/atomicfence/litmus"
)

const checkUsage = `usage: fencelab check [-model sc|x86tso|x86tso-mixed|aarch64|riscv|ppc] [-kinds FILE] [-timeout D]
                      [-max-executions N] [-max-paths N] [-max-states N] FILE|DIR ...

Decides herd7 litmus tests (AArch64, X86_64, X86, RISCV or PPC) by
enumerating every candidate execution under a memory model, and prints for
each test what herd7 prints: the reachable final states, the number of
executions that do and do not satisfy the condition, a line "Flag NAME"
for each flag of herd7's model that an execution raised (under aarch64, a
barrier option that names a shareability domain, such as DMB ISH), and the
line "Observation NAME Never|Sometimes|Always P N". A directory stands for the
*.litmus files in it and in its subdirectories, at any depth, in the
lexical order of their paths (regular files and links to them; a FIFO or
device there is left out), and an index file, a name that begins with @ as
herdtools7's @all does, for the tests that it lists, one path a line,
relative to its directory, a line starting with # a comment. The model
follows the test's architecture, as herd7's does, unless -model names one:
aarch64 for AArch64, riscv (RVWMO, herd7's riscv.cat) for RISCV, ppc
(Power, herd7's ppc.cat) for PPC, x86tso-mixed for X86_64, x86tso for X86;
a line "Model NAME" after the Observation line names it. The x86 models
differ in LFENCE and SFENCE: under x86tso-mixed (herd7's x86tso-mixed.cat)
they order a store before a later load, under x86tso (herd7's x86tso.cat,
and x86 processors) they do not. sc and the x86 models read a test of any
architecture (a full barrier as MFENCE, a read-modify-write as locked);
aarch64, riscv and ppc read only their own, and refuse another
architecture's test with an error.

With -kinds, each verdict (Allowed, Forbidden, Required) is compared with
the kinds file, whose lines are "NAME KIND" as in herdtools7's catalogues;
the disagreements, and the tests that the file does not list, are named
at the end.

The work on each test is bounded: by -timeout, and by -max-executions (the
candidate executions reached, complete or abandoned partway), -max-paths
(the thread paths enumerated) and -max-states (the distinct final states).
A test that reaches a bound gets a one-line error naming it and the flag
that raises it, and the next test is checked. A test that runs longer than
two seconds reports its progress on stderr every two seconds; the results
go to stdout.

Exit status: 0 when every test was decided (and agrees with -kinds), 1 when
a test could not be parsed or decided or disagrees, or when -kinds lists
none of the tests, 2 on bad usage: a flag or model that does not exist, a
path that does not, a directory without tests, an index file that lists
none or one that does not exist, a -kinds file that cannot be read or is
not of "NAME KIND" lines, or no path at all; 130 when interrupted (Ctrl-C,
SIGTERM), after the results of the tests decided by then and, with -kinds,
their comparison.

`

func checkMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", checkUsage, usageOut(args, stdout, stderr))
	model := fs.String("model", "", "memory model: "+strings.Join(litmus.Models(), ", ")+" (default: the test's architecture)")
	kindsPath := fs.String("kinds", "", "kinds file to compare the verdicts with")
	var b checkBounds
	fs.DurationVar(&b.timeout, "timeout", time.Minute, "time allowed for each test (0: no limit)")
	fs.Int64Var(&b.maxExecs, "max-executions", litmus.DefaultMaxExecutions, "candidate executions allowed for each test (0: no bound)")
	fs.Int64Var(&b.maxPaths, "max-paths", litmus.DefaultMaxPaths, "thread paths enumerated for each test (0: no bound)")
	fs.Int64Var(&b.maxStates, "max-states", litmus.DefaultMaxStates, "distinct final states allowed for each test (0: no bound)")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if err := b.validate(); err != nil {
		fmt.Fprintln(stderr, "fencelab check:", err)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "fencelab check: no litmus file or directory given")
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
			fmt.Fprintln(stderr, "fencelab check: -kinds:", err)
			return 2
		}
		kinds = k
	}
	files, err := litmusFiles(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "fencelab check:", oneLine(err.Error()))
		return 2
	}
	failed := false
	var tally kindsTally
	decided := 0
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		r, t, err := checkFile(ctx, f, *model, b, stderr)
		if ctx.Err() != nil {
			break // the test cut short is not reported as failed
		}
		decided++
		if err != nil {
			fmt.Fprintln(stderr, "fencelab check:", oneLine(err.Error()))
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
		if len(tally.unlisted) > 0 && tally.agree+len(tally.mismatches) == 0 && ctx.Err() == nil {
			fmt.Fprintf(stderr, "fencelab check: %s lists none of the %d tests checked: no verdict was compared\n", *kindsPath, len(tally.unlisted))
			failed = true
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "fencelab check: interrupted after %d of %d tests\n", decided, len(files))
		return interruptedStatus
	}
	if failed {
		return 1
	}
	return 0
}

// checkFile parses and decides one test within the bounds b and ctx,
// reporting progress on progress.
func checkFile(ctx context.Context, path, model string, b checkBounds, progress io.Writer) (*litmus.Result, *litmus.Test, error) {
	t, err := litmus.ParseFile(path)
	if err != nil {
		return nil, nil, err
	}
	if b.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.timeout)
		defer cancel()
	}
	r, err := litmus.CheckContext(ctx, t, b.options(model, progressReporter(progress, path)))
	var (
		located *litmus.SyntaxError
		limit   *litmus.LimitError
	)
	switch {
	case errors.As(err, &limit):
		return nil, nil, errors.New(limitMessage(limit))
	case err != nil && !errors.As(err, &located):
		// Only a SyntaxError and a LimitError name the file already.
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	case err != nil:
		return nil, nil, err
	}
	return r, t, nil
}

// checkBounds are the flags that bound the work on each test.
type checkBounds struct {
	timeout                       time.Duration
	maxExecs, maxPaths, maxStates int64
}

func (b checkBounds) validate() error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"-timeout", int64(b.timeout)}, {"-max-executions", b.maxExecs}, {"-max-paths", b.maxPaths}, {"-max-states", b.maxStates}} {
		if f.v < 0 {
			return fmt.Errorf("%s may not be negative (0 removes the bound)", f.name)
		}
	}
	return nil
}

func (b checkBounds) options(model string, progress func(litmus.Progress)) litmus.Options {
	// The flags' 0 is no bound, which litmus spells as a negative value
	// (its 0 is the default).
	unbounded := func(v int64) int64 {
		if v == 0 {
			return -1
		}
		return v
	}
	return litmus.Options{Model: model, MaxExecutions: unbounded(b.maxExecs), MaxPaths: unbounded(b.maxPaths),
		MaxStates: unbounded(b.maxStates), Progress: progress, ProgressInterval: progressEvery}
}

// boundFlags name the flag that sets each bound.
var boundFlags = map[litmus.Bound]string{
	litmus.BoundTime:       "-timeout",
	litmus.BoundExecutions: "-max-executions",
	litmus.BoundPaths:      "-max-paths",
	litmus.BoundStates:     "-max-states",
}

// limitMessage is a LimitError's message with the flag that raises its
// bound, rather than litmus's field of Options.
func limitMessage(e *litmus.LimitError) string {
	return fmt.Sprintf("%s: %s; raise %s (0 removes the bound)", e.File, e.Summary(), boundFlags[e.Bound])
}

// progressEvery is how often a test still being checked reports on
// stderr, the first time once it has run that long; tests shorten it.
var progressEvery = 2 * time.Second

// progressReporter writes one line on w for each report of a test still
// being checked. The results go to stdout whole once a test is decided,
// so the lines never cut through one.
func progressReporter(w io.Writer, path string) func(litmus.Progress) {
	return func(p litmus.Progress) {
		if p.Done {
			return
		}
		rate := 0.0
		if s := p.Elapsed.Seconds(); s > 0 {
			rate = float64(p.Executions) / s
		}
		fmt.Fprintln(w, oneLine(fmt.Sprintf("fencelab check: %s: still checking after %s: %d candidate executions (%.0f a second), %d thread paths",
			path, p.Elapsed.Round(100*time.Millisecond), p.Executions, rate, p.Paths)))
	}
}

// oneLine escapes the line ends that a file's name may hold, so that each
// message stays one line.
func oneLine(s string) string {
	return strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(s)
}

// litmusFiles expands the arguments: a directory stands for the *.litmus
// files of its tree, as a catalogue keeps them in one subdirectory per
// architecture, in the lexical order of their paths, and an index file
// (one whose name begins with @, as herdtools7's @all) for the files it
// lists. A file named on the command line is read whatever it is (a pipe
// included); in a tree only regular files and links to them count, so
// that a FIFO or a device that happens to end in .litmus cannot stall the
// run.
func litmusFiles(args []string) ([]string, error) {
	return expandPaths(args, map[string]bool{})
}

// expandPaths is litmusFiles, with the index files being expanded, which
// may not list themselves, directly or through another.
func expandPaths(args []string, indexes map[string]bool) ([]string, error) {
	var files []string
	for _, a := range args {
		if a == "" {
			return nil, errors.New("an empty path among the files and directories")
		}
		if strings.HasPrefix(filepath.Base(a), "@") {
			listed, err := indexFiles(a, indexes)
			if err != nil {
				return nil, err
			}
			files = append(files, listed...)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			if a == "-" && errors.Is(err, fs.ErrNotExist) {
				return nil, errors.New("-: a test is read from a file, not from standard input: name the file (/dev/stdin on Unix)")
			}
			if strings.HasPrefix(a, "-") && errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file; flags go before the files and directories", a)
			}
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		// WalkDir does not follow a link at its root: a directory named
		// through a link is walked where the link leads, and its files
		// named through the link, as given.
		root, err := filepath.EvalSymlinks(a)
		if err != nil {
			return nil, err
		}
		var m []string
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".litmus") && isRegular(path, d) {
				rel, err := filepath.Rel(root, path)
				if err != nil {
					return err
				}
				m = append(m, filepath.Join(a, rel))
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

// maxIndexSize bounds an index file, as maxKindsSize bounds a kinds file:
// herdtools7's list some thousands of tests.
const maxIndexSize = 16 << 20

// indexFiles reads the index file path, herdtools7's list of tests: one
// path per line, relative to the index's directory, blank lines and lines
// that begin with # left out (diy7 writes the command that made the tests
// there). A listed index is expanded in turn.
func indexFiles(path string, indexes map[string]bool) ([]string, error) {
	if indexes[filepath.Clean(path)] {
		return nil, fmt.Errorf("%s: an index file that lists itself, directly or through another", path)
	}
	indexes[filepath.Clean(path)] = true
	defer delete(indexes, filepath.Clean(path))
	src, err := readlimit.File(path, maxIndexSize)
	if errors.Is(err, readlimit.ErrTooLarge) {
		return nil, fmt.Errorf("%s: larger than %d bytes, the most an index file may have", path, maxIndexSize)
	}
	if err != nil {
		return nil, err
	}
	var files []string
	listed := false
	for i, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		listed = true
		// A path that fails is named with the line of the index that
		// lists it.
		more, err := expandPaths([]string{filepath.Join(filepath.Dir(path), l)}, indexes)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		files = append(files, more...)
	}
	if !listed {
		return nil, fmt.Errorf("%s: an index file that lists no test", path)
	}
	return files, nil
}

// isRegular reports whether the walked entry is a regular file or a
// symbolic link to one. A link that cannot be followed counts, so that
// reading it reports why.
func isRegular(path string, d fs.DirEntry) bool {
	if d.Type()&fs.ModeSymlink != 0 {
		st, err := os.Stat(path)
		return err != nil || st.Mode().IsRegular()
	}
	return d.Type().IsRegular()
}

// kindsTally compares verdicts with a kinds file.
type kindsTally struct {
	agree      int
	mismatches []string
	unlisted   []string // the names of the tests the kinds file lacks
}

func (k *kindsTally) add(kinds litmus.Kinds, t *litmus.Test, r *litmus.Result) {
	want, ok := kinds.Expect(t)
	switch {
	case !ok:
		k.unlisted = append(k.unlisted, r.Name)
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
	if len(k.unlisted) > 0 {
		fmt.Fprintf(w, "Not listed: %s\n", strings.Join(k.unlisted, " "))
	}
	fmt.Fprintf(w, "Kinds %s: %d agree, %d disagree, %d not listed\n", path, k.agree, len(k.mismatches), len(k.unlisted))
}
