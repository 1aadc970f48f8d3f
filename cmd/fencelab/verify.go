package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/verify"
)

const verifyUsage = `usage: fencelab verify [-o DIR] [-target NAME,...] [-scenario REGEXP] [-tags TAGS] [-v]

Builds the vma package's code for amd64, arm64 (ARMv8.0, whose run-time
dispatch runs the LL/SC or the LSE branch), arm64 with GOARM64=v8.1,
arm64-asmloads (ARMv8.0's LL/SC with LDAPR, and the sequence-count loads
that riscv64, loong64 and ppc64le compile: build tag vma_asmloads),
ppc64le and riscv64, extracts each thread of each scenario from the
machine code, writes it as a herd7 litmus test and decides it under the
target's model (x86-TSO, ARMv8, Power or RVWMO). It prints one table:
scenario, target, verdict (Never or Sometimes for the forbidden outcome),
the expected verdict and the derived test, then the abstractions each test
rests on. A Never counts only if each half of the forbidden outcome is
reachable on its own (the test decided with that half alone as its
condition gives Sometimes); otherwise it is VACUOUS.

-o DIR writes every derived test as DIR/NAME.litmus, as herd7 reads it, and
DIR/kinds.txt with the expected verdicts ("fencelab check -kinds" reads it).
DIR must not hold, in it or below it, the tests of an earlier run, nor its
kinds.txt.

Exit status: 0 when every verdict is the expected one, 1 when one is not or
a test could not be derived, 2 on bad usage, 130 when interrupted.

`

func verifyMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", verifyUsage, usageOut(args, stdout, stderr))
	out := fs.String("o", "", "directory to write the derived litmus tests to")
	targetList := fs.String("target", "", "comma-separated targets: "+strings.Join(targetNames(), ", ")+" (default: all)")
	scenarioRE := fs.String("scenario", "", "derive only the scenarios whose name matches this regular expression")
	tags := fs.String("tags", "", "comma-separated build tags for the subject program")
	verbose := fs.Bool("v", false, "print each derived test")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "fencelab verify: unexpected arguments %q (-scenario selects scenarios, -target targets)\n", fs.Args())
		return 2
	}
	targets, err := selectTargets(*targetList)
	if err != nil {
		fmt.Fprintln(stderr, "fencelab verify:", err)
		return 2
	}
	scenarios, err := selectScenarios(*scenarioRE)
	if err != nil {
		fmt.Fprintln(stderr, "fencelab verify:", err)
		return 2
	}
	tagList, err := disasm.SplitTags(ctx, *tags)
	if err != nil {
		fmt.Fprintln(stderr, "fencelab verify: -tags:", err)
		return 2
	}
	if slices.Contains(tagList, "purego") {
		fmt.Fprintln(stderr, "fencelab verify: -tags purego: verify derives its tests from the assembly of each target, which a purego build leaves out")
		return 2
	}
	if *out != "" {
		// Before the run, so that a directory that cannot be made fails
		// at once rather than after every scenario is decided.
		if err := outDir(*out); err != nil {
			fmt.Fprintln(stderr, "fencelab verify:", err)
			return 2
		}
	}
	rows, err := verify.RunOn(ctx, targets, scenarios, tagList...)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "fencelab verify: interrupted")
		return interruptedStatus
	}
	if err != nil {
		fmt.Fprintln(stderr, "fencelab verify:", err)
		return 1
	}
	return reportVerify(stdout, stderr, rows, *out, *verbose)
}

// reportVerify prints the decided rows (each derived test first where
// verbose), writes the tests to out where it is not empty, and returns
// the exit status: 1 when a verdict is not the expected one or rests on an
// unreachable outcome, or the tests could not be written; 0 otherwise.
func reportVerify(stdout, stderr io.Writer, rows []verify.Row, out string, verbose bool) int {
	if verbose {
		for _, r := range rows {
			fmt.Fprintf(stdout, "%s\n", r.Derived.Text)
		}
	}
	bad := writeTable(stdout, rows)
	writeAbstractions(stdout, rows)
	if out != "" {
		if err := writeDerived(out, rows); err != nil {
			fmt.Fprintln(stderr, "fencelab verify:", err)
			return 1
		}
		tests := "tests"
		if len(rows) == 1 {
			tests = "test"
		}
		fmt.Fprintf(stdout, "\nwrote %d %s and kinds.txt to %s\n", len(rows), tests, out)
	}
	if bad > 0 {
		fmt.Fprintf(stdout, "\n%d verdict(s) differ from the expected ones or rest on an unreachable outcome\n", bad)
		return 1
	}
	return 0
}

