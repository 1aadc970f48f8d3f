//go:build !amd64

package vma

// guessIdle is off: elsewhere the compare-and-swap is a call of the
// package's assembly, and a second call on the read path would cost more
// than the load that the increment's own loop makes before its
// compare-and-swap.
const guessIdle = false
