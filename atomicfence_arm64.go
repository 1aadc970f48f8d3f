//go:build !purego && !race

package atomicfence

import "golang.org/x/sys/cpu"

// useLSE selects the ARMv8.1 atomics (CAS*, LDADD*) in the assembly, which
// reads it at the top of every read-modify-write routine. Builds for
// GOARM64=v8.1 or later (or v8.0,lse) use them unconditionally and never
// read it. GODEBUG=cpu.atomics=off clears it.
var useLSE = cpu.ARM64.HasATOMICS

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
