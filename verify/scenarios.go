package verify

import "github.com/atomicfence/atomicfence/vma"

// Results of StartRead, as its first result register holds them.
const (
	readOK   = int64(vma.ReadOK)
	readBusy = int64(vma.ReadBusy)
)

// readerWriter is StartRead (or StartReadWith(p)) against a writer's
// StartWrite on an attached VMA with no reader in, while the writer holds
// the mmap write lock (mm_lock_seq odd). Both holding the VMA at once is
// the forbidden outcome: the reader returned ReadOK and the writer
// returned from StartWrite.
func readerWriter(placement string, reader Thread, expect map[string]bool) *Scenario {
	return &Scenario{
		Name: "reader-writer", Placement: placement,
		Doc: "StartRead against StartWrite (exclude readers, wait, store vm_lock_seq, readmit with release); forbidden: both hold the VMA",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(1), "lockSeq": Int(0), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1), "snap": Ref("snap")}},
			snapObject, entryObject,
		},
		Threads:   []Thread{reader, {Entry: "vma.(*VMA).StartWrite", Args: []Value{Ref("v")}}},
		Forbidden: And(Returned(0, readOK), Exited(1, exitReturn)),
		Expect:    expect,
	}
}

// readerWriterRWSem is the reader against StartWrite in an MM of per-VMA
// rw-semaphores (PlacementRWSem, the design before Linux 6.15): the
// reader try-locks v's semaphore for read, the writer takes it for write
// around its vm_lock_seq store. The count is the attached flag alone.
func readerWriterRWSem() *Scenario {
	sc := readerWriter(vma.PlacementRWSem.String(), Thread{Entry: "vma.(*VMA).StartReadWith", Args: []Value{Ref("v"), Ref("mm"), Int(int64(vma.PlacementRWSem))}}, nil)
	sc.Doc = "StartReadWith(PlacementRWSem) (a read try-lock of the VMA's rw-semaphore) against StartWrite (the semaphore for write around the vm_lock_seq store); forbidden: both hold the VMA"
	sc.Objects[0].Init["refcnt"] = Int(vma.LockOffset)
	sc.Objects[0].Init["rw"] = Ref("rw")
	sc.Objects = append(sc.Objects, Object{Name: "rw", Type: "vma.vmaRWSem"})
	return sc
}

// lockVMA is the reader's public path against StartWrite: LockVMA looks
// 0x1800 up in the MM's published tree (one VMA, v, at [0x1000, 0x2000))
// and read-locks what it finds with StartRead. Forbidden: LockVMA returned
// the VMA and the writer holds it.
func lockVMA() *Scenario {
	sc := readerWriter("", Thread{Entry: "main.lockVMA", Args: []Value{Ref("mm")}}, nil)
	sc.Name = "lock-vma"
	sc.Doc = "LockVMA (the tree's lookup, then StartRead) against StartWrite; forbidden: both hold the VMA"
	sc.Forbidden = And(Returned(0, 1), Exited(1, exitReturn))
	// LockVMA checks that the VMA it locked still covers the address.
	sc.Objects[0].Init["start"], sc.Objects[0].Init["end"] = Int(0x1000), Int(0x2000)
	return sc
}

// snapObject and entryObject are the MM's published tree: one VMA, v, at
// [0x1000, 0x2000).
var (
	snapObject  = Object{Name: "snap", Type: "vma.snapshot", Init: map[string]Value{"entries.array": Ref("e0"), "entries.len": Int(1), "entries.cap": Int(1)}}
	entryObject = Object{Name: "e0", Type: "vma.entry", Init: map[string]Value{"start": Int(0x1000), "end": Int(0x2000), "vma": Ref("v")}}
)

// armOnly expects the forbidden outcome on the arm64 targets alone. On
// ppc64le the recheck's acquire load of mm_lock_seq, LWA then LWSYNC,
// orders a relaxed increment's LWARX before the reader's later loads, so
// that the relaxed placement is Never there.
var armOnly = map[string]bool{"arm64-llsc": true, "arm64-lse-dyn": true, "arm64-lse": true, "arm64-asmloads": true}

// countPlacements are the placements of the count-based reader that
// StartRead and StartReadWith run on a VMA of a plain Cache.
var countPlacements = []vma.Placement{vma.PlacementAcquire, vma.PlacementRelaxedRmb, vma.PlacementRelaxed, vma.PlacementSeqCst}

// reader is StartRead (PlacementAcquire) or StartReadWith(p) of v in mm.
func reader(p vma.Placement) Thread {
	if p == vma.PlacementAcquire {
		return Thread{Entry: "vma.(*VMA).StartRead", Args: []Value{Ref("v"), Ref("mm")}}
	}
	return Thread{Entry: "vma.(*VMA).StartReadWith", Args: []Value{Ref("v"), Ref("mm"), Int(int64(p))}}
}

