package atomicfence_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// The rules of the routines and methods that gen_ops.go writes (ops_arm64.s,
// ops_amd64.s, ops_sync.go), in the manner of asm_test.go, which holds
// those of the Int32 routines that came first.

// asmOrder is one ordering of a read-modify-write: its name, its LSE
// suffix and its LL/SC exclusives.
type asmOrder struct {
	name, lse string
	acq, rel  bool
}

var asmOrders = []asmOrder{
	{"Relaxed", "", false, false},
	{"Acquire", "A", true, false},
	{"Release", "L", false, true},
	{"Full", "AL", false, true},
}

// asmRMWFamilies maps each generated read-modify-write stem to its LSE
// mnemonic (as internal/disasm names it) and the widths it has.
var asmRMWFamilies = []struct {
	stem, lse string
	widths    []int
}{
	{"xadd", "LDADD", []int{64}},
	{"swap", "SWP", []int{32, 64}},
	{"fetchAnd", "LDCLR", []int{32, 64}},
	{"fetchOr", "LDOR", []int{32, 64}},
	{"fetchXor", "LDEOR", []int{32, 64}},
	{"smax", "LDSMAX", []int{32, 64}},
	{"smin", "LDSMIN", []int{32, 64}},
	{"umax", "LDUMAX", []int{32, 64}},
	{"umin", "LDUMIN", []int{32, 64}},
}

// exclusives returns the patterns of the four exclusives of a width.
func exclusives(bits int) (ldxr, ldaxr, stxr, stlxr, any string) {
	w := ""
	if bits == 32 {
		w = "W"
	}
	return `LDXR` + w + ` \(R\d+\), R\d+`, `LDAXR` + w + ` \(R\d+\), R\d+`,
		`STXR` + w + ` R\d+, \(R\d+\), R\d+`, `STLXR` + w + ` R\d+, \(R\d+\), R\d+`,
		`(LDA?XR|STL?XR)W? .*`
}

// asmRMWRules: the LSE instruction of the ordering and of no other, and on
// ARMv8.0 the LL/SC loop with exactly its exclusives and, for full, the
// DMB ISH after the release store, on the path of the loop's success; on
// ARMv8.1 no exclusive at all.
func asmRMWRules(v81 bool, bits int, family string, o asmOrder) []disasm.Rule {
	sz := map[int]string{32: "W", 64: "D"}[bits]
	rules := []disasm.Rule{disasm.Has(family + o.lse + sz + ` .*`)}
	for _, other := range asmOrders {
		if other.lse != o.lse {
			rules = append(rules, disasm.Lacks(family+other.lse+sz+` .*`))
		}
	}
	ldxr, ldaxr, stxr, stlxr, anyLLSC := exclusives(bits)
	if v81 {
		rules = append(rules, disasm.Lacks(anyLLSC))
	} else {
		ld, st := ldxr, stxr
		if o.acq {
			ld = ldaxr
		}
		if o.rel {
			st = stlxr
		}
		loop := []string{ld, st}
		if o.name == "Full" {
			loop = append(loop, dmbISH)
			rules = append(rules, disasm.AfterBranch(st, dmbISH))
		}
		rules = append(rules, disasm.InOrder(loop...))
		for _, p := range []string{ldxr, ldaxr, stxr, stlxr} {
			if p != ld && p != st {
				rules = append(rules, disasm.Lacks(p))
			}
		}
	}
	if o.name != "Full" || v81 {
		rules = append(rules, disasm.Lacks(anyDMB))
	}
	return rules
}

