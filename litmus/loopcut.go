package litmus

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// errRevisited ends a path of the search for a cut loop at a state met
// before: the paths on from it were or are being searched.
var errRevisited = errors.New("state met before")

// loopCut reports whether some path of th is cut by the unrolling bound
// when its loads may return any value of dom, coherent or not. herd7
// reports a cut loop ("Loop") for any candidate execution whose reads
// return values that writes write, before it applies the model, so a loop
// that only an incoherent read keeps running counts. The search shares the
// states it meets, so its cost follows the thread's distinct states, not
// its paths.
func loopCut(t *Test, th *Thread, dom *domain, mt *meter) (bool, error) {
	ch := &chooser{}
	met := map[string]bool{}
	for {
		_, err := runPath(t, th, dom, ch, mt, 0, met)
		switch {
		case err == errTooFar:
			return true, nil
		case err != nil && err != errRevisited:
			return false, err
		}
		if !mt.path() {
			return false, mt.err
		}
		if !ch.next() {
			return false, nil
		}
	}
}

// revisits reports, in the search for a cut loop, whether the state about
// to run was met before, and records it. Only the states past the scripted
// choices count: those before them were met on the way to this path.
func (x *threadExec) revisits() bool {
	if x.met == nil || x.ch.pos < len(x.ch.script) {
		return false
	}
	k := x.stateKey()
	if x.met[k] {
		return true
	}
	x.met[k] = true
	return false
}

// stateKey describes what decides the rest of a path: the instruction, by
// its code address (it may be another thread's), the registers' values and
// whether they are determined, the loop counts and the pending
// reservation.
func (x *threadExec) stateKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%v|%s/%v/%v|", x.addr(), x.loops.seen, x.flags.v, x.flags.determined(), x.flags.sym)
	if x.resv >= 0 {
		r := &x.events[x.resv]
		fmt.Fprintf(&b, "%s=%s|", r.loc, r.val)
	}
	regs := make([]string, 0, len(x.regs))
	for n, r := range x.regs {
		regs = append(regs, fmt.Sprintf("%s=%s/%v/%v", n, r.v, r.determined(), r.sym))
	}
	sort.Strings(regs)
	b.WriteString(strings.Join(regs, ","))
	return b.String()
}
