package vma

import (
	"sync/atomic"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// loadSeq loads a sequence count (vm_lock_seq or mm_lock_seq) with
// sync/atomic, which the compiler inlines: an LDAR on arm64, where the
// read path uses it for every such load (see seqLoadsLDAR), and a MOV on
// amd64, where the inlined StartRead uses it (see inlineRead).
func loadSeq(s *atomicfence.Uint32) uint32 {
	return atomic.LoadUint32((*uint32)(unsafe.Pointer(s)))
}

// lockedEarly is step 1 of a read: whether vm_lock_seq equals mm_lock_seq,
// which says that v is write-locked, read before the reader holds anything
// (relaxed loads; LDARs on arm64, see seqLoadsLDAR).
func (v *VMA) lockedEarly(mm *MM) bool {
	if seqLoadsLDAR {
		return loadSeq(&v.lockSeq) == loadSeq(&mm.lockSeq)
	}
	return v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed()
}

// An atomicfence.Uint32 must be its uint32 and nothing else for the cast
// above: these fail to compile if its size is not 4.
var (
	uint32Probe atomicfence.Uint32
	_           [unsafe.Sizeof(uint32Probe) - 4]struct{}
	_           [4 - unsafe.Sizeof(uint32Probe)]struct{}
)
