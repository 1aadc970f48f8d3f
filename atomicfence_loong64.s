//go:build !purego && !race

#include "go_asm.h"
#include "textflag.h"

// The loong64 routines, after Linux (arch/loongarch/include/asm/atomic.h,
// cmpxchg.h, barrier.h). Every loong64 core has the AM* atomics and LL/SC;
// the AMCAS of LA664 (LAMCAS) is not used.
//
//	               fetch-add            compare-and-swap (LL/SC loop)
//	relaxed        AMADD.W              LL / SC; DBAR 0x700
//	acquire        AMADD_DB.W           LL / SC; DBAR 0x14 on success
//	release        AMADD_DB.W           DBAR 0x12; LL / SC; DBAR 0x700
//	full           AMADD_DB.W           DBAR 0x10; LL / SC; DBAR 0x10 on success
//	load acquire   LD.W; DBAR 0x14      (smp_load_acquire: ldacq_mb)
//	store release  DBAR 0x12; ST.W      (smp_store_release: strel_mb)
//	smp rmb / wmb / mb         DBAR 0x15 / DBAR 0x1a / DBAR 0x10
//	mandatory rmb / wmb / mb   DBAR 0x05 / DBAR 0x0a / DBAR 0
//
// The DBAR hints are Linux's: bit 4 asks for ordering rather than
// completion, bits 3 to 0 exempt earlier loads, earlier stores, later
// loads and later stores (0x14: earlier loads before everything later;
// 0x12: everything earlier before later stores; 0x700: a later load of
// the address that LL read does not pass it). The LoongArch reference
// manual has a core that lacks a hint execute it as DBAR 0, the full
// completion barrier, so the hints need no run-time check: an older core
// (LA464) pays for DBAR 0 and is still ordered.
//
// Linux defines only the fully ordered arch_cmpxchg, whose loop relies on
// LL/SC ordering on the cores it knows, with DBAR 0x700 (__WEAK_LLSC_MB) at
// the exit; here each ordering puts its own barrier around that loop
// (ldacq_mb after, strel_mb before, smp_mb on both sides), so that the
// ordering does not rest on a property of a core's LL. Linux's acquire,
// release and full fetch ops are all the AM*_DB form, whose barrier
// orders the access against everything before and after it.
//
// Registers: R4 the address, R5 the operand or expected value, R6 the new
// value, R7 the SC status, R8 the old value, R9 a limit.

// Relaxed load: an aligned LD.W is single-copy atomic and orders nothing.
TEXT ·load32Relaxed(SB), NOSPLIT, $0-12
	MOVV	p+0(FP), R4
	MOVW	(R4), R5
	MOVW	R5, ret+8(FP)
	RET

// Acquire load: DBAR 0x14 keeps every later load and store after the load.
TEXT ·load32Acquire(SB), NOSPLIT, $0-12
	MOVV	p+0(FP), R4
	MOVW	(R4), R5
	DBAR	$0x14 // ldacq_mb
	MOVW	R5, ret+8(FP)
	RET

// Relaxed store: an aligned ST.W is single-copy atomic and orders nothing.
TEXT ·store32Relaxed(SB), NOSPLIT, $0-12
	MOVV	p+0(FP), R4
	MOVW	v+8(FP), R5
	MOVW	R5, (R4)
	RET

// Release store: DBAR 0x12 keeps every earlier load and store before the
// store.
TEXT ·store32Release(SB), NOSPLIT, $0-12
	MOVV	p+0(FP), R4
	MOVW	v+8(FP), R5
	DBAR	$0x12 // strel_mb
	MOVW	R5, (R4)
	RET

// Relaxed fetch-add: AMADD.W is atomic and orders nothing else.
TEXT ·xadd32Relaxed(SB), NOSPLIT, $0-20
	MOVV	p+0(FP), R4
	MOVW	d+8(FP), R5
	AMADDW	R5, (R4), R8
	MOVW	R8, ret+16(FP)
	RET

// Acquire fetch-add: AMADD_DB.W, whose barrier keeps every later access
// after it (Linux: arch_atomic_fetch_add_acquire is the _DB form).
TEXT ·xadd32Acquire(SB), NOSPLIT, $0-20
	MOVV	p+0(FP), R4
	MOVW	d+8(FP), R5
	AMADDDBW	R5, (R4), R8
	MOVW	R8, ret+16(FP)
	RET

// Release fetch-add: AMADD_DB.W, whose barrier keeps every earlier access
// before it.
TEXT ·xadd32Release(SB), NOSPLIT, $0-20
	MOVV	p+0(FP), R4
	MOVW	d+8(FP), R5
	AMADDDBW	R5, (R4), R8
	MOVW	R8, ret+16(FP)
	RET

// Full fetch-add: AMADD_DB.W orders every earlier access before it and
// every later one after it.
TEXT ·xadd32Full(SB), NOSPLIT, $0-20
	MOVV	p+0(FP), R4
	MOVW	d+8(FP), R5
	AMADDDBW	R5, (R4), R8
	MOVW	R8, ret+16(FP)
	RET

// Relaxed compare-and-swap: Linux's LL/SC loop, which gives up as soon as
// the value differs from old, with DBAR 0x700 at either exit so that a
// later load of the word does not read an older value than LL did.
TEXT ·cas32Relaxed(SB), NOSPLIT, $0-21
	MOVV	p+0(FP), R4
	MOVW	old+8(FP), R5
	MOVW	new+12(FP), R6