// asmARM64GenRules are the rules of the generated arm64 routines.
func asmARM64GenRules(v81 bool) map[string][]disasm.Rule {
	noBar := disasm.Lacks(anyBar)
	rules := map[string][]disasm.Rule{
		"load64Relaxed":  {disasm.Has(`MOVD \(R\d+\), R\d+`), disasm.Lacks(`LDA.*`), noBar},
		"load64Acquire":  asmLDAPRRules(ldapr, ldar, false),
		"load64SeqCst":   {disasm.Has(`LDAR \(R\d+\), R\d+`), disasm.Lacks(`LDAPR.*`), noBar},
		"load32SeqCst":   {disasm.Has(`LDARW \(R\d+\), R\d+`), disasm.Lacks(`LDAPR.*`), noBar},
		"loadPtrRelaxed": {disasm.Has(`MOVD \(R\d+\), R\d+`), disasm.Lacks(`LDA.*`), noBar},
		"loadPtrAcquire": asmLDAPRRules(ldapr, ldar, false),
		"loadPtrSeqCst":  {disasm.Has(`LDAR \(R\d+\), R\d+`), disasm.Lacks(`LDAPR.*`), noBar},
		"store64Relaxed": {disasm.Has(`MOVD R\d+, \(R\d+\)`), disasm.Lacks(`STL.*`), noBar},
		"store64Release": {disasm.Has(`STLR R\d+, \(R\d+\)`), noBar},
		"store64SeqCst":  {disasm.Has(`STLR R\d+, \(R\d+\)`), noBar},
		"store32SeqCst":  {disasm.Has(`STLRW R\d+, \(R\d+\)`), noBar},

		// smp_store_mb: a plain store, then DMB ISH; smp_mb__before_atomic
		// and smp_mb__after_atomic: DMB ISH; cpu_relax: YIELD.
		"storeMb32":      {disasm.InOrder(`MOVW R\d+, \(R\d+\)`, dmbISH), disasm.Lacks(`STL.*`), disasm.Lacks(`DMB \$(9|10)`)},
		"storeMb64":      {disasm.InOrder(`MOVD R\d+, \(R\d+\)`, dmbISH), disasm.Lacks(`STL.*`), disasm.Lacks(`DMB \$(9|10)`)},
		"mbBeforeAtomic": {disasm.Has(dmbISH), disasm.Only(dmbISH + `|RET|UDF .*`)},
		"mbAfterAtomic":  {disasm.Has(dmbISH), disasm.Only(dmbISH + `|RET|UDF .*`)},
		"spinPause":      {disasm.Has(`YIELD`), disasm.Only(`YIELD|RET|UDF .*`)},
	}
	for _, f := range asmRMWFamilies {
		for _, bits := range f.widths {
			for _, o := range asmOrders {
				rules[fmt.Sprintf("%s%d%s", f.stem, bits, o.name)] = asmRMWRules(v81, bits, f.lse, o)
			}
		}
	}
	for _, o := range asmOrders {
		rules["cas64"+o.name] = asmRMWRules(v81, 64, "CAS", o)
	}
	return rules
}

// LDAPR and LDAR of a 64-bit and of a 32-bit word as internal/disasm
// decodes them.
const (
	ldapr  = `LDAPRD \(R\d+\), R\d+`
	ldar   = `LDAR \(R\d+\), R\d+`
	ldaprW = `LDAPRW \(R\d+\), R\d+`
	ldarW  = `LDARW \(R\d+\), R\d+`
)

// asmLDAPRRules: an acquire load is LDAPR behind the useLRCPC check with
// LDAR as the fallback, or, in a GOARM64=v8.3 build (static), LDAPR alone.
func asmLDAPRRules(ldapr, ldar string, static bool) []disasm.Rule {
	rules := []disasm.Rule{disasm.Has(ldapr), disasm.Lacks(anyBar)}
	if static {
		return append(rules, disasm.Lacks(`LDAR.*`), disasm.Lacks(`MOVBU .*`))
	}
	return append(rules, disasm.InOrder(`MOVBU .*`, `CBZ .*`, ldapr, ldar))
}

