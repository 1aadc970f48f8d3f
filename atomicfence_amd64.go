//go:build !purego && !race

package atomicfence

const impl = ImplAMD64

// The loads and read-modify-writes are sync/atomic intrinsics, in
// atomicfence_sync.go. What stays in atomicfence_amd64.s (declared in
// atomicfence_asm.go) is what sync/atomic has no instruction for: the
// relaxed and release stores (atomic.StoreInt32 is XCHG, a full barrier they
// do not need) and the fences.

// mbReturnSlot is mb with the locked OR on the return address, kept for the
// benchmark that shows why mb does not do that.
func mbReturnSlot()
