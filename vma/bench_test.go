package vma_test

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/vma"
)

// The benchmarks name their cases key=value, and the first case of each
// group is the one the others are compared with (fencelab bench relies on
// that order). Their subject is the read side of the per-VMA lock under
// each fence placement, beside the locks it replaced: a sync.RWMutex per
// object, the pre-6.15 per-VMA rw-semaphore, and the mm's mmap lock alone.

// vmaSize is the size of every VMA the benchmarks map, from vmaBase on.
const (
	vmaBase = 1 << 32
	vmaSize = 1 << 16
)

var errNotLocked = errors.New("the read lock failed where nothing could make it fail")

// sinkTouched keeps what the faults read alive.
var sinkTouched atomic.Uint64

// placementName is the placement's name as the benchmarks print it:
// relaxed-rmb for relaxed+rmb, so that names need no escaping in -bench.
func placementName(p vma.Placement) string { return strings.ReplaceAll(p.String(), "+", "-") }

// newMM returns an MM with n VMAs mapped, from a Cache that p can
// read-lock.
func newMM(tb testing.TB, p vma.Placement, n int) (*vma.MM, []*vma.VMA) {
	tb.Helper()
	mm := vma.NewMM(vma.NewCacheFor(p))
	tb.Cleanup(mm.Close)
	vmas := make([]*vma.VMA, n)
	mm.MmapWriteLock()
	defer mm.MmapWriteUnlock()
	for i := range vmas {
		v, err := mm.Map(vmaBase+uint64(i)*vmaSize, vmaBase+uint64(i+1)*vmaSize, nil)
		if err != nil {
			tb.Fatal(err)
		}
		vmas[i] = v
	}
	return mm, vmas
}

// inlineMM and inlineVMA hold the words of MM and VMA that the read side
// touches, laid out the same way (the count on a cache line of its own),
// for the read side written inline with sync/atomic.
type inlineMM struct {
	lockSeq uint32
	wakes   int
}

type inlineVMA struct {
	lockSeq uint32
	mm      *inlineMM
	_       [64]byte
	refcnt  int32
	_       [60]byte
}

func newInlineVMA(mm *inlineMM) *inlineVMA {
	return &inlineVMA{lockSeq: ^uint32(0), mm: mm, refcnt: 1}
}

// newInlineVMAs returns an inlineMM and goroutines VMAs of it, each made
// by newVMA.
func newInlineVMAs(goroutines int, newVMA func(*inlineMM) *inlineVMA) (*inlineMM, []*inlineVMA) {
	mm := &inlineMM{}
	vmas := make([]*inlineVMA, goroutines)
	for i := range vmas {
		vmas[i] = newVMA(mm)
	}
	return mm, vmas
}

// inlineAtomicLoop returns the loop of goroutine g over the VMAs vmas of
// mm, n read locks each call, written inline with sync/atomic: StartRead
// and EndRead's steps, loads and compare-and-swap loop (first the try from
// an idle count of 1, as StartRead makes on amd64: see guessIdle), with
// sequentially consistent sync/atomic calls that the compiler inlines.
// The loop is the closure's own code, as a benchmark's loop over
// StartRead is, so that one call of it per read lock (the parallel modes)
// costs what a call of that loop costs, and no call more.
func inlineAtomicLoop(mm *inlineMM, vmas []*inlineVMA) func(g, n int) error {
	return func(g, n int) error {
		v := vmas[g]
		for range n {
			// StartRead step 1: the early check.
			if atomic.LoadUint32(&v.lockSeq) == atomic.LoadUint32(&mm.lockSeq) {
				return errNotLocked
			}
			// Step 2: increment unless 0 or at the limit, guessing 1 first.
			if !atomic.CompareAndSwapInt32(&v.refcnt, 1, 2) {
				for {
					old := atomic.LoadInt32(&v.refcnt)
					if old <= 0 || old >= vma.RefLimit {
						return errNotLocked
					}
					if atomic.CompareAndSwapInt32(&v.refcnt, old, old+1) {
						break
					}
				}
			}
			// Step 3: the owner; step 4: the recheck of the sequence.
			if v.mm != mm || atomic.LoadUint32(&mm.lockSeq) == atomic.LoadUint32(&v.lockSeq) {
				return errNotLocked
			}
			// EndRead: copy the owner, release, wake a writer left alone.
			owner := v.mm
			if c := atomic.AddInt32(&v.refcnt, -1); uint32(c-vma.LockOffset) <= 1 {
				owner.wakes++
			}
		}
		return nil
	}
}

