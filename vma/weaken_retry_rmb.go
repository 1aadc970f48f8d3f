//go:build weaken_retry_rmb

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderRetryRmb
