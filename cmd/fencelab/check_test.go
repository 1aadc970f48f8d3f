package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const vmaTests = "../../litmus/testdata/vma"

// sbTest is store buffering on X86_64, which x86-TSO allows.
const sbTest = "X86_64 SB\n{ }\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) ;\n movl (y),%eax | movl (x),%eax ;\nexists (0:rax=0 /\\ 1:rax=0)\n"

func runCheckCmd(t *testing.T, args ...string) (rc int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	rc = checkMain(context.Background(), args, &out, &errOut)
	return rc, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckDirectoryAgainstKinds(t *testing.T) {
	dir := filepath.Join(vmaTests, "aarch64")
	files, err := filepath.Glob(filepath.Join(dir, "*.litmus"))
	if err != nil || len(files) < 3 {
		t.Fatalf("too few tests in %s (%v)", dir, err)
	}
	kinds := writeFile(t, "kinds.txt", "VMA+acquire-llsc Forbidden\nVMA+relaxed-llsc Allowed\n")
	rc, out, errOut := runCheckCmd(t, "-kinds", kinds, dir)
	if rc != 0 {
		t.Fatalf("exit status %d, stderr %q", rc, errOut)
	}
	for _, want := range []string{
		"Test VMA+acquire-llsc Allowed\n",
		"Condition exists (1:X4=1 /\\ 1:X3=1 /\\ 1:X11=0)\nObservation VMA+acquire-llsc Never 0 12\n",
		"Observation VMA+relaxed-llsc Sometimes 9 12\n",
		fmt.Sprintf(": 2 agree, 0 disagree, %d not listed\n", len(files)-2),
		"\nNot listed: VMA+",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := strings.Count(out, "\nObservation "); n != len(files) {
		t.Errorf("%d results, want %d (one per test of the folder)", n, len(files))
	}
}

func TestCheckReportsKindsMismatch(t *testing.T) {
	kinds := writeFile(t, "kinds.txt", "VMA+relaxed-llsc Forbid\n")
	rc, out, _ := runCheckCmd(t, "-kinds", kinds, filepath.Join(vmaTests, "aarch64", "VMA+relaxed-llsc.litmus"))
	if rc != 1 {
		t.Errorf("exit status %d, want 1", rc)
	}
	for _, want := range []string{
		"MISMATCH VMA+relaxed-llsc: kinds say Forbidden, aarch64 says Allowed (Sometimes 9 12)\n",
		"Kinds " + kinds + ": 0 agree, 1 disagree, 0 not listed\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Not listed") {
		t.Errorf("a Not listed line where the kinds file lists every test:\n%s", out)
	}
}

// TestCheckKindsListNone: a kinds file that names none of the tests
// compares nothing, which is a failure, not a pass.
func TestCheckKindsListNone(t *testing.T) {
	kinds := writeFile(t, "kinds.txt", "SomeOtherTest Forbidden\n")
	rc, _, errOut := runCheckCmd(t, "-kinds", kinds, filepath.Join(vmaTests, "aarch64", "VMA+relaxed-llsc.litmus"))
	if rc != 1 || !strings.Contains(errOut, "lists none of the 1 tests checked") {
		t.Errorf("exit status %d, stderr %q; want 1 and a message that the kinds file lists none of the tests", rc, errOut)
	}
}

func TestCheckModelFlag(t *testing.T) {
	f := filepath.Join(vmaTests, "aarch64", "VMA+relaxed-llsc.litmus")
	for model, want := range map[string]string{
		"sc":      "Observation VMA+relaxed-llsc Never 0 12",
		"x86tso":  "Observation VMA+relaxed-llsc Never 0 12",
		"aarch64": "Observation VMA+relaxed-llsc Sometimes 9 12",
	} {
		rc, out, errOut := runCheckCmd(t, "-model", model, f)
		if rc != 0 || !strings.Contains(out, want) {
			t.Errorf("-model %s: exit status %d, stderr %q, output lacks %q", model, rc, errOut, want)
		}
	}
	// RVWMO knows no DMB: an AArch64 test under it gets an error, not the
	// verdict of the test without its barriers.
	rc, out, errOut := runCheckCmd(t, "-model", "riscv", f)
	if want := `model "riscv" decides RISCV tests only, not AArch64`; rc != 1 || out != "" || !strings.Contains(errOut, want) {
		t.Errorf("-model riscv on AArch64: exit status %d, output %q, stderr %q; want 1, none and %q", rc, out, errOut, want)
	}
}

func TestCheckParseErrorExitsNonZero(t *testing.T) {
	bad := writeFile(t, "bad.litmus", "AArch64 Bad\n{ 0:X1=x; }\n P0 ;\n FROB W0,[X1] ;\nexists (0:X0=1)\n")
	good := filepath.Join(vmaTests, "x86_64", "VMA+acquire.litmus")
	rc, out, errOut := runCheckCmd(t, bad, good)
	if rc != 1 {
		t.Errorf("exit status %d, want 1", rc)
	}
	if want := `bad.litmus:4: P0: unknown or unsupported AArch64 instruction "FROB"`; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}
	if !strings.Contains(out, "Observation VMA+acquire Never 0 2") {
		t.Errorf("the good test after the bad one was not decided:\n%s", out)
	}
}

func TestCheckUsageErrors(t *testing.T) {
	empty := t.TempDir()
	badKinds := writeFile(t, "bad-kinds.txt", "SB\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "fencelab check: no litmus file or directory given"},
		{nil, "usage: fencelab check"},
		{[]string{"-model", "power", vmaTests}, `unknown model "power"`},
		{[]string{empty}, "no .litmus files"},
		{[]string{filepath.Join(empty, "missing.litmus")}, "no such file"},
		{[]string{"-kinds", filepath.Join(empty, "none.txt"), vmaTests}, "-kinds: open " + filepath.Join(empty, "none.txt") + ": no such file"},
		{[]string{"-kinds", badKinds, vmaTests}, "fencelab check: -kinds: " + badKinds + ":1: "},
		{[]string{vmaTests, ""}, "fencelab check: an empty path among the files and directories\n"},
		{[]string{vmaTests, "-model", "sc"}, "fencelab check: -model: no such file; flags go before the files and directories\n"},
		{[]string{"-"}, "fencelab check: -: a test is read from a file, not from standard input: name the file (/dev/stdin on Unix)\n"},
		{[]string{"-nope", vmaTests}, "flag provided but not defined: -nope"},
		{nil, "-max-executions int"},
	} {
		rc, _, errOut := runCheckCmd(t, tc.args...)
		if rc != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit status %d, stderr %q; want 2 and %q", tc.args, rc, errOut, tc.want)
		}
	}
}

