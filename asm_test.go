package atomicfence_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// The tests here build internal/probe, which calls every routine, for
// amd64, for arm64 with GOARM64=v8.0 (LL/SC loops, LSE chosen at run time)
// and for arm64 with GOARM64=v8.1 (LSE only), disassemble it with go tool
// objdump, and check that each routine holds the instructions its ordering
// needs and none of those it must not have. A failure prints the listing.

// Instruction patterns, in the syntax go tool objdump prints (the LSE
// atomics as internal/disasm decodes them).
const (
	ldxr     = `LDXRW \(R\d+\), R\d+`
	ldaxr    = `LDAXRW \(R\d+\), R\d+`
	stxr     = `STXRW R\d+, \(R\d+\), R\d+`
	stlxr    = `STLXRW R\d+, \(R\d+\), R\d+`
	anyLLSC  = `(LDA?XRW|STL?XRW) .*`
	anyDMB   = `DMB .*`
	anyBar   = `(DMB|DSB|ISB) .*`
	dmbISHLD = `DMB \$9`
	dmbISH   = `DMB \$11`

	lockXadd    = `LOCK XADDL \w+, ` + mem32
	lockCmpxchg = `LOCK CMPXCHGL \w+, ` + mem32
	mem32       = `(0x[0-9a-f]+|0)\(\w+\)` // a field at an offset of a pointer in a register
	x86Fence    = `(MFENCE|LFENCE|SFENCE)`
)

// Each LSE form is allowed only where its ordering is the one wanted: the
// acquire CAS must not be CASW, CASLW or CASALW.
func asmLSE(family, order string) []disasm.Rule {
	want := family + order + `W .*`
	rules := []disasm.Rule{disasm.Has(want)}
	for _, o := range []string{"", "A", "L", "AL"} {
		if o != order {
			rules = append(rules, disasm.Lacks(family+o+`W .*`))
		}
	}
	return rules
}

// rmw builds the rules of a read-modify-write routine: on ARMv8.0 its LL/SC
// loop (the patterns in order) beside its LSE instruction, on ARMv8.1 the
// LSE instruction alone, no exclusive at all.
func asmRMW(v81 bool, loop []string, family, order string, extra ...disasm.Rule) []disasm.Rule {
	rules := asmLSE(family, order)
	if v81 {
		rules = append(rules, disasm.Lacks(anyLLSC))
	} else {
		rules = append(rules, disasm.InOrder(loop...))
		// The loop's two exclusives are exactly the ones named.
		for _, p := range []string{ldxr, ldaxr, stxr, stlxr} {
			if !slices.Contains(loop, p) {
				rules = append(rules, disasm.Lacks(p))
			}
		}
	}
	return append(rules, extra...)
}

func asmARM64Rules(v81 bool) map[string][]disasm.Rule {
	full := []disasm.Rule{disasm.Lacks(anyDMB)} // LSE: CASAL and LDADDAL need no barrier
	if !v81 {
		// LL/SC: DMB ISH after the release store, as Linux does it, on
		// the path of the loop's success.
		full = []disasm.Rule{disasm.InOrder(ldxr, stlxr, dmbISH), disasm.AfterBranch(stlxr, dmbISH)}
	}
	noDMB := disasm.Lacks(anyDMB)
	return map[string][]disasm.Rule{
		"load32Relaxed":  {disasm.Has(`MOVWU? \(R\d+\), R\d+`), disasm.Lacks(`LDA.*`), disasm.Lacks(anyBar)},
		"load32Acquire":  asmLDAPRRules(ldaprW, ldarW, false),
		"store32Relaxed": {disasm.Has(`MOVW R\d+, \(R\d+\)`), disasm.Lacks(`STL.*`), disasm.Lacks(anyBar)},
		"store32Release": {disasm.Has(`STLRW R\d+, \(R\d+\)`), disasm.Lacks(anyBar)},

		"xadd32Relaxed": asmRMW(v81, []string{ldxr, stxr}, "LDADD", "", noDMB),
		"xadd32Acquire": asmRMW(v81, []string{ldaxr, stxr}, "LDADD", "A", noDMB),
		"xadd32Release": asmRMW(v81, []string{ldxr, stlxr}, "LDADD", "L", noDMB),
		"xadd32Full":    asmRMW(v81, []string{ldxr, stlxr}, "LDADD", "AL", full...),
		"cas32Relaxed":  asmRMW(v81, []string{ldxr, stxr}, "CAS", "", noDMB),
		"cas32Acquire":  asmRMW(v81, []string{ldaxr, stxr}, "CAS", "A", noDMB),
		"cas32Release":  asmRMW(v81, []string{ldxr, stlxr}, "CAS", "L", noDMB),
		"cas32Full":     asmRMW(v81, []string{ldxr, stlxr}, "CAS", "AL", full...),

		// The v9 form and the merged acquire form of the VMA read lock's
		// increment: LDAXR/STXR with no trailing barrier, or CASA.
		"addNotZeroLimitedRelaxed": asmRMW(v81, []string{ldxr, stxr}, "CAS", "", noDMB),
		"addNotZeroLimitedAcquire": asmRMW(v81, []string{ldaxr, stxr}, "CAS", "A", noDMB),

		// Release decrement (STLXR or LDADDL), then DMB ISHLD for the
		// caller that reached zero: the compare of the old count with the
		// delta, and the DMB on the path where they are equal (the BNE
		// that skips it untaken), which is also the path that takes no
		// branch after the compare.
		"subAndTest": asmRMW(v81, []string{ldxr, stlxr, dmbISHLD}, "LDADD", "L",
			disasm.Has(dmbISHLD), disasm.Lacks(`DMB \$(10|11)`),
			disasm.InOrder(`CMPW R\d+, R\d+`, `BNE .*`, dmbISHLD),
			disasm.NoneBetween(`BNE .*`, dmbISHLD, `.*`),
			disasm.AfterBranch(`CMPW R\d+, R\d+`, dmbISHLD)),

		"rmb":          {disasm.Has(dmbISHLD), disasm.Only(dmbISHLD + `|RET|UDF .*`)},
		"wmb":          {disasm.Has(`DMB \$10`), disasm.Only(`DMB \$10|RET|UDF .*`)},
		"mb":           {disasm.Has(dmbISH), disasm.Only(dmbISH + `|RET|UDF .*`)},
		"mandatoryRmb": {disasm.Has(`DSB \$13`), disasm.Only(`DSB \$13|RET|UDF .*`)},
		"mandatoryWmb": {disasm.Has(`DSB \$14`), disasm.Only(`DSB \$14|RET|UDF .*`)},
		"mandatoryMb":  {disasm.Has(`DSB \$15`), disasm.Only(`DSB \$15|RET|UDF .*`)},
	}
}

