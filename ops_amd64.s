//go:build !purego && !race

#include "textflag.h"

// Relaxed and release 64-bit stores: an aligned MOVQ is single-copy atomic,
// and x86-TSO makes it visible after every earlier load and store, as
// store32Relaxed and store32Release do for 32 bits. No XCHG: its implied
// LOCK would add a full barrier that a release does not need.
TEXT ·store64Relaxed(SB), NOSPLIT, $0-16
	MOVQ	p+0(FP), AX
	MOVQ	v+8(FP), BX
	MOVQ	BX, (AX)
	RET

TEXT ·store64Release(SB), NOSPLIT, $0-16
	MOVQ	p+0(FP), AX
	MOVQ	v+8(FP), BX
	MOVQ	BX, (AX)
	RET
