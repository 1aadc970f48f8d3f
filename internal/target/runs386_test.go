package target

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
)

// TestExit386 checks that the program runs386 runs is a 32-bit x86
// executable whose entry point lies in its one loadable segment, and,
// where qemu-i386-static is installed (from any but a 386 binary), that
// it runs there and exits 0: a broken program would make every 386 run on
// a host that runs them natively fall back to qemu, or fail.
func TestExit386(t *testing.T) {
	f, err := elf.NewFile(bytes.NewReader(exit386()))
	if err != nil {
		t.Fatal(err)
	}
	if f.Class != elf.ELFCLASS32 || f.Machine != elf.EM_386 || f.Type != elf.ET_EXEC || len(f.Progs) != 1 {
		t.Fatalf("exit386: class %v, machine %v, type %v, %d segments", f.Class, f.Machine, f.Type, len(f.Progs))
	}
	if p := f.Progs[0]; p.Type != elf.PT_LOAD || f.Entry < p.Vaddr || f.Entry >= p.Vaddr+p.Filesz || p.Flags&elf.PF_X == 0 {
		t.Fatalf("exit386: entry %#x outside its executable segment %+v", f.Entry, p.ProgHeader)
	}
	if runtime.GOOS != "linux" {
		return
	}
	if runtime.GOARCH == "386" {
		// A 386 test binary under qemu-i386 dies in fork/exec.
		t.Skip("runs exit386 under qemu-i386-static: not from a 386 test binary")
	}
	q, err := exec.LookPath("qemu-i386-static")
	if err != nil {
		t.Skipf("no qemu-i386-static to run exit386 under: %v", err)
	}
	path := filepath.Join(t.TempDir(), "exit386")
	if err := os.WriteFile(path, exit386(), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(q, path).CombinedOutput(); err != nil {
		t.Errorf("exit386 under qemu-i386-static: %v\n%s", err, out)
	}
}

// TestRunner386 checks the runner that follows from runs386's answer
// (TestExit386 checks the program behind it): on an amd64 host 386 is
// native where the kernel runs 32-bit binaries and otherwise runs under
// qemu-i386-static with asynchronous preemption off; elsewhere it is never
// native but on 386.
func TestRunner386(t *testing.T) {
	tg, err := Lookup("386")
	if err != nil {
		t.Fatal(err)
	}
	native := runtime.GOARCH == "386" || runtime.GOARCH == "amd64" && runs386()
	if tg.Emulated() == native {
		t.Errorf("386 Emulated() = %v on %s, which runs 386 natively: %v", tg.Emulated(), runtime.GOARCH, native)
	}
	r, err := tg.Runner()
	switch {
	case native && (err != nil || r != nil):
		t.Errorf("386 natively: runner %q, %v; want none", r, err)
	case !native && err == nil && (len(r) != 3 || filepath.Base(r[0]) != "qemu-i386-static" || !slices.Equal(r[1:], []string{"-E", "GODEBUG=asyncpreemptoff=1"})):
		t.Errorf("386 emulated: runner %q", r)
	}
}

// TestRuns386AgreesWithGo checks runs386's answer against what it stands
// for: whether this host runs a 386 program that go build makes. Linux on
// amd64 only, where the answer comes from running exit386.
func TestRuns386AgreesWithGo(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("runs386 runs exit386 on linux/amd64 only, not on %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module exit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "build", "-o", "exit", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=386", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build for 386: %v\n%s", err, out)
	}
	err := exec.Command(filepath.Join(dir, "exit")).Run()
	if err != nil && !errors.Is(err, syscall.ENOEXEC) {
		t.Fatalf("running a 386 program: %v, neither its exit nor exec format error", err)
	}
	if want := err == nil; runs386() != want {
		t.Errorf("runs386() = %v, but running a 386 program that go built gave %v", runs386(), err)
	}
}