loop:
	LL	(R4), R8
	BNE	R5, R8, fail
	MOVV	R6, R7
	SC	R7, (R4)
	BEQ	R7, loop
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVV	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Acquire compare-and-swap: DBAR 0x14 after a successful SC keeps every
// later access after the read of old; it also covers 0x700. A failure
// orders nothing.
TEXT ·cas32Acquire(SB), NOSPLIT, $0-21
	MOVV	p+0(FP), R4
	MOVW	old+8(FP), R5
	MOVW	new+12(FP), R6
loop:
	LL	(R4), R8
	BNE	R5, R8, fail
	MOVV	R6, R7
	SC	R7, (R4)
	BEQ	R7, loop
	DBAR	$0x14 // ldacq_mb
	MOVW	R8, ret+16(FP)
	MOVV	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Release compare-and-swap: DBAR 0x12 before the loop keeps every earlier
// access before the SC's write. It runs before the compare, so a failure
// pays for it too.
TEXT ·cas32Release(SB), NOSPLIT, $0-21
	MOVV	p+0(FP), R4
	MOVW	old+8(FP), R5
	MOVW	new+12(FP), R6
	DBAR	$0x12 // strel_mb
loop:
	LL	(R4), R8
	BNE	R5, R8, fail
	MOVV	R6, R7
	SC	R7, (R4)
	BEQ	R7, loop
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVV	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Full compare-and-swap: DBAR 0x10 (smp_mb) before the loop and after a
// successful SC, as if smp_mb() stood on each side.
TEXT ·cas32Full(SB), NOSPLIT, $0-21
	MOVV	p+0(FP), R4
	MOVW	old+8(FP), R5
	MOVW	new+12(FP), R6
	DBAR	$0x10 // smp_mb
loop:
	LL	(R4), R8
	BNE	R5, R8, fail
	MOVV	R6, R7
	SC	R7, (R4)
	BEQ	R7, loop
	DBAR	$0x10 // smp_mb
	MOVW	R8, ret+16(FP)
	MOVV	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Relaxed add-not-zero-limited: R9 = limit-delta, which the callers'
// checks (delta > 0, limit > 0) keep within int32, so "old > limit-delta"
// is the overflow-free form of "old+delta > limit". The loop tests the
// value its LL read and stores with SC. Orders nothing.
TEXT ·addNotZeroLimitedRelaxed(SB), NOSPLIT, $0-21
	MOVV	p+0(FP), R4
	MOVW	delta+8(FP), R5
	MOVW	limit+12(FP), R6
	SUB	R5, R6, R9
loop:
	LL	(R4), R8
	BLEZ	R8, fail
	BLT	R9, R8, fail
	ADD	R5, R8, R7
	SC	R7, (R4)
	BEQ	R7, loop
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVV	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Acquire add-not-zero-limited, the per-VMA read lock's
// __refcount_inc_not_zero_limited_acquire: the relaxed loop, then, on
// success only, DBAR 0x14, so that every access after a success is
// ordered after the read of a count that a writer's release wrote.
TEXT ·addNotZeroLimitedAcquire(SB), NOSPLIT, $0-21
	MOVV	p+0(FP), R4
	MOVW	delta+8(FP), R5
	MOVW	limit+12(FP), R6
	SUB	R5, R6, R9
loop:
	LL	(R4), R8
	BLEZ	R8, fail
	BLT	R9, R8, fail
	ADD	R5, R8, R7
	SC	R7, (R4)
	BEQ	R7, loop
	DBAR	$0x14 // ldacq_mb
	MOVW	R8, ret+16(FP)
	MOVV	$1, R7
	MOVB	R7, ret1+20(FP)
	RET
fail:
	DBAR	$0x700 // same-address load after LL
	MOVW	R8, ret+16(FP)
	MOVB	R0, ret1+20(FP)
	RET

// Sub-and-test, the kernel's refcount_sub_and_test: AMADD_DB.W of -delta,
// Linux's fetch_sub_release, whose barrier orders this holder's accesses
// before the count drops, then, only for the caller that took it to zero,
// smp_acquire__after_ctrl_dep, which is smp_rmb, DBAR 0x15: with the
// control dependency on the old value it orders the read of the count
// before every later load and store. A count found below delta is set to
// Saturated with a plain store, as the kernel's refcount_set does; the
// caller then panics.
TEXT ·subAndTest(SB), NOSPLIT, $0-20
	MOVV	p+0(FP), R4
	MOVW	delta+8(FP), R6
	SUB	R6, R0, R5
	AMADDDBW	R5, (R4), R8
	BLT	R8, R6, saturate
	BNE	R8, R6, done
	DBAR	$0x15 // smp_rmb
done:
	MOVW	R8, ret+16(FP)
	RET
saturate:
	MOVW	$const_Saturated, R7
	MOVW	R7, (R4)
	JMP	done

// smp_rmb: DBAR 0x15 orders earlier loads before later loads.
TEXT ·rmb(SB), NOSPLIT, $0-0
	DBAR	$0x15
	RET

// smp_wmb: DBAR 0x1a orders earlier stores before later stores.
TEXT ·wmb(SB), NOSPLIT, $0-0
	DBAR	$0x1a
	RET

// smp_mb: DBAR 0x10 orders every earlier load and store before every later
// one.
TEXT ·mb(SB), NOSPLIT, $0-0
	DBAR	$0x10
	RET

// rmb, wmb and mb: the completion forms (bit 4 clear), which also wait for
// the accesses to complete, as device memory needs: DBAR 0x05, 0x0a and 0.
TEXT ·mandatoryRmb(SB), NOSPLIT, $0-0
	DBAR	$0x05
	RET

TEXT ·mandatoryWmb(SB), NOSPLIT, $0-0
	DBAR	$0x0a
	RET

TEXT ·mandatoryMb(SB), NOSPLIT, $0-0
	DBAR	$0
	RET
