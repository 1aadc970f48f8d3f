package stress

import (
	"bytes"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

// A single iteration that satisfies the condition is an observation:
// litmus7 says Sometimes and "Ok", never "Never". This is what makes one
// forbidden outcome fail a stress run.
func TestRunCountsASingleWeakIteration(t *testing.T) {
	var calls atomic.Int32
	s := &Shape{
		Name: "once",
		Locs: []Loc{{"x", 0}},
		Threads: []Thread{{[]string{"r0"}, func(l loc, r []int32) {
			if calls.Add(1) == 1 {
				r[0] = 1
			} else {
				r[0] = 0
			}
		}}},
		Exists: []Eq{{"0:r0", 1}},
	}
	res := mustRun(t, s, Config{Iterations: 10, Runs: 1, Barrier: None})
	if res.Positive != 1 || res.Negative != 9 {
		t.Fatalf("Positive %d, Negative %d, want 1 and 9", res.Positive, res.Negative)
	}
	if got := res.Observation(); got != "Sometimes" {
		t.Errorf("Observation %s, want Sometimes", got)
	}
	var buf bytes.Buffer
	if err := res.WriteReport(&buf, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nOk\n", "Condition exists (0:r0=1) is validated\n", "Observation once Sometimes 1 9\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, buf.String())
		}
	}
}

// Result.CPUs says where the workers ran: nil when pinning failed or was
// not asked for, one CPU per thread when it succeeded.
func TestRunReportsWhereItPinned(t *testing.T) {
	sb, _ := Lookup("SB")
	res := mustRun(t, sb, Config{Iterations: 10, Runs: 1})
	switch {
	case res.PinErr != nil:
		if res.CPUs != nil {
			t.Errorf("pinning failed (%v), yet CPUs %v", res.PinErr, res.CPUs)
		}
	case len(allowedCPUs()) > 0:
		if len(res.CPUs) != len(sb.Threads) {
			t.Errorf("pinned, yet CPUs %v for %d threads", res.CPUs, len(sb.Threads))
		}
	}
	if res := mustRun(t, sb, Config{Iterations: 10, Runs: 1, NoPin: true}); res.CPUs != nil || res.PinErr != nil {
		t.Errorf("NoPin: CPUs %v, PinErr %v, want neither", res.CPUs, res.PinErr)
	}
}

// A run whose workers cannot be pinned goes on unpinned and says why:
// Result.PinErr is the error, Result.CPUs is nil, and the setup line of
// the report says "not pinned" with the reason.
func TestRunReportsPinFailure(t *testing.T) {
	if len(allowedCPUs()) == 0 {
		t.Skip("this OS leaves pinning to its scheduler: Run never pins here")
	}
	denied := errors.New("pinning denied")
	pinThread = func(int) error { return denied }
	t.Cleanup(func() { pinThread = pin })
	sb, _ := Lookup("SB")
	res := mustRun(t, sb, Config{Iterations: 10, Runs: 1})
	if res.PinErr != denied || res.CPUs != nil {
		t.Fatalf("Run with every pin failing: PinErr %v, CPUs %v; want %v and none", res.PinErr, res.CPUs, denied)
	}
	if got := res.Setup(); !strings.Contains(got, "not pinned (pinning denied)") {
		t.Errorf("Setup() = %q, want it to say the workers were not pinned and why", got)
	}
}
