package verify

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// maxSteps bounds the machine instructions one thread's extraction
// interprets, all paths together.
const maxSteps = 20000

// xthread extracts one thread of a scenario from an image: it interprets
// the machine code from the entry function, folding what is known when the
// code is extracted and emitting litmus code for what depends on loads.
type xthread struct {
	img  *Image
	m    *memory
	a    arch
	tid  int
	name string // the entry's symbol

	lines    []string
	seen     map[string]string // state key -> label
	work     []pending
	labels   int
	exits    []string
	exitCode map[string]int
	notes    map[string]bool
	steps    int
	lenient  bool // the first pass: a path that fails ends, and the extraction goes on
	// lateOK: a pass before the last, in which a write to a location
	// folded as read-only (lateErr) ends its path alone.
	lateOK   bool
	result   bool // the scenario reads what the entry returns
	pathErrs []string
	fail     error        // set by materialize and exit; path reports it after the step
	copies   map[int]bool // the compares (by line) whose register an unsigned jump reads from a copy
	segStart int          // the first line of the path being extracted
	pc       uint64       // the instruction being interpreted
	gaps     []string     // what herd7's grammar lacks that the code keeps
}

// errNil is a memory access through a nil pointer, which panics.
var errNil = errors.New("nil dereference")

type pending struct {
	s     *state
	label string
}

func (x *xthread) emit(format string, args ...any) {
	x.lines = append(x.lines, fmt.Sprintf(format, args...))
}

func (x *xthread) note(format string, args ...any) { x.notes[fmt.Sprintf(format, args...)] = true }

// gap records an instruction that herd7's grammar lacks and that the code
// keeps, as the checker reads it: the test is then no herd7 input.
func (x *xthread) gap(why string) {
	if !slices.Contains(x.gaps, why) {
		x.gaps = append(x.gaps, why)
	}
	x.note("%s: the test keeps it, decided by fencelab check; herd7 rejects this file", why)
}

func (x *xthread) newLabel() string {
	x.labels++
	return fmt.Sprintf("L%d_%d", x.tid, x.labels)
}

func (x *xthread) endLabel() string { return fmt.Sprintf("End%d", x.tid) }

// label returns the label of the code for state s, queueing s for
// extraction if no path has reached it yet.
func (x *xthread) label(s *state) string {
	k := s.key()
	if l, ok := x.seen[k]; ok {
		return l
	}
	l := x.newLabel()
	x.seen[k] = l
	x.work = append(x.work, pending{s, l})
	return l
}

// branch emits a conditional branch (cond, an ARM condition, on the
// litmus flags) to the code of s with pc = target.
func (x *xthread) branch(s *state, cond string, target uint64) error {
	t := s.clone()
	t.pc = target
	return x.branchTo(s, cond, x.label(t))
}

// Unroll is how many times a path may go back to the head of a loop that
// a dynamic branch steers (a compare-and-swap retry, a wait that loads
// again): the path that would go round once more ends at the exit
// "loop-bound". herd7 bounds loops the same way (-unroll). A path that
// comes back to an instruction with some register or slot holding another
// constant than the last time runs a loop over constants, which ends by
// itself, and is not counted.
const Unroll = 0

// branchTo emits a conditional branch to label on the machine condition
// cond of the flags of s.
func (x *xthread) branchTo(s *state, cond, label string) error {
	if !s.fl.valid {
		return fmt.Errorf("the flags a branch reads were overwritten in the litmus code")
	}
	if s.fl.addr && cond != "EQ" && cond != "NE" {
		return fmt.Errorf("condition %s of a compare of addresses, whose numbers in the test have no order of the machine's", cond)
	}
	switch s.fl.kind {
	case fZero:
		if cond != "EQ" && cond != "NE" && cond != "MI" && cond != "PL" {
			return fmt.Errorf("condition %s of flags set by an ALU result", cond)
		}
	case fBit:
		// C holds the bit; the litmus Z flag holds its complement.
		switch cond {
		case "HS":
			cond = "EQ"
		case "LO":
			cond = "NE"
		default:
			return fmt.Errorf("condition %s of a bit test", cond)
		}
	}
	x.a.condJump(x, s.fl, cond, label)
	return nil
}

