package verify

import "github.com/atomicfence/atomicfence/vma"

// The scenarios of PlacementFetchAdd, on the VMAs of a Cache made by
// vma.NewFetchAddCache: their count is kept at faBase (vma.LockOffset)
// plus a relative count r, 1+n attached with n readers, faDetached+n
// detached with n readers still leaving, faWriter+1+n while a writer
// excludes readers; and each such VMA has a writer wait of its own, the
// object wq, that its releases wake.

// Counts of a fetch-add VMA, as its count field holds them (vma's
// faBase, faDetached and faWriter).
const (
	faBase     = vma.LockOffset
	faDetached = 1 << 28
	faWriter   = 1 << 29
)

// readDetached is StartRead's result for a detached VMA.
const readDetached = int64(vma.ReadDetached)

// faAttached is the count of an attached fetch-add VMA with n readers in.
func faAttached(n int64) int64 { return faBase + 1 + n }

// faReader is StartReadWith(mm, PlacementFetchAdd).
var faReader = Thread{Entry: "vma.(*VMA).StartReadWith", Args: []Value{Ref("v"), Ref("mm"), Int(int64(vma.PlacementFetchAdd))}}

// faObjects returns a fetch-add VMA v with count c and vm_lock_seq seq,
// its writer wait wq, and its MM, write-locked (mm_lock_seq 1).
func faObjects(c, seq int64) []Object {
	return []Object{
		{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(c), "lockSeq": Int(seq), "mm": Ref("mm"), "wq": Ref("wq")}},
		{Name: "wq", Type: "vma.waitQueue"},
		{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
	}
}

// fetchAddScenarios returns the scenarios of PlacementFetchAdd, each the
// fetch-add form of a count-based one.
func fetchAddScenarios() []*Scenario {
	return []*Scenario{
		readerWriterFetchAdd(), lockVMAFetchAdd(), lostWakeupFetchAdd(), endReadFetchAdd(), markAttachedFetchAdd(),
		markDetachedFetchAdd(), endReadDetachFetchAdd(), lostWakeupDetachFetchAdd(), attachTransientFetchAdd(),
		endWriteAllFetchAdd(), lostWakeupUndoFetchAdd(),
	}
}

// readerWriterFetchAdd is reader-writer with PlacementFetchAdd: the
// reader's one acquire fetch-add (kept, then the recheck) against
// StartWrite's relaxed add of faWriter, its acquire wait for the
// attached reference alone, its vm_lock_seq store and its release
// subtraction of faWriter, on an attached VMA with no reader in.
// Forbidden: both hold the VMA.
func readerWriterFetchAdd() *Scenario {
	sc := readerWriter(vma.PlacementFetchAdd.String(), faReader, nil)
	sc.Doc = "StartReadWith(PlacementFetchAdd) against StartWrite (add faWriter, wait, store vm_lock_seq, subtract faWriter with release); forbidden: both hold the VMA"
	sc.Objects = append(faObjects(faAttached(0), 0), sc.Objects[2:]...)
	sc.Objects[2].Init["snap"] = Ref("snap")
	return sc
}

// onFetchAdd retargets a scenario of the count-based lock at a fetch-add
// VMA: its placement, its description, the objects in the fetch-add
// encoding, and the fetch-add entry of its first thread (the reader).
func onFetchAdd(sc *Scenario, entry, doc string, objs []Object) {
	sc.Placement = vma.PlacementFetchAdd.String()
	sc.Doc = doc
	sc.Objects = objs
	sc.Threads[0].Entry = entry
}

// lockVMAFetchAdd is lock-vma with PlacementFetchAdd: LockVMAWith looks
// 0x1800 up in the MM's published tree and read-locks what it finds with
// StartReadWith, against StartWrite. Forbidden: LockVMAWith returned the
// VMA and the writer holds it.
func lockVMAFetchAdd() *Scenario {
	sc := lockVMA()
	objs := faObjects(faAttached(0), 0)
	objs[0].Init["start"], objs[0].Init["end"] = Int(0x1000), Int(0x2000)
	objs[2].Init["snap"] = Ref("snap")
	onFetchAdd(sc, "main.lockVMAFetchAdd", "LockVMAWith(PlacementFetchAdd) (the tree's lookup, then StartReadWith) against StartWrite; forbidden: both hold the VMA", append(objs, snapObject, entryObject))
	return sc
}

