//go:build !purego && !race

package atomicfence

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// useLSE selects the ARMv8.1 atomics (CAS*, LDADD*) in the assembly, which
// reads it at the top of every read-modify-write routine. Builds for
// GOARM64=v8.1 or later (or v8.0,lse) use them unconditionally and never
// read it. GODEBUG=cpu.atomics=off clears it.
var useLSE = runTimeLSE(runtime.GOOS)

// runTimeLSE reports whether a program on goos takes the LSE atomics at
// run time: where the CPU reports them, but not on android, where Go's
// runtime does not take them either, because a kernel there has reported
// them on devices where not every core has them (golang/go#28431), and
// the first LSE instruction on such a core would raise SIGILL.
func runTimeLSE(goos string) bool {
	return cpu.ARM64.HasATOMICS && goos != "android"
}

var impl = arm64Impl()

func arm64Impl() Implementation {
	switch {
	case lseStatic():
		return ImplLSEStatic
	case useLSE:
		return ImplLSEDynamic
	}
	return ImplLLSC
}

// lseStatic reports whether the assembly was built with GOARM64_LSE, that
// is without the LL/SC fallback.
func lseStatic() bool
