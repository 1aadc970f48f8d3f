package verify

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// fenceMask is a weakening that a target's model (Power's, RVWMO) does
// not show because another ordering of the same path orders what it took
// away, and that ordering, the mask, weakened by an edit of its own. The
// weakened build stays Never on the target, and the two weakenings
// together turn the scenario Sometimes, which shows that the mask is what
// orders it there (and that the scenario would see the weakening without
// it). The mask weakened alone is Never: the weakened ordering orders the
// path in its turn.
type fenceMask struct {
	tag      string     // the weakening: a build tag of vma,
	weak     []lineEdit // or, without one, an edit of the assembly
	scenario string
	mask     string // what orders it on Power
	edit     lineEdit
}

// name is the weakening's tag, or the routine its edit weakens.
func (m fenceMask) name() string {
	if m.tag != "" {
		return m.tag
	}
	return m.weak[0].routine
}

// variant is the build with the weakening and the given edits.
func (m fenceMask) variant(t *testing.T, edits ...lineEdit) Variant {
	t.Helper()
	edits = append(slices.Clone(m.weak), edits...)
	v := Variant{}
	if len(edits) > 0 {
		v = editVariant(t, edits...)
	}
	if m.tag != "" {
		v.Tags = []string{m.tag}
	}
	return v
}

// The masks: the LWSYNC of the root package's acquire load, which the
// read path's recheck of mm_lock_seq makes, the release of the writer's
// readmission of readers, and the SYNC of a release's check, before it
// wakes the writer, that the MM is not freed.
var (
	loadAcquireLwsync = lineEdit{file: "atomicfence_ppc64le.s", routine: "load32Acquire", old: "LWSYNC"}
	readmitRelease    = lineEdit{file: "vma/write.go", old: "old = v.refcnt.FetchAddRelease(-LockOffset)", new: "old = v.refcnt.FetchAddRelaxed(-LockOffset)"}
	readmitFARelease  = lineEdit{file: "vma/fetchadd.go", old: "	v.refcnt.FetchAddRelease(-faWriter)", new: "	v.refcnt.FetchAddRelaxed(-faWriter)"}
	// A sync/atomic load, SYNC, LWZ, then a branch and ISYNC on ppc64:
	// taken out with its SYNC.
	freedCheck = lineEdit{file: "vma/drain.go", old: "if mm.freed.Load() {", new: "if false {"}
	// The fetch-add reader's acquire, the ISYNC after its loop.
	fetchAddIsync = ppc("xadd32Acquire", "ISYNC", 0)[0]
)

