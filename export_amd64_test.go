//go:build !purego && !race

package atomicfence

// MbReturnSlot is mb with its locked OR on the return address, for the
// benchmark that shows why mb writes below SP instead.
func MbReturnSlot() { mbReturnSlot() }
