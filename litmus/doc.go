// Package litmus reads herd7 litmus tests and decides them exhaustively under
// an axiomatic memory model, without OCaml: sequential consistency ("sc"),
// x86-TSO as herd7's x86tso.cat and x86 processors have it ("x86tso") and
// as its x86tso-mixed.cat, its default for X86_64, has it ("x86tso-mixed",
// where LFENCE and SFENCE order a store before a later load too), the ARMv8
// AArch64 model ("aarch64"), the multi-copy-atomic model of the Arm ARM
// (B2.3) as herd7's aarch64.cat states it, dependencies included, RVWMO
// ("riscv"), the RISC-V model as herd7's riscv.cat states it, and Power
// ("ppc"), not multi-copy atomic, as herd7's ppc.cat states it. The first
// three read a test of any architecture; "aarch64", "riscv" and "ppc" only
// their own.
//
// A test is parsed by [Parse] or [ParseFile] and decided by [Check]:
//
//	t, err := litmus.ParseFile("MP+dmb.sys.litmus")
//	...
//	r, err := litmus.Check(t, "") // "" picks the model of the test's architecture
//	...
//	r.Write(os.Stdout)            // herd7-style; its last lines:
//	// Observation MP+dmb.sys Never 0 3
//	// Model aarch64
//
// # Bounds
//
// A test of a handful of threads with several stores each has billions of
// candidate executions. [CheckContext] bounds the work: a context (its
// deadline), the candidate executions ([Options].MaxExecutions), the
// thread paths (MaxPaths) and the distinct final states (MaxStates), with
// an optional progress callback; [Check] applies the default bounds and
// no deadline. A check stopped at a bound returns a [*LimitError] (it
// matches [ErrLimit] under errors.Is), whose one-line message names the
// file, the bound and how to raise it. Candidate executions are
// enumerated one at a time and never collected, so memory grows only with
// the thread paths and the final states. Fixed bounds refuse tests far
// beyond what the checker is for: more than 64 accesses and fences in one
// run of a thread, 256 store sites, 64 values of one location or 4096
// events in one execution.
//
// # Input
//
// Files may have CRLF line ends and a UTF-8 byte order mark, as herd7
// accepts. Parse refuses inputs larger than [MaxTestSize] and inputs with
// NUL bytes or other control characters (a binary file), and every error
// is one line, "FILE:LINE: message" wherever a line applies.
//
// # Supported syntax
//
// The header ("AArch64 NAME", "X86_64 NAME", "X86 NAME", "RISCV NAME" or
// "PPC NAME", with herd7's optional "(TEXNAME)" after the name), a
// quoted comment,
// Key=Value lines (other text before the initial state is skipped, as
// herd7 skips it, a quote that nothing closes included), the initial
// state (memory values, register values, registers holding addresses, C
// types such as uint8_t or int64_t* for memory and registers, arrays "int
// v[2] = {1,2}", the address of an element "x[1]", code labels "P1:L0"),
// then, after at most one ";", one column of instructions per
// thread with labels (every row has a column for each thread that the
// header names), and the final part: "locations [...]" (locations
// separated by ";", each with an optional type, "0:X1 int" or "p*", that
// herd7 and the checker ignore), "filter PROP" and
// "exists", "~exists" or "forall" PROP, each optional and in that order
// (herd7's "final PROP" is "exists PROP"; after locations or a filter,
// "not exists PROP" is "~exists PROP" and a parenthesised PROP alone is
// "exists PROP"; like herd7, the checker ignores a list of kinds after
// "with" and everything from "<<" on, as older tests have them), where
// PROP combines "T:reg=v", "[loc]=v", "loc=v", "v[i]=n", "v={1,2}" (a
// whole array) and label:"P0:L0" with "/\", "\/", "~" and "=>". A value
// may also be an address with an offset, "x+8", as herd7 prints one in a
// final state (herd7 itself reads no offset in a condition); "x+0" is "x".
//
// AArch64: the loads and stores LDR, STR, LDUR, STUR and their byte,
// halfword and sign-extending forms (LDRB, STRH, LDRSW...), with [Xn],
// [Xn,#i], [Xn,Xm{,LSL #k}], [Xn,Wm,SXTW|UXTW], pre- and post-index;
// LDAR, LDAPR, STLR; LDXR, LDAXR, STXR, STLXR; the pairs LDP, STP, LDNP,
// STNP, LDPSW, LDXP, LDAXP, STXP, STLXP, LDIAPP, STILP, CASP (with A, L,
// AL) and herd7's LDAP and STLP; CAS, SWP, LD<op> and ST<op> for ADD, EOR,
// SET, CLR, SMIN, SMAX, UMIN, UMAX (with A, L, AL and the B and H sizes);
// DMB and DSB (SY, LD, ST, ISH, ISHLD, ISHST, OSH, OSHLD, OSHST, NSH...),
// ISB, NOP; MOV, MOVZ, MOVN, MOVK; ADD, SUB, AND, ORR, EOR, BIC, ORN, EON
// (with S forms setting the flags, shifted and extended register operands)
// and their aliases CMP, CMN, TST, NEG, NEGS, MVN; LSL, LSR, ASR, ROR; the
// bitfields UBFM, SBFM, UBFX, SBFX, UBFIZ, SBFIZ, SXTB..SXTW, UXTB, UXTH and
// EXTR; MUL, MADD, MSUB, MNEG and the long multiplies; ABS, RBIT, REV,
// REV16, REV32, REV64; CSEL, CSINC, CSINV, CSNEG, CSET, CSETM, CINC, CINV,
// CNEG (the aliases invert their condition as the Arm ARM does: herd7
// inverts GE as GT, so its CSET, CSETM and CINC on GE hold on LE); MRS and
// MSR of NZCV; B, B.cond, CBZ, CBNZ, TBZ, TBNZ (to a label or ".+N"), ADR, BL,
// BLR, BR and RET; SP is a register. X86_64 (AT&T) and X86 (Intel): MOV,
// XCHG, CMPXCHG, XADD, ADD, SUB, AND, OR, XOR, INC, DEC (with LOCK), CMP,
// MFENCE, LFENCE, SFENCE, JMP and the conditional jumps. Without LOCK, a
// read-modify-write instruction on memory is a read and a separate write,
// not atomic, as in herd7. RISCV (registers x0..x31 or their ABI names,
// a0, t0, s0...): LB, LH, LW, LD, LBU, LHU, LWU and SB, SH, SW, SD, with
// herd7's .aq loads, .rl stores and .aq.rl; LR.W, LR.D, SC.W, SC.D and
// AMO<op>.W, AMO<op>.D for SWAP, ADD, AND, OR, XOR, MAX, MIN, with .aq,
// .rl and .aq.rl; FENCE with its predecessor and successor sets (r, w, rw;
// without them, rw,rw), FENCE.TSO and FENCE.I; LI, LUI, MV, ADDI, ANDI,
// ORI, XORI, SLLI, SRLI, SLTI, ADD, SUB, AND, OR, XOR, SLL, SLT, ADDW,
// ADDIW, SUBW, SLLW, SLLIW, SEXT.W; J, BEQ, BNE, BLT, BGE. As in herd7,
// a RISC-V access whose size differs from its location's reads or writes
// the low bytes of the location's one value. PPC (registers r0..r31): LBZ,
// LHZ, LWZ, LD, LWA and STB, STH, STW, STD, as "d(rA)", "d,rA" or indexed
// (LWZX...); LWARX, STWCX.; SYNC (HWSYNC), LWSYNC, EIEIO, ISYNC, DCBF; LI,
// LIS, ADDI, ADDIS, SUBI, ORI, XORI, ANDI., MULLI, ADD, SUB, SUBF, AND, OR,
// XOR, MULLW, DIVW and their "." forms, MR, EXTSW, RLWINM, RLWIMI, CLRLDI;
// CMPW, CMPWI, CMPLWI, MFCR; B and BEQ, BNE, BLT, BGE, BGT, BLE, BNL, BNG,
// on CR0. RLWINM and RLWIMI rotate as Power does: herd7 shifts the bits
// that wrap around one place too far (and, even at rotation 0, ORs the
// word's bit 31 into bit 0), so where those bits reach the mask its
// values differ from these. A thread is named N or PN in a location
// ("P0:r1" is "0:r1"). Code may use herd7's symbolic registers ("%name",
// "W%name" on AArch64, and on X86_64 a %name that names no register),
// which the initial state and the final part name without a thread; as in
// herd7, each symbolic register of a thread's code, in lexical order,
// becomes the first register in herd7's order (X0..X29, r1..r31, x5..x31,
// EAX EBX ECX EDX ESI EDI, rax rbx rcx rdx rsi rdi rbp rsp r8..r15) that
// the thread names nowhere else; an
// error in an instruction that holds one quotes the code as written too.
// Anything else is rejected
// with a one-line error naming the file, the line and the token or the
// feature (a Variant= line, code as data...), and so are a location
// initialised twice, registers of different widths in one instruction
// (MOV X0,W1) and a value of the final part that is the address of a
// location the test never names elsewhere (as herd7 refuses a condition
// that "introduces new symbolic locations").
//
// # How a test is decided
//
// Each thread is executed symbolically: a load may return a value that some
// store of the test can write (found by iterating to a fixed point, where a
// store may not compute its value from itself), so a thread yields one path
// per choice of the values it reads, and control flow follows those values.
// Of those values a load is offered only the ones coherence allows: the value
// its thread last saw at the location (its own latest store there, or what
// its latest load there returned) or the value of a store of another thread
// that it has not yet read past. Every model here keeps coherence (SC per
// location), so the values left out lead only to executions the model
// rejects, and a thread that re-reads a location between stages keeps few
// paths instead of one per combination of values.
// Loops are unrolled as herd7 does (its -unroll): only backward jumps count,
// each target separately; a path that would jump back to one target a
// third time (DefaultUnroll, or the test's "Unroll=N" line) is cut, and the
// output then says "Loop Ok" or "Loop No". In an AArch64 test a
// conditional jump counts only when its condition depends on a read, on a
// store-exclusive's outcome, or on a conditional select or bitfield move,
// whose results herd7 does not bind before solving: a loop on a counter
// that the thread sets otherwise runs to its end. On the other
// architectures herd7 knows no register's value before solving, and every
// conditional jump back counts. herd7 reports a cut loop
// even when only an incoherent read keeps the loop running; so when no path
// is cut, each thread that jumps back and whose loads coherence narrowed is
// searched once more with loads returning every value, and a loop cut there
// is reported too.
// Each path carries its events and, for AArch64, the address, data and
// control dependencies derived from register dataflow (through CAS and CSEL
// sources too, and through memory by the local-read-successor relation);
// for RISC-V, as herd7 computes them there, from register dataflow alone,
// with a successful SC's result depending on the SC's write and address.
// Paths of all threads are combined; for each combination the reads-from
// relation is chosen read by read, and a choice that breaks coherence on its
// location is abandoned at once; coherence orders are then the linear
// extensions of the order that coherence forces. Each candidate execution is
// checked against the model.
//
// A path on which a value that is not an address is used as one (or
// addresses take part in arithmetic other than adding offsets) ends there.
// Such a path is often infeasible: its load returned a value that coherence
// or the model forbids. Check returns the error, naming the file, line and
// instruction, only when a consistent execution runs the path up to it;
// otherwise the test is decided from the other paths.
//
// Positive and Negative count executions as herd7 does: one path per
// thread, a reads-from and a coherence order, and herd7's two executions of
// each CAS. A successful CAS counts once per reading of Rs's dependency
// (from Rs, or from the value read); a failed one either writes nothing or
// writes back the value it read, atomically, and the write-back is an
// event like any other (it takes part in coherence, and other threads may
// read from it).
//
// Parse and Check keep no state between calls, and a parsed Test is never
// modified: Check may run concurrently on one Test.
//
// Values are 64-bit integers or symbolic addresses (a location plus an
// offset). As in herd7, a final value is read through its location's type
// (herd7's int when none is declared): a condition compares values masked
// to the type's size, so 0:X1=0xffffffff holds for an untyped X1 holding
// -1, and a state prints the value cast to the type (-1, not 4294967295; a
// uint64_t prints unsigned). Mixed-size AArch64 and x86 accesses are
// refused, as herd7 does without its mixed variant.
package litmus
