// Package stress runs litmus shapes on real cores and counts their outcomes,
// as herdtools7's litmus7 does for C and assembly.
//
// A shape is a small concurrent program (store buffering, message passing,
// the VMA read path...) written with the memory-ordered primitives of
// package atomicfence. Run executes it many times: one worker goroutine per
// thread of the shape, each locked to its OS thread and pinned to a CPU
// where the OS allows it, iteration i of every thread working on its own
// pre-allocated cells (each on its own cache line), and a per-iteration
// barrier that releases the threads together. Each thread records what it
// read in an array; the final states are counted into a histogram only
// after the run, so that counting never disturbs the timing.
//
// The barrier decides how often a weak outcome shows. The default,
// UserFence, is litmus7's "userfence": a rotating leader sets the
// iteration's flag and issues a full fence, and the others spin on it. The
// other modes are there to measure that choice (see BenchmarkBarrierModes).
//
// A run proves only what the hardware did. A weak outcome that shows is
// allowed by the machine; one that does not show may still be allowed.
// Under qemu-user emulation the host's ordering shows, not the emulated
// one's, so an arm64 run under qemu on an x86 host proves nothing about
// arm64 ordering, in either direction: it hides the reorderings that arm64
// allows and x86 does not (MP, LB, the v9 VMA reader), and qemu 7.2 even
// shows one that ARMv8 forbids (SB+rel+acq: STLR then LDAR, where the
// acquire loads are not LDAPR). Each built-in shape carries its herd7
// litmus text, for X86_64 and AArch64, and for AArch64 with the LSE
// atomics or with LDAPR where its instructions differ there, so that the
// verdict of a memory-model checker can be printed beside what the
// hardware did.
package stress
