//go:build arm64.v8.3 && !purego && !race

package atomicfence

// A build for GOARM64=v8.3 or later (FEAT_LRCPC is mandatory from ARMv8.3)
// uses LDAPR with no run-time check: goarm64LRCPC reaches the assembly as
// const_goarm64LRCPC in go_asm.h, which assembles the LDAR fallback out.
const (
	goarm64LRCPC = 1
	lrcpcStatic  = true
)
