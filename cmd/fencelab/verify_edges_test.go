package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestReportVerifyAbstractionsOnlyOwnNotes: after the notes that every
// test shares, sorted, the report names only the tests that rest on something
// more, those that rest on the same under one heading, followed by what;
// the tests with nothing of their own get no heading, which would stand
// empty.
func TestReportVerifyAbstractionsOnlyOwnNotes(t *testing.T) {
	var out, errOut bytes.Buffer
	rows := verifyRows([3]bool{false, false, false}, [3]bool{true, true, false}, [3]bool{false, false, false}, [3]bool{true, true, false})
	if rc := reportVerify(&out, &errOut, rows, "", false); rc != 0 {
		t.Fatalf("exit status %d, stderr %q", rc, errOut.String())
	}
	_, abstractions, ok := strings.Cut(out.String(), "\nAbstractions of every test (each test's file lists its own):\n")
	if !ok {
		t.Fatalf("no abstractions section:\n%s", out.String())
	}
	if want := "  a shared note\n  another shared note\n  shared note\nt1, t3:\n  own note\n"; abstractions != want {
		t.Errorf("abstractions section %q, want %q", abstractions, want)
	}
}

// TestVerifyBadTagsIsUsage: a -tags value that is no list of build tags
// is bad usage, exit status 2 as for the other flags, with the flag named.
func TestVerifyBadTagsIsUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	rc := verifyMain(context.Background(), []string{"-tags", "no such tag"}, &out, &errOut)
	if rc != 2 || !strings.Contains(errOut.String(), "fencelab verify: -tags: bad build tag") {
		t.Errorf("exit status %d, stderr %q; want 2 and the bad tag named", rc, errOut.String())
	}
}

// TestStressNegativeTimeoutRefused: any negative -timeout, even one
// nanosecond below zero, is refused as bad usage before a shape runs.
func TestStressNegativeTimeoutRefused(t *testing.T) {
	var out, errOut bytes.Buffer
	rc := stressMain(context.Background(), []string{"-timeout", "-1ns", "SB"}, &out, &errOut)
	if rc != 2 || out.Len() != 0 || !strings.Contains(errOut.String(), "-timeout -1ns: must not be negative") {
		t.Errorf("exit status %d, stdout %q, stderr %q; want 2, nothing run and the refusal", rc, out.String(), errOut.String())
	}
}

// TestUsageAfterDoubleDashIsAnError: after "--" a "-h" is a file name, not
// a request for the usage, so a flag error before it still goes to stderr
// with exit status 2, and nothing to stdout where a pipe would take it
// for the output.
func TestUsageAfterDoubleDashIsAnError(t *testing.T) {
	rc, out, errOut := runCheckCmd(t, "-nosuchflag", "--", "-h")
	if rc != 2 || out != "" || !strings.Contains(errOut, "usage: fencelab check") {
		t.Errorf("exit status %d, stdout %q, stderr %q; want 2, nothing and the usage", rc, out, errOut)
	}
}

// TestStressDashAloneIsAName: a lone "-" after the shape names is no flag
// put in the wrong place but a name, refused as a shape that does not
// exist.
func TestStressDashAloneIsAName(t *testing.T) {
	var out, errOut bytes.Buffer
	rc := stressMain(context.Background(), []string{"SB", "-"}, &out, &errOut)
	if rc != 2 || !strings.Contains(errOut.String(), `fencelab stress: unknown shape "-"`) {
		t.Errorf("exit status %d, stderr %q; want 2 and the unknown shape named", rc, errOut.String())
	}
}
