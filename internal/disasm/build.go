package disasm

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/atomicfence/atomicfence/internal/target"
)

// Module is the path of the module whose functions Disassemble returns.
const Module = "github.com/atomicfence/atomicfence"

// ProbePkg is the program that links every routine of the module, so that
// the linker, which drops unreferenced functions, keeps them for objdump.
const ProbePkg = Module + "/internal/probe"

// moduleSymbols matches the symbols of the module's packages and of the
// probe's own functions.
var moduleSymbols = `^(` + regexp.QuoteMeta(Module) + `[./]|main\.)`

// Disassemble builds the probe for t with the build tags (none, or e.g.
// "vmadebug") and returns the listing of every function of the module,
// the probe's included. It runs the go command found in PATH from the
// current directory, which must be inside the module or a module that
// requires it.
func Disassemble(ctx context.Context, t target.Target, tags ...string) ([]Func, error) {
	dir, err := os.MkdirTemp("", "fencelab-disasm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "probe")
	if err := Build(ctx, t, ProbePkg, bin, tags...); err != nil {
		return nil, err
	}
	return Objdump(ctx, bin, t.GOARCH, moduleSymbols)
}

// Build compiles the main package pkg for t (GOOS=linux) into out.
// Objdump keeps this machine's paths out of the listing.
func Build(ctx context.Context, t target.Target, pkg, out string, tags ...string) error {
	return gobuild(ctx, t, []string{"build", "-o", out}, out, pkg, tags)
}

// BuildTest compiles the test binary of pkg for t (GOOS=linux) into out.
func BuildTest(ctx context.Context, t target.Target, pkg, out string, tags ...string) error {
	return gobuild(ctx, t, []string{"test", "-c", "-o", out}, out, pkg, tags)
}

func gobuild(ctx context.Context, t target.Target, args []string, out, pkg string, tags []string) error {
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(os.Environ(), append(t.BuildEnv("linux"), WorkDirEnv(out))...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return BuildError(t, args, err, b)
	}
	return nil
}

// WorkDirEnv is the environment variable that puts the go command's work
// directory beside out (GOTMPDIR): a go command stopped by an interrupt
// leaves that directory behind, and the callers build into, and
// disassemble from, directories of their own that they remove when they
// stop.
func WorkDirEnv(out string) string { return "GOTMPDIR=" + filepath.Dir(out) }

// outsideModule matches what the go command says when the current
// directory is in no module that holds or requires Module.
var outsideModule = regexp.MustCompile(`go\.mod file not found|no required module provides package ` + regexp.QuoteMeta(Module) + `|cannot find main module`)

// BuildError is the error of a failed go command that built for t with
// args, with its output. Where the output says that the current directory
// is outside the module, it leads with what to do about that.
func BuildError(t target.Target, args []string, err error, out []byte) error {
	e := fmt.Errorf("%s go %s: %v\n%s", strings.Join(t.BuildEnv("linux"), " "), strings.Join(args, " "), err, out)
	return ModuleError(e, out)
}

// ModuleError returns e, the error of a go command whose output was out,
// led by what to do where out says that the current directory is outside
// the module.
func ModuleError(e error, out []byte) error {
	if outsideModule.Match(out) {
		return notInModule(e)
	}
	return e
}

func notInModule(e error) error {
	return fmt.Errorf("this command builds programs of %s: run it inside a clone of that module, or of a module that requires it\n%w", Module, e)
}

// TestFuncs builds the test binary of the package in the current
// directory for t into dir, and returns the listings of its functions
// whose symbols match the regular expression symbols: go test runs a
// binary linked without a symbol table, so a test that examines its own
// package's compiled code needs a build of its own.
func TestFuncs(ctx context.Context, t target.Target, dir, symbols string) ([]Func, error) {
	bin := filepath.Join(dir, "pkg.test")
	if err := BuildTest(ctx, t, ".", bin); err != nil {
		return nil, err
	}
	return Objdump(ctx, bin, t.GOARCH, symbols)
}

// Objdump runs go tool objdump on binary for the symbols that match the
// regular expression symbols, and parses its listing, with each
// function's file as -trimpath writes it (trimFiles).
func Objdump(ctx context.Context, binary, goarch, symbols string) ([]Func, error) {
	cmd := exec.CommandContext(ctx, "go", "tool", "objdump", "-s", symbols, binary)
	cmd.Env = append(os.Environ(), WorkDirEnv(binary)) // go tool makes a work directory too
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go tool objdump -s %q: %v\n%s", symbols, err, stderr.String())
	}
	funcs, err := Parse(string(out), goarch)
	if err != nil {
		return nil, err
	}
	if goarch == "arm64" {
		if err := nameData(funcs, binary); err != nil {
			return nil, err
		}
	}
	trimFiles(funcs)
	return funcs, nil
}
