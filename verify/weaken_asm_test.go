package verify

import "testing"

// editWeakening is a weakening by edits of real files of the module.
type editWeakening struct {
	name  string
	edits []lineEdit
	weakening
}

// asmWeakenings weaken one ordering of the root package's assembly each,
// by a text edit of the real file in a build of its own, with the
// scenario that must then find the forbidden outcome. An edit of an LL/SC
// loop or of LDAR shows on arm64-llsc alone, an edit of an LSE instruction
// or of LDAPR on the two targets that run it; a fence serves every arm64
// target.
var asmWeakenings = []editWeakening{
	{"inc-acquire-llsc", arm("addNotZeroLimitedAcquire", "LDAXRW (R0), R3", "LDXRW (R0), R3"), weakening{"reader-writer/acquire", llscTarget}},
	{"inc-acquire-lse", arm("addNotZeroLimitedAcquire", "CASAW R7, (R0), R6", "CASW R7, (R0), R6"), weakening{"reader-writer/acquire", lseTargets}},
	{"cas-acquire-llsc", arm("cas32Acquire", "LDAXRW (R0), R3", "LDXRW (R0), R3"), weakening{"reader-writer/rwsem", llscTarget}},
	{"cas-acquire-lse", arm("cas32Acquire", "CASAW R3, (R0), R2", "CASW R3, (R0), R2"), weakening{"reader-writer/rwsem", lseTargets}},
	{"add-release-llsc", arm("xadd32Release", "STLXRW R2, (R0), R5", "STXRW R2, (R0), R5"), weakening{"reader-writer/acquire", llscTarget}},
	{"add-release-lse", arm("xadd32Release", "LDADDLW R1, (R0), R3", "LDADDW R1, (R0), R3"), weakening{"reader-writer/acquire", lseTargets}},
	{"sub-and-test-release-llsc", arm("subAndTest", "STLXRW R2, (R0), R5", "STXRW R2, (R0), R5"), weakening{"end-read", llscTarget}},
	{"sub-and-test-release-lse", arm("subAndTest", "LDADDLW R2, (R0), R3", "LDADDW R2, (R0), R3"), weakening{"end-read", lseTargets}},
	{"sub-and-test-acquire", arm("subAndTest", "DMB $0x9", ""), weakening{"end-read-detach", armTargets}},
	{"fetch-add-acquire-llsc", arm("xadd32Acquire", "LDAXRW (R0), R3", "LDXRW (R0), R3"), weakening{"reader-writer/fetchadd", llscTarget}},
	{"fetch-add-acquire-lse", arm("xadd32Acquire", "LDADDAW R1, (R0), R3", "LDADDW R1, (R0), R3"), weakening{"reader-writer/fetchadd", lseTargets}},
	{"fetch-add-release-llsc", arm("xadd32Release", "STLXRW R2, (R0), R5", "STXRW R2, (R0), R5"), weakening{"end-read/fetchadd", llscTarget}},
	{"fetch-add-release-lse", arm("xadd32Release", "LDADDLW R1, (R0), R3", "LDADDW R1, (R0), R3"), weakening{"end-read/fetchadd", lseTargets}},
	{"fetch-add-full-acquire-llsc", arm("xadd32Full", "DMB $0xb", ""), weakening{"end-read-detach/fetchadd", llscTarget}},
	{"fetch-add-full-acquire-lse", arm("xadd32Full", "LDADDALW R1, (R0), R3", "LDADDLW R1, (R0), R3"), weakening{"end-read-detach/fetchadd", lseTargets}},
	// SpeculateTryBegin's load of mm_lock_seq: the read path's own acquire
	// load of it (recheck's) is an inlined LDAR on arm64, not this routine.
	{"load-acquire-ldar", arm("load32Acquire", "LDARW (R0), R1", "MOVW (R0), R1"), weakening{"speculation", llscTarget}},
	{"load-acquire-ldapr", arm("load32Acquire", "WORD $0xb8bfc001", "MOVW (R0), R1"), weakening{"speculation", lseTargets}},
	{"store-release", arm("store32Release", "STLRW R1, (R0)", "MOVW R1, (R0)"), weakening{"mark-attached", armTargets}},
	{"rmb-removed", arm("rmb", "DMB $0x9", ""), weakening{"speculation", armTargets}},
	{"rmb-removed-placement", arm("rmb", "DMB $0x9", ""), weakening{"reader-writer/relaxed+rmb", armTargets}},
	{"rmb-as-wmb", arm("rmb", "DMB $0x9", "DMB $0xa"), weakening{"speculation", armTargets}},
	{"wmb-removed", arm("wmb", "DMB $0xa", ""), weakening{"speculation", armTargets}},
	{"wmb-as-rmb", arm("wmb", "DMB $0xa", "DMB $0x9"), weakening{"speculation", armTargets}},
	{"mb-removed", arm("mb", "DMB $0xb", ""), weakening{"lost-wakeup", armTargets}},
	{"mb-as-wmb", arm("mb", "DMB $0xb", "DMB $0xa"), weakening{"lost-wakeup", armTargets}},
	{"mb-as-rmb", arm("mb", "DMB $0xb", "DMB $0x9"), weakening{"lost-wakeup", armTargets}},
	{"load-acquire-lwsync", ppc("load32Acquire", "LWSYNC", 0), weakening{"end-write-all", powerTarget}},
	{"inc-acquire-isync", ppc("addNotZeroLimitedAcquire", "ISYNC", 0), weakening{"recycle/acquire", powerTarget}},
	{"fetch-add-acquire-isync", ppc("xadd32Acquire", "ISYNC", 0), weakening{"recycle/fetchadd", powerTarget}},
	{"store-release-lwsync", ppc("store32Release", "LWSYNC", 0), weakening{"mark-attached", powerTarget}},
	{"add-release-lwsync", ppc("xadd32Release", "LWSYNC", 0), weakening{"end-read/fetchadd", powerTarget}},
	{"add-release-lwsync-readmit", ppc("xadd32Release", "LWSYNC", 0), weakening{"reader-writer/fetchadd", powerTarget}},
	{"fetch-add-full-acquire-sync", ppc("xadd32Full", "SYNC", 2), weakening{"end-read-detach/fetchadd", powerTarget}},
	{"sub-and-test-release-lwsync", ppc("subAndTest", "LWSYNC", 1), weakening{"end-read", powerTarget}},
	{"sub-and-test-acquire-lwsync", ppc("subAndTest", "LWSYNC", 2), weakening{"end-read-detach", powerTarget}},
	{"rmb-removed-ppc64le", ppc("rmb", "LWSYNC", 0), weakening{"speculation", powerTarget}},
	{"wmb-removed-ppc64le", ppc("wmb", "LWSYNC", 0), weakening{"speculation", powerTarget}},
	{"mb-removed-ppc64le", ppc("mb", "SYNC", 0), weakening{"lost-wakeup", powerTarget}},
	{"mb-as-lwsync-ppc64le", []lineEdit{{file: "atomicfence_ppc64le.s", routine: "mb", old: "SYNC", new: "LWSYNC"}}, weakening{"lost-wakeup", powerTarget}},
	{"load-acquire-fence-riscv64", rv("load32Acquire", "WORD $0x0230000f", 0), weakening{"end-write-all", rvTarget}},
	{"inc-acquire-fence-riscv64", rv("addNotZeroLimitedAcquire", "WORD $0x0230000f", 0), weakening{"recycle/acquire", rvTarget}},
	{"fetch-add-acquire-fence-riscv64", rv("xadd32Acquire", "WORD $0x0230000f", 0), weakening{"recycle/fetchadd", rvTarget}},
	{"store-release-fence-riscv64", rv("store32Release", "WORD $0x0310000f", 0), weakening{"mark-attached", rvTarget}},
	{"add-release-fence-riscv64", rv("xadd32Release", "WORD $0x0310000f", 0), weakening{"end-read/fetchadd", rvTarget}},
	{"add-release-fence-riscv64-readmit", rv("xadd32Release", "WORD $0x0310000f", 0), weakening{"reader-writer/fetchadd", rvTarget}},
	// AMOADD.W.AQRL made AMOADD.W.RL: the full add's acquire half.
	{"fetch-add-full-acquire-riscv64", []lineEdit{{file: "atomicfence_riscv64.s", routine: "xadd32Full", old: "WORD $0x06b526af", new: "WORD $0x02b526af"}}, weakening{"end-read-detach/fetchadd", rvTarget}},
	{"sub-and-test-release-fence-riscv64", rv("subAndTest", "WORD $0x0310000f", 0), weakening{"end-read", rvTarget}},
	{"sub-and-test-acquire-fence-riscv64", rv("subAndTest", "WORD $0x0220000f", 0), weakening{"end-read-detach", rvTarget}},
	{"rmb-removed-riscv64", rv("rmb", "WORD $0x0220000f", 0), weakening{"speculation", rvTarget}},
	{"wmb-removed-riscv64", rv("wmb", "WORD $0x0110000f", 0), weakening{"speculation", rvTarget}},
	{"mb-removed-riscv64", rv("mb", "WORD $0x0330000f", 0), weakening{"lost-wakeup", rvTarget}},
	// FENCE RW,RW made FENCE.TSO, which orders no store before a later load.
	{"mb-as-fence-tso-riscv64", []lineEdit{{file: "atomicfence_riscv64.s", routine: "mb", old: "WORD $0x0330000f", new: "WORD $0x8330000f"}}, weakening{"lost-wakeup", rvTarget}},
	{"mb-removed-amd64", []lineEdit{
		{file: "atomicfence_amd64.s", routine: "mb", old: "LOCK"},
		{file: "atomicfence_amd64.s", routine: "mb", old: "ORL $0, -8(SP)"},
	}, weakening{"lost-wakeup", amd64Only}},
}

