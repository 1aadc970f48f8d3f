//go:build !purego && !race

package atomicfence

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// useLRCPC selects LDAPR for the acquire loads (atomicfence_arm64.s,
// ops_arm64.s), which read it unless the build targets GOARM64=v8.3 or
// later (lrcpc_static_arm64.go). GODEBUG=cpu.lrcpc=off clears it, and it
// is never set on android (trustsCPUFeatures). Package
// vma calls the 32-bit ones. fencelab verify derives its arm64 LSE tests
// with it set, its ARMv8.0 test with it clear, and its test of the ARMv8.0
// build with vma's sequence-count loads in assembly (arm64-asmloads) with
// it set: LL/SC loops with LDAPR, which a CPU runs with
// GODEBUG=cpu.atomics=off.
var useLRCPC = cpu.ARM64.HasLRCPC && trustsCPUFeatures(runtime.GOOS)

// acquireLoad names the instruction of the acquire loads in this
// program: "ldapr" (static or chosen at run time) or "ldar".
func acquireLoad() string {
	if lrcpcStatic || useLRCPC {
		return "ldapr"
	}
	return "ldar"
}
