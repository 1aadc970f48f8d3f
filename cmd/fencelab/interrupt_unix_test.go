//go:build unix

package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startChild starts the test binary with env added, its stdout and stderr
// read together, line by line, through the returned reader.
func startChild(t *testing.T, env ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		r.Close()
	})
	return cmd, bufio.NewReader(r)
}

// waitLine reads r until a line that holds want, failing when r ends
// first.
func waitLine(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	for {
		l, err := r.ReadString('\n')
		if strings.Contains(l, want) {
			return
		}
		if err != nil {
			t.Fatalf("no line with %q before %v", want, err)
		}
	}
}

// waitExit waits for cmd, at most 20 seconds, and returns the rest of its
// output and its error.
func waitExit(t *testing.T, cmd *exec.Cmd, r io.Reader) (string, error) {
	t.Helper()
	rest := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(r)
		rest <- string(b)
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return <-rest, err
	case <-time.After(20 * time.Second):
		t.Fatal("the process did not end within 20 seconds")
		return "", nil
	}
}

// TestCheckCtrlC: fencelab check gets Ctrl-C through the process's
// signal, as a user sends it, once its test has run long enough to report
// progress, and stops that test: exit status 130 and the interruption on
// stderr.
func TestCheckCtrlC(t *testing.T) {
	needsGoCommand(t)
	big := bigTest(t)
	args := []string{"check", "-timeout", "0", "-max-executions", "0", "-max-paths", "0", "-max-states", "0", big}
	cmd, out := startChild(t, mainArgsEnv+"="+strings.Join(args, "\n"))
	waitLine(t, out, "still checking after")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, err := waitExit(t, cmd, out)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != interruptedStatus ||
		!strings.Contains(rest, "fencelab check: interrupted after 0 of 1 tests") {
		t.Errorf("after Ctrl-C: %v, output %q; want exit status %d and the interruption", err, rest, interruptedStatus)
	}
}

// TestSecondInterruptEnds: a command that is slow to stop after Ctrl-C
// is ended by a second one, as the signal's default action ends a
// process. A process started with SIGINT ignored, as a shell starts a
// background job, keeps it ignored once the command has stopped
// listening, as it should: no terminal sends that job a Ctrl-C.
func TestSecondInterruptEnds(t *testing.T) {
	needsGoCommand(t)
	if signal.Ignored(os.Interrupt) {
		t.Skip("SIGINT is ignored in this process, as in a background job, and so in the command it starts")
	}
	cmd, out := startChild(t, stubbornEnv+"=1")
	waitLine(t, out, "started")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	waitLine(t, out, "interrupted")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_, err := waitExit(t, cmd, out)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("after a second Ctrl-C: %v, want the process ended by the signal", err)
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("after a second Ctrl-C: %v, want the process ended by SIGINT", err)
	}
}
