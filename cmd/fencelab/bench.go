package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/benchbars"
	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
	"github.com/atomicfence/atomicfence/internal/chart"
	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/readlimit"
	"github.com/atomicfence/atomicfence/internal/target"
)

const benchUsage = `usage: fencelab bench [flags]

Runs the benchmarks of package atomicfence (every primitive beside its
sync/atomic equivalent; "increment, then read two sequence words" under
each fence placement) and of package vma (the VMA read lock per placement
beside sync.RWMutex and the mmap lock; the two sides of each read-lock bar
timed alternately, as a paired ratio; lookup and lock; pft-style fault
throughput) -count times, in interleaved rounds. It then prints, for each
group of benchmarks, every case against the group's first case with
benchstat's statistics (median, 95% confidence interval, Mann-Whitney U
test), the CPU and the implementation, the load average at the start and
end of the run, and the module's performance bars: each met, MISSED, or
inconclusive where the run cannot tell (fewer than 6 rounds, a 95% interval
wider than ±15%, or a ratio not significantly different from its limit;
a read-lock bar is judged on its paired ratio where the run has it),
with a warning and what to change when the run was too noisy; and writes
the raw results, the table and SVG charts into -out.

arm64 and arm64-lse run under qemu-aarch64-static, riscv64 under
qemu-riscv64-static, loong64 under qemu-loongarch64-static, ppc64le under
qemu-ppc64le-static: their output is labelled EMULATED. It shows that the
suite runs on that code, not what it costs. 386 runs natively where the
kernel runs 32-bit binaries, and under qemu-i386-static elsewhere.

Exit status: 0 when the report was written, whatever its bars say (a missed
or inconclusive bar is a finding of the run, not a failure of it), 1 when
the benchmarks could not be built or run or the report not written, 2 on
bad usage: a flag or value that does not exist, or a -from or -pgo file
that does not, 130 when interrupted (Ctrl-C, SIGTERM). A run that fails or
is interrupted reports on the rounds that finished, if one did; if none
did, it writes nothing into -out, whose files stay as an earlier run left
them.

`

// benchOptions are the flags of fencelab bench.
type benchOptions struct {
	filter    string
	count     int
	benchtime string
	out       string
	target    target.Target
	cpu       string
	tags      string
	pgo       string
	// profiled is the profile that -pgo bench took, in the run's work
	// directory: the report keeps it as bench.pgo beside itself.
	profiled  string
	funcAlign int
	from      string
}

// benchSuite is one package's benchmarks.
type benchSuite struct {
	name string // as printed: atomicfence, vma
	pkg  string
	cpu  string // -test.cpu; "" for GOMAXPROCS
	dir  string // the package directory, where the binary runs
	bin  string
	// results counts the result lines of the last round, for the progress
	// estimate.
	results int
}

func benchMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseBenchFlags(args, usageOut(args, stdout, stderr))
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "fencelab bench:", err)
		return 2
	}
	err = bench(ctx, o, stdout, stderr)
	if ctx.Err() != nil {
		if err != nil {
			fmt.Fprintln(stderr, "fencelab bench: interrupted:", err)
		}
		return interruptedStatus
	}
	if err != nil {
		fmt.Fprintln(stderr, "fencelab bench:", err)
		return 1
	}
	return 0
}

