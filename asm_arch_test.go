package atomicfence_test

import (
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// Helpers of the per-routine rules of the architectures whose barriers
// are instructions of their own (riscv64, loong64).

// asmCheckArch checks every routine of target against its rule, and that
// every routine of the target's assembly files (those ending in suffix)
// has one.
func asmCheckArch(t *testing.T, target string, rules map[string][]disasm.Rule, suffix string) {
	t.Helper()
	funcs := asmDisassembled(t, target)
	for name, rs := range rules {
		if err := disasm.Check(target+" "+name, asmFunc(t, funcs, name).Insts, rs...); err != nil {
			t.Error(err)
		}
	}
	for _, f := range funcs {
		if strings.HasSuffix(f.File, suffix) {
			if _, ok := rules[f.Name()]; !ok {
				t.Errorf("%s (%s) has no %s rule", f.Name(), f.File, target)
			}
		}
	}
}

// asmApart applies the rules of each routine of a group to every other
// routine of the group: none may hold there.
func asmApart(t *testing.T, funcs []disasm.Func, rules map[string][]disasm.Rule, groups [][]string) {
	t.Helper()
	for _, group := range groups {
		for _, x := range group {
			for _, y := range group {
				if x != y && disasm.Check(y, asmFunc(t, funcs, y).Insts, rules[x]...) == nil {
					t.Errorf("the rules of %s hold on %s too", x, y)
				}
			}
		}
	}
}

// asmWeakened rewrites, one at a time, each ordering instruction of each
// named routine into a weaker form (weaker maps a piece of text to its
// replacement) and requires the routine's rules to reject every result.
func asmWeakened(t *testing.T, funcs []disasm.Func, rules map[string][]disasm.Rule, names []string, weaker map[string]string) {
	t.Helper()
	for _, name := range names {
		f := asmFunc(t, funcs, name)
		broken := 0
		for i, in := range f.Insts {
			for from, to := range weaker {
				if !strings.Contains(in.Text, from) {
					continue
				}
				mutant := append([]disasm.Inst(nil), f.Insts...)
				mutant[i].Text = strings.Replace(in.Text, from, to, 1)
				if disasm.Check(name, mutant, rules[name]...) == nil {
					t.Errorf("%s: the rules hold with %q weakened to %q", name, in.Text, mutant[i].Text)
				}
				broken++
			}
		}
		if broken == 0 {
			t.Errorf("%s: no ordering instruction to weaken", name)
		}
	}
}
