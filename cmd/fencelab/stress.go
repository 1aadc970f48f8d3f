package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/litmus"
	"github.com/atomicfence/atomicfence/stress"
)

const stressUsage = `usage: fencelab stress [flags] SHAPE...

Runs each litmus shape on this machine's cores many times and prints a
litmus7-style histogram of its final states, the states that satisfy the
shape's weak condition marked "*>", and the line
"Observation NAME Never|Sometimes|Always P N" (P N count iterations), with
the memory model's verdict for the running implementation beside it, on a
line "Model NAME MODEL Never|Sometimes|Always P N: ..." whose P N count the
model's executions, as fencelab check does. On amd64 the model is the
hardware reading of x86-TSO (x86tso, where LFENCE and SFENCE do not order a
store before a later load), not herd7's X86_64 default (x86tso-mixed, where
they do). "fencelab stress -list" lists the shapes. Ctrl-C stops and prints
what was counted.

Exit status: 0 when every shape ran and nothing contradicted its model, 1
when a run saw what the model forbids, failed, or finished no iteration
(nothing was measured: a -timeout too short for one), 2 on bad usage, 130
when interrupted.

flags:
`

// stressOptions are the parsed flags of fencelab stress.
type stressOptions struct {
	cfg    stress.Config
	list   bool
	shapes []*stress.Shape
}

func parseStressFlags(args []string, usage io.Writer) (*stressOptions, error) {
	fs := newFlagSet("fencelab stress", stressUsage, usage)
	o := &stressOptions{}
	fs.IntVar(&o.cfg.Iterations, "n", 100_000, "iterations per run (litmus7 -s)")
	fs.IntVar(&o.cfg.Runs, "runs", 10, "runs per shape (litmus7 -r)")
	fs.IntVar(&o.cfg.Stride, "stride", 128, "bytes between two locations, a multiple of 4")
	fs.BoolVar(&o.cfg.Shuffle, "shuffle", false, "place the locations of the iterations in random order")
	barrier := fs.String("barrier", "userfence", "how threads start each iteration: userfence, user, os or none")
	fs.DurationVar(&o.cfg.Timeout, "timeout", time.Minute, "stop each shape after this long (0: no limit)")
	fs.BoolVar(&o.cfg.NoPin, "nopin", false, "do not pin the workers to CPUs")
	fs.BoolVar(&o.list, "list", false, "list the shapes and exit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	b, err := stress.ParseBarrier(*barrier)
	if err != nil {
		return nil, err
	}
	o.cfg.Barrier = b
	for _, f := range []struct {
		name string
		v    int
	}{{"-n", o.cfg.Iterations}, {"-runs", o.cfg.Runs}, {"-stride", o.cfg.Stride}} {
		if f.v <= 0 {
			return nil, fmt.Errorf("%s %d: must be positive", f.name, f.v)
		}
	}
	if o.cfg.Timeout < 0 {
		return nil, fmt.Errorf("-timeout %v: must not be negative", o.cfg.Timeout)
	}
	if o.cfg.Stride%4 != 0 {
		return nil, fmt.Errorf("-stride %d is not a multiple of 4 bytes, the size of a cell", o.cfg.Stride)
	}
	if o.list {
		if fs.NArg() > 0 {
			return nil, fmt.Errorf("-list takes no shape names, got %q", fs.Args())
		}
		return o, nil
	}
	if err := misplacedFlag(fs, args, "SHAPE names"); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, errors.New("no shape named (fencelab stress -list lists them)")
	}
	for _, name := range fs.Args() {
		s, ok := stress.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown shape %q (fencelab stress -list lists them)", name)
		}
		// Refused here, as bad usage, rather than after the report began.
		if err := o.cfg.Check(s); err != nil {
			return nil, err
		}
		o.shapes = append(o.shapes, s)
	}
	return o, nil
}

func stressMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseStressFlags(args, usageOut(args, stdout, stderr))
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		stressError(stderr, err)
		return 2
	}
	if o.list {
		listShapes(stdout)
		return 0
	}
	p := newProgressLine(stderr)
	o.cfg.Progress = p.update
	return stressShapes(ctx, stdout, stderr, o, p.clear)
}

