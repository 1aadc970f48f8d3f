//go:build weaken_fetchadd_readmit_release

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderFetchAddReadmitRelease
