package vma

import (
	"github.com/atomicfence/atomicfence"
	"golang.org/x/sys/cpu"
)

// VMA is a mapped range [Start, End) of an MM, with the per-VMA lock that
// guards it (the kernel's vm_area_struct). VMAs come from a Cache, through
// MM.Map and MM.Split, and go back to it when they are unmapped. A VMA
// object is recycled: a lock-free reader may still hold a pointer to one
// that now maps another range, or belongs to another MM, which is why every
// read path checks the owner and the range after it has taken the lock.
//
// Its fields other than Data are read through the methods; they are stable
// while the caller holds the VMA locked (read or write) or the MM's mmap
// lock, whose acquire orders the caller's plain loads of them after the
// writer's stores. Each locking method states its own ordering.
type VMA struct {
	// Read by every lock-free reader before it holds anything.
	lockSeq    atomicfence.Uint32 // vm_lock_seq: equal to mm_lock_seq while write-locked
	mm         *MM                // vm_mm: the owner while attached
	start, end uint64
	rw         *vmaRWSem  // the pre-6.15 per-VMA lock; nil unless the Cache was made by NewRWSemCache
	wq         *waitQueue // the writer wait of a fetch-add VMA; nil unless the Cache was made by NewFetchAddCache

	// The count has a cache line to itself, as vm_refcnt has in the
	// kernel: readers write it on every lock and unlock, and sharing its
	// line with the fields above would make every other reader's early
	// check miss in its cache.
	_      cpu.CacheLinePad
	refcnt atomicfence.Int32 // vm_refcnt; see LockOffset for its values
	_      cpu.CacheLinePad

	// Data is the user's payload, guarded by the VMA's lock: read it with
	// the VMA read-locked (or with the mmap lock held), write it only with
	// the VMA write-locked (StartWrite under MmapWriteLock). MM.Map sets it,
	// MM.Split copies it into the new VMA (an interface copy: a pointer in
	// it is shared), and the Cache clears it when the VMA is unmapped.
	Data any
}

// Start returns the first address of the range (vm_start). Stable only
// while the caller holds the VMA locked or the mmap lock: a plain load,
// which orders nothing; the lock's acquire is what orders it after the
// writer's store.
func (v *VMA) Start() uint64 { return v.start }

// End returns the address just past the range (vm_end). Stable only while
// the caller holds the VMA locked or the mmap lock: a plain load, which
// orders nothing, as Start's.
func (v *VMA) End() uint64 { return v.end }

// MM returns the address space that owns the VMA (vm_mm). Stable only
// while the caller holds the VMA locked or the mmap lock: a plain load,
// which orders nothing, as Start's.
func (v *VMA) MM() *MM { return v.mm }

// covers reports whether addr is inside [start, end): the range recheck a
// lock-free lookup makes once it holds the lock, since a recycled object
// may map another range now.
func (v *VMA) covers(addr uint64) bool { return v.start <= addr && addr < v.end }
