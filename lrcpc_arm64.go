//go:build !purego && !race

package atomicfence

import "golang.org/x/sys/cpu"

// useLRCPC selects LDAPR for the acquire loads of the 64-bit words and of
// Pointer (ops_arm64.s), which read it unless the build targets GOARM64=v8.3
// or later (lrcpc_static_arm64.go). GODEBUG=cpu.lrcpc=off clears it.
//
// The 32-bit acquire loads (Int32, Uint32, Bool) keep LDAR: package vma
// calls them, and fencelab verify derives its litmus tests from their
// instructions and models the run-time switch of LSE alone.
var useLRCPC = cpu.ARM64.HasLRCPC

// acquireLoad names the instruction of the 64-bit acquire loads in this
// program: "ldapr" (static or chosen at run time) or "ldar".
func acquireLoad() string {
	if lrcpcStatic || useLRCPC {
		return "ldapr"
	}
	return "ldar"
}
