package verify

import (
	"context"
	"regexp"
	"runtime"
	"testing"
)

// TestAsmloadsOnLSE: the build of arm64-asmloads run on its LSE branch (a
// core with LSE and LRCPC: CASA, LDADDL, LDAPR) decides every scenario as
// the table's arm64-asmloads column, which runs its LL/SC branch, says.
// The table keeps one column for that build; this holds the other branch
// of its dispatch to the same verdicts, none of them vacuous, and checks
// that the derivation took that branch.
func TestAsmloadsOnLSE(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for arm64; runs on amd64 hosts")
	}
	if raceDetector {
		t.Skip("derives the whole table once more; TestTable covers the race build's share")
	}
	lse := targetNamed(t, "arm64-asmloads")
	if lse.LSE {
		t.Fatal("arm64-asmloads already runs the LSE branch; this test would repeat the table")
	}
	lse.LSE = true
	rows, err := RunOn(context.Background(), []Target{lse}, Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	llsc := regexp.MustCompile(`\bLDA?XR\b`)
	for _, r := range rows {
		got, want := verdict(r.Sometimes), verdict(r.Expected)
		t.Logf("%-28s %-9s (arm64-asmloads says %s)", r.Scenario.ID(), got, want)
		if !r.OK() {
			t.Errorf("%s on the LSE branch: %s (vacuous halves %v), arm64-asmloads says %s; the derived test:\n%s", r.Scenario.ID(), got, r.Unreachable, want, r.Derived.Text)
		}
		if llsc.MatchString(r.Derived.Text) {
			t.Errorf("%s: the derived test has an exclusive load, not the LSE branch:\n%s", r.Scenario.ID(), r.Derived.Text)
		}
	}
}
