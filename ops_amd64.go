//go:build !purego && !race

package atomicfence

// The 64-bit relaxed and release stores (ops_amd64.s): a MOVQ, where
// sync/atomic's StoreInt64 is an XCHGQ, a full barrier they do not need.
// Every other 64-bit routine is a sync/atomic intrinsic (ops_sync.go).

//go:noescape
func store64Relaxed(p *int64, v int64)

//go:noescape
func store64Release(p *int64, v int64)
