//go:build weaken_waitfor_mb

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderWaitForMb
