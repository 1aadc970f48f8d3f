package benchbars

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
)

func readReport(t *testing.T, in string) *benchtable.Report {
	t.Helper()
	rep, err := benchtable.Read(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestNoiseQuiet(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", 10*(1+0.01*float64(i%3)))
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t %g ns/op\n", 20*(1+0.03*float64(i%3)))
	}
	rep := readReport(t, b.String())
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(rep, nil, quiet, benchenv.Load{Avg: [3]float64{1.9, 1, 1}, CPUs: 2})
	if r := n.Reasons(); len(r) != 0 {
		t.Errorf("quiet run: reasons %q", r)
	}
	if got, want := n.Spread(), "95% intervals: median ±3%, widest ±3% (X b at GOMAXPROCS=2)"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
	if n := Assess(rep, nil, benchenv.Load{}, benchenv.Load{}); len(n.Reasons()) != 0 {
		t.Errorf("no load average: reasons %q", n.Reasons())
	}
}

func TestNoiseLoud(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", 10*(1+0.01*float64(i%3)))
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t %g ns/op\n", 20*(1+float64(i/5)))
	}
	b.WriteString("BenchmarkY \t 1000\t 1 ns/op\n")
	rep := readReport(t, b.String())
	bars := []Bar{
		{Verdict: Inconclusive, Cause: WideSpread},
		{Verdict: Inconclusive, Cause: TooClose},
		{Verdict: Met},
	}
	n := Assess(rep, bars, benchenv.Load{Avg: [3]float64{2.5, 1, 1}, CPUs: 2}, benchenv.Load{Avg: [3]float64{3.25, 2, 1}, CPUs: 2})
	want := []string{
		"1 bar inconclusive for intervals wider than ±15%",
		"load average 2.50 at the start of the run, above the 2 CPUs",
		"load average 3.25 at the end of the run, above the 2 CPUs",
		"widest interval ±100% (X b at GOMAXPROCS=2), beyond ±15%",
		"as few as 1 sample of a result (Y Y at GOMAXPROCS=1), fewer than the 6 a 95% interval needs",
	}
	if got := n.Reasons(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons\n got %q\nwant %q", got, want)
	}
	// The rounds are the samples of the results that have most.
	if n.FewestSamples != 1 || n.MostSamples != 6 {
		t.Errorf("fewest samples %d, most %d; want 1 and 6", n.FewestSamples, n.MostSamples)
	}
	if got, want := n.Spread(), "95% intervals: median ±100%, widest ±100% (X b at GOMAXPROCS=2); 2 of 3 results wider than ±15% or without an interval"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
	n = Assess(readReport(t, "BenchmarkY \t 1000\t 1 ns/op\n"), nil, benchenv.Load{}, benchenv.Load{})
	if got := n.Spread(); got != "no 95% intervals: at most 1 sample per result, 6 needed" {
		t.Errorf("spread without intervals: %s", got)
	}
}

// A run whose results were noisy spared its bars only if it had some, none
// was left undecided by the noise, and the machine was not overloaded.
func TestSparedBars(t *testing.T) {
	quiet := benchenv.Load{Avg: [3]float64{1.5, 1, 1}, CPUs: 2}
	loaded := benchenv.Load{Avg: [3]float64{5, 1, 1}, CPUs: 2}
	decided := []Bar{{Verdict: Met}, {Verdict: Inconclusive, Cause: TooClose}}
	noisy := append(decided, Bar{Verdict: Inconclusive, Cause: WideSpread})
	rep := readReport(t, "BenchmarkY \t 1000\t 1 ns/op\n")
	for _, tc := range []struct {
		name      string
		bars      []Bar
		end       benchenv.Load
		sparedBar bool
	}{
		{"decided, quiet", decided, quiet, true},
		{"a bar undecided for noise", noisy, quiet, false},
		{"decided, overloaded", decided, loaded, false},
		{"no bars", nil, quiet, false},
	} {
		if got := Assess(rep, tc.bars, quiet, tc.end).SparedBars(); got != tc.sparedBar {
			t.Errorf("%s: SparedBars %v, want %v", tc.name, got, tc.sparedBar)
		}
	}
	if Assess(rep, decided, loaded, quiet).SparedBars() {
		t.Error("decided, overloaded at the start: SparedBars true, want false")
	}
}

