package benchtable

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Two groups whose names and GOMAXPROCS would run together into one
// string ("X/n=1" at 16, "X/n=11" at 6) stay two groups, each with its own
// case: a report that merged them would compare a case with another
// benchmark's.
func TestReadKeepsGroupsOfRunTogetherNamesApart(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/n=1/c=a-16 \t 100\t %g ns/op\n", 5+0.01*float64(i%3))
		fmt.Fprintf(&b, "BenchmarkX/n=11/c=a-6 \t 100\t %g ns/op\n", 50+0.1*float64(i%3))
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range rep.Groups {
		got = append(got, fmt.Sprintf("%s-%d:%d", g.Name, g.Procs, len(g.Rows)))
	}
	if want := "X/n=1-16:1 X/n=11-6:1"; strings.Join(got, " ") != want {
		t.Errorf("groups %q, want %q", strings.Join(got, " "), want)
	}
}

// A benchmark whose own name starts with "Benchmark" keeps it: the
// report's group is the name after the one prefix that go test adds.
func TestGroupOfABenchmarkNamedBenchmark(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkBenchmarkFoo/c=a-2 \t 100\t %g ns/op\n", 5+0.01*float64(i%3))
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Groups) != 1 || rep.Groups[0].Name != "BenchmarkFoo" {
		t.Errorf("groups %+v, want one called BenchmarkFoo", rep.Groups)
	}
}

// An interval so wide beside its median that its percentage would not fit
// in an int still counts as wider than any threshold: never as a negative
// spread, which every threshold would let through as steady.
func TestSpreadTooWideForAnInt(t *testing.T) {
	var b strings.Builder
	for _, v := range []float64{1e-30, 1e-30, 1e-30, 1e-30, 1e-30, 1} {
		fmt.Fprintf(&b, "BenchmarkX/c=a-2 \t 1\t %g x/op\n", v)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Groups[0].Rows[0]
	if s := r.Spread(); math.IsInf(s, 0) || s < 1e20 {
		t.Fatalf("spread %g; the test needs a finite one beyond an int's percent", s)
	}
	if p := r.SpreadPercent(); p < math.MaxInt/100 {
		t.Errorf("SpreadPercent %d, want it wider than any threshold", p)
	}
	if text := r.SpreadText(); strings.HasPrefix(text, "-") {
		t.Errorf("SpreadText %q, a negative spread", text)
	}
}

// A group whose every time is zero prints its infinite throughputs in a
// column as wide as "∞ op/s" is in characters, not in bytes.
func TestThroughputColumnOfZeroTimes(t *testing.T) {
	got := textOfRounds(t, "BenchmarkZ/c=a-2 \t 100\t 0 ns/op", "BenchmarkZ/c=b-2 \t 100\t 0 ns/op")
	want := "Z  (GOMAXPROCS=2; ns/op, median ± 95% CI, throughput; ratio to a)\n" +
		"  a  0.000 ± 0%    ∞ op/s\n" +
		"  b  0.000 ± 0%    ∞ op/s   ~1.00×  (p=1.000 n=6)\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
