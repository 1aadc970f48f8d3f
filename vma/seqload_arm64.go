//go:build !vma_asmloads

package vma

// seqLoadsLDAR: on arm64 the read path loads the sequence counts with
// sync/atomic, an LDAR that the compiler inlines, instead of calling the
// assembly of LoadRelaxed (LDR) and LoadAcquire (LDAPR or LDAR). Go has no
// inlined relaxed load on arm64, and a plain Go load is no substitute: the
// compiler may merge it with another load of the word or keep it in a
// register across a loop of a caller that inlines StartRead. LDAR is
// at least as strong as both loads it replaces (RCsc where LDAPR is RCpc),
// so no ordering that the protocol needs is lost. Nor does it mend the
// relaxed placement: an LDAR orders only what follows it, and a relaxed
// LDXR/STXR or CAS before it may still be satisfied after it, which
// fencelab verify finds in the code compiled this way.
//
// The build tag vma_asmloads turns this off on arm64, so that verify can
// decide, under the ARMv8 model, the loads that riscv64, loong64 and
// ppc64le compile (see seqload_other.go).
const seqLoadsLDAR = true
