package litmus

type evKind uint8

const (
	evRead evKind = iota + 1
	evWrite
	evFence
)

type fenceKind uint8

const (
	fenceNone  fenceKind = iota
	fenceFull            // DMB or DSB SY/ISH/OSH/NSH; MFENCE
	fenceLoad            // DMB or DSB LD/ISHLD/...; LFENCE
	fenceStore           // DMB or DSB ST/ISHST/...; SFENCE
	fenceISB             // ISB
)

// event is a memory access or a fence performed by one thread along one
// path. Dependency sets are sets of the thread's earlier read events (bit i
// is event i): D sets follow herd7's dtrm (register dataflow, local read
// successors, intra-instruction data), P sets its pick-dtrm (the same plus
// intra-instruction control, as through CSEL's condition or CAS's compare).
type event struct {
	kind  evKind
	fence fenceKind
	loc   string
	val   Value
	instr int // dynamic instruction number: po orders events by it
	text  string

	acq    bool // A: acquire read
	acqPC  bool // Q: acquire-PC read (LDAPR)
	rel    bool // L: release write
	noRet  bool // read of an atomic whose result is discarded
	excl   bool // load or store exclusive
	atomic bool // part of a locked (x86) or atomic read-modify-write
	amo    bool // part of a single-instruction read-modify-write
	dsb    bool // a fence that is a DSB, not a DMB: a DSB ST also orders stores before later loads
	scoped bool // a DMB or DSB whose option names a shareability domain (see armFlags)
	seq    bool // ordered after the event before it, of its instruction (LDIAPP, STILP)
	sca    bool // one single-copy-atomic access with the event before it (LDXP, STXP)
	rmw    int  // for a read: index of the write of its read-modify-write; -1
	// rvPred and rvSucc are the sets a RISC-V FENCE orders, before and
	// after it; rvTSO marks FENCE.TSO. A FENCE.I has none of them.
	rvPred, rvSucc rvFenceSet
	rvTSO          bool
	ppcFence       ppcFenceKind // the Power barrier of a fence event
	lmrs           int          // for a read: the latest earlier write to the same location; -1

	addrD, addrP uint64 // reads that the address depends on
	dataD, dataP uint64 // reads that the stored value depends on (writes)
	inD, inP     uint64 // everything flowing into the event within the thread
	ctrlD, ctrlP uint64 // reads that earlier conditional branches depend on

	size uint8  // bytes accessed; 0 where no size is checked (x86)
	valF uint64 // for a write: the reads whose values flow into the value
	site int    // for a write: its site in the domain
	// chains, for a write: the writes before it in coherence order that
	// its thread knew of, one set per way it may have passed them.
	chains []chain
}

func (e *event) isMem() bool { return e.kind == evRead || e.kind == evWrite }
