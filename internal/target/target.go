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
	Name    string // amd64, 386, arm64, arm64-lse
	GOARCH  string
	GOARM64 string // arm64 only: v8.0 is the LL/SC build, v8.1 the static LSE build
	// QEMUCPU is the -cpu that qemu-aarch64-static emulates when the host
	// is not arm64: an ARMv8.0 core for the LL/SC build, so that a stray LSE
	// instruction dies with SIGILL, and "max" for the LSE build.
	QEMUCPU string
	Doc     string
}

// All lists the targets, host architectures first.
var All = []Target{
	{Name: "amd64", GOARCH: "amd64", Doc: "amd64: MOV loads, LOCK XADD, LOCK CMPXCHG inlined (sync/atomic intrinsics); MOV stores and fences in assembly"},
	{Name: "386", GOARCH: "386", Doc: "the generic sync/atomic fallback, natively on an amd64 host"},
	{Name: "arm64", GOARCH: "arm64", GOARM64: "v8.0", QEMUCPU: "cortex-a57",
		Doc: "ARMv8.0: LL/SC loops, LSE chosen at run time when the CPU has it"},
	{Name: "arm64-lse", GOARCH: "arm64", GOARM64: "v8.1", QEMUCPU: "max",
		Doc: "ARMv8.1: LSE atomics only, no run-time check"},
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
// qemu-user: arm64 binaries on a host that is not arm64. Emulation shows
// that code runs; it measures nothing about its cost, and an x86 host's
// strong ordering hides the weak ordering of arm64.
func (t Target) Emulated() bool { return t.GOARCH == "arm64" && runtime.GOARCH != "arm64" }

// Runner returns the program and leading arguments that run a binary of
// this target on this host: nothing for a native binary, qemu for an
// emulated one. It fails when the host can run neither.
func (t Target) Runner() ([]string, error) {
	switch {
	case t.Emulated():
		q, err := exec.LookPath("qemu-aarch64-static")
		if err != nil {
			return nil, fmt.Errorf("running %s binaries on %s needs qemu-aarch64-static (Debian: apt-get install qemu-user-static)", t.Name, runtime.GOARCH)
		}
		return []string{q, "-cpu", t.QEMUCPU}, nil
	case t.GOARCH == runtime.GOARCH, t.GOARCH == "386" && runtime.GOARCH == "amd64":
		return nil, nil
	}
	return nil, fmt.Errorf("this %s host cannot run %s binaries", runtime.GOARCH, t.Name)
}
