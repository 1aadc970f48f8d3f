package atomicfence

import (
	"runtime"

	"github.com/klauspost/cpuid/v2"
)

// Implementation names the code that the package's routines run. A name,
// not an operation: it orders nothing. Linux's counterpart is the choice
// its build and its boot-time patching make (arm64's LSE atomics are an
// alternative patched in at boot when the CPU has them, which
// ImplLSEDynamic does with a branch instead).
type Implementation uint8

// The implementations. Each but ImplGeneric is Linux's own choice of
// instructions for its architecture's atomics and barriers
// (arch/*/include/asm/atomic.h, cmpxchg.h, barrier.h); ImplGeneric is
// sync/atomic, which is stronger. Values, not operations: they order
// nothing.
const (
	// ImplGeneric is sync/atomic: every GOARCH other than amd64, arm64,
	// riscv64, loong64 and ppc64le, and every GOARCH under the purego build
	// tag or -race.
	ImplGeneric Implementation = iota
	// ImplAMD64 is the amd64 implementation: LOCK CMPXCHG, LOCK XADD and MOV
	// loads as inlined sync/atomic intrinsics, MOV stores and the fences in
	// assembly.
	ImplAMD64
	// ImplLLSC is the arm64 assembly on a CPU without LSE atomics (ARMv8.0),
	// with them turned off (GODEBUG=cpu.atomics=off), or on android, where
	// Go's runtime takes none at run time either: LDXR/LDAXR with
	// STXR/STLXR loops and DMB. Its acquire loads are LDAPR where the CPU
	// still has LRCPC (AcquireLoadRCpc).
	ImplLLSC
	// ImplLSEDynamic is the arm64 assembly choosing the LSE instructions
	// (CAS*, LDADD*) at run time because the CPU reports them (never on
	// android, as Go's runtime does not take them there).
	ImplLSEDynamic
	// ImplLSEStatic is the arm64 assembly built for ARMv8.1 or later
	// (GOARM64=v8.1, or v8.0,lse): LSE instructions with no run-time check.
	ImplLSEStatic
	// ImplRISCV64 is the riscv64 assembly in Linux's mapping: AMOs with
	// FENCE R,RW after them for acquire and FENCE RW,W before them for
	// release, AMO.AQRL for full, LR/SC loops for compare-and-swap, FENCE
	// for the barriers.
	ImplRISCV64
	// ImplLoong64 is the loong64 assembly after Linux: AM* for relaxed and
	// AM*_DB for the other orderings, LL/SC loops for compare-and-swap, and
	// DBAR with Linux's hints (0x14 after an acquire load, 0x12 before a
	// release store, 0x10 for smp_mb), which a core without them executes
	// as DBAR 0.
	ImplLoong64
	// ImplPPC64LE is the ppc64le assembly in Linux's mapping: LWARX/STWCX.
	// loops with ISYNC after them for acquire (PPC_ACQUIRE_BARRIER as
	// written, which the kernel patches to LWSYNC at boot where it can), LWSYNC before them for
	// release and SYNC on both sides for full; LWSYNC after an acquire load
	// and before a release store; SYNC for smp_mb.
	ImplPPC64LE
)

// String returns the implementation's short name: generic, amd64, llsc,
// lse-dynamic, lse-static, riscv64, loong64 or ppc64le. It orders nothing,
// and Linux has no counterpart.
func (i Implementation) String() string {
	switch i {
	case ImplGeneric:
		return "generic"
	case ImplAMD64:
		return "amd64"
	case ImplLLSC:
		return "llsc"
	case ImplLSEDynamic:
		return "lse-dynamic"
	case ImplLSEStatic:
		return "lse-static"
	case ImplRISCV64:
		return "riscv64"
	case ImplLoong64:
		return "loong64"
	case ImplPPC64LE:
		return "ppc64le"
	}
	return "unknown"
}

// Impl reports the implementation that this program's routines run,
// chosen once before main, where Linux's arm64 patches its atomics in at
// boot (system_uses_lse_atomics). Reading it orders nothing.
func Impl() Implementation { return impl }

// AcquireLoadRCpc reports whether this program's acquire loads (every
// LoadAcquire and CondLoadAcquire) are RCpc: arm64's LDAPR, which the
// assembly runs where the CPU has FEAT_LRCPC (but on android, where no
// optional instruction is taken at run time) or the build targets
// GOARM64=v8.3 or later. Such a load keeps every later access after it, as
// any acquire does, but may be satisfied before an earlier release store
// to another address completes: a StoreRelease followed by a LoadAcquire
// does not order the two, and store buffering between them (SB+rel+acq)
// is allowed. The Linux kernel memory model promises no more of
// smp_load_acquire, though arm64 Linux emits the RCsc LDAR. Reading it
// orders nothing.
func AcquireLoadRCpc() bool { return acquireLoad() == "ldapr" }

// CPUInfo identifies the processor, for benchmark and tool output: what
// Linux shows in /proc/cpuinfo. It orders nothing.
type CPUInfo struct {
	Vendor string // as cpuid reports it, e.g. "AuthenticAMD", "GenuineIntel"
	Brand  string // the brand string, empty where the CPU reports none
	Family int    // the family number, as klauspost/cpuid decodes it
	Model  int    // the model number within Family, likewise
	// LSE reports the ARMv8.1 Large System Extensions atomics (CAS, LDADD, SWP).
	LSE bool
	// LRCPC reports the ARMv8.3 LDAPR (RCpc acquire load).
	LRCPC bool
	// Cores is the number of logical processors that this process may use
	// (runtime.NumCPU), what a scaling benchmark can run on: in a virtual
	// machine the CPU's own topology may count far more.
	Cores int
}

// CPU describes the processor the program runs on, as github.com/klauspost/cpuid
// detects it (Linux: /proc/cpuinfo). It orders nothing.
func CPU() CPUInfo {
	c := cpuid.CPU
	return CPUInfo{
		Vendor: c.VendorString,
		Brand:  c.BrandName,
		Family: c.Family,
		Model:  c.Model,
		LSE:    c.Supports(cpuid.ATOMICS),
		LRCPC:  c.Supports(cpuid.LRCPC),
		Cores:  runtime.NumCPU(),
	}
}