// exit ends the path: the thread's exit register gets the code of name,
// and on the entry's return its result register gets the result.
func (x *xthread) exit(s *state, name string) {
	c, ok := x.exitCode[name]
	if !ok {
		c = len(x.exits) + 1
		x.exits = append(x.exits, name)
		x.exitCode[name] = c
	}
	if name == exitReturn {
		r := x.a.resultReg()
		switch v := s.regs[r]; {
		case v.static():
			x.materialize(r, v, false)
		case v.kind == vUndef && x.result:
			// The litmus register would hold its initial 0 or a value
			// it held before, not what the machine returns.
			x.fail = fmt.Errorf("a return whose result (%s) the derivation does not know", r)
		}
	}
	x.lines = append(x.lines, x.a.movImm("ex", int64(c), false), x.a.jump(x.endLabel()))
}

const exitReturn = "return"

// materialize emits the litmus code that puts the static value v into the
// register of key.
func (x *xthread) materialize(key string, v val, w32 bool) {
	if v.kind == vUndef || v.kind == vDyn {
		x.fail = fmt.Errorf("a register or slot that holds no known value is used (%s)", key)
	}
	n := v.n
	if v.kind != vConst {
		n = x.tag(v)
	}
	if w32 {
		n = int64(int32(n))
	}
	x.lines = append(x.lines, x.a.movImm(key, n, w32))
}

// emitMove copies the register of src into the register of dst.
func (x *xthread) emitMove(dst, src string, w32 bool) {
	if dst != src {
		x.lines = append(x.lines, x.a.movReg(dst, src, w32))
	}
}

// operand returns a key whose register holds v: key itself when v is
// dynamic, else a scratch register into which v is materialised.
func (x *xthread) operand(key string, v val, scratch string, w32 bool) string {
	if v.kind == vDyn {
		return key
	}
	x.materialize(scratch, v, w32)
	return scratch
}

// run extracts from s until every path has ended.
func (x *xthread) run(s *state) error {
	x.seen[s.key()] = x.newLabel()
	x.work = append(x.work, pending{s, x.seen[s.key()]})
	for len(x.work) > 0 {
		p := x.work[len(x.work)-1]
		x.work = x.work[:len(x.work)-1]
		x.segStart = len(x.lines)
		x.lines = append(x.lines, p.label+":")
		if err := x.path(p.s); err != nil {
			var late *lateErr
			if !x.lenient && !(x.lateOK && errors.As(err, &late)) {
				return err
			}
			x.pathErrs = append(x.pathErrs, err.Error())
			x.lines = append(x.lines, x.a.jump(x.endLabel()))
		}
	}
	return nil
}

// path follows one path from s (whose label is emitted) until it ends or
// joins code already extracted.
func (x *xthread) path(s *state) error {
	first := true
	for {
		if then, ok := s.mark[s.pc]; ok && !s.progressed(then) {
			if s.loops[s.pc]++; s.loops[s.pc] > Unroll {
				x.note("loops: each dynamic loop runs at most %d time(s); a path that would go round again ends at the exit \"loop-bound\"", Unroll+1)
				x.exit(s, "loop-bound")
				return nil
			}
		}
		s.mark[s.pc] = s.statics()
		key := s.key()
		if !first {
			if l, ok := x.seen[key]; ok {
				x.lines = append(x.lines, x.a.jump(l))
				return nil
			}
			l := x.newLabel()
			x.seen[key] = l
			x.lines = append(x.lines, l+":")
		}
		first = false
		if x.steps++; x.steps > maxSteps {
			return fmt.Errorf("more than %d instructions interpreted: a loop the extraction cannot bound", maxSteps)
		}
		f, i, ok := x.img.inst(s.pc)
		if !ok {
			return fmt.Errorf("no instruction at %#x", s.pc)
		}
		in := f.Insts[i]
		pc, lines := s.pc, len(x.lines)
		x.pc = pc
		stop, err := x.step(s, f, i)
		if err == nil && x.fail != nil {
			err, x.fail = x.fail, nil
		}
		if sp := (*splitErr)(nil); errors.As(err, &sp) {
			x.fail = nil
			err = x.split(s, pc, lines, key, sp)
			if err == nil {
				return nil
			}
		}
		if errors.Is(err, errNil) {
			x.note("%s: a nil dereference; the path ends in a panic", f.Name())
			x.exit(s, "panic")
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s+%#x (%s) %q: %w", f.Name(), in.PC-f.Insts[0].PC, in.Pos, in.Text, err)
		}
		if stop {
			return nil
		}
	}
}