func parseBenchFlags(args []string, usage io.Writer) (*benchOptions, error) {
	fs := newFlagSet("bench", benchUsage, usage)
	o := &benchOptions{}
	fs.StringVar(&o.filter, "bench", ".", "run only the benchmarks that match this regular expression, as go test -bench")
	fs.StringVar(&o.filter, "filter", ".", "the same as -bench")
	fs.IntVar(&o.count, "count", 6, "rounds: the samples of each benchmark (6 or more for a confidence interval)")
	fs.StringVar(&o.benchtime, "benchtime", "100ms", "time (or Nx iterations) per benchmark per round, as go test -benchtime")
	fs.StringVar(&o.out, "out", "out", "directory for results.txt, table.txt, placements.svg and primitives.svg (and bench.pgo, the profile of -pgo bench)")
	arch := fs.String("arch", target.Host().Name, "architecture: "+target.Names()+" (the host's natively, 386 natively where the kernel runs 32-bit binaries, the others under qemu, EMULATED)")
	fs.StringVar(&o.cpu, "cpu", defaultBenchCPU(), "GOMAXPROCS values for the vma benchmarks, as go test -cpu")
	fs.StringVar(&o.tags, "tags", "", "build tags, e.g. purego for the sync/atomic fallback, vmadebug")
	fs.StringVar(&o.pgo, "pgo", "", "build the benchmarks with this CPU profile (profile-guided optimisation), e.g. one that go test -bench ReadLock -cpuprofile FILE ./vma wrote; \"bench\" profiles the read-lock benchmarks first, uses that, and keeps it as bench.pgo beside the results")
	fs.IntVar(&o.funcAlign, "funcalign", 0, "link the benchmarks with every function starting on an N-byte boundary, a power of two from 16 to 256 (the linker's -funcalign), so that a change elsewhere in the binary cannot move a function's code against the cache lines and with it the ratios; 0 keeps the linker's alignment (32 bytes on amd64), the one programs get")
	fs.StringVar(&o.from, "from", "", "report on the results.txt of an earlier run instead of running the benchmarks (only -out goes with it)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["bench"] && set["filter"] {
		return nil, errors.New("-bench and -filter are the same flag: give one")
	}
	if o.from != "" {
		// The report comes from the saved results alone: a flag of a run
		// would be ignored.
		for _, name := range []string{"bench", "filter", "count", "benchtime", "arch", "cpu", "tags", "pgo", "funcalign"} {
			if set[name] {
				return nil, fmt.Errorf("-%s sets up a run of the benchmarks: -from reports on saved results without one (only -out goes with it)", name)
			}
		}
	}
	if o.out == "" {
		return nil, errors.New("-out: want a directory for the results")
	}
	t, err := target.Lookup(*arch)
	if err != nil {
		return nil, err
	}
	o.target = t
	if o.count < 1 {
		return nil, fmt.Errorf("-count %d: want at least 1", o.count)
	}
	if o.filter == "" {
		return nil, errors.New(`-bench "": go test runs no benchmark for an empty pattern; give one, or leave -bench out for all`)
	}
	if _, err := regexp.Compile(o.filter); err != nil {
		return nil, fmt.Errorf("-bench: %v", err)
	}
	if err := checkBenchtime(o.benchtime); err != nil {
		return nil, err
	}
	if o.pgo == pgoBench && o.target.Emulated() {
		return nil, fmt.Errorf("-pgo bench: a profile of an emulated run says nothing of the target's hot paths")
	}
	if o.pgo != "" && o.pgo != pgoBench {
		if err := isFile(o.pgo); err != nil {
			return nil, fmt.Errorf("-pgo: %v", err)
		}
	}
	if o.from != "" {
		if err := isFile(o.from); err != nil {
			return nil, fmt.Errorf("-from: %v", err)
		}
	}
	seen := map[int]bool{}
	for _, c := range strings.Split(o.cpu, ",") {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-cpu %q: want a comma-separated list of positive numbers", o.cpu)
		}
		// go test runs a benchmark once for each value, under the same
		// name for the same one: each round would count twice.
		if seen[n] {
			return nil, fmt.Errorf("-cpu %q: %d twice; each round would sample its results twice", o.cpu, n)
		}
		seen[n] = true
	}
	if _, err := disasm.SplitTags(context.Background(), o.tags); err != nil {
		return nil, fmt.Errorf("-tags: %w", err)
	}
	if a := o.funcAlign; a != 0 && (a < minFuncAlign || a > maxFuncAlign || a&(a-1) != 0) {
		return nil, fmt.Errorf("-funcalign %d: want 0 or a power of two from %d to %d", a, minFuncAlign, maxFuncAlign)
	}
	return o, nil
}

// The alignments that -funcalign takes, powers of two as the linker
// wants: from a quarter of a 64-byte cache line to four lines.
const (
	minFuncAlign = 16
	maxFuncAlign = 256
)

// isFile refuses a path that does not exist or names a directory, where a
// flag wants a file to read.
func isFile(name string) error {
	fi, err := os.Stat(name)
	if err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory, not a file", name)
	}
	return err
}

// defaultBenchCPU is "1,2,…,N" on an N-core machine: the page-fault and
// read-lock benchmarks at every GOMAXPROCS from one goroutine to every
// core, so that each lock's scaling shows step by step (-cpu picks fewer).
func defaultBenchCPU() string {
	procs := make([]string, runtime.NumCPU())
	for i := range procs {
		procs[i] = strconv.Itoa(i + 1)
	}
	return strings.Join(procs, ",")
}