// lostWakeupFetchAdd is lost-wakeup on a fetch-add VMA: StartWrite, with
// one reader in, waits on v's own wait for the count faWriter+1, against
// that reader's EndReadWith(PlacementFetchAdd), whose release decrement
// finds faWriter+2 and wakes v's wait. Forbidden: the writer sleeps and
// the reader returns without waking it.
func lostWakeupFetchAdd() *Scenario {
	return &Scenario{
		Name: "lost-wakeup", Placement: vma.PlacementFetchAdd.String(),
		Doc:     "StartWrite waiting on the VMA's own wait for one reader against that reader's EndReadWith(PlacementFetchAdd); forbidden: the writer sleeps and the reader returns without waking it",
		Objects: faObjects(faAttached(1), 0),
		Threads: []Thread{
			{Entry: "vma.(*VMA).StartWrite", Args: []Value{Ref("v")}},
			{Entry: "vma.(*VMA).EndReadWith", Args: []Value{Ref("v"), Int(int64(vma.PlacementFetchAdd))}},
		},
		Forbidden: And(Exited(0, exitSleep), Exited(1, exitReturn)),
	}
}

// lostWakeupUndoFetchAdd is lost-wakeup with a reader that takes its
// increment back: StartWrite's add of faWriter and its wait on v's own
// wait for the attached reference alone, against a fetch-add reader
// (StartReadWith) whose increment finds the writer and is undone. The
// writer's wait may have counted that increment: the undo that brings the
// count to faWriter+1 wakes it, as a release would. Forbidden: the writer
// sleeps and the reader returns ReadBusy without waking it. A reader
// whose increment came first holds the VMA (ReadOK), and the writer
// rightly sleeps until its EndReadWith.
func lostWakeupUndoFetchAdd() *Scenario {
	return &Scenario{
		Name: "lost-wakeup-undo", Placement: vma.PlacementFetchAdd.String(),
		Doc:     "StartWrite waiting on the VMA's own wait against a StartReadWith(PlacementFetchAdd) that finds the writer and undoes its increment; forbidden: the writer sleeps and the reader returns ReadBusy without waking it",
		Objects: faObjects(faAttached(0), 0),
		Threads: []Thread{
			{Entry: "vma.(*VMA).StartWrite", Args: []Value{Ref("v")}},
			faReader,
		},
		Forbidden: And(Exited(0, exitSleep), Returned(1, readBusy)),
	}
}

// lostWakeupDetachFetchAdd is lost-wakeup with MarkDetached as the
// writer: with one reader in, MarkDetached's fully ordered add leaves
// faDetached+1 and it waits on v's own wait for faDetached, against the
// reader's EndReadWith(PlacementFetchAdd), whose release decrement finds
// faDetached+1 and wakes it. Forbidden: MarkDetached sleeps and the
// reader returns without waking it.
func lostWakeupDetachFetchAdd() *Scenario {
	return &Scenario{
		Name: "lost-wakeup-detach", Placement: vma.PlacementFetchAdd.String(),
		Doc:     "MarkDetached waiting on the VMA's own wait for one reader against that reader's EndReadWith(PlacementFetchAdd); forbidden: MarkDetached sleeps and the reader returns without waking it",
		Objects: faObjects(faAttached(1), 1),
		Threads: []Thread{
			{Entry: "vma.(*VMA).MarkDetached", Args: []Value{Ref("v")}},
			{Entry: "vma.(*VMA).EndReadWith", Args: []Value{Ref("v"), Int(int64(vma.PlacementFetchAdd))}},
		},
		Forbidden: And(Exited(0, exitSleep), Exited(1, exitReturn)),
	}
}

// endReadFetchAdd is end-read with PlacementFetchAdd: a reader that
// holds v stores to c.data and releases v with EndReadWith, against
// StartWrite and a load of c.data. The release decrement pairs with the
// acquire load of the count in the writer's wait. Forbidden: StartWrite
// returned and the writer missed the store.
func endReadFetchAdd() *Scenario {
	sc := endRead()
	onFetchAdd(sc, "main.useAndEndFetchAdd", "a reader's store and EndReadWith(PlacementFetchAdd) against StartWrite and a load of what it stored; forbidden: the writer returns from the wait and misses the store", append(faObjects(faAttached(1), 0), cellObject("c")))
	return sc
}

// markAttachedFetchAdd is mark-attached on a fetch-add VMA: a stale
// reader's acquire fetch-add (StartReadWith, then a load of Data) against
// the initialisation of Data and MarkAttached's release add, which moves
// the count from detached (faDetached) to attached (1). A reader whose
// increment comes first finds the VMA detached and undoes it; one whose
// increment reads the attach's add keeps it and must see Data. Forbidden:
// the reader holds the VMA and sees Data nil.
func markAttachedFetchAdd() *Scenario {
	sc := markAttached()
	onFetchAdd(sc, "main.staleReadFetchAdd", "a stale reader (StartReadWith(PlacementFetchAdd), then a load of Data) against the initialisation of Data and MarkAttached's release add; forbidden: the reader holds the VMA and sees Data nil", append(faObjects(faBase+faDetached, 0), cellObject("out"), Object{Name: "page", Type: "int"}))
	// Both sides of the attach are reached: a reader that comes first
	// finds the VMA detached.
	sc.Reach = []Cond{Returned(0, readOK), Returned(0, readDetached), Final("out_seen", 1)}
	return sc
}