// inlineCallsLoop is inlineAtomicLoop with its slow paths made calls, as
// a lock's are: a failed try or recheck goes to inlineSlowPath, a release
// that leaves the count outside the readers' common range to inlineRare,
// and neither is inlined. It is the floor of a read lock whose slow paths
// are calls, as StartRead's and RLock's are: a loop that can call them
// keeps its counter on the stack across them, and the compiler stores it
// there once round the loop, in front of the try's locked instruction,
// where the loops of StartRead and of RLock store theirs
// (docs/benchmarks.md, "The floor of a lock with slow paths").
func inlineCallsLoop(mm *inlineMM, vmas []*inlineVMA) func(g, n int) error {
	return func(g, n int) error {
		v := vmas[g]
		for range n {
			// The early check's failure, the try's success and the slow
			// path's answer meet in ok, as StartRead's results meet in the
			// caller's test of ReadOK.
			ok := false
			if atomic.LoadUint32(&v.lockSeq) != atomic.LoadUint32(&mm.lockSeq) {
				held := atomic.CompareAndSwapInt32(&v.refcnt, 1, 2)
				if held && v.mm == mm && atomic.LoadUint32(&mm.lockSeq) != atomic.LoadUint32(&v.lockSeq) {
					ok = true
				} else {
					ok = inlineSlowPath(v, mm, held)
				}
			}
			if !ok {
				return errNotLocked
			}
			owner := v.mm
			if old := atomic.AddInt32(&v.refcnt, -1) + 1; uint32(old)-2 > vma.RefLimit-2 {
				inlineRare(owner, old)
			}
		}
		return nil
	}
}

// inlineIncrementLoop is inlineCallsLoop without the early check, the
// owner and the recheck: the kernel's increment (the try from 1 to 2, and
// the loop that reads the count as a call) and the release, with nothing
// between them. No read lock whose increment is this compare-and-swap
// costs less, whatever it checks around it: paired against RLock+RUnlock,
// two fetch-adds, it is what the processor charges for the kernel's
// choice of instruction (docs/benchmarks.md, "Missed on the EPYC").
func inlineIncrementLoop(mm *inlineMM, vmas []*inlineVMA) func(g, n int) error {
	return func(g, n int) error {
		v := vmas[g]
		for range n {
			if !atomic.CompareAndSwapInt32(&v.refcnt, 1, 2) && !inlineIncrement(v) {
				return errNotLocked
			}
			owner := v.mm
			if old := atomic.AddInt32(&v.refcnt, -1) + 1; uint32(old)-2 > vma.RefLimit-2 {
				inlineRare(owner, old)
			}
		}
		return nil
	}
}

// inlineIncrement is inlineIncrementLoop's increment after a failed try:
// the kernel's loop, which reads the count, and fails on 0 or at the
// limit. It reports whether it took a reference.
//
//go:noinline
func inlineIncrement(v *inlineVMA) bool {
	for {
		old := atomic.LoadInt32(&v.refcnt)
		if old <= 0 || old >= vma.RefLimit {
			return false
		}
		if atomic.CompareAndSwapInt32(&v.refcnt, old, old+1) {
			return true
		}
	}
}

// inlineSlowPath is inlineCallsLoop's way out of line after its early check
// passed: the increment's loop where the try took no reference (held
// false), then the owner and the recheck, which drop the reference when
// they fail. It reports whether the caller holds the read lock.
//
//go:noinline
func inlineSlowPath(v *inlineVMA, mm *inlineMM, held bool) bool {
	for !held {
		old := atomic.LoadInt32(&v.refcnt)
		if old <= 0 || old >= vma.RefLimit {
			return false
		}
		held = atomic.CompareAndSwapInt32(&v.refcnt, old, old+1)
	}
	if v.mm != mm || atomic.LoadUint32(&mm.lockSeq) == atomic.LoadUint32(&v.lockSeq) {
		owner := v.mm
		if old := atomic.AddInt32(&v.refcnt, -1) + 1; uint32(old)-2 > vma.RefLimit-2 {
			inlineRare(owner, old)
		}
		return false
	}
	return true
}

