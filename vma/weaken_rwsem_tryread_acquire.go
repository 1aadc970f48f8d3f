//go:build weaken_rwsem_tryread_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderRWSemTryReadAcquire
