package litmus

// A thread's accesses to one location see its writes in coherence order:
// a read returns the write its thread last saw (its own latest write, or
// what its latest read returned) or a later one, and a write comes after
// what its thread last saw. Every model here keeps coherence, and a write
// of another thread has one place in coherence order, so the thread can
// pass it once. A load therefore returns either the value last seen or that
// of another thread's write site not yet passed; the other values of the
// domain lead only to executions that coherence rejects, and a thread
// that branches on them multiplies its paths for nothing.

// walk is where a thread stands in the coherence order of one location:
// at a write of value cur, having passed, in one of the ways it may have,
// the other threads' write sites of one set of passed. Only the minimal
// sets are kept: a walk that passed fewer sites can do all the other can.
type walk struct {
	cur    Value
	passed []siteSet
	// mine are the thread's own writes to the location so far.
	mine siteSet
}

// maxWalks bounds the sets of passed sites kept for one location. Beyond
// it they are replaced by their intersection, which passes fewer sites and
// so allows more reads, never fewer.
const maxWalks = 64

// walkOf is where the thread stands at loc; before any access, at the
// initial write.
func (x *threadExec) walkOf(loc string) walk {
	if w, ok := x.walks[loc]; ok {
		return w
	}
	return walk{cur: x.dom.initial(loc), passed: []siteSet{{}}}
}

// reading returns the walk after a read of v at loc, or false when no
// write the thread may still see has that value. The write read from comes
// with the sites its writer had passed (see chain): those are behind the
// thread now too. A chain through a write of this thread that the thread
// has not done yet cannot be read: that write would come before, in
// coherence order, a write read before it in program order.
func (x *threadExec) reading(loc string, v Value) (walk, bool) {
	w := x.walkOf(loc)
	if v == w.cur {
		return w, true
	}
	var next []siteSet
	for _, c := range x.dom.chainsOf(loc, v) {
		if x.ownSites.has(c.writer) || !c.behind.intersect(x.ownSites).subsetOf(x.done) {
			continue
		}
		theirs := c.behind.minus(x.ownSites)
		for _, p := range w.passed {
			if !p.has(c.writer) {
				next = append(next, p.union(theirs))
			}
		}
	}
	if len(next) == 0 {
		return walk{}, false
	}
	next = minimalSets(next)
	if len(next) > maxWalks {
		common := next[0]
		for _, p := range next[1:] {
			common = common.intersect(p)
		}
		next = []siteSet{common}
	}
	return walk{cur: v, passed: next, mine: w.mine}, true
}

// readable returns the values a read of loc may return, in the domain's
// order, with the walk after each, and whether it left out a value of the
// domain. The value last seen comes last when the domain does not hold it
// yet: the thread's own write, whose value joins the domain once a path
// that writes it is done.
func (x *threadExec) readable(loc string) (vals []Value, walks []walk, narrowed bool) {
	last := x.walkOf(loc).cur
	inDomain := false
	for _, v := range x.dom.values(loc) {
		inDomain = inDomain || v == last
		w, ok := x.reading(loc, v)
		if !ok {
			narrowed = true
			continue
		}
		vals = append(vals, v)
		walks = append(walks, w)
	}
	if !inDomain {
		vals = append(vals, last)
		walks = append(walks, x.walkOf(loc))
	}
	return vals, walks, narrowed
}

// wrote moves the walk at loc to the thread's write of v at site, and
// returns the chains of that write: what its thread had passed, its own
// earlier writes to loc and itself.
func (x *threadExec) wrote(loc string, v Value, site int) []chain {
	w := x.walkOf(loc)
	w.mine = w.mine.with(site)
	x.walks[loc] = walk{cur: v, passed: w.passed, mine: w.mine}
	x.done = x.done.with(site)
	chains := make([]chain, len(w.passed))
	for i, p := range w.passed {
		chains[i] = chain{writer: site, behind: p.union(w.mine)}
	}
	return chains
}
