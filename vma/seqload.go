package vma

import (
	"sync/atomic"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// readSeq loads a sequence count (vm_lock_seq or mm_lock_seq) for the read
// path's comparisons, at least relaxed: LoadRelaxed, or on arm64 (see
// seqLoadsLDAR) an LDAR that stays in the caller's body.
func readSeq(s *atomicfence.Uint32) uint32 {
	if seqLoadsLDAR {
		return atomic.LoadUint32(seqWord(s))
	}
	return s.LoadRelaxed()
}

// seqWord is the word that an atomicfence.Uint32 holds, for sync/atomic.
func seqWord(s *atomicfence.Uint32) *uint32 { return (*uint32)(unsafe.Pointer(s)) }

// An atomicfence.Uint32 must be its uint32 and nothing else for seqWord:
// these fail to compile if its size is not 4.
var (
	uint32Probe atomicfence.Uint32
	_           [unsafe.Sizeof(uint32Probe) - 4]struct{}
	_           [4 - unsafe.Sizeof(uint32Probe)]struct{}
)
