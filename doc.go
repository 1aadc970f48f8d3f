// Package atomicfence provides memory-ordered atomic operations, written
// for amd64, arm64, riscv64, loong64 and ppc64le in assembly (and on amd64
// in sync/atomic intrinsics where they are the same instruction), with the orderings that the Linux
// kernel's lock code was designed with: relaxed, acquire, release and
// full, and the sequentially consistent loads and stores of C++ and
// sync/atomic. Go's sync/atomic offers only sequentially consistent
// operations; lock code ported from the kernel needs the weaker, cheaper
// ones, and above all the acquire-ordered "increment if not zero and below a
// limit" that is the heart of the Linux per-VMA read lock.
//
// The types: Int32 (atomic_t, and refcount_t with its saturation), Uint32,
// Int64 and Uint64 (atomic64_t; 8-byte aligned on 386 and arm too, as
// sync/atomic's are), Uintptr, Bool and Pointer[T]. Each integer type has
// Load and Store in relaxed, acquire or release, and seq-cst form, and
// Swap, CompareAndSwap, FetchAdd, AddReturn, FetchAnd, FetchAndNot, FetchOr,
// FetchXor, FetchMax, FetchMin and FetchUpdate (a compare-and-swap loop
// around a function) in each of the four orderings. The fences are Rmb,
// Wmb, Mb, MbBeforeAtomic and MbAfterAtomic, and each integer type has
// StoreMb and CondLoadAcquire. CacheLinePad keeps a hot word off its
// neighbours' cache line.
//
// Every operation names its ordering:
//
//   - Relaxed: atomic, but orders nothing else (the kernel's *_relaxed).
//   - Acquire: no later load or store of this goroutine may be observed
//     before it (smp_load_acquire, *_acquire).
//   - Release: no earlier load or store of this goroutine may be observed
//     after it (smp_store_release, *_release).
//   - Full: both, and orders earlier stores against later loads too
//     (the kernel's fully ordered value-returning atomics, smp_mb on each side).
//   - SeqCst (loads and stores only): an acquire load or release store that
//     also keeps a StoreSeqCst before a later LoadSeqCst, as sync/atomic's
//     Load and Store do (arm64 LDAR and STLR; amd64 MOV and XCHG).
//
// On amd64 every locked instruction is a full barrier and plain moves are
// already acquire loads and release stores, so the orderings differ only in
// what the compiler may move. There the loads and read-modify-writes are
// sync/atomic intrinsics, inlined into the caller, because they compile to
// exactly the instruction each ordering needs (MOV, LOCK XADD, LOCK
// CMPXCHG); the stores (a MOV, where sync/atomic's Store is XCHG) and Mb
// are assembly, and Rmb and Wmb are compiler barriers alone, no instruction
// and no call. On arm64 the orderings compile to different
// instructions (LDAXR, STLXR, CASA, LDADDL, DMB ISHLD, ...), all in
// assembly, and the
// ARMv8.1 LSE atomics are chosen at run time when golang.org/x/sys/cpu
// reports them (GODEBUG=cpu.atomics=off turns them off), with ARMv8.0
// LL/SC loops otherwise; a build for GOARM64=v8.1 or later uses them with
// no check. Impl reports which implementation the running program uses.
// The acquire loads, of the 32-bit and 64-bit words and of Pointer, are
// LDAPR where the CPU has FEAT_LRCPC (chosen at run time,
// GODEBUG=cpu.lrcpc=off turns it off, and static for GOARM64=v8.3 or
// later), and LDAR otherwise.
// On riscv64, loong64 and ppc64le every routine is assembly in Linux's
// mapping for that architecture: riscv64 relaxed AMOs and LR/SC loops with
// FENCE R,RW after them for acquire and FENCE RW,W before them for release
// (AMO.AQRL, or SC.RL and FENCE RW,RW, for full); loong64 AM* for relaxed
// and AM*_DB otherwise, LL/SC loops and DBAR with Linux's hints; ppc64le
// LWARX/STWCX. loops with ISYNC after them for acquire, LWSYNC before them
// for release and SYNC on both sides for full.
// Pointer's stores, swaps and compare-and-swaps are sync/atomic's on every
// GOARCH, because only sync/atomic gets the garbage collector's write
// barrier: they are at least as strong as the ordering named.
//
// Int32's reference-count operations follow the kernel's refcount_t: a
// count of 0 is dead and never revived, a limit bounds every
// *NotZeroLimited increment, and wherever the kernel would warn and
// saturate (an increment of a dead count or past math.MaxInt32, a decrement
// below zero, a RefcountDec that reaches zero) the count is left Saturated
// and the call panics (refcount.go states each case).
//
// Under the purego build tag, under -race (the race detector cannot see
// memory accesses made in assembly), and on every other GOARCH (386, arm,
// ppc64, s390x, ...) the package falls back to sync/atomic, which is at least as strong as every ordering
// named here. The fences are then sequentially consistent read-modify-writes
// of a private word: they order accesses made through this package or
// sync/atomic, not plain Go loads and stores on a weakly ordered CPU. The
// same holds for the fallback's FetchAddFull, CompareAndSwapFull and the
// other Full read-modify-writes: sync/atomic's are sequentially consistent
// among atomic accesses, but on arm64 without LSE (an LDAXR/STLXR loop,
// under purego or -race) and on ppc64, and ppc64le under purego (LWSYNC
// before, ISYNC after), a plain load or store after one may still be reordered before it,
// where the kernel's fully ordered atomics (smp_mb on both sides) forbid
// that. Code that needs plain accesses ordered there uses Mb, which the
// fallback makes a full barrier only among atomic accesses too: such code
// makes those accesses atomic (LoadRelaxed, StoreRelaxed).
package atomicfence

//go:generate go run gen_ops.go
