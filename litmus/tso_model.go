package litmus

// tsoModel is x86-TSO: coherence (with the read-modify-write order),
// atomicity, and acyclic ghb, where ghb is program order except
// write-to-read pairs, plus fences and locked instructions on either side of
// a write-to-read pair, plus rfe, fr and co. Which fences order a write
// before a later read is where herd7's two x86 models part:
//
//   - x86tso (herd7's x86tso.cat, its default for X86, and what x86
//     processors do): MFENCE only. LFENCE and SFENCE let a load pass an
//     earlier store.
//   - x86tso-mixed (herd7's x86tso-mixed.cat, its default for X86_64): any
//     fence, since that model orders every event of program order except a
//     write before a read, fences included, and closes the order under
//     sequence, so write, fence, read is ordered whatever the fence.
//
// For tests of other architectures a full barrier counts as MFENCE (and
// under x86tso-mixed any barrier orders) and read-modify-writes as locked.
type tsoModel struct {
	// anyFence: every fence orders a write before a later read.
	anyFence bool
}

func (tsoModel) usesDeps() bool { return false }

func (m tsoModel) local(p *path) rel {
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
			if b.kind == evFence && (b.fence == fenceFull || m.anyFence) {
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
	if !x.uniproc(true) || !x.atomic(false) {
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
