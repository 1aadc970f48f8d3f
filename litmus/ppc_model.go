package litmus

import "slices"

// powerModel is the Power model as herd7's ppc.cat states it ("Herding
// cats", Alglave, Maranget and Tautschnig, 2014). Power is not
// multi-copy atomic: a write may reach other threads at different times,
// so beyond coherence and atomicity it has four axioms rather than one
// order:
//
//	scperlocation: acyclic po-loc | rf | fr | co
//	atomic:        empty rmw & (fre; coe)
//	thinair:       acyclic hb, where hb = ppo | fence | rfe
//	propagation:   acyclic co | prop
//	observation:   irreflexive fre; prop; hb*
//	scXX:          acyclic co | (po & (EX * EX))
//
// with fence = sync | (lwsync \ (W * R)) | (eieio & (W * W)), the strong
// fence sync alone, and
//
//	propbase = (fence | rfe; fence); hb*
//	chapo    = rfe | fre | coe | (fre; rfe) | (coe; rfe)
//	prop     = (propbase & (W * W)) | (chapo?; propbase*; sync; hb*)
//
// ppo is the least fixpoint of four relations between accesses of one
// thread, ii, ic, ci and cc (from the initiation or commit of one to that
// of the other):
//
//	ii = dd | rfi | rdw | ci | (ic; ci) | (ii; ii)
//	ic = ii | cc | (ic; cc) | (ii; ic)
//	ci = ctrlisync | detour | (ci; ii) | (cc; ci)
//	cc = dd | po-loc | ctrl | addr; po | ci | (ci; ic) | (cc; cc)
//	ppo = ([R]; ii; [R]) | ([R]; ic; [W])
//
// where dd = addr | data, ctrlisync is a control dependency with an isync
// after the branch, rdw = po-loc & (fre; rfe) (two reads of a location
// that another thread's write comes between) and detour = po-loc & (coe;
// rfe) (a write of the thread overwritten by another thread's write that
// a later read of the thread reads). rfi, rdw and detour depend on the
// execution, so ppo is computed per execution; local contributes nothing.
//
// chapo's coe and (coe; rfe) are kept as ppc.cat states them, though no
// verdict needs them: a prop edge that starts with coe is a co edge then a
// prop edge, which propagation's co | prop holds already, and fre; coe is
// an fre edge, or an fri edge whose write follows the read in program
// order and so closes a cycle in hb.
type powerModel struct{}

func (powerModel) usesDeps() bool { return true }

func (powerModel) local(p *path) rel { return nil }

func (powerModel) consistent(x *execution, _ []rel) bool {
	if !x.uniproc(false) || !x.atomic(false) {
		return false
	}
	n := x.n()
	hb, fence, sync, xx := newGrel(n), newGrel(n), newGrel(n), newGrel(n)
	for t, p := range x.paths {
		ppcThread(x, t, p, hb, fence, sync, xx)
	}
	rfe, fre, coe, co := newGrel(n), newGrel(n), newGrel(n), newGrel(n)
	for _, r := range x.reads {
		if w := x.rf[r]; x.ext(w, r) {
			rfe.add(w, r)
		}
		x.fr(r, func(w int) {
			if x.ext(r, w) {
				fre.add(r, w)
			}
		})
	}
	for _, order := range x.co {
		for i, w := range order {
			for _, v := range order[i+1:] {
				co.add(w, v)
				if x.ext(w, v) {
					coe.add(w, v)
				}
			}
		}
	}
	if !xx.or(co).acyclic() {
		return false
	}
	hb.or(rfe)
	if !hb.acyclic() {
		return false
	}
	hbStar := hb.closure().reflexive()
	propBase := fence.clone().or(rfe.seq(fence)).seq(hbStar)
	chapo := rfe.clone().or(fre, coe, fre.seq(rfe), coe.seq(rfe)).reflexive()
	writes := make([]uint64, hb.w)
	for i, e := range x.ev {
		if e.kind == evWrite {
			writes[i/64] |= bit(i % 64)
		}
	}
	prop := propBase.clone().restrict(writes, writes)
	prop.or(chapo.seq(propBase.closure().reflexive()).seq(sync).seq(hbStar))
	if !co.clone().or(prop).acyclic() {
		return false
	}
	return fre.seq(prop).seq(hbStar).irreflexive()
}

