package verify

// The scenarios of the writer's session beyond StartWrite: attach, detach,
// the end of the session, and speculation on mm_lock_seq.

// cellObject is the subject program's cell: seen starts at -1, so that a
// reader that saw 0 is told from one that saw nothing.
func cellObject(name string) Object {
	return Object{Name: name, Type: "main.cell", Init: map[string]Value{"seen": Int(-1)}}
}

// markAttached is bug 7: a writer initialises a recycled VMA (its Data)
// and attaches it with a release store, against a stale reader that
// still holds a pointer to the object and read-locks it. Forbidden: the
// reader holds the VMA (ReadOK) and still sees Data nil.
func markAttached() *Scenario {
	return &Scenario{
		Name: "mark-attached",
		Doc:  "a stale reader (StartRead, then a load of Data) against the initialisation of Data and MarkAttached; forbidden: the reader holds the VMA and sees Data nil",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(0), "lockSeq": Int(0), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
			cellObject("out"), {Name: "page", Type: "int"},
		},
		Threads: []Thread{
			{Entry: "main.staleRead", Args: []Value{Ref("v"), Ref("mm"), Ref("out")}},
			{Entry: "main.attach", Args: []Value{Ref("v"), Ref("page")}},
		},
		Forbidden: And(Returned(0, readOK), Final("out_seen", 1)),
	}
}

// markDetached is MarkDetached against a transient reader, one whose
// increment got in (count 2) and that reads the object (c.data, copied to
// c.seen with no branch on it) before it releases it; once MarkDetached
// returns, the writer reuses the memory (stores to c.data). The reader's
// release decrement orders its load before it, and the writer's control
// dependency on the count it reads orders the store after. Forbidden: the
// reader sees the reuse.
func markDetached() *Scenario {
	return &Scenario{
		Name: "mark-detached",
		Doc:  "a transient reader (a load of the object, EndRead) against MarkDetached and the object's reuse (a store to it); forbidden: the reader sees the reuse",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(2), "lockSeq": Int(1), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
			cellObject("c"),
		},
		Threads: []Thread{
			{Entry: "main.readAndEnd", Args: []Value{Ref("v"), Ref("c")}},
			{Entry: "main.detachReuse", Args: []Value{Ref("v"), Ref("c")}},
		},
		Forbidden: Final("c_seen", 1),
		Reach:     []Cond{And(Exited(0, exitReturn), Final("c_seen", 0)), Exited(1, exitReturn)},
	}
}

// endReadDetach is end-read with MarkDetached as the writer: a reader
// that holds v (count 2) stores to c.data and calls EndRead, against
// MarkDetached and then a load of c.data. The reader's release decrement
// pairs with whichever acquire MarkDetached returns by: its decrement's
// acquire at 0 (the read barrier after it on arm64) when the reader left
// first, the Rmb after the exclusion finds 0 when the reader left in
// between, or the acquire load of the count in its wait. Forbidden:
// MarkDetached returned and missed the store.
func endReadDetach() *Scenario {
	return &Scenario{
		Name: "end-read-detach",
		Doc:  "a reader's store and EndRead against MarkDetached and a load of what it stored; forbidden: MarkDetached returns and the load misses the store",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(2), "lockSeq": Int(1), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1)}},
			cellObject("c"),
		},
		Threads: []Thread{
			{Entry: "main.useAndEnd", Args: []Value{Ref("v"), Ref("c")}},
			{Entry: "main.detachAfterReaders", Args: []Value{Ref("v"), Ref("c")}},
		},
		Forbidden: And(Exited(1, exitReturn), Final("c_seen", 0)),
		Reach:     []Cond{Exited(0, exitReturn), And(Exited(1, exitReturn), Final("c_seen", 1))},
	}
}

// endWriteAll is the reader against a whole write session on the VMA:
// StartWrite (exclude readers, wait, store vm_lock_seq, readmit with
// release), a change of Data, and the unlock, whose vma_end_write_all
// (store barrier, then mm_lock_seq even) unlocks the VMA. Forbidden: the
// reader holds the VMA and sees Data as it was before the session, which
// has ended.
func endWriteAll() *Scenario {
	return &Scenario{
		Name: "end-write-all",
		Doc:  "StartRead, then a load of Data, against StartWrite, a change of Data and MmapWriteUnlock; forbidden: the reader holds the VMA and sees the old Data",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(1), "lockSeq": Int(0), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(1), "lock.readers": Int(-1 << 30), "lock.w.state": Int(1)}},
			cellObject("out"), {Name: "page", Type: "int"},
		},
		Threads: []Thread{
			{Entry: "main.staleRead", Args: []Value{Ref("v"), Ref("mm"), Ref("out")}},
			{Entry: "main.writeSession", Args: []Value{Ref("v"), Ref("mm"), Ref("page")}},
		},
		Forbidden: And(Returned(0, readOK), Final("out_seen", 1), Exited(1, exitReturn)),
	}
}

// speculation is SpeculateTryBegin, a read and SpeculateRetry against a
// whole write session (MmapWriteLock: mm_lock_seq odd then a store
// barrier; a store; MmapWriteUnlock: a store barrier then mm_lock_seq
// even). Forbidden: the read stands but saw the new value under the old
// sequence, or the old value under the new one.
func speculation() *Scenario {
	return &Scenario{
		Name: "speculation",
		Doc:  "SpeculateTryBegin, a load, SpeculateRetry against MmapWriteLock, a store, MmapWriteUnlock; forbidden: the read stands and is torn",
		Objects: []Object{
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(0)}},
			cellObject("c"),
		},
		Threads: []Thread{
			{Entry: "main.speculate", Args: []Value{Ref("mm"), Ref("c")}},
			{Entry: "main.seqWriteSession", Args: []Value{Ref("mm"), Ref("c")}},
		},
		Forbidden: And(Returned(0, 1), Or(And(Final("c_seq", 0), Final("c_seen", 1)), And(Final("c_seq", 2), Final("c_seen", 0)))),
	}
}
