// Command fencelab measures, disassembles and checks memory-ordered code:
//
//	fencelab bench   [flags]               compare fence placements, with a chart
//	fencelab disasm  [flags] [ROUTINE...]  the instructions each routine compiles to
//	fencelab check   [flags] FILE|DIR...   decide litmus tests under SC, x86-TSO, ARMv8, RVWMO or Power
//	fencelab stress  [flags] SHAPE...      run litmus shapes on real cores and count outcomes
//	fencelab verify  [flags]               derive litmus tests from the vma machine code and decide them
//
// Run "fencelab COMMAND -h" for the flags of each command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: fencelab COMMAND [flags] [args]

commands:
  bench    compare fence placements, print a benchstat table and write a chart
  disasm   print the instructions of the routines for amd64, arm64, arm64-lse,
           riscv64, loong64 or ppc64le
  check    decide herd7 litmus tests under SC, x86-TSO, ARMv8, RVWMO or Power
  stress   run litmus shapes on real cores and count outcomes, as litmus7 does
  verify   derive litmus tests from the compiled vma code and decide them

Run "fencelab COMMAND -h" for the flags of each command.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "help", "-h", "-help", "--help":
		os.Exit(help(os.Args[2:]))
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "fencelab: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	os.Exit(run(os.Args[2:]))
}

// commands are the commands, by name.
var commands = map[string]func(args []string) int{
	"bench":  interruptibleCommand(benchMain),
	"disasm": interruptibleCommand(disasmMain),
	"check":  interruptibleCommand(checkMain),
	"stress": interruptibleCommand(stressMain),
	"verify": interruptibleCommand(verifyMain),
}

// help prints the usage, or that of the one command it names.
func help(args []string) int {
	switch {
	case len(args) == 0:
		fmt.Print(usage)
		return 0
	case len(args) > 1:
		fmt.Fprintf(os.Stderr, "fencelab help: one command at most, got %q\n", args)
		return 2
	}
	run, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "fencelab help: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return run([]string{"-h"})
}

// interruptedStatus is the exit status of a command that Ctrl-C or SIGTERM
// stopped, the one a shell gives a process that SIGINT ended.
const interruptedStatus = 130

// interruptibleCommand runs main on the process's standard output and
// error with a context that Ctrl-C or SIGTERM ends: the command then stops
// its builds and runs, removes its temporary files, and exits with
// interruptedStatus.
func interruptibleCommand(main func(context.Context, []string, io.Writer, io.Writer) int) func([]string) int {
	return func(args []string) int {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sig)
		go func() {
			select {
			case <-sig:
				// The signals get their default action back before ctx
				// ends: a second Ctrl-C ends the process at once, should
				// the command be slow to stop.
				signal.Stop(sig)
				cancel()
			case <-ctx.Done():
			}
		}()
		return main(ctx, args, os.Stdout, os.Stderr)
	}
}

// misplacedFlag refuses an argument after the first non-flag one that looks
// like a flag: the flag package stops at the first non-flag, and would take
// "-arch" in "disasm mb -arch arm64" for a routine's name. After "--",
// which ends the flags on purpose, every argument is a name.
func misplacedFlag(fs *flag.FlagSet, args []string, what string) error {
	rest := fs.Args()
	if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
		return nil
	}
	for _, a := range rest {
		if len(a) > 1 && a[0] == '-' {
			return fmt.Errorf("%s: flags go before the %s", a, what)
		}
	}
	return nil
}

// writableDir makes dir, which flag names, if it is missing, and checks
// that a file can be written there: before a run whose results would
// otherwise be lost at its end.
func writableDir(flag, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".fencelab-check-*")
	if err != nil {
		return fmt.Errorf("%s %s: no file can be written there: %w", flag, dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// newFlagSet returns the flag set of command name, whose usage is text and
// then the flags, written to w with the flag errors.
func newFlagSet(name, text string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprint(w, text)
		fs.PrintDefaults()
	}
	return fs
}

// usageOut is where a command writes its usage and flag errors: stdout
// when its arguments ask for the usage (-h, -help, --help), which is then
// what the command was asked for, as with "fencelab help COMMAND | less",
// and stderr otherwise.
func usageOut(args []string, stdout, stderr io.Writer) io.Writer {
	for _, a := range args {
		switch a {
		case "--":
			return stderr
		case "-h", "-help", "--help":
			return stdout
		}
	}
	return stderr
}

// parseStatus is the exit status of a command whose flags did not parse:
// 0 for -h, which printed the usage that was asked for, and 2 for bad
// usage, which the flag package has reported.
func parseStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}
