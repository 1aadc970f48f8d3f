//go:build weaken_rwsem_seq_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderRWSemSeqAcquire
