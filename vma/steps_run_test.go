//go:build !vmasteps

package vma

import (
	"os/exec"
	"testing"
)

// TestSteps runs the step tests (steps_test.go), which stop StartRead,
// EndRead and StartWrite between two of their steps. Their hooks exist
// only with the vmasteps build tag, so that the read path of every other
// build compiles to exactly what it would without them; the tests run in
// a build of their own.
func TestSteps(t *testing.T) {
	out, err := exec.Command("go", "test", "-tags", "vmasteps", "-run", "^TestStep", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go test -tags vmasteps -run ^TestStep: %v\n%s", err, out)
	}
	t.Logf("go test -tags vmasteps -run ^TestStep: %s", out)
}