// inlineRare is inlineCallsLoop's release from old outside the common
// range: it counts a wake-up where the release left a writer alone.
//
//go:noinline
func inlineRare(mm *inlineMM, old int32) {
	if uint32(old-1-vma.LockOffset) <= 1 {
		mm.wakes++
	}
}

// newInlineFetchAddVMA returns an attached inlineVMA whose count is in
// the fetch-add encoding (see vma.PlacementFetchAdd).
func newInlineFetchAddVMA(mm *inlineMM) *inlineVMA {
	return &inlineVMA{lockSeq: ^uint32(0), mm: mm, refcnt: vma.LockOffset + 1}
}

// inlineFetchAddLoop is inlineAtomicLoop for StartReadWith and
// EndReadWith with PlacementFetchAdd: the early check, one
// fetch-add kept if the count it replaced was attached and below the
// limit, the owner and the recheck, and the release's fetch-add, which
// would wake a writer when it leaves the count outside the readers'
// common range.
func inlineFetchAddLoop(mm *inlineMM, vmas []*inlineVMA) func(g, n int) error {
	return func(g, n int) error {
		v := vmas[g]
		for range n {
			if atomic.LoadUint32(&v.lockSeq) == atomic.LoadUint32(&mm.lockSeq) {
				return errNotLocked
			}
			if old := uint32(atomic.AddInt32(&v.refcnt, 1)-1) - vma.LockOffset; old-1 >= vma.FetchAddRefLimit {
				return errNotLocked
			}
			if v.mm != mm || atomic.LoadUint32(&mm.lockSeq) == atomic.LoadUint32(&v.lockSeq) {
				return errNotLocked
			}
			if old := uint32(atomic.AddInt32(&v.refcnt, -1)+1) - vma.LockOffset; old-2 >= vma.FetchAddDetached-2 {
				mm.wakes++
			}
		}
		return nil
	}
}

// inlineFetchAddCallsLoop is inlineFetchAddLoop with its slow paths made
// calls, as inlineCallsLoop is inlineAtomicLoop's: an increment that may not be
// kept (a count outside the attached range below the limit, another
// owner, a failed recheck) is undone by inlineFetchAddUndo, and a release
// that leaves the count outside the readers' common range goes to
// inlineFetchAddRare; neither is inlined. It is the fetch-add placement's
// floor as a lock with slow paths.
func inlineFetchAddCallsLoop(mm *inlineMM, vmas []*inlineVMA) func(g, n int) error {
	return func(g, n int) error {
		v := vmas[g]
		for range n {
			// As in inlineCallsLoop, the early check's failure, the kept
			// increment and the undone one meet in ok.
			ok := false
			if atomic.LoadUint32(&v.lockSeq) != atomic.LoadUint32(&mm.lockSeq) {
				old := uint32(atomic.AddInt32(&v.refcnt, 1)-1) - vma.LockOffset
				if old-1 < vma.FetchAddRefLimit && v.mm == mm && atomic.LoadUint32(&mm.lockSeq) != atomic.LoadUint32(&v.lockSeq) {
					ok = true
				} else {
					inlineFetchAddUndo(v, mm)
				}
			}
			if !ok {
				return errNotLocked
			}
			if old := uint32(atomic.AddInt32(&v.refcnt, -1)+1) - vma.LockOffset; old-2 >= vma.FetchAddDetached-2 {
				inlineFetchAddRare(mm, old)
			}
		}
		return nil
	}
}

// inlineFetchAddUndo is inlineFetchAddCallsLoop's way out of line after an
// increment that it may not keep: it drops the increment, as
// PlacementFetchAdd's undo does.
//
//go:noinline
func inlineFetchAddUndo(v *inlineVMA, mm *inlineMM) {
	inlineFetchAddRare(mm, uint32(atomic.AddInt32(&v.refcnt, -1)+1)-vma.LockOffset)
}

