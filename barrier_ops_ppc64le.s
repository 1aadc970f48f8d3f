//go:build !purego && !race

#include "textflag.h"

// smp_store_mb: a relaxed store, then SYNC, which orders it before every
// later load and store (Linux: WRITE_ONCE then smp_mb()).
TEXT ·storeMb32(SB), NOSPLIT, $0-12
	MOVD	p+0(FP), R3
	MOVW	v+8(FP), R4
	MOVW	R4, (R3)
	SYNC
	RET

TEXT ·storeMb64(SB), NOSPLIT, $0-16
	MOVD	p+0(FP), R3
	MOVD	v+8(FP), R4
	MOVD	R4, (R3)
	SYNC
	RET

// smp_mb__before_atomic and smp_mb__after_atomic: smp_mb(), SYNC, since a
// relaxed LWARX/STWCX. loop orders nothing.
TEXT ·mbBeforeAtomic(SB), NOSPLIT, $0-0
	SYNC
	RET

TEXT ·mbAfterAtomic(SB), NOSPLIT, $0-0
	SYNC
	RET

// cpu_relax: Linux's HMT_low then HMT_medium, OR 1,1,1 and OR 2,2,2, which
// lower this hardware thread's priority while it spins and restore it. They
// order nothing and need not: the spinning caller's acquire load orders.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	OR	R1, R1, R1
	OR	R2, R2, R2
	RET
