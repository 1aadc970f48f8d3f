//go:build weaken_startread_acquire

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderStartReadAcquire
