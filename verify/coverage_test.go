//go:build amd64 || arm64

package verify

// Built where inventory_test.go is, whose inventory it checks.

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// coverage says how one ordering is shown to matter: by the build tag of
// vma that weakens it (TestWeakenings asserts it), by an edit of the
// assembly or of vma's source (TestAsmWeakenings, TestSourceWeakenings),
// by both where the tag does not reach every branch that the line is on,
// or not at all, with the reason why no scenario shows it.
type coverage struct {
	tag  string
	edit string
	none string
}

// Reasons for an ordering that no scenario shows.
const (
	afterWaitAcquire  = "redundant: MarkDetached subtracts LockOffset only after its wait has loaded the count with acquire (waitFor's LoadAcquire, which weaken_waitfor_acquire shows to matter); end-read-detach stays Never with it relaxed (TestRedundantOrderings). Linux's wait reads the count relaxed and relies on this subtraction instead"
	rwsemAfterTryRead = "redundant: PlacementRWSem's reader loads the attached count after its try-lock, an acquire compare-and-swap (weaken_rwsem_tryread_acquire shows that one to matter), which already keeps it after the lock, and a VMA is attached only while write-locked; reader-writer/rwsem derives it and stays Never with it relaxed (TestRedundantOrderings). Linux reads vma->detached plainly"
	rwsemNoScenario   = "PlacementRWSem (the per-VMA rw-semaphore of the design before Linux 6.15, kept for comparison): only its reader against StartWrite, its end-read and its end-write-all have scenarios, and this ordering is in none of those races"
	undoAfterFailure  = "the undo of a fetch-add reader that does not keep its increment: it runs only after the reader has decided to fail (its count was not attached, or its recheck failed), returns without a lock and uses nothing it loaded, and its store is control-dependent on those loads, which no model lets a store pass; reader-writer/fetchadd, attach-transient/fetchadd and lost-wakeup-undo/fetchadd derive it and stay Never with it relaxed (TestRedundantOrderings). The release is kept as Linux's release paths keep theirs, and weaken_fetchadd_release weakens it with the release it shares with EndReadWith"
	inlinedOnAMD64    = "the inlined read path (vma's inlineRead, and inlineFetchAdd for PlacementFetchAdd), used on amd64 alone, where every locked instruction is a full barrier whatever ordering is asked of it, so that no build can weaken this one; the same ordering in the called path, which arm64 runs, is weakened by the tag that weakens it there"
	underMmapLock     = "the caller holds the mmap lock, which keeps every writer out: the lock orders it, and no writer runs for a scenario to race with"
	// detachReleaseHalf is why the release half of FetchAddFull, which
	// vma calls in MarkDetached of a fetch-add VMA alone, has no scenario.
	// The acquire half has: the DMB of the LL/SC loop and LDADDALW's
	// acquire (fetch-add-full-acquire-llsc and -lse).
	// The calls of sync/atomic, whose operations are all sequentially
	// consistent and have no weaker form to build with.
	snapshotPublication = "the tree's snapshot, an immutable slice that a writer builds (allocations, which no scenario derives) and publishes with sync/atomic's Store, and a reader loads with its Load: the pair orders the snapshot's own contents. Whether a reader may keep a VMA it finds there is decided by the VMA's count and vm_lock_seq, whose orderings have their scenarios (lock-vma derives LockVMA's lookup from the Load on)"
	closeDrain          = "Close's drain (CVE-2025-38554): a release counts its wake-up done with sync/atomic's Add after the wake-up, and Close loads the count before it marks the MM freed. The wake-up is a channel operation that no scenario derives; TestCloseWaitsForReleases, TestBug2ForeignReleaseBeforeFree and TestWakeCountedAfterWake run the races and fail when a step of them is moved"
	mmapLockAtomics     = "the mmap lock, a reader-writer lock of sync/atomic counts and channels that is not the subject of the package's orderings (vma/mmaplock.go): it serialises writers and keeps them from readers under it, as sync.RWMutex would, and mmaplock_test.go tests that"
	idleTryAMD64        = "the try from 1 to 2 (guessIdle), made on amd64 alone, where it is a LOCK CMPXCHGL, a full barrier, so that no build can weaken it; reader-writer/acquire, lock-vma and end-write-all derive StartRead through it on amd64"
	seqCstPlacement     = "PlacementSeqCst, the increment as a Go programmer writes it with sync/atomic, whose operations have no weaker form: reader-writer/seqcst derives it, and reader-writer/relaxed is the same loop with its ordering taken away (Sometimes on arm64)"
	detachReleaseHalf   = "the release half of MarkDetached's fully ordered add on a fetch-add VMA, the one call of vma that reaches xadd32Full: it orders the writer's earlier accesses before the detached count, and a reader whose fetch-add reads that count keeps nothing of it: it undoes its increment and returns ReadDetached without reading the object, and LockVMAWith then looks again from a snapshot it loads with acquire, relying on no publication by the detach. What the writer stored under the VMA's write lock reaches readers through the release of readmitFetchAdd; an object that the Cache hands out again, through the Cache's mutex and the release of MarkAttached. With this STLXRW made STXRW (or LDADDALW made LDADDAW, ppc64le's SYNC before the loop removed, or riscv64's AMOADD.W.AQRL made AMOADD.W.AQ) end-read-detach/fetchadd, mark-detached/fetchadd and lost-wakeup-detach/fetchadd stay Never (TestRedundantOrderings)"
)

// vmaCoverage names, for every call of an ordered operation of the root
// package or of sync/atomic in vma (the function and the call as
// written), how it is shown to matter. TestOrderingsCovered fails on a call that is not here, so a
// new ordered call comes with its weakening or its reason.
var vmaCoverage = map[string]coverage{
	"(*MM).SpeculateRetry: atomicfence.Rmb()":                                                    {tag: "weaken_retry_rmb"},
	"(*MM).SpeculateTryBegin: mm.lockSeq.LoadAcquire()":                                          {tag: "weaken_trybegin_acquire"},
	"(*MM).endWriteAll: atomicfence.Wmb()":                                                       {tag: "weaken_endwriteall_wmb"},
	"(*MM).writeSeqBegin: atomicfence.Wmb()":                                                     {tag: "weaken_seqbegin_wmb"},
	"(*VMA).endReadCalled: v.refcnt.DecAndTest()":                                                {tag: "weaken_endread_release"},
	"(*VMA).endReadInline: v.refcnt.FetchAddRelease(-1)":                                         {none: inlinedOnAMD64},
	"(*VMA).endReadFetchAddInline: v.refcnt.FetchAddRelease(-1)":                                 {none: inlinedOnAMD64},
	"(*VMA).startReadFetchAddInline: v.refcnt.FetchAddAcquire(1)":                                {none: inlinedOnAMD64},
	"(*VMA).MarkAttached: v.refcnt.StoreRelease(1)":                                              {tag: "weaken_attach_release"},
	"(*VMA).MarkAttached: v.refcnt.StoreRelease(rwsemAttached)":                                  {none: rwsemNoScenario},
	"(*VMA).MarkDetached: atomicfence.Rmb()":                                                     {tag: "weaken_detach_zero_rmb"},
	"(*VMA).MarkDetached: v.refcnt.DecAndTest()":                                                 {tag: "weaken_detach_acquire"},
	"(*VMA).MarkDetached: v.refcnt.SubAndTest(LockOffset)":                                       {none: afterWaitAcquire},
	"(*VMA).MarkDetached: v.refcnt.SubAndTest(rwsemAttached)":                                    {none: rwsemNoScenario},
	"(*VMA).startReadCalled: v.refcnt.IncNotZeroLimitedAcquire(RefLimit)":                        {tag: "weaken_startread_acquire"},
	"(*VMA).startReadRest: v.refcnt.IncNotZeroLimitedAcquire(RefLimit)":                          {none: inlinedOnAMD64},
	"(*VMA).StartReadLocked: v.refcnt.IncNotZeroLimitedAcquire(RefLimit)":                        {none: underMmapLock},
	"(*VMA).readmitReaders: v.refcnt.FetchAddRelease(-LockOffset)":                               {tag: "weaken_readmit_release"},
	"(*VMA).recheck: mm.lockSeq.LoadAcquire()":                                                   {tag: "weaken_recheck_acquire", edit: "recheck-acquire-asmloads"},
	"(*VMA).startReadRWSem: mm.lockSeq.LoadAcquire()":                                            {tag: "weaken_rwsem_seq_acquire"},
	"(*VMA).startReadRWSem: v.refcnt.LoadAcquire()":                                              {none: rwsemAfterTryRead},
	"(*VMA).startReadRelaxedRmb: atomicfence.Rmb()":                                              {edit: "rmb-removed-placement"},
	"(*VMA).endReadFetchAdd: v.refcnt.FetchAddRelease(-1)":                                       {tag: "weaken_fetchadd_release"},
	"(*VMA).markAttachedFetchAdd: v.refcnt.FetchAddRelease(1 - faDetached)":                      {tag: "weaken_fetchadd_attach_release"},
	"(*VMA).markDetachedFetchAdd: v.refcnt.FetchAddFull(faDetached - 1)":                         {tag: "weaken_fetchadd_detach_acquire"},
	"(*VMA).readmitFetchAdd: v.refcnt.FetchAddRelease(-faWriter)":                                {tag: "weaken_fetchadd_readmit_release"},
	"(*VMA).startReadFetchAdd: v.refcnt.FetchAddAcquire(1)":                                      {tag: "weaken_fetchadd_acquire"},
	"(*VMA).startReadLockedFetchAdd: v.refcnt.FetchAddAcquire(1)":                                {none: underMmapLock},
	"(*VMA).undoFetchAdd: v.refcnt.FetchAddRelease(-1)":                                          {none: undoAfterFailure},
	"(*vmaRWSem).endRead: s.count.FetchAddRelease(-rwsemReaderBias)":                             {tag: "weaken_rwsem_endread_release"},
	"(*vmaRWSem).lock: s.count.FetchAddRelease(-rwsemWriterLocked)":                              {none: rwsemNoScenario},
	"(*vmaRWSem).tryRead: s.count.CompareAndSwapAcquire(old, old+rwsemReaderBias)":               {tag: "weaken_rwsem_tryread_acquire"},
	"(*vmaRWSem).unlock: s.count.FetchAddRelease(-rwsemWriterLocked)":                            {tag: "weaken_rwsem_unlock_release"},
	"(*waitQueue).waitFor: atomicfence.Mb()":                                                     {tag: "weaken_waitfor_mb"},
	"(*waitQueue).waitFor: c.LoadAcquire()":                                                      {tag: "weaken_waitfor_acquire"},
	"(*waitQueue).wake: atomicfence.Mb()":                                                        {tag: "weaken_wake_mb"},
	"(*MM).Close: mm.freed.Store(true)":                                                          {none: closeDrain},
	"(*MM).drainReleases: mm.wakesDone.Load()":                                                   {none: closeDrain},
	"(*MM).wakeWriter: mm.freed.Load()":                                                          {none: closeDrain},
	"(*MM).wakeWriter: mm.wakesDone.Add(1)":                                                      {none: closeDrain},
	"(*MM).Map: mm.snap.Store(s.rebuilt([]*VMA{v}, nil))":                                        {none: snapshotPublication},
	"(*MM).Resize: mm.snap.Store(s.rebuilt(nil, nil))":                                           {none: snapshotPublication},
	"(*MM).Split: mm.snap.Store(mm.tree().rebuilt([]*VMA{n}, nil))":                              {none: snapshotPublication},
	"(*MM).Unmap: mm.snap.Store(s.rebuilt(nil, gone))":                                           {none: snapshotPublication},
	"(*MM).tree: mm.snap.Load()":                                                                 {none: snapshotPublication},
	"(*MM).zeroInTree: mm.snap.Load()":                                                           {none: snapshotPublication},
	"(*VMA).debugAssertUnpublished: v.mm.snap.Load()":                                            {none: snapshotPublication},
	"NewMM: mm.snap.Store(&snapshot{})":                                                          {none: snapshotPublication},
	"(*VMA).startReadTry: atomic.CompareAndSwapInt32((*int32)(unsafe.Pointer(&v.refcnt)), 1, 2)": {none: idleTryAMD64},
	"(*VMA).tryIdle: atomic.CompareAndSwapInt32((*int32)(unsafe.Pointer(&v.refcnt)), 1, 2)":      {none: idleTryAMD64},
	"(*mmapLock).downgrade: l.readers.Add(mmapMaxReaders + 1)":                                   {none: mmapLockAtomics},
	"(*mmapLock).downgrade: l.readers.Load()":                                                    {none: mmapLockAtomics},
	"(*mmapLock).held: l.readers.Load()":                                                         {none: mmapLockAtomics},
	"(*mmapLock).lock: l.departing.Add(mmapMaxReaders)":                                          {none: mmapLockAtomics},
	"(*mmapLock).lock: l.departing.Add(r - mmapMaxReaders)":                                      {none: mmapLockAtomics},
	"(*mmapLock).lock: l.readers.Add(-mmapMaxReaders)":                                           {none: mmapLockAtomics},
	"(*mmapLock).rLock: l.readers.Add(1)":                                                        {none: mmapLockAtomics},
	"(*mmapLock).rUnlock: l.departing.Add(-1)":                                                   {none: mmapLockAtomics},
	"(*mmapLock).rUnlock: l.departing.Add(1)":                                                    {none: mmapLockAtomics},
	"(*mmapLock).rUnlock: l.readers.Add(1)":                                                      {none: mmapLockAtomics},
	"(*mmapLock).rUnlock: l.readers.Add(-1)":                                                     {none: mmapLockAtomics},
	"(*mmapLock).rUnlock: l.readers.Load()":                                                      {none: mmapLockAtomics},
	"(*mmapLock).unlock: l.readers.Add(mmapMaxReaders)":                                          {none: mmapLockAtomics},
	"(*mmapLock).unlock: l.readers.Load()":                                                       {none: mmapLockAtomics},
	"incNotZeroLimitedSeqCst: atomic.CompareAndSwapInt32(p, old, old+1)":                         {none: seqCstPlacement},
	"incNotZeroLimitedSeqCst: atomic.LoadInt32(p)":                                               {none: seqCstPlacement},
	"loadSeq: atomic.LoadUint32((*uint32)(unsafe.Pointer(s)))":                                   {tag: "weaken_recheck_acquire"},
}

