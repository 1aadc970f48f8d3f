//go:build !arm64 || purego || race

package atomicfence

// acquireLoad: no LDAPR outside the arm64 assembly.
func acquireLoad() string { return "none" }
