//go:build weaken_endwriteall_wmb

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderEndWriteAllWmb
