package litmus

// tsoModel is herd7's x86tso.cat: coherence (with the read-modify-write
// order), atomicity, and acyclic ghb, where ghb is program order except
// write-to-read pairs, plus MFENCE and locked instructions on either side
// of a write-to-read pair, plus rfe, fr and co. For tests of other
// architectures a full barrier counts as MFENCE and read-modify-writes as
// locked.
type tsoModel struct{}

func (tsoModel) usesDeps() bool { return false }

func (tsoModel) local(p *path) rel {
	evs := p.events
	r := newRel(len(evs))
	for i := range evs {
		a := &evs[i]
		if !a.isMem() {
			continue
		}
		fenced := false
		for j := i + 1; j < len(evs); j++ {
			b := &evs[j]
			if b.kind == evFence && b.fence == fenceFull {
				fenced = true
			}
			if !b.isMem() || b.instr == a.instr {
				continue
			}
			if a.kind == evRead || b.kind == evWrite || fenced || a.atomic || b.atomic {
				r.add(i, j)
			}
		}
	}
	return r
}

func (tsoModel) consistent(x *execution, local []rel) bool {
	if !x.uniproc(true) || !x.atomic() {
		return false
	}
	g := newGraph(x.n())
	x.addLocal(g, local)
	for _, r := range x.reads {
		if w := x.rf[r]; x.ext(w, r) {
			g.edge(w, r)
		}
		x.fr(r, func(w int) { g.edge(r, w) })
	}
	for _, order := range x.co {
		for i := 1; i < len(order); i++ {
			g.edge(order[i-1], order[i])
		}
	}
	return g.acyclic()
}
