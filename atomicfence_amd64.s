//go:build !purego && !race

#include "go_asm.h"
#include "textflag.h"

// x86-TSO never reorders a load with an earlier load or a store with an
// earlier access, so a plain MOV is already an acquire load and a release
// store, and every LOCK-prefixed instruction is a full barrier. The
// orderings therefore differ only in what the compiler may move, and a call
// to any routine here is a point the compiler moves nothing across.

// Relaxed and acquire loads: an aligned MOVL is single-copy atomic, and TSO
// keeps later loads and stores after it.
TEXT ·load32Relaxed(SB), NOSPLIT, $0-12
	MOVQ	p+0(FP), AX
	MOVL	(AX), AX
	MOVL	AX, ret+8(FP)
	RET

TEXT ·load32Acquire(SB), NOSPLIT, $0-12
	MOVQ	p+0(FP), AX
	MOVL	(AX), AX
	MOVL	AX, ret+8(FP)
	RET

// Relaxed and release stores: an aligned MOVL is single-copy atomic, and
// TSO makes it visible after every earlier load and store. No XCHG: its
// implied LOCK would add a full barrier that a release does not need.
TEXT ·store32Relaxed(SB), NOSPLIT, $0-12
	MOVQ	p+0(FP), AX
	MOVL	v+8(FP), BX
	MOVL	BX, (AX)
	RET

TEXT ·store32Release(SB), NOSPLIT, $0-12
	MOVQ	p+0(FP), AX
	MOVL	v+8(FP), BX
	MOVL	BX, (AX)
	RET

// Fetch-add in every ordering: LOCK XADDL is a full barrier, which covers
// relaxed, acquire, release and full alike.
TEXT ·xadd32Relaxed(SB), NOSPLIT, $0-20
	MOVQ	p+0(FP), BX
	MOVL	d+8(FP), AX
	LOCK
	XADDL	AX, (BX)
	MOVL	AX, ret+16(FP)
	RET

TEXT ·xadd32Acquire(SB), NOSPLIT, $0-20
	MOVQ	p+0(FP), BX
	MOVL	d+8(FP), AX
	LOCK
	XADDL	AX, (BX)
	MOVL	AX, ret+16(FP)
	RET

TEXT ·xadd32Release(SB), NOSPLIT, $0-20
	MOVQ	p+0(FP), BX
	MOVL	d+8(FP), AX
	LOCK
	XADDL	AX, (BX)
	MOVL	AX, ret+16(FP)
	RET

TEXT ·xadd32Full(SB), NOSPLIT, $0-20
	MOVQ	p+0(FP), BX
	MOVL	d+8(FP), AX
	LOCK
	XADDL	AX, (BX)
	MOVL	AX, ret+16(FP)
	RET

// Compare-and-swap in every ordering: LOCK CMPXCHGL is a full barrier
// whether or not it swaps. It leaves the value it found in AX, which is old
// when it swapped, and sets ZF on success.
TEXT ·cas32Relaxed(SB), NOSPLIT, $0-21
	MOVQ	p+0(FP), BX
	MOVL	old+8(FP), AX
	MOVL	new+12(FP), CX
	LOCK
	CMPXCHGL	CX, (BX)
	MOVL	AX, ret+16(FP)
	SETEQ	ret1+20(FP)
	RET

TEXT ·cas32Acquire(SB), NOSPLIT, $0-21
	MOVQ	p+0(FP), BX
	MOVL	old+8(FP), AX
	MOVL	new+12(FP), CX
	LOCK
	CMPXCHGL	CX, (BX)
	MOVL	AX, ret+16(FP)
	SETEQ	ret1+20(FP)
	RET

TEXT ·cas32Release(SB), NOSPLIT, $0-21
	MOVQ	p+0(FP), BX
	MOVL	old+8(FP), AX
	MOVL	new+12(FP), CX
	LOCK
	CMPXCHGL	CX, (BX)
	MOVL	AX, ret+16(FP)
	SETEQ	ret1+20(FP)
	RET

