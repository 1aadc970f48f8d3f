package main

import (
	"context"
	"fmt"
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
	// Through the raw descriptor, not Fd, which would make pty's reads
	// blocking and its read deadline void.
	rc, err := pty.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if cerr := rc.Control(func(fd uintptr) {
		if err = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); err == nil {
			n, err = unix.IoctlGetInt(int(fd), unix.TIOCGPTN)
		}
	}); cerr != nil || err != nil {
		t.Skipf("cannot unlock the pseudo-terminal or find its number: %v, %v", cerr, err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open the terminal's end: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return pty, tty
}

// readTerminal returns what was written to the terminal up to the line
// end, which the caller writes last, so that nothing written before it is
// left unread; or what it read and the error that stopped it.
func readTerminal(pty *os.File, end string) (string, error) {
	if err := pty.SetReadDeadline(time.Now().Add(time.Minute)); err != nil {
		return "", err
	}
	var b []byte
	buf := make([]byte, 4096)
	for !strings.Contains(string(b), end) {
		n, err := pty.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			return string(b), err
		}
	}
	return string(b), nil
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
	// The terminal holds a few kilobytes: read it while the command writes.
	const end = "end of the command's output"
	var out string
	var err error
	read := make(chan struct{})
	go func() {
		out, err = readTerminal(pty, end)
		close(read)
	}()
	code := stressMain(context.Background(), strings.Fields("-n 100 -runs 1 -nopin SB"), tty, tty)
	fmt.Fprintln(tty, end)
	<-read
	if err != nil || code != 0 {
		t.Fatalf("exit status %d, reading the terminal: %v\n%q", code, err, out)
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