// inlineFetchAddRare is inlineFetchAddCallsLoop's release from old
// (counted from LockOffset) outside the common range: it counts a wake-up
// where the release left a writer's target, as PlacementFetchAdd wakes
// its writer there.
//
//go:noinline
func inlineFetchAddRare(mm *inlineMM, old uint32) {
	if old == vma.FetchAddDetached+1 || old == vma.FetchAddWriter+2 {
		mm.wakes++
	}
}

// fetchAddSide read-locks a VMA of a fetch-add MM with
// StartReadWith(mm, vma.PlacementFetchAdd), the placement a constant, as
// in its users' code, where vmaSide's is a variable, so that the compiler
// folds StartReadWith's and EndReadWith's choice of placement away as it
// does for them: the fetch-add bar's read lock.
var fetchAddSide = readSide{"fetchadd", func(b *testing.B, goroutines int) func(g, n int) error {
	mm, vmas := newMM(b, vma.PlacementFetchAdd, goroutines)
	return func(g, n int) error {
		v := vmas[g]
		for range n {
			if v.StartReadWith(mm, vma.PlacementFetchAdd) != vma.ReadOK {
				return errNotLocked
			}
			v.EndReadWith(vma.PlacementFetchAdd)
		}
		return nil
	}
}}

// paddedRWMutex keeps each RWMutex of the distinct mode on its own lines.
type paddedRWMutex struct {
	_  [64]byte
	mu sync.RWMutex
	_  [64]byte
}

// readSide is one way to take and drop a read lock n times: on the VMA or
// mutex that the goroutine numbered g uses (always the same one in the
// shared mode).
type readSide struct {
	name string
	// setup prepares the objects for goroutines goroutines and returns the
	// loop of goroutine g.
	setup func(b *testing.B, goroutines int) func(g, n int) error
}

// vmaSide read-locks a VMA of one MM with StartRead (the default) or with
// StartReadWith(p).
func vmaSide(p vma.Placement, direct bool) readSide {
	name := placementName(p)
	return readSide{name, func(b *testing.B, goroutines int) func(g, n int) error {
		mm, vmas := newMM(b, p, goroutines)
		if direct {
			return func(g, n int) error {
				v := vmas[g]
				for range n {
					if v.StartRead(mm) != vma.ReadOK {
						return errNotLocked
					}
					v.EndRead()
				}
				return nil
			}
		}
		return func(g, n int) error {
			v := vmas[g]
			for range n {
				if v.StartReadWith(mm, p) != vma.ReadOK {
					return errNotLocked
				}
				v.EndReadWith(p)
			}
			return nil
		}
	}}
}

