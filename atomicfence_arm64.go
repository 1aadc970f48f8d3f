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
var useLSE = cpu.ARM64.HasATOMICS && trustsCPUFeatures(runtime.GOOS)

// trustsCPUFeatures reports whether a program on goos takes the optional
// instructions that the CPU reports at run time (LSE, LRCPC): not on
// android, where Go's runtime takes no LSE atomics either, because a
// kernel there has reported features that not every core of the device
// has (golang/go#28431), and the first such instruction on such a core
// would raise SIGILL.
func trustsCPUFeatures(goos string) bool { return goos != "android" }

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