// asmCoverage gives the reason for each ordering instruction of the
// assembly that a call of vma reaches and no edit of asmWeakenings
// weakens. An instruction of a routine that no ordered call of vma
// reaches (through the package's own functions included) needs no entry:
// no scenario, which runs vma's code, can show it.
var asmCoverage = map[string]string{
	"atomicfence_arm64.s xadd32Full: STLXRW R2, (R0), R5": detachReleaseHalf,
	"atomicfence_ppc64le.s xadd32Full: SYNC #1":           detachReleaseHalf,
}

// TestOrderingsCovered makes "every ordering is covered" checkable: each
// call of an ordered operation of the root package in vma, and each
// ordering instruction of the assembly, is weakened by a variant that a
// test asserts, or has its reason here. An entry that names nothing that
// exists fails too, so the tables follow the code.
func TestOrderingsCovered(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks vma for nine architectures, and the packages it imports from their source")
	}
	ops := rootOps(t)
	calls := vmaOrderedCalls(t, ops)
	reached := map[string]bool{}
	found := map[string]bool{}
	for _, c := range calls {
		found[c.key()] = true
		for _, r := range ops[c.Op] {
			reached[r] = true
		}
		cov, ok := vmaCoverage[c.key()]
		if !ok {
			t.Errorf("vma's %s calls %s, an ordered operation, and vmaCoverage does not say how a scenario shows it matters: add a weakening (vma/weaken.go) that TestWeakenings asserts, or the reason why none can", c.Func, c.Call)
			continue
		}
		if cov.tag != "" && !slices.ContainsFunc(tagWeakenings, func(w tagWeakening) bool { return w.tag == cov.tag }) {
			t.Errorf("%s: the build tag %s is not among the weakenings that TestWeakenings asserts", c.key(), cov.tag)
		}
		if cov.edit != "" {
			i := slices.IndexFunc(slices.Concat(asmWeakenings, srcWeakenings), func(w editWeakening) bool { return w.name == cov.edit })
			switch {
			case i < 0:
				t.Errorf("%s: the edit %s is not among the weakenings that TestAsmWeakenings and TestSourceWeakenings assert", c.key(), cov.edit)
			case !slices.Concat(asmWeakenings, srcWeakenings)[i].weakens(c, ops):
				t.Errorf("%s: the edit %s changes neither a routine that the call reaches nor the line that makes it", c.key(), cov.edit)
			}
		}
		switch {
		case cov.tag == "" && cov.edit == "" && cov.none == "":
			t.Errorf("%s: no weakening and no reason", c.key())
		case cov.none != "" && (cov.tag != "" || cov.edit != ""):
			t.Errorf("%s: both a weakening and a reason why none can be", c.key())
		}
	}
	for _, w := range srcWeakenings {
		if !slices.ContainsFunc(slices.Collect(maps.Values(vmaCoverage)), func(c coverage) bool { return c.edit == w.name }) {
			t.Errorf("the source weakening %s is cited by no entry of vmaCoverage", w.name)
		}
	}
	for k := range vmaCoverage {
		if !found[k] {
			t.Errorf("vmaCoverage names %s, which vma no longer calls", k)
		}
	}
	edited := map[string]bool{}
	var edits []lineEdit
	for _, w := range asmWeakenings {
		edits = append(edits, w.edits...)
	}
	for _, ms := range masks {
		for _, m := range ms {
			edits = append(edits, m.weak...)
		}
	}
	for _, e := range edits {
		edited[asmOrdering{File: e.file, Routine: e.routine, Inst: normAsm(e.old), Nth: e.nth}.key()] = true
	}
	asmFound := map[string]bool{}
	for _, a := range asmOrderings(t) {
		asmFound[a.key()] = true
		why, ok := asmCoverage[a.key()]
		switch {
		case edited[a.key()] && ok:
			t.Errorf("%s: weakened by TestAsmWeakenings, and asmCoverage still gives a reason why not", a.key())
		case edited[a.key()]:
		case !ok && reached[a.Routine]:
			t.Errorf("%s orders accesses, a call of vma reaches %s, and no edit of TestAsmWeakenings weakens it nor does asmCoverage say why none can", a.key(), a.Routine)
		case ok && why == "":
			t.Errorf("%s: asmCoverage gives no reason", a.key())
		}
	}
	for k := range asmCoverage {
		if !asmFound[k] {
			t.Errorf("asmCoverage names %s, which the assembly no longer holds", k)
		}
	}
}

