package target

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestTableBuildsWhatItNames: each target builds for the GOARCH its name
// says (arm64-lse is arm64 too), the LL/SC arm64 build is ARMv8.0, and
// each emulated target names the qemu-user-static program that Debian's
// qemu-user-static installs for it.
func TestTableBuildsWhatItNames(t *testing.T) {
	for _, tg := range All {
		if want := strings.TrimSuffix(tg.Name, "-lse"); tg.GOARCH != want {
			t.Errorf("%s builds for GOARCH=%s, want %s", tg.Name, tg.GOARCH, want)
		}
		if tg.QEMU != "" && (!strings.HasPrefix(tg.QEMU, "qemu-") || !strings.HasSuffix(tg.QEMU, "-static")) {
			t.Errorf("%s runs under %q, not a qemu-user-static program", tg.Name, tg.QEMU)
		}
	}
	for name, want := range map[string]string{"arm64": "GOARM64=v8.0", "arm64-lse": "GOARM64=v8.1"} {
		tg, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if env := tg.BuildEnv("linux"); !slices.Contains(env, want) {
			t.Errorf("%s BuildEnv %q lacks %s", name, env, want)
		}
	}
	if i386, _ := Lookup("386"); i386.EmulatorLine() != "qemu-i386-static" {
		t.Errorf("386 EmulatorLine() = %q, want qemu-i386-static", i386.EmulatorLine())
	}
}

// foreign is a GOARCH that this host does not run.
func foreign() string {
	if runtime.GOARCH == "riscv64" {
		return "ppc64le"
	}
	return "riscv64"
}

// TestRunner386Emulated: wherever 386 runs under qemu, it runs with
// asynchronous preemption off, passed to the emulated program with -E.
// The 386 target's own settings are run here as if on a host that does
// not run it, with this test's binary standing in for the qemu program.
func TestRunner386Emulated(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	tg, err := Lookup("386")
	if err != nil {
		t.Fatal(err)
	}
	tg.GOARCH, tg.QEMU = foreign(), self
	r, err := tg.Runner()
	if want := []string{self, "-E", "GODEBUG=asyncpreemptoff=1"}; err != nil || !slices.Equal(r, want) {
		t.Errorf("386 emulated: runner %q, %v; want %q", r, err, want)
	}
}

// TestRunnerWithoutQEMU: a target of another GOARCH that names no qemu
// program is not emulated, and its runner says that this host cannot run
// its binaries, rather than asking for a qemu program of no name.
func TestRunnerWithoutQEMU(t *testing.T) {
	tg := Target{Name: "other", GOARCH: foreign()}
	if tg.Emulated() {
		t.Errorf("a %s target without a qemu program is Emulated() on %s", tg.GOARCH, runtime.GOARCH)
	}
	r, err := tg.Runner()
	if err == nil || !strings.Contains(err.Error(), "cannot run other binaries") {
		t.Errorf("runner %q, error %v; want one saying this host cannot run them", r, err)
	}
}
