package atomicfence_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// The rules of the loong64 routines (atomicfence_loong64.s,
// ops_loong64.s, barrier_ops_loong64.s), in the manner of the riscv64
// ones: one disasm.Exactly per routine over the AM* atomics, LL, SC, the
// DBARs with their hints (as internal/disasm decodes them) and the loads
// and stores of the word.

// laOrdering matches every instruction that a loong64 rule accounts for.
const laOrdering = `AM\w+ .*|LLV? .*|SCV? .*|DBAR .*|MOV[WV] 0\(R\d+\), R\d+|MOV[WV] R\d+, 0\(R\d+\)`

// laOrder is one ordering of a loong64 read-modify-write: the AM* form
// and the DBARs around the compare-and-swap loop.
type laOrder struct {
	name      string
	db        bool
	pre, post string
}

var laOrders = []laOrder{
	{"Relaxed", false, "", `DBAR \$0x700`},
	{"Acquire", true, "", `DBAR \$0x14`},
	{"Release", true, `DBAR \$0x12`, `DBAR \$0x700`},
	{"Full", true, `DBAR \$0x10`, `DBAR \$0x10`},
}

func laSeq(patterns ...string) disasm.Rule {
	var seq []string
	for _, p := range patterns {
		if p != "" {
			seq = append(seq, p)
		}
	}
	return disasm.Exactly(laOrdering, seq...)
}

// laAM: the AM* instruction alone, the DB form for all but relaxed.
func laAM(stem string, bits int, unsigned bool, o laOrder) []disasm.Rule {
	n := stem
	if o.db {
		n += "DB"
	}
	n += map[int]string{32: "W", 64: "V"}[bits]
	if unsigned {
		n += "U"
	}
	return []disasm.Rule{laSeq(n + ` R\d+, \(R\d+\), R\d+`)}
}

// laCAS: the barrier before, LL, SC, the barrier after a success, on its
// path, and DBAR 0x700 on the failing exit.
func laCAS(bits int, o laOrder) []disasm.Rule {
	v := map[int]string{32: "", 64: "V"}[bits]
	return []disasm.Rule{
		laSeq(o.pre, `LL`+v+` 0\(R\d+\), R\d+`, `SC`+v+` R\d+, 0\(R\d+\)`, o.post, `DBAR \$0x700`),
		disasm.AfterBranch(`SCV? .*`, o.post),
	}
}

const (
	laLoadW  = `MOVW 0\(R\d+\), R\d+`
	laLoadV  = `MOVV 0\(R\d+\), R\d+`
	laStoreW = `MOVW R\d+, 0\(R\d+\)`
	laStoreV = `MOVV R\d+, 0\(R\d+\)`
)

// asmLoong64Rules are the rules of every loong64 routine.
func asmLoong64Rules() map[string][]disasm.Rule {
	one := func(seq ...string) []disasm.Rule { return []disasm.Rule{laSeq(seq...)} }
	acq, rel := `DBAR \$0x14`, `DBAR \$0x12`
	rules := map[string][]disasm.Rule{
		"load32Relaxed":  one(laLoadW),
		"load32Acquire":  one(laLoadW, acq),
		"store32Relaxed": one(laStoreW),
		"store32Release": one(rel, laStoreW),
		"load64Relaxed":  one(laLoadV),
		"load64Acquire":  one(laLoadV, acq),
		"loadPtrRelaxed": one(laLoadV),
		"loadPtrAcquire": one(laLoadV, acq),
		"store64Relaxed": one(laStoreV),
		"store64Release": one(rel, laStoreV),
		// Go's own seq_cst mapping: the acquire load, and the release
		// store with DBAR 0x18 after it.
		"load32SeqCst":  one(laLoadW, acq),
		"load64SeqCst":  one(laLoadV, acq),
		"loadPtrSeqCst": one(laLoadV, acq),
		"store32SeqCst": one(rel, laStoreW, `DBAR \$0x18`),
		"store64SeqCst": one(rel, laStoreV, `DBAR \$0x18`),

		"addNotZeroLimitedRelaxed": laCAS(32, laOrders[0]),
		"addNotZeroLimitedAcquire": laCAS(32, laOrders[1]),
		// Linux's fetch_sub_release (AMADD_DB), DBAR 0x15 at zero, the
		// plain store of Saturated. The barrier lies past the untaken BNE
		// of the old value (R8) against delta (R6).
		"subAndTest": {
			laSeq(`AMADDDBW R\d+, \(R\d+\), R\d+`, `DBAR \$0x15`, laStoreW),
			disasm.AfterUntaken(`AMADDDBW .*`, `BNE R8, R6, .*`, `DBAR \$0x15`),
		},

		"rmb":            one(`DBAR \$0x15`),
		"wmb":            one(`DBAR \$0x1a`),
		"mb":             one(`DBAR \$0x10`),
		"mandatoryRmb":   one(`DBAR \$0x5`),
		"mandatoryWmb":   one(`DBAR \$0xa`),
		"mandatoryMb":    one(`DBAR \$0x0`),
		"storeMb32":      one(`AMSWAPDBW R\d+, \(R\d+\), R\d+`),
		"storeMb64":      one(`AMSWAPDBV R\d+, \(R\d+\), R\d+`),
		"mbBeforeAtomic": one(`DBAR \$0x10`),
		"mbAfterAtomic":  one(`DBAR \$0x10`),
		"spinPause":      {laSeq(), disasm.Only(`RET`)},
	}
	for _, o := range laOrders {
		rules["xadd32"+o.name] = laAM("AMADD", 32, false, o)
		rules["cas32"+o.name] = laCAS(32, o)
		rules["cas64"+o.name] = laCAS(64, o)
	}
	stems := map[string]string{"xadd": "AMADD", "swap": "AMSWAP", "fetchAnd": "AMAND", "fetchOr": "AMOR", "fetchXor": "AMXOR",
		"smax": "AMMAX", "smin": "AMMIN", "umax": "AMMAX", "umin": "AMMIN"}
	for _, f := range asmRMWFamilies {
		for _, bits := range f.widths {
			for _, o := range laOrders {
				rules[fmt.Sprintf("%s%d%s", f.stem, bits, o.name)] = laAM(stems[f.stem], bits, strings.HasPrefix(f.stem, "u"), o)
			}
		}
	}
	return rules
}

// TestAssemblyLoong64 checks every loong64 routine against its rule, and
// that every routine of the loong64 assembly files has one.
func TestAssemblyLoong64(t *testing.T) {
	asmCheckArch(t, "loong64", asmLoong64Rules(), "_loong64.s")
}

// TestAssemblyLoong64RulesTellOrderingsApart applies the rules of each
// ordering of a routine to the other orderings that differ from it (on
// loong64 the acquire, release and full AM* are one instruction), and to
// listings with one barrier weakened.
func TestAssemblyLoong64RulesTellOrderingsApart(t *testing.T) {
	funcs := asmDisassembled(t, "loong64")
	rules := asmLoong64Rules()
	groups := [][]string{
		{"cas32Relaxed", "cas32Acquire", "cas32Release", "cas32Full"},
		{"cas64Relaxed", "cas64Acquire", "cas64Release", "cas64Full"},
		{"addNotZeroLimitedRelaxed", "addNotZeroLimitedAcquire"},
		{"load32Relaxed", "load32Acquire"},
		{"store32Relaxed", "store32Release", "store32SeqCst", "storeMb32"},
		{"load64Relaxed", "load64Acquire"},
		{"store64Relaxed", "store64Release", "store64SeqCst", "storeMb64"},
		{"rmb", "wmb", "mb", "mandatoryRmb", "mandatoryWmb", "mandatoryMb", "spinPause"},
	}
	for _, f := range asmRMWFamilies {
		for _, bits := range f.widths {
			groups = append(groups, []string{fmt.Sprintf("%s%dRelaxed", f.stem, bits), fmt.Sprintf("%s%dFull", f.stem, bits)})
		}
	}
	asmApart(t, funcs, rules, groups)
	weaker := map[string]string{
		"DBAR $0x10": "DBAR $0x12", "DBAR $0x14": "DBAR $0x15", "DBAR $0x12": "DBAR $0x1a",
		"DBAR $0x15": "DBAR $0x700", "DBAR $0x1a": "DBAR $0x700", "DBAR $0x18": "DBAR $0x1a", "DBW ": "W ", "DBV ": "V ",
	}
	asmWeakened(t, funcs, rules, []string{"xadd32Full", "cas32Acquire", "cas32Full", "addNotZeroLimitedAcquire", "subAndTest", "load32Acquire", "store64Release", "store64SeqCst", "fetchOr64Acquire", "storeMb32", "rmb", "wmb", "mb"}, weaker)
}
