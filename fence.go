package atomicfence

// Rmb orders the caller's earlier loads before its later loads (smp_rmb).
// arm64: DMB ISHLD. amd64: no instruction and no call, since x86 never
// reorders loads with loads; it is still a compiler barrier, which keeps
// the compiler from moving or merging loads across it (the kernel's
// barrier()).
func Rmb() { rmb() }

// Wmb orders the caller's earlier stores before its later stores (smp_wmb).
// arm64: DMB ISHST. amd64: no instruction and no call, since x86 never
// reorders stores with stores; it is still a compiler barrier, which keeps
// the compiler from moving or dropping stores across it (the kernel's
// barrier()).
func Wmb() { wmb() }

// Mb orders every earlier load and store of the caller before every later
// one, including a store before a later load (smp_mb). arm64: DMB ISH.
// amd64: a locked OR of zero to the word below the stack pointer, which is
// a full barrier and cheaper than MFENCE.
func Mb() { mb() }

// MandatoryRmb is the kernel's rmb(), the read barrier for device memory:
// it orders every earlier load of the caller before every later load, as
// Rmb does, and waits for them to complete (arm64 DSB LD, amd64 LFENCE).
// Lock code wants Rmb; this is here to measure what the heavier
// instruction costs.
func MandatoryRmb() { mandatoryRmb() }

// MandatoryWmb is the kernel's wmb(), the write barrier for device memory:
// it orders every earlier store of the caller before every later store,
// as Wmb does, and waits for them to complete (arm64 DSB ST, amd64
// SFENCE). Lock code wants Wmb; this is here to measure what the heavier
// instruction costs.
func MandatoryWmb() { mandatoryWmb() }

// MandatoryMb is the kernel's mb(), the full barrier for device memory: it
// orders every earlier load and store of the caller before every later
// one, as Mb does, and waits for them to complete (arm64 DSB SY, amd64
// MFENCE). Lock code wants Mb, which orders the same accesses of ordinary
// memory for less.
func MandatoryMb() { mandatoryMb() }
