package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/atomicfence/atomicfence/verify"
)

// verifyRows makes decided rows of the first scenario and target: one per
// verdict (Sometimes) and expected verdict, the vacuous ones with an
// unreachable half of the forbidden outcome. Every row has the same three
// notes, out of order, which the report lists sorted; the odd rows have
// one more, the same for each.
func verifyRows(cases ...[3]bool) []verify.Row {
	sc, tg := verify.Scenarios()[0], verify.Targets[0]
	var rows []verify.Row
	for i, c := range cases {
		r := verify.Row{
			Scenario: sc, Target: tg, Sometimes: c[0], Expected: c[1],
			Derived: &verify.Derived{Name: "t" + string(rune('0'+i)), Text: "test " + string(rune('0'+i)), Notes: []string{"shared note", "another shared note", "a shared note"}},
		}
		if c[2] {
			r.Unreachable = []verify.Cond{verify.Exited(1, "return")}
		}
		if i%2 == 1 {
			r.Derived.Notes = append(r.Derived.Notes, "own note")
		}
		rows = append(rows, r)
	}
	return rows
}

// The verdict report lists every row in order, marks a wrong verdict
// MISMATCH and a Never that rests on an unreachable outcome VACUOUS, and
// exits 1 when any row is either; only a report of expected verdicts
// exits 0.
func TestReportVerify(t *testing.T) {
	id, target := verify.Scenarios()[0].ID(), verify.Targets[0].Name
	for _, tc := range []struct {
		name  string
		rows  []verify.Row
		rc    int
		lines []string
	}{
		{"all expected", verifyRows([3]bool{false, false, false}, [3]bool{true, true, false}), 0, []string{
			"Never      Never      ok  t0\n",
			"Sometimes  Sometimes  ok  t1\n",
		}},
		{"a mismatch", verifyRows([3]bool{false, false, false}, [3]bool{true, false, false}), 1, []string{
			"Never      Never     ok        t0\n",
			"Sometimes  Never     MISMATCH  t1\n",
			"\n1 verdict(s) differ from the expected ones or rest on an unreachable outcome\n",
		}},
		{"a vacuous Never", verifyRows([3]bool{false, false, true}, [3]bool{true, true, false}, [3]bool{false, true, false}), 1, []string{
			"Never      Never      VACUOUS (unreachable: P1:return)  t0\n",
			"Sometimes  Sometimes  ok                                t1\n",
			"Never      Sometimes  MISMATCH                          t2\n",
			"\n2 verdict(s) differ from the expected ones or rest on an unreachable outcome\n",
		}},
	} {
		var out, errOut bytes.Buffer
		dir := filepath.Join(t.TempDir(), "tests")
		rc := reportVerify(&out, &errOut, tc.rows, dir, true)
		if rc != tc.rc || errOut.Len() != 0 {
			t.Errorf("%s: exit status %d, stderr %q; want %d", tc.name, rc, errOut.String(), tc.rc)
		}
		text := out.String()
		at := 0
		for _, l := range tc.lines {
			i := bytes.Index([]byte(text[at:]), []byte(l))
			if i < 0 {
				t.Errorf("%s: output lacks %q after offset %d:\n%s", tc.name, l, at, text)
				break
			}
			at += i + len(l)
		}
		if rc == 0 && bytes.Contains(out.Bytes(), []byte("differ")) {
			t.Errorf("%s: exit status 0 with a count of wrong verdicts:\n%s", tc.name, text)
		}
		for _, want := range []string{"test 0\n", id + "  " + target, "Abstractions of every test", "  a shared note\n  another shared note\n  shared note\n", "t1:\n  own note\n", "wrote "} {
			if !bytes.Contains(out.Bytes(), []byte(want)) {
				t.Errorf("%s: output lacks %q:\n%s", tc.name, want, text)
			}
		}
		if n := bytes.Count(out.Bytes(), []byte("own note")); n != 1 {
			t.Errorf("%s: the note of one test printed %d times, want once under its test:\n%s", tc.name, n, text)
		}
		kinds, err := os.ReadFile(filepath.Join(dir, "kinds.txt"))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		for _, r := range tc.rows {
			kind := "Forbidden"
			if r.Expected {
				kind = "Allowed"
			}
			want.WriteString(r.Derived.Name + " " + kind + "\n")
		}
		if !bytes.Equal(kinds, want.Bytes()) {
			t.Errorf("%s: kinds.txt %q, want %q", tc.name, kinds, want.String())
		}
	}
}

// Tests that cannot be written make the exit status 1 even where every
// verdict is the expected one.
func TestReportVerifyUnwritable(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if rc := reportVerify(&out, &errOut, verifyRows([3]bool{false, false, false}), filepath.Join(notDir, "out"), false); rc != 1 || !bytes.Contains(errOut.Bytes(), []byte("fencelab verify: ")) {
		t.Errorf("exit status %d, stderr %q; want 1 and the error", rc, errOut.String())
	}
}
