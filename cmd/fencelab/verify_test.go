package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func runVerifyCmd(t *testing.T, args ...string) (rc int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	rc = verifyMain(context.Background(), args, &out, &errOut)
	return rc, out.String(), errOut.String()
}

func TestVerifyTableAndFiles(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for every target; runs on amd64 hosts")
	}
	dir := t.TempDir()
	// amd64 named twice still runs once.
	rc, out, errOut := runVerifyCmd(t, "-o", dir, "-target", "amd64,arm64-llsc,amd64", "-scenario", `^reader-writer/(acquire|relaxed)$`)
	if rc != 0 {
		t.Fatalf("exit status %d, stderr %q, stdout:\n%s", rc, errOut, out)
	}
	for _, want := range []string{
		"reader-writer/acquire  amd64       Never      Never      ok  reader-writer+acquire+amd64\n",
		"reader-writer/relaxed  arm64-llsc  Sometimes  Sometimes  ok  reader-writer+relaxed+arm64-llsc\n",
		`loop-bound`,
		"wrote 4 tests and kinds.txt to ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "reader-writer/acquire  amd64 "); n != 1 {
		t.Errorf("%d rows of reader-writer/acquire on amd64, want 1:\n%s", n, out)
	}
	kinds, err := os.ReadFile(filepath.Join(dir, "kinds.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(kinds), "reader-writer+relaxed+arm64-llsc Allowed\n") {
		t.Errorf("kinds.txt:\n%s", kinds)
	}
	// Without -v the derived tests go to the files alone.
	derived, err := os.ReadFile(filepath.Join(dir, "reader-writer+relaxed+arm64-llsc.litmus"))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(derived), "\n"); strings.Contains(out, first) {
		t.Errorf("without -v the output holds the derived test %q:\n%s", first, out)
	}
	// The files are herd7 tests as they are: fencelab check decides them
	// from the files alone, with the verdicts the table printed.
	rc, out, errOut = runCheckCmd(t, "-kinds", filepath.Join(dir, "kinds.txt"), dir)
	if rc != 0 || !strings.Contains(out, ": 4 agree, 0 disagree, 0 not listed\n") {
		t.Errorf("fencelab check of the written tests: exit status %d, stderr %q, stdout:\n%s", rc, errOut, out)
	}
}

func TestVerifyUsage(t *testing.T) {
	// A file where -o wants a directory, and directories that hold an
	// earlier run's tests (in them or below) or kinds.txt: refused before
	// any build.
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	withTests, withKinds, withSub := t.TempDir(), t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(withSub, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(withTests, "a.litmus"), filepath.Join(withTests, "b.litmus"), filepath.Join(withKinds, "kinds.txt"),
		filepath.Join(withSub, "sub", "old.litmus")} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", filepath.Join(notDir, "out")}, "fencelab verify: mkdir "},
		{[]string{"-o", withTests}, "holds the output of an earlier run (a.litmus and 1 more): give an empty or new directory"},
		{[]string{"-o", withKinds}, "holds the output of an earlier run (kinds.txt): give an empty or new directory"},
		// check reads the tree below it, where an earlier run's tests would
		// go unlisted in the new kinds.txt.
		{[]string{"-o", withSub}, "holds the output of an earlier run (" + filepath.Join("sub", "old.litmus") + "): give an empty or new directory"},
		{[]string{"-target", "sparc"}, `"sparc"`},
		{[]string{"-scenario", "("}, "-scenario"},
		{[]string{"-scenario", "nothing-matches"}, "nothing-matches"},
		{[]string{"reader-writer"}, `unexpected arguments ["reader-writer"] (-scenario selects scenarios`},
	} {
		if rc, _, errOut := runVerifyCmd(t, tc.args...); rc != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("fencelab verify %q: exit status %d, stderr %q; want 2 and %q", tc.args, rc, errOut, tc.want)
		}
	}
}
