package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestOutOfLineBodiesAreLinked builds the program and checks that the
// read-lock functions that every caller inlines keep bodies of their own
// in it, which fencelab disasm lists: without outOfLine the linker would
// drop them.
func TestOutOfLineBodiesAreLinked(t *testing.T) {
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("builds with the go command and reads an ELF binary: linux/amd64 hosts only")
	}
	bin := filepath.Join(t.TempDir(), "probe")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOTMPDIR="+filepath.Dir(bin))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, s := range syms {
		have[s.Name] = true
	}
	const vma = "github.com/atomicfence/atomicfence/vma."
	for _, name := range []string{"(*VMA).StartRead", "(*VMA).EndRead", "(*VMA).StartReadWith", "(*VMA).EndReadWith"} {
		if !have[vma+name] {
			t.Errorf("the program has no body of %s", vma+name)
		}
	}
}
