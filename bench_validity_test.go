package atomicfence_test

import (
	"context"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// benchClosures builds this package's test binary for amd64 and returns
// the listings of the functions whose symbols match the regular
// expression symbols.
func benchClosures(t *testing.T, symbols string) []disasm.Func {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles with the go command: amd64 hosts only, never under emulation")
	}
	tg, err := target.Lookup("amd64")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "atomicfence.test")
	if err := disasm.BuildTest(ctx, tg, ".", bin); err != nil {
		t.Fatal(err)
	}
	funcs, err := disasm.Objdump(ctx, bin, "amd64", symbols)
	if err != nil {
		t.Fatal(err)
	}
	return funcs
}

// TestPrimitiveCaseClosuresCallDirectly extends
// TestPrimitiveBenchmarksCallDirectly to every closure that runs a case of
// BenchmarkPrimitive, wherever the compiler names it: the cases that
// benchTypes and benchFenceAlternatives add too, whose closures the
// compiler copies into BenchmarkPrimitive where it inlines their function
// (BenchmarkPrimitive.benchFenceAlternatives.func…). Such a copy can keep
// a call of its helper, which then calls the operation through a function
// value: alt-mb-return-slot would then pay two calls more than mb, which
// it is compared with. Each fence case must call its routine directly.
func TestPrimitiveCaseClosuresCallDirectly(t *testing.T) {
	funcs := benchClosures(t, `^github\.com/atomicfence/atomicfence_test\.(BenchmarkPrimitive|benchTypes|benchFenceAlternatives)\..*func`)
	helper := `CALL github\.com/atomicfence/atomicfence_test\.bench[A-Z].*`
	// The routine of each fence case, called directly from its closure.
	want := map[string]bool{"mb": false, "mandatoryRmb": false, "mandatoryWmb": false, "mandatoryMb": false, "mbReturnSlot": false}
	call := regexp.MustCompile(`^CALL github\.com/atomicfence/atomicfence\.(\w+)\.abi0\(SB\)$`)
	for _, f := range funcs {
		if err := disasm.Check(f.Name(), f.Insts, disasm.Lacks(indirectCall), disasm.Lacks(helper)); err != nil {
			t.Error(err)
		}
		for _, in := range f.Insts {
			if m := call.FindStringSubmatch(strings.TrimSpace(in.Text)); m != nil {
				if _, ok := want[m[1]]; ok {
					want[m[1]] = true
				}
			}
		}
	}
	for routine, called := range want {
		if !called {
			t.Errorf("no case of BenchmarkPrimitive calls %s directly", routine)
		}
	}
}
