//go:build weaken_waitfor_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderWaitForAcquire
