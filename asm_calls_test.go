package atomicfence_test

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/disasm"
)

// asmOrderingSuffixes are the orderings a method's name ends with, weakest
// first.
var asmOrderingSuffixes = []string{"Relaxed", "Acquire", "Release", "Full", "SeqCst"}

// asmCallRE matches a call and captures the symbol called.
var asmCallRE = regexp.MustCompile(`^CALL (\S+)\(SB\)$`)

// asmWantCall returns the pattern that some symbol called by the probe's
// wrapper of method m of type ty (through the Go functions it calls) must
// match where every ordering is a routine of its own, or "" where m orders
// nothing (a relaxed operation) and no routine is weaker: a routine whose
// name ends with m's ordering, the release routines of the refcount
// decrements, which are releases without saying so, the fences of
// StoreMb, and sync/atomic's, which the garbage collector needs for a
// Pointer's stores and swaps and which are sequentially consistent.
func asmWantCall(ty, m string) string {
	const pkg = `^github\.com/atomicfence/atomicfence\.`
	switch {
	case ty == "Pointer" && !strings.HasPrefix(m, "Load"):
		op := regexp.MustCompile(`^[A-Z][a-z]+(?:And[A-Z][a-z]+)?`).FindString(m)
		return `^sync/atomic\.` + op + `Pointer$`
	case m == "StoreMb":
		return pkg + `storeMb(?:32|64)\.abi0$`
	case m == "DecAndTest" || m == "SubAndTest":
		return pkg + `subAndTest\.abi0$`
	case m == "RefcountDec" || m == "RefcountDecNotOne" || m == "RefcountDecIfOne":
		return pkg + `[a-z]\w*Release\.abi0$`
	}
	for _, o := range asmOrderingSuffixes[1:] {
		if strings.HasSuffix(m, o) {
			return pkg + `[a-z]\w*` + o + `\.abi0$`
		}
	}
	return ""
}

// asmCalls returns every symbol that f calls, directly or through the
// module's functions it calls.
func asmCalls(f disasm.Func, funcs []disasm.Func) []string {
	var syms []string
	for _, in := range disasm.Expand(f, funcs) {
		if m := asmCallRE.FindStringSubmatch(in.Text); m != nil {
			syms = append(syms, m[1])
		}
	}
	return syms
}

// TestAssemblyMethodsCallTheirOrdering: on the targets where each ordering
// is an assembly routine of its own, every method that orders anything
// reaches the routine of its ordering, so that a method that calls a
// weaker routine than its name says (LoadAcquire calling load32Relaxed,
// FetchUpdateFull built on CompareAndSwapRelaxed, RefcountDec on
// FetchAddRelaxed) fails here. On amd64 every ordering but the stores'
// compiles to one instruction, and asmAMD64GenRules checks the stores'
// routines. Each pattern is also checked against the method's relaxed
// sibling, where it has one, which it must not accept.
func TestAssemblyMethodsCallTheirOrdering(t *testing.T) {
	types := []any{&atomicfence.Int32{}, &atomicfence.Uint32{}, &atomicfence.Int64{}, &atomicfence.Uint64{},
		&atomicfence.Uintptr{}, &atomicfence.Bool{}, &atomicfence.Pointer[int]{}}
	for _, tg := range []string{"arm64", "arm64-lse", "riscv64", "loong64", "ppc64le"} {
		t.Run(tg, func(t *testing.T) {
			funcs := asmDisassembled(t, tg)
			checked := 0
			for _, v := range types {
				typ := reflect.TypeOf(v)
				ty, _, _ := strings.Cut(typ.Elem().Name(), "[")
				for i := range typ.NumMethod() {
					m := typ.Method(i).Name
					want := asmWantCall(ty, m)
					if want == "" {
						continue
					}
					re := regexp.MustCompile(want)
					name := "main.(*" + ty + ")." + m
					calls := asmCalls(asmFunc(t, funcs, name), funcs)
					if !slices.ContainsFunc(calls, re.MatchString) {
						t.Errorf("%s: %s calls no routine that matches %s: %q", tg, name, want, calls)
					}
					checked++
					if ty == "Pointer" {
						continue
					}
					for _, o := range asmOrderingSuffixes[1:] {
						base, ok := strings.CutSuffix(m, o)
						if _, has := typ.MethodByName(base + "Relaxed"); !ok || !has {
							continue
						}
						relaxed := asmCalls(asmFunc(t, funcs, "main.(*"+ty+")."+base+"Relaxed"), funcs)
						if slices.ContainsFunc(relaxed, re.MatchString) {
							t.Errorf("%s: the pattern of %s, %s, accepts %sRelaxed too: %q", tg, name, want, base, relaxed)
						}
					}
				}
			}
			if checked < 200 {
				t.Errorf("%s: only %d methods checked", tg, checked)
			}
		})
	}
}

// Pointer's SwapFull and CompareAndSwapFull are sync/atomic's operation
// between MbBeforeAtomic and MbAfterAtomic on every target where that
// operation is no full barrier of itself, and their relaxed siblings call
// neither; on amd64, whose LOCKed instructions are full barriers, neither
// calls them.
func TestAssemblyPointerFull(t *testing.T) {
	barrier := regexp.MustCompile(`mb(Before|After)Atomic`)
	funcs := asmDisassembled(t, "amd64")
	for _, m := range []string{"SwapFull", "CompareAndSwapFull"} {
		if calls := asmCalls(asmFunc(t, funcs, "main.(*Pointer)."+m), funcs); slices.ContainsFunc(calls, barrier.MatchString) {
			t.Errorf("amd64: Pointer.%s calls a barrier, which its LOCKed instruction makes needless: %q", m, calls)
		}
	}
	for _, tg := range []string{"arm64", "arm64-lse", "riscv64", "loong64", "ppc64le"} {
		t.Run(tg, func(t *testing.T) {
			funcs := asmDisassembled(t, tg)
			for _, op := range []string{"Swap", "CompareAndSwap"} {
				want := []string{`mbBeforeAtomic\.abi0$`, `^sync/atomic\.` + op + `Pointer$`, `mbAfterAtomic\.abi0$`}
				calls := asmCalls(asmFunc(t, funcs, "main.(*Pointer)."+op+"Full"), funcs)
				at := 0
				for _, c := range calls {
					if at < len(want) && regexp.MustCompile(want[at]).MatchString(c) {
						at++
					}
				}
				if at < len(want) {
					t.Errorf("%s: Pointer.%sFull calls %q, not %q in that order", tg, op, calls, want)
				}
				relaxed := asmCalls(asmFunc(t, funcs, "main.(*Pointer)."+op+"Relaxed"), funcs)
				if slices.ContainsFunc(relaxed, barrier.MatchString) {
					t.Errorf("%s: Pointer.%sRelaxed calls a barrier: %q", tg, op, relaxed)
				}
			}
		})
	}
}
