package atomicfence_test

import (
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// Calls of the fetch-add routines, as objdump prints them on arm64.
const (
	callXaddAcquire = `CALL github\.com/atomicfence/atomicfence\.xadd32Acquire\.abi0\(SB\)`
	callXaddRelease = `CALL github\.com/atomicfence/atomicfence\.xadd32Release\.abi0\(SB\)`
	callXaddFull    = `CALL github\.com/atomicfence/atomicfence\.xadd32Full\.abi0\(SB\)`
	callXaddRelaxed = `CALL github\.com/atomicfence/atomicfence\.xadd32Relaxed\.abi0\(SB\)`
)

// asmFetchAddRules: the fetch-add placement's reader takes its reference
// with one fetch-add and never a compare-and-swap loop, and its release
// (and undo) is one fetch-add too. On amd64 each is the LOCK XADDL of the
// intrinsic, inline; on arm64 a direct call of the acquire or the release
// routine, whose LDADDAW/LDADDLW or LDAXRW/STLXRW the routine's own rules
// check, and the reader's loads of the sequence counts are inline, as
// StartRead's are.
func asmFetchAddRules(target string) (read, release []disasm.Rule) {
	if target == "amd64" {
		return []disasm.Rule{disasm.Has(lockXadd), disasm.Lacks(lockCmpxchg), disasm.Lacks(callRoutine)},
			[]disasm.Rule{disasm.Has(lockXadd), disasm.Lacks(lockCmpxchg), disasm.Lacks(callRoutine)}
	}
	return []disasm.Rule{disasm.Has(callXaddAcquire), disasm.Lacks(callAcquireInc), disasm.Lacks(callXaddRelaxed), disasm.Lacks(callXaddFull),
			disasm.Lacks(`CALL .*load32(Relaxed|Acquire).*`), disasm.Lacks(`CALL .*recheck.*`)},
		[]disasm.Rule{disasm.Has(callXaddRelease), disasm.Lacks(callXaddRelaxed), disasm.Lacks(callXaddFull)}
}

func TestAssemblyFetchAddPlacement(t *testing.T) {
	for _, name := range []string{"amd64", "arm64", "arm64-lse"} {
		t.Run(name, func(t *testing.T) {
			funcs := asmDisassembled(t, name)
			read, release := asmFetchAddRules(name)
			start := asmFunc(t, funcs, "vma.(*VMA).startReadFetchAdd")
			if err := disasm.Check(name+" startReadFetchAdd", start.Insts, read...); err != nil {
				t.Error(err)
			}
			end := asmFunc(t, funcs, "vma.(*VMA).endReadFetchAdd")
			if err := disasm.Check(name+" endReadFetchAdd", end.Insts, release...); err != nil {
				t.Error(err)
			}
			// The acquire placement's increment is a compare-and-swap
			// loop: the fetch-add rules must fail on it.
			inc := "vma.(*VMA).startReadCalled"
			if name == "amd64" {
				inc = "vma.(*VMA).startReadRest"
			}
			if disasm.Check("StartRead", asmFunc(t, funcs, inc).Insts, read...) == nil {
				t.Errorf("%s: the fetch-add rules hold on StartRead's compare-and-swap increment", name)
			}
			// On arm64 a relaxed fetch-add or release is another routine:
			// the build that weakens each must fail its rule. (On amd64
			// every fetch-add is the same LOCK XADDL.)
			if name == "amd64" {
				return
			}
			for tag, fn := range map[string]string{"weaken_fetchadd_acquire": "startReadFetchAdd", "weaken_fetchadd_release": "endReadFetchAdd"} {
				weak := asmFunc(t, asmDisassembled(t, name, tag), "vma.(*VMA)."+fn)
				rules := read
				if fn == "endReadFetchAdd" {
					rules = release
				}
				if disasm.Check(fn, weak.Insts, rules...) == nil {
					t.Errorf("%s: the rules of %s hold on the build with %s", name, fn, tag)
				}
			}
		})
	}
}
