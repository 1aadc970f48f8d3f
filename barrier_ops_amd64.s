//go:build !purego && !race

#include "textflag.h"

// smp_mb__before_atomic and smp_mb__after_atomic: a LOCKed instruction is a
// full barrier, so these are the compiler barrier of the call alone, as
// Linux's barrier().
TEXT ·mbBeforeAtomic(SB), NOSPLIT, $0-0
	RET

TEXT ·mbAfterAtomic(SB), NOSPLIT, $0-0
	RET

// cpu_relax: PAUSE tells the core that this is a spin-wait loop.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	PAUSE
	RET