// outDir makes the directory for -o, refuses one where no file can be
// written (see writableDir), and refuses one that already holds
// litmus tests, in it or below it, or a kinds.txt: the tests of an earlier
// run that this one does not write again would stay beside its kinds.txt,
// which does not list them, and "fencelab check -kinds", which reads the
// whole tree, would pass them over.
func outDir(dir string) error {
	if err := writableDir("-o", dir); err != nil {
		return err
	}
	var old []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".litmus") {
			old = append(old, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "kinds.txt")); err == nil {
		old = append(old, filepath.Join(dir, "kinds.txt"))
	}
	if len(old) == 0 {
		return nil
	}
	more := ""
	if len(old) > 1 {
		more = fmt.Sprintf(" and %d more", len(old)-1)
	}
	first, err := filepath.Rel(dir, old[0])
	if err != nil {
		return err
	}
	return fmt.Errorf("-o %s holds the output of an earlier run (%s%s): give an empty or new directory",
		dir, first, more)
}

func targetNames() []string {
	var out []string
	for _, t := range verify.Targets {
		out = append(out, t.Name)
	}
	return out
}

func selectTargets(list string) ([]verify.Target, error) {
	if list == "" {
		return verify.Targets, nil
	}
	var out []verify.Target
	for _, name := range strings.Split(list, ",") {
		i := slices.IndexFunc(verify.Targets, func(t verify.Target) bool { return t.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("unknown target %q (want %s)", name, strings.Join(targetNames(), ", "))
		}
		if slices.ContainsFunc(out, func(t verify.Target) bool { return t.Name == name }) {
			continue // named twice: one run, one row per scenario
		}
		out = append(out, verify.Targets[i])
	}
	return out, nil
}

func selectScenarios(expr string) ([]*verify.Scenario, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("-scenario: %v", err)
	}
	var out []*verify.Scenario
	for _, sc := range verify.Scenarios() {
		if re.MatchString(sc.ID()) {
			out = append(out, sc)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenario matches %q", expr)
	}
	return out, nil
}

func verdictName(sometimes bool) string {
	if sometimes {
		return "Sometimes"
	}
	return "Never"
}

// writeTable prints the verdict table and returns how many verdicts differ
// from the expected ones.
func writeTable(w io.Writer, rows []verify.Row) int {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\ttarget\tverdict\texpected\t\tderived test")
	bad := 0
	for _, r := range rows {
		mark := "ok"
		switch {
		case r.Sometimes != r.Expected:
			mark = "MISMATCH"
		case len(r.Unreachable) > 0:
			mark = "VACUOUS (unreachable: " + r.Unreachable[0].String() + ")"
		}
		if !r.OK() {
			bad++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Scenario.ID(), r.Target.Name, verdictName(r.Sometimes), verdictName(r.Expected), mark, r.Derived.Name)
	}
	tw.Flush()
	return bad
}

// writeAbstractions lists what each test rests on: the notes that every
// test shares once, then those of each test beyond them.
func writeAbstractions(w io.Writer, rows []verify.Row) {
	count := map[string]int{}
	for _, r := range rows {
		for _, n := range r.Derived.Notes {
			count[n]++
		}
	}
	fmt.Fprintln(w, "\nAbstractions of every test (each test's file lists its own):")
	var common []string
	for n, c := range count {
		if c == len(rows) {
			common = append(common, n)
		}
	}
	slices.Sort(common)
	for _, n := range common {
		fmt.Fprintf(w, "  %s\n", n)
	}
	// Tests with the same further notes share one list.
	var groups [][]string
	byNotes := map[string]int{}
	var notes []string
	for _, r := range rows {
		var own []string
		for _, n := range r.Derived.Notes {
			if count[n] != len(rows) {
				own = append(own, n)
			}
		}
		k := strings.Join(own, "\n")
		i, ok := byNotes[k]
		if !ok {
			i = len(groups)
			byNotes[k] = i
			groups = append(groups, nil)
			notes = append(notes, k)
		}
		groups[i] = append(groups[i], r.Derived.Name)
	}
	for i, names := range groups {
		if notes[i] == "" {
			continue
		}
		fmt.Fprintf(w, "%s:\n", strings.Join(names, ", "))
		for _, n := range strings.Split(notes[i], "\n") {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
}

// writeDerived writes each derived test and a kinds file of the expected
// verdicts to dir.
func writeDerived(dir string, rows []verify.Row) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var kinds strings.Builder
	for _, r := range rows {
		if err := os.WriteFile(filepath.Join(dir, r.Derived.Name+".litmus"), []byte(r.Derived.Text), 0o644); err != nil {
			return err
		}
		kind := "Forbidden"
		if r.Expected {
			kind = "Allowed"
		}
		fmt.Fprintf(&kinds, "%s %s\n", r.Derived.Name, kind)
	}
	return os.WriteFile(filepath.Join(dir, "kinds.txt"), []byte(kinds.String()), 0o644)
}
