//go:build !amd64 || purego || race

package atomicfence_test

import "testing"

// benchFenceAlternatives: only the amd64 assembly has alternative forms of
// its fences to measure.
func benchFenceAlternatives(*testing.B) {}
