//go:build weaken_trybegin_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderTryBeginAcquire
