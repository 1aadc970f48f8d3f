//go:build !purego && !race

#include "go_asm.h"
#include "textflag.h"

// Two forms of every read-modify-write, as Linux has them: ARMv8.0 LL/SC
// loops (LDXR/LDAXR with STXR/STLXR) and the ARMv8.1 LSE instructions (CAS*,
// LDADD*). Each routine tests ·useLSE first, unless the build targets
// GOARM64=v8.1 or later, where the assembler defines GOARM64_LSE and the
// LL/SC loops are left out. The orderings follow the kernel's arm64
// atomics (arch/arm64/include/asm/atomic_ll_sc.h, atomic_lse.h):
//
//	relaxed  LDXR / STXR          CAS    LDADD
//	acquire  LDAXR / STXR         CASA   LDADDA
//	release  LDXR / STLXR         CASL   LDADDL
//	full     LDXR / STLXR + DMB   CASAL  LDADDAL
//
// Registers: R0-R7 only; R18 and R26-R30 are never touched. MOVBU ·useLSE
// uses R27 as the assembler's scratch register, which is allowed.

// lseStatic reports whether the LL/SC fallback was assembled out: a
// constant, which orders nothing.
TEXT ·lseStatic(SB), NOSPLIT, $0-1
#ifdef GOARM64_LSE
	MOVD	$1, R0
#else
	MOVD	ZR, R0
#endif
	MOVB	R0, ret+0(FP)
	RET