// powerMasks are the weakenings of tagWeakenings, and the orderings of
// the ppc64le assembly, that ppc64le does not show, each with its mask.
// The fetch-add reader's acquire is an ISYNC after its LWARX/STWCX. loop,
// which no branch on the loaded value precedes; but STWCX. writes CR0
// after reading the value it stores, the LWARX's plus one (herd7's Power
// semantics, and the hardware's), so the loop's closing branch depends on
// the LWARX and the ISYNC orders it before later loads, as Linux's
// acquire read-modify-writes rely on. That ISYNC and the recheck's LWSYNC
// each mask the other.
var powerMasks = []fenceMask{
	{"weaken_startread_acquire", nil, "reader-writer/acquire", "the recheck's acquire load of mm_lock_seq: its LWSYNC orders the increment's LWARX before the later loads", loadAcquireLwsync},
	{"weaken_startread_acquire", nil, "lock-vma", "the recheck's LWSYNC", loadAcquireLwsync},
	{"weaken_fetchadd_acquire", nil, "reader-writer/fetchadd", "the fetch-add reader's recheck: its LWSYNC orders the fetch-add's LWARX before the later loads", loadAcquireLwsync},
	{"weaken_fetchadd_acquire", nil, "lock-vma/fetchadd", "the recheck's LWSYNC", loadAcquireLwsync},
	{"weaken_fetchadd_acquire", nil, "mark-attached/fetchadd", "the recheck's LWSYNC", loadAcquireLwsync},
	{"weaken_recheck_acquire", nil, "reader-writer/fetchadd", "the fetch-add reader's acquire: the ISYNC after its LWARX/STWCX. loop orders the recheck's loads after it", fetchAddIsync},
	{"weaken_rwsem_tryread_acquire", nil, "reader-writer/rwsem", "PlacementRWSem's acquire load of mm_lock_seq after its try-lock", loadAcquireLwsync},
	{"weaken_waitfor_acquire", nil, "end-read", "readmitReaders' release: its LWSYNC orders the wait's load of the count before the writer's later loads", readmitRelease},
	{"weaken_waitfor_acquire", nil, "end-read/fetchadd", "readmitFetchAdd's release, the same", readmitFARelease},
	{"weaken_wake_mb", nil, "lost-wakeup", "wakeWriter's sync/atomic load of mm.freed: its SYNC orders the reader's decrement before the wake-up's load of the waiting flag", freedCheck},
	// The acquires of the assembly, each an ISYNC.
	{"", ppc("addNotZeroLimitedAcquire", "ISYNC", 0), "reader-writer/acquire", "the recheck's LWSYNC, as for weaken_startread_acquire", loadAcquireLwsync},
	{"", ppc("cas32Acquire", "ISYNC", 0), "reader-writer/rwsem", "PlacementRWSem's acquire load of mm_lock_seq", loadAcquireLwsync},
	{"", ppc("xadd32Acquire", "ISYNC", 0), "reader-writer/fetchadd", "the recheck's LWSYNC", loadAcquireLwsync},
}

// The acquire fences of the riscv64 assembly: the recheck's acquire load
// of mm_lock_seq, and the acquire fetch-add of PlacementFetchAdd's reader.
var (
	loadAcquireFence = rv("load32Acquire", "WORD $0x0230000f", 0)[0]
	fetchAddFence    = rv("xadd32Acquire", "WORD $0x0230000f", 0)[0]
)

// riscvMasks are the weakenings of tagWeakenings, and the acquire fences
// of the riscv64 assembly, that riscv64 does not show, each with its mask.
// An acquire of RISC-V is a FENCE R,RW after the access, which orders
// every earlier load before every later access: the recheck's acquire
// load puts one after the increment and before the reader's later
// accesses, and so does the fetch-add reader's own acquire, each masking
// the other.
var riscvMasks = []fenceMask{
	{"weaken_startread_acquire", nil, "reader-writer/acquire", "the recheck's acquire load of mm_lock_seq: its FENCE R,RW orders the increment's LR before the later loads", loadAcquireFence},
	{"weaken_startread_acquire", nil, "lock-vma", "the recheck's FENCE R,RW", loadAcquireFence},
	{"weaken_recheck_acquire", nil, "reader-writer/fetchadd", "the fetch-add reader's acquire: the FENCE R,RW after its AMOADD orders the recheck's loads after it", fetchAddFence},
	{"weaken_fetchadd_acquire", nil, "reader-writer/fetchadd", "the recheck's FENCE R,RW", loadAcquireFence},
	{"weaken_fetchadd_acquire", nil, "lock-vma/fetchadd", "the recheck's FENCE R,RW", loadAcquireFence},
	{"weaken_fetchadd_acquire", nil, "mark-attached/fetchadd", "the recheck's FENCE R,RW", loadAcquireFence},
	{"weaken_rwsem_tryread_acquire", nil, "reader-writer/rwsem", "PlacementRWSem's acquire load of mm_lock_seq after its try-lock", loadAcquireFence},
	{"", rv("addNotZeroLimitedAcquire", "WORD $0x0230000f", 0), "reader-writer/acquire", "the recheck's FENCE R,RW, as for weaken_startread_acquire", loadAcquireFence},
	{"", rv("cas32Acquire", "WORD $0x0230000f", 0), "reader-writer/rwsem", "PlacementRWSem's acquire load of mm_lock_seq", loadAcquireFence},
	{"", rv("xadd32Acquire", "WORD $0x0230000f", 0), "reader-writer/fetchadd", "the recheck's FENCE R,RW", loadAcquireFence},
}

