package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/stress"
)

// TestStressHugeSizes: an -n or -stride so large that the arena's size
// overflows is refused with the arena's error as bad usage, before any
// report, not a panic of make.
func TestStressHugeSizes(t *testing.T) {
	for _, args := range [][]string{
		{"-n", strconv.Itoa(math.MaxInt), "SB"},
		{"-n", "10", "-runs", "1", "-stride", strconv.Itoa(math.MaxInt - 3), "SB"},
		{"-n", "100000000", "SB"},
	} {
		_, err := parseStressFlags(args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "lower -n or -stride") {
			t.Errorf("%v: error %v; want the arena's", args, err)
		}
	}
	// A Config that Check refuses still fails Run, as the arena's error.
	s, _ := stress.Lookup("SB")
	o := &stressOptions{cfg: stress.Config{Iterations: math.MaxInt}, shapes: []*stress.Shape{s}}
	var stdout, stderr bytes.Buffer
	if rc := stressShapes(context.Background(), &stdout, &stderr, o, nil); rc != 1 || !strings.Contains(stderr.String(), "lower -n or -stride") {
		t.Errorf("stressShapes of a huge -n: exit status %d, stderr %q; want 1 and the arena's error", rc, stderr.String())
	}
}

// TestBenchFromRefusesRunFlags: -from reports on saved results, which no
// flag of a run changes; such a flag beside it is refused, not ignored.
func TestBenchFromRefusesRunFlags(t *testing.T) {
	for _, f := range [][]string{
		{"-count", "3"}, {"-benchtime", "1x"}, {"-bench", "ReadLock"}, {"-filter", "ReadLock"},
		{"-arch", "386"}, {"-cpu", "1"}, {"-tags", "purego"}, {"-pgo", "bench"},
	} {
		args := append([]string{"-from", "results.txt"}, f...)
		_, err := parseBenchFlags(args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), f[0]) || !strings.Contains(err.Error(), "-from") {
			t.Errorf("fencelab bench %v: error %v, want one naming %s and -from", args, err, f[0])
		}
	}
	if _, err := parseBenchFlags([]string{"-from", "results.txt", "-out", "report"}, &bytes.Buffer{}); err != nil {
		t.Errorf("-from with -out: %v", err)
	}
}

// TestBenchEmptyOut: an empty -out is bad usage, named as such, where it
// failed later with mkdir's "no such file or directory" and no flag.
func TestBenchEmptyOut(t *testing.T) {
	from := filepath.Join(t.TempDir(), "results.txt")
	if err := os.WriteFile(from, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	rc := benchMain(context.Background(), []string{"-out", "", "-from", from}, &bytes.Buffer{}, &stderr)
	if rc != 2 || !strings.Contains(stderr.String(), "-out") {
		t.Errorf("exit status %d, stderr %q; want 2 and a message naming -out", rc, stderr.String())
	}
}
