package vma

import (
	"sync/atomic"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// loadSeqLDAR loads a sequence count (vm_lock_seq or mm_lock_seq) with
// sync/atomic, which the compiler inlines: LDAR on arm64, the only
// architecture whose read path uses it (see seqLoadsLDAR).
func loadSeqLDAR(s *atomicfence.Uint32) uint32 {
	return atomic.LoadUint32((*uint32)(unsafe.Pointer(s)))
}

// An atomicfence.Uint32 must be its uint32 and nothing else for the cast
// above: these fail to compile if its size is not 4.
var (
	uint32Probe atomicfence.Uint32
	_           [unsafe.Sizeof(uint32Probe) - 4]struct{}
	_           [4 - unsafe.Sizeof(uint32Probe)]struct{}
)
