package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckKindsListsSomeOfTheTests: a kinds file that lists one of the
// tests checked, with the verdict the checker reaches, is a comparison
// made, not the "lists none" failure: the run exits 0, and the test that
// the file lacks is still named on its own "Not listed" line.
func TestCheckKindsListsSomeOfTheTests(t *testing.T) {
	dir := t.TempDir()
	sb := filepath.Join(dir, "SB.litmus")
	writeAt(t, sb, sbTest)
	mp := "../../stress/shapes/X86_64/MP.litmus"
	kinds := filepath.Join(dir, "kinds.txt")
	writeAt(t, kinds, "SB Allowed\n")
	rc, out, errOut := runCheckCmd(t, "-kinds", kinds, sb, mp)
	if rc != 0 || strings.Contains(errOut, "lists none") {
		t.Fatalf("exit status %d, stderr %q; want 0 and no complaint that the kinds file lists none", rc, errOut)
	}
	for _, want := range []string{"\nNot listed: MP\n", ": 1 agree, 0 disagree, 1 not listed\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestCheckTimeoutZeroIsNoLimit: -timeout 0 removes the time bound, as the
// usage says, rather than giving each test no time at all.
func TestCheckTimeoutZeroIsNoLimit(t *testing.T) {
	rc, out, errOut := runCheckCmd(t, "-timeout", "0", "../../stress/shapes/X86_64/MP.litmus")
	if rc != 0 || !strings.Contains(out, "Observation MP Never 0 3\n") {
		t.Errorf("-timeout 0: exit status %d, stdout %q, stderr %q; want 0 and the verdict", rc, out, errOut)
	}
}

// TestCheckEmptyDirectoryNamed: a directory without tests is refused with
// its name in the message, so that a user who gave several knows which.
func TestCheckEmptyDirectoryNamed(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "nothing-here")
	writeAt(t, filepath.Join(empty, "README"), "no tests\n")
	rc, _, errOut := runCheckCmd(t, "../../stress/shapes/X86_64/MP.litmus", empty)
	if want := empty + ": no .litmus files in it or below it"; rc != 2 || !strings.Contains(errOut, want) {
		t.Errorf("exit status %d, stderr %q; want 2 and %q", rc, errOut, want)
	}
}

// writeAt writes content to the file path, making its directory.
func writeAt(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