func checkBenchtime(s string) error {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 {
			return nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return nil
	}
	return fmt.Errorf("-benchtime %q: want a duration such as 100ms or a count such as 1000x", s)
}

// readLoad reads the machine's load average before and after a run; a
// test stands in for it to see when each is taken.
var readLoad = benchenv.ReadLoad

func bench(ctx context.Context, o *benchOptions, stdout, stderr io.Writer) error {
	if o.from != "" {
		raw, err := readResults(o.from)
		if err != nil {
			return err
		}
		if err := writableDir("-out", o.out); err != nil {
			return err
		}
		return report(raw, o, findStopped(raw), stdout)
	}
	// Before building, which loads the machine too.
	startLoad := readLoad()
	suites := []*benchSuite{
		{name: "atomicfence", pkg: "github.com/atomicfence/atomicfence"},
		{name: "vma", pkg: "github.com/atomicfence/atomicfence/vma", cpu: o.cpu},
	}
	// Before the run, which a directory that cannot take its files would
	// waste.
	if err := writableDir("-out", o.out); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "fencelab-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	runner, err := o.target.Runner()
	if err != nil {
		return err
	}
	p := newBenchProgress(stderr)
	if o.pgo == pgoBench {
		p.show("profiling the read-lock benchmarks for -pgo bench")
		prof, err := profileReadLocks(ctx, o, work)
		if err != nil {
			p.done()
			return err
		}
		o.pgo, o.profiled = prof, prof
	}
	for _, s := range suites {
		p.show("building the %s benchmarks for %s", s.name, o.target.Name)
		if err := buildSuite(ctx, o, s, work); err != nil {
			p.done()
			return err
		}
	}

	var raw bytes.Buffer
	writeRawHeader(&raw, o)
	raw.WriteString(benchenv.LoadLine("start", startLoad))
	rounds, err := runRounds(ctx, o, suites, runner, &raw, p)
	p.done()
	raw.WriteString(benchenv.LoadLine("end", readLoad()))
	// A run that fails, or is interrupted, before its first round ends
	// writes nothing: the files of the run before stay as they were. One
	// stopped later reports on the rounds that finished, and a failure
	// still fails the command.
	if rounds == 0 {
		return fmt.Errorf("%s\nnothing written to %s", strings.TrimRight(err.Error(), "\n"), o.out)
	}
	stopped := ""
	switch {
	case err == nil:
	case ctx.Err() != nil:
		stopped = fmt.Sprintf("INTERRUPTED after %d of %d rounds: the statistics use those", rounds, o.count)
		err = nil
	default:
		stopped = fmt.Sprintf("FAILED in round %d of %d: the statistics use the %d before it", rounds+1, o.count, rounds)
	}
	if stopped != "" {
		// So that -from reports the run as it was.
		raw.WriteString(stopLinePrefix + stopped + "\n")
	}
	if rerr := report(raw.Bytes(), o, stopped, stdout); rerr != nil {
		return rerr
	}
	return err
}

// stopLinePrefix starts the line that records in the raw results why a
// run stopped early, on a line of its own that is no configuration line
// (see benchenv.LoadLine).
const stopLinePrefix = "Run stopped early: "

// findStopped returns what the raw results record of an early stop, or "".
func findStopped(raw []byte) string {
	for line := range bytes.Lines(raw) {
		if v, ok := bytes.CutPrefix(line, []byte(stopLinePrefix)); ok {
			return strings.TrimSpace(string(v))
		}
	}
	return ""
}

// maxResults bounds what -from reads: a default run's results.txt is some
// hundred kilobytes, and a run of 100 rounds of every benchmark under 10 MB.
const maxResults = 256 << 20

// readResults reads the file that -from names, refusing one larger than
// any run writes.
func readResults(name string) ([]byte, error) {
	raw, err := readlimit.File(name, maxResults)
	if errors.Is(err, readlimit.ErrTooLarge) {
		return nil, fmt.Errorf("%s: larger than %d MiB, more than any run of fencelab bench writes", name, maxResults>>20)
	}
	return raw, err
}

