package litmus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// catalogueDir holds herdtools7's AArch64 and x86_64 catalogues and the
// RISC-V tests of litmus-tests-riscv with herd7's verdicts, beside the
// repository (the package directory is two levels below its parent).
const catalogueDir = "../../shared/litmus"

// catalogue returns catalogueDir, or skips the test when it is absent (a
// user's clone); under CI=true its absence is a failure.
func catalogue(tb testing.TB) string {
	tb.Helper()
	if _, err := os.Stat(catalogueDir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("the herdtools7 catalogues are missing: %v", err)
		}
		tb.Skipf("skipping: %s is absent (the herdtools7 catalogues live beside the repository, not in it)", catalogueDir)
	}
	return catalogueDir
}

// checkDir decides every test of dir under model and compares the
// verdicts with the kinds file: every listed test must agree, every entry
// must name a test of dir, and the unlisted tests must still be decided.
// Where dir holds herd7's own Observation lines (herd7-observations.txt),
// the counts of executions must agree too.
func checkDir(t *testing.T, dir, model, kindsFile string) {
	t.Helper()
	kinds, err := ReadKinds(filepath.Join(dir, kindsFile))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.litmus"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no litmus tests in %s (%v)", dir, err)
	}
	observations := readObservations(t, filepath.Join(dir, "herd7-observations.txt"))
	used := map[string]bool{}
	agree := 0
	for _, f := range files {
		test, err := ParseFile(f)
		if err != nil {
			t.Errorf("parse: %v", err)
			continue
		}
		r, err := Check(test, model)
		if err != nil {
			t.Errorf("check: %v", err)
			continue
		}
		name, want, ok := kinds.entry(test)
		if !ok {
			continue
		}
		used[name] = true
		if obs, ok := observations[name]; ok {
			if got := fmt.Sprintf("%s %d %d", r.Observation, r.Positive, r.Negative); got != obs {
				t.Errorf("%s: %s says %s, herd7 %s", f, r.Model, got, obs)
			}
		}
		if got := r.Verdict(); got != want {
			t.Errorf("%s: %s says %s (%s %d %d), %s says %s", f, r.Model, got, r.Observation, r.Positive, r.Negative, kindsFile, want)
			continue
		}
		agree++
	}
	for name := range kinds {
		if !used[name] {
			t.Errorf("%s lists %s, which no test of %s is", kindsFile, name, dir)
		}
	}
	t.Logf("%s: %d of %d tests listed in %s agree (%d tests in all)", dir, agree, len(kinds), kindsFile, len(files))
}

// TestCatalogue requires full agreement with herd7's verdicts on the
// herdtools7 catalogues.
func TestCatalogue(t *testing.T) {
	dir := catalogue(t)
	for _, arch := range []string{"aarch64", "x86_64", "riscv"} {
		t.Run(arch, func(t *testing.T) { checkDir(t, filepath.Join(dir, arch), "", "kinds.txt") })
	}
}

// TestOwnTests checks the tests of testdata/own under their architecture's
// model and under SC.
func TestOwnTests(t *testing.T) {
	checkDir(t, "testdata/own", "", "kinds.txt")
	checkDir(t, "testdata/own", "sc", "kinds-sc.txt")
}

func TestParseKinds(t *testing.T) {
	k, err := ParseKinds("k.txt", []byte("# comment\nMP Allow\nSB   Forbidden \n\nR Require # why\nMP Allowed\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Kinds{"MP": "Allowed", "SB": "Forbidden", "R": "Required"}
	if len(k) != len(want) {
		t.Fatalf("got %v, want %v", k, want)
	}
	for n, v := range want {
		if k[n] != v {
			t.Errorf("%s: got %q, want %q", n, k[n], v)
		}
	}
	for src, msg := range map[string]string{
		"MP Allowed\nSB Maybe\n":              "k.txt:2: unknown kind Maybe",
		"MP\n":                                "k.txt:1: expected \"NAME KIND\"",
		"MP Allowed\nSB Allowed\nMP Forbid\n": "k.txt:3: MP is Forbidden here and Allowed on line 1",
	} {
		if _, err := ParseKinds("k.txt", []byte(src)); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: got %v, want an error containing %q", src, err, msg)
		}
	}
}

func TestKindsMatchByFileName(t *testing.T) {
	k := Kinds{"LB+x": "Allowed", "T": "Forbidden"}
	for _, tc := range []struct {
		name, file, want string
	}{
		{"LB+x.litmus", "a/LB+x.litmus", "Allowed"},
		{"Other", "dir/T.litmus", "Forbidden"},
	} {
		got, ok := k.Expect(&Test{Name: tc.name, File: tc.file})
		if !ok || got != tc.want {
			t.Errorf("%s (%s): got %q, %v; want %q", tc.name, tc.file, got, ok, tc.want)
		}
	}
	if _, ok := k.Expect(&Test{Name: "Missing", File: "Missing.litmus"}); ok {
		t.Error("an unlisted test was found")
	}
}

// readObservations reads herd7's "Observation NAME WORD P N" lines, by
// name, from file; a missing file gives none.
func readObservations(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.Fields(sc.Text()); len(w) == 5 && w[0] == "Observation" {
			out[w[1]] = strings.Join(w[2:], " ")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCheckDirComparesCounts: where herd7's Observation lines are given,
// checkDir reads them by test name.
func TestCheckDirComparesCounts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "herd7-observations.txt")
	if err := os.WriteFile(file, []byte("Observation SB Sometimes 1 3\nnoise\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := readObservations(t, file)["SB"]; got != "Sometimes 1 3" {
		t.Errorf("got %q", got)
	}
	if readObservations(t, filepath.Join(dir, "absent")) != nil {
		t.Error("a missing file gave observations")
	}
}
