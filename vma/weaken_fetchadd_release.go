//go:build weaken_fetchadd_release

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderFetchAddRelease
