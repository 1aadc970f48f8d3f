package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestFailedCommandsClean: a command that builds programs and is
// interrupted (its context ended, as Ctrl-C or SIGTERM ends it) exits with
// status 130, says so, and leaves none of its temporary directories, nor
// the work directories of the go commands it ran, which a go command that
// is stopped leaves behind. bench and verify are interrupted in the middle
// of a run far longer than the wait (in its builds, where the build cache
// is cold), disasm before it starts. One whose build fails (every tool the
// go command runs exits 1, by -toolexec) exits with status 1, names the go
// command that failed and its error, prints no result, and leaves nothing
// behind either.
func TestFailedCommandsClean(t *testing.T) {
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
		for _, broken := range []bool{false, true} {
			name := c.name + "/interrupted"
			if broken {
				name = c.name + "/build-fails"
			}
			t.Run(name, func(t *testing.T) {
				tmp := t.TempDir()
				t.Setenv("TMPDIR", tmp)
				ctx, cancel := context.WithTimeout(context.Background(), c.after)
				wantRC, wantErr := interruptedStatus, []string{"interrupted"}
				if broken {
					if runtime.GOOS == "windows" {
						t.Skip("the build is broken with false, a POSIX command")
					}
					t.Setenv("GOFLAGS", "-toolexec=false")
					ctx, cancel = context.WithCancel(context.Background())
					wantRC, wantErr = 1, []string{"fencelab " + c.name + ": ", " go ", "exit status 1", "go: error obtaining buildID"}
				}
				defer cancel()
				var stdout, stderr bytes.Buffer
				rc := c.run(ctx, c.args, &stdout, &stderr)
				if rc != wantRC {
					t.Errorf("exit status %d, stderr %q; want %d", rc, stderr.String(), wantRC)
				}
				for _, w := range wantErr {
					if !strings.Contains(stderr.String(), w) {
						t.Errorf("stderr %q lacks %q", stderr.String(), w)
					}
				}
				if broken && strings.TrimPrefix(stdout.String(), "building the atomicfence benchmarks for amd64\n") != "" {
					t.Errorf("a failed build printed more than its progress: %q", stdout.String())
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
}

// cancelAt is a progress writer that cancels the run, as Ctrl-C would,
// when the progress reaches a line holding at.
type cancelAt struct {
	bytes.Buffer
	at     string
	cancel context.CancelFunc
}

func (w *cancelAt) Write(b []byte) (int, error) {
	if strings.Contains(string(b), w.at) {
		w.cancel()
	}
	return w.Buffer.Write(b)
}
