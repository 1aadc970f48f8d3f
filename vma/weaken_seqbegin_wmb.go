//go:build weaken_seqbegin_wmb

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderSeqBeginWmb
