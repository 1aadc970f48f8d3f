package litmus

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// reg is a register's value with the reads it depends on (d: dtrm, p:
// pick-dtrm) and the reads whose values it is computed from (f). sym marks
// a value that, without depending on a read, is known only in an execution:
// whether a store-exclusive succeeded, or what an instruction computed
// whose result herd7 does not bind before solving (a conditional select,
// a bitfield move).
type reg struct {
	v       Value
	d, p, f uint64
	sym     bool
}

// determined reports whether the value is known before any execution, as
// herd7's concrete values are: computed from constants and initial values
// only. Loops on determined values are unrolled to the end.
func (r reg) determined() bool { return r.d|r.p|r.f == 0 && !r.sym }

// chooser drives the enumeration of a thread's paths: every choice point
// (the value a load returns, whether a store-exclusive succeeds, which
// dependency reading a CAS has) takes the next scripted choice, and next()
// advances the script like an odometer.
type chooser struct {
	script, limits []int
	pos            int
	// narrowed tells that a load was kept from a value of the domain
	// that coherence rules out (see walk).
	narrowed bool
}

func (c *chooser) choose(n int) int {
	if c.pos < len(c.script) {
		v := c.script[c.pos]
		c.pos++
		return v
	}
	c.script = append(c.script, 0)
	c.limits = append(c.limits, n)
	c.pos++
	return 0
}

func (c *chooser) next() bool {
	for len(c.script) > 0 {
		i := len(c.script) - 1
		if c.script[i]+1 < c.limits[i] {
			c.script[i]++
			c.pos = 0
			return true
		}
		c.script, c.limits = c.script[:i], c.limits[:i]
	}
	return false
}

// errTooFar marks a path cut by the unrolling bound.
var errTooFar = errors.New("unrolling bound reached")

// threadExec runs one thread along one path.
type threadExec struct {
	test   *Test
	th     *Thread
	dom    *domain
	ch     *chooser
	regs   map[string]reg
	flags  reg
	ctrlD  uint64
	ctrlP  uint64
	events []event
	pc     int
	instr  int
	text   string
	// resv is the read of the latest load-exclusive not yet paired, or -1.
	resv int
	// ppcRes is what herd7's Power reservation registers (RES, RESADDR)
	// depend on: the address of the latest lwarx, and for a stwcx. since,
	// every register it read.
	ppcRes uint64
	visits []int // how often each instruction ran, by code address (addr)
	loops  loopCount
	// walks and ownSites restrict the values loads return (see walk);
	// ownSites are home's write sites, whoever's code it runs.
	walks    map[string]walk
	ownSites siteSet
	// done are the write sites the path has run.
	done siteSet
	// met, in the search for a cut loop, holds the states met so far;
	// loads then return any value of the domain.
	met map[string]bool
	// home is the thread that runs; th is the thread whose code it runs,
	// another's after an indirect branch to one of its labels. base is
	// the code address of each thread's first instruction.
	home int
	base []int
	// writeBacks tells which failed CASes of the path, in order, write
	// back the value they read; casFails counts them (see writeBack).
	writeBacks uint64
	casFails   int
}

// path is one execution of one thread.
type path struct {
	thread int
	events []event
	regs   map[string]Value
	key    string // identifies the path up to dependencies
	// fault, when set, is the error that ended the path after its events.
	fault error
	// casFails counts the failed CASes, which may each write back.
	casFails int
}

func (x *threadExec) get(r string) reg { return x.regs[r] }

func (x *threadExec) set(r string, v reg) { x.regs[r] = v }

func (x *threadExec) runtimeErr(format string, args ...any) error {
	return &SyntaxError{File: x.test.File, Line: x.th.lines[x.pc], Msg: fmt.Sprintf("P%d: %s: ", x.th.Index, x.text) + fmt.Sprintf(format, args...)}
}

// pathFault is an error that the values a path read lead to: an access to
// a value that is not an address, or arithmetic on addresses beyond adding
// offsets. It ends the path there. The path may be infeasible (a value that
// coherence forbids the read to return, say), so the error is the test's
// only if some consistent execution runs the path up to it.
type pathFault struct{ err error }

