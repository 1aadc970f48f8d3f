package stress

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// The read side of the Linux per-VMA lock as a message-passing shape, once
// per placement of the reader's ordering that package vma offers: shape
// "VMA+"+p.String() for each vma.Placement p. Thread 0 is a writer finishing
// vma_start_write: it stores vm_lock_seq (seq) and then releases the count
// (cnt) by subtracting OFFSET. Thread 1 is a reader in vma_start_read: it
// increments the count unless a writer's OFFSET is in it, then loads
// vm_lock_seq. The bug is a reader whose increment succeeded (it read the
// released count) but whose load saw the old vm_lock_seq: it would take the
// read lock of a VMA that is write-locked. On amd64 the readers of the
// compare-and-swap placements first try the count's idle value, as package
// vma's do (see vmaTriesIdle).
//
// vm_lock_seq is an unsigned word in the kernel; an Int32 here runs the same
// instructions. r0 is 1 when the increment succeeded, r1 the vm_lock_seq
// read.

const (
	vmaOffset = 1 << 30       // VMA_LOCK_OFFSET
	vmaLimit  = vmaOffset - 1 // VMA_REF_LIMIT
	// The pre-6.15 lock was an rw_semaphore: a writer holds the
	// RWSEM_WRITER_LOCKED bit, each reader adds RWSEM_READER_BIAS.
	rwsemWriterLocked = 1
	rwsemReaderBias   = 1 << 8
	// The fetch-add placement keeps its own encoding, relative to OFFSET:
	// 1 attached, plus vmaFAWriter while a writer excludes readers; a
	// reader keeps its increment only if the old count was attached and
	// below vmaFALimit (vma's faWriter and faRefLimit).
	vmaFAWriter = 1 << 29
	vmaFALimit  = 1 << 24
)