// report reads raw results, prints the report and writes its files.
func report(raw []byte, o *benchOptions, stopped string, stdout io.Writer) error {
	name := "results.txt"
	if o.from != "" {
		name = o.from
	}
	rep, err := benchtable.Read(bytes.NewReader(raw), name)
	if err != nil {
		if o.from != "" {
			return err
		}
		return fmt.Errorf("%v (with -bench %q); nothing written to %s", err, o.filter, o.out)
	}
	loads := [2]benchenv.Load{benchenv.FindLoad(raw, "start"), benchenv.FindLoad(raw, "end")}
	var kept []string
	if o.from == "" && o.profiled != "" {
		b, err := os.ReadFile(o.profiled)
		if err != nil {
			return err
		}
		if err := os.WriteFile(keptProfile(o.out), b, 0o644); err != nil {
			return err
		}
		kept = append(kept, filepath.Base(keptProfile(o.out)))
	}
	// Only results that make a report replace the ones there, and beside
	// the report made of them.
	if err := os.WriteFile(filepath.Join(o.out, "results.txt"), raw, 0o644); err != nil {
		return err
	}
	return writeBenchReport(o.out, rep, loads, stopped, stdout, kept...)
}

// pgoBench is the -pgo value that profiles the benchmarks themselves.
const pgoBench = "bench"

// profileReadLocks builds the vma benchmarks without a profile, runs the
// one-goroutine read-lock ones once with a CPU profile, and returns the
// path of that profile, bench.pgo in work: a profile in which the
// benchmarks' own calls of StartRead and EndRead are hot, as a program's
// default.pgo shows its hot read path. (A profile inlines at the call
// sites it saw, so one taken from another program would leave the
// benchmarks' calls as they are.) The report keeps it in the output
// directory, and the same build with -pgo out/bench.pgo is then one the
// go command finds in its cache; a run that reports nothing leaves the
// one there as it was.
func profileReadLocks(ctx context.Context, o *benchOptions, work string) (string, error) {
	s := &benchSuite{name: "vma-profile", pkg: "github.com/atomicfence/atomicfence/vma"}
	plain := *o
	plain.pgo = ""
	if err := buildSuite(ctx, &plain, s, work); err != nil {
		return "", err
	}
	prof := filepath.Join(work, "bench.pgo")
	// One goroutine's runs reach every call site of the read locks: the
	// other modes run the same loops on more goroutines.
	cmd := exec.CommandContext(ctx, s.bin, "-test.run", "^$", "-test.bench", "ReadLock/mode=single", "-test.benchtime", "100ms",
		"-test.cpu", "1", "-test.cpuprofile", prof)
	cmd.Dir = s.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("profiling the read-lock benchmarks: %v\n%s", err, out)
	}
	return prof, nil
}

// keptProfile is where -pgo bench keeps its profile: bench.pgo in dir.
func keptProfile(dir string) string { return filepath.Join(dir, pgoBench+".pgo") }

