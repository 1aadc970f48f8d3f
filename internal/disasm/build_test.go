package disasm

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/target"
)

// needsGoCommand skips a test that runs the go command on a host that
// is not amd64: under qemu the go command is not run.
func needsGoCommand(t *testing.T) {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("starts processes: amd64 hosts only, never under emulation")
	}
}

// TestDisassembleTags: the build tags reach the build. Under purego the
// root package has no assembly, so its routine mb, which the default
// amd64 build links, is gone.
func TestDisassembleTags(t *testing.T) {
	needsGoCommand(t)
	has := func(tags ...string) bool {
		t.Helper()
		funcs, err := Disassemble(t.Context(), target.All[0], tags...)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range funcs {
			if f.Name() == "mb" {
				return true
			}
		}
		return false
	}
	if !has() {
		t.Fatal("the default amd64 build has no mb")
	}
	if has("purego") {
		t.Error("the purego build has mb: the tag did not reach the build")
	}
}

// TestBuildErrors: a failure of each step is an error that says what
// failed: the temporary directory, the go command (with the lead about
// the module only where its output says so), and objdump, whose listing
// of a binary it could not open is no empty listing.
func TestBuildErrors(t *testing.T) {
	needsGoCommand(t)
	missing := filepath.Join(t.TempDir(), "missing")
	t.Setenv("TMPDIR", missing)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Disassemble(ctx, target.All[0]); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Disassemble with TMPDIR missing: %v, want an error naming %s", err, missing)
	}

	const lead = "this command builds programs of " + Module
	args := []string{"build", "./x"}
	if err := BuildError(target.All[0], args, errors.New("exit status 1"), []byte("x.go:3:1: syntax error")); err == nil || strings.Contains(err.Error(), lead) ||
		!strings.Contains(err.Error(), "go build ./x: exit status 1\nx.go:3:1: syntax error") {
		t.Errorf("a compile error: %v; want the command and its output, without %q", err, lead)
	}
	if err := BuildError(target.All[0], args, errors.New("exit status 1"), []byte("go: go.mod file not found")); err == nil || !strings.HasPrefix(err.Error(), lead) {
		t.Errorf("outside a module: %v; want %q first", err, lead)
	}

	if funcs, err := Objdump(t.Context(), missing, "amd64", "."); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Objdump of a missing binary: %d functions, error %v; want objdump's complaint", len(funcs), err)
	}
}

// TestBuildOutsideModule: Disassemble and TestFuncs run from outside the
// module stop at the build, with its error and the lead that says where
// to run them, rather than going on to objdump a binary never built.
func TestBuildOutsideModule(t *testing.T) {
	needsGoCommand(t)
	dir := t.TempDir()
	t.Chdir(dir)
	const lead = "this command builds programs of " + Module
	if funcs, err := Disassemble(t.Context(), target.All[0]); err == nil || !strings.HasPrefix(err.Error(), lead) {
		t.Errorf("Disassemble outside the module: %d functions, error %v; want %q first", len(funcs), err, lead)
	}
	if funcs, err := TestFuncs(t.Context(), target.All[0], dir, "."); err == nil || !strings.HasPrefix(err.Error(), lead) || !strings.Contains(err.Error(), "go test -c") {
		t.Errorf("TestFuncs outside the module: %d functions, error %v; want %q first, and the go test command", len(funcs), err, lead)
	}
}
