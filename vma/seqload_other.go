//go:build !arm64

package vma

// seqLoadsLDAR is off: amd64 inlines LoadRelaxed and LoadAcquire as MOVs,
// and the other architectures keep their own relaxed and acquire loads
// (see seqload_arm64.go).
const seqLoadsLDAR = false
