package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/stress"
)

func TestStressFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no shape"},
		{[]string{"NoSuchShape"}, `unknown shape "NoSuchShape"`},
		{[]string{"-barrier", "pthread", "SB"}, "unknown barrier"},
		{[]string{"-n", "0", "SB"}, "-n 0: must be positive"},
		{[]string{"-runs", "0", "SB"}, "-runs 0: must be positive"},
		{[]string{"-stride", "-4", "SB"}, "-stride -4: must be positive"},
		{[]string{"-stride", "6", "SB"}, "not a multiple of 4"},
		{[]string{"-timeout", "-1s", "SB"}, "-timeout -1s: must not be negative"},
		{[]string{"-bogus", "SB"}, "flag provided but not defined"},
		{[]string{"-list", "SB"}, `-list takes no shape names, got ["SB"]`},
		{[]string{"SB", "-n", "10"}, "-n: flags go before the SHAPE names"},
		{[]string{"-n", "10", "--", "-n"}, `unknown shape "-n"`},
		{[]string{"--", "SB", "-n"}, `unknown shape "-n"`},
		// Sizes whose product overflows, or passes the arena's bound.
		{[]string{"-n", strconv.Itoa(math.MaxInt), "SB"}, "lower -n or -stride"},
		{[]string{"-n", "10", "-runs", "1", "-stride", strconv.Itoa(math.MaxInt - 3), "SB"}, "lower -n or -stride"},
		{[]string{"-n", "100000000", "SB"}, "lower -n or -stride"},
	} {
		_, err := parseStressFlags(tc.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("fencelab stress %v: error %v, want one about %q", tc.args, err, tc.want)
		}
	}
}

