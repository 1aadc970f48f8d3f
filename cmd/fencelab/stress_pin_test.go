package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/stress"
)

// The warning that the workers could not be pinned comes exactly when the
// setup line says so; a run that pinned, or was told not to, warns nothing.
// On Linux the workers are pinned unless -nopin says not to.
func TestStressWarnsOnlyWhenPinningFailed(t *testing.T) {
	for _, nopin := range []bool{false, true} {
		args := "-n 100 -runs 1 SB"
		if nopin {
			args = "-n 100 -runs 1 -nopin SB"
		}
		o, err := parseStressFlags(strings.Fields(args), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		if code := stressShapes(context.Background(), &out, &errs, o, nil); code != 0 {
			t.Fatalf("%s: exit status %d\nstdout:\n%s\nstderr:\n%s", args, code, out.String(), errs.String())
		}
		failed := strings.Contains(out.String(), "not pinned (")
		warned := strings.Contains(errs.String(), "could not pin the workers")
		if failed != warned {
			t.Errorf("%s: setup says pinning failed: %v, warning printed: %v\nstdout:\n%s\nstderr:\n%s",
				args, failed, warned, out.String(), errs.String())
		}
		if !nopin && runtime.GOOS == "linux" && !failed && !strings.Contains(out.String(), ", pinned to CPUs ") {
			t.Errorf("%s: on Linux the workers are pinned unless -nopin\nstdout:\n%s", args, out.String())
		}
		if nopin && (warned || !strings.Contains(out.String(), ", not pinned,")) {
			t.Errorf("%s: want a plain \"not pinned\" and no warning\nstdout:\n%s\nstderr:\n%s", args, out.String(), errs.String())
		}
	}
}

// replaceRunShape makes the command run shapes with f for the rest of the
// test.
func replaceRunShape(t *testing.T, f func(context.Context, *stress.Shape, stress.Config) (*stress.Result, error)) {
	saved := runShape
	runShape = f
	t.Cleanup(func() { runShape = saved })
}

// TestStressReportsPinFailure: a run whose workers could not be pinned is
// still reported, with the reason in its setup line and a warning on
// stderr naming the shape, and the command succeeds.
func TestStressReportsPinFailure(t *testing.T) {
	pinErr := errors.New("sched_setaffinity: operation not permitted")
	replaceRunShape(t, func(ctx context.Context, s *stress.Shape, cfg stress.Config) (*stress.Result, error) {
		cfg.NoPin = true
		res, err := stress.Run(ctx, s, cfg)
		if err == nil {
			res.PinErr = pinErr
		}
		return res, err
	})
	var out, errs bytes.Buffer
	if code := stressMain(context.Background(), strings.Fields("-n 100 -runs 1 SB"), &out, &errs); code != 0 {
		t.Fatalf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errs.String())
	}
	if want := "fencelab stress: SB: could not pin the workers: " + pinErr.Error() + "\n"; errs.String() != want {
		t.Errorf("stderr %q, want %q", errs.String(), want)
	}
	if !strings.Contains(out.String(), ", not pinned ("+pinErr.Error()+"), ") || !strings.Contains(out.String(), "\nObservation SB ") {
		t.Errorf("the report does not give the reason in its setup line, or is missing:\n%s", out.String())
	}
}

// TestStressShowsProgress: the command passes its progress line to the
// run, so that a shape that has run ten seconds says so on stderr.
func TestStressShowsProgress(t *testing.T) {
	replaceRunShape(t, func(ctx context.Context, s *stress.Shape, cfg stress.Config) (*stress.Result, error) {
		if cfg.Progress == nil {
			return nil, errors.New("the run was given no progress line")
		}
		cfg.Progress(stress.Progress{Shape: s.Name, Run: 1, Runs: cfg.Runs, Iterations: 40, Positive: 3, Elapsed: 11 * time.Second})
		return stress.Run(ctx, s, cfg)
	})
	var out, errs bytes.Buffer
	if code := stressMain(context.Background(), strings.Fields("-n 100 -runs 2 -nopin SB"), &out, &errs); code != 0 {
		t.Fatalf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errs.String())
	}
	if want := "fencelab stress: SB: run 1/2, 40 iterations, 3 weak, 11s\n"; errs.String() != want {
		t.Errorf("stderr %q, want %q", errs.String(), want)
	}
}