// A run of too few rounds is too short, not too noisy: its bars are
// inconclusive for too few samples, and more rounds would judge them; any
// other reason makes it noisy as well.
func TestNoiseOfAShortRun(t *testing.T) {
	var b strings.Builder
	for i := range 2 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", 10*(1+0.01*float64(i)))
	}
	rep := readReport(t, b.String())
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	loaded := benchenv.Load{Avg: [3]float64{5, 1, 1}, CPUs: 2}
	short := []Bar{{Verdict: Inconclusive, Cause: FewSamples}, {Verdict: Inconclusive, Cause: FewSamples}}
	n := Assess(rep, short, quiet, quiet)
	want := []string{
		"2 bars inconclusive for too few samples",
		"as few as 2 samples of a result (X a at GOMAXPROCS=2), fewer than the 6 a 95% interval needs",
	}
	if got := n.Reasons(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons\n got %q\nwant %q", got, want)
	}
	if !n.TooShort() || n.SparedBars() {
		t.Errorf("short run: TooShort %v, SparedBars %v; want true, false", n.TooShort(), n.SparedBars())
	}
	if Assess(rep, short, quiet, loaded).TooShort() {
		t.Error("short and overloaded: TooShort true, want false")
	}
	if Assess(rep, append(short, Bar{Verdict: Inconclusive, Cause: WideSpread}), quiet, quiet).TooShort() {
		t.Error("short with a bar inconclusive for a wide interval: TooShort true, want false")
	}
}

// TooShort at its thresholds: MinSamples samples are enough, whatever
// else; with fewer, an interval of ±MaxSpread still leaves more rounds as
// the cure, one wider does not, and a run with no result is not short.
func TestTooShortAtItsThresholds(t *testing.T) {
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	short := Noise{Results: 3, FewestSamples: MinSamples - 1, WidestSpread: MaxSpread, Start: quiet, End: quiet}
	if !short.TooShort() {
		t.Errorf("%d samples, widest ±%d%%: TooShort false, want true", short.FewestSamples, short.WidestSpread)
	}
	for _, tc := range []struct {
		name   string
		change func(*Noise)
	}{
		{"MinSamples samples", func(n *Noise) { n.FewestSamples = MinSamples }},
		{"an interval wider than ±MaxSpread", func(n *Noise) { n.WidestSpread = MaxSpread + 1 }},
		{"no result", func(n *Noise) { n.Results = 0 }},
	} {
		n := short
		tc.change(&n)
		if n.TooShort() {
			t.Errorf("%s: TooShort true, want false", tc.name)
		}
	}
}

// A result a little wider than ±MaxSpread, or a little short of
// MinSamples, makes the run too noisy all the same.
func TestNoiseJustBeyondTheThresholds(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", 10*(1+0.01*float64(i%3)))
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 1000\t %g ns/op\n", 20*(1+0.2*float64(i/5)))
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(readReport(t, b.String()), nil, quiet, quiet)
	if got, want := n.Spread(), "95% intervals: median ±20%, widest ±20% (X b at GOMAXPROCS=2); 1 of 2 results wider than ±15% or without an interval"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
	if got, want := n.Reasons(), []string{"widest interval ±20% (X b at GOMAXPROCS=2), beyond ±15%"}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons\n got %q\nwant %q", got, want)
	}

	b.Reset()
	for i := range 5 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t %g ns/op\n", 10*(1+0.01*float64(i%3)))
	}
	n = Assess(readReport(t, b.String()), nil, quiet, quiet)
	if got, want := n.Reasons(), "as few as 5 samples of a result (X a at GOMAXPROCS=2), fewer than the 6 a 95% interval needs"; !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("reasons %q lack %q", got, want)
	}
}

// A run whose intervals are all ±0% still has a widest result to name:
// every interval is finite.
func TestNoiseOfARunWithoutSpread(t *testing.T) {
	var b strings.Builder
	for range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 1000\t 10 ns/op\n")
	}
	quiet := benchenv.Load{Avg: [3]float64{0.5, 0.5, 0.5}, CPUs: 2}
	n := Assess(readReport(t, b.String()), nil, quiet, quiet)
	if got, want := n.Spread(), "95% intervals: median ±0%, widest ±0% (X a at GOMAXPROCS=2)"; got != want {
		t.Errorf("spread\n got %s\nwant %s", got, want)
	}
}
