//go:build !amd64

package vma

// guessIdle is off: the try is measured, and pays, on amd64 alone. On
// arm64, riscv64, loong64 and ppc64le the read path's increment is the
// package's assembly, and the try, a sync/atomic compare-and-swap with
// its own ordering, would stand beside it in code that fencelab verify
// judges on those models; elsewhere nothing has measured it.
const guessIdle = false
