//go:build !purego && !race

package atomicfence_test

import (
	"testing"

	"github.com/atomicfence/atomicfence"
)

// benchFenceAlternatives measures the form of smp_mb that Mb does not
// take: a locked OR on 0(SP), the return address that the RET after it
// loads at once, where Mb's OR goes below SP.
//
// It is not inlined: where the compiler inlines it into BenchmarkPrimitive
// it copies the closure below without inlining benchFence into it, and
// the case would call MbReturnSlot through a function value, two calls
// more than the mb case it is compared with (checked by
// TestPrimitiveBenchmarksCallDirectly).
//
//go:noinline
func benchFenceAlternatives(b *testing.B) {
	b.Run("op=Fence/order=alt-mb-return-slot", func(b *testing.B) { benchFence(b, atomicfence.MbReturnSlot) })
}
