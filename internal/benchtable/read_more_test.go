package benchtable

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// Each file-level configuration key is kept once, with the value it has
// first, as go test prints the same keys again for every package; keys
// that the reader sets itself are not kept.
func TestReadConfigOnce(t *testing.T) {
	in := "goos: linux\ngoarch: amd64\nBenchmarkX-2 \t 10\t 5 ns/op\n" +
		"goarch: arm64\npkg: p\nBenchmarkY-2 \t 10\t 5 ns/op\n"
	rep, err := Read(strings.NewReader(in), "two")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range rep.Config {
		got = append(got, fmt.Sprintf("%s=%s %v", c.Key, c.Value, c.File))
	}
	if want := "goos=linux true, goarch=amd64 true, pkg=p true"; strings.Join(got, ", ") != want {
		t.Errorf("config %q, want %q", strings.Join(got, ", "), want)
	}
}

// An error of the reader is Read's error, not a report of what came
// before it.
func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	in := iotest.TimeoutReader(strings.NewReader("BenchmarkX-2 \t 10\t 5 ns/op\n" + strings.Repeat("x", 1<<16)))
	if rep, err := Read(in, "cut"); err == nil || rep != nil {
		t.Errorf("Read of a reader that fails: %v, %v; want an error and no report", rep, err)
	}
	if _, err := Read(iotest.ErrReader(boom), "none"); !errors.Is(err, boom) {
		t.Errorf("Read of a reader that fails at once: %v, want %v", err, boom)
	}
}

// A benchmark printed without a GOMAXPROCS suffix (as at GOMAXPROCS=1) and
// without sub-benchmarks is a group of its own at GOMAXPROCS 1, labelled
// with its name.
func TestReadNameWithoutProcs(t *testing.T) {
	rep, err := Read(strings.NewReader("BenchmarkX \t 10\t 5 ns/op\n"), "one")
	if err != nil {
		t.Fatal(err)
	}
	if g := rep.Groups[0]; g.Name != "X" || g.Procs != 1 || g.Rows[0].Label != "X" {
		t.Errorf("group %s at %d, row %s; want X at 1, row X", g.Name, g.Procs, g.Rows[0].Label)
	}
}

// A group whose first case reports the benchmark's own metric keeps it
// where a later case reports only times: that case is left out with a
// warning, not the metric.
func TestReadOwnMetricOfTheFirstCase(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 100\t %d ns/op\t %d faults/s\n", 5+i%2, 1000+i%2)
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 100\t %d ns/op\n", 5+i%2)
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Groups[0]
	if g.Unit != "faults/s" || len(g.Rows) != 1 || g.Rows[0].Label != "a" {
		t.Fatalf("unit %s, %d rows; want faults/s, row a alone", g.Unit, len(g.Rows))
	}
	if want := "X/b: no faults/s values"; len(rep.Warnings) != 1 || rep.Warnings[0] != want {
		t.Errorf("warnings %q, want %q", rep.Warnings, want)
	}
}

// The throughput column is as wide as the widest throughput of the times:
// a shorter one is padded to it.
func TestThroughputColumnWidth(t *testing.T) {
	out := textOfRounds(t, "BenchmarkT/case=a-2 \t 100\t 0 ns/op", "BenchmarkT/case=b-2 \t 100\t 1 ns/op")
	if !strings.Contains(out, "\n  a  0.000 ± 0%         ∞ op/s\n") {
		t.Errorf("text:\n%q", out)
	}
}

// textOfRounds is the table of six rounds of the result lines.
func textOfRounds(t *testing.T, lines ...string) string {
	t.Helper()
	var b strings.Builder
	for range 6 {
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	return textOf(t, rep)
}
