//go:build !arm64 || vma_asmloads

package vma

// seqLoadsLDAR is off: amd64 inlines LoadRelaxed and LoadAcquire as MOVs,
// and the other architectures keep their own relaxed and acquire loads
// (see seqload_arm64.go). An arm64 build with the tag vma_asmloads takes
// these loads too, so that fencelab verify decides them under a model that
// tells an acquire load from a relaxed one, which x86-TSO does not (its
// target arm64-asmloads).
const seqLoadsLDAR = false