TEXT ·cas32Full(SB), NOSPLIT, $0-21
	MOVQ	p+0(FP), BX
	MOVL	old+8(FP), AX
	MOVL	new+12(FP), CX
	LOCK
	CMPXCHGL	CX, (BX)
	MOVL	AX, ret+16(FP)
	SETEQ	ret1+20(FP)
	RET

// Add-not-zero-limited, relaxed and acquire alike: the first read is a plain
// MOVL (a relaxed guess, as the kernel's refcount_read), and only a LOCK
// CMPXCHGL, a full barrier, can succeed. A failed CMPXCHGL leaves the
// current value in AX, which the loop checks again. DX holds limit-delta,
// which the callers' checks (delta > 0, limit > 0) keep within int32.
TEXT ·addNotZeroLimitedRelaxed(SB), NOSPLIT, $0-21
	MOVQ	p+0(FP), BX
	MOVL	delta+8(FP), CX
	MOVL	limit+12(FP), DX
	SUBL	CX, DX
	MOVL	(BX), AX
relaxedLoop:
	TESTL	AX, AX
	JLE	relaxedFail
	CMPL	AX, DX
	JGT	relaxedFail
	LEAL	(AX)(CX*1), SI
	LOCK
	CMPXCHGL	SI, (BX)
	JNE	relaxedLoop
	MOVL	AX, ret+16(FP)
	MOVB	$1, ret1+20(FP)
	RET
relaxedFail:
	MOVL	AX, ret+16(FP)
	MOVB	$0, ret1+20(FP)
	RET

TEXT ·addNotZeroLimitedAcquire(SB), NOSPLIT, $0-21
	MOVQ	p+0(FP), BX
	MOVL	delta+8(FP), CX
	MOVL	limit+12(FP), DX
	SUBL	CX, DX
	MOVL	(BX), AX
acquireLoop:
	TESTL	AX, AX
	JLE	acquireFail
	CMPL	AX, DX
	JGT	acquireFail
	LEAL	(AX)(CX*1), SI
	LOCK
	CMPXCHGL	SI, (BX)
	JNE	acquireLoop
	MOVL	AX, ret+16(FP)
	MOVB	$1, ret1+20(FP)
	RET
acquireFail:
	MOVL	AX, ret+16(FP)
	MOVB	$0, ret1+20(FP)
	RET

// Sub-and-test: LOCK XADDL of -delta is a full barrier, so it is a release
// and, on reaching zero, an acquire with nothing more to add (the kernel's
// smp_acquire__after_ctrl_dep is a compiler barrier on x86). A count found
// below delta is set to Saturated with a plain store, as the kernel's
// refcount_set does; the caller then panics.
TEXT ·subAndTest(SB), NOSPLIT, $0-20
	MOVQ	p+0(FP), BX
	MOVL	delta+8(FP), CX
	MOVL	CX, AX
	NEGL	AX
	LOCK
	XADDL	AX, (BX)
	MOVL	AX, ret+16(FP)
	CMPL	AX, CX
	JLT	saturate
	RET
saturate:
	MOVL	$const_Saturated, (BX)
	RET

// smp_rmb and smp_wmb: TSO already orders loads with loads and stores with
// stores; the call itself is the compiler barrier they need.
TEXT ·rmb(SB), NOSPLIT, $0-0
	RET

TEXT ·wmb(SB), NOSPLIT, $0-0
	RET

// smp_mb: any locked instruction drains the store buffer before later loads
// run, and a locked OR of zero changes nothing, so it is a full barrier at a
// fraction of MFENCE's cost (Linux uses a locked ADD to the stack too).
TEXT ·mb(SB), NOSPLIT, $0-0
	LOCK
	ORL	$0, (SP)
	RET

// rmb, wmb and mb: the fences that also order non-temporal and device
// accesses, which is what the kernel's mandatory barriers are for.
TEXT ·mandatoryRmb(SB), NOSPLIT, $0-0
	LFENCE
	RET

TEXT ·mandatoryWmb(SB), NOSPLIT, $0-0
	SFENCE
	RET

TEXT ·mandatoryMb(SB), NOSPLIT, $0-0
	MFENCE
	RET
