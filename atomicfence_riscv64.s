//go:build !purego && !race

#include "go_asm.h"
#include "textflag.h"

// The riscv64 routines, in Linux's mapping (arch/riscv/include/asm/
// atomic.h, cmpxchg.h, barrier.h, fence.h). The A extension is part of
// every riscv64 target that Go builds for (rva20u64 and later), so there
// is one form of each routine and no run-time choice; Linux's Zacas
// (AMOCAS) and Zabha forms are not used.
//
//	               fetch-add (AMO)        compare-and-swap (LR/SC)
//	relaxed        AMOADD                 LR / SC
//	acquire        AMOADD; FENCE R,RW     LR / SC; FENCE R,RW
//	release        FENCE RW,W; AMOADD     FENCE RW,W; LR / SC
//	full           AMOADD.AQRL            LR / SC.RL; FENCE RW,RW
//	load acquire   LW; FENCE R,RW         (smp_load_acquire)
//	store release  FENCE RW,W; SW         (smp_store_release)
//	rmb / wmb / mb FENCE R,R / FENCE W,W / FENCE RW,RW (smp_*)
//	mandatory      FENCE IR,IR / FENCE OW,OW / FENCE IORW,IORW
//
// Acquire and release are a relaxed AMO or LR/SC with a fence, not the
// .AQ and .RL bits: Linux made that choice when it strengthened its
// riscv atomics to the ordering that the Linux-kernel memory model asks
// of them (a fence orders every earlier or later access of the thread,
// where .RL and .AQ tie the ordering to the one access). A failed
// compare-and-swap branches past the trailing fence, as Linux's does: it
// orders nothing.
//
// The Go assembler sets aq and rl on every AMO, aq on every LR and rl on
// every SC, and its FENCE is FENCE IORW,IORW, so every AMO, LR, SC and
// FENCE that needs other bits is a WORD, its instruction in the comment
// beside it. Registers: A0 the address, A1 the operand or expected value,
// A2 the new value, A3 the old value, A4 the SC status, A5 a limit.

// Relaxed load: an aligned LW is single-copy atomic and orders nothing.
TEXT ·load32Relaxed(SB), NOSPLIT, $0-12
	MOV	p+0(FP), A0
	MOVW	(A0), A1
	MOVW	A1, ret+8(FP)
	RET

// Acquire load: FENCE R,RW keeps every later load and store after the
// load.
TEXT ·load32Acquire(SB), NOSPLIT, $0-12
	MOV	p+0(FP), A0
	MOVW	(A0), A1
	WORD	$0x0230000f // FENCE R,RW
	MOVW	A1, ret+8(FP)
	RET

// Relaxed store: an aligned SW is single-copy atomic and orders nothing.
TEXT ·store32Relaxed(SB), NOSPLIT, $0-12
	MOV	p+0(FP), A0
	MOVW	v+8(FP), A1
	MOVW	A1, (A0)
	RET

// Release store: FENCE RW,W keeps every earlier load and store before the
// store.
TEXT ·store32Release(SB), NOSPLIT, $0-12
	MOV	p+0(FP), A0
	MOVW	v+8(FP), A1
	WORD	$0x0310000f // FENCE RW,W
	MOVW	A1, (A0)
	RET

// Relaxed fetch-add: the AMO is atomic and orders nothing else.
TEXT ·xadd32Relaxed(SB), NOSPLIT, $0-20
	MOV	p+0(FP), A0
	MOVW	d+8(FP), A1
	WORD	$0x00b526af // AMOADD.W A1, (A0), A3
	MOVW	A3, ret+16(FP)
	RET

// Acquire fetch-add: FENCE R,RW after the AMO keeps every later load and
// store after its read (Linux: __atomic_acquire_fence after the relaxed
// AMO).
TEXT ·xadd32Acquire(SB), NOSPLIT, $0-20
	MOV	p+0(FP), A0
	MOVW	d+8(FP), A1
	WORD	$0x00b526af // AMOADD.W A1, (A0), A3
	WORD	$0x0230000f // FENCE R,RW
	MOVW	A3, ret+16(FP)
	RET

// Release fetch-add: FENCE RW,W before the AMO keeps every earlier load
// and store before its write (__atomic_release_fence).
TEXT ·xadd32Release(SB), NOSPLIT, $0-20
	MOV	p+0(FP), A0
	MOVW	d+8(FP), A1
	WORD	$0x0310000f // FENCE RW,W
	WORD	$0x00b526af // AMOADD.W A1, (A0), A3
	MOVW	A3, ret+16(FP)
	RET

