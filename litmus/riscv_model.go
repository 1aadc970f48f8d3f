package litmus

// rvwmoModel is RVWMO, the RISC-V memory model, as herd7's riscv.cat
// states it:
//
//	Coherence: acyclic co | rf | fr | po-loc
//	Model:     acyclic co | rfe | fr | ppo
//	Atomic:    empty rmw & (fre; coe)
//
// where ppo is the union of the thirteen preserved-program-order rules:
//
//	r1  [M]; po-loc; [W]
//	r2  ([R]; po-loc-no-w; [R]) \ rsw      (no write to the location between)
//	r3  [AMO|SC]; rfi; [R]
//	r4  fence                              (FENCE pred,succ and FENCE.TSO)
//	r5  [AQ]; po; [M]     r6  [M]; po; [RL]     r7  [RCsc]; po; [RCsc]
//	r8  rmw                                (an LR and its SC)
//	r9  [M]; addr; [M]    r10 [M]; data; [W]    r11 [M]; ctrl; [W]
//	r12 [M]; (addr|data); [W]; rfi; [R]
//	r13 [M]; addr; [M]; po; [W]
//
// AQ are the accesses annotated .aq or .aq.rl, RL those annotated .rl or
// .aq.rl, RCsc the annotated LR, SC and AMOs. For herd7 an AMO is one
// event, a read and a write at once; the checker's read and write of an
// AMO are therefore one node of every graph here (node), so that what is
// ordered before or after either is before or after both. The rules r2,
// r3 and r12 depend on reads-from and are added per execution; the rest
// is thread-local (local).
type rvwmoModel struct{}

func (rvwmoModel) usesDeps() bool { return true }

// rvNodes maps each event of a path to its node: the read of an AMO for
// its write, the event itself otherwise.
func rvNodes(evs []event) []int {
	node := make([]int, len(evs))
	for i := range evs {
		node[i] = i
	}
	for i := range evs {
		if e := &evs[i]; e.kind == evRead && e.amo && e.rmw >= 0 {
			node[e.rmw] = i
		}
	}
	return node
}

// rvKinds tells, per event, whether its node is a read and a write (an
// AMO's events are both).
func rvKinds(evs []event) (isR, isW uint64) {
	for i := range evs {
		e := &evs[i]
		switch {
		case e.kind == evRead:
			isR |= bit(i)
		case e.kind == evWrite:
			isW |= bit(i)
		}
		if e.isMem() && e.amo {
			isR |= bit(i)
			isW |= bit(i)
		}
	}
	return isR, isW
}

// rcsc reports whether an access is an annotated LR, SC or AMO.
func rcsc(e *event) bool { return (e.acq || e.rel) && (e.excl || e.amo) }

// local is the thread-local part of ppo over one path, between nodes.
func (rvwmoModel) local(p *path) rel {
	evs := p.events
	n := len(evs)
	node := rvNodes(evs)
	isR, isW := rvKinds(evs)
	out := newRel(n)
	add := func(i, j int) {
		if node[i] != node[j] {
			out.add(node[i], node[j])
		}
	}
	po := func(i, j int) bool { return evs[i].instr < evs[j].instr }
	for j := range evs {
		b := &evs[j]
		if !b.isMem() {
			continue
		}
		for i := range evs {
			a := &evs[i]
			if !a.isMem() || !po(i, j) {
				continue
			}
			switch {
			case a.loc == b.loc && isW&bit(j) != 0: // r1
			case a.acq: // r5
			case b.rel: // r6
			case rcsc(a) && rcsc(b): // r7
			case rvFenced(evs, i, j, isR, isW): // r4
			case b.addrD&bit(i) != 0: // r9
			case isW&bit(j) != 0 && (b.dataD|b.ctrlD)&bit(i) != 0: // r10, r11
			case isW&bit(j) != 0 && rvAddrBefore(evs, i, j): // r13
			default:
				continue
			}
			add(i, j)
		}
		if b.kind == evRead && b.rmw >= 0 && !b.amo { // r8
			add(j, b.rmw)
		}
	}
	return out
}