// step interprets instruction i of f with the architecture's step, which
// reads the instruction's operands by position: one written with another
// number of operands than its mnemonic takes (operands) fails the
// derivation with an error that names it, before it is read in part or
// out of range.
func (x *xthread) step(s *state, f *disasm.Func, i int) (bool, error) {
	m, rest, _ := strings.Cut(strings.TrimPrefix(f.Insts[i].Text, "LOCK "), " ")
	n := len(splitOps(rest))
	if lo, hi, ok := x.a.operands(m); ok && (n < lo || n > hi) {
		want, noun := strconv.Itoa(lo), "operands"
		if hi > lo {
			want = fmt.Sprintf("%d or %d", lo, hi)
		}
		if hi == 1 {
			noun = "operand"
		}
		return false, fmt.Errorf("%s takes %s %s, not %d", m, want, noun, n)
	}
	return x.a.step(x, s, f, i)
}

// call handles a call of sym from s: it returns the callee's entry when
// its code is in the image, and otherwise ends the path at an exit named
// after it.
func (x *xthread) call(s *state, sym string) (stop bool, enter uint64) {
	switch {
	case strings.HasPrefix(sym, "runtime.morestack"):
		x.exit(s, "morestack")
		return true, 0
	case strings.HasPrefix(sym, "runtime.gcWriteBarrier"):
		return false, 0 // unreachable: the write barrier is off
	case isPanic(sym):
		x.note("%s: the path ends in a panic", sym)
		x.exit(s, "panic")
		return true, 0
	}
	if strings.HasPrefix(sym, "sync.") || strings.HasPrefix(sym, "internal/sync.") {
		// The fast paths are inlined: a call is a slow path, which a lock
		// that one thread alone takes never reaches.
		x.note("%s: a lock's slow path, not modelled; the path ends at the call (exit %q)", sym, "call "+sym)
		x.exit(s, "call "+sym)
		return true, 0
	}
	if f, ok := x.img.funcs[sym]; ok && len(f.Insts) > 0 {
		return false, f.Insts[0].PC
	}
	x.note("%s: not modelled; the path ends at the call (exit %q)", sym, "call "+shortSym(sym))
	x.exit(s, "call "+shortSym(sym))
	return true, 0
}

// linkedCall follows a call, from s, of sym, or where r is not "" of the
// function whose entry r holds (v), on a machine whose call writes its
// return address ret to the register link.
func (x *xthread) linkedCall(s *state, link, sym, r string, v val, ret uint64) (stop bool, err error) {
	if r != "" {
		if sym, err = calledSym(r, v); err != nil {
			return false, err
		}
	}
	s.regs[link] = retTo(ret)
	stop, enter := x.call(s, sym)
	if !stop && enter != 0 {
		s.pc = enter
	}
	return stop, nil
}

// calledSym is the function whose entry the register r holds, for an
// indirect call through it: a static func value's.
func calledSym(r string, v val) (string, error) {
	if v.kind != vPtr || !strings.HasPrefix(v.obj, "sym:") || v.n != 0 {
		return "", fmt.Errorf("indirect call through %s, which holds %s", r, v)
	}
	return strings.TrimPrefix(v.obj, "sym:"), nil
}

// ret returns to the address to, which a link register or the stack
// holds: the entry's own return ends the path.
func (x *xthread) ret(s *state, to val) (stop bool, err error) {
	if to.isEntryReturn() {
		x.exit(s, exitReturn)
		return true, nil
	}
	if to.kind != vRet {
		return false, fmt.Errorf("returns to %s", to)
	}
	s.pc = uint64(to.n)
	return false, nil
}

// address is the base register's value b plus off: nil (a panic), an
// absolute address (a large constant) named by the symbol that holds it,
// or a known pointer.
func (x *xthread) address(base string, b val, off int64) (val, error) {
	switch {
	case b.kind == vConst && b.n == 0:
		return val{}, errNil
	case b.kind == vConst && b.n > 0x10000:
		name, o, ok := x.img.symbolAt(uint64(b.n + off))
		if !ok {
			return val{}, fmt.Errorf("no symbol at %#x", b.n+off)
		}
		return ptr("sym:"+name, o), nil
	case b.kind == vDyn:
		return val{}, derefDyn(base, b)
	case b.kind != vPtr:
		return val{}, fmt.Errorf("base %s holds %s, not a known address", base, b)
	}
	return b.add(off), nil
}

func isPanic(sym string) bool {
	return sym == "runtime.gopanic" || strings.HasPrefix(sym, "runtime.panic") || sym == "runtime.throw" ||
		strings.HasPrefix(sym, "runtime.goPanic")
}

func shortSym(sym string) string { return strings.TrimPrefix(sym, disasm.Module+"/") }

// notes returns the abstraction notes, sorted.
func (x *xthread) sortedNotes() []string {
	var out []string
	for n := range x.notes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
