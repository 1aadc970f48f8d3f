//go:build weaken_detach_zero_rmb

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderDetachZeroRmb
