//go:build !purego && !race

#include "textflag.h"

// smp_store_mb: Linux's loong64 __smp_store_mb is AMSWAP_DB, whose
// barrier orders the store before every later load and store (the old
// value goes to R6 and is dropped).
TEXT ·storeMb32(SB), NOSPLIT, $0-12
	MOVV	p+0(FP), R4
	MOVW	v+8(FP), R5
	AMSWAPDBW	R5, (R4), R6
	RET

TEXT ·storeMb64(SB), NOSPLIT, $0-16
	MOVV	p+0(FP), R4
	MOVV	v+8(FP), R5
	AMSWAPDBV	R5, (R4), R6
	RET

// smp_mb__before_atomic and smp_mb__after_atomic: DBAR 0x10 (smp_mb).
// Linux makes them compiler barriers on loong64, relying on its AM*
// forms; the relaxed AM* here carries no barrier, so the fence is real.
TEXT ·mbBeforeAtomic(SB), NOSPLIT, $0-0
	DBAR	$0x10
	RET

TEXT ·mbAfterAtomic(SB), NOSPLIT, $0-0
	DBAR	$0x10
	RET

// cpu_relax: Linux's loong64 cpu_relax is a compiler barrier; a call that
// does nothing is that. It orders nothing and needs not: the spinning
// caller's acquire load orders.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	RET