// buildSuite compiles the suite's test binary for the target, and finds
// the package directory that its benchmarks run in.
func buildSuite(ctx context.Context, o *benchOptions, s *benchSuite, work string) error {
	dir, err := exec.CommandContext(ctx, "go", "list", "-f", "{{.Dir}}", s.pkg).Output()
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		var stderr []byte
		if e, ok := err.(*exec.ExitError); ok {
			stderr = e.Stderr
		}
		return disasm.ModuleError(fmt.Errorf("go list %s: %v\n%s", s.pkg, err, stderr), stderr)
	}
	s.dir = strings.TrimSpace(string(dir))
	s.bin = filepath.Join(work, s.name+".test")
	args := []string{"test", "-c", "-o", s.bin}
	if o.tags != "" {
		args = append(args, "-tags", o.tags)
	}
	if o.pgo != "" {
		// go test takes a profile only by name (-pgo=auto looks beside a
		// main package alone), and runs in the package's directory.
		abs, err := filepath.Abs(o.pgo)
		if err != nil {
			return err
		}
		args = append(args, "-pgo="+abs)
	}
	if o.funcAlign != 0 {
		args = append(args, fmt.Sprintf("-ldflags=-funcalign=%d", o.funcAlign))
	}
	args = append(args, s.pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(os.Environ(), append(o.target.BuildEnv(benchGOOS(o.target)), disasm.WorkDirEnv(s.bin))...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// benchGOOS is the host's GOOS for a native run and linux for qemu-user.
func benchGOOS(t target.Target) string {
	if t.Emulated() {
		return "linux"
	}
	return runtime.GOOS
}

// runRounds runs every suite once per round, so that a drift of the
// machine during the run spreads over all benchmarks alike, appending the
// output to raw. It returns the number of rounds completed; raw then holds
// theirs alone, not what a round that failed or was interrupted printed.
func runRounds(ctx context.Context, o *benchOptions, suites []*benchSuite, runner []string, raw *bytes.Buffer, p *benchProgress) (int, error) {
	start := time.Now()
	for round := 1; round <= o.count; round++ {
		finished := raw.Len()
		for _, s := range suites {
			err := runSuite(ctx, o, s, runner, raw, func(done int) {
				p.show("round %d/%d  %s  %d results  %s", round, o.count, s.name, done, p.eta(start, round, suites, s, done, o.count))
			})
			if err != nil {
				raw.Truncate(finished)
				return round - 1, err
			}
		}
	}
	return o.count, nil
}

// suiteTimeout bounds one round of one suite: the default round takes
// seconds, and emulated ones a few minutes.
const suiteTimeout = 20 * time.Minute

// runSuite runs one round of a suite, calling progress after each result.
func runSuite(ctx context.Context, o *benchOptions, s *benchSuite, runner []string, raw *bytes.Buffer, progress func(int)) error {
	// A test binary run by hand has no time limit of its own (go test gives
	// it one); a round that hangs must still end.
	args := []string{"-test.run=^$", "-test.bench=" + o.filter, "-test.count=1", "-test.benchtime=" + o.benchtime,
		"-test.timeout=" + suiteTimeout.String()}
	if s.cpu != "" {
		args = append(args, "-test.cpu="+s.cpu)
	}
	argv := append(append(append([]string(nil), runner...), s.bin), args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = s.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var tail []string
	done := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		raw.WriteString(line + "\n")
		tail = append(tail, line)
		if len(tail) > 40 {
			tail = tail[1:]
		}
		if strings.HasPrefix(line, "Benchmark") && strings.Contains(line, "\t") {
			done++
			progress(done)
		}
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%s benchmarks: %v\n%s%s", s.name, err, strings.Join(tail, "\n"), stderr.String())
	}
	s.results = done
	return nil
}

// The configuration lines with which fencelab labels the raw results, and
// which the report takes its header from. benchstat carries them into its
// output too.
const (
	archKey    = "fencelab-arch"
	hostCPUKey = "fencelab-host-cpu"
	runKey     = "fencelab-run"
)

func writeRawHeader(w io.Writer, o *benchOptions) {
	fmt.Fprintf(w, "%s: %s\n", archKey, archLine(o.target, o.tags))
	fmt.Fprintf(w, "%s: %s\n", hostCPUKey, benchenv.DescribeCPU(atomicfence.CPU()))
	run := fmt.Sprintf("-bench %s -count %d -benchtime %s, vma at -cpu %s", o.filter, o.count, o.benchtime, o.cpu)
	if o.tags != "" {
		run += ", -tags " + o.tags
	}
	if o.pgo != "" {
		run += ", -pgo " + filepath.Base(o.pgo)
		if filepath.Base(o.pgo) == pgoBench+".pgo" {
			run += " (a profile of these read-lock benchmarks)"
		}
	}
	if o.funcAlign != 0 {
		run += fmt.Sprintf(", -funcalign %d", o.funcAlign)
	}
	// fencelab's toolchain, which go run shares with the go command that
	// builds the benchmarks, and the machine that builds them: an emulated
	// target's binaries are cross-compiled on this one.
	fmt.Fprintf(w, "%s: %s, built with %s on %s/%s\n", runKey, run, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func archLine(t target.Target, tags string) string {
	if t.Emulated() {
		line := fmt.Sprintf("%s, EMULATED under %s: shows that the suite runs on this code, NOT what it costs", t.Name, t.EmulatorLine())
		if t.GOARCH != "386" {
			line += fmt.Sprintf(" (and an x86 host's strong ordering hides %s's weak one)", t.GOARCH)
		}
		return line
	}
	return t.Name + ", native: " + t.Describe(tags)
}

// writeBenchReport prints the header (from the configuration lines of the
// results and the load average at the start and end of the run; stopped,
// if not empty, says why the run ended early), the table, the bars and,
// for a noisy run, a warning; and writes table.txt and the charts into
// dir, removing a chart of an earlier run that this one does not draw. kept names the files that the run wrote there
// before it, listed with these.
func writeBenchReport(dir string, rep *benchtable.Report, loads [2]benchenv.Load, stopped string, stdout io.Writer, kept ...string) error {
	var b bytes.Buffer
	arch := rep.ConfigValue(archKey)
	emulated := strings.Contains(arch, "EMULATED")
	var bars []benchbars.Bar
	if !emulated {
		bars = benchbars.Check(rep)
	}
	noise := benchbars.Assess(rep, bars, loads[0], loads[1])
	fmt.Fprintf(&b, "arch:           %s\n", arch)
	fmt.Fprintf(&b, "cpu:            %s\n", rep.ConfigValue(hostCPUKey))
	if emulated {
		fmt.Fprintf(&b, "emulated cpu:   %s\n", rep.ConfigValue(benchenv.CPUKey))
	}
	fmt.Fprintf(&b, "implementation: %s\n", rep.ConfigValue(benchenv.ImplKey))
	fmt.Fprintf(&b, "run:            %s\n", rep.ConfigValue(runKey))
	fmt.Fprintf(&b, "load average:   %s\n", benchenv.DescribeLoads(loads[0], loads[1]))
	fmt.Fprintf(&b, "spread:         %s\n", noise.Spread())
	if stopped != "" {
		fmt.Fprintln(&b, stopped)
	}
	b.WriteString("\n")
	if err := rep.WriteText(&b); err != nil {
		return err
	}
	if emulated {
		fmt.Fprintf(&b, "\nperformance bars: not judged on an emulated run, whose timings mean nothing\n")
	} else {
		if len(bars) > 0 {
			fmt.Fprintf(&b, "\nperformance bars (ratios of this run; judged on %d or more rounds, intervals within ±%d%% and a difference from the limit at p ≤ %.2f, else inconclusive):\n",
				benchbars.MinSamples, benchbars.MaxSpread, benchbars.Alpha)
			for _, bar := range bars {
				fmt.Fprintf(&b, "  %s\n", bar)
			}
		}
		writeUnpairedNote(&b, rep)
		writeNoiseWarning(&b, noise)
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintf(&b, "\n%d warnings, e.g. %s\n", len(rep.Warnings), rep.Warnings[0])
	}
	files := append([]string{"results.txt", "table.txt"}, kept...)
	for _, c := range []struct {
		file, title string
		pick        func(*benchtable.Group) bool
	}{
		{"placements.svg", "Fence placements and read locks", func(g *benchtable.Group) bool {
			// A paired ratio is not a case to compare with a first one.
			return !strings.HasPrefix(g.Name, "Primitive/") && !strings.HasPrefix(g.Name, "ReadLockPaired/")
		}},
		{"primitives.svg", "Primitives beside sync/atomic", func(g *benchtable.Group) bool { return strings.HasPrefix(g.Name, "Primitive/") }},
	} {
		ch := benchChart(c.title, rep, c.pick)
		if len(ch.Panels) == 0 {
			// A chart of an earlier run would sit beside results it
			// was not drawn from.
			if err := os.Remove(filepath.Join(dir, c.file)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		var svg bytes.Buffer
		if err := ch.WriteSVG(&svg); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, c.file), svg.Bytes(), 0o644); err != nil {
			return err
		}
		files = append(files, c.file)
	}
	fmt.Fprintf(&b, "\nwritten to %s: %s\n", dir, strings.Join(files, ", "))
	if err := os.WriteFile(filepath.Join(dir, "table.txt"), b.Bytes(), 0o644); err != nil {
		return err
	}
	_, err := stdout.Write(b.Bytes())
	return err
}

// writeUnpairedNote says, for a run whose ReadLockPaired cases reported no
// ratio, why: their rows are then the time of both sides together, which
// no bar is judged on.
func writeUnpairedNote(w io.Writer, rep *benchtable.Report) {
	n := 0
	for _, g := range rep.Groups {
		if strings.HasPrefix(g.Name, "ReadLockPaired/") && g.Unit != benchtable.RatioUnit {
			n++
		}
	}
	groups := "groups"
	if n == 1 {
		groups = "group"
	}
	if n > 0 {
		fmt.Fprintf(w, "\nNOTE: %d %s of ReadLockPaired reported no ratio, only both sides' time together, which no bar is judged on:\n"+
			"a case reports its ratio where each goroutine ran two full slices or more; raise -benchtime (100ms is enough).\n", n, groups)
	}
}

// writeNoiseWarning says, for a run too noisy to judge, why, and how to get
// a usable one with this command's flags.
func writeNoiseWarning(w io.Writer, n benchbars.Noise) {
	reasons := n.Reasons()
	if len(reasons) == 0 {
		return
	}
	switch {
	case n.SparedBars():
		fmt.Fprintf(w, "\nWARNING: this run was noisy, though not too noisy for its bars:\n")
	case n.TooShort():
		fmt.Fprintf(w, "\nWARNING: this run was too short to judge:\n")
	default:
		fmt.Fprintf(w, "\nWARNING: this run was too noisy to judge:\n")
	}
	for _, r := range reasons {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	// Intervals narrow with more rounds only where the machine holds
	// still; hence the quiet machine first.
	fmt.Fprintf(w, "For a usable run: a quiet machine (no other builds, tests or benchmarks; as few background processes\n"+
		"as can be stopped), more rounds (-count %d; this run had %d), longer samples (-benchtime 300ms), and\n"+
		"only what the bars use, at fixed GOMAXPROCS (-bench 'Primitive|ReadLock' -cpu 1,2).\n",
		max(18, 2*n.MostSamples), n.MostSamples)
}

// benchChart draws the groups that pick selects, a panel each.
func benchChart(title string, rep *benchtable.Report, pick func(*benchtable.Group) bool) chart.Chart {
	c := chart.Chart{
		Title: title,
		Notes: []string{
			"cpu: " + rep.ConfigValue(hostCPUKey) + "; implementation: " + rep.ConfigValue(benchenv.ImplKey),
			"arch: " + rep.ConfigValue(archKey),
			"run: " + rep.ConfigValue(runKey),
			"bars: medians; whiskers: 95% confidence intervals; ratios to each panel's first (darker) bar, ~ where not significant (U test, p > 0.05)",
		},
	}
	for _, g := range rep.Groups {
		if !pick(g) || len(g.Rows) == 0 {
			continue
		}
		_, unit := benchtable.FormatValue(0, g.Unit)
		scale, better := 1.0, "higher is better"
		if g.Unit == benchtable.TimeUnit {
			scale, better = 1e9, "lower is faster"
		}
		panel := chart.Panel{Title: fmt.Sprintf("%s  (GOMAXPROCS=%d)", g.Name, g.Procs), Unit: unit + ", " + better}
		for i, r := range g.Rows {
			text, _ := benchtable.FormatValue(r.Summary.Center, g.Unit)
			bar := chart.Bar{
				Label: r.Label, Value: r.Summary.Center * scale,
				Lo: r.Summary.Lo * scale, Hi: r.Summary.Hi * scale,
				Text: text + " " + unit, Base: i == 0,
			}
			if i > 0 {
				bar.Note = r.RatioText()
			}
			panel.Bars = append(panel.Bars, bar)
		}
		c.Panels = append(c.Panels, panel)
	}
	return c
}

// benchProgress keeps one status line on a terminal, and prints nothing
// elsewhere but a line per phase.
type benchProgress struct {
	w    io.Writer
	tty  *statusLine // nil off a terminal
	last string
}

func newBenchProgress(w io.Writer) *benchProgress {
	return &benchProgress{w: w, tty: newStatusLine(w)}
}

func (p *benchProgress) show(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if p.tty != nil {
		p.tty.set(line)
		return
	}
	// Off a terminal, one line when the phase changes (a new round or suite).
	phase := line
	if i := strings.Index(line, " results"); i >= 0 {
		phase = strings.TrimRightFunc(line[:i], func(r rune) bool { return r >= '0' && r <= '9' })
	}
	if phase != p.last {
		fmt.Fprintln(p.w, line)
		p.last = phase
	}
}

func (p *benchProgress) done() {
	if p.tty != nil {
		p.tty.clear()
	}
}

// eta estimates the time left from the results per round of the suites
// seen so far; nothing during the first round.
func (p *benchProgress) eta(start time.Time, round int, suites []*benchSuite, cur *benchSuite, done, rounds int) string {
	elapsed := time.Since(start)
	perRound := 0
	for _, s := range suites {
		perRound += s.results
	}
	if round == 1 || perRound == 0 {
		return fmt.Sprintf("%s elapsed", elapsed.Round(time.Second))
	}
	finished := (round-1)*perRound + done
	for _, s := range suites {
		if s == cur {
			break
		}
		finished += s.results
	}
	left := time.Duration(float64(elapsed) / float64(finished) * float64(rounds*perRound-finished))
	return fmt.Sprintf("%s elapsed, about %s left", elapsed.Round(time.Second), left.Round(time.Second))
}
