package litmus

// armModel is herd7's aarch64.cat restricted to explicit memory accesses,
// barriers and ISB (no MTE, no translation tables, no instruction fetch):
//
//	internal: acyclic po-loc | ca | rf
//	atomic:   empty (rmw & (fr; co)) \ (([Exp]; rmw; [Exp]) & (fri; [Exp & W]; coi))
//	external: acyclic ob, where
//	  ob      = (obs | local-hw-reqs | haz-ob)+
//	  obs     = rfe | fre | coe
//	  haz-ob  = [R]; po-loc; [R]; fre
//	  local-hw-reqs = (lob | pick-lob)+ and pick-lob = pick-dep; lob; [W]
//	  lob     = (intr-ob | lws | dob | pob | aob | bob | DSB-ob | isb-ob)+
//	  intr-ob = the order of the two accesses of LDIAPP and STILP
//
// Everything but obs and haz-ob is thread-local, so it is computed once per
// path (armRelsOf).
type armModel struct{}

// The flags of herd7's aarch64fences.cat. Its model takes every observer
// to be in one inner-shareable domain, so a barrier option that names a
// domain orders what the option without it does, and herd7 flags it.
const (
	flagDMBDomain  = "Shareability-argument-for-DMB-is-deprecated"
	flagDSBLDScope = "Maintenance-scope-for-DSB-LD-is-deprecated"
	flagDSBSTScope = "Maintenance-scope-for-DSB-ST-is-deprecated"
)

// flags flags a DMB with ISH, OSH or NSH (in any of its forms), and a DSB
// with ISHLD, OSHLD, NSHLD, ISHST, OSHST or NSHST; a DSB ISH is not
// flagged.
func (armModel) flags(p *path) []string {
	var out []string
	for i := range p.events {
		e := &p.events[i]
		if e.kind != evFence || !e.scoped {
			continue
		}
		switch {
		case !e.dsb:
			out = append(out, flagDMBDomain)
		case e.fence == fenceLoad:
			out = append(out, flagDSBLDScope)
		case e.fence == fenceStore:
			out = append(out, flagDSBSTScope)
		}
	}
	return out
}

func (armModel) usesDeps() bool { return true }

func (armModel) local(p *path) rel { return armRelsOf(p.events).local }

func (armModel) consistent(x *execution, local []rel) bool {
	if !x.uniproc(false) || !x.atomic(true) {
		return false
	}
	g := newGraph(x.n())
	x.addLocal(g, local)
	// obs; sca-class?: what is observed before one access of a
	// single-copy-atomic pair is before the other too.
	obs := func(a, b int) {
		g.edge(a, b)
		if p := scaPartner(x, b); p >= 0 {
			g.edge(a, p)
		}
	}
	for _, r := range x.reads {
		if w := x.rf[r]; x.ext(w, r) {
			obs(w, r)
		}
		x.fr(r, func(w int) {
			if x.ext(r, w) {
				obs(r, w)
			}
		})
	}
	for _, order := range x.co {
		for i, w := range order {
			for _, v := range order[i+1:] {
				if x.ext(w, v) {
					obs(w, v)
				}
			}
		}
	}
	// haz-ob: a read ordered before a later read of its location (or
	// the other read of that one's single-copy-atomic pair) is ordered
	// before every external write that the later one is from-read
	// before.
	for _, r2 := range x.reads {
		t := x.thread[r2]
		for _, r3 := range []int{r2, scaPartner(x, r2)} {
			if r3 < 0 {
				continue
			}
			x.fr(r3, func(w int) {
				if !x.ext(r3, w) {
					return
				}
				for _, r1 := range x.reads {
					if x.thread[r1] == t && x.locOf[r1] == x.locOf[r2] && x.po(r1, r2) {
						obs(r1, w)
					}
				}
			})
		}
	}
	return g.acyclic()
}

// scaPartner is the other access of the single-copy-atomic pair of event
// i (LDXP's reads, STXP's writes), or -1.
func scaPartner(x *execution, i int) int {
	switch {
	case x.thread[i] < 0:
	case x.ev[i].sca:
		return i - 1
	case i+1 < x.n() && x.thread[i+1] == x.thread[i] && x.ev[i+1].sca:
		return i + 1
	}
	return -1
}

// armRels holds the thread-local relations of the AArch64 model over one
// path's events (path-local indices). Each is restricted to memory events
// at both ends.
type armRels struct {
	po, poLoc                                  rel
	addr, data, ctrl                           rel
	pickAddr, pickDep                          rel
	lmrs, rmw                                  rel
	lws, dob, pob, aob, bob, isb, lob, pickLob rel
	intr, sca                                  rel
	local                                      rel
}

