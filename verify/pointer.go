package verify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A field that holds a pointer and that some thread writes (a VMA's owner,
// which a writer sets when it recycles the object into another MM) is a
// litmus location like any other, holding the tag of the object it points
// to (see memory.tag). A load of it gives a dynamic value that remembers
// the location (ptrVal). Compared, it is compared in the litmus code; used
// as an address, it cannot be, as a litmus location is one field and not
// an object with offsets: the path then branches on which of the
// location's values it holds, each a pointer known when the code is
// extracted, and goes on once for each (splitErr). The values are the
// location's initial one and every one that a thread stores to it, found
// by the pass before (see Derive).

// ptrVal is the value of the load at pc of the pointer location loc.
// Registers and slots that hold it hold copies of that one load, which a
// split sets together.
func ptrVal(loc string, pc uint64) val {
	return val{kind: vDyn, obj: ptrPrefix + loc + "@" + strconv.FormatUint(pc, 16)}
}

const ptrPrefix = "ptr:"

// ptrLoc returns the location whose load v is, if it is one.
func (v val) ptrLoc() (string, bool) {
	if v.kind != vDyn {
		return "", false
	}
	rest, ok := strings.CutPrefix(v.obj, ptrPrefix)
	loc, _, _ := strings.Cut(rest, "@")
	return loc, ok
}

// loadedPtr is v, what a load of a shared location gave, as ptrVal of the
// load at x.pc where the location holds a pointer. What still holds an
// earlier turn of the same load (a loop) is forgotten: it is another
// value, which a split must not set with this one.
func (x *xthread) loadedPtr(s *state, loc string, size int64) val {
	if size != 8 || !x.m.holdsPointer(loc) {
		return dyn()
	}
	v := ptrVal(loc, x.pc)
	s.replace(v, dyn())
	return v
}

// replace sets every register and slot that holds old to v.
func (s *state) replace(old, v val) {
	for k, r := range s.regs {
		if r == old {
			s.regs[k] = v
		}
	}
	for o, sl := range s.stack {
		if sl.v == old {
			sl.v = v
			s.stack[o] = sl
		}
	}
}

// ptrEquality reports whether a branch on cond of a and b tests a loaded
// pointer for equality with a known one, which the litmus code compares
// as their tags.
func ptrEquality(cond string, a, b val) bool {
	_, aLoaded := a.ptrLoc()
	_, bLoaded := b.ptrLoc()
	return (cond == "EQ" || cond == "NE") && (aLoaded && b.kind == vPtr || bLoaded && a.kind == vPtr)
}

// isAddr reports whether v is an address, known or loaded: a compare
// with it tells equality alone (flagsVal.addr).
func isAddr(v val) bool {
	_, loaded := v.ptrLoc()
	return loaded || v.kind == vPtr
}

// splitErr stops an instruction that uses the register reg, which holds
// v, a load of the pointer location loc, as an address: path branches on
// the value and runs the instruction again on each branch.
type splitErr struct {
	reg, loc string
	v        val
}

func (e *splitErr) Error() string {
	return fmt.Sprintf("%s, a pointer loaded from the location %s, is used as an address", e.reg, e.loc)
}

// derefDyn is the error of an address in the register base, which holds
// the dynamic value b: a split where b is a loaded pointer.
func derefDyn(base string, b val) error {
	if loc, ok := b.ptrLoc(); ok {
		return &splitErr{reg: base, loc: loc, v: b}
	}
	return fmt.Errorf("base %s holds %s, not a known address", base, b)
}

// storedVal records that a thread stores v to loc: a static value as it
// is, a loaded pointer as every value of its location, anything else as
// unknown (a dynamic val with no location).
func (m *memory) storedVal(loc string, v val) {
	var add []val
	switch src, ok := v.ptrLoc(); {
	case v.static():
		add = []val{v}
	case ok:
		add = m.candidates(src)
	default:
		add = []val{dyn()}
	}
	for _, a := range add {
		if !slices.Contains(m.stored[loc], a) {
			m.stored[loc] = append(m.stored[loc], a)
		}
	}
}

// candidates lists the values that loc may hold: its initial value and
// those that the pass before found stored to it.
func (m *memory) candidates(loc string) []val {
	out := []val{m.initVal[loc]}
	for _, v := range m.known[loc] {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// holdsPointer reports whether some value of loc is a pointer.
func (m *memory) holdsPointer(loc string) bool {
	return slices.ContainsFunc(m.candidates(loc), func(v val) bool { return v.kind == vPtr })
}

// grew reports whether a location that holds a pointer got a stored value
// that the pass before did not know: the derivation then needs one more
// pass, as a use of the pointer branches on the values. A pass that adds
// none stores nothing but the values its branches took (the next pass
// knows this pass's stores alone, so that a value that an early pass
// could not know does not stay among them).
func (m *memory) grew() bool {
	isPtr := func(v val) bool { return v.kind == vPtr }
	for loc, vs := range m.stored {
		if !isPtr(m.initVal[loc]) && !slices.ContainsFunc(vs, isPtr) && !slices.ContainsFunc(m.known[loc], isPtr) {
			continue
		}
		for _, v := range vs {
			if !slices.Contains(m.known[loc], v) {
				return true
			}
		}
	}
	return false
}

// split ends the path at s, whose instruction, at pc, used the register
// of sp as an address, with a branch to a copy of s for each value that
// the register may hold, in which it, and every register and slot that
// holds a copy of it, holds that value. lines is where the
// instruction's own litmus code began, and key the state before it: the
// instruction must have changed neither but the pc, which some steps
// advance first, as it runs again on each branch.
func (x *xthread) split(s *state, pc uint64, lines int, key string, sp *splitErr) error {
	s.pc = pc
	if s.key() != key {
		return fmt.Errorf("%v after the instruction changed the state", sp)
	}
	x.lines = x.lines[:lines]
	cands := x.m.candidates(sp.loc)
	var names []string
	for _, c := range cands {
		if !c.static() {
			return fmt.Errorf("%v, and a thread stores to it a value not known when the code is extracted", sp)
		}
		names = append(names, x.describe(c))
	}
	x.note("%s: a pointer that a thread writes; a use of it as an address branches on which of its values it holds (%s)", x.m.desc[sp.loc], strings.Join(names, ", "))
	for i, c := range cands {
		t := s.clone()
		t.replace(sp.v, c)
		if len(cands) > 1 && t.fl.kind != fStatic {
			// The compares below overwrite the litmus flags.
			t.fl.valid = false
		}
		// The copy runs the instruction afresh: its register now holds a
		// static value where it held a dynamic one, which is no turn of a
		// loop.
		delete(t.mark, t.pc)
		l := x.label(t)
		if i == len(cands)-1 {
			x.lines = append(x.lines, x.a.jump(l))
			break
		}
		n := c.n
		if c.kind != vConst {
			n = x.tag(c)
		}
		x.a.jumpIfEqual(x, sp.reg, n, l)
	}
	return nil
}