// callRoutine is a call of any routine of the root package, as objdump
// prints an assembly routine (ABI0) or a Go function.
const callRoutine = `CALL github\.com/atomicfence/atomicfence\.[a-z]\w*(\.abi0)?\(SB\)`

// compilerBarrierOnly is the listing of a function whose body is a
// compiler barrier alone: nothing but the no-ops that mark where a call was
// inlined, and the return.
var compilerBarrierOnly = []disasm.Rule{disasm.Only(`NOP[LW]?|RET`)}

// mbBelowSP is smp_mb's locked OR (or ADD) of zero to a word below SP, not
// to 0(SP), the return address that the RET after it loads at once.
const mbBelowSP = `LOCK (ORL|ADDL) \$0x0, -0x[0-9a-f]+\(SP\)`

// asmAMD64Rules are keyed by what objdump names: the probe's wrappers of
// the operations (internal/probe/ops.go), whose listings are the
// operations as they compile where they are inlined, and the assembly
// routines of the fences. The rules apply to a listing with the calls it
// makes expanded.
func asmAMD64Rules() map[string][]disasm.Rule {
	// The loads and read-modify-writes are sync/atomic intrinsics: the
	// instruction is in the caller's body, with no call into the package
	// (the wrappers of the panicking operations call runtime.gopanic).
	inline := disasm.Lacks(callRoutine)
	noFence := disasm.Lacks(x86Fence)
	// A relaxed or acquire load is a MOVL: no XCHG, no LOCK, no fence.
	load := []disasm.Rule{disasm.Has(`MOVL 0\(\w+\), \w+`), inline, disasm.Lacks(`LOCK .*`), disasm.Lacks(`XCHG.*`), noFence}
	// Every ordering of a read-modify-write is the same locked
	// instruction, a full barrier; nothing may add a fence to it.
	locked := func(insn string) []disasm.Rule { return []disasm.Rule{disasm.Has(insn), inline, noFence} }
	// A release store is a MOV, in the assembly routine it calls: XCHG
	// would be a full barrier, what sync/atomic.Store pays and a release
	// does not need.
	store := func(routine string) []disasm.Rule {
		return []disasm.Rule{
			disasm.InOrder(`CALL github\.com/atomicfence/atomicfence\.`+routine+`\.abi0\(SB\)`, `MOVL \w+, 0\(\w+\)`),
			disasm.Lacks(`LOCK .*`), disasm.Lacks(`XCHG.*`), noFence,
		}
	}
	return map[string][]disasm.Rule{
		"main.(*Int32).LoadRelaxed":              load,
		"main.(*Int32).LoadAcquire":              load,
		"main.(*Int32).StoreRelaxed":             store("store32Relaxed"),
		"main.(*Int32).StoreRelease":             store("store32Release"),
		"main.(*Int32).FetchAddRelaxed":          locked(lockXadd),
		"main.(*Int32).FetchAddAcquire":          locked(lockXadd),
		"main.(*Int32).FetchAddRelease":          locked(lockXadd),
		"main.(*Int32).FetchAddFull":             locked(lockXadd),
		"main.(*Int32).CompareAndSwapRelaxed":    locked(lockCmpxchg),
		"main.(*Int32).CompareAndSwapAcquire":    locked(lockCmpxchg),
		"main.(*Int32).CompareAndSwapRelease":    locked(lockCmpxchg),
		"main.(*Int32).CompareAndSwapFull":       locked(lockCmpxchg),
		"main.(*Int32).IncNotZeroLimitedRelaxed": locked(lockCmpxchg),
		"main.(*Int32).IncNotZeroLimitedAcquire": locked(lockCmpxchg),
		"main.(*Int32).AddNotZeroLimitedRelaxed": locked(lockCmpxchg),
		"main.(*Int32).AddNotZeroLimitedAcquire": locked(lockCmpxchg),
		"main.(*Int32).DecAndTest":               locked(lockXadd),
		"main.(*Int32).SubAndTest":               locked(lockXadd),
		// TSO orders loads with loads and stores with stores: a compiler
		// barrier is the whole fence, with no instruction and no call
		// (TestAssemblyFenceIsCompilerBarrier shows that it still is
		// one). The probe's wrapper is its inline marks and its return.
		"main.Rmb":     compilerBarrierOnly,
		"main.Wmb":     compilerBarrierOnly,
		"mb":           {disasm.Has(mbBelowSP), disasm.Only(mbBelowSP + `|RET`)},
		"mandatoryRmb": {disasm.Has(`LFENCE`), disasm.Only(`LFENCE|RET`)},
		"mandatoryWmb": {disasm.Has(`SFENCE`), disasm.Only(`SFENCE|RET`)},
		"mandatoryMb":  {disasm.Has(`MFENCE`), disasm.Only(`MFENCE|RET`)},
	}
}

// asmAMD64Kinds groups the amd64 rules by the instruction they want. The
// orderings within a group are one instruction on amd64, so no rule can
// tell them apart, and none needs to; the rules of each group must reject
// the code of every other group.
var asmAMD64Kinds = [][]string{
	{"main.(*Int32).LoadRelaxed", "main.(*Int32).LoadAcquire"},
	{"main.(*Int32).StoreRelaxed", "main.(*Int32).StoreRelease"},
	{"main.(*Int32).FetchAddRelaxed", "main.(*Int32).FetchAddAcquire", "main.(*Int32).FetchAddRelease",
		"main.(*Int32).FetchAddFull", "main.(*Int32).DecAndTest", "main.(*Int32).SubAndTest"},
	{"main.(*Int32).CompareAndSwapRelaxed", "main.(*Int32).CompareAndSwapAcquire", "main.(*Int32).CompareAndSwapRelease",
		"main.(*Int32).CompareAndSwapFull", "main.(*Int32).IncNotZeroLimitedRelaxed", "main.(*Int32).IncNotZeroLimitedAcquire",
		"main.(*Int32).AddNotZeroLimitedRelaxed", "main.(*Int32).AddNotZeroLimitedAcquire"},
	{"main.Rmb", "main.Wmb"},
	{"mb"},
	{"mandatoryRmb"},
	{"mandatoryWmb"},
	{"mandatoryMb"},
}

// asmOrderings groups the routines that differ only in their ordering: on
// arm64 the rules of each must fail on every other, or they could not catch
// a routine given the wrong ordering.
var asmOrderings = [][]string{
	{"load32Relaxed", "load32Acquire"},
	{"store32Relaxed", "store32Release"},
	{"xadd32Relaxed", "xadd32Acquire", "xadd32Release", "xadd32Full", "subAndTest"},
	{"cas32Relaxed", "cas32Acquire", "cas32Release", "cas32Full"},
	{"addNotZeroLimitedRelaxed", "addNotZeroLimitedAcquire"},
	{"rmb", "wmb", "mb", "mandatoryRmb", "mandatoryWmb", "mandatoryMb"},
}

// asmListings holds the disassembly of the probe per target and build
// tags, built once.
var asmListings = map[string][]disasm.Func{}

func asmDisassembled(t *testing.T, name string, tags ...string) []disasm.Func {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles with the go command: amd64 hosts only, never under emulation")
	}
	key := name + " " + strings.Join(tags, ",")
	if funcs, ok := asmListings[key]; ok {
		return funcs
	}
	tg, err := target.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	funcs, err := disasm.Disassemble(ctx, tg, tags...)
	if err != nil {
		t.Fatal(err)
	}
	asmListings[key] = funcs
	return funcs
}

// asmFunc returns the listing of the Go function name, e.g.
// "vma.(*VMA).StartRead".
func asmFunc(t *testing.T, funcs []disasm.Func, name string) disasm.Func {
	t.Helper()
	for _, f := range funcs {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("function %s is not in the listing", name)
	return disasm.Func{}
}

func TestAssembly(t *testing.T) {
	for _, tc := range []struct {
		target string
		rules  map[string][]disasm.Rule
	}{
		{"amd64", asmAMD64Rules()},
		{"arm64", asmARM64Rules(false)},
		{"arm64-lse", asmARM64Rules(true)},
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

// TestAssemblyRulesTellOrderingsApart applies the rules of each arm64
// routine to its siblings of other orderings, which they must reject.
func TestAssemblyRulesTellOrderingsApart(t *testing.T) {
	for _, tc := range []struct {
		target string
		v81    bool
	}{{"arm64", false}, {"arm64-lse", true}} {
		t.Run(tc.target, func(t *testing.T) {
			funcs := asmDisassembled(t, tc.target)
			rules := asmARM64Rules(tc.v81)
			for _, group := range asmOrderings {
				for _, x := range group {
					for _, y := range group {
						if x == y {
							continue
						}
						insts := disasm.Expand(asmFunc(t, funcs, y), funcs)
						if disasm.Check(y, insts, rules[x]...) == nil {
							t.Errorf("%s: the rules of %s hold on %s too, so they cannot catch one in place of the other", tc.target, x, y)
						}
					}
				}
			}
		})
	}
}

// TestAssemblyAMD64RulesTellKindsApart applies the rules of each amd64
// group to the code of the others, which they must reject, and to what the
// amd64 code was before its loads and read-modify-writes were intrinsics
// and its mb wrote below SP.
func TestAssemblyAMD64RulesTellKindsApart(t *testing.T) {
	funcs := asmDisassembled(t, "amd64")
	rules := asmAMD64Rules()
	for i, group := range asmAMD64Kinds {
		for j, other := range asmAMD64Kinds {
			if i == j {
				continue
			}
			for _, y := range other {
				insts := disasm.Expand(asmFunc(t, funcs, y), funcs)
				if disasm.Check(y, insts, rules[group[0]]...) == nil {
					t.Errorf("the rules of %s hold on %s too, so they cannot catch one in place of the other", group[0], y)
				}
			}
		}
	}
	for _, tc := range []struct {
		rules string
		insts []string
	}{
		// A load through a call of an assembly routine.
		{"main.(*Int32).LoadAcquire", []string{"CALL github.com/atomicfence/atomicfence.load32Acquire.abi0(SB)", "MOVL 0(AX), AX", "RET"}},
		// A load with a fence after it.
		{"main.(*Int32).LoadAcquire", []string{"MOVL 0(AX), AX", "MFENCE", "RET"}},
		// atomic.StoreInt32's XCHG.
		{"main.(*Int32).StoreRelease", []string{"CALL github.com/atomicfence/atomicfence.store32Release.abi0(SB)", "XCHGL BX, 0(AX)", "RET"}},
		// A store inline, where the compiler could merge or move it.
		{"main.(*Int32).StoreRelease", []string{"MOVL BX, 0(AX)", "RET"}},
		// The fetch-add and the compare-and-swap out of line.
		{"main.(*Int32).FetchAddRelease", []string{"CALL github.com/atomicfence/atomicfence.xadd32Release.abi0(SB)", "LOCK XADDL AX, 0(BX)", "RET"}},
		{"main.(*Int32).IncNotZeroLimitedAcquire", []string{"CALL github.com/atomicfence/atomicfence.addNotZeroLimitedAcquire.abi0(SB)", "LOCK CMPXCHGL SI, 0(BX)", "RET"}},
		// An acquire that added a fence to its locked instruction.
		{"main.(*Int32).CompareAndSwapAcquire", []string{"LOCK CMPXCHGL CX, 0(DX)", "LFENCE", "RET"}},
		// mb's OR on the return address, and MFENCE.
		{"mb", []string{"LOCK ORL $0x0, 0(SP)", "RET"}},
		{"mb", []string{"MFENCE", "RET"}},
		// An Rmb that is a fence, or a call.
		{"main.Rmb", []string{"LFENCE", "RET"}},
		{"main.Rmb", []string{"CALL github.com/atomicfence/atomicfence.rmb.abi0(SB)", "RET"}},
		{"main.Wmb", []string{"CALL github.com/atomicfence/atomicfence.wmb.abi0(SB)", "RET"}},
	} {
		insts := make([]disasm.Inst, len(tc.insts))
		for i, text := range tc.insts {
			insts[i] = disasm.Inst{Text: text}
		}
		if disasm.Check(tc.rules, insts, rules[tc.rules]...) == nil {
			t.Errorf("the rules of %s hold on %q", tc.rules, tc.insts)
		}
	}
}

// TestAssemblyFenceIsCompilerBarrier checks, on amd64 where Rmb, Wmb,
// MbBeforeAtomic and MbAfterAtomic are no instruction and no call, that
// they are still what keeps the compiler from merging two plain loads of a
// word around Rmb or MbAfterAtomic, from dropping the first of two plain
// stores around Wmb or MbBeforeAtomic, and from merging the two loads
// of a sequence count around a data load in a seqlock reader, where the
// load of the data stays between them (internal/probe/barriers.go); the
// same code with nothing between the accesses shows that it would. Under
// purego each fence is a locked add of a local word, inlined into every
// fence wrapper, and the accesses keep their sides of that instruction.
func TestAssemblyFenceIsCompilerBarrier(t *testing.T) {
	for _, build := range []struct {
		tags  []string
		fence string // the instruction the accesses keep their sides of
	}{{nil, ""}, {[]string{"purego"}, `LOCK XADDL \w+, ` + mem32}} {
		t.Run(strings.Join(append([]string{"amd64"}, build.tags...), " "), func(t *testing.T) {
			funcs := asmDisassembled(t, "amd64", build.tags...)
			asmFenceIsCompilerBarrier(t, funcs, build.fence)
			if build.fence == "" {
				return
			}
			for _, fn := range []string{"Rmb", "Wmb", "Mb", "MandatoryRmb", "MandatoryWmb", "MandatoryMb", "MbBeforeAtomic", "MbAfterAtomic"} {
				insts := disasm.Expand(asmFunc(t, funcs, "main."+fn), funcs)
				if err := disasm.Check("amd64 purego main."+fn, insts, disasm.Has(build.fence)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func asmFenceIsCompilerBarrier(t *testing.T, funcs []disasm.Func, fence string) {
	load := `(MOVL|ADDL|CMPL) ` + mem32 + `, \w+`
	store := func(v int) string { return fmt.Sprintf(`MOVL \$0x%x, %s`, v, mem32) }
	noCall := disasm.Lacks(`CALL .*`)
	// The seqlock reader's arguments arrive in AX (the count) and BX (the
	// data), as the register ABI passes them.
	seqLoad, dataLoad := `(MOVL|SUBL|CMPL) 0\(AX\), \w+`, `MOVL 0\(BX\), \w+`
	around := func(accesses ...string) disasm.Rule {
		if fence == "" {
			return disasm.InOrder(accesses...)
		}
		var seq []string
		for i, a := range accesses {
			if i > 0 {
				seq = append(seq, fence)
			}
			seq = append(seq, a)
		}
		return disasm.InOrder(seq...)
	}
	for _, tc := range []struct {
		fn    string
		rules []disasm.Rule
		holds bool
	}{
		{"main.loadsAroundRmb", []disasm.Rule{around(load, load), noCall}, true},
		{"main.loadsAroundNothing", []disasm.Rule{disasm.InOrder(load, load)}, false},
		{"main.storesAroundWmb", []disasm.Rule{around(store(1), store(2)), noCall}, true},
		{"main.storesAroundMbBeforeAtomic", []disasm.Rule{around(store(1), store(2)), noCall}, true},
		{"main.loadsAroundMbAfterAtomic", []disasm.Rule{around(load, load), noCall}, true},
		{"main.storesAroundNothing", []disasm.Rule{disasm.Has(store(1))}, false},
		{"main.seqlockRead", []disasm.Rule{around(seqLoad, dataLoad, seqLoad), noCall}, true},
		{"main.seqlockReadNothing", []disasm.Rule{disasm.InOrder(seqLoad, dataLoad, seqLoad)}, false},
	} {
		err := disasm.Check("amd64 "+tc.fn, asmFunc(t, funcs, tc.fn).Insts, tc.rules...)
		switch {
		case tc.holds && err != nil:
			t.Error(err)
		case !tc.holds && err == nil:
			t.Errorf("amd64 %s: with no call between them the compiler kept both accesses, so the test shows nothing", tc.fn)
		}
	}
}

// Direct calls to the routines, as objdump prints them on both
// architectures (BL on arm64 prints as CALL).
const (
	callAcquireInc = `CALL github\.com/atomicfence/atomicfence\.addNotZeroLimitedAcquire\.abi0\(SB\)`
	callRelaxedInc = `CALL github\.com/atomicfence/atomicfence\.addNotZeroLimitedRelaxed\.abi0\(SB\)`
	callRmb        = `CALL github\.com/atomicfence/atomicfence\.rmb\.abi0\(SB\)`
	callStartRead  = `CALL github\.com/atomicfence/atomicfence/vma\.\(\*VMA\)\.(StartRead|startReadCalled)\(SB\)`
	callPlacement  = `CALL .*StartReadWith.*`
	callBackOff    = `CALL github\.com/atomicfence/atomicfence/vma\.\(\*VMA\)\.backOff\(SB\)`
	callMorestack  = `CALL runtime\.morestack_noctxt\.abi0\(SB\)`
)

// indirectCall is a call through a register or a memory operand: a
// function value or an interface method that the compiler did not resolve.
const indirectCall = `CALL ((AX|BX|CX|DX|SI|DI|BP|R8|R9|R1[0-5])|-?(0x[0-9a-f]+)?\((AX|BX|CX|DX|SI|DI|BP|R8|R9|R1[0-5])\).*)`

// callPlacementFunc is a call of the placement switch or of one of the
// placements it picks from.
const callPlacementFunc = `CALL .*vma\.\(\*VMA\)\.(StartReadWith|startRead\w+)\(SB\)`

// asmDefaultReadRules: on arm64 StartRead's body (startReadCalled, which
// the StartRead that callers inline calls) holds the acquire increment,
// not StartReadWith's switch, nor the relaxed increment or a barrier: it
// calls the acquire routine directly.
func asmDefaultReadRules(target string) []disasm.Rule {
	return []disasm.Rule{disasm.Lacks(callPlacement), disasm.Lacks(callPlacementFunc), disasm.Lacks(callRmb), disasm.Lacks(indirectCall),
		asmReadCalls(target), disasm.Has(callAcquireInc), disasm.Lacks(callRelaxedInc)}
}

// asmInlineReadRules: on amd64 StartRead and EndRead are inlined into
// their caller (vma's inlineRead), and the probe's readLocked holds the
// whole successful path with no call: the early check's two loads, the
// try from 1 to 2 (no load of the count in front of it), the compare of
// the owner with the MM, made from memory after the try (an owner read
// before it may be of an MM that the object has since left), the
// recheck's loads, EndRead's copy of the owner (before the release, after
// which v may be recycled) and the release's LOCK XADDL, in that order.
// Its only calls are the two slow paths, through their func values, the
// fetch-add VMA's panic and the stack's growth.
var asmInlineReadRules = []disasm.Rule{
	disasm.InOrder(`MOVL `+mem32+`, \w+`, `MOVL `+mem32+`, \w+`, `MOVL \$0x1, AX`, `MOVL \$0x2, \w+`, lockCmpxchg,
		`CMPQ `+mem32+`, \w+`, `MOVL `+mem32+`, \w+`, `MOVL `+mem32+`, \w+`, ownerCopy, lockXadd),
	disasm.Exactly(`LOCK .*`, lockCmpxchg, lockXadd),
	disasm.Exactly(`CALL .*`, indirectCall, indirectCall, `CALL runtime\.gopanic\(SB\)`, callMorestack),
	disasm.Lacks(callRoutine), disasm.Lacks(x86Fence),
}

// asmInlineFetchAddRules: on amd64 StartReadWith and EndReadWith are
// inlined into their caller too (vma's inlineFetchAdd), and the probe's
// readLockedFetchAdd holds PlacementFetchAdd's whole successful path with
// no call: the early check's two loads, the acquire fetch-add of 1, the
// owner's compare and the recheck's loads, then the release fetch-add of
// -1, in that order. Its only calls are the three slow paths, through
// their func values, and the stack's growth. The early check branches on
// its compare: no SETcc keeps its result as a byte between the loads and
// the fetch-add, which waits for them (vma's startReadWithInline).
var asmInlineFetchAddRules = []disasm.Rule{
	disasm.InOrder(`MOVL `+mem32+`, \w+`, `MOVL `+mem32+`, \w+`, `MOVL \$0x1, \w+`, lockXadd,
		`CMPQ `+mem32+`, \w+`, `MOVL `+mem32+`, \w+`, `MOVL `+mem32+`, \w+`, `MOVL \$-0x1, \w+`, lockXadd),
	disasm.NoneBetween(`MOVL `+mem32+`, \w+`, lockXadd, `SET\w+ .*`),
	disasm.Exactly(`LOCK .*`, lockXadd, lockXadd),
	disasm.Exactly(`CALL .*`, indirectCall, indirectCall, indirectCall, callMorestack),
	disasm.Lacks(callRoutine), disasm.Lacks(x86Fence),
}

// stackStore is a store of a register to a stack slot: a spill.
const stackStore = `MOVQ \w+, (0x[0-9a-f]+)?\(SP\)`

// asmLoopSpillRules: in the probe's loops of a read lock and its release
// (readLockedLoop, readLockedFetchAddLoop) the loop's counters live across
// the calls of the slow paths, and the compiler stores them to the stack
// on the successful path. It must store them after the loop's compare and
// before the early check's loads, never between the increment and the
// release, whose locked instruction would wait for that store (vma's
// startReadInline): the default read path's early check returns ReadBusy
// rather than calling its slow path, and StartReadWith's calls the called
// form. (The prologue's stores of the arguments come before the loop.)
func asmLoopSpillRules(inc string) []disasm.Rule {
	return []disasm.Rule{disasm.InOrder(`CMPQ \w+, \w+`, stackStore, `MOVL `+mem32+`, \w+`, inc),
		disasm.NoneBetween(inc, lockXadd, stackStore)}
}

// ownerCopy is a load of a pointer field of an object, not of a stack
// slot: in the inlined read path, EndRead's copy of v.mm.
const ownerCopy = `MOVQ (0x[0-9a-f]+|0)\((AX|BX|CX|DX|SI|DI|R8|R9|R1[0-5])\), \w+`

// asmReadRestRules: the inlined StartRead's slow path (startReadRest) is
// the increment that reads the count (one LOCK CMPXCHGL, in its loop,
// of the count just loaded and that count plus 1: no second try) and the
// back-off, with no call into the root package.
var asmReadRestRules = []disasm.Rule{disasm.Exactly(`LOCK .*`, lockCmpxchg), disasm.InOrder(`MOVL `+mem32+`, \w+`, `LEAL 0x1\(\w+\), \w+`, lockCmpxchg),
	disasm.Has(callBackOff), disasm.Lacks(callRoutine)}

// asmIdleTryRules: on amd64 every count-based read path first tries the
// compare-and-swap from 1 to 2, with no load of the count in front of it
// (vma's guessIdle), and then, when that fails, makes the increment's own
// loop: two LOCK CMPXCHGLs, the first from the constant 1.
var asmIdleTryRules = []disasm.Rule{disasm.Exactly(`LOCK CMPXCHGL .*`, lockCmpxchg, lockCmpxchg),
	disasm.InOrder(`MOVL \$0x1, AX`, `MOVL \$0x2, \w+`, lockCmpxchg)}

// asmReadCalls is every call that StartRead's own body may make, each
// once, in the order the compiler lays them out. On arm64 the increment's
// routine is the one call of the successful path: the loads of steps 1, 3
// and 4 are LDARs in the body (recheck inlined), not calls of
// load32Relaxed, load32Acquire or recheck. On amd64 the successful path
// makes no call at all. The other two calls are off that path: backOff is
// the failure of step 3 or 4 (it releases the reference), morestack the
// prologue's growth of a goroutine stack too small for the frame.
func asmReadCalls(target string) disasm.Rule {
	if target == "amd64" {
		return disasm.Exactly(`CALL .*`, callBackOff, callMorestack)
	}
	return disasm.Exactly(`CALL .*`, callAcquireInc, callBackOff, callMorestack)
}

// asmRmbPlacementRules is the relaxed increment and then, called from the
// placement's own body once the increment has returned, the read barrier:
// DMB ISHLD after the LDXR/STXR loop (or CAS). On amd64 the barrier is no
// instruction and no call, only a compiler barrier that keeps the loads of
// steps 3 and 4 after the increment: the placement is the relaxed one's
// code, as it should be.
func asmRmbPlacementRules(target string) []disasm.Rule {
	switch target {
	case "amd64":
		return append([]disasm.Rule{disasm.InOrder(lockCmpxchg, `MOVL `+mem32+`, \w+`), disasm.Lacks(x86Fence), disasm.Lacks(callRmb)}, asmIdleTryRules...)
	case "arm64":
		return []disasm.Rule{disasm.InOrder(callRelaxedInc, ldxr, stxr, callRmb, dmbISHLD)}
	}
	return []disasm.Rule{disasm.InOrder(callRelaxedInc, `CASW .*`, callRmb, dmbISHLD)}
}

// asmAssertLockedRules: without the vmadebug tag AssertLocked compiles to
// nothing; the probe's non-inlined wrapper of it is a bare return, so it
// loads no count.
var asmAssertLockedRules = []disasm.Rule{disasm.Only(`RET|UDF .*`)}

func TestAssemblyReadPath(t *testing.T) {
	for _, name := range []string{"amd64", "arm64", "arm64-lse"} {
		t.Run(name, func(t *testing.T) {
			funcs := asmDisassembled(t, name)
			readRules := asmDefaultReadRules(name)
			lockRules := []disasm.Rule{disasm.Has(callStartRead + `|` + callAcquireInc), disasm.Lacks(callPlacement), disasm.Lacks(callRelaxedInc)}
			if name == "amd64" {
				readRules = asmInlineReadRules
				lockRules = append(asmIdleTryRules[1:], disasm.Lacks(callStartRead), disasm.Lacks(callPlacement))
				rest := asmFunc(t, funcs, "vma.(*VMA).startReadRest")
				if err := disasm.Check(name+" startReadRest", rest.Insts, asmReadRestRules...); err != nil {
					t.Error(err)
				}
				if err := disasm.Check(name+" readLocked", asmFunc(t, funcs, "main.readLocked").Insts, readRules...); err != nil {
					t.Error(err)
				}
				fa := asmFunc(t, funcs, "main.readLockedFetchAdd")
				if err := disasm.Check(name+" readLockedFetchAdd", fa.Insts, asmInlineFetchAddRules...); err != nil {
					t.Error(err)
				}
				for fn, inc := range map[string]string{"main.readLockedLoop": lockCmpxchg, "main.readLockedFetchAddLoop": lockXadd} {
					if err := disasm.Check(name+" "+fn, asmFunc(t, funcs, fn).Insts, asmLoopSpillRules(inc)...); err != nil {
						t.Error(err)
					}
				}
				// Each set of rules rejects the other's code: the default
				// read lock's try is no fetch-add, and the reverse.
				if disasm.Check("readLocked", asmFunc(t, funcs, "main.readLocked").Insts, asmInlineFetchAddRules...) == nil {
					t.Error("amd64: the inlined fetch-add read path's rules hold on readLocked")
				}
				if disasm.Check("readLockedFetchAdd", fa.Insts, asmInlineReadRules...) == nil {
					t.Error("amd64: the inlined default read path's rules hold on readLockedFetchAdd")
				}
			} else if err := disasm.Check(name+" StartRead", asmFunc(t, funcs, "vma.(*VMA).startReadCalled").Insts, readRules...); err != nil {
				t.Error(err)
			}
			lock := asmFunc(t, funcs, "vma.(*MM).LockVMA")
			if err := disasm.Check(name+" LockVMA", lock.Insts, lockRules...); err != nil {
				t.Error(err)
			}
			rmb := asmFunc(t, funcs, "vma.(*VMA).startReadRelaxedRmb")
			if err := disasm.Check(name+" relaxed+rmb placement", disasm.Expand(rmb, funcs), asmRmbPlacementRules(name)...); err != nil {
				t.Error(err)
			}
			if name == "amd64" {
				for _, fn := range []string{"vma.(*VMA).startReadRelaxed", "vma.(*VMA).StartReadLocked"} {
					if err := disasm.Check(name+" "+fn, asmFunc(t, funcs, fn).Insts, asmIdleTryRules...); err != nil {
						t.Error(err)
					}
				}
			}
			assert := asmFunc(t, funcs, "main.assertLocked")
			if err := disasm.Check(name+" AssertLocked", disasm.Expand(assert, funcs), asmAssertLockedRules...); err != nil {
				t.Error(err)
			}

			// The same rules on the wrong code must fail: on the placement
			// switch, and on arm64 on the rmb and the relaxed placements.
			// On amd64 those are the same LOCK CMPXCHGL as the acquire
			// one, as they should be.
			relaxed := asmFunc(t, funcs, "vma.(*VMA).startReadRelaxed")
			wrong := []disasm.Func{asmFunc(t, funcs, "vma.(*VMA).startReadWithCalled")}
			if name != "amd64" {
				wrong = append(wrong, rmb, relaxed)
			}
			for _, f := range wrong {
				if disasm.Check(f.Name(), f.Insts, readRules...) == nil {
					t.Errorf("%s: the default read path's rules hold on %s", name, f.Name())
				}
			}
			// The calls of StartRead when its loads were calls of the
			// assembly: four on the successful path (both loads of step
			// 1, the increment, recheck), and the same with recheck
			// inlined but its loads still calls.
			if name != "amd64" {
				const root, vma = "github.com/atomicfence/atomicfence.", "github.com/atomicfence/atomicfence/vma."
				load, acquire := "CALL "+root+"load32Relaxed.abi0(SB)", "CALL "+root+"load32Acquire.abi0(SB)"
				inc, recheck := "CALL "+root+"addNotZeroLimitedAcquire.abi0(SB)", "CALL "+vma+"(*VMA).recheck(SB)"
				backOff, morestack := "CALL "+vma+"(*VMA).backOff(SB)", "CALL runtime.morestack_noctxt.abi0(SB)"
				for _, calls := range [][]string{
					{load, load, inc, recheck, backOff, morestack},
					{load, load, inc, acquire, load, backOff, morestack},
				} {
					insts := make([]disasm.Inst, len(calls))
					for i, text := range calls {
						insts[i] = disasm.Inst{Text: text}
					}
					if disasm.Check("StartRead", insts, asmReadCalls(name)) == nil {
						t.Errorf("%s: the read path's call rule holds on %q", name, calls)
					}
				}
			}
			// Without backOff: the failure path's release may reach a
			// barrier (EndRead's misuse check reads as a speculative reader
			// does), which orders nothing on the success path.
			success := slices.DeleteFunc(slices.Clone(funcs), func(f disasm.Func) bool { return f.Name() == "vma.(*VMA).backOff" })
			if name != "amd64" && disasm.Check(relaxed.Name(), disasm.Expand(relaxed, success), asmRmbPlacementRules(name)...) == nil {
				t.Errorf("%s: the relaxed+rmb rules hold on the relaxed placement, which has no barrier", name)
			}
		})
	}
}

// TestReadPathInlines: on amd64 the compiler inlines StartRead and
// EndRead into their callers with no profile (vma's inlineRead), and
// StartReadWith and EndReadWith too (inlineFetchAdd). Its report on vma
// says that the four fit the budget, and its report on the probe that
// readLocked and readLockedFetchAdd inline their two calls along with the
// bodies behind them. TestAssemblyReadPath checks what the inlined code
// holds.
func TestReadPathInlines(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("runs the go command: amd64 hosts only, never under emulation")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", os.DevNull,
		"-gcflags=-m", "-gcflags="+disasm.Module+"/vma=-m", "./internal/probe")
	cmd.Env = append(cmd.Environ(), target.Host().BuildEnv("linux")...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=-m: %v\n%s", err, out)
	}
	for file, names := range map[string][]string{"read": {"StartRead", "EndRead"}, "placement": {"StartReadWith", "EndReadWith"}} {
		for _, name := range names {
			if !regexp.MustCompile(`(?m)^vma/` + file + `\.go:\d+:\d+: can inline \(\*VMA\)\.` + name + `$`).Match(out) {
				t.Errorf("vma's %s is not reported inlinable:\n%s", name, out)
			}
		}
	}
	src, err := os.ReadFile(filepath.Join("internal", "probe", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	// Each caller calls its two functions and nothing else of vma; each
	// call with its inlined bodies, without which the two are wrappers
	// that call the bodies of the other architectures.
	for caller, inlined := range map[string][]string{
		"readLocked":         {"StartRead", "EndRead", "startReadInline", "startReadTry", "endReadInline"},
		"readLockedFetchAdd": {"StartReadWith", "EndReadWith", "startReadWithInline", "startReadFetchAddInline", "endReadFetchAddInline"},
	} {
		first := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "func "+caller+"(") })
		if first < 0 {
			t.Fatalf("internal/probe/main.go has no %s", caller)
		}
		for _, name := range inlined {
			re := regexp.MustCompile(`(?m)^internal/probe/main\.go:(\d+):\d+: inlining call to vma\.\(\*VMA\)\.` + name + `$`)
			found := false
			for _, m := range re.FindAllSubmatch(out, -1) {
				line, _ := strconv.Atoi(string(m[1]))
				found = found || line > first && line < first+8
			}
			if !found {
				t.Errorf("%s's call of %s is not inlined:\n%s", caller, name, out)
			}
		}
	}
}

// TestAssemblyAssertLockedDebug builds with the vmadebug tag, where
// AssertLocked does load the count: its rules must fail there.
func TestAssemblyAssertLockedDebug(t *testing.T) {
	for _, name := range []string{"amd64", "arm64-lse"} {
		funcs := asmDisassembled(t, name, "vmadebug")
		assert := asmFunc(t, funcs, "main.assertLocked")
		insts := disasm.Expand(assert, funcs)
		if disasm.Check(name+" AssertLocked", insts, asmAssertLockedRules...) == nil {
			t.Errorf("%s: the AssertLocked rules hold on the vmadebug build, which loads the count", name)
		}
		// The debug build reads the count (and vm_lock_seq) with
		// LoadRelaxed: a call of the routine on arm64, a MOVL on amd64.
		load := `CALL github\.com/atomicfence/atomicfence\.load32Relaxed\.abi0\(SB\)`
		if name == "amd64" {
			load = `MOVL ` + mem32 + `, \w+`
		}
		if err := disasm.Check(name+" AssertLocked -tags vmadebug", insts, disasm.Has(load)); err != nil {
			t.Errorf("the vmadebug build should load the count: %v", err)
		}
	}
}

// TestPrimitiveBenchmarksCallDirectly checks the fairness of
// BenchmarkPrimitive: each case compares an operation of this package
// (inlined, or a direct call of its routine) with an inlined sync/atomic
// intrinsic, and an indirect call in a loop (through a function value the
// compiler did not resolve) would add to one side only. That holds for
// every closure that runs a case, wherever the compiler names it: where it
// inlines benchTypes or benchFenceAlternatives into BenchmarkPrimitive it
// copies their closures (BenchmarkPrimitive.benchFenceAlternatives.func…),
// and such a copy can keep a call of its helper, which then calls the
// operation through a function value: alt-mb-return-slot paid two calls
// more than mb, which it is compared with. Each fence case calls its
// routine directly.
func TestPrimitiveBenchmarksCallDirectly(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles with the go command: amd64 hosts only, never under emulation")
	}
	tg, err := target.Lookup("amd64")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	funcs, err := disasm.TestFuncs(ctx, tg, t.TempDir(), `^github\.com/atomicfence/atomicfence_test\.(BenchmarkPrimitive|benchTypes|benchFenceAlternatives)\..*func`)
	if err != nil {
		t.Fatal(err)
	}
	if len(funcs) < 20 {
		t.Fatalf("found %d closures of BenchmarkPrimitive, want one per case", len(funcs))
	}
	// A helper the compiler did not inline calls its function value.
	helper := `CALL github\.com/atomicfence/atomicfence_test\.bench[A-Z].*`
	// The routine of each fence case, called directly from its closure.
	fences := map[string]bool{"mb": false, "mandatoryRmb": false, "mandatoryWmb": false, "mandatoryMb": false, "mbReturnSlot": false}
	call := regexp.MustCompile(`^CALL github\.com/atomicfence/atomicfence\.(\w+)\.abi0\(SB\)$`)
	for _, f := range funcs {
		if err := disasm.Check(f.Name(), f.Insts, disasm.Lacks(indirectCall), disasm.Lacks(helper)); err != nil {
			t.Error(err)
		}
		for _, in := range f.Insts {
			if m := call.FindStringSubmatch(strings.TrimSpace(in.Text)); m != nil {
				if _, ok := fences[m[1]]; ok {
					fences[m[1]] = true
				}
			}
		}
	}
	for routine, called := range fences {
		if !called {
			t.Errorf("no case of BenchmarkPrimitive calls %s directly", routine)
		}
	}
	// The rule catches the indirect call of a helper that was not inlined.
	if disasm.Check("indirect", []disasm.Inst{{Text: "CALL CX"}}, disasm.Lacks(indirectCall)) == nil ||
		disasm.Check("indirect", []disasm.Inst{{Text: "CALL 0x18(DX)"}}, disasm.Lacks(indirectCall)) == nil ||
		disasm.Check("direct", []disasm.Inst{{Text: "CALL github.com/atomicfence/atomicfence.load32Relaxed.abi0(SB)"}}, disasm.Lacks(indirectCall)) != nil {
		t.Error("the indirect-call pattern is wrong")
	}
}
