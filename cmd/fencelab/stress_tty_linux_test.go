package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/atomicfence/atomicfence/stress"
)

// openTerminal opens a pseudo-terminal and returns its two ends: what is
// written to tty can be read from pty. It skips the test where the system
// gives none.
func openTerminal(t *testing.T) (pty, tty *os.File) {
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { pty.Close() })
	fd := int(pty.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("cannot unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminal number: %v", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open the terminal's end: %v", err)
	}
	return pty, tty
}

// TestStressClearsProgressOnATerminal: on a terminal the progress line is
// shown in place and blanked before the shape's report is printed, so
// that no stale progress is left above or inside the report.
func TestStressClearsProgressOnATerminal(t *testing.T) {
	pty, tty := openTerminal(t)
	const msg = "SB: run 1/1, 40 iterations, 3 weak, 1s"
	replaceRunShape(t, func(ctx context.Context, s *stress.Shape, cfg stress.Config) (*stress.Result, error) {
		if cfg.Progress != nil {
			cfg.Progress(stress.Progress{Shape: s.Name, Run: 1, Runs: cfg.Runs, Iterations: 40, Positive: 3, Elapsed: time.Second})
		}
		return stress.Run(ctx, s, cfg)
	})
	read := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(pty) // ends with EIO once the terminal's end is closed
		read <- b
	}()
	code := stressMain(context.Background(), strings.Fields("-n 100 -runs 1 -nopin SB"), tty, tty)
	tty.Close()
	out := string(<-read)
	if code != 0 {
		t.Fatalf("exit status %d\n%q", code, out)
	}
	shown := strings.Index(out, "\r"+msg)
	cleared := strings.Index(out, "\r"+strings.Repeat(" ", len(msg))+"\r")
	report := strings.Index(out, "% SB: ")
	if shown < 0 || cleared < shown || report < cleared {
		t.Errorf("want the progress line shown, then blanked, then the report; at %d, %d, %d of\n%q", shown, cleared, report, out)
	}
	if strings.Count(out, msg) != 1 {
		t.Errorf("the progress line is not shown exactly once:\n%q", out)
	}
}