// TestCheckErrorNamesFileOnce: an error found while deciding a test (here
// arithmetic on addresses, which every execution reaches) names the file
// and line once.
func TestCheckErrorNamesFileOnce(t *testing.T) {
	bad := writeFile(t, "a2.litmus", "AArch64 A2\n{ 0:X1=x; 0:X3=y; }\n P0 ;\n EOR W0,W1,W3 ;\nexists (0:X0=0)\n")
	rc, _, errOut := runCheckCmd(t, bad)
	if rc != 1 {
		t.Errorf("exit status %d, want 1", rc)
	}
	want := "fencelab check: " + bad + ":4: P0: EOR W0,W1,W3: EOR of x and y"
	if !strings.Contains(errOut, want) || strings.Count(errOut, "a2.litmus") != 1 {
		t.Errorf("stderr %q: want %q, naming the file once", errOut, want)
	}
}

// TestCheckWalksDirectoryTree: a directory stands for every *.litmus file
// below it, at any depth, in the lexical order of the paths; other files
// are left alone.
func TestCheckWalksDirectoryTree(t *testing.T) {
	root := t.TempDir()
	sb := "X86_64 %s\n{ }\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) ;\n movl (y),%%eax | movl (x),%%eax ;\nexists (0:rax=0 /\\ 1:rax=0)\n"
	for _, f := range []string{"b/deep/er/T3.litmus", "a.litmus", "b/T2.litmus", "b.litmus", "b/notes.txt"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		if err := os.WriteFile(p, []byte(fmt.Sprintf(sb, name)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rc, out, errOut := runCheckCmd(t, root)
	if rc != 0 {
		t.Fatalf("exit status %d, stderr %q", rc, errOut)
	}
	var names []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "Observation" {
			names = append(names, f[1])
		}
	}
	// "b.litmus" sorts before "b/...": '.' comes before '/'.
	if got, want := strings.Join(names, " "), "a b T2 T3"; got != want {
		t.Errorf("tests decided in the order %q, want %q", got, want)
	}
	if blocks := strings.Split(strings.TrimSuffix(out, "\n\n"), "\n\n"); len(blocks) != 4 || !strings.HasSuffix(out, "x86tso-mixed\n\n") {
		t.Errorf("want four results, each ending in a blank line:\n%s", out)
	}
}

// TestCheckHelp: -h prints the usage with every flag on stdout, what was
// asked for, nothing on stderr, and exits 0.
func TestCheckHelp(t *testing.T) {
	rc, out, errOut := runCheckCmd(t, "-h")
	if rc != 0 || errOut != "" {
		t.Errorf("exit status %d, stderr %q; want 0 and nothing", rc, errOut)
	}
	for _, want := range []string{"usage: fencelab check", "-kinds string", "-max-paths int", "-timeout duration"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// failingWriter fails every write, as a closed pipe does.
type failingWriter struct{}

var errFailingWriter = errors.New("write: broken pipe")

func (failingWriter) Write([]byte) (int, error) { return 0, errFailingWriter }

// TestCheckWriteError: a result that cannot be written stops the run with
// exit status 1 and the writer's error, not a report that goes missing.
func TestCheckWriteError(t *testing.T) {
	var errOut bytes.Buffer
	rc := checkMain(context.Background(), []string{vmaTests}, failingWriter{}, &errOut)
	if want := "fencelab check: " + errFailingWriter.Error() + "\n"; rc != 1 || errOut.String() != want {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", rc, errOut.String(), want)
	}
}

// TestCheckRepositoryTree decides the tests of litmus/testdata/vma, which
// lie one level down, one directory per architecture.
func TestCheckRepositoryTree(t *testing.T) {
	var files []string
	for _, arch := range []string{"aarch64", "x86_64", "riscv", "ppc"} {
		m, err := filepath.Glob(filepath.Join(vmaTests, arch, "*.litmus"))
		if err != nil || len(m) == 0 {
			t.Fatalf("no tests in %s/%s (%v)", vmaTests, arch, err)
		}
		files = append(files, m...)
	}
	rc, out, errOut := runCheckCmd(t, vmaTests)
	if rc != 0 {
		t.Fatalf("exit status %d, stderr %q", rc, errOut)
	}
	if n := strings.Count(out, "\nObservation "); n != len(files) {
		t.Errorf("%d results, want %d (one per test of the tree)", n, len(files))
	}
}

// TestCheckNamedFileOfAnyName: a file named on the command line is read
// whatever its name ends in; only the walk of a directory looks for
// .litmus.
func TestCheckNamedFileOfAnyName(t *testing.T) {
	sb := writeFile(t, "sb.txt", sbTest)
	rc, out, errOut := runCheckCmd(t, sb)
	if rc != 0 || !strings.Contains(out, "Observation SB Sometimes 1 3") {
		t.Errorf("exit status %d, stdout %q, stderr %q; want SB decided", rc, out, errOut)
	}
}

// TestCheckMissingFileIsNoFlag: the hint that flags go first is given for
// a missing path that starts with "-" only, not for every missing file.
func TestCheckMissingFileIsNoFlag(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.litmus")
	rc, _, errOut := runCheckCmd(t, missing)
	if rc != 2 || !strings.Contains(errOut, "missing.litmus") || strings.Contains(errOut, "flags go before") {
		t.Errorf("exit status %d, stderr %q; want 2, naming the file without the hint about flags", rc, errOut)
	}
}

// TestCheckIndexFile: an index file (herdtools7's @all) stands for the
// tests it lists, in its order, relative to its directory, with its
// comments and blank lines left out and a listed index expanded in turn; an
// index that lists itself, a listed test that is missing and an index that
// lists nothing are errors that name the index (and its line) or the test.
func TestCheckIndexFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("sub/SB.litmus", sbTest)
	write("MP.litmus", strings.NewReplacer("SB", "MP", "movl (y),%eax | movl (x),%eax", "movl $1,(y) | movl (y),%eax").Replace(sbTest))
	write("sub/@more", "# the second list\nSB.litmus\n")
	all := write("@all", "# diy7 -arch X86_64\n\nMP.litmus\nsub/@more\n")
	rc, out, errOut := runCheckCmd(t, all)
	if rc != 0 {
		t.Fatalf("exit status %d, stderr %q", rc, errOut)
	}
	mp, sb := strings.Index(out, "Observation MP "), strings.Index(out, "Observation SB ")
	if mp < 0 || sb < 0 || mp > sb || strings.Count(out, "Observation ") != 2 {
		t.Errorf("want MP, then SB, from the index and the one it lists:\n%s", out)
	}
	// A file named after an index is decided too, after the index's tests.
	one := write("@one", "MP.litmus\n")
	rc, out, errOut = runCheckCmd(t, one, filepath.Join(dir, "sub", "SB.litmus"))
	mp, sb = strings.Index(out, "Observation MP "), strings.Index(out, "Observation SB ")
	if rc != 0 || mp < 0 || sb < mp || strings.Count(out, "Observation ") != 2 {
		t.Errorf("an index, then a file: exit status %d, stderr %q; want MP, then SB:\n%s", rc, errOut, out)
	}
	for _, tc := range []struct{ name, content, want string }{
		{"@loop", "@loop\n", "lists itself"},
		{"@missing", "# one test\nNoSuch.litmus\n", "@missing:2: stat " + filepath.Join(dir, "NoSuch.litmus")},
		{"@empty", "# nothing\n\n", "lists no test"},
	} {
		p := write(tc.name, tc.content)
		if rc, _, errOut := runCheckCmd(t, p); rc != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit status %d, stderr %q; want 2 and %q", tc.name, rc, errOut, tc.want)
		}
	}
}