// Full fetch-add: AMOADD.AQRL is sequentially consistent, RVWMO orders it
// after every earlier access and before every later one.
TEXT ·xadd32Full(SB), NOSPLIT, $0-20
	MOV	p+0(FP), A0
	MOVW	d+8(FP), A1
	WORD	$0x06b526af // AMOADD.W.AQRL A1, (A0), A3
	MOVW	A3, ret+16(FP)
	RET

// Relaxed compare-and-swap: an LR/SC loop that gives up as soon as the
// value differs from old. Orders nothing.
TEXT ·cas32Relaxed(SB), NOSPLIT, $0-21
	MOV	p+0(FP), A0
	MOVW	old+8(FP), A1
	MOVW	new+12(FP), A2
loop:
	WORD	$0x100526af // LR.W (A0), A3
	BNE	A1, A3, fail
	WORD	$0x18c5272f // SC.W A2, (A0), A4
	BNEZ	A4, loop
	MOVW	A3, ret+16(FP)
	MOV	$1, A4
	MOVB	A4, ret1+20(FP)
	RET
fail:
	MOVW	A3, ret+16(FP)
	MOVB	ZERO, ret1+20(FP)
	RET

// Acquire compare-and-swap: FENCE R,RW after a successful SC keeps every
// later access after the read of old (Linux's cmpxchg_acquire).
TEXT ·cas32Acquire(SB), NOSPLIT, $0-21
	MOV	p+0(FP), A0
	MOVW	old+8(FP), A1
	MOVW	new+12(FP), A2
loop:
	WORD	$0x100526af // LR.W (A0), A3
	BNE	A1, A3, fail
	WORD	$0x18c5272f // SC.W A2, (A0), A4
	BNEZ	A4, loop
	WORD	$0x0230000f // FENCE R,RW
	MOVW	A3, ret+16(FP)
	MOV	$1, A4
	MOVB	A4, ret1+20(FP)
	RET
fail:
	MOVW	A3, ret+16(FP)
	MOVB	ZERO, ret1+20(FP)
	RET

// Release compare-and-swap: FENCE RW,W before the loop keeps every
// earlier access before the SC's write (cmpxchg_release). It runs before
// the compare, so a failure has paid for it too.
TEXT ·cas32Release(SB), NOSPLIT, $0-21
	MOV	p+0(FP), A0
	MOVW	old+8(FP), A1
	MOVW	new+12(FP), A2
	WORD	$0x0310000f // FENCE RW,W
loop:
	WORD	$0x100526af // LR.W (A0), A3
	BNE	A1, A3, fail
	WORD	$0x18c5272f // SC.W A2, (A0), A4
	BNEZ	A4, loop
	MOVW	A3, ret+16(FP)
	MOV	$1, A4
	MOVB	A4, ret1+20(FP)
	RET
fail:
	MOVW	A3, ret+16(FP)
	MOVB	ZERO, ret1+20(FP)
	RET

// Full compare-and-swap, Linux's cmpxchg: SC.RL keeps every earlier
// access before the write, and FENCE RW,RW after the loop every later
// access after the whole read-modify-write.
TEXT ·cas32Full(SB), NOSPLIT, $0-21
	MOV	p+0(FP), A0
	MOVW	old+8(FP), A1
	MOVW	new+12(FP), A2
loop:
	WORD	$0x100526af // LR.W (A0), A3
	BNE	A1, A3, fail
	WORD	$0x1ac5272f // SC.W.RL A2, (A0), A4
	BNEZ	A4, loop
	WORD	$0x0330000f // FENCE RW,RW
	MOVW	A3, ret+16(FP)
	MOV	$1, A4
	MOVB	A4, ret1+20(FP)
	RET
fail:
	MOVW	A3, ret+16(FP)
	MOVB	ZERO, ret1+20(FP)
	RET

// Relaxed add-not-zero-limited: A5 = limit-delta, which the callers'
// checks (delta > 0, limit > 0) keep within int32, so "old > limit-delta"
// is the overflow-free form of "old+delta > limit". The loop tests the
// value its LR reserved and stores with SC. Orders nothing.
TEXT ·addNotZeroLimitedRelaxed(SB), NOSPLIT, $0-21
	MOV	p+0(FP), A0
	MOVW	delta+8(FP), A1
	MOVW	limit+12(FP), A2
	SUBW	A1, A2, A5