// masks are each weak model's masked weakenings, by target.
var masks = map[string][]fenceMask{"ppc64le": powerMasks, "riscv64": riscvMasks}

// TestMasks derives each masked weakening on its target three times:
// weakened, its mask weakened, and both. The masks of one weakening by
// the same mask share these three builds.
func TestMasks(t *testing.T) {
	skipWeakenings(t)
	for target, ms := range masks {
		tg := []Target{targetNamed(t, target)}
		for _, group := range sameBuilds(ms) {
			m := group[0]
			var ids []string
			for _, m := range group {
				ids = append(ids, m.scenario)
			}
			t.Run(target+"/"+m.name()+"/"+strings.Join(ids, ","), func(t *testing.T) {
				var scs []*Scenario
				for _, id := range ids {
					scs = append(scs, scenarioNamed(t, id))
				}
				weakened, masked, both := m.variant(t), editVariant(t, m.edit), m.variant(t, m.edit)
				t.Parallel()
				for _, c := range []struct {
					what string
					v    Variant
					want bool
				}{
					{"weakened", weakened, false},
					{"mask weakened", masked, false},
					{"both", both, true},
				} {
					rows, err := RunVariant(context.Background(), tg, scs, c.v)
					if err != nil {
						t.Fatal(err)
					}
					for i, m := range group {
						r, want := rows[i], c.want
						if r.Scenario.ID() != m.scenario {
							t.Fatalf("row %d is of %s, want %s", i, r.Scenario.ID(), m.scenario)
						}
						if r.Sometimes != want || (!r.Sometimes && len(r.Unreachable) > 0) {
							t.Errorf("%s on %s, %s (%s): %s, want %s (unreachable %v); the derived test:\n%s",
								m.scenario, target, c.what, m.mask, verdict(r.Sometimes), verdict(want), r.Unreachable, r.Derived.Text)
						}
					}
				}
			})
		}
	}
}

// sameBuilds groups the masks that weaken the same ordering and name the
// same mask, in their order: they differ in their scenario alone.
func sameBuilds(ms []fenceMask) [][]fenceMask {
	var groups [][]fenceMask
	for _, m := range ms {
		i := slices.IndexFunc(groups, func(g []fenceMask) bool {
			return g[0].tag == m.tag && slices.Equal(g[0].weak, m.weak) && g[0].edit == m.edit
		})
		if i < 0 {
			groups = append(groups, []fenceMask{m})
			continue
		}
		groups[i] = append(groups[i], m)
	}
	return groups
}

// TestWeakeningsAccounted: on each weak model's target, each weakening by
// a tag is shown or has its mask there, and not both, so that a weakening
// that the model stops showing, or starts to, changes this account.
func TestWeakeningsAccounted(t *testing.T) {
	for target, ms := range masks {
		for _, w := range tagWeakenings {
			shown := slices.Contains(w.targets, target)
			masked := slices.ContainsFunc(ms, func(m fenceMask) bool { return m.tag == w.tag && m.scenario == w.scenario })
			if shown == masked {
				t.Errorf("%s on %s: shown on %s %v, masked there %v; want one of them", w.tag, w.scenario, target, shown, masked)
			}
		}
		for _, m := range ms {
			if m.tag != "" && !slices.ContainsFunc(tagWeakenings, func(w tagWeakening) bool { return w.tag == m.tag && w.scenario == m.scenario }) {
				t.Errorf("the mask of %s on %s (%s): no such weakening in tagWeakenings", m.tag, m.scenario, target)
			}
		}
	}
}
