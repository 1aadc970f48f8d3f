//go:build weaken_readmit_release

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderReadmitRelease
