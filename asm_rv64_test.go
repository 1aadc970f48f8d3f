package atomicfence_test

import (
	"fmt"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// The rules of the riscv64 routines (atomicfence_riscv64.s,
// ops_riscv64.s, barrier_ops_riscv64.s). Each routine's rule is one
// disasm.Exactly over every instruction that orders or accesses the word:
// the AMOs, LR and SC with their .AQ/.RL bits, the FENCEs with their sets
// (as internal/disasm decodes them), and the loads and stores through a
// register. A missing fence, a fence with other sets, an extra one, an
// AMO with other bits or an access on the wrong side of a fence breaks it.

// rvOrdering matches every instruction that a riscv64 rule accounts for.
const rvOrdering = `(AMO\w+|LR|SC)\.[WD](\.AQ|\.RL|\.AQRL)? .*|FENCE.*|PAUSE|MOV\w* \(X\d+\), X\d+|MOV\w* X\d+, \(X\d+\)`

// rvOrder is one ordering of a riscv64 read-modify-write in Linux's
// mapping: the fence before, the AMO's suffix, the SC's suffix and the
// fence after a successful compare-and-swap.
type rvOrder struct {
	name, pre, amo, sc, post string
}

var rvOrders = []rvOrder{
	{"Relaxed", "", "", "", ""},
	{"Acquire", "", "", "", "FENCE R,RW"},
	{"Release", "FENCE RW,W", "", "", ""},
	{"Full", "", `\.AQRL`, `\.RL`, "FENCE RW,RW"},
}

func rvSz(bits int) string { return map[int]string{32: "W", 64: "D"}[bits] }

// rvSeq drops the empty patterns of a sequence.
func rvSeq(patterns ...string) disasm.Rule {
	var seq []string
	for _, p := range patterns {
		if p != "" {
			seq = append(seq, p)
		}
	}
	return disasm.Exactly(rvOrdering, seq...)
}

// rvAMO: the fence before, the AMO, the fence after. Acquire's fence
// after the AMO is the one that a compare-and-swap has only on success.
func rvAMO(family string, bits int, o rvOrder) []disasm.Rule {
	amo := family + `\.` + rvSz(bits) + o.amo + ` X\d+, \(X\d+\), X\d+`
	post := o.post
	if o.name == "Full" {
		post = "" // AMO.AQRL needs no fence
	}
	return []disasm.Rule{rvSeq(o.pre, amo, post)}
}

// rvCAS: the fence before, LR, SC, and the fence after the loop, on the
// path of its success.
func rvCAS(bits int, o rvOrder) []disasm.Rule {
	sz := rvSz(bits)
	rules := []disasm.Rule{rvSeq(o.pre, `LR\.`+sz+` \(X\d+\), X\d+`, `SC\.`+sz+o.sc+` X\d+, \(X\d+\), X\d+`, o.post)}
	if o.post != "" {
		rules = append(rules, disasm.AfterBranch(`SC\..*`, o.post))
	}
	return rules
}

var (
	rvLoadW  = `MOVW \(X\d+\), X\d+`
	rvLoadD  = `MOV \(X\d+\), X\d+`
	rvStoreW = `MOVW X\d+, \(X\d+\)`
	rvStoreD = `MOV X\d+, \(X\d+\)`
)

// asmRISCV64Rules are the rules of every riscv64 routine.
func asmRISCV64Rules() map[string][]disasm.Rule {
	one := func(seq ...string) []disasm.Rule { return []disasm.Rule{rvSeq(seq...)} }
	rules := map[string][]disasm.Rule{
		"load32Relaxed":  one(rvLoadW),
		"load32Acquire":  one(rvLoadW, "FENCE R,RW"),
		"store32Relaxed": one(rvStoreW),
		"store32Release": one("FENCE RW,W", rvStoreW),
		"load64Relaxed":  one(rvLoadD),
		"load64Acquire":  one(rvLoadD, "FENCE R,RW"),
		"loadPtrRelaxed": one(rvLoadD),
		"loadPtrAcquire": one(rvLoadD, "FENCE R,RW"),
		"store64Relaxed": one(rvStoreD),
		"store64Release": one("FENCE RW,W", rvStoreD),
		// The RISC-V specification's seq_cst mapping.
		"load32SeqCst":  one("FENCE RW,RW", rvLoadW, "FENCE R,RW"),
		"load64SeqCst":  one("FENCE RW,RW", rvLoadD, "FENCE R,RW"),
		"loadPtrSeqCst": one("FENCE RW,RW", rvLoadD, "FENCE R,RW"),
		"store32SeqCst": one("FENCE RW,W", rvStoreW),
		"store64SeqCst": one("FENCE RW,W", rvStoreD),

		// The loop of the compare-and-swap, acquire only on success.
		"addNotZeroLimitedRelaxed": rvCAS(32, rvOrders[0]),
		"addNotZeroLimitedAcquire": rvCAS(32, rvOrders[1]),
		// A release AMOADD of -delta, FENCE R,R for the caller that
		// reached zero, and the plain store of Saturated. The fence lies
		// past the untaken BNE of the old value (A3) against delta (A4):
		// on the path where they are equal.
		"subAndTest": {
			rvSeq("FENCE RW,W", `AMOADD\.W X\d+, \(X\d+\), X\d+`, "FENCE R,R", rvStoreW),
			disasm.AfterUntaken(`AMOADD\.W.*`, `BNE X13, X14, .*`, "FENCE R,R"),
		},

		"rmb":            one("FENCE R,R"),
		"wmb":            one("FENCE W,W"),
		"mb":             one("FENCE RW,RW"),
		"mandatoryRmb":   one("FENCE IR,IR"),
		"mandatoryWmb":   one("FENCE OW,OW"),
		"mandatoryMb":    one("FENCE IORW,IORW"),
		"storeMb32":      one(rvStoreW, "FENCE RW,RW"),
		"storeMb64":      one(rvStoreD, "FENCE RW,RW"),
		"mbBeforeAtomic": one("FENCE RW,RW"),
		"mbAfterAtomic":  one("FENCE RW,RW"),
		"spinPause":      one("PAUSE"),
	}
	for _, o := range rvOrders {
		rules["xadd32"+o.name] = rvAMO("AMOADD", 32, o)
		rules["cas32"+o.name] = rvCAS(32, o)
		rules["cas64"+o.name] = rvCAS(64, o)
	}
	for _, f := range asmRMWFamilies {
		for _, bits := range f.widths {
			for _, o := range rvOrders {
				rules[fmt.Sprintf("%s%d%s", f.stem, bits, o.name)] = rvAMO(rvFamilies[f.stem], bits, o)
			}
		}
	}
	return rules
}

// rvFamilies maps each generated read-modify-write stem to its AMO.
var rvFamilies = map[string]string{
	"xadd": "AMOADD", "swap": "AMOSWAP", "fetchAnd": "AMOAND", "fetchOr": "AMOOR", "fetchXor": "AMOXOR",
	"smax": "AMOMAX", "smin": "AMOMIN", "umax": "AMOMAXU", "umin": "AMOMINU",
}

// TestAssemblyRISCV64 checks every riscv64 routine against its rule, and
// that every routine of the riscv64 assembly files has one.
func TestAssemblyRISCV64(t *testing.T) {
	asmCheckArch(t, "riscv64", asmRISCV64Rules(), "_riscv64.s")
}

// TestAssemblyRISCV64RulesTellOrderingsApart applies the rules of each
// ordering of a routine to every other ordering of it, and to listings
// with one ordering instruction weakened.
func TestAssemblyRISCV64RulesTellOrderingsApart(t *testing.T) {
	funcs := asmDisassembled(t, "riscv64")
	rules := asmRISCV64Rules()
	groups := append(asmGenOrderings(),
		[]string{"xadd32Relaxed", "xadd32Acquire", "xadd32Release", "xadd32Full"},
		[]string{"cas32Relaxed", "cas32Acquire", "cas32Release", "cas32Full"},
		[]string{"addNotZeroLimitedRelaxed", "addNotZeroLimitedAcquire"},
		[]string{"load32Relaxed", "load32Acquire", "load32SeqCst"},
		// store32SeqCst is store32Release's FENCE RW,W; SW: the seq_cst
		// load's leading FENCE RW,RW is what orders the two.
		[]string{"store32Relaxed", "store32Release", "storeMb32"},
		[]string{"load64Acquire", "load64SeqCst"},
		[]string{"store64Release", "storeMb64"},
		[]string{"rmb", "wmb", "mb", "mandatoryRmb", "mandatoryWmb", "mandatoryMb"},
	)
	asmApart(t, funcs, rules, groups)
	weaker := map[string]string{
		"FENCE RW,RW": "FENCE RW,W", "FENCE R,RW": "FENCE R,R", "FENCE RW,W": "FENCE W,W",
		"FENCE R,R": "FENCE W,W", "FENCE W,W": "FENCE R,R", ".AQRL ": ".RL ", ".RL ": " ",
	}
	asmWeakened(t, funcs, rules, []string{"xadd32Acquire", "xadd32Release", "xadd32Full", "cas32Full", "addNotZeroLimitedAcquire", "subAndTest", "load64Acquire", "store64Release", "fetchOr64Full", "rmb", "wmb", "mb"}, weaker)
}
