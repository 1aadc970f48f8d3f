package main

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestBuildFuncAlign builds the vma benchmarks as fencelab bench does,
// with -funcalign 64 and without, and reads where the linker put the
// functions that hold the benchmarks' loops: every one on a 64-byte
// boundary with the flag, and not every one without it (the linker's
// own alignment is 32 bytes), so that the flag is what aligned them.
func TestBuildFuncAlign(t *testing.T) {
	needsGoCommand(t)
	if testing.Short() {
		t.Skip("builds the benchmark binaries; skipped in -short mode")
	}
	for _, align := range []int{64, 0} {
		o, err := parseBenchFlags([]string{"-funcalign", strconv.Itoa(align)}, &strings.Builder{})
		if err != nil {
			t.Fatal(err)
		}
		s := &benchSuite{name: "vma", pkg: "github.com/atomicfence/atomicfence/vma"}
		if err := buildSuite(context.Background(), o, s, t.TempDir()); err != nil {
			t.Fatal(err)
		}
		nm, err := exec.Command("go", "tool", "nm", s.bin).Output()
		if err != nil {
			t.Fatalf("go tool nm: %v", err)
		}
		var funcs, aligned int
		for _, line := range strings.Split(string(nm), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 || f[1] != "T" || !strings.HasPrefix(f[2], "github.com/atomicfence/atomicfence/vma") {
				continue
			}
			addr, err := strconv.ParseUint(f[0], 16, 64)
			if err != nil {
				t.Fatalf("go tool nm: %q: %v", line, err)
			}
			funcs++
			if addr%64 == 0 {
				aligned++
			}
		}
		switch {
		case funcs < 100:
			t.Errorf("-funcalign %d: %d functions of the vma packages in the binary, want the benchmarks' hundreds", align, funcs)
		case align == 64 && aligned != funcs:
			t.Errorf("-funcalign 64: %d of %d functions of the vma packages start on a 64-byte boundary, want all", aligned, funcs)
		case align == 0 && aligned == funcs:
			t.Errorf("without -funcalign: all %d functions of the vma packages start on a 64-byte boundary, which the flag is for", funcs)
		}
	}
}
