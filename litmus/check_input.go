package litmus

import (
	"errors"
	"fmt"
)

// checkable reports why Check cannot decide t. Only Parse fills in the
// parsed code that Check runs, so a Test put together by hand, or one whose
// exported fields were changed to something Parse never produces, is
// refused here rather than decided wrongly or crashing the enumeration.
func checkable(t *Test) error {
	if t == nil {
		return errors.New("litmus: Check of a nil *Test")
	}
	bad := func(format string, args ...any) error {
		name := t.File
		if name == "" {
			name = "test " + fmt.Sprintf("%q", t.Name)
		}
		return fmt.Errorf("litmus: %s cannot be checked: %s (build tests with Parse or ParseFile)", name, fmt.Sprintf(format, args...))
	}
	switch t.Arch {
	case AArch64, X86_64, X86, RISCV, PPC:
	default:
		return bad("unknown architecture %q", t.Arch)
	}
	if t.Cond.Prop == nil {
		return bad("it has no final condition")
	}
	if t.Cond.Quant < Exists || t.Cond.Quant > Forall {
		return bad("unknown quantifier %d", t.Cond.Quant)
	}
	for i, th := range t.Threads {
		if th == nil || th.Index != i || len(th.code) != len(th.Instructions) || len(th.lines) != len(th.code) {
			return bad("thread %d holds no parsed code", i)
		}
		for _, in := range th.code {
			if !codeOf(t.Arch, in) {
				return bad("thread %d holds code of another architecture than %s", i, t.Arch)
			}
		}
	}
	for _, e := range t.Init {
		if !e.Loc.IsMem() && e.Loc.Thread >= len(t.Threads) {
			return bad("its initial state sets %s but it has no thread %d", e.Loc, e.Loc.Thread)
		}
	}
	var err error
	check := func(l Location) {
		if err == nil && !l.IsMem() && l.Thread >= len(t.Threads) {
			err = bad("%s names no thread of the test", l)
		}
	}
	for _, l := range t.Locations {
		check(l)
	}
	if t.Filter != nil {
		t.Filter.locations(check)
	}
	t.Cond.Prop.locations(check)
	return err
}

// codeOf reports whether an instruction was parsed as code of a.
func codeOf(a Arch, in instr) bool {
	switch in.(type) {
	case *armInstr:
		return a == AArch64
	case *x86Instr:
		return a == X86_64 || a == X86
	case *riscvInstr:
		return a == RISCV
	case *ppcInstr:
		return a == PPC
	}
	return false
}