// armRelsOf derives the dependencies and the locally-ordered-before
// relations from a path's events.
func armRelsOf(evs []event) *armRels {
	n := len(evs)
	var mem, reads, writes, acq, acqPC, ret uint64
	for i := range evs {
		e := &evs[i]
		switch e.kind {
		case evRead:
			reads |= bit(i)
			if !e.noRet {
				ret |= bit(i)
			}
			if e.acq {
				acq |= bit(i)
			}
			if e.acqPC {
				acqPC |= bit(i)
			}
		case evWrite:
			writes |= bit(i)
		}
	}
	mem = reads | writes
	r := &armRels{}
	for _, p := range []*rel{&r.po, &r.poLoc, &r.addr, &r.data, &r.ctrl, &r.pickAddr, &r.pickDep,
		&r.lmrs, &r.rmw, &r.bob, &r.isb, &r.intr, &r.sca} {
		*p = newRel(n)
	}
	// after[i]: the memory events po-after event i.
	after := make([]uint64, n)
	for i := range evs {
		for j := range evs {
			if evs[i].instr < evs[j].instr {
				r.po.add(i, j)
				if mem&bit(j) != 0 {
					after[i] |= bit(j)
				}
			}
		}
	}
	// from adds i -> j for every read i in set that is po-before j.
	from := func(dst rel, set uint64, j int) {
		eachBit(set&reads, func(i int) {
			if r.po.has(i, j) {
				dst.add(i, j)
			}
		})
	}
	for j := range evs {
		e := &evs[j]
		if e.isMem() {
			from(r.addr, e.addrD, j)
			from(r.pickAddr, e.addrP, j)
			from(r.data, e.dataD, j)
			from(r.ctrl, e.ctrlD, j)
			from(r.pickDep, e.inP|e.ctrlP, j)
			for i := range evs {
				if i != j && evs[i].isMem() && evs[i].loc == e.loc && r.po.has(i, j) {
					r.poLoc.add(i, j)
				}
			}
		}
		if e.seq {
			r.intr.add(j-1, j)
		}
		if e.sca {
			r.sca.add(j-1, j)
			r.sca.add(j, j-1)
		}
		if e.kind == evRead && e.lmrs >= 0 {
			r.lmrs.add(e.lmrs, j)
		}
		if e.kind == evRead && e.rmw >= 0 {
			r.rmw.add(j, e.rmw)
			// lxsx relates each read of a load-exclusive pair to
			// both writes of its store-exclusive pair.
			if w := e.rmw; evs[w].sca {
				r.rmw.add(j, w-1)
			} else if w+1 < n && evs[w+1].sca {
				r.rmw.add(j, w+1)
			}
		}
	}
	r.lws = r.poLoc.fromDomain(mem).toRange(writes)
	r.lws = r.lws.union(r.lws.seq(r.sca)) // lmws; sca-class
	toW := r.po.toRange(writes)
	r.dob = r.addr.union(r.data, r.ctrl.toRange(writes), r.addr.seq(toW),
		r.addr.union(r.data).seq(r.lmrs))
	r.pob = r.pickDep.toRange(writes).union(r.pickAddr.seq(toW))
	r.aob = r.rmw.union(r.rmw.seq(r.lmrs).toRange(acq | acqPC))
	for i := range evs {
		e := &evs[i]
		switch {
		case e.kind == evFence:
			before := uint64(0)
			for k := 0; k < i; k++ {
				if r.po.has(k, i) {
					before |= bit(k)
				}
			}
			switch e.fence {
			case fenceFull:
				eachBit(before&mem, func(k int) { r.bob[k] |= after[i] })
			case fenceLoad:
				eachBit(before&reads&ret, func(k int) { r.bob[k] |= after[i] })
			case fenceStore:
				// DSB-ob: a DSB ST orders an earlier store before every
				// later access; a DMB ST before later stores only.
				later := after[i] & writes
				if e.dsb {
					later = after[i]
				}
				eachBit(before&writes, func(k int) { r.bob[k] |= later })
			case fenceISB:
				// A control dependency, or an address dependency to an
				// access before the ISB, orders what follows the ISB.
				eachBit(e.ctrlP&reads, func(k int) { r.isb[k] |= after[i] })
				eachBit(before&mem, func(m int) {
					for k := range evs {
						if r.pickAddr.has(k, m) {
							r.isb[k] |= after[i]
						}
					}
				})
			}
		case e.kind == evRead && (e.acq || e.acqPC):
			r.bob[i] |= after[i]
		case e.kind == evWrite && e.rel:
			eachBit(after[i]&acq, func(k int) { r.bob.add(i, k) })
			for k := range evs {
				if mem&bit(k) != 0 && r.po.has(k, i) {
					r.bob.add(k, i)
				}
			}
		}
		if e.kind == evWrite && e.amo && e.rel {
			// The write of an acquire-release atomic orders everything
			// after it.
			for k := range evs {
				if evs[k].kind == evRead && evs[k].rmw == i && evs[k].acq {
					r.bob[i] |= after[i]
				}
			}
		}
	}
	r.lob = r.lws.union(r.dob, r.pob, r.aob, r.bob, r.isb, r.intr).closure()
	r.pickLob = r.pickDep.seq(r.lob).toRange(writes)
	r.local = r.lob.union(r.pickLob).closure().fromDomain(mem).toRange(mem)
	return r
}
