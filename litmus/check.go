package litmus

import (
	"context"
	"fmt"
	"sort"
)

// Check decides t under the named model ("sc", "x86tso", "x86tso-mixed",
// "aarch64", "riscv" or "ppc"; "" picks DefaultModel(t.Arch)) by
// enumerating every candidate execution. "aarch64", "riscv" and "ppc"
// decide only tests of their own architecture and return an error for any
// other; the rest read every architecture.
// t must come from Parse or ParseFile; any other Test is refused with an
// error. Check applies the default bounds (DefaultMaxExecutions and the
// others) and no time limit; CheckContext sets them.
func Check(t *Test, model string) (*Result, error) {
	return CheckContext(context.Background(), t, Options{Model: model})
}

// CheckContext decides t as Check does, within the bounds of opts: it
// stops with a *LimitError when ctx is done (its deadline passed or it was
// cancelled) or when a bound of opts is reached. The enumeration streams
// the candidate executions, holding one at a time, so memory grows only
// with the thread paths and the final states, which opts bounds.
func CheckContext(ctx context.Context, t *Test, opts Options) (*Result, error) {
	if err := checkable(t); err != nil {
		return nil, err
	}
	name, m, err := lookupModel(t, opts.Model)
	if err != nil {
		return nil, err
	}
	mt := newMeter(ctx, t, opts)
	defer mt.finish()
	tps, dom, err := allPaths(t, mt)
	if err != nil {
		return nil, err
	}
	c := newChecker(t, m, tps, dom, mt)
	if err := c.checkSize(); err != nil {
		return nil, err
	}
	c.run()
	if mt.err != nil {
		return nil, mt.err
	}
	if c.fault != nil {
		return nil, c.fault
	}
	return c.result(name), nil
}

// checker enumerates the executions of one test under one model.
type checker struct {
	t       *Test
	m       model
	threads []threadPaths
	locs    []string
	locIdx  map[string]int
	inits   []*event
	shown   []Location
	local   map[*path]rel
	states  map[string]*State
	meter   *meter
	pos     int
	neg     int
	// flags are the names that the model flagged in a counted execution.
	flags map[string]bool
	// fault is the first error that a consistent execution reaches.
	fault error
}

func newChecker(t *Test, m model, tps []threadPaths, dom *domain, mt *meter) *checker {
	c := &checker{t: t, m: m, threads: tps, locIdx: map[string]int{}, local: map[*path]rel{},
		states: map[string]*State{}, flags: map[string]bool{}, meter: mt}
	addLoc := func(l string) {
		if _, ok := c.locIdx[l]; !ok {
			c.locIdx[l] = len(c.locs)
			c.locs = append(c.locs, l)
		}
	}
	for _, e := range t.Init {
		if e.Loc.IsMem() {
			addLoc(e.Loc.Sym)
		}
	}
	var locs []string
	for l := range dom.entries {
		locs = append(locs, l)
	}
	sort.Strings(locs)
	for _, l := range locs {
		addLoc(l)
	}
	c.shown = shownLocations(t)
	for _, l := range c.shown {
		switch {
		case t.isArray(l):
			for _, e := range t.elements(l) {
				addLoc(e.Sym)
			}
		case l.IsMem():
			addLoc(l.Sym)
		}
	}
	for _, l := range c.locs {
		c.inits = append(c.inits, &event{kind: evWrite, loc: l, val: dom.initial(l), instr: -1, rmw: -1, lmrs: -1})
	}
	return c
}

// maxExecutionEvents bounds the events of one candidate execution, the
// initial writes included: the model's relations over them are matrices
// of that size squared, built for every candidate. Litmus tests have tens
// of events; the bound keeps a generated monster from exhausting memory
// on its first candidate.
const maxExecutionEvents = 1 << 12

// checkSize refuses a test whose executions would exceed
// maxExecutionEvents.
func (c *checker) checkSize() error {
	n := len(c.inits)
	for _, tp := range c.threads {
		most := 0
		for _, g := range tp.groups {
			most = max(most, len(g[0].events))
		}
		n += most
	}
	if n > maxExecutionEvents {
		return &SyntaxError{File: c.meter.file, Msg: fmt.Sprintf("an execution may have %d events (%d of them initial writes), more than the %d the checker handles",
			n, len(c.inits), maxExecutionEvents)}
	}
	return nil
}

// shownLocations are the locations of the final states: those of the
// "locations" list and the condition, sorted. herd7 reads the filter's
// locations too, but shows them only where the condition or the list
// names them.
func shownLocations(t *Test) []Location {
	seen := map[Location]bool{}
	var out []Location
	add := func(l Location) {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	for _, l := range t.Locations {
		add(l)
	}
	t.Cond.Prop.locations(add)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.IsMem() != b.IsMem() {
			return !a.IsMem()
		}
		if a.Thread != b.Thread {
			return a.Thread < b.Thread
		}
		if a.Reg != b.Reg {
			return regLess(a.Reg, b.Reg)
		}
		return elementLess(a.Sym, b.Sym)
	})
	return out
}

