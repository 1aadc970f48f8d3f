//go:build !purego && !race

package atomicfence

import "golang.org/x/sys/cpu"

// useLRCPC selects LDAPR for the acquire loads (atomicfence_arm64.s,
// ops_arm64.s), which read it unless the build targets GOARM64=v8.3 or
// later (lrcpc_static_arm64.go). GODEBUG=cpu.lrcpc=off clears it. Package
// vma calls the 32-bit ones, and fencelab verify derives its arm64 LSE
// tests with it set and its ARMv8.0 tests with it clear.
var useLRCPC = cpu.ARM64.HasLRCPC

// acquireLoad names the instruction of the acquire loads in this
// program: "ldapr" (static or chosen at run time) or "ldar".
func acquireLoad() string {
	if lrcpcStatic || useLRCPC {
		return "ldapr"
	}
	return "ldar"
}
