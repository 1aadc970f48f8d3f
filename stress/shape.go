package stress

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence"
)

// MaxValues bounds what one final state records: the registers of all
// threads plus the final values of the locations in Shape.Final.
const MaxValues = 8

// Shape is a litmus test that the harness can run: shared locations, one
// code per thread, and the weak outcome that the test is about.
type Shape struct {
	// Name is herd-style: the base shape, then the fences, as in "SB+mb"
	// or "MP+wmb+rmb".
	Name string
	// Doc says in a line what the shape shows.
	Doc string
	// Locs are the shared locations. Each iteration has its own copy of
	// each, set to its Init value before the threads start.
	Locs []Loc
	// Threads run concurrently, one worker each.
	Threads []Thread
	// Final names the locations whose value after the iteration a state
	// records (for shapes such as 2+2W whose outcome is in memory).
	Final []string
	// Exists is the weak outcome, herd's exists clause: a conjunction of
	// equalities over registers ("1:r0") and the locations in Final.
	Exists []Eq
	// Litmus holds the shape's herd7 litmus text by architecture key
	// (KeyX86_64, KeyAArch64, KeyAArch64LSE, KeyAArch64LRCPC): the
	// instructions that the primitives of the running implementation
	// execute, for a memory-model checker.
	Litmus map[string]string
}

// Loc is a shared location and its initial value.
type Loc struct {
	Name string
	Init int32
}

// Thread is one thread of a shape.
type Thread struct {
	// Regs names the values that Code records, as "r0", "r1"...; a
	// state prints them as "T:r0" where T is the thread's index.
	Regs []string
	// Code runs one iteration. loc holds the iteration's locations in the
	// order of Shape.Locs; Code stores the values it observed in r, which
	// has one entry per name in Regs. Code must touch the locations only
	// through the atomicfence primitives: plain Go accesses may be merged
	// or moved by the compiler.
	Code func(loc []*atomicfence.Int32, r []int32)
}

// Eq is one equality of a condition: Var is "T:reg" (a register of thread
// T) or the name of a location in Final.
type Eq struct {
	Var string
	Val int32
}

// String writes the equality as herd does, as in "1:r0=0".
func (e Eq) String() string { return e.Var + "=" + strconv.FormatInt(int64(e.Val), 10) }

// Condition returns the exists clause in herd syntax, as litmus7 prints it.
func (s *Shape) Condition() string {
	parts := make([]string, len(s.Exists))
	for i, e := range s.Exists {
		parts[i] = e.String()
	}
	return "exists (" + strings.Join(parts, ` /\ `) + ")"
}

// layout is a validated shape in the form the harness runs it.
type layout struct {
	regBase []int    // index in a state of each thread's first register
	final   []int    // index in Locs of each location in Final
	names   []string // printed name of each value of a state
	exists  []cond
}

type cond struct {
	idx int
	val int32
}

// compile validates the shape and resolves its names, so that a mistake in
// a shape is an error naming it before any worker starts.
func (s *Shape) compile() (*layout, error) {
	fail := func(format string, args ...any) (*layout, error) {
		return nil, fmt.Errorf("stress: shape %q: "+format, append([]any{s.Name}, args...)...)
	}
	switch {
	case s.Name == "":
		return fail("no name")
	case len(s.Locs) == 0:
		return fail("no locations")
	case len(s.Threads) == 0:
		return fail("no threads")
	case len(s.Exists) == 0:
		return fail("no exists condition")
	}
	l := &layout{}
	locIdx := make(map[string]int, len(s.Locs))
	for i, loc := range s.Locs {
		if !isIdent(loc.Name) {
			return fail("location %q is not an identifier", loc.Name)
		}
		if _, dup := locIdx[loc.Name]; dup {
			return fail("location %q declared twice", loc.Name)
		}
		locIdx[loc.Name] = i
	}
	valIdx := map[string]int{}
	for t, th := range s.Threads {
		if th.Code == nil {
			return fail("thread %d has no code", t)
		}
		l.regBase = append(l.regBase, len(l.names))
		for _, r := range th.Regs {
			if !isIdent(r) {
				return fail("thread %d: register %q is not an identifier", t, r)
			}
			name := strconv.Itoa(t) + ":" + r
			if _, dup := valIdx[name]; dup {
				return fail("register %s declared twice", name)
			}
			valIdx[name] = len(l.names)
			l.names = append(l.names, name)
		}
	}
	for _, f := range s.Final {
		i, ok := locIdx[f]
		if !ok {
			return fail("final location %q is not declared", f)
		}
		if _, dup := valIdx[f]; dup {
			return fail("final location %q listed twice", f)
		}
		valIdx[f] = len(l.names)
		l.names = append(l.names, f)
		l.final = append(l.final, i)
	}
	if len(l.names) > MaxValues {
		return fail("records %d values, more than MaxValues (%d)", len(l.names), MaxValues)
	}
	for _, e := range s.Exists {
		i, ok := valIdx[e.Var]
		if !ok {
			return fail("exists names %q, which is neither a register nor a final location", e.Var)
		}
		l.exists = append(l.exists, cond{i, e.Val})
	}
	return l, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