// stressError prints err as fencelab stress's one line: the stress
// package's errors begin with its name, which the line's prefix says.
func stressError(w io.Writer, err error) {
	fmt.Fprintln(w, "fencelab stress:", strings.TrimPrefix(err.Error(), "stress: "))
}

// stressShapes runs each shape in turn and prints its report. The exit
// status is 1 when a run saw what the model forbids or failed, 130 when
// interrupted.
// clearProgress, if not nil, is called before each report.
func stressShapes(ctx context.Context, stdout, stderr io.Writer, o *stressOptions, clearProgress func()) int {
	writeStressHeader(stdout)
	status := 0
	for _, s := range o.shapes {
		res, err := runShape(ctx, s, o.cfg)
		if err != nil {
			stressError(stderr, err)
			return 1
		}
		if clearProgress != nil {
			clearProgress()
		}
		line, contradicts := modelLine(res)
		fmt.Fprintf(stdout, "\n%% %s: %s\n%% %s\n", s.Name, s.Doc, res.Setup())
		if res.PinErr != nil {
			fmt.Fprintf(stderr, "fencelab stress: %s: could not pin the workers: %v\n", s.Name, res.PinErr)
		}
		if res.Stopped != nil {
			fmt.Fprintf(stdout, "%% stopped early (%s): the counts below are what was finished\n", stopReason(res.Stopped))
		}
		if err := res.WriteReport(stdout, line); err != nil {
			stressError(stderr, err)
			return 1
		}
		if contradicts {
			status = 1
		}
		if res.Total() == 0 && !errors.Is(res.Stopped, context.Canceled) {
			fmt.Fprintf(stderr, "fencelab stress: %s: no iteration finished within -timeout %v: nothing was measured\n", s.Name, o.cfg.Timeout)
			status = 1
		}
		if errors.Is(res.Stopped, context.Canceled) {
			return interruptedStatus
		}
	}
	return status
}

// runShape runs one shape; tests replace it to give the command a run
// whose outcome (a failed pinning, a progress report) this machine cannot
// be made to produce on demand.
var runShape = stress.Run

func stopReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "interrupted"
}

// writeStressHeader says what the results below can and cannot show on
// this build and machine.
func writeStressHeader(w io.Writer) {
	impl := atomicfence.Impl()
	cpu := atomicfence.CPU()
	name := strings.TrimSpace(cpu.Vendor + " " + cpu.Brand)
	if name == "" {
		// qemu-user gives no vendor or brand string.
		name = "CPU not identified"
	}
	fmt.Fprintf(w, "%% fencelab stress on %s/%s, %s, implementation %s, GOMAXPROCS %d\n",
		runtime.GOOS, runtime.GOARCH, name, benchenv.Implementation(), runtime.GOMAXPROCS(0))
	switch {
	case impl == atomicfence.ImplGeneric:
		fmt.Fprintln(w, "% every primitive is sync/atomic here, which is sequentially consistent: only the")
		fmt.Fprintln(w, "% outcomes of SC can show, and the model beside each result is sc")
	case runtime.GOARCH == "arm64" && emulatedOnX86():
		fmt.Fprintln(w, "% under qemu-user on an x86 host (/proc/cpuinfo is the host's): the host's ordering")
		fmt.Fprintln(w, "% shows, not arm64's, and this run proves nothing about arm64 ordering")
	case runtime.GOARCH == "arm64":
		fmt.Fprintln(w, "% no sign of qemu-user: the run shows this machine's arm64 ordering (under qemu-user")
		fmt.Fprintln(w, "% on an x86 host it would show the host's, and prove nothing about arm64's)")
	}
}

// emulatedOnX86 reports whether this arm64 program runs under qemu-user on
// an x86 host, as far as /proc/cpuinfo tells: qemu-user 7 passes the
// host's through, with the vendor_id line that no arm64 kernel writes.
// Elsewhere (another qemu, another OS) it reports false, and the header
// says what a run under qemu-user would mean.
func emulatedOnX86() bool {
	b, err := os.ReadFile("/proc/cpuinfo")
	return err == nil && bytes.Contains(b, []byte("\nvendor_id"))
}