// regLess orders X2 before X10, and x86's registers as herd7 declares
// them.
func regLess(a, b string) bool {
	xa, aok := x86RegOrder[a]
	xb, bok := x86RegOrder[b]
	if aok && bok {
		return xa < xb
	}
	if ra, rb := regRank(a), regRank(b); ra != rb {
		return ra < rb
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// x86RegOrder is herd7's order of the x86_64 registers (the instruction
// pointer, the code segment, then rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp
// and r8 to r15; herd7 has no other segment register, which come after
// cs here) and of the X86 ones (EAX, EBX, ECX, EDX, ESI, EDI, EBP, ESP).
var x86RegOrder = map[string]int{
	"rip": 0, "cs": 1, "ds": 2, "es": 3, "fs": 4, "gs": 5, "ss": 6,
	"rax": 10, "rbx": 11, "rcx": 12, "rdx": 13, "rsi": 14, "rdi": 15, "rbp": 16, "rsp": 17,
	"r8": 18, "r9": 19, "r10": 20, "r11": 21, "r12": 22, "r13": 23, "r14": 24, "r15": 25,
	"EAX": 0, "EBX": 1, "ECX": 2, "EDX": 3, "ESI": 4, "EDI": 5, "EBP": 6, "ESP": 7,
}

// regRank orders AArch64's XZR before the numbered registers and SP after
// them, as herd7 declares them.
func regRank(r string) int {
	switch r {
	case "XZR":
		return 0
	case "SP":
		return 2
	}
	return 1
}

// run combines one path group per thread and enumerates rf and co.
func (c *checker) run() {
	for _, tp := range c.threads {
		if len(tp.groups) == 0 {
			return
		}
	}
	idx := make([]int, len(c.threads))
	// Every combination ends in candidate executions, complete or
	// abandoned, which the meter counts.
	for c.meter.err == nil {
		groups := make([][]*path, len(c.threads))
		for t, tp := range c.threads {
			groups[t] = tp.groups[idx[t]]
		}
		c.combination(groups)
		t := len(idx) - 1
		for ; t >= 0; t-- {
			if idx[t]++; idx[t] < len(c.threads[t].groups) {
				break
			}
			idx[t] = 0
		}
		if t < 0 {
			return
		}
	}
}

// combination enumerates the executions of one path group per thread.
func (c *checker) combination(groups [][]*path) {
	x := &execution{writes: make([][]int, len(c.locs)), co: make([][]int, len(c.locs))}
	add := func(e *event, t, local int) {
		i := len(x.ev)
		x.ev = append(x.ev, e)
		x.thread = append(x.thread, t)
		x.local = append(x.local, local)
		l := -1
		if e.isMem() {
			l = c.locIdx[e.loc]
			if e.kind == evWrite {
				x.writes[l] = append(x.writes[l], i)
			} else {
				x.reads = append(x.reads, i)
			}
		}
		x.locOf = append(x.locOf, l)
	}
	for _, e := range c.inits {
		add(e, -1, 0)
	}
	x.paths = make([]*path, len(groups))
	for t, g := range groups {
		x.paths[t] = g[0]
		x.base = append(x.base, len(x.ev))
		for i := range g[0].events {
			add(&g[0].events[i], t, i)
		}
	}
	x.rf = make([]int, len(x.ev))
	x.coPos = make([]int, len(x.ev))
	for i := range x.rf {
		x.rf[i] = -1
	}
	cands := make([][]int, len(x.reads))
	for k, r := range x.reads {
		if !c.meter.tick() {
			return
		}
		for _, w := range x.writes[x.locOf[r]] {
			if x.ev[w].val != x.ev[r].val {
				continue
			}
			if x.thread[w] == x.thread[r] && x.local[w] > x.local[r] {
				continue // a read cannot see its own thread's future
			}
			cands[k] = append(cands[k], w)
		}
		if len(cands[k]) == 0 {
			c.meter.execution() // abandoned: no write of the value read
			return
		}
	}
	c.chooseRF(x, groups, cands, 0)
}

// chooseRF picks the write each read reads from, abandoning a choice as
// soon as coherence on that location cannot hold.
func (c *checker) chooseRF(x *execution, groups [][]*path, cands [][]int, k int) {
	if k == len(x.reads) {
		c.chooseCO(x, groups)
		return
	}
	r := x.reads[k]
	for _, w := range cands[k] {
		// The way down to the first complete candidate may be long
		// (one level per read), hence a tick at each level.
		if !c.meter.tick() {
			break
		}
		x.rf[r] = w
		if coherenceOrder(x, x.locOf[r]).acyclic() {
			c.chooseRF(x, groups, cands, k+1)
		} else {
			c.meter.execution() // abandoned: coherence fails
		}
		if c.meter.err != nil {
			break
		}
	}
	x.rf[r] = -1
}

// coherenceOrder is the order that coherence forces on the writes to
// location l given the reads-from chosen so far (nodes are indices into
// x.writes[l]): the initial write first, then program order between writes
// (CoWW), and for each read r from w: w before the writes after r in its
// thread (CoRW), the writes before r in its thread before w (CoWR), and w
// before what later reads of l in the thread read from (CoRR).
func coherenceOrder(x *execution, l int) *graph {
	ws := x.writes[l]
	g := newGraph(len(ws))
	at := func(w int) int {
		for i, v := range ws {
			if v == w {
				return i
			}
		}
		return -1
	}
	for i := 1; i < len(ws); i++ {
		g.edge(0, i)
		for j := 1; j < len(ws); j++ {
			if i != j && x.thread[ws[i]] == x.thread[ws[j]] && x.local[ws[i]] < x.local[ws[j]] {
				g.edge(i, j)
			}
		}
	}
	for _, r := range x.reads {
		if x.locOf[r] != l || x.rf[r] < 0 {
			continue
		}
		src := at(x.rf[r])
		for j, w := range ws {
			if j == 0 || x.thread[w] != x.thread[r] {
				continue
			}
			if x.local[w] > x.local[r] {
				g.edge(src, j)
			} else if j != src {
				g.edge(j, src)
			}
		}
		for _, r2 := range x.reads {
			if x.locOf[r2] == l && x.rf[r2] >= 0 && x.rf[r2] != x.rf[r] &&
				x.thread[r2] == x.thread[r] && x.local[r2] > x.local[r] {
				g.edge(src, at(x.rf[r2]))
			}
		}
	}
	return g
}

// chooseCO enumerates the coherence orders allowed by coherence, location
// by location, and checks each execution.
func (c *checker) chooseCO(x *execution, groups [][]*path) {
	var rec func(l int)
	rec = func(l int) {
		if l == len(c.locs) {
			c.decide(x, groups)
			return
		}
		ws := x.writes[l]
		coherenceOrder(x, l).linearExtensions(func(order []int) bool {
			co := make([]int, len(order))
			for k, i := range order {
				co[k] = ws[i]
				x.coPos[ws[i]] = k
			}
			x.co[l] = co
			rec(l + 1)
			return c.meter.err == nil
		})
	}
	rec(0)
}

// decide checks the execution under every combination of dependency
// readings of its paths and records it once for each consistent one: herd7
// builds one execution per reading (the two of a successful CAS).
func (c *checker) decide(x *execution, groups [][]*path) {
	if !c.meter.execution() {
		return
	}
	variant := make([]int, len(groups))
	local := make([]rel, len(groups))
	consistent := 0
	defer func() {
		if consistent > 0 {
			c.record(x, consistent)
		}
	}()
	for c.meter.tick() {
		for t, g := range groups {
			p := g[variant[t]]
			x.paths[t] = p
			l, ok := c.local[p]
			if !ok {
				l = c.m.local(p)
				c.local[p] = l
			}
			local[t] = l
		}
		if !c.m.usesDeps() {
			// Every reading is consistent or none is.
			if c.m.consistent(x, local) {
				consistent = 1
				for _, g := range groups {
					consistent *= len(g)
				}
			}
			return
		}
		if c.m.consistent(x, local) {
			consistent++
		}
		t := len(variant) - 1
		for ; t >= 0; t-- {
			if variant[t]++; variant[t] < len(groups[t]) {
				break
			}
			variant[t] = 0
		}
		if t < 0 {
			return
		}
	}
}

// record counts n consistent executions with the final state of x, or
// keeps the error that ended one of its paths: the test then has no
// verdict.
func (c *checker) record(x *execution, n int) {
	for _, p := range x.paths {
		if p.fault != nil {
			if c.fault == nil {
				c.fault = p.fault
			}
			return
		}
	}
	if err := x.mixedSizes(c.t); err != nil {
		if c.fault == nil {
			c.fault = err
		}
		return
	}
	final := func(l Location) Value {
		if l.IsMem() {
			i, ok := c.locIdx[l.Sym]
			if !ok {
				return Value{}
			}
			co := x.co[i]
			return x.ev[co[len(co)-1]].val
		}
		return x.paths[l.Thread].regs[l.Reg]
	}
	if c.t.Filter != nil && !c.t.Filter.eval(final) {
		return
	}
	if f, ok := c.m.(flagger); ok {
		for _, p := range x.paths {
			for _, name := range f.flags(p) {
				c.flags[name] = true
			}
		}
	}
	witness := c.t.Cond.Prop.eval(final)
	if witness {
		c.pos += n
	} else {
		c.neg += n
	}
	s := &State{Witness: witness}
	for _, l := range c.shown {
		if c.t.isArray(l) {
			s.Values = append(s.Values, c.t.arrayBinding(l, final))
			continue
		}
		s.Values = append(s.Values, Binding{Loc: l, Value: final(l), Type: c.t.typeOf(l)})
		if unnamedCode(final(l)) && c.fault == nil {
			c.fault = &SyntaxError{File: c.t.File, Msg: fmt.Sprintf("%s holds a return address that no label names, which herd7 prints as a number of its own", l)}
		}
	}
	key := s.String()
	if _, ok := c.states[key]; !ok && c.meter.state(len(c.states)) {
		c.states[key] = s
	}
}