func init() {
	vma := func(name, doc string, reader func(loc, []int32)) {
		register(&Shape{
			Name:    name,
			Doc:     doc,
			Locs:    []Loc{{"seq", 0}, {"cnt", vmaOffset + 1}},
			Threads: []Thread{{nil, vmaWriter}, {[]string{"r0", "r1"}, reader}},
			Exists:  []Eq{{"1:r0", 1}, {"1:r1", 0}},
		})
	}
	vma("VMA+acquire", "VMA read lock, acquire increment (Linux 6.15 as merged)", vmaReadAcquire)
	vma("VMA+relaxed+rmb", "VMA read lock, relaxed increment then Rmb (the reviewer's alternative)", vmaReadRmb)
	vma("VMA+relaxed", "VMA read lock, relaxed increment alone (the v9 bug: weak on arm64)", vmaReadRelaxed)
	vma("VMA+seqcst", "VMA read lock with sync/atomic, sequentially consistent", vmaReadSC)
	register(&Shape{
		Name:    "VMA+fetchadd",
		Doc:     "VMA read lock, one acquire fetch-add kept or undone (the count biased as vma's fetch-add placement keeps it)",
		Locs:    []Loc{{"seq", 0}, {"cnt", vmaOffset + vmaFAWriter + 1}},
		Threads: []Thread{{nil, vmaFAWriterThread}, {[]string{"r0", "r1"}, vmaReadFetchAdd}},
		Exists:  []Eq{{"1:r0", 1}, {"1:r1", 0}},
	})
	register(&Shape{
		Name:    "VMA+rwsem",
		Doc:     "VMA read lock before 6.15: rw_semaphore trylock (acquire cmpxchg), writer up_write",
		Locs:    []Loc{{"seq", 0}, {"sem", rwsemWriterLocked}},
		Threads: []Thread{{nil, rwsemWriter}, {[]string{"r0", "r1"}, rwsemReader}},
		Exists:  []Eq{{"1:r0", 1}, {"1:r1", 0}},
	})
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// vmaWriter: WRITE_ONCE(vm_lock_seq), then the release subtraction of
// __vma_exit_locked.
func vmaWriter(l loc, _ []int32) {
	l[0].StoreRelaxed(1)
	l[1].FetchAddRelease(-vmaOffset)
}

// vmaTriesIdle: on amd64, as package vma does there (its guessIdle), the
// readers of the acquire, relaxed+rmb and relaxed placements first try the
// compare-and-swap of the count from 1 to 2, the count of an attached VMA
// that nobody holds, and make their increment only when the try fails.
// The try is sync/atomic's LOCK CMPXCHGL, a full barrier. Elsewhere the
// readers go straight to the increment, whose ordering is then the one
// the shape puts to the test.
const vmaTriesIdle = runtime.GOARCH == "amd64"

// vmaTryIdle is that try.
func vmaTryIdle(l loc) bool {
	return vmaTriesIdle && atomic.CompareAndSwapInt32(word(l[1]), 1, 2)
}

func vmaReadAcquire(l loc, r []int32) {
	ok := vmaTryIdle(l)
	if !ok {
		_, ok = l[1].IncNotZeroLimitedAcquire(vmaLimit)
	}
	r[0], r[1] = b2i(ok), l[0].LoadRelaxed()
}

func vmaReadRmb(l loc, r []int32) {
	ok := vmaTryIdle(l)
	if !ok {
		_, ok = l[1].IncNotZeroLimitedRelaxed(vmaLimit)
	}
	atomicfence.Rmb()
	r[0], r[1] = b2i(ok), l[0].LoadRelaxed()
}

func vmaReadRelaxed(l loc, r []int32) {
	ok := vmaTryIdle(l)
	if !ok {
		_, ok = l[1].IncNotZeroLimitedRelaxed(vmaLimit)
	}
	r[0], r[1] = b2i(ok), l[0].LoadRelaxed()
}

// vmaReadSC is the reader a Go programmer writes with sync/atomic alone.
func vmaReadSC(l loc, r []int32) {
	cnt, ok := word(l[1]), false
	for old := atomic.LoadInt32(cnt); old > 0 && old <= vmaLimit-1; old = atomic.LoadInt32(cnt) {
		if atomic.CompareAndSwapInt32(cnt, old, old+1) {
			ok = true
			break
		}
	}
	r[0], r[1] = b2i(ok), atomic.LoadInt32(word(l[0]))
}

// vmaFAWriterThread: the writer of the fetch-add placement, done with its
// exclusion: WRITE_ONCE(vm_lock_seq), then the release subtraction of
// vmaFAWriter that readmits readers.
func vmaFAWriterThread(l loc, _ []int32) {
	l[0].StoreRelaxed(1)
	l[1].FetchAddRelease(-vmaFAWriter)
}

// vmaReadFetchAdd takes its reference with one acquire fetch-add whatever
// the count holds, keeps it only if the old count showed the VMA attached
// with no writer and below the limit, and otherwise undoes it with a
// release fetch-add of -1, as vma's fetch-add reader does.
func vmaReadFetchAdd(l loc, r []int32) {
	old := l[1].FetchAddAcquire(1)
	ok := old >= vmaOffset+1 && old < vmaOffset+vmaFALimit
	if !ok {
		l[1].FetchAddRelease(-1)
	}
	r[0], r[1] = b2i(ok), l[0].LoadRelaxed()
}

// rwsemWriter: WRITE_ONCE(vm_lock_seq) under down_write, then up_write's
// release subtraction of the writer bit.
func rwsemWriter(l loc, _ []int32) {
	l[0].StoreRelaxed(1)
	l[1].FetchAddRelease(-rwsemWriterLocked)
}

// rwsemReader is down_read_trylock: an acquire compare-and-swap that adds a
// reader unless the writer bit is set.
func rwsemReader(l loc, r []int32) {
	ok := false
	for old := l[1].LoadRelaxed(); old&rwsemWriterLocked == 0; {
		prev, swapped := l[1].CompareAndSwapAcquire(old, old+rwsemReaderBias)
		if swapped {
			ok = true
			break
		}
		old = prev
	}
	r[0], r[1] = b2i(ok), l[0].LoadRelaxed()
}

// word is the int32 that an atomicfence.Int32 holds and nothing else
// (TestWordIsTheInt32 checks), for the shapes written with sync/atomic.
func word(c *atomicfence.Int32) *int32 { return (*int32)(unsafe.Pointer(c)) }