loop:
	WORD	$0x100526af // LR.W (A0), A3
	BLEZ	A3, fail
	BGT	A3, A5, fail
	ADDW	A1, A3, A2
	WORD	$0x18c5272f // SC.W A2, (A0), A4
	BNEZ	A4, loop
	MOVW	A3, ret+16(FP)
	MOV	$1, A4
	MOVB	A4, ret1+20(FP)
	RET
fail:
	MOVW	A3, ret+16(FP)
	MOVB	ZERO, ret1+20(FP)
	RET

// Acquire add-not-zero-limited, the per-VMA read lock's
// __refcount_inc_not_zero_limited_acquire: the loop of the relaxed form,
// then, on success only, FENCE R,RW (atomic_try_cmpxchg_acquire), so that
// every access after a success is ordered after the read of a count that
// a writer's release wrote. A failure orders nothing.
TEXT ·addNotZeroLimitedAcquire(SB), NOSPLIT, $0-21
	MOV	p+0(FP), A0
	MOVW	delta+8(FP), A1
	MOVW	limit+12(FP), A2
	SUBW	A1, A2, A5
loop:
	WORD	$0x100526af // LR.W (A0), A3
	BLEZ	A3, fail
	BGT	A3, A5, fail
	ADDW	A1, A3, A2
	WORD	$0x18c5272f // SC.W A2, (A0), A4
	BNEZ	A4, loop
	WORD	$0x0230000f // FENCE R,RW
	MOVW	A3, ret+16(FP)
	MOV	$1, A4
	MOVB	A4, ret1+20(FP)
	RET
fail:
	MOVW	A3, ret+16(FP)
	MOVB	ZERO, ret1+20(FP)
	RET

// Sub-and-test, the kernel's refcount_sub_and_test: a release decrement
// (FENCE RW,W, then AMOADD of -delta) so that this holder's accesses are
// ordered before the count drops, then, only for the caller that took it
// to zero, smp_acquire__after_ctrl_dep, which is smp_rmb, FENCE R,R: with
// the control dependency on the old value it orders the read of the count
// before every later load and store, so the caller that frees the object
// sees what every other holder did before its own release. A count found
// below delta is set to Saturated with a plain store, as the kernel's
// refcount_set does; the caller then panics.
TEXT ·subAndTest(SB), NOSPLIT, $0-20
	MOV	p+0(FP), A0
	MOVW	delta+8(FP), A4
	NEGW	A4, A1
	WORD	$0x0310000f // FENCE RW,W
	WORD	$0x00b526af // AMOADD.W A1, (A0), A3
	BLT	A3, A4, saturate
	BNE	A3, A4, done
	WORD	$0x0220000f // FENCE R,R
done:
	MOVW	A3, ret+16(FP)
	RET
saturate:
	MOV	$const_Saturated, A2
	MOVW	A2, (A0)
	JMP	done

// smp_rmb: FENCE R,R orders earlier loads before later loads.
TEXT ·rmb(SB), NOSPLIT, $0-0
	WORD	$0x0220000f // FENCE R,R
	RET

// smp_wmb: FENCE W,W orders earlier stores before later stores.
TEXT ·wmb(SB), NOSPLIT, $0-0
	WORD	$0x0110000f // FENCE W,W
	RET

// smp_mb: FENCE RW,RW orders every earlier load and store before every
// later one.
TEXT ·mb(SB), NOSPLIT, $0-0
	WORD	$0x0330000f // FENCE RW,RW
	RET

// rmb, wmb and mb: the same fences with the device input (I) and output
// (O) sets added, as Linux's __rmb, __wmb and __mb have them: FENCE IR,IR,
// FENCE OW,OW and FENCE IORW,IORW (the Go assembler's FENCE).
TEXT ·mandatoryRmb(SB), NOSPLIT, $0-0
	WORD	$0x0aa0000f // FENCE IR,IR
	RET

TEXT ·mandatoryWmb(SB), NOSPLIT, $0-0
	WORD	$0x0550000f // FENCE OW,OW
	RET

TEXT ·mandatoryMb(SB), NOSPLIT, $0-0
	FENCE	// FENCE IORW,IORW
	RET
