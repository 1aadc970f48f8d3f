//go:build !purego && !race

package atomicfence

// loong64 has one implementation: the AM* atomics, LL/SC and DBAR with
// Linux's hints, which every loong64 core has (atomicfence_loong64.s).
const impl = ImplLoong64
