//go:build !purego && !race

#include "go_asm.h"
#include "textflag.h"

// The ppc64le routines, in Linux's mapping (arch/powerpc/include/asm/
// atomic.h, cmpxchg.h, barrier.h, synch.h). Power has no single-instruction
// atomics that Linux uses: every read-modify-write is a LWARX/STWCX. loop.
//
//	               fetch-add, compare-and-swap (LWARX / STWCX. loop)
//	relaxed        loop
//	acquire        loop; ISYNC (after the BNE that closes it; a failed
//	               compare branches past it)
//	release        LWSYNC; loop
//	full           SYNC; loop; SYNC (a failed compare skips the second)
//	load acquire   LWA; LWSYNC            (smp_load_acquire)
//	store release  LWSYNC; STW            (smp_store_release)
//	smp rmb / wmb / mb         LWSYNC / LWSYNC / SYNC
//	mandatory rmb / wmb / mb   SYNC / SYNC / SYNC
//
// The acquire of a read-modify-write is ISYNC after the loop, the
// instruction that Linux's PPC_ACQUIRE_BARRIER is written as. (At boot the
// kernel patches it to LWSYNC on cores that have LWSYNC, every 64-bit
// server core among them; LWSYNC would order the loop's load before later
// accesses too, without the branch. This code is not patched, and keeps
// the barrier as written.) ISYNC is enough because the loop ends in a
// conditional branch on the STWCX. (and the compare), and ISYNC keeps every
// later instruction from starting before that branch resolves, so no later
// load is satisfied before the LWARX's value is known, and no later store
// is performed before it (herd7's Power model: ctrl+isync). The acquire load is LWSYNC after it
// instead (Linux's __smp_load_acquire), which orders it before later loads
// and stores without a branch. LWSYNC orders everything but an earlier
// store against a later load, which is all a release needs; SYNC orders
// that too, which a fully ordered operation needs.
//
// Registers: R3 the address, R4 the operand or expected value, R5 the old
// value, R6 the new value, R7 a scratch and result register, R8 a limit.

