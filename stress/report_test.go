package stress

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func fakeResult(t *testing.T, name string, counts map[state]int) *Result {
	t.Helper()
	s, _ := Lookup(name)
	lay, err := s.compile()
	if err != nil {
		t.Fatal(err)
	}
	r := &Result{Shape: s, Names: lay.names, lay: lay, counts: counts, Elapsed: 1500 * time.Millisecond,
		Config: Config{Iterations: 3, Runs: 1, Stride: 128}}
	for st, n := range counts {
		if lay.weak(st) {
			r.Positive += n
		} else {
			r.Negative += n
		}
	}
	return r
}

func TestWriteReportIsLitmus7Format(t *testing.T) {
	r := fakeResult(t, "SB", map[state]int{{0, 0}: 7, {0, 1}: 12345, {1, 0}: 99, {1, 1}: 3})
	var b bytes.Buffer
	if err := r.WriteReport(&b, "Model SB x86tso Sometimes"); err != nil {
		t.Fatal(err)
	}
	want := `Test SB Allowed
Histogram (4 states)
7    *>0:r0=0; 1:r0=0;
12345:>0:r0=0; 1:r0=1;
99   :>0:r0=1; 1:r0=0;
3    :>0:r0=1; 1:r0=1;
Ok

Witnesses
Positive: 7, Negative: 12447
Condition exists (0:r0=0 /\ 1:r0=0) is validated
Observation SB Sometimes 7 12447
Model SB x86tso Sometimes
Time SB 1.50
`
	if b.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestObservation(t *testing.T) {
	for _, tc := range []struct {
		counts map[state]int
		want   string
		line   string
	}{
		{map[state]int{{0, 1}: 5}, "Never", "Observation MP Never 0 5"},
		{map[state]int{{1, 0}: 5}, "Always", "Observation MP Always 5 0"},
		{map[state]int{{1, 0}: 2, {1, 1}: 3}, "Sometimes", "Observation MP Sometimes 2 3"},
		// One iteration either way is enough to leave Never and Always.
		{map[state]int{{1, 0}: 4, {1, 1}: 1}, "Sometimes", "Observation MP Sometimes 4 1"},
		{map[state]int{{1, 0}: 1, {1, 1}: 4}, "Sometimes", "Observation MP Sometimes 1 4"},
		{map[state]int{}, "Never", "Observation MP Never 0 0"},
	} {
		r := fakeResult(t, "MP", tc.counts)
		if r.Observation() != tc.want {
			t.Errorf("%v: %s, want %s", tc.counts, r.Observation(), tc.want)
		}
		var b bytes.Buffer
		r.WriteReport(&b, "")
		if !strings.Contains(b.String(), "\n"+tc.line+"\nTime MP") {
			t.Errorf("%v: report lacks %q right before Time:\n%s", tc.counts, tc.line, b.String())
		}
		if tc.want == "Never" && !strings.Contains(b.String(), "No\n\nWitnesses") {
			t.Errorf("a Never report does not say No:\n%s", b.String())
		}
	}
}

// Rate is the weak fraction of the iterations counted, and 0, not NaN,
// where none were.
func TestRate(t *testing.T) {
	if r := fakeResult(t, "MP", map[state]int{{1, 0}: 2, {1, 1}: 3}); r.Rate() != 0.4 {
		t.Errorf("rate of 2 weak in 5: %g, want 0.4", r.Rate())
	}
	if r := fakeResult(t, "MP", map[state]int{}); r.Rate() != 0 {
		t.Errorf("rate of no iterations: %g, want 0", r.Rate())
	}
}

func TestSetup(t *testing.T) {
	r := fakeResult(t, "SB", map[state]int{{0, 0}: 1})
	r.Runs = 1
	r.CPUs = []int{0, 1}
	r.Config.Shuffle = true
	if got := r.Setup(); !regexp.MustCompile(`^1 iteration \(1 run of 3\), barrier userfence, stride 128, shuffled, pinned to CPUs 0 1, implementation \w+$`).MatchString(got) {
		t.Errorf("Setup() = %q", got)
	}
	r.Runs = 0
	if got := r.Setup(); !strings.HasPrefix(got, "1 iteration (0 of 1 run of 3 finished), ") {
		t.Errorf("Setup() of a stopped run = %q", got)
	}
	r.CPUs, r.PinErr = nil, errors.New("EPERM")
	if got := r.Setup(); !strings.Contains(got, "not pinned (EPERM)") {
		t.Errorf("Setup() with a pin error = %q", got)
	}
	r.PinErr, r.Config.Shuffle = nil, false
	if got := r.Setup(); !strings.HasSuffix(got, ", stride 128, not pinned, implementation "+r.Impl.String()) {
		t.Errorf("Setup() unshuffled and not pinned, for no reason given = %q", got)
	}
	r.RCpc = true
	if got := r.Setup(); !strings.HasSuffix(got, ", implementation "+r.Impl.String()+", acquire loads LDAPR") {
		t.Errorf("Setup() with RCpc acquire loads = %q", got)
	}
	r.RCpc = false
	for _, tc := range []struct {
		procs int
		turns bool
	}{{0, false}, {1, true}, {2, false}, {3, false}} {
		r.Procs = tc.procs
		got := r.Setup()
		if r.TookTurns() != tc.turns || strings.Contains(got, "2 threads on 1 processor, so they took turns, ") != tc.turns {
			t.Errorf("Procs %d: TookTurns() = %v, Setup() = %q; want taking turns %v", tc.procs, r.TookTurns(), got, tc.turns)
		}
	}
}

// Counts and processors other than one are plural.
func TestSetupPlurals(t *testing.T) {
	r := fakeResult(t, "SB", map[state]int{{0, 0}: 1, {1, 1}: 1})
	r.Runs, r.Procs = 1, 2
	r.Shape = &Shape{Name: "three", Threads: make([]Thread, 3)}
	got := r.Setup()
	if !strings.HasPrefix(got, "2 iterations (1 run of 3), ") || !strings.Contains(got, ", 3 threads on 2 processors, so they took turns, ") {
		t.Errorf("Setup() = %q", got)
	}
}

// Setup counts the shape's threads, not the processors plus one: five
// threads on two processors, and four on three.
func TestSetupCountsTheThreads(t *testing.T) {
	r := fakeResult(t, "SB", map[state]int{{0, 0}: 1})
	r.Runs = 1
	for _, tc := range []struct{ threads, procs int }{{5, 2}, {4, 3}} {
		r.Procs = tc.procs
		r.Shape = &Shape{Name: "many", Threads: make([]Thread, tc.threads)}
		if got, want := r.Setup(), fmt.Sprintf(", %d threads on %d processors, so they took turns, ", tc.threads, tc.procs); !strings.Contains(got, want) {
			t.Errorf("Setup() = %q, want it to hold %q", got, want)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// WriteReport returns the writer's error, so that a report lost to a full
// disk or a closed pipe is not taken for written.
func TestWriteReportReturnsTheWritersError(t *testing.T) {
	r := fakeResult(t, "SB", map[state]int{{0, 0}: 1})
	if err := r.WriteReport(failingWriter{}, ""); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteReport to a failing writer: %v, want its error", err)
	}
}
