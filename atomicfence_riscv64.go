//go:build !purego && !race

package atomicfence

// riscv64 has one implementation: the A extension's AMOs and LR/SC, which
// every riscv64 target of Go has (atomicfence_riscv64.s).
const impl = ImplRISCV64
