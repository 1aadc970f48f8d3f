//go:build !purego && !race

#include "textflag.h"

// x86-TSO never reorders a load with an earlier load or a store with an
// earlier access, so a plain MOV is already a release store, and every
// LOCK-prefixed instruction is a full barrier. The loads and the
// read-modify-writes are sync/atomic intrinsics (atomicfence_sync.go),
// which compile to the very instruction each ordering needs, and smp_rmb
// and smp_wmb are compiler barriers alone (barrier_amd64.go); what is here
// has no such intrinsic. A call to any routine here is a point the compiler
// moves no memory access across.

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

// smp_mb: any locked instruction drains the store buffer before later loads
// run, and a locked OR of zero changes nothing, so it is a full barrier at a
// fraction of MFENCE's cost (Linux uses a locked ADD to the stack too).
//
// The OR goes to the word below SP, not to 0(SP): 0(SP) holds the return
// address, which the RET right after it loads, and that load waits for the
// locked write (7.1 ns against 1.8 ns here; Linux uses -4(%rsp) for the same
// reason; BenchmarkPrimitive's op=Fence/order=alt-mb-return-slot measures
// the 0(SP) form, mbReturnSlot below). The word is free in a NOSPLIT leaf:
// the stack guard keeps room below SP for chains of NOSPLIT functions
// (StackNosplit bytes, and StackSmall more beyond what the linker lets a
// chain use), and Go keeps nothing live below SP (it has no red zone).
// Signal handlers run on their own stack, and the runtime never preempts
// assembly asynchronously; were a return address pushed there, an OR of
// zero would leave it as it is, and nothing reads the word.
TEXT ·mb(SB), NOSPLIT, $0-0
	LOCK
	ORL	$0, -8(SP)
	RET

// mbReturnSlot is mb with its OR on the return-address slot, 0(SP), as
// it was first written. Nothing in the package calls it (the linker drops
// it from programs); BenchmarkPrimitive measures it beside mb.
TEXT ·mbReturnSlot(SB), NOSPLIT, $0-0
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
