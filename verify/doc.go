// Package verify derives litmus tests from the compiled machine code of the
// vma protocol and decides them with package litmus, so that a verdict
// speaks for the code that ships rather than for a test written by hand.
//
// [Build] compiles a small subject program (SubjectPkg) that links the
// vma entry points for one architecture and reads its machine code,
// symbols and DWARF types. [Derive]
// follows each thread of a [Scenario] (who reads, who writes, which
// outcome the protocol forbids) through the real instructions, calls into
// the assembly included, and writes what depends on a load as herd7 code:
// plain, acquire and release accesses, the locked and exclusive
// read-modify-writes and the fences are the instructions' own, never a
// summary of what the source meant. [Run] does this for every one of
// [Targets] (amd64 under x86-TSO as the hardware implements it; arm64
// under the ARMv8 model, in the builds and run-time branches that its
// comment lists; ppc64le under Power's; riscv64 under RVWMO) and the
// scenarios given (all of them: [Scenarios]), and
// returns one [Row] per pair with the verdict and the one the protocol
// expects.
//
// An ordering weakened in vma (an acquire made relaxed, a release made
// plain, a fence removed) changes the code, and with it a Never into a
// Sometimes: [RunVariant] builds the subject as a [Variant] says (build
// tags, and files of the module replaced, such as assembly with a barrier
// taken out), which is how the tests show that each such weakening is
// caught. The command fencelab verify prints the table.
package verify