// TestAssemblyLDAPRStatic builds for GOARM64=v8.3, where FEAT_LRCPC is
// mandatory: the acquire loads must be LDAPR alone, and the rules of the
// run-time form must reject them (and the reverse).
func TestAssemblyLDAPRStatic(t *testing.T) {
	v83 := asmDisassembledTarget(t, target.Target{Name: "arm64-v8.3", GOARCH: "arm64", GOARM64: "v8.3"})
	v80 := asmDisassembled(t, "arm64")
	for name, insts := range map[string][2]string{"load64Acquire": {ldapr, ldar}, "loadPtrAcquire": {ldapr, ldar}, "load32Acquire": {ldaprW, ldarW}} {
		static := disasm.Expand(asmFunc(t, v83, name), v83)
		dynamic := disasm.Expand(asmFunc(t, v80, name), v80)
		if err := disasm.Check("arm64 v8.3 "+name, static, asmLDAPRRules(insts[0], insts[1], true)...); err != nil {
			t.Error(err)
		}
		if disasm.Check(name, static, asmLDAPRRules(insts[0], insts[1], false)...) == nil || disasm.Check(name, dynamic, asmLDAPRRules(insts[0], insts[1], true)...) == nil {
			t.Errorf("%s: the static and run-time LDAPR rules do not tell the two builds apart", name)
		}
	}
}

// asmDisassembledTarget is asmDisassembled for a target that
// internal/target does not list.
func asmDisassembledTarget(t *testing.T, tg target.Target) []disasm.Func {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles with the go command: amd64 hosts only, never under emulation")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	funcs, err := disasm.Disassemble(ctx, tg)
	if err != nil {
		t.Fatal(err)
	}
	return funcs
}

// asmGenOrderings groups the generated arm64 routines that differ only in
// their ordering; the rules of each must reject every other.
func asmGenOrderings() [][]string {
	groups := [][]string{
		{"load64Relaxed", "load64Acquire"},
		{"loadPtrRelaxed", "loadPtrAcquire"},
		{"store64Relaxed", "store64Release"},
	}
	stems := []string{"cas64"}
	for _, f := range asmRMWFamilies {
		for _, bits := range f.widths {
			stems = append(stems, fmt.Sprintf("%s%d", f.stem, bits))
		}
	}
	for _, s := range stems {
		var g []string
		for _, o := range asmOrders {
			g = append(g, s+o.name)
		}
		groups = append(groups, g)
	}
	return groups
}

func TestAssemblyGenerated(t *testing.T) {
	for _, tc := range []struct {
		target string
		rules  map[string][]disasm.Rule
	}{
		{"amd64", asmAMD64GenRules()},
		{"arm64", asmARM64GenRules(false)},
		{"arm64-lse", asmARM64GenRules(true)},
	} {
		t.Run(tc.target, func(t *testing.T) {
			funcs := asmDisassembled(t, tc.target)
			for name, rules := range tc.rules {
				f := asmFunc(t, funcs, name)
				if err := disasm.Check(tc.target+" "+name, disasm.Expand(f, funcs), rules...); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestAssemblyGeneratedRulesTellOrderingsApart(t *testing.T) {
	for _, tc := range []struct {
		target string
		v81    bool
	}{{"arm64", false}, {"arm64-lse", true}} {
		t.Run(tc.target, func(t *testing.T) {
			funcs := asmDisassembled(t, tc.target)
			rules := asmARM64GenRules(tc.v81)
			for _, group := range asmGenOrderings() {
				for _, x := range group {
					for _, y := range group {
						if x == y {
							continue
						}
						insts := disasm.Expand(asmFunc(t, funcs, y), funcs)
						if disasm.Check(y, insts, rules[x]...) == nil {
							t.Errorf("%s: the rules of %s hold on %s too", tc.target, x, y)
						}
					}
				}
			}
		})
	}
}

// asmAMD64GenKinds maps each generated method, by name, to the instruction
// it compiles to on amd64, for a word of bits: the kinds of asmAMD64GenRules.
func asmAMD64GenKind(method string) string {
	switch {
	case strings.HasPrefix(method, "Load"):
		return "load"
	case method == "StoreRelaxed", method == "StoreRelease":
		return "store"
	case method == "StoreSeqCst", strings.HasPrefix(method, "Swap"):
		return "xchg"
	case strings.HasPrefix(method, "FetchAdd"), strings.HasPrefix(method, "AddReturn"):
		return "xadd"
	}
	return "cmpxchg" // CompareAndSwap, FetchAnd/AndNot/Or/Xor/Max/Min, FetchUpdate
}

// asmGenTypes are the probe's wrappers of the integer types and the width
// of each on amd64.
var asmGenTypes = []struct {
	name string
	bits int
	old  bool // Int32: the rules of its older methods are asm_test.go's
}{
	{"Int32", 32, true}, {"Uint32", 32, false}, {"Int64", 64, false}, {"Uint64", 64, false}, {"Uintptr", 64, false},
}

// asmGenMethods lists the methods of an integer type that the probe
// wraps.
func asmGenMethods(old bool) []string {
	ms := []string{"LoadSeqCst", "StoreSeqCst"}
	if !old {
		ms = append(ms, "LoadRelaxed", "LoadAcquire", "StoreRelaxed", "StoreRelease")
	}
	ops := []string{"Swap", "AddReturn", "FetchAnd", "FetchAndNot", "FetchOr", "FetchXor", "FetchMax", "FetchMin", "FetchUpdate"}
	if !old {
		ops = append(ops, "FetchAdd", "CompareAndSwap")
	}
	for _, op := range ops {
		for _, o := range asmOrders {
			ms = append(ms, op+o.name)
		}
	}
	return ms
}

// asmAMD64KindRules are the rules of one kind at one width: the
// instruction, inline (no call into the package) except the stores, which
// are a call of the MOV routine, and no fence.
func asmAMD64KindRules(kind string, bits int) []disasm.Rule {
	q := map[int]string{32: "L", 64: "Q"}[bits]
	inline := disasm.Lacks(callRoutine)
	noFence := disasm.Lacks(x86Fence)
	switch kind {
	case "load":
		return []disasm.Rule{disasm.Has(`MOV` + q + ` ` + mem32 + `, \w+`), inline, disasm.Lacks(`LOCK .*`), disasm.Lacks(`XCHG.*`), noFence}
	case "store":
		return []disasm.Rule{disasm.InOrder(`CALL github\.com/atomicfence/atomicfence\.store`+fmt.Sprint(bits)+`(Relaxed|Release)\.abi0\(SB\)`, `MOV`+q+` \w+, `+mem32),
			disasm.Lacks(`LOCK .*`), disasm.Lacks(`XCHG.*`), noFence}
	case "xchg":
		return []disasm.Rule{disasm.Has(`XCHG` + q + ` \w+, ` + mem32), inline, disasm.Lacks(`LOCK .*`), noFence}
	case "xadd":
		return []disasm.Rule{disasm.Has(`LOCK XADD` + q + ` \w+, ` + mem32), inline, disasm.Lacks(`LOCK CMPXCHG.*`), noFence}
	}
	return []disasm.Rule{disasm.Has(`LOCK CMPXCHG` + q + ` \w+, ` + mem32), disasm.Lacks(`CALL github\.com/atomicfence/atomicfence\.[a-z]\w*\.abi0\(SB\)`),
		disasm.Lacks(`LOCK XADD.*`), disasm.Lacks(`XCHG.*`), noFence}
}

// asmAMD64GenRules are keyed by the probe's wrapper of each generated
// method (FetchUpdate calls the method, which holds the compare-and-swap,
// so its rule forbids only calls of assembly routines).
func asmAMD64GenRules() map[string][]disasm.Rule {
	rules := map[string][]disasm.Rule{}
	for _, ty := range asmGenTypes {
		for _, m := range asmGenMethods(ty.old) {
			rules[fmt.Sprintf("main.(*%s).%s", ty.name, m)] = asmAMD64KindRules(asmAMD64GenKind(m), ty.bits)
		}
	}
	for _, m := range asmGenMethods(false) {
		if kind := asmAMD64GenKind(m); !strings.HasPrefix(m, "Fetch") && !strings.HasPrefix(m, "AddReturn") {
			rules["main.(*Bool)."+m] = asmAMD64KindRules(kind, 32)
		}
	}
	// A pointer store or swap goes through sync/atomic, whose write
	// barrier the garbage collector needs; a load needs none.
	for _, m := range asmGenMethods(false) {
		switch kind := asmAMD64GenKind(m); kind {
		case "load":
			rules["main.(*Pointer)."+m] = asmAMD64KindRules(kind, 64)
		case "store", "xchg":
			op := map[bool]string{true: "Store", false: "Swap"}[strings.HasPrefix(m, "Store")]
			rules["main.(*Pointer)."+m] = []disasm.Rule{disasm.Has(`CALL sync/atomic\.` + op + `Pointer\(SB\)`), disasm.Lacks(x86Fence)}
		}
	}
	// smp_store_mb is XCHG; smp_mb__before_atomic and
	// smp_mb__after_atomic are no instruction and no call (every
	// read-modify-write is LOCKed), cpu_relax is PAUSE.
	for _, ty := range asmGenTypes {
		rules["main.(*"+ty.name+").StoreMb"] = asmAMD64KindRules("xchg", ty.bits)
	}
	rules["main.(*Bool).StoreMb"] = asmAMD64KindRules("xchg", 32)
	rules["main.MbBeforeAtomic"] = compilerBarrierOnly
	rules["main.MbAfterAtomic"] = compilerBarrierOnly
	rules["spinPause"] = []disasm.Rule{disasm.Has(`PAUSE`), disasm.Only(`PAUSE|RET`)}
	return rules
}

// TestAssemblyGeneratedAMD64RulesTellKindsApart applies the rules of each
// amd64 kind to a method of every other kind, at both widths, and the
// rules of each width to the other width.
func TestAssemblyGeneratedAMD64RulesTellKindsApart(t *testing.T) {
	funcs := asmDisassembled(t, "amd64")
	example := map[string]string{"load": "LoadAcquire", "store": "StoreRelease", "xchg": "SwapRelease", "xadd": "FetchAddRelease", "cmpxchg": "FetchXorAcquire"}
	kinds := []string{"load", "store", "xchg", "xadd", "cmpxchg"}
	for _, bits := range []int{32, 64} {
		for _, k := range kinds {
			for _, other := range kinds {
				for _, ty := range []string{"Int64", "Uint64"} {
					name := fmt.Sprintf("main.(*%s).%s", ty, example[other])
					insts := disasm.Expand(asmFunc(t, funcs, name), funcs)
					holds := disasm.Check(name, insts, asmAMD64KindRules(k, bits)...) == nil
					if want := k == other && bits == 64; holds != want {
						t.Errorf("the %d-bit %s rules hold on %s: %v, want %v", bits, k, name, holds, want)
					}
				}
			}
		}
	}
	// A weaker or stronger form than the method needs, as the code would
	// read with the mistake.
	for _, tc := range []struct {
		kind  string
		insts []string
	}{
		{"store", []string{"XCHGQ BX, 0(AX)", "RET"}},
		{"store", []string{"MOVQ BX, 0(AX)", "RET"}}, // inline, where the compiler may move it
		{"xchg", []string{"CALL github.com/atomicfence/atomicfence.store64Release.abi0(SB)", "MOVQ BX, 0(AX)", "RET"}},
		{"load", []string{"MOVQ 0(AX), AX", "MFENCE", "RET"}},
		{"cmpxchg", []string{"MOVQ 0(AX), CX", "XORQ BX, CX", "MOVQ CX, 0(AX)", "RET"}}, // a plain read-modify-write
	} {
		insts := make([]disasm.Inst, len(tc.insts))
		for i, s := range tc.insts {
			insts[i] = disasm.Inst{Text: s}
		}
		if disasm.Check(tc.kind, insts, asmAMD64KindRules(tc.kind, 64)...) == nil {
			t.Errorf("the %s rules hold on %q", tc.kind, tc.insts)
		}
	}
	if !slices.Contains(asmGenMethods(false), "FetchMinFull") {
		t.Error("asmGenMethods misses FetchMinFull")
	}
}
