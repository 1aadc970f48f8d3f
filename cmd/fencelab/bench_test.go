package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/benchbars"
	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
	"github.com/atomicfence/atomicfence/internal/target"
)

func TestBenchFlags(t *testing.T) {
	var stderr bytes.Buffer
	o, err := parseBenchFlags(nil, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if o.filter != "." || o.count != 6 || o.benchtime != "100ms" || o.out != "out" || o.target.GOARCH != runtime.GOARCH && runtime.GOARCH != "386" {
		t.Errorf("defaults: %+v", o)
	}
	// The vma benchmarks at every GOMAXPROCS from 1 to the cores.
	var procs []string
	for n := 1; n <= runtime.NumCPU(); n++ {
		procs = append(procs, strconv.Itoa(n))
	}
	if want := strings.Join(procs, ","); o.cpu != want {
		t.Errorf("default -cpu %q, want %q", o.cpu, want)
	}
	if o, err := parseBenchFlags([]string{"-filter", "Primitive", "-arch", "arm64-lse", "-cpu", "2", "-benchtime", "500x", "-count", "1"}, &stderr); err != nil ||
		o.filter != "Primitive" || o.target.GOARM64 != "v8.1" || o.cpu != "2" || o.benchtime != "500x" || o.count != 1 {
		t.Errorf("flags: %+v, %v", o, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-count", "0"}, "-count 0"},
		{[]string{"-benchtime", "fast"}, `-benchtime "fast"`},
		{[]string{"-benchtime", "0x"}, `-benchtime "0x"`},
		{[]string{"-benchtime", "0s"}, `-benchtime "0s"`},
		{[]string{"-benchtime", "-1s"}, `-benchtime "-1s"`},
		{[]string{"-bench", "("}, "-bench: error parsing regexp"},
		{[]string{"-bench", ""}, `-bench "": go test runs no benchmark`},
		{[]string{"-filter", ""}, `-bench "": go test runs no benchmark`},
		{[]string{"-cpu", "1,x"}, `-cpu "1,x"`},
		{[]string{"-cpu", "0"}, `-cpu "0"`},
		{[]string{"-cpu", "1,2,1"}, `-cpu "1,2,1": 1 twice`},
		{[]string{"-arch", "mips"}, `unknown architecture "mips"`},
		{[]string{"-pgo", "no-such.pgo"}, "-pgo: stat no-such.pgo: no such file"},
		{[]string{"-from", "no-such.txt"}, "-from: stat no-such.txt: no such file"},
		{[]string{"-pgo", "."}, "-pgo: . is a directory, not a file"},
		{[]string{"-from", "."}, "-from: . is a directory, not a file"},
		{[]string{"-pgo", "bench", "-arch", emulatedArch()}, "-pgo bench: a profile of an emulated run"},
		{[]string{"extra"}, `unexpected arguments ["extra"]`},
		{[]string{"-bench", "Primitive", "-filter", "ReadLock"}, "-bench and -filter are the same flag: give one"},
		{[]string{"-out", ""}, "-out: want a directory"},
		// -from reports on saved results, which no flag of a run changes.
		{[]string{"-from", "results.txt", "-count", "3"}, "-count sets up a run of the benchmarks: -from"},
		{[]string{"-from", "results.txt", "-benchtime", "1x"}, "-benchtime sets up a run"},
		{[]string{"-from", "results.txt", "-bench", "ReadLock"}, "-bench sets up a run"},
		{[]string{"-from", "results.txt", "-filter", "ReadLock"}, "-filter sets up a run"},
		{[]string{"-from", "results.txt", "-arch", "386"}, "-arch sets up a run"},
		{[]string{"-from", "results.txt", "-cpu", "1"}, "-cpu sets up a run"},
		{[]string{"-from", "results.txt", "-tags", "purego"}, "-tags sets up a run"},
		{[]string{"-from", "results.txt", "-pgo", "bench"}, "-pgo sets up a run"},
		{[]string{"-from", "results.txt", "-funcalign", "64"}, "-funcalign sets up a run"},
		{[]string{"-funcalign", "48"}, "-funcalign 48: want 0 or a power of two from 16 to 256"},
		{[]string{"-funcalign", "8"}, "-funcalign 8: want 0"},
		{[]string{"-funcalign", "512"}, "-funcalign 512: want 0"},
		{[]string{"-funcalign", "-64"}, "-funcalign -64: want 0"},
	} {
		if _, err := parseBenchFlags(tc.args, &stderr); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
	saved := filepath.Join(t.TempDir(), "results.txt")
	if err := os.WriteFile(saved, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := parseBenchFlags([]string{"-from", saved, "-out", "report"}, &stderr); err != nil {
		t.Errorf("-from with -out: %v", err)
	}
	for _, a := range []int{0, 16, 32, 64, 128, 256} {
		if o, err := parseBenchFlags([]string{"-funcalign", strconv.Itoa(a)}, &stderr); err != nil || o.funcAlign != a {
			t.Errorf("-funcalign %d: %+v, %v", a, o, err)
		}
	}
	if rc := benchMain(context.Background(), []string{"-count", "-1"}, &stderr, &stderr); rc != 2 {
		t.Errorf("bad flags: exit status %d, want 2", rc)
	}
	stderr.Reset()
	if rc := benchMain(context.Background(), []string{"-h"}, &stderr, &stderr); rc != 0 || !strings.Contains(stderr.String(), "usage: fencelab bench") {
		t.Errorf("-h: exit status %d, output %q", rc, stderr.String())
	}
}

func TestBenchProgressOffTerminal(t *testing.T) {
	var w bytes.Buffer
	p := newBenchProgress(&w)
	for _, line := range []string{
		"round 1/2  vma  1 results  0s elapsed",
		"round 1/2  vma  2 results  1s elapsed",
		"round 1/2  vma  10 results  1s elapsed",
		"round 1/2  vma  19 results  1s elapsed",
		"round 2/2  vma  1 results  2s elapsed, about 2s left",
	} {
		p.show("%s", line)
	}
	p.done()
	if got := strings.Count(w.String(), "\n"); got != 2 || strings.Contains(w.String(), "\r") {
		t.Errorf("want a line per round and no carriage returns, got %q", w.String())
	}
}

func TestBenchETA(t *testing.T) {
	a, b := &benchSuite{results: 30}, &benchSuite{results: 10}
	suites := []*benchSuite{a, b}
	p := &benchProgress{}
	start := time.Now().Add(-40 * time.Second)
	// Round 2 of 4, 5 results into b: 40+30+5 of 160 done in 40s.
	got := p.eta(start, 2, suites, b, 5, 4)
	if !strings.Contains(got, "40s elapsed, about 45s left") {
		t.Errorf("eta: %q", got)
	}
	// 5 results into a, the first suite: 40+5 of 160 done in 40s.
	if got := p.eta(start, 2, suites, a, 5, 4); !strings.Contains(got, "40s elapsed, about 1m42s left") {
		t.Errorf("eta in the first suite: %q", got)
	}
	if got := p.eta(start, 1, suites, a, 5, 4); strings.Contains(got, "left") {
		t.Errorf("eta in the first round: %q", got)
	}
}

func TestBenchChart(t *testing.T) {
	in := "goarch: amd64\natomicfence-impl: amd64\nfencelab-arch: amd64, native\n"
	for range 6 {
		in += "BenchmarkPrimitive/op=Load/order=sync-atomic-2 \t 100\t 0.3 ns/op\n" +
			"BenchmarkPrimitive/op=Load/order=relaxed-2 \t 100\t 1.4 ns/op\n" +
			"BenchmarkPageFaults/place=mmap-lock-2 \t 100\t 50 ns/op\t 2e7 faults/s\n" +
			"BenchmarkPageFaults/place=acquire-2 \t 100\t 40 ns/op\t 2.5e7 faults/s\n"
	}
	rep, err := benchtable.Read(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	c := benchChart("placements", rep, func(g *benchtable.Group) bool { return !strings.HasPrefix(g.Name, "Primitive/") })
	if c.Notes[1] != "arch: amd64, native" {
		t.Errorf("notes: %q", c.Notes)
	}
	if len(c.Panels) != 1 || c.Panels[0].Title != "PageFaults  (GOMAXPROCS=2)" || c.Panels[0].Unit != "faults/s, higher is better" {
		t.Fatalf("panels: %+v", c.Panels)
	}
	bars := c.Panels[0].Bars
	if len(bars) != 2 || !bars[0].Base || bars[1].Base || bars[1].Note != "1.25×" || bars[1].Value != 2.5e7 {
		t.Errorf("bars: %+v", bars)
	}
	c = benchChart("primitives", rep, func(g *benchtable.Group) bool { return strings.HasPrefix(g.Name, "Primitive/") })
	if bars := c.Panels[0].Bars; bars[1].Value != 1.4 || bars[1].Text != "1.40 ns/op" {
		t.Errorf("ns/op bars: %+v", bars)
	}
	if u := c.Panels[0].Unit; u != "ns/op, lower is faster" {
		t.Errorf("ns/op axis: %q", u)
	}
}

// TestBenchEndToEnd runs fencelab bench on two benchmarks of each package,
// briefly, natively and (where qemu-aarch64-static is installed) emulated.
func TestBenchEndToEnd(t *testing.T) {
	needsGoCommand(t)
	if testing.Short() {
		t.Skip("builds and runs the benchmark binaries; skipped in -short mode")
	}
	run := func(t *testing.T, args ...string) (string, string) {
		t.Helper()
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		args = append([]string{"-bench", "Primitive/op=Load|ReadLock/mode=single", "-count", "2", "-benchtime", "200x", "-cpu", "1", "-out", out}, args...)
		if rc := benchMain(context.Background(), args, &stdout, &stderr); rc != 0 {
			t.Fatalf("exit status %d:\n%s%s", rc, stdout.String(), stderr.String())
		}
		return stdout.String(), out
	}

	t.Run("native", func(t *testing.T) {
		stdout, out := run(t)
		for _, want := range []string{
			"arch:           amd64, native", "implementation: amd64", "cpu: ",
			"Primitive/op=Load  (GOMAXPROCS=", "  sync-atomic ", "  relaxed ",
			"ReadLock/mode=single  (GOMAXPROCS=1; ns/op", "  inline-atomic ", "  acquire ",
			"performance bars", "StartRead+EndRead (acquire)",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, stdout)
			}
		}
		for _, f := range []string{"results.txt", "table.txt", "placements.svg", "primitives.svg"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Error(err)
			}
		}
		raw, err := os.ReadFile(filepath.Join(out, "results.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(raw), "BenchmarkPrimitive/op=Load/order=acquire"); n != 2 {
			t.Errorf("results.txt holds %d samples of a benchmark, want -count 2:\n%s", n, raw)
		}
	})

	// With a profile of the read-lock benchmarks themselves, taken first
	// and kept beside the results.
	var kept []byte
	t.Run("pgo-bench", func(t *testing.T) {
		stdout, out := run(t, "-pgo", "bench")
		if !strings.Contains(stdout, ", -pgo bench.pgo (a profile of these read-lock benchmarks), built with go") {
			t.Errorf("the run line does not say the benchmarks were profiled:\n%s", stdout)
		}
		if !strings.Contains(stdout, ": results.txt, table.txt, bench.pgo, ") {
			t.Errorf("the files written do not list bench.pgo:\n%s", stdout)
		}
		// A CPU profile is gzipped; the "pgo" case below builds with it.
		b, err := os.ReadFile(filepath.Join(out, "bench.pgo"))
		if err != nil || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Fatalf("no gzipped profile kept as bench.pgo (%v)", err)
		}
		kept = b
	})

	// With a profile named as a program names its own, default.pgo: the
	// suites build with it, and the run line names it. It is the profile
	// that -pgo bench kept, so the go command has these builds cached.
	t.Run("pgo", func(t *testing.T) {
		if kept == nil {
			t.Fatal("no profile from -pgo bench")
		}
		prof := filepath.Join(t.TempDir(), "default.pgo")
		if err := os.WriteFile(prof, kept, 0o644); err != nil {
			t.Fatal(err)
		}
		stdout, out := run(t, "-pgo", prof)
		if !strings.Contains(stdout, ", -pgo default.pgo, built with go") {
			t.Errorf("the run line does not name the profile:\n%s", stdout)
		}
		if strings.Contains(stdout, "bench.pgo") {
			t.Errorf("a run with a profile of its own lists bench.pgo:\n%s", stdout)
		}
		if _, err := os.Stat(filepath.Join(out, "bench.pgo")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a run with a profile of its own wrote bench.pgo: %v", err)
		}
	})

	t.Run("emulated", func(t *testing.T) {
		if _, err := exec.LookPath("qemu-aarch64-static"); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("qemu-aarch64-static is missing")
			}
			t.Skip("qemu-aarch64-static is missing")
		}
		stdout, _ := run(t, "-arch", "arm64-lse")
		for _, want := range []string{"arm64-lse, EMULATED under qemu-aarch64-static -cpu max", "implementation: lse-static, acquire loads LDAPR", "emulated cpu: "} {
			if !strings.Contains(stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, stdout)
			}
		}
		if !strings.Contains(stdout, "performance bars: not judged on an emulated run") {
			t.Errorf("bars judged on emulated results:\n%s", stdout)
		}
	})
}

