//go:build !purego && !race

#include "textflag.h"

// smp_store_mb: a relaxed STR, then DMB ISH, which orders it before every
// later load and store (Linux: WRITE_ONCE then smp_mb()).
TEXT ·storeMb32(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R0
	MOVW	v+8(FP), R1
	MOVW	R1, (R0)
	DMB	$0xb // ISH
	RET

TEXT ·storeMb64(SB), NOSPLIT, $0-16
	MOVD	p+0(FP), R0
	MOVD	v+8(FP), R1
	MOVD	R1, (R0)
	DMB	$0xb // ISH
	RET

// smp_mb__before_atomic and smp_mb__after_atomic: DMB ISH, since a relaxed
// LDADD or LDXR/STXR orders nothing.
TEXT ·mbBeforeAtomic(SB), NOSPLIT, $0-0
	DMB	$0xb // ISH
	RET

TEXT ·mbAfterAtomic(SB), NOSPLIT, $0-0
	DMB	$0xb // ISH
	RET

// cpu_relax: YIELD hints that this is a spin-wait loop. It orders nothing
// and needs not: the spinning caller's acquire load orders.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	YIELD
	RET