// Scenarios returns every scenario.
func Scenarios() []*Scenario {
	var out []*Scenario
	for _, p := range countPlacements {
		var expect map[string]bool
		if p == vma.PlacementRelaxed {
			expect = armOnly
		}
		out = append(out, readerWriter(p.String(), reader(p), expect))
	}
	out = append(out, readerWriterRWSem(), lockVMA(), lostWakeup(), endRead(), endReadRWSem(), speculation(), markAttached(), markDetached(), endReadDetach(), endWriteAll(), endWriteAllRWSem())
	out = append(out, fetchAddScenarios()...)
	out = append(out, recycleScenarios()...)
	return out
}

// lostWakeup is the writer's wait against a reader's release: StartWrite
// on a VMA with one reader in (count 2) against that reader's EndRead. The
// writer publishes that it waits, a full barrier, then tests the count;
// the reader decrements, a full barrier, then tests the flag. Forbidden:
// the writer goes to sleep (reaches the select in waitFor) while the
// reader returns without sending the wake-up: StartWrite would sleep for
// ever.
func lostWakeup() *Scenario {
	return &Scenario{
		Name: "lost-wakeup",
		Doc:  "StartWrite waiting for one reader against that reader's EndRead; forbidden: the writer sleeps and the reader returns without waking it",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(2), "lockSeq": Int(0), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
		},
		Threads: []Thread{
			{Entry: "vma.(*VMA).StartWrite", Args: []Value{Ref("v")}},
			{Entry: "vma.(*VMA).EndRead", Args: []Value{Ref("v")}},
		},
		Forbidden: And(Exited(0, exitSleep), Exited(1, exitReturn)),
	}
}

// endRead is the read lock as a lock: what a reader did while it held
// the VMA is seen by the writer that waited for it to leave. A reader that
// holds v (count 2) stores to c.data and calls EndRead, against
// StartWrite and then a load of c.data. The reader's release decrement
// pairs with the acquire load of the count in the writer's wait.
// Forbidden: StartWrite returned and the writer missed the store. For a
// Never to mean something the writer must be able to return at all, and
// to see the store.
func endRead() *Scenario {
	return &Scenario{
		Name: "end-read",
		Doc:  "a reader's store and EndRead against StartWrite and a load of what it stored; forbidden: the writer returns from the wait and misses the store",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(2), "lockSeq": Int(0), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
			cellObject("c"),
		},
		Threads: []Thread{
			{Entry: "main.useAndEnd", Args: []Value{Ref("v"), Ref("c")}},
			{Entry: "main.writeAfterReaders", Args: []Value{Ref("v"), Ref("c")}},
		},
		Forbidden: And(Exited(1, exitReturn), Final("c_seen", 0)),
		Reach:     []Cond{Exited(0, exitReturn), And(Exited(1, exitReturn), Final("c_seen", 1))},
	}
}

// endReadRWSem is end-read in an MM of per-VMA rw-semaphores: the reader
// holds v's semaphore for read (its count one reader, RWSEM_READER_BIAS),
// stores, and releases it with up_read's release subtraction, against
// StartWrite, which takes the semaphore for write, waits for the reader
// with an acquire load, and loads what it stored. Forbidden: the writer
// returns from the wait and misses the store.
func endReadRWSem() *Scenario {
	sc := endRead()
	sc.Placement = vma.PlacementRWSem.String()
	sc.Doc = "a reader's store and EndReadWith(PlacementRWSem) against StartWrite and a load of what it stored; forbidden: the writer returns from the wait and misses the store"
	sc.Objects = []Object{
		{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(vma.LockOffset), "lockSeq": Int(0), "mm": Ref("mm"), "rw": Ref("rw")}},
		{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
		{Name: "rw", Type: "vma.vmaRWSem", Init: map[string]Value{"count": Int(1 << 8)}},
		cellObject("c"),
	}
	sc.Threads[0].Entry = "main.useAndEndRWSem"
	return sc
}

// endWriteAllRWSem is end-write-all with PlacementRWSem: the reader's
// try-lock of the VMA's semaphore and its acquire load of mm_lock_seq,
// then a load of Data, against a whole write session. The semaphore's
// write unlock has already let the reader in when it loads mm_lock_seq;
// only that load's acquire, reading vma_end_write_all's store, orders
// its load of Data after the change. Forbidden: the reader holds the VMA
// and sees Data as it was before the session.
func endWriteAllRWSem() *Scenario {
	sc := endWriteAll()
	sc.Placement = vma.PlacementRWSem.String()
	sc.Doc = "StartReadWith(PlacementRWSem), then a load of Data, against StartWrite, a change of Data and MmapWriteUnlock; forbidden: the reader holds the VMA and sees the old Data"
	sc.Objects[0].Init["refcnt"] = Int(vma.LockOffset)
	sc.Objects[0].Init["rw"] = Ref("rw")
	sc.Objects = append(sc.Objects, Object{Name: "rw", Type: "vma.vmaRWSem"})
	sc.Threads[0].Entry = "main.staleReadRWSem"
	return sc
}

// exitSleep is where the writer's wait goes to sleep, and exitWake where
// a release sends the wake-up.
const (
	exitSleep = "call runtime.selectgo"
	exitWake  = "call runtime.selectnbsend"
)