// Relaxed load: an aligned LWA is single-copy atomic and orders nothing.
TEXT ·load32Relaxed(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R3
	MOVW	(R3), R4
	MOVW	R4, ret+8(FP)
	RET

// Acquire load: LWSYNC keeps every later load and store after the load.
TEXT ·load32Acquire(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R3
	MOVW	(R3), R4
	LWSYNC
	MOVW	R4, ret+8(FP)
	RET

// Relaxed store: an aligned STW is single-copy atomic and orders nothing.
TEXT ·store32Relaxed(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R3
	MOVW	v+8(FP), R4
	MOVW	R4, (R3)
	RET

// Release store: LWSYNC keeps every earlier load and store before the
// store.
TEXT ·store32Release(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R3
	MOVW	v+8(FP), R4
	LWSYNC
	MOVW	R4, (R3)
	RET

// Relaxed fetch-add: the LWARX/STWCX. loop is atomic and orders nothing
// else.
TEXT ·xadd32Relaxed(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R3
	MOVW	d+8(FP), R4
loop:
	LWAR	(R3), R5
	ADD	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	MOVW	R5, ret+16(FP)
	RET

// Acquire fetch-add: ISYNC after the loop's closing branch keeps every
// later access after the LWARX (__atomic_acquire_fence).
TEXT ·xadd32Acquire(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R3
	MOVW	d+8(FP), R4
loop:
	LWAR	(R3), R5
	ADD	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	ISYNC
	MOVW	R5, ret+16(FP)
	RET

// Release fetch-add: LWSYNC before the loop keeps every earlier access
// before the STWCX. (__atomic_release_fence).
TEXT ·xadd32Release(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R3
	MOVW	d+8(FP), R4
	LWSYNC
loop:
	LWAR	(R3), R5
	ADD	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	MOVW	R5, ret+16(FP)
	RET

// Full fetch-add: SYNC before and after the loop, Linux's
// PPC_ATOMIC_ENTRY_BARRIER and PPC_ATOMIC_EXIT_BARRIER.
TEXT ·xadd32Full(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R3
	MOVW	d+8(FP), R4
	SYNC
loop:
	LWAR	(R3), R5
	ADD	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	SYNC
	MOVW	R5, ret+16(FP)
	RET

// Relaxed compare-and-swap: a loop that gives up as soon as the value
// differs from old. Orders nothing.
TEXT ·cas32Relaxed(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R3
	MOVW	old+8(FP), R4
	MOVW	new+12(FP), R6
loop:
	LWAR	(R3), R5
	CMPW	R5, R4
	BNE	fail
	STWCCC	R6, (R3)
	BNE	loop
	MOVW	R5, ret+16(FP)
	MOVD	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	MOVW	R5, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Acquire compare-and-swap: ISYNC after a successful STWCX., Linux's
// cmpxchg_acquire. A failure branches past it and orders nothing.
TEXT ·cas32Acquire(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R3
	MOVW	old+8(FP), R4
	MOVW	new+12(FP), R6
loop:
	LWAR	(R3), R5
	CMPW	R5, R4
	BNE	fail
	STWCCC	R6, (R3)
	BNE	loop
	ISYNC
	MOVW	R5, ret+16(FP)
	MOVD	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	MOVW	R5, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Release compare-and-swap: LWSYNC before the loop keeps every earlier
// access before the STWCX. It runs before the compare, so a failure pays
// for it too.
TEXT ·cas32Release(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R3
	MOVW	old+8(FP), R4
	MOVW	new+12(FP), R6
	LWSYNC
loop:
	LWAR	(R3), R5
	CMPW	R5, R4
	BNE	fail
	STWCCC	R6, (R3)
	BNE	loop
	MOVW	R5, ret+16(FP)
	MOVD	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	MOVW	R5, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Full compare-and-swap, Linux's cmpxchg: SYNC before the loop and after
// a successful STWCX.; a failure skips the second.
TEXT ·cas32Full(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R3
	MOVW	old+8(FP), R4
	MOVW	new+12(FP), R6
	SYNC
loop:
	LWAR	(R3), R5
	CMPW	R5, R4
	BNE	fail
	STWCCC	R6, (R3)
	BNE	loop
	SYNC
	MOVW	R5, ret+16(FP)
	MOVD	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	MOVW	R5, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Relaxed add-not-zero-limited: R8 = limit-delta, which the callers'
// checks (delta > 0, limit > 0) keep within int32, so "old > limit-delta"
// is the overflow-free form of "old+delta > limit". The loop tests the
// value its LWARX reserved (CMPW compares its low 32 bits, signed) and
// stores with STWCX. Orders nothing.
TEXT ·addNotZeroLimitedRelaxed(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R3
	MOVW	delta+8(FP), R4
	MOVW	limit+12(FP), R7
	SUB	R4, R7, R8
loop:
	LWAR	(R3), R5
	CMPW	R5, $0
	BLE	fail
	CMPW	R5, R8
	BGT	fail
	ADD	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	MOVW	R5, ret+16(FP)
	MOVD	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	MOVW	R5, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Acquire add-not-zero-limited, the per-VMA read lock's
// __refcount_inc_not_zero_limited_acquire: the relaxed loop, then, on
// success only, ISYNC (atomic_try_cmpxchg_acquire), so that every access
// after a success is ordered after the read of a count that a writer's
// release wrote.
TEXT ·addNotZeroLimitedAcquire(SB), NOSPLIT, $0-21
	MOVD	p+0(FP), R3
	MOVW	delta+8(FP), R4
	MOVW	limit+12(FP), R7
	SUB	R4, R7, R8
loop:
	LWAR	(R3), R5
	CMPW	R5, $0
	BLE	fail
	CMPW	R5, R8
	BGT	fail
	ADD	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	ISYNC
	MOVW	R5, ret+16(FP)
	MOVD	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	MOVW	R5, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Sub-and-test, the kernel's refcount_sub_and_test: LWSYNC, then the loop
// subtracting delta (atomic_fetch_sub_release), so that this holder's
// accesses are ordered before the count drops, then, only for the caller
// that took it to zero, smp_acquire__after_ctrl_dep, which is smp_rmb,
// LWSYNC: it orders the read of the count before every later load and
// store. A count found below delta is set to Saturated with a plain store,
// as the kernel's refcount_set does; the caller then panics.
TEXT ·subAndTest(SB), NOSPLIT, $0-20
	MOVD	p+0(FP), R3
	MOVW	delta+8(FP), R4
	LWSYNC
loop:
	LWAR	(R3), R5
	SUB	R4, R5, R6
	STWCCC	R6, (R3)
	BNE	loop
	CMPW	R5, R4
	BLT	saturate
	BNE	done
	LWSYNC
done:
	MOVW	R5, ret+16(FP)
	RET
saturate:
	MOVW	$const_Saturated, R7
	MOVW	R7, (R3)
	BR	done

// smp_rmb and smp_wmb: LWSYNC orders earlier loads before later loads and
// earlier stores before later stores (and more).
TEXT ·rmb(SB), NOSPLIT, $0-0
	LWSYNC
	RET

TEXT ·wmb(SB), NOSPLIT, $0-0
	LWSYNC
	RET

// smp_mb: SYNC orders every earlier access before every later one, an
// earlier store before a later load included.
TEXT ·mb(SB), NOSPLIT, $0-0
	SYNC
	RET

// rmb, wmb and mb: SYNC, which also orders accesses to device memory.
TEXT ·mandatoryRmb(SB), NOSPLIT, $0-0
	SYNC
	RET

TEXT ·mandatoryWmb(SB), NOSPLIT, $0-0
	SYNC
	RET

TEXT ·mandatoryMb(SB), NOSPLIT, $0-0
	SYNC
	RET