// markDetachedFetchAdd is mark-detached on a fetch-add VMA: a reader
// that holds v copies c.data to c.seen and releases v with
// EndReadWith(PlacementFetchAdd), against MarkDetached and a store to
// c.data that reuses the object. Forbidden: the reader sees the reuse.
func markDetachedFetchAdd() *Scenario {
	sc := markDetached()
	onFetchAdd(sc, "main.readAndEndFetchAdd", "a reader's load of the object and EndReadWith(PlacementFetchAdd) against MarkDetached and the object's reuse (a store to it); forbidden: the reader sees the reuse", append(faObjects(faAttached(1), 1), cellObject("c")))
	return sc
}

// endReadDetachFetchAdd is end-read-detach on a fetch-add VMA: a reader
// that holds v stores to c.data and releases v, against MarkDetached and
// a load of c.data. MarkDetached returns by its fully ordered add when
// the reader left first, and by the acquire load of its wait otherwise.
// Forbidden: MarkDetached returned and missed the store.
func endReadDetachFetchAdd() *Scenario {
	sc := endReadDetach()
	onFetchAdd(sc, "main.useAndEndFetchAdd", "a reader's store and EndReadWith(PlacementFetchAdd) against MarkDetached and a load of what it stored; forbidden: MarkDetached returns and the load misses the store", append(faObjects(faAttached(1), 1), cellObject("c")))
	return sc
}

// attachTransientFetchAdd is a reader's increment on a detached fetch-add
// VMA against MarkAttached, which adds 1-faDetached rather than storing,
// so that an increment in flight is not lost. A reader whose fetch-add
// comes first finds the VMA detached and undoes it; one whose fetch-add
// reads the attach's add keeps it. Forbidden: the reader returns anything
// else, or, once MarkAttached has returned, the count ends other than the
// reader's result says: attached with the reader in for ReadOK, attached
// with no reader for ReadDetached.
func attachTransientFetchAdd() *Scenario {
	return &Scenario{
		Name: "attach-transient", Placement: vma.PlacementFetchAdd.String(),
		Doc:     "StartReadWith(PlacementFetchAdd) on a detached VMA against MarkAttached's add; forbidden: the reader returns neither ReadOK nor ReadDetached, or the count ends other than its result says",
		Objects: faObjects(faBase+faDetached, 0),
		Threads: []Thread{faReader, {Entry: "vma.(*VMA).MarkAttached", Args: []Value{Ref("v")}}},
		// A thread whose LL/SC loop failed once ends at loop-bound, its add
		// not made: the count is told only when both returned.
		Forbidden: And(Exited(1, exitReturn), Or(
			And(Returned(0, readOK), Not(Final("v_refcnt", faAttached(1)))),
			And(Returned(0, readDetached), Not(Final("v_refcnt", faAttached(0)))),
			And(Exited(0, exitReturn), Not(Returned(0, readOK)), Not(Returned(0, readDetached))),
		)),
		Reach: []Cond{
			And(Returned(0, readOK), Exited(1, exitReturn), Final("v_refcnt", faAttached(1))),
			And(Returned(0, readDetached), Exited(1, exitReturn), Final("v_refcnt", faAttached(0))),
		},
	}
}

// endWriteAllFetchAdd is end-write-all on a fetch-add VMA: the reader's
// acquire fetch-add, then its recheck and a load of Data, against a whole
// write session (StartWrite's add of faWriter, its wait, its vm_lock_seq
// store and release subtraction, a change of Data, and MmapWriteUnlock's
// vma_end_write_all). A reader whose fetch-add reads the readmitting
// subtraction sees vm_lock_seq equal to the old mm_lock_seq, and only the
// recheck's acquire load of mm_lock_seq, reading the unlock's store,
// orders its load of Data after the change. Forbidden: the reader holds
// the VMA and sees Data as it was before the session.
func endWriteAllFetchAdd() *Scenario {
	sc := endWriteAll()
	objs := faObjects(faAttached(0), 0)
	objs[2].Init["lock.readers"], objs[2].Init["lock.w.state"] = Int(-1<<30), Int(1)
	onFetchAdd(sc, "main.staleReadFetchAdd", "StartReadWith(PlacementFetchAdd), then a load of Data, against StartWrite, a change of Data and MmapWriteUnlock; forbidden: the reader holds the VMA and sees the old Data", append(objs, cellObject("out"), Object{Name: "page", Type: "int"}))
	return sc
}