// Relaxed load: an aligned 32-bit LDR is single-copy atomic and orders
// nothing.
TEXT ·load32Relaxed(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R0
	MOVW	(R0), R1
	MOVW	R1, ret+8(FP)
	RET

// Acquire load: LDAPR (FEAT_LRCPC) where the CPU has it, as Rust's Acquire
// load does on targets with rcpc, and Linux's READ_ONCE under LTO (its
// smp_load_acquire is LDAR, the stronger form below): ordered before every
// later load and store in program order, which is all an acquire promises,
// but, unlike LDAR, free to be satisfied before an earlier STLR to another
// address completes (RCpc), so it does not wait for a release store before
// it. LDAPR has no Go assembler mnemonic: a WORD (Rn = R0, Rt = R1).
// Without LRCPC, LDAR: the same ordering of later accesses, and RCsc.
// ·useLRCPC is read unless the build targets GOARM64=v8.3 or later.
TEXT ·load32Acquire(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R0
#ifndef const_goarm64LRCPC
	MOVBU	·useLRCPC(SB), R4
	CBZ	R4, ldar
#endif
	WORD	$0xb8bfc001 // LDAPRW (R0), R1
	MOVW	R1, ret+8(FP)
	RET
#ifndef const_goarm64LRCPC
ldar:
	LDARW	(R0), R1
	MOVW	R1, ret+8(FP)
	RET
#endif

// Relaxed store: an aligned 32-bit STR is single-copy atomic and orders
// nothing.
TEXT ·store32Relaxed(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R0
	MOVW	v+8(FP), R1
	MOVW	R1, (R0)
	RET

// Release store: STLR is ordered after every earlier load and store in
// program order (and before a later LDAR, which no caller relies on).
TEXT ·store32Release(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R0
	MOVW	v+8(FP), R1
	STLRW	R1, (R0)
	RET

// Relaxed fetch-add: the exclusive pair or LDADD makes the update atomic
// and orders nothing else.
TEXT ·xadd32Relaxed(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R0
	MOVW	d+8(FP), R1
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	LDADDW	R1, (R0), R3
	MOVW	R3, ret+16(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	ADDW	R1, R3, R2
	STXRW	R2, (R0), R5
	CBNZ	R5, llsc
	MOVW	R3, ret+16(FP)
	RET
#endif

// Acquire fetch-add: the read is LDAXR or LDADDA, an acquire, so later
// accesses are ordered after the value it returns; the write needs nothing.
TEXT ·xadd32Acquire(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R0
	MOVW	d+8(FP), R1
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	LDADDAW	R1, (R0), R3
	MOVW	R3, ret+16(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDAXRW	(R0), R3
	ADDW	R1, R3, R2
	STXRW	R2, (R0), R5
	CBNZ	R5, llsc
	MOVW	R3, ret+16(FP)
	RET
#endif

// Release fetch-add: the write is STLXR or LDADDL, a release, so earlier
// accesses are ordered before the new value becomes visible.
TEXT ·xadd32Release(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R0
	MOVW	d+8(FP), R1
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	LDADDLW	R1, (R0), R3
	MOVW	R3, ret+16(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	ADDW	R1, R3, R2
	STLXRW	R2, (R0), R5
	CBNZ	R5, llsc
	MOVW	R3, ret+16(FP)
	RET
#endif

// Full fetch-add. LDADDAL is acquire and release on one single-copy-atomic
// instruction, which the architecture orders like a full barrier on both
// sides. The LL/SC loop cannot be: an earlier store may pass the LDXR and a
// later load may pass the STLXR, so, as Linux does, the release STLXR keeps
// earlier accesses before the write and a DMB ISH after the loop keeps
// later accesses after it. An LDAXR would add nothing the DMB does not give.
TEXT ·xadd32Full(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R0
	MOVW	d+8(FP), R1
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	LDADDALW	R1, (R0), R3
	MOVW	R3, ret+16(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	ADDW	R1, R3, R2
	STLXRW	R2, (R0), R5
	CBNZ	R5, llsc
	DMB	$0xb // ISH
	MOVW	R3, ret+16(FP)
	RET
#endif

// Relaxed compare-and-swap: CAS, or an LDXR/STXR loop that gives up as soon
// as the value differs from old. Orders nothing.
TEXT ·cas32Relaxed(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R0
	MOVW	old+8(FP), R1
	MOVW	new+12(FP), R2
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	MOVW	R1, R3
	CASW	R3, (R0), R2
	CMPW	R1, R3
	CSET	EQ, R4
	MOVW	R3, ret+16(FP)
	MOVB	R4, ret1+20(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	CMPW	R1, R3
	BNE	fail
	STXRW	R2, (R0), R5
	CBNZ	R5, llsc
	MOVW	R3, ret+16(FP)
	MOVD	$1, R4
	MOVB	R4, ret1+20(FP)
	RET
fail:
	MOVW	R3, ret+16(FP)
	MOVB	ZR, ret1+20(FP)
	RET
#endif

// Acquire compare-and-swap: the read is LDAXR or CASA, an acquire, so
// accesses after a successful swap are ordered after it. The failing path
// has read with acquire too, which is stronger than needed and costs the
// same.
TEXT ·cas32Acquire(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R0
	MOVW	old+8(FP), R1
	MOVW	new+12(FP), R2
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	MOVW	R1, R3
	CASAW	R3, (R0), R2
	CMPW	R1, R3
	CSET	EQ, R4
	MOVW	R3, ret+16(FP)
	MOVB	R4, ret1+20(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDAXRW	(R0), R3
	CMPW	R1, R3
	BNE	fail
	STXRW	R2, (R0), R5
	CBNZ	R5, llsc
	MOVW	R3, ret+16(FP)
	MOVD	$1, R4
	MOVB	R4, ret1+20(FP)
	RET
fail:
	MOVW	R3, ret+16(FP)
	MOVB	ZR, ret1+20(FP)
	RET
#endif

// Release compare-and-swap: the write is STLXR or CASL, a release, so
// accesses before it are ordered before the new value. A failed compare
// writes nothing and orders nothing.
TEXT ·cas32Release(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R0
	MOVW	old+8(FP), R1
	MOVW	new+12(FP), R2
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	MOVW	R1, R3
	CASLW	R3, (R0), R2
	CMPW	R1, R3
	CSET	EQ, R4
	MOVW	R3, ret+16(FP)
	MOVB	R4, ret1+20(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	CMPW	R1, R3
	BNE	fail
	STLXRW	R2, (R0), R5
	CBNZ	R5, llsc
	MOVW	R3, ret+16(FP)
	MOVD	$1, R4
	MOVB	R4, ret1+20(FP)
	RET
fail:
	MOVW	R3, ret+16(FP)
	MOVB	ZR, ret1+20(FP)
	RET
#endif

// Full compare-and-swap: CASAL, or, as in xadd32Full, LDXR/STLXR with a
// DMB ISH after a successful store. A failed compare skips the DMB: the
// kernel's cmpxchg orders nothing when it fails, and neither does this.
TEXT ·cas32Full(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R0
	MOVW	old+8(FP), R1
	MOVW	new+12(FP), R2
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	MOVW	R1, R3
	CASALW	R3, (R0), R2
	CMPW	R1, R3
	CSET	EQ, R4
	MOVW	R3, ret+16(FP)
	MOVB	R4, ret1+20(FP)
	RET
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	CMPW	R1, R3
	BNE	fail
	STLXRW	R2, (R0), R5
	CBNZ	R5, llsc
	DMB	$0xb // ISH
	MOVW	R3, ret+16(FP)
	MOVD	$1, R4
	MOVB	R4, ret1+20(FP)
	RET
fail:
	MOVW	R3, ret+16(FP)
	MOVB	ZR, ret1+20(FP)
	RET
#endif

// Relaxed add-not-zero-limited. R5 = limit-delta, which the callers' checks
// (delta > 0, limit > 0) keep within int32, so "old > limit-delta" is the
// overflow-free form of "old+delta > limit". LL/SC tests the value it
// holds exclusively and stores with STXR; LSE starts from a plain load (the
// kernel's refcount_read) and CAS, and a failed CAS hands back the current
// value, which goes through both tests again. Orders nothing.
TEXT ·addNotZeroLimitedRelaxed(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R0
	MOVW	delta+8(FP), R1
	MOVW	limit+12(FP), R2
	SUBW	R1, R2, R5
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	MOVW	(R0), R3
lse:
	CMPW	$0, R3
	BLE	fail
	CMPW	R5, R3
	BGT	fail
	ADDW	R1, R3, R6
	MOVW	R3, R7
	CASW	R7, (R0), R6
	CMPW	R3, R7
	BEQ	ok
	MOVW	R7, R3
	B	lse
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	CMPW	$0, R3
	BLE	fail
	CMPW	R5, R3
	BGT	fail
	ADDW	R1, R3, R6
	STXRW	R6, (R0), R7
	CBNZ	R7, llsc
#endif
ok:
	MOVW	R3, ret+16(FP)
	MOVD	$1, R4
	MOVB	R4, ret1+20(FP)
	RET
fail:
	MOVW	R3, ret+16(FP)
	MOVB	ZR, ret1+20(FP)
	RET

// Acquire add-not-zero-limited, the per-VMA read lock's
// __refcount_inc_not_zero_limited_acquire. The acquire is on the read that
// the successful store is paired with: LDAXR in the LL/SC loop (with a plain
// STXR and no trailing barrier) or CASA on LSE. Accesses after a success are
// therefore ordered after a read of the count that a writer's release
// (STLR, LDADDL, ...) wrote, which is all a reader needs. A failure may
// return after an acquire read too, which orders more than promised.
TEXT ·addNotZeroLimitedAcquire(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R0
	MOVW	delta+8(FP), R1
	MOVW	limit+12(FP), R2
	SUBW	R1, R2, R5
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	MOVW	(R0), R3
lse:
	CMPW	$0, R3
	BLE	fail
	CMPW	R5, R3
	BGT	fail
	ADDW	R1, R3, R6
	MOVW	R3, R7
	CASAW	R7, (R0), R6
	CMPW	R3, R7
	BEQ	ok
	MOVW	R7, R3
	B	lse
#ifndef GOARM64_LSE
llsc:
	LDAXRW	(R0), R3
	CMPW	$0, R3
	BLE	fail
	CMPW	R5, R3
	BGT	fail
	ADDW	R1, R3, R6
	STXRW	R6, (R0), R7
	CBNZ	R7, llsc
#endif
ok:
	MOVW	R3, ret+16(FP)
	MOVD	$1, R4
	MOVB	R4, ret1+20(FP)
	RET
fail:
	MOVW	R3, ret+16(FP)
	MOVB	ZR, ret1+20(FP)
	RET

// Sub-and-test, the kernel's refcount_sub_and_test: a release decrement
// (STLXR or LDADDL of -delta) so that this holder's accesses are ordered
// before the count drops, then, only for the caller that took it to zero,
// smp_acquire__after_ctrl_dep, a DMB ISHLD: it orders the read of the old
// value before every later load and store, so the caller that frees the
// object sees what every other holder did before its own release. A count
// found below delta is set to Saturated with a plain store, as the
// kernel's refcount_set does; the caller then panics.
TEXT ·subAndTest(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R0
	MOVW	delta+8(FP), R1
#ifndef GOARM64_LSE
	MOVBU	·useLSE(SB), R4
	CBZ	R4, llsc
#endif
	NEGW	R1, R2
	LDADDLW	R2, (R0), R3
	B	test
#ifndef GOARM64_LSE
llsc:
	LDXRW	(R0), R3
	SUBW	R1, R3, R2
	STLXRW	R2, (R0), R5
	CBNZ	R5, llsc
#endif
test:
	CMPW	R1, R3
	BLT	saturate
	BNE	done
	DMB	$0x9 // ISHLD
done:
	MOVW	R3, ret+16(FP)
	RET
saturate:
	MOVW	$const_Saturated, R2
	MOVW	R2, (R0)
	B	done

// smp_rmb: DMB ISHLD orders earlier loads before later loads and stores.
TEXT ·rmb(SB), NOSPLIT, $0-0
	DMB	$0x9 // ISHLD
	RET

// smp_wmb: DMB ISHST orders earlier stores before later stores.
TEXT ·wmb(SB), NOSPLIT, $0-0
	DMB	$0xa // ISHST
	RET

// smp_mb: DMB ISH orders every earlier access before every later one within
// the inner shareable domain, which holds every CPU a program runs on.
TEXT ·mb(SB), NOSPLIT, $0-0
	DMB	$0xb // ISH
	RET

// rmb, wmb and mb: DSB LD, ST and SY also wait for the accesses to complete,
// over the full system, which device memory needs and ordinary memory does
// not.
TEXT ·mandatoryRmb(SB), NOSPLIT, $0-0
	DSB	$0xd // LD
	RET

TEXT ·mandatoryWmb(SB), NOSPLIT, $0-0
	DSB	$0xe // ST
	RET

TEXT ·mandatoryMb(SB), NOSPLIT, $0-0
	DSB	$0xf // SY
	RET