func (f *pathFault) Error() string { return f.err.Error() }

func (x *threadExec) fault(format string, args ...any) error {
	return &pathFault{x.runtimeErr(format, args...)}
}

// branch records a conditional branch on cond: every later event is
// control dependent on what cond depends on, and a jump that the branch
// takes counts towards the unrolling bound unless cond is determined in an
// AArch64 test. herd7 knows register values before it solves an execution
// on AArch64 alone (its opt_env); on the other architectures every
// register it reads is a variable, and every conditional jump counts.
func (x *threadExec) branch(cond reg) {
	x.ctrlD |= cond.d
	x.ctrlP |= cond.p | cond.d
	x.loops.conditional(x.test.Arch == AArch64 && cond.determined())
}

// jump continues at label; a backward jump past the unrolling bound cuts
// the path.
func (x *threadExec) jump(label string) {
	to := x.th.labels[label]
	x.loops.jump(x.addr(), x.base[x.th.Index]+to)
	x.pc = to - 1
}

func (x *threadExec) add(e event) (int, error) {
	if len(x.events) >= maxThreadEvents {
		return 0, x.runtimeErr("more than %d memory accesses and fences in one execution of the thread", maxThreadEvents)
	}
	e.instr, e.text = x.instr, x.text
	e.ctrlD, e.ctrlP = x.ctrlD, x.ctrlP
	if e.kind != evRead {
		e.lmrs, e.rmw = -1, -1
	}
	x.events = append(x.events, e)
	return len(x.events) - 1, nil
}

// load performs a read of loc; e carries its annotations and address
// dependencies. The value is chosen among those the location may hold.
func (x *threadExec) load(loc string, e event) (int, error) {
	e.kind, e.loc, e.rmw, e.lmrs = evRead, loc, -1, -1
	for i := len(x.events) - 1; i >= 0; i-- {
		if w := &x.events[i]; w.kind == evWrite && w.loc == loc {
			e.lmrs = i
			break
		}
	}
	e.inD, e.inP = e.addrD, e.addrP|e.addrD
	if e.lmrs >= 0 {
		w := &x.events[e.lmrs]
		e.inD |= w.inD
		e.inP |= w.inP
	}
	if x.met != nil {
		vals := x.dom.values(loc)
		e.val = vals[x.ch.choose(len(vals))]
		return x.add(e)
	}
	vals, walks, narrowed := x.readable(loc)
	x.ch.narrowed = x.ch.narrowed || narrowed
	k := x.ch.choose(len(vals))
	e.val = vals[k]
	x.walks[loc] = walks[k]
	return x.add(e)
}

// loaded is the register value that read i returns.
func (x *threadExec) loaded(i int) reg {
	e := &x.events[i]
	return reg{v: e.val, d: bit(i) | e.inD, p: bit(i) | e.inP, f: bit(i)}
}

// store performs a write; e carries its value, annotations and dependencies.
func (x *threadExec) store(loc string, e event) (int, error) { return x.storeAt(loc, e, false) }

// storeAt performs a write that alt tells from the instruction's usual
// one (a failed CAS's write-back): another write site for the domain.
func (x *threadExec) storeAt(loc string, e event, alt bool) (int, error) {
	e.kind, e.loc = evWrite, loc
	e.inD |= e.addrD | e.dataD
	e.inP |= e.addrP | e.dataP | e.inD
	site, err := x.dom.site(siteKey{x.home, x.addr(), x.visits[x.addr()], alt})
	if err != nil {
		return 0, x.runtimeErr("%v", err)
	}
	e.site = site
	e.chains = x.wrote(loc, e.val, site)
	return x.add(e)
}

func (x *threadExec) fence(k fenceKind) error {
	_, err := x.add(event{kind: evFence, fence: k})
	return err
}

// pairRMW makes read r and write w one read-modify-write.
func (x *threadExec) pairRMW(r, w int, amo bool) {
	x.events[r].rmw = w
	for _, i := range []int{r, w} {
		x.events[i].amo = amo
		x.events[i].atomic = true
	}
}

