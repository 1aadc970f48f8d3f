//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/target"
)

// fakeGo puts a go command first on PATH whose builds make, instead of
// test binaries, scripts that log their arguments and working directory
// to the returned file, write the CPU profile that -test.cpuprofile names,
// and print two results of a benchmark. go list names the returned file's
// directory as every package's. The failAt'th run of a binary (counting
// from 1 over both suites; 0 for none) fails instead.
func fakeGo(t *testing.T, failAt int) (log string) {
	t.Helper()
	needsGoCommand(t)
	dir := t.TempDir()
	log = filepath.Join(dir, "log")
	bin := `#!/bin/sh
echo "run $(basename "$0") $* in $(pwd)" >>"` + log + `"
prev=
for a in "$@"; do
	if [ "$prev" = -test.cpuprofile ]; then echo profile >"$a"; fi
	prev=$a
done
if [ "$(grep -c '^run ' "` + log + `")" = "` + strconv.Itoa(failAt) + `" ]; then
	echo "benchmark binary failed" >&2
	exit 1
fi
printf 'BenchmarkFake/place=a-2 \t 100\t 5 ns/op\n'
printf 'BenchmarkFake/place=b-2 \t 100\t 6 ns/op\n'
`
	// go list -deps lists the packages whose build constraints -tags is
	// checked against: the real go command, on the PATH of before,
	// answers it.
	goScript := "#!/bin/sh\n" +
		`echo "go $*" >>"` + log + "\"\n" +
		`case "$1 $2" in` + "\n" +
		`"list -deps") PATH='` + os.Getenv("PATH") + `' exec go "$@" ;;` + "\n" +
		`list*) echo "` + dir + "\" ;;\n" +
		`test*) echo "env GOOS=$GOOS GOARCH=$GOARCH GOARM64=$GOARM64" >>"` + log + "\"\n" +
		`cat >"$4" <<'EOF'` + "\n" + bin + "EOF\n" +
		`chmod +x "$4" ;;` + "\n" +
		"esac\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(goScript), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

// TestBenchRunsWhatTheFlagsSay: -count rounds of each suite, each run with
// the -bench, -benchtime and (vma alone) -cpu given, built with -tags; the
// run line of the report says the same.
func TestBenchRunsWhatTheFlagsSay(t *testing.T) {
	log := fakeGo(t, 0)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-bench", "Fake", "-count", "3", "-benchtime", "7x", "-cpu", "3", "-tags", "vmadebug", "-funcalign", "64", "-out", out}
	if rc := benchMain(context.Background(), args, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d:\n%s%s", rc, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var builds int
	runs := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		switch f := strings.Fields(line); f[0] {
		case "go":
			if f[1] == "test" {
				builds++
				if !strings.Contains(line, " -tags vmadebug ") {
					t.Errorf("built without -tags vmadebug: %s", line)
				}
				if !strings.Contains(line, " -ldflags=-funcalign=64 ") {
					t.Errorf("built without -funcalign 64: %s", line)
				}
			}
		case "run":
			runs[f[1]]++
			for _, want := range []string{"-test.bench=Fake", "-test.benchtime=7x", "-test.count=1"} {
				if !strings.Contains(line, " "+want) {
					t.Errorf("run without %s: %s", want, line)
				}
			}
			if cpu := strings.Contains(line, " -test.cpu=3"); cpu != (f[1] == "vma.test") {
				t.Errorf("-cpu 3 is for the vma benchmarks alone: %s", line)
			}
			if !strings.HasSuffix(line, " in "+filepath.Dir(log)) {
				t.Errorf("not run in the package's directory: %s", line)
			}
		}
	}
	if builds != 2 || runs["atomicfence.test"] != 3 || runs["vma.test"] != 3 {
		t.Errorf("%d builds, runs %v; want 2 builds and -count 3 runs of each suite:\n%s", builds, runs, b)
	}
	if want := "run:            -bench Fake -count 3 -benchtime 7x, vma at -cpu 3, -tags vmadebug, -funcalign 64, built with go"; !strings.Contains(stdout.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, stdout.String())
	}
	raw, err := os.ReadFile(filepath.Join(out, "results.txt"))
	if err != nil || strings.Count(string(raw), "BenchmarkFake/place=a-2") != 6 {
		t.Errorf("results.txt: %v\n%s", err, raw)
	}
}