func TestBenchNoMatch(t *testing.T) {
	needsGoCommand(t)
	if testing.Short() {
		t.Skip("builds the benchmark binaries; skipped in -short mode")
	}
	// The files of an earlier run stay as they were: a typo in -bench
	// must not replace its results with none.
	out := t.TempDir()
	earlier := map[string]string{"results.txt": "earlier results\n", "table.txt": "earlier table\n", "placements.svg": "<svg/>\n"}
	for name, text := range earlier {
		if err := os.WriteFile(filepath.Join(out, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	rc := benchMain(context.Background(), []string{"-bench", "NoSuchBenchmark", "-count", "1", "-out", out}, &stdout, &stderr)
	want := `results.txt: no benchmark results (with -bench "NoSuchBenchmark"); nothing written to ` + out
	if rc != 1 || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", rc, stderr.String(), want)
	}
	for name, text := range earlier {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(got) != text {
			t.Errorf("%s of the earlier run: %q, %v; want it unchanged, %q", name, got, err, text)
		}
	}
}

// TestBenchFrom reports on saved results: the header comes from their
// configuration lines, not from this machine.
func TestBenchFrom(t *testing.T) {
	in := "fencelab-arch: arm64-lse, EMULATED under qemu-aarch64-static -cpu max\n" +
		"fencelab-host-cpu: Some CPU (Vendor family 1 model 2, 64 logical cores)\n" +
		"fencelab-run: -count 6 -benchtime 100ms, vma at -cpu 1,2, go1.26.8 linux/amd64\n" +
		"atomicfence-impl: lse-static\natomicfence-cpu: unnamed CPU (ARM family 0 model 0, LSE, 2 logical cores)\ngoarch: arm64\n"
	for range 6 {
		in += "BenchmarkReadLock/mode=single/lock=inline-atomic-2 \t 100\t 5 ns/op\n" +
			"BenchmarkReadLock/mode=single/lock=acquire-2 \t 100\t 6 ns/op\n"
	}
	dir := t.TempDir()
	from := filepath.Join(dir, "saved.txt")
	if err := os.WriteFile(from, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report")
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-from", from, "-out", out}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	for _, want := range []string{
		"arch:           arm64-lse, EMULATED",
		"cpu:            Some CPU (Vendor family 1 model 2, 64 logical cores)",
		"emulated cpu:   unnamed CPU (ARM family 0 model 0, LSE, 2 logical cores)",
		"implementation: lse-static",
		"run:            -count 6 -benchtime 100ms",
		"  acquire        6.00 ± 0%    166.7M op/s    1.20×  (p=0.002 n=6)",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	if !strings.Contains(stdout.String(), "performance bars: not judged on an emulated run") || strings.Contains(stdout.String(), "StartRead+EndRead (acquire) ≤") {
		t.Errorf("bars judged on emulated results:\n%s", stdout.String())
	}
	// The same results from a native run are judged: 1.20 meets the 1.25 bar.
	native := strings.Replace(in, "arm64-lse, EMULATED under qemu-aarch64-static -cpu max", "arm64-lse, native", 1)
	if err := os.WriteFile(from, []byte(native), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if rc := benchMain(context.Background(), []string{"-from", from, "-out", out}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	if !strings.Contains(stdout.String(), "met           StartRead+EndRead (acquire) ≤ 1.25×") || strings.Contains(stdout.String(), "emulated cpu") {
		t.Errorf("a ratio of 1.20 does not meet the 1.25 bar:\n%s", stdout.String())
	}
	// Saved results without a load average, and steady: nothing to warn of.
	if !strings.Contains(stdout.String(), "load average:   unavailable\n") || strings.Contains(stdout.String(), "WARNING") {
		t.Errorf("steady results, no load average recorded:\n%s", stdout.String())
	}
	for _, f := range []string{"results.txt", "table.txt", "placements.svg"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	stderr.Reset()
	// A missing file is bad usage, refused before -out is made, as a
	// missing -pgo file is.
	if rc := benchMain(context.Background(), []string{"-from", filepath.Join(dir, "none.txt"), "-out", out}, &stdout, &stderr); rc != 2 ||
		!strings.Contains(stderr.String(), "fencelab bench: -from: stat ") {
		t.Errorf("-from a missing file: exit status %d, stderr %q", rc, stderr.String())
	}
	// A file without results fails the report, naming the file.
	stderr.Reset()
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, []byte("goarch: amd64\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc := benchMain(context.Background(), []string{"-from", empty, "-out", out}, &stdout, &stderr); rc != 1 ||
		stderr.String() != "fencelab bench: "+empty+": no benchmark results\n" {
		t.Errorf("-from a file without results: exit status %d, stderr %q", rc, stderr.String())
	}
}

// TestBenchReportWithoutBars: results that no bar uses (of a benchmark
// other than the module's) print no bars heading; a chart with nothing to
// draw is not written, and the report lists the files it wrote. The two
// reports go to one directory, and the second removes the chart that the
// first drew, which is not of its results.
func TestBenchReportWithoutBars(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		rows, chart, none string
	}{
		{"BenchmarkFake/place=a-2 \t 100\t 5 ns/op\nBenchmarkFake/place=b-2 \t 100\t 6 ns/op\n", "placements.svg", "primitives.svg"},
		{"BenchmarkPrimitive/op=Load/order=sync-atomic-2 \t 100\t 0.3 ns/op\n", "primitives.svg", "placements.svg"},
	} {
		var stdout bytes.Buffer
		o := &benchOptions{filter: ".", out: dir}
		if err := report([]byte(noisyRunHeader+strings.Repeat(tc.rows, 6)), o, "", &stdout); err != nil {
			t.Fatal(err)
		}
		out := stdout.String()
		if tc.chart == "placements.svg" && strings.Contains(out, "performance bars") {
			t.Errorf("a bars heading without bars:\n%s", out)
		}
		if want := "\nwritten to " + o.out + ": results.txt, table.txt, " + tc.chart + "\n"; !strings.HasSuffix(out, want) {
			t.Errorf("report does not end with %q:\n%s", want, out)
		}
		if _, err := os.Stat(filepath.Join(o.out, tc.none)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s written with nothing to chart: %v", tc.none, err)
		}
	}
}

// reportOn reports on the raw results of a run into a temporary
// directory, and returns what it printed and its options.
func reportOn(t *testing.T, raw string) (string, *benchOptions) {
	t.Helper()
	var stdout bytes.Buffer
	o := &benchOptions{filter: ".", out: t.TempDir()}
	if err := report([]byte(raw), o, "", &stdout); err != nil {
		t.Fatal(err)
	}
	return stdout.String(), o
}

// TestBenchReportTooShort: a run of too few rounds on a steady machine
// is headed "too short to judge", and its advice is more rounds, not a
// quieter machine alone.
func TestBenchReportTooShort(t *testing.T) {
	var raw strings.Builder
	raw.WriteString(noisyRunHeader)
	for range 3 {
		for _, l := range []string{"inline-atomic", "acquire", "rwmutex"} {
			fmt.Fprintf(&raw, "BenchmarkReadLock/mode=single/lock=%s \t 100\t 5 ns/op\n", l)
		}
	}
	out, _ := reportOn(t, raw.String())
	for _, want := range []string{"\nWARNING: this run was too short to judge:\n", "more rounds (-count 18; this run had 3)"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "too noisy to judge") {
		t.Errorf("a steady run of 3 rounds called too noisy:\n%s", out)
	}
}

// TestBenchChartPanelsFollowTheTable: each panel of the chart is a group
// of the table at its own GOMAXPROCS, each bar labelled with its own
// row's case, and the chart's notes carry the host's CPU and the run's
// configuration as the table's header does.
func TestBenchChartPanelsFollowTheTable(t *testing.T) {
	var in strings.Builder
	in.WriteString(noisyRunHeader)
	for range 6 {
		for _, suffix := range []string{"", "-4"} {
			fmt.Fprintf(&in, "BenchmarkX/case=a%s \t 100\t 5 ns/op\n", suffix)
			fmt.Fprintf(&in, "BenchmarkX/case=b%s \t 100\t 7 ns/op\n", suffix)
		}
	}
	rep, err := benchtable.Read(strings.NewReader(in.String()), "results.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := benchChart("t", rep, func(*benchtable.Group) bool { return true })
	var titles, labels []string
	for _, p := range c.Panels {
		titles = append(titles, p.Title)
		for _, b := range p.Bars {
			labels = append(labels, b.Label)
		}
	}
	if got, want := strings.Join(titles, "; "), "X  (GOMAXPROCS=1); X  (GOMAXPROCS=4)"; got != want {
		t.Errorf("panels %q, want %q", got, want)
	}
	if got, want := strings.Join(labels, " "), "a b a b"; got != want {
		t.Errorf("bar labels %q, want %q", got, want)
	}
	if len(c.Notes) < 3 || c.Notes[0] != "cpu: Some CPU (2 logical cores); implementation: amd64" ||
		c.Notes[2] != "run: -count 6 -benchtime 100ms, vma at -cpu 1,2, go1.26.8 linux/amd64" {
		t.Errorf("notes %q: want the host's CPU and implementation, then the run's configuration third", c.Notes)
	}
}

// TestBenchFromALongRun: -from reads a results file of many rounds whole,
// some megabytes: a run of 100 rounds of every benchmark is some ten.
func TestBenchFromALongRun(t *testing.T) {
	var raw strings.Builder
	raw.WriteString(noisyRunHeader)
	for raw.Len() < 4<<20 {
		raw.WriteString("BenchmarkX/case=a-2 \t 100\t 5 ns/op\nBenchmarkX/case=b-2 \t 100\t 7 ns/op\n")
	}
	from := filepath.Join(t.TempDir(), "results.txt")
	if err := os.WriteFile(from, []byte(raw.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-from", from, "-out", t.TempDir()}, &stdout, &stderr); rc != 0 {
		t.Fatalf("-from a %d-byte file: exit status %d\n%s", raw.Len(), rc, stderr.String())
	}
}

// TestBenchReportOfNoResultsKeepsTheEarlier: results without a benchmark
// line (a -bench that matched nothing) make no report, and the results of
// an earlier run in -out stay as they were.
func TestBenchReportOfNoResultsKeepsTheEarlier(t *testing.T) {
	o := &benchOptions{filter: "Nothing", out: t.TempDir()}
	earlier := []byte(noisyRunHeader + "BenchmarkX/case=a-2 \t 100\t 5 ns/op\n")
	path := filepath.Join(o.out, "results.txt")
	if err := os.WriteFile(path, earlier, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	err := report([]byte(noisyRunHeader), o, "", &stdout)
	if err == nil || !strings.Contains(err.Error(), "nothing written to "+o.out) {
		t.Errorf("report of no results: %v, want an error saying nothing was written", err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, earlier) {
		t.Errorf("results.txt after a report of no results: %q, %v; want the earlier %q", got, err, earlier)
	}
}

// noisyRunHeader is the configuration of the noisy runs below.
const noisyRunHeader = "fencelab-arch: amd64, native\nfencelab-host-cpu: Some CPU (2 logical cores)\n" +
	"fencelab-run: -count 6 -benchtime 100ms, vma at -cpu 1,2, go1.26.8 linux/amd64\n" +
	"atomicfence-impl: amd64\ngoarch: amd64\n"

// writeNoisyTwoCoreRound writes round i of the noisy runs' results of two
// goroutines: one round of each of the shared RWMutex and the distinct
// VMAs took twice as long, for intervals of ±120% and ±95%.
func writeNoisyTwoCoreRound(raw *strings.Builder, i int) {
	shared := []float64{10, 10, 10, 10, 22, 9.5}
	distinct := []float64{19.6, 19.6, 19.6, 19.6, 38.22, 19}
	fmt.Fprintf(raw, "BenchmarkReadLock/mode=shared/lock=rwmutex-2 \t 100\t %g ns/op\n", shared[i])
	fmt.Fprintf(raw, "BenchmarkReadLock/mode=distinct/lock=rwmutex-2 \t 100\t %g ns/op\n", 2.4)
	fmt.Fprintf(raw, "BenchmarkReadLock/mode=distinct/lock=acquire-2 \t 100\t %g ns/op\n", distinct[i])
}

// TestBenchReportNoisy reports on the results of a run on a loaded machine:
// the scaling bar's ratio of 0.51 would miss its 3× floor, but its results'
// intervals are far too wide to say so.
func TestBenchReportNoisy(t *testing.T) {
	var raw strings.Builder
	raw.WriteString(noisyRunHeader + benchenv.LoadLine("start", benchenv.Load{Avg: [3]float64{0.75, 0.5, 0.25}, CPUs: 2}))
	for i := range 6 {
		fmt.Fprintf(&raw, "BenchmarkReadLock/mode=single/lock=inline-atomic-2 \t 100\t %g ns/op\n", 5*(1+0.01*float64(i%3)))
		fmt.Fprintf(&raw, "BenchmarkReadLock/mode=single/lock=acquire-2 \t 100\t %g ns/op\n", 5.5*(1+0.01*float64(i%3)))
		writeNoisyTwoCoreRound(&raw, i)
	}
	raw.WriteString("PASS\n" + benchenv.LoadLine("end", benchenv.Load{Avg: [3]float64{3.5, 1.5, 0.5}, CPUs: 2}))

	out, o := reportOn(t, raw.String())
	for _, want := range []string{
		"load average:   0.75 0.50 0.25 at the start, 3.50 1.50 0.50 at the end, the run's own included (1, 5, 15 min; 2 CPUs)\n",
		"spread:         95% intervals: median ±1%, widest ±120% (ReadLock/mode=shared rwmutex at GOMAXPROCS=2); 2 of 5 results wider than ±15% or without an interval\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{
		"  met           StartRead+EndRead (acquire) ≤ 1.25× the same steps inline with sync/atomic: 1.10×",
		"  inconclusive  2 cores: read-locking distinct VMAs ≥ 3× the throughput of one shared sync.RWMutex: 0.51× (" +
			"ReadLock/mode=shared/lock=rwmutex over mode=distinct/lock=acquire, ns/op at GOMAXPROCS=2; intervals ±120% / ±95%: too noisy to judge)\n",
		"  inconclusive  2 cores: StartRead+EndRead on distinct VMAs ≤ 1.00× a sync.RWMutex per object: 8.17× (" +
			"ReadLock/mode=distinct acquire over rwmutex at GOMAXPROCS=2; intervals ±95% / ±0%: too noisy to judge)\n",
		"WARNING: this run was too noisy to judge:\n" +
			"  - 2 bars inconclusive for intervals wider than ±15%\n" +
			"  - load average 3.50 at the end of the run, above the 2 CPUs\n" +
			"  - widest interval ±120% (ReadLock/mode=shared rwmutex at GOMAXPROCS=2), beyond ±15%\n",
		"a quiet machine", "-count 18; this run had 6", "-benchtime 300ms", "-cpu 1,2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "MISSED") {
		t.Errorf("a bar missed on noise:\n%s", out)
	}
	table, err := os.ReadFile(filepath.Join(o.out, "table.txt"))
	if err != nil || string(table) != out {
		t.Errorf("table.txt is not the report: %v", err)
	}
}

// TestBenchReportNoisyPaired reports on a run as noisy as
// TestBenchReportNoisy's that also has the paired ratios of its two bars
// of two goroutines: those bars are judged on them, and the warning says
// that the noise left no bar undecided.
func TestBenchReportNoisyPaired(t *testing.T) {
	var raw strings.Builder
	raw.WriteString(noisyRunHeader)
	for i := range 6 {
		fmt.Fprintf(&raw, "BenchmarkReadLockPaired/mode=distinct/den=rwmutex/num=acquire-2 \t 100\t 30 ns/op\t %g ratio\n", 1.05*(1+0.01*float64(i%3)))
		fmt.Fprintf(&raw, "BenchmarkReadLockPaired/mode=scaling/den=distinct-acquire/num=shared-rwmutex-2 \t 100\t 30 ns/op\t %g ratio\n", 3.6*(1+0.01*float64(i%3)))
		writeNoisyTwoCoreRound(&raw, i)
	}
	out, o := reportOn(t, raw.String())
	for _, want := range []string{
		"  met           2 cores: read-locking distinct VMAs ≥ 3× the throughput of one shared sync.RWMutex: 3.64× (" +
			"ReadLockPaired/mode=scaling/den=distinct-acquire shared-rwmutex at GOMAXPROCS=2; paired, interval ±1%, 0 of 6 rounds below 3.00×, sign test p=0.031; " +
			"measured apart: 0.51× (intervals ±120% / ±95%))\n",
		"  MISSED        2 cores: StartRead+EndRead on distinct VMAs ≤ 1.00× a sync.RWMutex per object: 1.06× (" +
			"ReadLockPaired/mode=distinct/den=rwmutex acquire at GOMAXPROCS=2; paired, interval ±1%, 0 of 6 rounds below 1.00×, sign test p=0.031; " +
			"measured apart: 8.17× (intervals ±95% / ±0%))\n",
		"WARNING: this run was noisy, though not too noisy for its bars:\n" +
			"  - widest interval ±120% (ReadLock/mode=shared rwmutex at GOMAXPROCS=2), beyond ±15%\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\n  inconclusive") {
		t.Errorf("a bar left inconclusive despite its paired ratio:\n%s", out)
	}
	// A panel of the chart is a group of results compared with its first
	// case; a paired ratio is not.
	svg, err := os.ReadFile(filepath.Join(o.out, "placements.svg"))
	if err != nil || !bytes.Contains(svg, []byte("ReadLock/mode=distinct")) || bytes.Contains(svg, []byte("ReadLockPaired")) {
		t.Errorf("placements.svg: want the panels of ReadLock and none of ReadLockPaired (%v)", err)
	}
}

// TestBenchReportUnpairedNote: paired cases too short to report a ratio
// leave rows of ns/op, on which no bar is judged; the report says why,
// and a run whose paired cases reported their ratios says nothing of it.
func TestBenchReportUnpairedNote(t *testing.T) {
	const note = "NOTE: 1 group of ReadLockPaired reported no ratio"
	for _, unit := range []string{"", "\t 1.01 ratio"} {
		var raw strings.Builder
		raw.WriteString(noisyRunHeader)
		for range 6 {
			fmt.Fprintf(&raw, "BenchmarkReadLockPaired/mode=single/den=rwmutex/num=acquire-2 \t 100\t 30 ns/op%s\n", unit)
		}
		out, _ := reportOn(t, raw.String())
		if got := strings.Contains(out, note); got != (unit == "") {
			t.Errorf("paired cases with %q: the note %v, want %v:\n%s", unit, got, unit == "", out)
		}
	}
}

// emulatedArch names an architecture that this test binary runs under
// qemu, not natively.
func emulatedArch() string {
	if runtime.GOARCH == "arm64" {
		return "riscv64"
	}
	return "arm64"
}

// TestArchLine: an emulated run says that it measures nothing, and where
// the target's ordering is weaker than the x86 host's, that the host's
// hides it; 386's is the same as the host's. A native build with -tags
// purego runs the generic fallback, not the target's assembly.
func TestArchLine(t *testing.T) {
	host := target.Host()
	if got := archLine(host, "vmadebug,purego"); !strings.Contains(got, "generic sync/atomic fallback") || strings.Contains(got, host.Doc) {
		t.Errorf("%s -tags purego: %q", host.Name, got)
	}
	if got := archLine(host, "vmadebug"); !strings.HasSuffix(got, host.Doc) {
		t.Errorf("%s -tags vmadebug: %q, want its own %q", host.Name, got, host.Doc)
	}
	for _, c := range []struct {
		name string
		weak bool
	}{{"arm64", true}, {"riscv64", true}, {"386", false}} {
		tg, err := target.Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		line := archLine(tg, "")
		if !tg.Emulated() {
			if !strings.Contains(line, ", native: ") {
				t.Errorf("%s native: %q", c.name, line)
			}
			continue
		}
		if !strings.Contains(line, "EMULATED under "+tg.EmulatorLine()) || !strings.Contains(line, "NOT what it costs") {
			t.Errorf("%s emulated: %q", c.name, line)
		}
		if hides := strings.Contains(line, "strong ordering hides"); hides != c.weak {
			t.Errorf("%s emulated: %q says the host hides a weaker ordering: %v", c.name, line, hides)
		}
	}
}

// TestBenchChartIntervalsAndRatios: each bar carries its own row's interval
// and ratio to the first, in the panel's unit.
func TestBenchChartIntervalsAndRatios(t *testing.T) {
	var in strings.Builder
	for _, d := range []float64{-0.2, -0.1, 0, 0, 0.1, 0.2} {
		fmt.Fprintf(&in, "BenchmarkReadLock/mode=single/lock=inline-atomic-2 \t 100\t %g ns/op\n", 5+d)
		fmt.Fprintf(&in, "BenchmarkReadLock/mode=single/lock=acquire-2 \t 100\t %g ns/op\n", 6+d)
		fmt.Fprintf(&in, "BenchmarkReadLock/mode=single/lock=rwmutex-2 \t 100\t %g ns/op\n", 20+d)
	}
	rep, err := benchtable.Read(strings.NewReader(in.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	c := benchChart("placements", rep, func(*benchtable.Group) bool { return true })
	bars := c.Panels[0].Bars
	if len(bars) != 3 {
		t.Fatalf("bars: %+v", bars)
	}
	for i, want := range []struct {
		lo, value, hi float64
		note          string
	}{{4.8, 5, 5.2, ""}, {5.8, 6, 6.2, "1.20×"}, {19.8, 20, 20.2, "4.00×"}} {
		b := bars[i]
		if math.Abs(b.Lo-want.lo) > 1e-9 || math.Abs(b.Value-want.value) > 1e-9 || math.Abs(b.Hi-want.hi) > 1e-9 || b.Note != want.note {
			t.Errorf("bar %s: %g < %g < %g, note %q; want %g < %g < %g, %q", b.Label, b.Lo, b.Value, b.Hi, b.Note, want.lo, want.value, want.hi, want.note)
		}
	}
}

// TestBenchReportUnwritable: a report that cannot be written fails the
// command.
func TestBenchReportUnwritable(t *testing.T) {
	in := "fencelab-arch: amd64, native\n"
	for range 6 {
		in += "BenchmarkReadLock/mode=single/lock=inline-atomic-2 \t 100\t 5 ns/op\n"
	}
	dir := t.TempDir()
	from := filepath.Join(dir, "saved.txt")
	if err := os.WriteFile(from, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report")
	if err := os.MkdirAll(filepath.Join(out, "table.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-from", from, "-out", out}, &stdout, &stderr); rc != 1 || !strings.Contains(stderr.String(), "table.txt") {
		t.Errorf("table.txt a directory: exit status %d, stderr %q; want 1 and the error", rc, stderr.String())
	}
	// A chart of an earlier run that this one does not draw, and cannot
	// remove, is an error too: it would sit beside results it was not
	// drawn from.
	out = filepath.Join(dir, "stale")
	if err := os.MkdirAll(filepath.Join(out, "primitives.svg", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if rc := benchMain(context.Background(), []string{"-from", from, "-out", out}, &stdout, &stderr); rc != 1 || !strings.Contains(stderr.String(), "primitives.svg") {
		t.Errorf("an earlier chart that cannot be removed: exit status %d, stderr %q; want 1 and the error", rc, stderr.String())
	}
}

// TestBenchChartFiles: the primitives have a chart of their own, and the
// placements' chart holds none of them.
func TestBenchChartFiles(t *testing.T) {
	raw := noisyRunHeader
	for range 6 {
		raw += "BenchmarkPrimitive/op=Load/order=sync-atomic-2 \t 100\t 0.3 ns/op\n" +
			"BenchmarkPrimitive/op=Load/order=acquire-2 \t 100\t 0.3 ns/op\n" +
			"BenchmarkReadLock/mode=single/lock=inline-atomic-2 \t 100\t 5 ns/op\n"
	}
	_, o := reportOn(t, raw)
	placements, err := os.ReadFile(filepath.Join(o.out, "placements.svg"))
	if err != nil || !bytes.Contains(placements, []byte("ReadLock/mode=single")) || bytes.Contains(placements, []byte("Primitive/")) {
		t.Errorf("placements.svg: want ReadLock and no primitive (%v)", err)
	}
	primitives, err := os.ReadFile(filepath.Join(o.out, "primitives.svg"))
	if err != nil || !bytes.Contains(primitives, []byte("Primitive/op=Load")) || bytes.Contains(primitives, []byte("ReadLock/")) {
		t.Errorf("primitives.svg: want the primitives alone (%v)", err)
	}
}

// The advice for a noisy run doubles the rounds that the run had: the
// samples of the results that have most, not those of a paired ratio that
// kept fewer.
func TestNoiseWarningCounts(t *testing.T) {
	var b bytes.Buffer
	writeNoiseWarning(&b, benchbars.Noise{Results: 1, Wide: 1, Widest: "X a at GOMAXPROCS=2", WidestSpread: 40, MedianSpread: 40, FewestSamples: 1, MostSamples: 12})
	if !strings.Contains(b.String(), "(-count 24; this run had 12)") {
		t.Errorf("warning:\n%s", b.String())
	}
}
