//go:build weaken_fetchadd_detach_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderFetchAddDetachAcquire
