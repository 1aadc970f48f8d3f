//go:build !purego && !race

#include "textflag.h"

// smp_store_mb: a relaxed store, then FENCE RW,RW, which orders it before
// every later load and store (Linux: WRITE_ONCE then smp_mb()).
TEXT ·storeMb32(SB), NOSPLIT, $0-12
	MOV	p+0(FP), A0
	MOVW	v+8(FP), A1
	MOVW	A1, (A0)
	WORD	$0x0330000f // FENCE RW,RW
	RET

TEXT ·storeMb64(SB), NOSPLIT, $0-16
	MOV	p+0(FP), A0
	MOV	v+8(FP), A1
	MOV	A1, (A0)
	WORD	$0x0330000f // FENCE RW,RW
	RET

// smp_mb__before_atomic and smp_mb__after_atomic: riscv leaves them to
// asm-generic, smp_mb(), FENCE RW,RW, since a relaxed AMO orders nothing.
TEXT ·mbBeforeAtomic(SB), NOSPLIT, $0-0
	WORD	$0x0330000f // FENCE RW,RW
	RET

TEXT ·mbAfterAtomic(SB), NOSPLIT, $0-0
	WORD	$0x0330000f // FENCE RW,RW
	RET

// cpu_relax: PAUSE (Zihintpause), which Linux emits as this word where the
// assembler lacks the name. It is FENCE W,0, an ordering that orders
// nothing, and so a no-op on a core without the extension.
TEXT ·spinPause(SB), NOSPLIT, $0-0
	WORD	$0x0100000f // PAUSE
	RET