// ppcThread adds thread t's part of hb (its ppo and fences), of fence, of
// the strong fence sync, and of po between its exclusive accesses (xx).
func ppcThread(x *execution, t int, p *path, hb, fence, sync, xx grel) {
	evs := p.events
	n := len(evs)
	base := x.base[t]
	var mem, reads, writes, excl uint64
	for i := range evs {
		switch evs[i].kind {
		case evRead:
			reads |= bit(i)
		case evWrite:
			writes |= bit(i)
		default:
			continue
		}
		mem |= bit(i)
		if evs[i].excl {
			excl |= bit(i)
		}
	}
	after := func(i int) uint64 { // the accesses after event i
		return mem &^ (bit(i+1) - 1)
	}
	dd, ctrl, ctrlIsync, poLoc, addrPo := newRel(n), newRel(n), newRel(n), newRel(n), newRel(n)
	rfi, rdw, detour := newRel(n), newRel(n), newRel(n)
	for j := range evs {
		e := &evs[j]
		if e.kind == evFence {
			if e.ppcFence == ppcIsync {
				eachBit(e.ctrlD&reads, func(i int) { ctrlIsync[i] |= after(j) })
			}
			continue
		}
		eachBit(e.addrD&reads, func(i int) {
			dd.add(i, j)
			addrPo[i] |= after(j)
		})
		if e.kind == evWrite {
			eachBit(e.dataD&reads, func(i int) { dd.add(i, j) })
		}
		eachBit(e.ctrlD&reads, func(i int) { ctrl.add(i, j) })
		for i := 0; i < j; i++ {
			if mem&bit(i) != 0 && evs[i].loc == e.loc {
				poLoc.add(i, j)
			}
		}
		if e.kind != evRead {
			continue
		}
		w := x.rf[base+j]
		if x.thread[w] == t {
			rfi.add(w-base, j)
			continue
		}
		if x.thread[w] < 0 {
			continue
		}
		// w is another thread's write read by j: rdw and detour.
		for i := 0; i < j; i++ {
			if mem&bit(i) == 0 || evs[i].loc != e.loc {
				continue
			}
			if evs[i].kind == evRead && x.coPos[w] > x.coPos[x.rf[base+i]] {
				rdw.add(i, j)
			}
			if evs[i].kind == evWrite && x.coPos[w] > x.coPos[base+i] {
				detour.add(i, j)
			}
		}
	}
	ii0 := dd.union(rfi, rdw)
	ci0 := ctrlIsync.union(detour)
	cc0 := dd.union(poLoc, ctrl, addrPo)
	ii, ic, ci, cc := ii0, newRel(n), ci0, cc0
	for {
		ci2 := ci0.union(ci.seq(ii), cc.seq(ci))
		ii2 := ii0.union(ci, ic.seq(ci), ii.seq(ii))
		cc2 := cc0.union(ci, ci.seq(ic), cc.seq(cc))
		ic2 := ii.union(cc, ic.seq(cc), ii.seq(ic))
		if slices.Equal(ci2, ci) && slices.Equal(ii2, ii) && slices.Equal(cc2, cc) && slices.Equal(ic2, ic) {
			break
		}
		ci, ii, cc, ic = ci2, ii2, cc2, ic2
	}
	for i := range evs {
		if reads&bit(i) == 0 {
			continue
		}
		eachBit(ii[i]&reads|ic[i]&writes, func(j int) { hb.add(base+i, base+j) })
	}
	for f := range evs {
		k := evs[f].ppcFence
		if evs[f].kind != evFence || k == ppcIsync {
			continue
		}
		for i := 0; i < f; i++ {
			if mem&bit(i) == 0 {
				continue
			}
			to := after(f)
			switch {
			case k != ppcSync && writes&bit(i) != 0: // lwsync and eieio: no write before a read
				to &= writes
			case k == ppcEieio: // nor a read before anything
				to = 0
			}
			eachBit(to, func(j int) {
				fence.add(base+i, base+j)
				hb.add(base+i, base+j)
				if k == ppcSync {
					sync.add(base+i, base+j)
				}
			})
		}
	}
	eachBit(excl, func(i int) {
		eachBit(excl&after(i), func(j int) { xx.add(base+i, base+j) })
	})
}
