package pgoread_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// The tests here run the go command on this package: on amd64 hosts only,
// never under emulation, as the root package's assembly tests do.
func needGoCommand(t *testing.T) {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("runs the go command: amd64 hosts only, never under emulation")
	}
}

// goCommand runs the go command in this package's directory for t.
func goCommand(t *testing.T, tg target.Target, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(cmd.Environ(), tg.BuildEnv("linux")...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// inlined matches the compiler's report that it inlined a call of name
// into ReadLoop (pgoread.go).
func inlined(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\./pgoread\.go:\d+:\d+: inlining call to vma\.\(\*VMA\)\.` + name + `$`)
}

// TestPGOInlines builds the package with -gcflags=-m: with default.pgo the
// compiler inlines StartRead and EndRead into ReadLoop; without it, both
// stay calls, over the inliner's budget. The first half fails when the
// profile no longer matches the code (make it again, see the package
// documentation); the second when the read path has come within the budget,
// and the profile is no longer needed.
func TestPGOInlines(t *testing.T) {
	needGoCommand(t)
	host := target.Host()
	withProfile := goCommand(t, host, "build", "-pgo=default.pgo", "-gcflags=-m", ".")
	without := goCommand(t, host, "build", "-pgo=off", "-gcflags=-m=2", ".")
	for _, name := range []string{"StartRead", "EndRead"} {
		if !inlined(name).MatchString(withProfile) {
			t.Errorf("with default.pgo, ReadLoop's call of %s is not inlined:\n%s", name, withProfile)
		}
		if inlined(name).MatchString(without) {
			t.Errorf("without a profile, ReadLoop's call of %s is inlined: the profile is no longer needed", name)
		}
	}
	// The reason, in the vma package's own report (with -m=2 the compiler
	// says why it did not inline each function it compiles).
	vmaReport := goCommand(t, host, "build", "-pgo=off", "-gcflags=github.com/atomicfence/atomicfence/vma=-m=2", ".")
	for _, name := range []string{"StartRead", "EndRead"} {
		over := regexp.MustCompile(`cannot inline \(\*VMA\)\.` + name + `: function too complex: cost \d+ exceeds budget 80`)
		if !over.MatchString(vmaReport) {
			t.Errorf("vma's %s is not reported over the inliner's budget of 80", name)
		}
	}
}

// TestPGOAssembly disassembles the test binary built with default.pgo and
// checks ReadLoop: on amd64 it holds the increment's LOCK CMPXCHGL, then
// the acquire load of mm_lock_seq and the load of vm_lock_seq of the
// recheck, then the release's LOCK XADDL, inline, with no call of
// StartRead, EndRead or of any routine of the root package; the calls left
// (the back-off, EndRead's rare path) are on the failure paths. Built with
// -pgo=off, the same rules fail.
func TestPGOAssembly(t *testing.T) {
	needGoCommand(t)
	host := target.Host()
	dir := t.TempDir()
	const (
		cmpxchg = `LOCK CMPXCHGL \w+, (0x[0-9a-f]+|0)\(\w+\)`
		load    = `(MOVL|CMPL) (0x[0-9a-f]+|0)\(\w+\), \w+`
		xadd    = `LOCK XADDL \w+, (0x[0-9a-f]+|0)\(\w+\)`
	)
	rules := []disasm.Rule{
		disasm.InOrder(cmpxchg, load, load, xadd),
		disasm.Lacks(`CALL .*vma\.\(\*VMA\)\.(StartRead|EndRead|recheck)\(SB\)`),
		disasm.Lacks(`CALL github\.com/atomicfence/atomicfence\.\w+(\.abi0)?\(SB\)`),
	}
	for _, pgo := range []string{"default.pgo", "off"} {
		bin := filepath.Join(dir, "pgoread-"+pgo+".test")
		goCommand(t, host, "test", "-c", "-trimpath", "-pgo="+pgo, "-o", bin, ".")
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		funcs, err := disasm.Objdump(ctx, bin, host.GOARCH, `pgoread\.ReadLoop$`)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if len(funcs) != 1 {
			t.Fatalf("-pgo=%s: %d functions named ReadLoop in the listing, want 1", pgo, len(funcs))
		}
		err = disasm.Check("ReadLoop with -pgo="+pgo, funcs[0].Insts, rules...)
		switch {
		case pgo != "off" && err != nil:
			t.Error(err)
		case pgo == "off" && err == nil:
			t.Error("ReadLoop built with -pgo=off passes the rules of the inlined read path: they show nothing")
		}
	}
}
