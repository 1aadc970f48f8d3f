// Package target names the architectures that fencelab builds for, and how
// to run their binaries on this host.
package target

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

// Target is an architecture and the variant of the package it selects.
type Target struct {
	Name    string // amd64, 386, arm64, arm64-lse, riscv64, loong64, ppc64le
	GOARCH  string
	GOARM64 string // arm64 only: v8.0 is the LL/SC build, v8.1 the static LSE build
	// QEMU is the qemu-user program that runs the target's binaries on a
	// host that does not run them itself (Debian's qemu-user-static): one
	// of another GOARCH, and for 386 any but a 386 host and an amd64 host
	// whose kernel runs 32-bit x86 binaries (see runs386).
	QEMU string
	// QEMUCPU is the -cpu that QEMU emulates, empty for qemu's default:
	// for arm64 an ARMv8.0 core for the LL/SC build, so that a stray LSE
	// instruction dies with SIGILL, and "max" for the LSE build.
	QEMUCPU string
	// QEMUEnv is what the emulated program's environment must add: for
	// 386, asynchronous preemption off, since qemu-i386 delivers its
	// signal where Go's 386 runtime cannot handle it ("fatal: bad g in
	// signal handler", "morestack on gsignal").
	QEMUEnv []string
	Doc     string
}

// All lists the targets, host architectures first.
var All = []Target{
	{Name: "amd64", GOARCH: "amd64", Doc: "amd64: MOV loads, LOCK XADD, LOCK CMPXCHG inlined (sync/atomic intrinsics); MOV stores and Mb in assembly, Rmb and Wmb compiler barriers"},
	{Name: "386", GOARCH: "386", QEMU: "qemu-i386-static", QEMUEnv: []string{"GODEBUG=asyncpreemptoff=1"}, Doc: "the generic sync/atomic fallback, natively on an amd64 host whose kernel runs 32-bit binaries"},
	{Name: "arm64", GOARCH: "arm64", GOARM64: "v8.0", QEMU: "qemu-aarch64-static", QEMUCPU: "cortex-a57",
		Doc: "ARMv8.0: LL/SC loops, LSE chosen at run time when the CPU has it, LDAPR for the acquire loads when it has LRCPC"},
	{Name: "arm64-lse", GOARCH: "arm64", GOARM64: "v8.1", QEMU: "qemu-aarch64-static", QEMUCPU: "max",
		Doc: "ARMv8.1: LSE atomics only, with no run-time check; LDAPR for the acquire loads when the CPU has LRCPC"},
	{Name: "riscv64", GOARCH: "riscv64", QEMU: "qemu-riscv64-static",
		Doc: "RISC-V: AMOs with FENCE R,RW / FENCE RW,W for acquire / release, AMO.AQRL for full, LR/SC compare-and-swap"},
	{Name: "loong64", GOARCH: "loong64", QEMU: "qemu-loongarch64-static",
		Doc: "LoongArch: AM* for relaxed, AM*_DB for the other orderings, LL/SC compare-and-swap, DBAR with Linux's hints"},
	{Name: "ppc64le", GOARCH: "ppc64le", QEMU: "qemu-ppc64le-static",
		Doc: "POWER: LWARX/STWCX. loops, ISYNC after them for acquire, LWSYNC for release, SYNC for full"},
}

// genericDoc describes what every target runs when built with the tag
// purego.
const genericDoc = "the generic sync/atomic fallback (-tags purego): no assembly"

// Describe is Doc for a build with the comma-separated tags: with purego
// every target runs the generic fallback, whatever its assembly does.
func (t Target) Describe(tags string) string {
	for tag := range strings.SplitSeq(tags, ",") {
		if strings.TrimSpace(tag) == "purego" {
			return genericDoc
		}
	}
	return t.Doc
}

// Lookup returns the target called name.
func Lookup(name string) (Target, error) {
	for _, t := range All {
		if t.Name == name {
			return t, nil
		}
	}
	return Target{}, fmt.Errorf("unknown architecture %q (want one of %s)", name, Names())
}

// Names lists the target names, separated by "|".
func Names() string {
	names := make([]string, len(All))
	for i, t := range All {
		names[i] = t.Name
	}
	return strings.Join(names, "|")
}

// Host is the target that matches the running program's GOARCH, arm64 for
// any arm64 host, and amd64 where none matches.
func Host() Target {
	for _, t := range All {
		if t.GOARCH == runtime.GOARCH {
			return t
		}
	}
	return All[0]
}

// BuildEnv is the environment for go build or go test -c: goos, the
// target's GOARCH and GOARM64, and no cgo, which a cross build cannot use.
func (t Target) BuildEnv(goos string) []string {
	env := []string{"GOOS=" + goos, "GOARCH=" + t.GOARCH, "CGO_ENABLED=0"}
	if t.GOARM64 != "" {
		env = append(env, "GOARM64="+t.GOARM64)
	}
	return env
}

// Emulated reports whether this host runs the target's binaries under
// qemu-user: a target with a QEMU program that the host does not run
// natively. Emulation shows that code runs; it measures nothing about its
// cost, and an x86 host's strong ordering hides the weak ordering of
// arm64, riscv64, loong64 and ppc64le.
func (t Target) Emulated() bool { return t.QEMU != "" && !t.native() }

// native reports whether this host runs the target's binaries itself: its
// own GOARCH, or 386 on an amd64 host whose kernel runs 32-bit binaries.
func (t Target) native() bool {
	return t.GOARCH == runtime.GOARCH || t.GOARCH == "386" && runtime.GOARCH == "amd64" && runs386()
}

// EmulatorLine names the emulator and the CPU it emulates, as in
// "qemu-aarch64-static -cpu max" or "qemu-riscv64-static".
func (t Target) EmulatorLine() string {
	if t.QEMUCPU == "" {
		return t.QEMU
	}
	return t.QEMU + " -cpu " + t.QEMUCPU
}

// Runner returns the program and leading arguments that run a binary of
// this target on this host: nothing for a native binary, qemu for an
// emulated one. It fails when the host can run neither.
func (t Target) Runner() ([]string, error) {
	switch {
	case t.Emulated():
		q, err := exec.LookPath(t.QEMU)
		if err != nil {
			return nil, fmt.Errorf("running %s binaries on %s needs %s (Debian: apt-get install qemu-user-static)", t.Name, runtime.GOARCH, t.QEMU)
		}
		r := []string{q}
		if t.QEMUCPU != "" {
			r = append(r, "-cpu", t.QEMUCPU)
		}
		for _, kv := range t.QEMUEnv {
			r = append(r, "-E", kv)
		}
		return r, nil
	case t.native():
		return nil, nil
	}
	return nil, fmt.Errorf("this %s host cannot run %s binaries", runtime.GOARCH, t.Name)
}
