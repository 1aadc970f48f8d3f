package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// mainArgsEnv, set, makes the test binary run main with the arguments it
// holds (separated by newlines) in place of the tests.
const mainArgsEnv = "FENCELAB_TEST_MAIN_ARGS"

// stubbornEnv, set, makes the test binary run, in place of the tests, an
// interruptible command that never stops once interrupted (see
// TestSecondInterruptEnds).
const stubbornEnv = "FENCELAB_TEST_STUBBORN"

func TestMain(m *testing.M) {
	if _, ok := os.LookupEnv(stubbornEnv); ok {
		os.Exit(interruptibleCommand(func(ctx context.Context, _ []string, stdout, _ io.Writer) int {
			fmt.Fprintln(stdout, "started")
			<-ctx.Done()
			fmt.Fprintln(stdout, "interrupted")
			select {}
		})(nil))
	}
	if args, ok := os.LookupEnv(mainArgsEnv); ok {
		os.Args = []string{"fencelab"}
		if args != "" {
			os.Args = append(os.Args, strings.Split(args, "\n")...)
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestMainDispatch runs the command as a user does: each command reached
// by its name, and its exit status that of the process; no command, or
// one it does not know, is the usage on stderr and status 2, not a panic.
// A usage asked for (-h, help COMMAND) is the output, on stdout; one that
// a wrong flag brings is on stderr.
func TestMainDispatch(t *testing.T) {
	needsGoCommand(t)
	for _, tc := range []struct {
		args           []string
		status         int
		stdout, stderr string
	}{
		{[]string{"stress", "-list"}, 0, "MP+rel+acq ", ""},
		{[]string{"stress", "NoSuchShape"}, 2, "", ""},
		{[]string{"check", "../../stress/shapes/X86_64/MP.litmus"}, 0, "Observation MP Never 0 3\n", ""},
		{[]string{"bench", "-h"}, 0, "usage: fencelab bench", ""},
		{[]string{"disasm", "-help"}, 0, "usage: fencelab disasm", ""},
		{[]string{"verify", "--help"}, 0, "usage: fencelab verify", ""},
		{[]string{"stress", "-h"}, 0, "usage: fencelab stress", ""},
		{[]string{"help"}, 0, "usage: fencelab COMMAND", ""},
		{[]string{"help", "check"}, 0, "usage: fencelab check", ""},
		{[]string{"check", "-nosuchflag"}, 2, "", "usage: fencelab check"},
		{[]string{"bench", "-count", "x"}, 2, "", "usage: fencelab bench"},
		{[]string{"help", "bogus"}, 2, "", "fencelab help: unknown command \"bogus\""},
		{[]string{"help", "check", "bench"}, 2, "", "fencelab help: one command at most"},
		{[]string{"stress", "SB", "-n", "10"}, 2, "", "fencelab stress: -n: flags go before the SHAPE names"},
		{[]string{"nosuchcommand"}, 2, "", "fencelab: unknown command \"nosuchcommand\"\n\nusage: fencelab COMMAND"},
		{nil, 2, "", "usage: fencelab COMMAND"},
	} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), mainArgsEnv+"="+strings.Join(tc.args, "\n"))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		status := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			status = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != tc.status || !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderr) ||
			strings.Contains(stderr.String(), "panic") {
			t.Errorf("fencelab %s: exit status %d, stdout %q, stderr %q; want %d, %q and %q",
				strings.Join(tc.args, " "), status, stdout.String(), stderr.String(), tc.status, tc.stdout, tc.stderr)
		}
	}
}

// TestHelpExitStatus: every command prints its usage for -h and exits 0,
// and exits 2 on a flag it does not know.
func TestHelpExitStatus(t *testing.T) {
	commands := map[string]func(args []string, stdout, stderr *bytes.Buffer) int{
		"bench":  func(a []string, o, e *bytes.Buffer) int { return benchMain(context.Background(), a, o, e) },
		"disasm": func(a []string, o, e *bytes.Buffer) int { return disasmMain(context.Background(), a, o, e) },
		"check":  func(a []string, o, e *bytes.Buffer) int { return checkMain(context.Background(), a, o, e) },
		"verify": func(a []string, o, e *bytes.Buffer) int { return verifyMain(context.Background(), a, o, e) },
	}
	for name, run := range commands {
		var stdout, stderr bytes.Buffer
		if rc := run([]string{"-h"}, &stdout, &stderr); rc != 0 || !strings.Contains(stdout.String()+stderr.String(), "usage") {
			t.Errorf("fencelab %s -h: exit %d, output %q; want 0 and the usage", name, rc, stdout.String()+stderr.String())
		}
		if rc := run([]string{"-nosuchflag"}, &stdout, &stderr); rc != 2 {
			t.Errorf("fencelab %s -nosuchflag: exit %d, want 2", name, rc)
		}
	}
}

// TestUsageWrapped: the prose of each command's usage, everything after
// its synopsis, is wrapped to a terminal's 80 columns.
func TestUsageWrapped(t *testing.T) {
	for name, text := range map[string]string{
		"fencelab": usage, "bench": benchUsage, "check": checkUsage, "disasm": disasmUsage,
		"stress": stressUsage, "verify": verifyUsage,
	} {
		_, prose, ok := strings.Cut(text, "\n\n")
		if !ok || strings.TrimSpace(prose) == "" {
			t.Errorf("%s: no text after the synopsis", name)
			continue
		}
		for i, line := range strings.Split(prose, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%s: prose line %d has %d columns: %q", name, i+1, n, line)
			}
		}
	}
}