// TestBenchFailedRun: a benchmark binary that fails, in the first round or
// a later one, fails the command with its output. A failure in the first
// round writes nothing, and the files of an earlier run in -out stay as
// they were; one in the second round reports on the first, whose results
// alone replace the earlier ones.
func TestBenchFailedRun(t *testing.T) {
	for _, failAt := range []int{1, 3} {
		fakeGo(t, failAt)
		out := t.TempDir()
		earlier := []byte("earlier results\n")
		if err := os.WriteFile(filepath.Join(out, "results.txt"), earlier, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		rc := benchMain(context.Background(), []string{"-count", "2", "-cpu", "1", "-out", out}, &stdout, &stderr)
		if rc != 1 || !strings.Contains(stderr.String(), "benchmarks: exit status 1") || !strings.Contains(stderr.String(), "benchmark binary failed") {
			t.Errorf("run %d failing: exit status %d, stderr %q; want 1 and the failure", failAt, rc, stderr.String())
		}
		raw, err := os.ReadFile(filepath.Join(out, "results.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if failAt == 1 {
			if !bytes.Equal(raw, earlier) || stdout.Len() != 0 || !strings.Contains(stderr.String(), "nothing written to "+out) {
				t.Errorf("failing in the first round: results.txt %q, stdout %q, stderr %q; want the earlier results, no report, and that nothing was written", raw, stdout.String(), stderr.String())
			}
			continue
		}
		if n := strings.Count(string(raw), "BenchmarkFake/place=a-2"); n != 2 {
			t.Errorf("failing in the second round: %d results of a case in results.txt, want the first round's 2:\n%s", n, raw)
		}
		if !strings.Contains(stdout.String(), "FAILED in round 2 of 2: the statistics use the 1 before it") {
			t.Errorf("failing in the second round: the report does not say so:\n%s", stdout.String())
		}
	}
}

// TestBenchRunLabelsAndFiles: a run makes an -out that does not exist
// yet; it builds with a profile of the user's (-pgo FILE), names it in the
// run line and does not list it among the files written to -out, where it
// is not. The header of results.txt says that -tags purego ran the
// generic fallback, which toolchain on which machine built the suites,
// and the load average at the start and end of the run. Each run of a
// suite runs its benchmarks alone, with a time limit.
func TestBenchRunLabelsAndFiles(t *testing.T) {
	log := fakeGo(t, 0)
	tmp := t.TempDir()
	pgo := filepath.Join(tmp, "default.pgo")
	if err := os.WriteFile(pgo, []byte("profile\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "new", "report")
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-count", "1", "-cpu", "1", "-tags", "purego", "-pgo", pgo, "-out", out}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d:\n%s%s", rc, stdout.String(), stderr.String())
	}
	for _, want := range []string{
		", -tags purego, -pgo default.pgo, built with " + runtime.Version() + " on " + runtime.GOOS + "/" + runtime.GOARCH + "\n",
		"\nwritten to " + out + ": results.txt, table.txt, placements.svg\n",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, "results.txt"))
	if err != nil {
		t.Fatal(err)
	}
	wants := []string{archKey + ": " + target.Host().Name + ", native: the generic sync/atomic fallback (-tags purego)"}
	if _, err := os.Stat("/proc/loadavg"); err == nil {
		wants = append(wants, "Load average at the start of the run: ", "Load average at the end of the run: ")
	}
	for _, want := range wants {
		if !strings.Contains(string(raw), want) {
			t.Errorf("results.txt lacks %q:\n%s", want, raw)
		}
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if strings.HasPrefix(line, "run ") && (!strings.Contains(line, " -test.run=^$ ") || !strings.Contains(line, " -test.timeout=20m0s")) {
			t.Errorf("a run that does not run its benchmarks alone, with a time limit: %s", line)
		}
	}
}

// TestBuildSuiteForTheTarget: a suite is built for the target that -arch
// names, not for the host: arm64-lse is GOARCH=arm64 with GOARM64=v8.1,
// for linux, where qemu-user runs it.
func TestBuildSuiteForTheTarget(t *testing.T) {
	log := fakeGo(t, 0)
	tg, err := target.Lookup("arm64-lse")
	if err != nil {
		t.Fatal(err)
	}
	s := &benchSuite{name: "vma", pkg: "github.com/atomicfence/atomicfence/vma"}
	if err := buildSuite(context.Background(), &benchOptions{target: tg}, s, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if want := "env GOOS=linux GOARCH=arm64 GOARM64=v8.1\n"; !strings.Contains(string(b), want) {
		t.Errorf("the build's environment is not %q:\n%s", want, b)
	}
}

// TestBenchPGOKeptWithTheReport: a -pgo bench run whose first round
// fails writes nothing into -out, not even the profile it took: the
// bench.pgo of an earlier run stays as it was.
func TestBenchPGOKeptWithTheReport(t *testing.T) {
	fakeGo(t, 2) // the profiling run is the first, the first round's the second
	out := t.TempDir()
	kept := filepath.Join(out, "bench.pgo")
	if err := os.WriteFile(kept, []byte("OLD\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-pgo", "bench", "-count", "1", "-cpu", "1", "-out", out}, &stdout, &stderr); rc != 1 {
		t.Errorf("exit status %d, want 1:\n%s%s", rc, stdout.String(), stderr.String())
	}
	if p, err := os.ReadFile(kept); err != nil || string(p) != "OLD\n" {
		t.Errorf("bench.pgo after a run that reported nothing: %q, %v; want the earlier run's", p, err)
	}
}

// TestBenchOutNotWritable: an -out directory where no file can be written
// (here /proc, where not even root can make one) is refused before
// anything is built or run, where the run would otherwise be lost at its
// end; and so is verify's -o.
func TestBenchOutNotWritable(t *testing.T) {
	const out = "/proc"
	if fi, err := os.Stat(out); err != nil || !fi.IsDir() {
		t.Skip("no /proc here")
	}
	log := fakeGo(t, 0)
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-count", "1", "-cpu", "1", "-out", out}, &stdout, &stderr); rc != 1 ||
		!strings.Contains(stderr.String(), "-out "+out+": no file can be written there") {
		t.Errorf("exit status %d, stderr %q; want 1 and the refusal", rc, stderr.String())
	}
	if b, err := os.ReadFile(log); err == nil && strings.Contains(string(b), "go test ") {
		t.Errorf("built before refusing -out:\n%s", b)
	}
	stderr.Reset()
	if rc := verifyMain(context.Background(), []string{"-o", out}, &stdout, &stderr); rc != 2 ||
		!strings.Contains(stderr.String(), "-o "+out+": no file can be written there") {
		t.Errorf("verify -o %s: exit status %d, stderr %q; want 2 and the refusal", out, rc, stderr.String())
	}
}

// TestBenchInterruptedAfterARound: a Ctrl-C once a round has finished
// reports on the finished rounds and says so, keeps their results alone,
// and exits 130, not 0: a script that runs it must not take it for a whole
// run, nor a report on one round for a failure.
func TestBenchInterruptedAfterARound(t *testing.T) {
	fakeGo(t, 0)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout bytes.Buffer
	stderr := &cancelAt{at: "round 2/3", cancel: cancel}
	rc := benchMain(ctx, []string{"-count", "3", "-cpu", "1", "-out", out}, &stdout, stderr)
	if rc != interruptedStatus {
		t.Errorf("exit status %d, want %d", rc, interruptedStatus)
	}
	if want := "INTERRUPTED after 1 of 3 rounds: the statistics use those"; !strings.Contains(stdout.String(), want) {
		t.Errorf("the report does not say %q:\n%s", want, stdout.String())
	}
	if strings.Contains(stdout.String(), "FAILED") || strings.Contains(stderr.String(), "fencelab bench:") {
		t.Errorf("an interrupted run reported as failed:\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	raw, err := os.ReadFile(filepath.Join(out, "results.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), "BenchmarkFake/place=a-2"); n != 2 {
		t.Errorf("%d results of a case in results.txt, want the first round's 2 (one a suite):\n%s", n, raw)
	}
	// The report made again from the results says the same.
	stdout.Reset()
	if rc := benchMain(context.Background(), []string{"-from", filepath.Join(out, "results.txt"), "-out", t.TempDir()}, &stdout, io.Discard); rc != 0 {
		t.Fatalf("-from: exit status %d", rc)
	}
	if want := "INTERRUPTED after 1 of 3 rounds: the statistics use those"; !strings.Contains(stdout.String(), want) {
		t.Errorf("the report made with -from does not say %q:\n%s", want, stdout.String())
	}
}

// TestBenchProfilesForPGO: -pgo bench first builds the vma benchmarks
// without a profile and runs the one-goroutine read locks once in the
// package's directory with a CPU profile, builds both suites with it,
// keeps it as bench.pgo in -out beside the report, and says so there.
func TestBenchProfilesForPGO(t *testing.T) {
	log := fakeGo(t, 0)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-pgo", "bench", "-count", "1", "-cpu", "1", "-out", out}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d:\n%s%s", rc, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var builds []string
	for _, line := range lines {
		if strings.HasPrefix(line, "go test ") {
			builds = append(builds, line)
		}
	}
	kept := filepath.Join(out, "bench.pgo")
	if len(builds) != 3 || strings.Contains(builds[0], "-pgo") || !strings.Contains(builds[0], "/vma-profile.test ") {
		t.Fatalf("want the profiled vma build first, without -pgo, then the two suites:\n%s", b)
	}
	var profile string
	for _, line := range lines {
		if _, p, ok := strings.Cut(line, " -test.cpuprofile "); ok {
			profile, _, _ = strings.Cut(p, " ")
		}
	}
	for _, line := range builds[1:] {
		if profile == "" || !strings.Contains(line, " -pgo="+profile+" ") {
			t.Errorf("built without -pgo=%s, the profile taken: %s", profile, line)
		}
	}
	var profiled bool
	for _, line := range lines {
		if strings.HasPrefix(line, "run vma-profile.test ") {
			profiled = true
			for _, want := range []string{" -test.bench ReadLock/mode=single ", " -test.cpu 1 ", " -test.cpuprofile ", " in " + filepath.Dir(log)} {
				if !strings.Contains(line, want) {
					t.Errorf("the profiling run lacks %q: %s", want, line)
				}
			}
		}
	}
	if !profiled {
		t.Errorf("no profiling run:\n%s", b)
	}
	if p, err := os.ReadFile(kept); err != nil || string(p) != "profile\n" {
		t.Errorf("bench.pgo: %q, %v; want the profile the run wrote", p, err)
	}
	for _, want := range []string{", -pgo bench.pgo (a profile of these read-lock benchmarks), ", "written to " + out + ": results.txt, table.txt, bench.pgo"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestRunSuite: a round's results go to the raw output in full, each
// result line (a name, then a tab) counted for the progress line and the
// next round's estimate; a binary that fails reports its last 40 lines
// of output and its stderr. The binary runs in the suite's directory.
func TestRunSuite(t *testing.T) {
	needsGoCommand(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake.test")
	script := "#!/bin/sh\n" +
		"echo \"dir $(pwd)\"\n" +
		"printf 'BenchmarkA-2 \\t 100\\t 5 ns/op\\n'\n" +
		"echo 'BenchmarkB has no tab: a log line'\n" +
		"printf 'BenchmarkC-2 \\t 100\\t 6 ns/op\\n'\n" +
		"if [ -n \"$FAIL\" ]; then i=1; while [ $i -le 50 ]; do echo \"line $i\"; i=$((i+1)); done; echo oops >&2; exit 3; fi\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &benchSuite{name: "fake", dir: dir, bin: bin}
	o := &benchOptions{filter: ".", benchtime: "1x"}
	var raw bytes.Buffer
	var seen []int
	if err := runSuite(context.Background(), o, s, nil, &raw, func(n int) { seen = append(seen, n) }); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(raw.String(), "dir "+dir+"\n") || strings.Count(raw.String(), "\n") != 4 {
		t.Errorf("raw output %q: want every line, the first naming %s", raw.String(), dir)
	}
	if !slices.Equal(seen, []int{1, 2}) || s.results != 2 {
		t.Errorf("progress %v, results %d; want 1, 2 and 2", seen, s.results)
	}
	t.Setenv("FAIL", "1")
	err := runSuite(context.Background(), o, s, nil, &raw, func(int) {})
	if err == nil {
		t.Fatal("a failing binary: no error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "fake benchmarks: exit status 3\n") || !strings.Contains(msg, "\nline 11\n") || strings.Contains(msg, "line 10\n") ||
		!strings.HasSuffix(msg, "\nline 50oops\n") {
		t.Errorf("error %q: want the exit status, lines 11 to 50 and stderr", msg)
	}
}

// TestRoundsKeepFinishedOnly: a round that fails or is interrupted part
// way leaves none of its lines in the results, whose statistics use the
// rounds that finished; the first round's suites ran whole, the second
// round's first suite printed a result and failed.
func TestRoundsKeepFinishedOnly(t *testing.T) {
	needsGoCommand(t)
	dir := t.TempDir()
	// The stand-in for a benchmark binary, "$0" (the suite's binary, a
	// file that marks its first run), prints one result per run and fails
	// its second run after it.
	script := `printf 'BenchmarkA/case=%s-2 \t 10\t 1 ns/op\n' "$(basename "$0")"
if [ -e "$0" ]; then exit 1; fi
: > "$0"`
	runner := []string{"sh", "-c", script}
	suites := []*benchSuite{
		{name: "one", dir: dir, bin: filepath.Join(dir, "one")},
		{name: "two", dir: dir, bin: filepath.Join(dir, "two")},
	}
	o := &benchOptions{count: 3, filter: ".", benchtime: "1x"}
	var raw bytes.Buffer
	raw.WriteString("header\n")
	rounds, err := runRounds(context.Background(), o, suites, runner, &raw, newBenchProgress(io.Discard))
	if rounds != 1 || err == nil || !strings.Contains(err.Error(), "one benchmarks: exit status 1") {
		t.Fatalf("rounds %d, error %v; want 1 and the first suite's failure", rounds, err)
	}
	want := "header\nBenchmarkA/case=one-2 \t 10\t 1 ns/op\nBenchmarkA/case=two-2 \t 10\t 1 ns/op\n"
	if raw.String() != want {
		t.Errorf("results\n%q\nwant the first round's alone\n%q", raw.String(), want)
	}
}

// TestBenchLoadsAroundTheRun: the load average at the start is read before
// the benchmarks run and the one at the end after the last of them, and
// both reach the report, the end's above the CPUs as a warning.
func TestBenchLoadsAroundTheRun(t *testing.T) {
	log := fakeGo(t, 0)
	// Each reading is 1.5 for each benchmark binary run so far, plus 0.25.
	defer func(f func() benchenv.Load) { readLoad = f }(readLoad)
	readLoad = func() benchenv.Load {
		b, err := os.ReadFile(log)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		runs := strings.Count("\n"+string(b), "\nrun ")
		return benchenv.Load{Avg: [3]float64{1.5*float64(runs) + 0.25, 0.5, 0.25}, CPUs: 2}
	}
	var stdout, stderr bytes.Buffer
	if rc := benchMain(context.Background(), []string{"-count", "1", "-cpu", "1", "-out", t.TempDir()}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d:\n%s%s", rc, stdout.String(), stderr.String())
	}
	for _, want := range []string{
		"load average:   0.25 0.50 0.25 at the start, 3.25 0.50 0.25 at the end, the run's own included (1, 5, 15 min; 2 CPUs)\n",
		"load average 3.25 at the end of the run, above the 2 CPUs",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
}