// weakens reports whether one of w's edits changes what the call c does:
// an assembly routine that c reaches, or vma's line that makes c.
func (w editWeakening) weakens(c orderedCall, ops map[string][]string) bool {
	return slices.ContainsFunc(w.edits, func(e lineEdit) bool {
		if e.routine != "" {
			return slices.Contains(ops[c.Op], e.routine)
		}
		return strings.HasPrefix(e.file, "vma/") && strings.Contains(e.old, c.Call)
	})
}

// TestEveryWeakenTagAsserted: each build tag of vma/weaken_*.go is among
// the weakenings that TestWeakenings asserts, so that a new weakening of
// vma comes with the scenario that shows it.
func TestEveryWeakenTagAsserted(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("..", "vma", "weaken_*.go"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		tag, ok := strings.CutPrefix(line, "//go:build ")
		if !ok {
			t.Fatalf("%s: no build constraint on its first line", name)
		}
		if strings.ContainsAny(tag, "!&| ") {
			continue // weaken_none.go: the default build
		}
		n++
		if !slices.ContainsFunc(tagWeakenings, func(w tagWeakening) bool { return w.tag == tag }) {
			t.Errorf("%s: the build tag %s is not among the weakenings that TestWeakenings asserts", filepath.Base(name), tag)
		}
	}
	if n < 21 {
		t.Errorf("found %d weakening tags in vma/weaken_*.go, want at least 21", n)
	}
}
