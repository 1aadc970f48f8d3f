package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// TestInterruptedCommandsClean: a command that builds programs and is
// interrupted (its context ended, as Ctrl-C or SIGTERM ends it) exits with
// status 130, says so, and leaves none of its temporary directories, nor
// the work directories of the go commands it ran, which a go command that
// is stopped leaves behind. bench and verify are interrupted in the middle
// of a run far longer than the wait (in its builds, where the build cache
// is cold), disasm before it starts.
func TestInterruptedCommandsClean(t *testing.T) {
	needsGoCommand(t)
	cases := []struct {
		name  string
		run   func(ctx context.Context, args []string, stdout, stderr io.Writer) int
		args  []string
		after time.Duration // when the context ends
	}{
		{"bench", benchMain, []string{"-bench", "Primitive", "-count", "100", "-benchtime", "1s", "-out", t.TempDir()}, 3 * time.Second},
		{"disasm", disasmMain, []string{"-arch", "amd64", "Mb"}, 0},
		{"verify", verifyMain, []string{"-target", "arm64-llsc,arm64-lse,ppc64le,riscv64"}, 2 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			ctx, cancel := context.WithTimeout(context.Background(), c.after)
			defer cancel()
			var stdout, stderr bytes.Buffer
			if rc := c.run(ctx, c.args, &stdout, &stderr); rc != interruptedStatus || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("exit status %d, stderr %q; want %d and that it was interrupted", rc, stderr.String(), interruptedStatus)
			}
			left, err := os.ReadDir(tmp)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range left {
				t.Errorf("left behind in the temporary directory: %s", e.Name())
			}
		})
	}
}