// enumeratePaths runs thread th along every path allowed by dom, within
// the bounds of mt. It also tells whether coherence kept a load from a
// value of the domain.
func enumeratePaths(t *Test, th *Thread, dom *domain, mt *meter) (paths []*path, cut int, narrowed bool, err error) {
	ch := &chooser{}
	for {
		p, err := runPath(t, th, dom, ch, mt, 0, nil)
		switch {
		case err == errTooFar:
			cut++
		case err != nil:
			return nil, 0, false, err
		default:
			paths = append(paths, p)
			if paths, err = writeBackPaths(paths, p, t, th, dom, ch, mt); err != nil {
				return nil, 0, false, err
			}
		}
		if !mt.path() {
			return nil, 0, false, mt.err
		}
		if !ch.next() {
			return paths, cut, ch.narrowed, nil
		}
	}
}

// runPath runs th along the path that ch scripts; writeBacks picks the
// failed CASes that write back. With met, it searches for a cut loop (see
// loopCut), and no failed CAS writes back: a write-back changes neither
// registers nor control flow, so it cuts no loop.
func runPath(t *Test, th *Thread, dom *domain, ch *chooser, mt *meter, writeBacks uint64, met map[string]bool) (*path, error) {
	ch.pos = 0
	x := &threadExec{test: t, th: th, dom: dom, ch: ch, regs: map[string]reg{}, resv: -1, writeBacks: writeBacks,
		walks: map[string]walk{}, ownSites: dom.threadSites(th.Index), met: met}
	for _, e := range t.Init {
		if e.Loc.Thread == th.Index {
			x.regs[e.Loc.Reg] = reg{v: e.Value}
		}
	}
	x.home, x.base = th.Index, codeBases(t)
	x.visits = make([]int, x.base[len(t.Threads)])
	x.loops = newLoopCount(unrollOf(t), len(x.visits))
	for x.pc = 0; x.pc < len(x.th.code); x.pc++ {
		// A thread may have many instructions: the time bound must not
		// wait for the end of its path.
		if !mt.tick() {
			return nil, mt.err
		}
		if x.revisits() {
			return nil, errRevisited
		}
		if x.instr >= maxPathSteps {
			return nil, x.runtimeErr("more than %d instructions in one path: a loop on determined values that does not end?", maxPathSteps)
		}
		x.visits[x.addr()]++
		x.loops.step()
		in := x.th.code[x.pc]
		x.text = in.String()
		if err := in.exec(x); err != nil {
			f, ok := err.(*pathFault)
			if !ok {
				return nil, err
			}
			return x.path(f.err), nil
		}
		if x.loops.cut {
			return nil, errTooFar
		}
		x.instr++
	}
	return x.path(nil), nil
}

// path is the path run so far, ended by fault if that is set.
func (x *threadExec) path(fault error) *path {
	p := &path{thread: x.home, events: x.events, regs: map[string]Value{}, fault: fault, casFails: x.casFails}
	for r, v := range x.regs {
		p.regs[r] = v.v
	}
	p.key = pathKey(p)
	return p
}

// pathKey describes a path's events and final registers, not its
// dependencies: paths with equal keys differ only in how herd7 may read the
// dependencies of a CAS.
func pathKey(p *path) string {
	var b strings.Builder
	for _, e := range p.events {
		fmt.Fprintf(&b, "%d%d%s=%s/%d/%v%v%v%v%v%v%d;", e.kind, e.fence, e.loc, e.val, e.instr,
			e.acq, e.acqPC, e.rel, e.noRet, e.excl, e.atomic, e.rmw)
	}
	regs := make([]string, 0, len(p.regs))
	for r, v := range p.regs {
		regs = append(regs, r+"="+v.String())
	}
	sort.Strings(regs)
	b.WriteString(strings.Join(regs, ","))
	if p.fault != nil {
		b.WriteString(";" + p.fault.Error())
	}
	return b.String()
}
