package atomicfence_test

import (
	"fmt"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// The rules of the ppc64le routines (atomicfence_ppc64le.s,
// ops_ppc64le.s, barrier_ops_ppc64le.s), in the manner of the riscv64
// ones: one disasm.Exactly per routine over LWARX/LDARX, STWCX./STDCX.,
// SYNC (objdump: HWSYNC), LWSYNC, ISYNC, the priority hints and the loads
// and stores of the word.

// ppOrdering matches every instruction that a ppc64le rule accounts for.
const ppOrdering = `L[WD]AR .*|ST[WD]CCC .*|HWSYNC|LWSYNC|ISYNC|MOV[WD] 0\(R\d+\),R\d+|MOV[WD] R\d+,0\(R\d+\)|OR R[12],R[12],R[12]`

// ppOrder is one ordering of a ppc64le read-modify-write: the barrier
// before the loop and the one after it.
type ppOrder struct{ name, pre, post string }

var ppOrders = []ppOrder{
	{"Relaxed", "", ""},
	{"Acquire", "", "ISYNC"},
	{"Release", "LWSYNC", ""},
	{"Full", "HWSYNC", "HWSYNC"},
}

func ppSeq(patterns ...string) disasm.Rule {
	var seq []string
	for _, p := range patterns {
		if p != "" {
			seq = append(seq, p)
		}
	}
	return disasm.Exactly(ppOrdering, seq...)
}

// ppLoop: the barrier before, the reservation pair, the barrier after,
// which follows the loop-closing branch on the path of success: an ISYNC
// orders only after a branch.
func ppLoop(bits int, o ppOrder) []disasm.Rule {
	sz := map[int]string{32: "W", 64: "D"}[bits]
	rules := []disasm.Rule{ppSeq(o.pre, `L`+sz+`AR \(R\d+\),R\d+`, `ST`+sz+`CCC R\d+,\(R\d+\)\(R0\)`, o.post)}
	if o.post != "" {
		rules = append(rules, disasm.AfterBranch(`ST[WD]CCC .*`, o.post))
	}
	return rules
}

const (
	ppLoadW  = `MOVW 0\(R\d+\),R\d+`
	ppLoadD  = `MOVD 0\(R\d+\),R\d+`
	ppStoreW = `MOVW R\d+,0\(R\d+\)`
	ppStoreD = `MOVD R\d+,0\(R\d+\)`
)

// asmPPC64LERules are the rules of every ppc64le routine.
func asmPPC64LERules() map[string][]disasm.Rule {
	one := func(seq ...string) []disasm.Rule { return []disasm.Rule{ppSeq(seq...)} }
	rules := map[string][]disasm.Rule{
		"load32Relaxed":  one(ppLoadW),
		"load32Acquire":  one(ppLoadW, "LWSYNC"),
		"store32Relaxed": one(ppStoreW),
		"store32Release": one("LWSYNC", ppStoreW),
		"load64Relaxed":  one(ppLoadD),
		"load64Acquire":  one(ppLoadD, "LWSYNC"),
		"loadPtrRelaxed": one(ppLoadD),
		"loadPtrAcquire": one(ppLoadD, "LWSYNC"),
		"store64Relaxed": one(ppStoreD),
		"store64Release": one("LWSYNC", ppStoreD),
		// The leading-SYNC seq_cst mapping.
		"load32SeqCst":  one("HWSYNC", ppLoadW, "LWSYNC"),
		"load64SeqCst":  one("HWSYNC", ppLoadD, "LWSYNC"),
		"loadPtrSeqCst": one("HWSYNC", ppLoadD, "LWSYNC"),
		"store32SeqCst": one("HWSYNC", ppStoreW),
		"store64SeqCst": one("HWSYNC", ppStoreD),

		"addNotZeroLimitedRelaxed": ppLoop(32, ppOrders[0]),
		"addNotZeroLimitedAcquire": ppLoop(32, ppOrders[1]),
		// The release decrement, LWSYNC at zero, the plain store of
		// Saturated. The second LWSYNC lies past the untaken BNE that
		// follows the compare of the old value (R5) with delta (R4).
		"subAndTest": {
			ppSeq("LWSYNC", `LWAR \(R\d+\),R\d+`, `STWCCC R\d+,\(R\d+\)\(R0\)`, "LWSYNC", ppStoreW),
			disasm.AfterUntaken(`CMPW R5,R4`, `BNE .*`, "LWSYNC"),
		},

		"rmb":            one("LWSYNC"),
		"wmb":            one("LWSYNC"),
		"mb":             one("HWSYNC"),
		"mandatoryRmb":   one("HWSYNC"),
		"mandatoryWmb":   one("HWSYNC"),
		"mandatoryMb":    one("HWSYNC"),
		"storeMb32":      one(ppStoreW, "HWSYNC"),
		"storeMb64":      one(ppStoreD, "HWSYNC"),
		"mbBeforeAtomic": one("HWSYNC"),
		"mbAfterAtomic":  one("HWSYNC"),
		"spinPause":      one(`OR R1,R1,R1`, `OR R2,R2,R2`),
	}
	for _, o := range ppOrders {
		rules["xadd32"+o.name] = ppLoop(32, o)
		rules["cas32"+o.name] = ppLoop(32, o)
		rules["cas64"+o.name] = ppLoop(64, o)
	}
	for _, f := range asmRMWFamilies {
		for _, bits := range f.widths {
			for _, o := range ppOrders {
				rules[fmt.Sprintf("%s%d%s", f.stem, bits, o.name)] = ppLoop(bits, o)
			}
		}
	}
	return rules
}

// TestAssemblyPPC64LE checks every ppc64le routine against its rule, and
// that every routine of the ppc64le assembly files has one.
func TestAssemblyPPC64LE(t *testing.T) {
	asmCheckArch(t, "ppc64le", asmPPC64LERules(), "_ppc64le.s")
}

// TestAssemblyPPC64LERulesTellOrderingsApart applies the rules of each
// ordering of a routine to every other ordering of it, and to listings
// with one barrier weakened.
func TestAssemblyPPC64LERulesTellOrderingsApart(t *testing.T) {
	funcs := asmDisassembled(t, "ppc64le")
	rules := asmPPC64LERules()
	groups := append(asmGenOrderings(),
		[]string{"xadd32Relaxed", "xadd32Acquire", "xadd32Release", "xadd32Full"},
		[]string{"cas32Relaxed", "cas32Acquire", "cas32Release", "cas32Full"},
		[]string{"addNotZeroLimitedRelaxed", "addNotZeroLimitedAcquire"},
		[]string{"load32Relaxed", "load32Acquire", "load32SeqCst"},
		[]string{"store32Relaxed", "store32Release", "store32SeqCst", "storeMb32"},
		[]string{"load64Acquire", "load64SeqCst"},
		[]string{"store64Release", "store64SeqCst", "storeMb64"},
		// rmb and wmb are both LWSYNC, and the mandatory ones SYNC.
		[]string{"rmb", "mb"},
	)
	asmApart(t, funcs, rules, groups)
	weaker := map[string]string{"HWSYNC": "LWSYNC", "LWSYNC": "ISYNC", "ISYNC": "OR R1,R1,R1"}
	asmWeakened(t, funcs, rules, []string{"xadd32Acquire", "xadd32Release", "xadd32Full", "cas32Full", "addNotZeroLimitedAcquire", "subAndTest", "load64Acquire", "store64Release", "store32SeqCst", "fetchOr64Full", "rmb", "mb"}, weaker)
}
