package target

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	for _, name := range strings.Split(Names(), "|") {
		tg, err := Lookup(name)
		if err != nil || tg.Name != name {
			t.Errorf("Lookup(%q) = %+v, %v", name, tg, err)
		}
	}
	if _, err := Lookup("sparc"); err == nil || !strings.Contains(err.Error(), "amd64|386|arm64|arm64-lse") {
		t.Errorf("Lookup(sparc): %v", err)
	}
}

func TestBuildEnv(t *testing.T) {
	lse, _ := Lookup("arm64-lse")
	env := lse.BuildEnv("linux")
	for _, want := range []string{"GOOS=linux", "GOARCH=arm64", "GOARM64=v8.1", "CGO_ENABLED=0"} {
		if !slices.Contains(env, want) {
			t.Errorf("BuildEnv lacks %s: %q", want, env)
		}
	}
	amd, _ := Lookup("amd64")
	if env := amd.BuildEnv("darwin"); slices.ContainsFunc(env, func(s string) bool { return strings.HasPrefix(s, "GOARM64") }) || !slices.Contains(env, "GOOS=darwin") {
		t.Errorf("amd64 BuildEnv: %q", env)
	}
}

// TestRunner: the host's target is the first of its GOARCH (arm64, not
// arm64-lse, on any arm64 host), amd64 where none is, and runs natively.
func TestRunner(t *testing.T) {
	host := Host()
	i := slices.IndexFunc(All, func(tg Target) bool { return tg.GOARCH == runtime.GOARCH })
	if i < 0 {
		if host.Name != "amd64" {
			t.Errorf("Host() on %s is %s, want amd64", runtime.GOARCH, host.Name)
		}
		t.Skipf("no target for %s", runtime.GOARCH)
	}
	if host.Name != All[i].Name {
		t.Fatalf("Host() on %s is %s, want %s", runtime.GOARCH, host.Name, All[i].Name)
	}
	if r, err := host.Runner(); err != nil || r != nil {
		t.Errorf("host %s: runner %q, %v; want native", host.Name, r, err)
	}
	arm, _ := Lookup("arm64")
	if arm.Emulated() != (runtime.GOARCH != "arm64") {
		t.Errorf("arm64 Emulated() = %v on %s", arm.Emulated(), runtime.GOARCH)
	}
	if r, err := arm.Runner(); arm.Emulated() && err == nil && (len(r) != 3 || r[1] != "-cpu" || r[2] != "cortex-a57") {
		t.Errorf("arm64 on %s: runner %q", runtime.GOARCH, r)
	}
}

// TestRunnerEmulated: riscv64, loong64 and ppc64le run under their qemu-user
// programs with qemu's default CPU, which has the atomics that the
// assembly needs.
func TestRunnerEmulated(t *testing.T) {
	for name, qemu := range map[string]string{"riscv64": "qemu-riscv64-static", "loong64": "qemu-loongarch64-static", "ppc64le": "qemu-ppc64le-static"} {
		tg, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Emulated() != (runtime.GOARCH != tg.GOARCH) {
			t.Errorf("%s Emulated() = %v on %s", name, tg.Emulated(), runtime.GOARCH)
		}
		if got := tg.EmulatorLine(); got != qemu {
			t.Errorf("%s EmulatorLine() = %q, want %q", name, got, qemu)
		}
		r, err := tg.Runner()
		if err != nil {
			if !strings.Contains(err.Error(), qemu) {
				t.Errorf("%s runner error does not name %s: %v", name, qemu, err)
			}
			continue
		}
		if tg.Emulated() && (len(r) != 1 || !strings.HasSuffix(r[0], qemu)) {
			t.Errorf("%s on %s: runner %q", name, runtime.GOARCH, r)
		}
	}
	if arm, _ := Lookup("arm64-lse"); arm.EmulatorLine() != "qemu-aarch64-static -cpu max" {
		t.Errorf("arm64-lse EmulatorLine() = %q", arm.EmulatorLine())
	}
}

// TestDescribe: with purego among the tags, in any place and with spaces
// around it, every target runs the generic fallback.
func TestDescribe(t *testing.T) {
	rv, err := Lookup("riscv64")
	if err != nil {
		t.Fatal(err)
	}
	for tags, generic := range map[string]bool{
		"": false, "vmadebug": false, "purego": true, "vmadebug,purego": true, "vmadebug, purego": true,
		" purego ,x": true, "puregox": false, "notpurego": false,
	} {
		if got := rv.Describe(tags) == genericDoc; got != generic {
			t.Errorf("Describe(%q) = %q", tags, rv.Describe(tags))
		}
	}
}

// TestEmulatedNative: a target of the host's own GOARCH runs natively
// even when it names a qemu program.
func TestEmulatedNative(t *testing.T) {
	tg := Target{Name: "own", GOARCH: runtime.GOARCH, QEMU: "qemu-own-static"}
	if tg.Emulated() {
		t.Errorf("a target of GOARCH %s is Emulated() on a %s host", tg.GOARCH, runtime.GOARCH)
	}
	if r, err := tg.Runner(); err != nil || r != nil {
		t.Errorf("runner %q, %v; want native", r, err)
	}
}

// TestRunnerMissingQEMU: an emulated target whose qemu program is not
// installed has no runner, and the error says what to install.
func TestRunnerMissingQEMU(t *testing.T) {
	goarch := "riscv64"
	if runtime.GOARCH == goarch {
		goarch = "ppc64le"
	}
	tg := Target{Name: "other", GOARCH: goarch, QEMU: "qemu-nonexistent-static"}
	if !tg.Emulated() {
		t.Fatalf("a %s target with a qemu program is not Emulated() on %s", goarch, runtime.GOARCH)
	}
	r, err := tg.Runner()
	if err == nil || !strings.Contains(err.Error(), "needs qemu-nonexistent-static (Debian: apt-get install qemu-user-static)") {
		t.Errorf("runner %q, error %v; want one naming the missing program and its package", r, err)
	}
}