func TestStressFlags(t *testing.T) {
	o, err := parseStressFlags(strings.Fields("-n 500 -runs 3 -stride 64 -shuffle -barrier user -timeout 5s -nopin MP SB"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := o.cfg
	if c.Iterations != 500 || c.Runs != 3 || c.Stride != 64 || !c.Shuffle || c.Barrier != stress.User ||
		c.Timeout != 5*time.Second || !c.NoPin || len(o.shapes) != 2 || o.shapes[0].Name != "MP" || o.shapes[1].Name != "SB" {
		t.Errorf("parsed %+v, shapes %v", c, o.shapes)
	}
}

func TestStressList(t *testing.T) {
	var b bytes.Buffer
	listShapes(&b)
	for _, s := range stress.Shapes() {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(s.Name) + `\s+exists \(`).MatchString(b.String()) {
			t.Errorf("-list lacks a line for %s:\n%s", s.Name, b.String())
		}
	}
}

func TestStressPrintsHistogramsAndVerdicts(t *testing.T) {
	o, err := parseStressFlags(strings.Fields("-n 2000 -runs 2 SB MP+rel+acq"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if code := stressShapes(context.Background(), &out, &errs, o, nil); code != 0 {
		t.Fatalf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errs.String())
	}
	_, model, ok := o.shapes[0].LitmusFor(atomicfence.Impl(), atomicfence.AcquireLoadRCpc())
	sbModel := `Model SB ` + model + ` (Never|Sometimes) \d+ \d+: .+`
	mpModel := `Model MP\+rel\+acq ` + model + ` Never 0 \d+: not seen, as the model says`
	if !ok {
		// No text of the shapes is this implementation's: no verdict.
		sbModel = `Model SB: no litmus text for implementation ` + atomicfence.Impl().String()
		mpModel = `Model MP\+rel\+acq: no litmus text for implementation ` + atomicfence.Impl().String()
	}
	for _, re := range []string{
		`(?m)^% fencelab stress on \S+, .*implementation ` + atomicfence.Impl().String(),
		`(?m)^Histogram \(\d states\)$`,
		`(?m)^\d+ *:>0:r0=\d; 1:r0=\d;$`,
		`(?m)^Observation SB (Never|Sometimes) \d+ \d+\n` + sbModel + `\nTime SB `,
		`(?m)^Observation MP\+rel\+acq Never 0 4000\n` + mpModel + `\n`,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("output does not match %s:\n%s", re, out.String())
		}
	}
}

func TestStressInterruptedPrintsWhatWasCounted(t *testing.T) {
	o, err := parseStressFlags([]string{"SB", "MP"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if code := stressShapes(ctx, &out, io.Discard, o, nil); code != 130 {
		t.Errorf("exit status %d after an interrupt, want 130", code)
	}
	s := out.String()
	if !strings.Contains(s, "% stopped early (interrupted)") || !strings.Contains(s, "Observation SB Never 0 0") {
		t.Errorf("interrupted output lacks the partial report:\n%s", s)
	}
	if strings.Contains(s, "Observation MP") {
		t.Errorf("went on to the next shape after an interrupt:\n%s", s)
	}
}

// modelLine compares the run with the checker's verdict; a run that shows
// what the model forbids is reported and fails the command.
func TestModelLine(t *testing.T) {
	forbidden, _ := stress.Lookup("MP+rel+acq")
	impl := atomicfence.ImplAMD64
	_, model, _ := forbidden.LitmusFor(impl, false)
	for _, tc := range []struct {
		pos, neg    int
		want        string
		contradicts bool
	}{
		{0, 100, "not seen, as the model says", false},
		{3, 97, "the run CONTRADICTS the model", true},
		{1, 99, "the run CONTRADICTS the model", true},
	} {
		res := &stress.Result{Shape: forbidden, Impl: impl, Positive: tc.pos, Negative: tc.neg}
		line, contradicts := modelLine(res)
		prefix := fmt.Sprintf("Model MP+rel+acq %s Never 0 ", model)
		if !strings.HasPrefix(line, prefix) || !strings.Contains(line, tc.want) || contradicts != tc.contradicts {
			t.Errorf("P=%d: %q, contradicts %v; want %q...%q, %v", tc.pos, line, contradicts, prefix, tc.want, tc.contradicts)
		}
	}
	line, contradicts := modelLine(&stress.Result{Shape: forbidden, Impl: atomicfence.ImplRISCV64, Positive: 3, Negative: 97})
	if want := "Model MP+rel+acq: no litmus text for implementation riscv64"; line != want || contradicts {
		t.Errorf("a run of an implementation that no shape text is for: %q, %v; want %q, no contradiction", line, contradicts, want)
	}
	sb, _ := stress.Lookup("SB")
	line, contradicts = modelLine(&stress.Result{Shape: sb, Impl: atomicfence.ImplAMD64, Positive: 25, Negative: 75})
	if want := "Model SB x86tso Sometimes 1 3: seen in 25 of 100 iterations (25.00%)"; line != want || contradicts {
		t.Errorf("SB seen under x86tso: %q, %v; want %q", line, contradicts, want)
	}
	line, contradicts = modelLine(&stress.Result{Shape: sb, Impl: atomicfence.ImplAMD64, Positive: 1, Negative: 99})
	if want := "Model SB x86tso Sometimes 1 3: seen in 1 of 100 iterations (1.00%)"; line != want || contradicts {
		t.Errorf("SB seen once under x86tso: %q, %v; want %q", line, contradicts, want)
	}
	line, _ = modelLine(&stress.Result{Shape: sb, Impl: atomicfence.ImplAMD64, Positive: 57, Negative: 4_999_943})
	if want := "Model SB x86tso Sometimes 1 3: seen in 57 of 5000000 iterations (0.0011%)"; line != want {
		t.Errorf("SB seen rarely under x86tso: %q; want %q", line, want)
	}
	// SB+rel+acq: where the acquire loads are LDAPR, ARMv8 allows what it
	// forbids with LDAR.
	sbRelAcq, _ := stress.Lookup("SB+rel+acq")
	line, contradicts = modelLine(&stress.Result{Shape: sbRelAcq, Impl: atomicfence.ImplLSEDynamic, RCpc: true, Positive: 2, Negative: 98})
	if want := "Model SB+rel+acq aarch64 Sometimes 1 3: seen in 2 of 100 iterations (2.00%)"; line != want || contradicts {
		t.Errorf("SB+rel+acq seen with LDAPR: %q, %v; want %q", line, contradicts, want)
	}
	line, contradicts = modelLine(&stress.Result{Shape: sbRelAcq, Impl: atomicfence.ImplLSEDynamic, Positive: 2, Negative: 98})
	if !strings.HasPrefix(line, "Model SB+rel+acq aarch64 Never 0 3: the run CONTRADICTS the model") || !contradicts {
		t.Errorf("SB+rel+acq seen with LDAR: %q, %v; want the model's Never contradicted", line, contradicts)
	}
	line, _ = modelLine(&stress.Result{Shape: sb, Impl: atomicfence.ImplLLSC, Negative: 10, Procs: 2})
	if !strings.HasPrefix(line, "Model SB aarch64 Sometimes") || !strings.HasSuffix(line, "allowed but not seen in this run") {
		t.Errorf("SB unseen under aarch64: %q", line)
	}
	line, _ = modelLine(&stress.Result{Shape: sb, Impl: atomicfence.ImplAMD64, Negative: 10, Procs: 1})
	if want := "Model SB x86tso Sometimes 1 3: allowed but not seen in this run, where only 1 of its 2 threads could run at once"; line != want {
		t.Errorf("SB unseen on one processor: %q; want %q", line, want)
	}
	bare := &stress.Shape{Name: "bare"}
	if line, _ := modelLine(&stress.Result{Shape: bare, Impl: impl, Negative: 1}); !strings.Contains(line, "no litmus text") {
		t.Errorf("shape without a text: %q", line)
	}
	// A run that finished no iteration gives no verdict, whether or not
	// a text is there for its implementation.
	for _, i := range []atomicfence.Implementation{atomicfence.ImplAMD64, atomicfence.ImplRISCV64} {
		if line, contradicts := modelLine(&stress.Result{Shape: forbidden, Impl: i}); line != "Model MP+rel+acq: nothing measured: no iteration finished" || contradicts {
			t.Errorf("no iteration on %v: %q, contradicts %v", i, line, contradicts)
		}
	}
}

// A run that shows what the model forbids fails the command: here a shape
// whose code writes the outcome that MP+rel+acq forbids, with that shape's
// litmus texts.
func TestStressFailsOnAForbiddenOutcome(t *testing.T) {
	mp, _ := stress.Lookup("MP+rel+acq")
	if _, _, ok := mp.LitmusFor(atomicfence.Impl(), atomicfence.AcquireLoadRCpc()); !ok {
		t.Skipf("no litmus text for implementation %v", atomicfence.Impl())
	}
	broken := &stress.Shape{
		Name:    mp.Name,
		Doc:     "message passing whose reader makes up the forbidden outcome",
		Locs:    mp.Locs,
		Threads: []stress.Thread{{Code: func([]*atomicfence.Int32, []int32) {}}, {Regs: []string{"r0", "r1"}, Code: func(_ []*atomicfence.Int32, r []int32) { r[0], r[1] = 1, 0 }}},
		Exists:  mp.Exists,
		Litmus:  mp.Litmus,
	}
	o := &stressOptions{cfg: stress.Config{Iterations: 100, Runs: 1, Timeout: time.Minute}, shapes: []*stress.Shape{broken}}
	var out, errs bytes.Buffer
	if code := stressShapes(context.Background(), &out, &errs, o, nil); code != 1 {
		t.Errorf("exit status %d after a forbidden outcome, want 1\n%s%s", code, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "Observation MP+rel+acq Always 100 0\nModel MP+rel+acq ") || !strings.Contains(out.String(), "the run CONTRADICTS the model") {
		t.Errorf("output does not report the contradiction:\n%s", out.String())
	}
}

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := &progressLine{w: &b}
	p.update(stress.Progress{Shape: "SB", Run: 1, Runs: 10, Elapsed: time.Second})
	if b.Len() != 0 {
		t.Errorf("progress on a pipe after 1s: %q", b.String())
	}
	p.update(stress.Progress{Shape: "SB", Run: 5, Runs: 10, Iterations: 500, Positive: 7, Elapsed: 12 * time.Second})
	if want := "fencelab stress: SB: run 5/10, 500 iterations, 7 weak, 12s\n"; b.String() != want {
		t.Errorf("progress on a pipe after 12s: %q, want %q", b.String(), want)
	}
	b.Reset()
	p.update(stress.Progress{Shape: "SB", Run: 6, Runs: 10, Elapsed: 13 * time.Second})
	if b.Len() != 0 {
		t.Errorf("second progress line on a pipe within 10s: %q", b.String())
	}
	b.Reset()
	first := &progressLine{w: &b}
	first.update(stress.Progress{Shape: "LB", Run: 1, Runs: 2, Elapsed: 10 * time.Second})
	if want := "fencelab stress: LB: run 1/2, 0 iterations, 0 weak, 10s\n"; b.String() != want {
		t.Errorf("progress on a pipe at exactly 10s: %q, want %q", b.String(), want)
	}
	b.Reset()
	tty := &progressLine{w: &b, tty: &statusLine{w: &b}}
	tty.clear()
	tty.update(stress.Progress{Shape: "MP", Run: 1, Runs: 2})
	tty.clear()
	tty.clear()
	const msg = "MP: run 1/2, 0 iterations, 0 weak, 0s"
	if want := "\r" + msg + "\r" + strings.Repeat(" ", len(msg)) + "\r"; b.String() != want {
		t.Errorf("terminal progress, cleared before it was shown and twice after: %q, want %q", b.String(), want)
	}
}

// TestProgressLineOnAFile: progress to a regular file is written as to a
// pipe, a line every ten seconds, not rewritten in place.
func TestProgressLineOnAFile(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if newProgressLine(f).tty != nil || newProgressLine(&bytes.Buffer{}).tty != nil {
		t.Error("a regular file or a buffer taken for a terminal")
	}
}

// A shape that cannot run fails the command.
func TestStressFailsOnAShapeThatCannotRun(t *testing.T) {
	o := &stressOptions{cfg: stress.Config{Iterations: 10, Runs: 1}, shapes: []*stress.Shape{{Name: "empty"}}}
	var out, errs bytes.Buffer
	if code := stressShapes(context.Background(), &out, &errs, o, nil); code != 1 || !strings.HasPrefix(errs.String(), `fencelab stress: shape "empty": `) {
		t.Errorf("exit status %d, stderr %q; want 1 and the error, the package named once", code, errs.String())
	}
	// A Config that Check refuses still fails Run, as the arena's error.
	sb, _ := stress.Lookup("SB")
	o = &stressOptions{cfg: stress.Config{Iterations: math.MaxInt}, shapes: []*stress.Shape{sb}}
	errs.Reset()
	if code := stressShapes(context.Background(), &out, &errs, o, nil); code != 1 || !strings.HasPrefix(errs.String(), "fencelab stress: ") || !strings.Contains(errs.String(), "lower -n or -stride") {
		t.Errorf("a huge -n: exit status %d, stderr %q; want 1 and the arena's error", code, errs.String())
	}
}

// A configuration that Run would refuse is bad usage: exit status 2 and
// one line, before any report.
func TestStressMainRefusesBadConfig(t *testing.T) {
	for _, args := range [][]string{{"-n", "100000000", "SB"}, {"-barrier", "pthread", "SB"}} {
		var out, errs bytes.Buffer
		code := stressMain(context.Background(), args, &out, &errs)
		if code != 2 || out.Len() != 0 || !strings.HasPrefix(errs.String(), "fencelab stress: ") || strings.Contains(errs.String(), "stress: stress:") || strings.Count(errs.String(), "\n") != 1 {
			t.Errorf("fencelab stress %v: exit status %d, stdout %q, stderr %q; want 2, nothing, one line naming the package once", args, code, out.String(), errs.String())
		}
	}
}

// The header names the GOMAXPROCS that the workers run under, not the
// machine's CPU count.
func TestStressHeaderGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var b bytes.Buffer
	writeStressHeader(&b)
	if !strings.Contains(b.String(), ", GOMAXPROCS 1\n") {
		t.Errorf("header under GOMAXPROCS=1: %q", b.String())
	}
}

// -timeout 0 is no limit, not an error.
func TestStressTimeoutZero(t *testing.T) {
	o, err := parseStressFlags([]string{"-timeout", "0", "SB"}, io.Discard)
	if err != nil || o.cfg.Timeout != 0 {
		t.Errorf("-timeout 0: %+v, %v", o, err)
	}
}

// A run that misses, even once, what the model says always happens
// contradicts it.
func TestModelLineAlways(t *testing.T) {
	always := &stress.Shape{Name: "W+R", Litmus: map[string]string{stress.KeyX86_64: `X86_64 W+R
{
}
 P0          ;
 movl $1,(x) ;
 movl (x),%eax ;
exists (0:rax=1)
`}}
	for _, tc := range []struct {
		neg         int
		contradicts bool
	}{{0, false}, {1, true}, {5, true}} {
		line, contradicts := modelLine(&stress.Result{Shape: always, Impl: atomicfence.ImplAMD64, Positive: 100 - tc.neg, Negative: tc.neg})
		if !strings.HasPrefix(line, "Model W+R x86tso Always ") || contradicts != tc.contradicts {
			t.Errorf("%d of 100 without the outcome: %q, contradicts %v; want %v", tc.neg, line, contradicts, tc.contradicts)
		}
	}
}

// A shape whose litmus text the checker cannot decide gets a line that
// says so, and contradicts nothing, whatever the run saw.
func TestModelLineNotDecided(t *testing.T) {
	bad := &stress.Shape{Name: "Bad", Litmus: map[string]string{stress.KeyX86_64: "X86_64 Bad\n{ }\n P0 ;\n frob (x) ;\nexists (0:rax=1)\n"}}
	line, contradicts := modelLine(&stress.Result{Shape: bad, Impl: atomicfence.ImplAMD64, Positive: 3, Negative: 97})
	if !strings.HasPrefix(line, "Model Bad x86tso: not decided: Bad.litmus:4: ") || contradicts {
		t.Errorf("%q, contradicts %v; want the checker's error and no contradiction", line, contradicts)
	}
}

// A shape stopped by -timeout says so; one stopped before any iteration
// finished says that nothing was measured, gives no verdict on what was
// seen, and fails.
func TestStressTimeout(t *testing.T) {
	sb, _ := stress.Lookup("SB")
	o := &stressOptions{cfg: stress.Config{Iterations: 100_000, Runs: 1000, Timeout: time.Nanosecond}, shapes: []*stress.Shape{sb}}
	var out, errOut bytes.Buffer
	rc := stressShapes(context.Background(), &out, &errOut, o, nil)
	if !strings.Contains(out.String(), "% stopped early (timeout): the counts below are what was finished") {
		t.Errorf("output after a timeout:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Positive: 0, Negative: 0") {
		t.Fatalf("an iteration finished within 1ns; the test needs none to:\n%s", out.String())
	}
	if rc != 1 || !strings.Contains(out.String(), ": nothing measured: no iteration finished\n") ||
		!strings.Contains(errOut.String(), "fencelab stress: SB: no iteration finished within -timeout 1ns: nothing was measured") {
		t.Errorf("no iteration: exit %d, stdout\n%s\nstderr %q", rc, out.String(), errOut.String())
	}
}

// sbListed finds the line of -list that names SB.
var sbListed = regexp.MustCompile(`(?m)^SB\s+exists \(`)

// runStressMain runs fencelab stress as the command does, with args.
func runStressMain(t *testing.T, stdout io.Writer, args ...string) (rc int, stderr string) {
	t.Helper()
	var errOut bytes.Buffer
	rc = stressMain(context.Background(), args, stdout, &errOut)
	return rc, errOut.String()
}

// TestStressMainUsage: -h prints the usage with every flag on stdout and
// exits 0, a flag that does not exist is reported on the command's stderr
// and exits 2, and -list lists the shapes without running one.
func TestStressMainUsage(t *testing.T) {
	var out bytes.Buffer
	rc, errOut := runStressMain(t, &out, "-h")
	if rc != 0 || errOut != "" {
		t.Errorf("-h: exit status %d, stderr %q; want 0 and nothing", rc, errOut)
	}
	for _, want := range []string{"usage: fencelab stress", "-barrier string", "-nopin", "-stride int"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h: stdout lacks %q:\n%s", want, out.String())
		}
	}
	if rc, errOut := runStressMain(t, io.Discard); rc != 2 || !strings.Contains(errOut, "usage: fencelab stress") ||
		!strings.Contains(errOut, "fencelab stress: no shape named") {
		t.Errorf("no shape: exit status %d, stderr %q; want 2, the usage and the error", rc, errOut)
	}
	if rc, errOut := runStressMain(t, io.Discard, "-nope", "SB"); rc != 2 || !strings.Contains(errOut, "flag provided but not defined: -nope") {
		t.Errorf("-nope: exit status %d, stderr %q; want 2 and the flag named", rc, errOut)
	}
	out.Reset()
	if rc, errOut := runStressMain(t, &out, "-list"); rc != 0 || !sbListed.MatchString(out.String()) ||
		strings.Contains(out.String(), "% fencelab stress on") {
		t.Errorf("-list: exit status %d, stderr %q, stdout\n%s\nwant 0 and the shapes, nothing run", rc, errOut, out.String())
	}
}

// TestStressMainRunsShapes runs a shape through the command: its report,
// no stop notice for a run that finished, and a report that cannot be
// written stops the command with status 1 and the writer's error.
func TestStressMainRunsShapes(t *testing.T) {
	var out bytes.Buffer
	rc, errOut := runStressMain(t, &out, "-n", "200", "-runs", "1", "MP+rel+acq")
	if rc != 0 || !strings.Contains(out.String(), "\n% MP+rel+acq: ") || !strings.Contains(out.String(), "Observation MP+rel+acq Never") {
		t.Errorf("exit status %d, stderr %q, stdout\n%s\nwant 0 and MP+rel+acq's report", rc, errOut, out.String())
	}
	if strings.Contains(out.String(), "stopped early") || sbListed.MatchString(out.String()) {
		t.Errorf("a stop notice or the list of shapes in a finished run:\n%s", out.String())
	}
	rc, errOut = runStressMain(t, failingWriter{}, "-n", "200", "-runs", "1", "MP+rel+acq")
	if want := "fencelab stress: " + errFailingWriter.Error() + "\n"; rc != 1 || errOut != want {
		t.Errorf("unwritable report: exit status %d, stderr %q; want 1 and %q", rc, errOut, want)
	}
}

// TestStressDefaults: the flags' defaults, litmus7's sizes without
// shuffling, pinned workers and the userfence barrier.
func TestStressDefaults(t *testing.T) {
	o, err := parseStressFlags([]string{"SB"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := o.cfg
	if c.Iterations != 100_000 || c.Runs != 10 || c.Stride != 128 || c.Shuffle || c.Barrier != stress.UserFence ||
		c.Timeout != time.Minute || c.NoPin || o.list {
		t.Errorf("defaults %+v, list %v", c, o.list)
	}
}

// TestStressHeaderNotes: the header says that only SC shows where every
// primitive is sync/atomic, that qemu-user shows the host's ordering on
// arm64 where the program runs under it, and that the run shows the
// machine's arm64 ordering where it does not; none of the notes appears
// elsewhere.
func TestStressHeaderNotes(t *testing.T) {
	var b bytes.Buffer
	writeStressHeader(&b)
	generic := atomicfence.Impl() == atomicfence.ImplGeneric
	if got := strings.Contains(b.String(), "% every primitive is sync/atomic here"); got != generic {
		t.Errorf("the sync/atomic note shown %v with implementation %s:\n%s", got, atomicfence.Impl(), b.String())
	}
	arm64 := !generic && runtime.GOARCH == "arm64"
	if got, want := strings.Contains(b.String(), "% under qemu-user"), arm64 && emulatedOnX86(); got != want {
		t.Errorf("the qemu-user note shown %v, want %v:\n%s", got, want, b.String())
	}
	if got, want := strings.Contains(b.String(), "% no sign of qemu-user"), arm64 && !emulatedOnX86(); got != want {
		t.Errorf("the arm64 hardware note shown %v, want %v:\n%s", got, want, b.String())
	}
}
