//go:build !purego && !race

#include "textflag.h"

// smp_mb__before_atomic and smp_mb__after_atomic: a LOCKed instruction is a
// full barrier, so these need no instruction. Linux's are empty, the
// atomic's own asm being the compiler barrier; here the call is one too.
TEXT ·mbBeforeAtomic(SB), NOSPLIT, $0-0
	RET

TEXT ·mbAfterAtomic(SB), NOSPLIT, $0-0
	RET

// cpu_relax: PAUSE tells the core that this is a spin-wait loop. It orders
// nothing and needs not: the spinning caller's acquire load orders.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	PAUSE
	RET