// ppc removes the nth line inst (0: the only one) of a routine of
// atomicfence_ppc64le.s.
func ppc(routine, inst string, nth int) []lineEdit {
	return []lineEdit{{file: "atomicfence_ppc64le.s", routine: routine, old: inst, nth: nth}}
}

// rv removes the nth line inst (0: the only one) of a routine of
// atomicfence_riscv64.s, its fences being WORDs.
func rv(routine, inst string, nth int) []lineEdit {
	return []lineEdit{{file: "atomicfence_riscv64.s", routine: routine, old: inst, nth: nth}}
}

// arm is one edit of atomicfence_arm64.s.
func arm(routine, old, new string) []lineEdit {
	return []lineEdit{{file: "atomicfence_arm64.s", routine: routine, old: old, new: new}}
}

// TestAsmWeakenings builds the real code with one instruction of the
// assembly weakened at a time (the file replaced for that build by an
// edited copy) and checks that the scenario it matters to fails.
func TestAsmWeakenings(t *testing.T) { runEditWeakenings(t, asmWeakenings) }

// runEditWeakenings builds with each weakening's edits and checks that its
// scenario fails, a subtest each.
func runEditWeakenings(t *testing.T, ws []editWeakening) {
	for _, w := range ws {
		t.Run(w.name, func(t *testing.T) {
			v := editVariant(t, w.edits...)
			skipWeakenings(t)
			t.Parallel()
			assertCaught(t, v, w.weakening)
		})
	}
}
