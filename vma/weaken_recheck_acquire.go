//go:build weaken_recheck_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderRecheckAcquire
