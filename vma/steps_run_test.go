//go:build !vmasteps

package vma

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestSteps runs the step tests (steps_test.go), which stop StartRead,
// EndRead and StartWrite between two of their steps. Their hooks exist
// only with the vmasteps build tag, so that the read path of every other
// build compiles to exactly what it would without them; the tests run in
// a build of their own.
//
// It builds and runs a test binary of its own, which -short leaves out: the
// runs under qemu-user are short, and a 386 binary under qemu-i386 dies
// in fork/exec.
func TestSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary of its own: not in -short")
	}
	host, err := exec.Command("go", "env", "GOHOSTARCH").Output()
	if err != nil {
		t.Skipf("no go command to build the vmasteps tests with: %v", err)
	}
	if h := strings.TrimSpace(string(host)); h != runtime.GOARCH {
		t.Skipf("a %s test binary on a %s host (emulated): the vmasteps build would be one this host cannot run", runtime.GOARCH, h)
	}
	out, err := exec.Command("go", "test", "-tags", "vmasteps", "-run", "^TestStep", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go test -tags vmasteps -run ^TestStep: %v\n%s", err, out)
	}
	t.Logf("go test -tags vmasteps -run ^TestStep: %s", out)
}
