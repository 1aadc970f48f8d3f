//go:build !linux

package stress

// Pinning a thread to a CPU is left to the OS scheduler here: darwin has
// only affinity hints, and windows, wasip1 and the BSDs are not supported
// by this package's pinning.

func allowedCPUs() []int { return nil }

func pin(int) error { return nil }
