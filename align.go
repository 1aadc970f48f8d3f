package atomicfence

import (
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// align64 makes the struct that holds it, and so its 64-bit word, 8-byte
// aligned on every GOARCH, as sync/atomic's align64 field does for
// sync/atomic.Int64. The compiler gives that alignment only to the types of
// sync/atomic itself; a zero-length array of one of them has the same
// alignment and takes no space. On 386 and arm, where the fallback's
// sync/atomic 64-bit operations fault on a word that is not 8-byte
// aligned, this is what makes Int64 and Uint64 safe in any struct.
type align64 [0]atomic.Int64

// CacheLineSize is the size, in bytes, that CacheLinePad fills: the one
// that golang.org/x/sys/cpu uses for this GOARCH. It is 64 on amd64 and 386
// and 128 on arm64 (Apple's cores have 128-byte lines; Neoverse and
// Cortex cores have 64-byte lines but fetch them in adjacent pairs, so two
// hot words 64 bytes apart still contend), 32 on arm, 128 on ppc64 and 256
// on s390x, and 0 on wasm, which x/sys/cpu gives no line (a wasm program
// runs on one thread). Linux's counterpart is SMP_CACHE_BYTES. A size, not
// an operation: it orders nothing.
const CacheLineSize = unsafe.Sizeof(cpu.CacheLinePad{})

// CacheLinePad is CacheLineSize bytes of padding. Put one before and after
// a word that many cores write, so that no other hot data shares its cache
// line (false sharing):
//
//	type counters struct {
//		_    atomicfence.CacheLinePad
//		hits atomicfence.Uint64
//		_    atomicfence.CacheLinePad
//	}
//
// It is what the kernel's ____cacheline_aligned_in_smp does for a field.
// Padding orders nothing: it keeps other stores off the line, and with
// them the cost of sharing it.
type CacheLinePad struct{ _ [CacheLineSize]byte }
