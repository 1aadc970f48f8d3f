package litmus

// chain is one way a write may stand in the coherence order of its
// location: writer is its site, and behind holds it and the writes to the
// location that come before it whatever the execution. Those are the
// writes its thread had read from or passed by then (coherence puts a
// write after what a read before it in program order returned) and the
// thread's own earlier writes to the location, and, through the writes read
// from, theirs in turn. A thread that reads the write has passed them all.
type chain struct {
	writer int
	behind siteSet
}

// addChain records that v at loc may be written with chain c, and reports
// whether that is new: a chain of the same writer behind fewer writes
// allows more, so only the minimal ones are kept.
func (d *domain) addChain(loc string, v Value, c chain) bool {
	byVal := d.chains[loc]
	if byVal == nil {
		byVal = map[Value][]chain{}
		d.chains[loc] = byVal
	}
	old := byVal[v]
	kept := old[:0:0]
	for _, o := range old {
		if o.writer == c.writer && o.behind.subsetOf(c.behind) {
			return false
		}
		if o.writer != c.writer || !c.behind.subsetOf(o.behind) {
			kept = append(kept, o)
		}
	}
	byVal[v] = append(kept, c)
	return true
}

// chainsOf are the chains of the writes of v to loc in some path.
func (d *domain) chainsOf(loc string, v Value) []chain { return d.chains[loc][v] }

// threadSites are the write sites of thread t.
func (d *domain) threadSites(t int) siteSet {
	var s siteSet
	for i, th := range d.siteThread {
		if th == t {
			s = s.with(i)
		}
	}
	return s
}
