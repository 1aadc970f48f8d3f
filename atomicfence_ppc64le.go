//go:build !purego && !race

package atomicfence

// ppc64le has one implementation: LWARX/STWCX. loops with LWSYNC, ISYNC and
// SYNC (atomicfence_ppc64le.s), which every POWER8 or later core that Go
// builds for has.
const impl = ImplPPC64LE
