//go:build !purego && !race

#include "textflag.h"

// cpu_relax: PAUSE tells the core that this is a spin-wait loop. It orders
// nothing and needs not: the spinning caller's acquire load orders.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	PAUSE
	RET