var (
	inlineSide = readSide{"inline-atomic", func(b *testing.B, goroutines int) func(g, n int) error {
		mm, vmas := newInlineVMAs(goroutines, newInlineVMA)
		return inlineAtomicLoop(mm, vmas)
	}}
	// inlineCallsSide is the floor of a read lock whose slow paths are
	// calls: in the paired mode=single and mode=distinct, what
	// StartRead+EndRead and the RWMutex both stand on.
	inlineCallsSide = readSide{"inline-calls", func(b *testing.B, goroutines int) func(g, n int) error {
		mm, vmas := newInlineVMAs(goroutines, newInlineVMA)
		return inlineCallsLoop(mm, vmas)
	}}
	// inlineIncrementSide is the floor of any read lock whose increment
	// is the kernel's compare-and-swap: in the paired mode=single, what
	// the bar against RLock+RUnlock prints beside its ratio.
	inlineIncrementSide = readSide{"inline-increment", func(b *testing.B, goroutines int) func(g, n int) error {
		mm, vmas := newInlineVMAs(goroutines, newInlineVMA)
		return inlineIncrementLoop(mm, vmas)
	}}
	// inlineFetchAddSide is PlacementFetchAdd's floor: in the shared mode,
	// what the fetch-add bar's read lock is compared with besides the
	// shared RWMutex.
	inlineFetchAddSide = readSide{"inline-fetchadd", func(b *testing.B, goroutines int) func(g, n int) error {
		mm, vmas := newInlineVMAs(goroutines, newInlineFetchAddVMA)
		return inlineFetchAddLoop(mm, vmas)
	}}
	// inlineFetchAddCallsSide is PlacementFetchAdd's floor as a lock whose
	// slow paths are calls: in the paired mode=shared, what the fetch-add
	// bar's line prints beside its ratio.
	inlineFetchAddCallsSide = readSide{"inline-fetchadd-calls", func(b *testing.B, goroutines int) func(g, n int) error {
		mm, vmas := newInlineVMAs(goroutines, newInlineFetchAddVMA)
		return inlineFetchAddCallsLoop(mm, vmas)
	}}
	rwmutexSide = readSide{"rwmutex", func(b *testing.B, goroutines int) func(g, n int) error {
		mus := make([]paddedRWMutex, goroutines)
		return func(g, n int) error {
			mu := &mus[g].mu
			for range n {
				mu.RLock()
				mu.RUnlock()
			}
			return nil
		}
	}}
	// sharedRWMutexSide is one sync.RWMutex for every goroutine, whatever
	// object it reads: in the distinct mode, what a per-object lock is
	// compared with when all objects share one lock.
	sharedRWMutexSide = readSide{"rwmutex-shared", func(b *testing.B, goroutines int) func(g, n int) error {
		var mu paddedRWMutex
		return func(g, n int) error {
			for range n {
				mu.mu.RLock()
				mu.mu.RUnlock()
			}
			return nil
		}
	}}
	// mmapLockSide takes the mm's mmap lock for read: one lock for the
	// whole address space, whichever VMA the reader wants.
	mmapLockSide = readSide{"mmap-lock", func(b *testing.B, goroutines int) func(g, n int) error {
		mm, _ := newMM(b, vma.PlacementAcquire, 1)
		return func(g, n int) error {
			for range n {
				mm.MmapReadLock()
				mm.MmapReadUnlock()
			}
			return nil
		}
	}}
)

// placementSides are the per-VMA read locks: the default acquire path
// called directly, then every other placement through StartReadWith.
func placementSides() []readSide {
	sides := []readSide{vmaSide(vma.PlacementAcquire, true)}
	for _, p := range vma.Placements() {
		if p != vma.PlacementAcquire {
			sides = append(sides, vmaSide(p, false))
		}
	}
	return sides
}

