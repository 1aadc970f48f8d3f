package litmus

// scModel is sequential consistency: acyclic po | rf | co | fr, and
// atomicity. The read and the write of one instruction are ordered too.
type scModel struct{}

func (scModel) usesDeps() bool { return false }

func (scModel) local(p *path) rel {
	r := newRel(len(p.events))
	prev := -1
	for i := range p.events {
		if p.events[i].isMem() {
			if prev >= 0 {
				r.add(prev, i)
			}
			prev = i
		}
	}
	return r
}

func (scModel) consistent(x *execution, local []rel) bool {
	g := newGraph(x.n())
	x.addLocal(g, local)
	x.addCom(g)
	return g.acyclic() && x.atomic(false)
}