func listShapes(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, s := range stress.Shapes() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Condition(), s.Doc)
	}
	tw.Flush()
}

// progressLine reports long runs on stderr: a line rewritten in place when
// stderr is a terminal, otherwise a line every ten seconds once a shape has
// run that long.
type progressLine struct {
	w    io.Writer
	tty  *statusLine // nil off a terminal
	last time.Time
}

func newProgressLine(w io.Writer) *progressLine {
	return &progressLine{w: w, tty: newStatusLine(w)}
}

func (p *progressLine) update(pr stress.Progress) {
	now := time.Now()
	msg := fmt.Sprintf("%s: run %d/%d, %d iterations, %d weak, %.0fs",
		pr.Shape, pr.Run, pr.Runs, pr.Iterations, pr.Positive, pr.Elapsed.Seconds())
	switch {
	case p.tty != nil && now.Sub(p.last) >= 100*time.Millisecond:
		p.tty.set(msg)
	case p.tty == nil && pr.Elapsed >= 10*time.Second && now.Sub(p.last) >= 10*time.Second:
		fmt.Fprintf(p.w, "fencelab stress: %s\n", msg)
	default:
		return
	}
	p.last = now
}

func (p *progressLine) clear() {
	if p.tty != nil {
		p.tty.clear()
	}
}

// modelLine is the memory model's verdict on the shape, for the line beside
// Observation: "Model NAME MODEL Never|Sometimes|Always P N" as the checker
// counts executions (not iterations), then what the run saw against it.
// contradicts is true when the run saw what the model rules out.
func modelLine(res *stress.Result) (line string, contradicts bool) {
	s := res.Shape
	if res.Total() == 0 {
		// Nothing to set beside the model's verdict, on any implementation.
		return fmt.Sprintf("Model %s: nothing measured: no iteration finished", s.Name), false
	}
	text, model, ok := s.LitmusFor(res.Impl, res.RCpc)
	if !ok {
		return fmt.Sprintf("Model %s: no litmus text for implementation %v", s.Name, res.Impl), false
	}
	r, err := checkLitmus(s.Name, text, model)
	if err != nil {
		return fmt.Sprintf("Model %s %s: not decided: %v", s.Name, model, err), false
	}
	var seen string
	switch {
	case r.Observation == "Never" && res.Positive > 0,
		r.Observation == "Always" && res.Negative > 0:
		seen, contradicts = "the run CONTRADICTS the model", true
		if runtime.GOARCH == "arm64" && emulatedOnX86() {
			seen += " (under qemu-user only the x86 host's ordering holds)"
		}
	case r.Observation == "Never":
		seen = "not seen, as the model says"
	case res.Positive > 0:
		seen = fmt.Sprintf("seen in %d of %d iterations (%s)", res.Positive, res.Total(), percent(res.Rate()))
	case res.TookTurns():
		seen = fmt.Sprintf("allowed but not seen in this run, where only %d of its %d threads could run at once", res.Procs, len(s.Threads))
	default:
		seen = "allowed but not seen in this run"
	}
	return fmt.Sprintf("Model %s %s %s %d %d: %s", s.Name, model, r.Observation, r.Positive, r.Negative, seen), contradicts
}

// percent writes a fraction as a percentage with two decimals, or with
// as many as its first two significant digits need when it is below
// 0.1%, so that a rare outcome never reads as 0.00%.
func percent(f float64) string {
	p := 100 * f
	decimals := 2
	if p > 0 && p < 0.1 {
		decimals = int(math.Ceil(-math.Log10(p))) + 1
	}
	return fmt.Sprintf("%.*f%%", decimals, p)
}

// checkLitmus decides a shape's litmus text under model.
func checkLitmus(name, text, model string) (*litmus.Result, error) {
	t, err := litmus.Parse(name+".litmus", []byte(text))
	if err != nil {
		return nil, err
	}
	return litmus.Check(t, model)
}