// rvFenced reports whether a fence between i and j orders them: one whose
// predecessor set holds i's kind and successor set j's, or a FENCE.TSO
// between two writes or after a read.
func rvFenced(evs []event, i, j int, isR, isW uint64) bool {
	kind := func(k int) rvFenceSet {
		var s rvFenceSet
		if isR&bit(k) != 0 {
			s |= rvFenceR
		}
		if isW&bit(k) != 0 {
			s |= rvFenceW
		}
		return s
	}
	ki, kj := kind(i), kind(j)
	for f := range evs {
		e := &evs[f]
		if e.kind != evFence || evs[i].instr >= e.instr || e.instr >= evs[j].instr {
			continue
		}
		if e.rvPred&ki != 0 && e.rvSucc&kj != 0 {
			return true
		}
		if e.rvTSO && (ki&rvFenceR != 0 || ki&rvFenceW != 0 && kj&rvFenceW != 0) {
			return true
		}
	}
	return false
}

// rvAddrBefore reports r13 for a write j: i is an address dependency of
// some access po-before j.
func rvAddrBefore(evs []event, i, j int) bool {
	for k := range evs {
		if evs[k].isMem() && evs[k].instr < evs[j].instr && evs[k].addrD&bit(i) != 0 {
			return true
		}
	}
	return false
}

func (rvwmoModel) consistent(x *execution, local []rel) bool {
	if !x.uniproc(true) || !x.atomic(false) {
		return false
	}
	node := make([]int, x.n())
	for i := range node {
		node[i] = i
	}
	for t, p := range x.paths {
		for i, k := range rvNodes(p.events) {
			node[x.base[t]+i] = x.base[t] + k
		}
	}
	g := newGraph(x.n())
	edge := func(a, b int) {
		if node[a] != node[b] {
			g.edge(node[a], node[b])
		}
	}
	x.addLocal(g, local)
	for _, order := range x.co {
		for i := 1; i < len(order); i++ {
			edge(order[i-1], order[i])
		}
	}
	for _, r := range x.reads {
		w := x.rf[r]
		if x.ext(w, r) {
			edge(w, r)
		}
		x.fr(r, func(w int) { edge(r, w) })
	}
	for t, p := range x.paths {
		rvRFPPO(x, t, p, edge)
	}
	return g.acyclic()
}

// rvRFPPO adds the rules of ppo that depend on reads-from, for thread t:
// r2 (two reads of a location with no write between, unless they read
// from the same write), r3 (an AMO or SC read from by a later read of its
// thread) and r12 (what the address or data of a write read from by a
// later read of its thread depends on).
func rvRFPPO(x *execution, t int, p *path, edge func(a, b int)) {
	evs := p.events
	base := x.base[t]
	isR, isW := rvKinds(evs)
	for j := range evs {
		if isR&bit(j) == 0 || evs[j].kind != evRead {
			continue
		}
		src := x.rf[base+j]
		if x.thread[src] == t {
			w := &evs[src-base]
			if w.excl || w.amo {
				edge(src, base+j)
			}
			eachBit(w.addrD|w.dataD, func(m int) { edge(base+m, base+j) })
		}
		for i := range evs {
			if evs[i].kind != evRead || isW&bit(i) != 0 || evs[i].loc != evs[j].loc ||
				evs[i].instr >= evs[j].instr || x.rf[base+i] == src {
				continue
			}
			between := false
			for k := range evs {
				if isW&bit(k) != 0 && evs[k].loc == evs[j].loc && evs[i].instr < evs[k].instr && evs[k].instr < evs[j].instr {
					between = true
					break
				}
			}
			if !between {
				edge(base+i, base+j)
			}
		}
	}
}
