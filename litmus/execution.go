package litmus

// execution is a candidate execution: the events of one path per thread
// (after the initial writes, one per location), a reads-from and a
// coherence order.
type execution struct {
	ev     []*event
	thread []int // -1 for the initial writes
	local  []int // index of the event in its thread's path
	base   []int // global index of each thread's first event
	paths  []*path
	locOf  []int   // location index of each memory event, -1 for fences
	writes [][]int // per location: its writes, the initial one first
	reads  []int   // the reads, in global order
	rf     []int   // for a read: the write it reads from; -1 otherwise
	co     [][]int // per location: its writes in coherence order
	coPos  []int   // for a write: its position in its location's co
}

func (x *execution) n() int { return len(x.ev) }

// ext reports whether i and j belong to different threads (an initial
// write is external to every thread).
func (x *execution) ext(i, j int) bool {
	return x.thread[i] != x.thread[j] || x.thread[i] < 0
}

// po reports whether i comes before j in program order: same thread,
// different instructions.
func (x *execution) po(i, j int) bool {
	return x.thread[i] >= 0 && x.thread[i] == x.thread[j] && x.ev[i].instr < x.ev[j].instr
}

// fr calls f with every write that read r is from-read before: the writes
// to its location after the one it reads from.
func (x *execution) fr(r int, f func(w int)) {
	l := x.locOf[r]
	order := x.co[l]
	for _, w := range order[x.coPos[x.rf[r]]+1:] {
		f(w)
	}
}

// addCom adds rf, co and fr to g.
func (x *execution) addCom(g *graph) {
	for _, r := range x.reads {
		g.edge(x.rf[r], r)
		x.fr(r, func(w int) { g.edge(r, w) })
	}
	for _, order := range x.co {
		for i, w := range order {
			for _, v := range order[i+1:] {
				g.edge(w, v)
			}
		}
	}
}

// addPoLoc adds program order between accesses to one location; with
// sameInstr set, also the read before the write of one instruction.
func (x *execution) addPoLoc(g *graph, sameInstr bool) {
	for t, p := range x.paths {
		for i := range p.events {
			a := &p.events[i]
			if !a.isMem() {
				continue
			}
			for j := i + 1; j < len(p.events); j++ {
				b := &p.events[j]
				if b.isMem() && b.loc == a.loc && (sameInstr || a.instr < b.instr) {
					g.edge(x.base[t]+i, x.base[t]+j)
				}
			}
		}
	}
}

// addLocal adds per-thread relations given over path-local indices.
func (x *execution) addLocal(g *graph, local []rel) {
	for t, r := range local {
		for i, row := range r {
			eachBit(row, func(j int) { g.edge(x.base[t]+i, x.base[t]+j) })
		}
	}
}

// uniproc is coherence: acyclic po-loc | rf | co | fr.
func (x *execution) uniproc(sameInstr bool) bool {
	g := newGraph(x.n())
	x.addPoLoc(g, sameInstr)
	x.addCom(g)
	return g.acyclic()
}

// atomic is "empty rmw & (fre; coe)": no write of another thread comes
// between the write a read-modify-write reads from and its own write.
// With exempt, it is aarch64.cat's rule instead, "empty (rmw & (fr; co)) \
// (([Exp]; rmw; [Exp]) & (fri; [Exp & W]; coi))": a pair with a write of
// its own thread between them (a store between a load-exclusive and its
// store-exclusive) is exempt, whatever other threads wrote there too.
func (x *execution) atomic(exempt bool) bool {
	for _, r := range x.reads {
		if x.ev[r].rmw < 0 {
			continue
		}
		t := x.thread[r]
		w := x.base[t] + x.ev[r].rmw
		order := x.co[x.locOf[r]]
		from, to := x.coPos[x.rf[r]], x.coPos[w]
		other, own := false, false
		for k := from + 1; k < to; k++ {
			if x.thread[order[k]] != t {
				other = true
			} else {
				own = true
			}
		}
		if other && !(exempt && own) {
			return false
		}
	}
	return true
}