// BenchmarkReadLock takes a read lock and releases it:
//
//   - mode=single: one goroutine, one VMA; compared with the same steps
//     written inline with sync/atomic.
//   - mode=shared: every goroutine on one VMA (one RWMutex); compared with a
//     shared sync.RWMutex, and beside the fetch-add placement's steps
//     written inline with sync/atomic (inline-fetchadd), its floor.
//   - mode=distinct: each goroutine on a VMA of its own in one MM (an
//     RWMutex of its own); compared with a sync.RWMutex per goroutine, and
//     beside one sync.RWMutex that every goroutine shares (rwmutex-shared),
//     the lock per object against one lock for all. The mmap lock stays
//     one lock for the MM.
//
// fencelab bench runs it at every GOMAXPROCS from 1 to the number of CPUs.
//
// A parallel case calls its loop through a function value once per
// operation, the same for every case.
func BenchmarkReadLock(b *testing.B) {
	benchenv.PrintConfig()
	single := append([]readSide{inlineSide}, placementSides()...)
	single = append(single, rwmutexSide, mmapLockSide)
	for _, s := range single {
		b.Run("mode=single/lock="+s.name, func(b *testing.B) {
			loop := s.setup(b, 1)
			b.ResetTimer()
			if err := loop(0, b.N); err != nil {
				b.Fatal(err)
			}
		})
	}
	parallel := append([]readSide{rwmutexSide}, placementSides()...)
	parallel = append(parallel, mmapLockSide, inlineSide)
	for _, mode := range []string{"shared", "distinct"} {
		sides := append(slices.Clip(parallel), inlineFetchAddSide)
		if mode == "distinct" {
			sides = append(slices.Clip(parallel), sharedRWMutexSide)
		}
		for _, s := range sides {
			b.Run("mode="+mode+"/lock="+s.name, func(b *testing.B) {
				goroutines := 1
				if mode == "distinct" {
					goroutines = runtime.GOMAXPROCS(0) // RunParallel's goroutines
				}
				loop := s.setup(b, goroutines)
				var next atomic.Int32
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					g := 0
					if mode == "distinct" {
						g = int(next.Add(1)-1) % goroutines
					}
					for pb.Next() {
						if err := loop(g, 1); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// lookupAddrs returns count addresses spread over n VMAs in an order that
// defeats the branch predictor and the prefetcher alike.
func lookupAddrs(n, count int) []uint64 {
	addrs := make([]uint64, count)
	x := uint64(0x9E3779B97F4A7C15)
	for i := range addrs {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		addrs[i] = vmaBase + x%(uint64(n)*vmaSize)
	}
	return addrs
}

// BenchmarkLockVMA is the full lock-free lookup and read lock of a fault
// (lock_vma_under_rcu, then vma_end_read) over 256 VMAs, on one
// goroutine, beside the lookup under the mmap lock alone.
func BenchmarkLockVMA(b *testing.B) {
	benchenv.PrintConfig()
	const nVMAs = 256
	addrs := lookupAddrs(nVMAs, 4096)
	b.Run("place=acquire", func(b *testing.B) {
		mm, _ := newMM(b, vma.PlacementAcquire, nVMAs)
		b.ResetTimer()
		for i := range b.N {
			v := mm.LockVMA(addrs[i%len(addrs)])
			if v == nil {
				b.Fatal(errNotLocked)
			}
			v.EndRead()
		}
	})
	for _, p := range vma.Placements() {
		if p == vma.PlacementAcquire {
			continue
		}
		b.Run("place="+placementName(p), func(b *testing.B) {
			mm, _ := newMM(b, p, nVMAs)
			b.ResetTimer()
			for i := range b.N {
				v := mm.LockVMAWith(addrs[i%len(addrs)], p)
				if v == nil {
					b.Fatal(errNotLocked)
				}
				v.EndReadWith(p)
			}
		})
	}
	b.Run("place=mmap-lock", func(b *testing.B) {
		mm, _ := newMM(b, vma.PlacementAcquire, nVMAs)
		b.ResetTimer()
		for i := range b.N {
			mm.MmapReadLock()
			v := mm.FindVMA(addrs[i%len(addrs)])
			mm.MmapReadUnlock()
			if v == nil {
				b.Fatal(errNotLocked)
			}
		}
	})
}

// pftVMAs and pftWriteInterval shape the page-fault benchmark: readers
// fault at random addresses over pftVMAs VMAs while one writer unmaps and
// maps a VMA every pftWriteInterval (the kernel's pft runs faults against
// a process whose mappings change).
//
// The readers yield every pftYieldEvery faults: otherwise the Go scheduler
// would let the writer, woken by its ticker, wait for a reader's
// preemption (10ms), and the writer would keep nothing like its rate. The
// benchmark reports the rate the writer kept as remaps/s.
const (
	pftVMAs          = 256
	pftWriteInterval = time.Millisecond
	pftYieldEvery    = 1024
)

// faulter handles one fault at addr with fn, and reports whether a VMA
// covered it.
type faulter func(mm *vma.MM, addr uint64, fn func(*vma.VMA)) bool

// BenchmarkPageFaults measures fault throughput in the manner of the
// kernel's pft: every goroutine (GOMAXPROCS of them; vary it with -cpu)
// faults at random addresses, each fault read-locking the VMA that covers
// the address and reading it, while a writer goroutine unmaps and maps a
// VMA every millisecond under the mmap write lock. A fault whose VMA is being
// changed falls back to the mmap lock, as in the kernel. It reports
// faults/s, compared with faults handled under the mmap lock alone.
func BenchmarkPageFaults(b *testing.B) {
	benchenv.PrintConfig()
	pft(b, "mmap-lock", vma.PlacementAcquire, func(mm *vma.MM, addr uint64, fn func(*vma.VMA)) bool {
		mm.MmapReadLock()
		defer mm.MmapReadUnlock()
		v := mm.FindVMA(addr)
		if v != nil {
			fn(v)
		}
		return v != nil
	})
	pft(b, "acquire", vma.PlacementAcquire, (*vma.MM).Fault)
	for _, p := range vma.Placements() {
		if p != vma.PlacementAcquire {
			pft(b, placementName(p), p, func(mm *vma.MM, addr uint64, fn func(*vma.VMA)) bool {
				return mm.FaultWith(addr, p, fn)
			})
		}
	}
}

// pftSum is what a goroutine of BenchmarkPageFaults read, alone on its
// cache line.
type pftSum struct {
	_ [64]byte
	n uint64
	_ [56]byte
}

// pft is not inlined: where the compiler inlines it into
// BenchmarkPageFaults it copies its closures without inlining into them,
// and every fault would call pb.Next, End and Start (checked by
// TestBenchmarkLoopsInline).
//
//go:noinline
func pft(b *testing.B, name string, p vma.Placement, fault faulter) {
	b.Run("place="+name, func(b *testing.B) {
		mm, _ := newMM(b, p, pftVMAs)
		stop := make(chan struct{})
		var writes atomic.Int64
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			pftWriter(b, mm, stop, &writes)
		}()
		var seed atomic.Uint64
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			x := 0x9E3779B97F4A7C15 * (seed.Add(1) | 1)
			// fn escapes through fault, and what it adds to with it: on
			// a line of its own, or the goroutines' sums could share one.
			touched := new(pftSum)
			fn := func(v *vma.VMA) { touched.n += v.End() - v.Start() }
			missed := 0
			for n := 1; pb.Next(); n++ {
				if n%pftYieldEvery == 0 {
					runtime.Gosched() // let the writer run on time
				}
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				if !fault(mm, vmaBase+x%(pftVMAs*vmaSize), fn) {
					missed++
				}
			}
			// The writer maps each range again in the write session that
			// unmapped it, so every address is always covered.
			if missed > 0 {
				b.Errorf("%d faults found no VMA", missed)
			}
			sinkTouched.Add(touched.n)
		})
		b.StopTimer()
		close(stop)
		wg.Wait()
		elapsed := b.Elapsed().Seconds()
		b.ReportMetric(float64(b.N)/elapsed, "faults/s")
		b.ReportMetric(float64(writes.Load())/elapsed, "remaps/s")
	})
}

// pftWriter unmaps and maps again one VMA after another until stop is
// closed, one every pftWriteInterval, counting them in writes.
func pftWriter(b *testing.B, mm *vma.MM, stop <-chan struct{}, writes *atomic.Int64) {
	t := time.NewTicker(pftWriteInterval)
	defer t.Stop()
	for i := 0; ; i = (i + 1) % pftVMAs {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		start := vmaBase + uint64(i)*vmaSize
		mm.MmapWriteLock()
		err := mm.Unmap(start, start+vmaSize)
		if err == nil {
			_, err = mm.Map(start, start+vmaSize, nil)
		}
		mm.MmapWriteUnlock()
		if err != nil {
			b.Error(fmt.Errorf("remap of %#x: %w", start, err))
			return
		}
		writes.Add(1)
	}
}

// TestReadInlineCalls checks that the floors with their slow paths as
// calls take them as a read lock would, for the benchmark's numbers to be
// those of a lock: past a reader already in, or up to the limit, each
// increments in its loop and leaves the count as it was; on a detached
// VMA, one that a writer excludes readers from and one at the limit each
// fails and leaves the count as it was, and on one of another owner
// inlineCallsLoop does (inlineIncrementLoop checks no owner); a release
// that leaves a writer alone counts a wake-up, and no other does.
func TestReadInlineCalls(t *testing.T) {
	mm, vmas := newInlineVMAs(1, newInlineVMA)
	v := vmas[0]
	for _, c := range []struct {
		name  string
		count int32
		owner *inlineMM
		fails bool // for inlineCallsLoop; inlineIncrementLoop fails where the count makes it
	}{
		{"past another reader", 2, mm, false},
		{"up to the limit", vma.RefLimit - 1, mm, false},
		{"detached", 0, mm, true},
		{"a writer in", vma.LockOffset + 2, mm, true},
		{"at the limit", vma.RefLimit, mm, true},
		{"another owner", 1, &inlineMM{}, true},
	} {
		for _, loop := range []struct {
			name  string
			run   func(*inlineMM, []*inlineVMA) func(g, n int) error
			fails bool
		}{
			{"inlineCallsLoop", inlineCallsLoop, c.fails},
			{"inlineIncrementLoop", inlineIncrementLoop, c.fails && c.owner == mm},
		} {
			v.refcnt, v.mm = c.count, c.owner
			if err := loop.run(mm, vmas)(0, 3); (err != nil) != loop.fails || v.refcnt != c.count {
				t.Errorf("%s, %s: %v, count %d; want failure %v, count %d", loop.name, c.name, err, v.refcnt, loop.fails, c.count)
			}
		}
	}
	inlineRare(mm, 1)
	inlineRare(mm, vma.LockOffset+3)
	if mm.wakes != 0 {
		t.Errorf("releases that left no writer alone: %d wake-ups, want 0", mm.wakes)
	}
	inlineRare(mm, vma.LockOffset+2)
	if mm.wakes != 1 {
		t.Errorf("a release that left the writer alone: %d wake-ups, want 1", mm.wakes)
	}
}

// TestReadInlineFetchAddCalls checks the fetch-add floor with its slow
// paths as calls as TestReadInlineCalls checks the other: past a reader
// already in, it takes and drops its reference; on a detached VMA, one
// that a writer excludes readers from, one at the limit, one of another
// owner and one write-locked it fails and leaves the count as it was; an undo or a release
// that leaves the count at a writer's target (detached, or excluded, with
// no reader in) counts a wake-up, as PlacementFetchAdd's would wake its
// writer, and no other does.
func TestReadInlineFetchAddCalls(t *testing.T) {
	mm, vmas := newInlineVMAs(1, newInlineFetchAddVMA)
	v := vmas[0]
	for _, c := range []struct {
		name   string
		count  uint32 // from LockOffset
		owner  *inlineMM
		locked bool // vm_lock_seq equal to mm_lock_seq
		fails  bool
		wakes  int
	}{
		{"past another reader", 2, mm, false, false, 0},
		{"detached", vma.FetchAddDetached, mm, false, true, 1},
		{"detached, a reader still leaving", vma.FetchAddDetached + 1, mm, false, true, 0},
		{"a writer in", vma.FetchAddWriter + 1, mm, false, true, 1},
		{"a writer waiting for a reader", vma.FetchAddWriter + 2, mm, false, true, 0},
		{"at the limit", vma.FetchAddRefLimit + 1, mm, false, true, 0},
		{"another owner", 1, &inlineMM{}, false, true, 0},
		// The early check fails it before the increment, which would
		// otherwise be undone with a wake-up of the writer.
		{"write-locked, a writer in", vma.FetchAddWriter + 1, mm, true, true, 0},
		{"write-locked, readmitted", 1, mm, true, true, 0},
	} {
		v.refcnt, v.mm, v.lockSeq, mm.wakes = int32(c.count+vma.LockOffset), c.owner, ^mm.lockSeq, 0
		if c.locked {
			v.lockSeq = mm.lockSeq
		}
		err := inlineFetchAddCallsLoop(mm, vmas)(0, 3)
		if got := uint32(v.refcnt) - vma.LockOffset; (err != nil) != c.fails || got != c.count || mm.wakes != c.wakes {
			t.Errorf("%s: %v, count %d, %d wake-ups; want failure %v, count %d, %d wake-ups", c.name, err, got, mm.wakes, c.fails, c.count, c.wakes)
		}
	}
	mm.wakes = 0
	inlineFetchAddRare(mm, 2)
	inlineFetchAddRare(mm, vma.FetchAddDetached+2)
	inlineFetchAddRare(mm, vma.FetchAddWriter+3)
	if mm.wakes != 0 {
		t.Errorf("releases that left no writer alone: %d wake-ups, want 0", mm.wakes)
	}
	inlineFetchAddRare(mm, vma.FetchAddDetached+1)
	inlineFetchAddRare(mm, vma.FetchAddWriter+2)
	if mm.wakes != 2 {
		t.Errorf("releases that left a writer alone: %d wake-ups, want 2", mm.wakes)
	}
}
