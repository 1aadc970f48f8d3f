package litmus

import "fmt"

// pairForm recognises the load and store pair instructions: LDP, LDNP and
// STP, STNP (the non-temporal hint changes nothing here), LDPSW, herd7's
// LDAP and STLP (acquire loads, release stores), and LDIAPP and STILP,
// whose two accesses are ordered (intr-ob).
func pairForm(m string, in *armInstr) bool {
	switch m {
	case "LDP", "LDNP", "LDPSW":
		in.op = armLoadPair
	case "LDAP":
		in.op, in.acq = armLoadPair, true
	case "LDIAPP":
		in.op, in.acqPC, in.seq = armLoadPair, true, true
	case "STP", "STNP":
		in.op = armStorePair
	case "STLP":
		in.op, in.rel = armStorePair, true
	case "STILP":
		in.op, in.rel, in.seq = armStorePair, true, true
	case "LDXP", "LDAXP":
		in.op, in.acq, in.excl = armLoadPair, m == "LDAXP", true
	case "STXP", "STLXP":
		in.op, in.rel, in.excl = armStorePair, m == "STLXP", true
	default:
		return false
	}
	if m == "LDPSW" {
		in.signed, in.size = true, 4
	}
	return true
}

// parsePair reads "Rt, Rt2, [Xn...]" and the post-index form
// "Rt, Rt2, [Xn], #i"; STXP and STLXP read "Ws, Rt, Rt2, [Xn]".
func (in *armInstr) parsePair(ops []string, m string) error {
	if in.excl {
		if in.op == armStorePair {
			if err := want(ops, 4, m); err != nil {
				return err
			}
			if err := in.parseRegs(ops[:1], m, &in.rs); err != nil {
				return err
			}
			if !in.rs.w {
				return fmt.Errorf("%q: the status register is a W register", in.text)
			}
			ops = ops[1:]
		}
		if err := want(ops, 3, m); err != nil {
			return err
		}
		if _, err := parseArmMem(ops[2], false); err != nil {
			return err
		}
	}
	if len(ops) != 3 && len(ops) != 4 {
		return fmt.Errorf("%s takes 3 operands, found %d", m, len(ops))
	}
	if err := in.parseLoadStore(append([]string{ops[0]}, ops[2:]...), m, true); err != nil {
		return err
	}
	if in.mem.hasIndex {
		return fmt.Errorf("%s takes no index register", m)
	}
	r, ok := armRegister(ops[1])
	if !ok || r.sp {
		return fmt.Errorf("bad register %q in %s", ops[1], m)
	}
	in.rt2 = r
	if in.signed && (in.rt.w || in.rt2.w) {
		return fmt.Errorf("%q: LDPSW loads into X registers", in.text)
	}
	return nil
}

// pair runs a load or store pair: two accesses of the register size (4
// bytes for LDPSW) at the address and the next one, in one instruction.
// A pre-indexed STILP orders its second store first, as herd7 does.
func (in *armInstr) pair(x *threadExec) error {
	a, ad, err := in.address(x)
	if err != nil {
		return err
	}
	var locs [2]string
	for k := range locs {
		if locs[k], err = x.test.cell(Value{Sym: a.Sym, N: a.N + int64(k*in.size)}, in.size); err != nil {
			return x.fault("%v", err)
		}
	}
	mem := event{addrD: ad.d, addrP: ad.p | ad.d, size: uint8(in.size), excl: in.excl}
	regs := [2]armReg{in.rt, in.rt2}
	if in.op == armStorePair && in.excl {
		return in.storeExclusivePair(x, locs, mem)
	}
	if in.op == armStorePair {
		order := []int{0, 1}
		if in.seq && in.mem.mode == modePre {
			order = []int{1, 0}
		}
		for n, k := range order {
			d, err := x.sized(regs[k], in.size)
			if err != nil {
				return err
			}
			e := mem
			e.val, e.rel, e.dataD, e.dataP, e.valF, e.seq = d.v, in.rel, d.d, d.p|d.d, d.f, in.seq && n == 1
			if _, err := x.store(locs[k], e); err != nil {
				return err
			}
		}
		in.postIndex(x)
		return nil
	}
	var vals [2]reg
	for k := range locs {
		e := mem
		e.acq, e.acqPC, e.seq, e.sca = in.acq, in.acqPC, in.seq && k == 1, in.excl && k == 1
		r, err := x.load(locs[k], e)
		if err != nil {
			return err
		}
		v := x.loaded(r)
		if v.v, err = narrow(v.v, in.size, in.signed); err != nil {
			return x.fault("%v", err)
		}
		vals[k] = v
		if in.excl && k == 0 {
			x.resv = r
		}
	}
	x.setArm(in.rt, vals[0])
	x.setArm(in.rt2, vals[1])
	in.postIndex(x)
	return nil
}

// storeExclusivePair runs STXP and STLXP: both writes or neither, each
// paired with its location's read of the load-exclusive pair just before,
// which must read the same two locations. herd7 relates each read of the
// pair to each write (lxsx). The two writes, as the two reads, are one
// single-copy-atomic access (sca).
func (in *armInstr) storeExclusivePair(x *threadExec, locs [2]string, mem event) error {
	r := x.resv
	x.resv = -1
	if r >= 0 && x.events[r].loc == locs[0] && int(x.events[r].size) == in.size &&
		!(r+1 < len(x.events) && x.events[r+1].excl) {
		// The architecture leaves this CONSTRAINED UNPREDICTABLE; herd7
		// lets the pair succeed, paired with the one read.
		return x.fault("a store-exclusive pair after a single load-exclusive of its first register's size: herd7 lets it succeed, which the checker does not model")
	}
	ok := r >= 0 && r+1 < len(x.events) && x.events[r].loc == locs[0] && x.events[r+1].excl &&
		x.events[r+1].loc == locs[1] && x.ch.choose(2) == 0
	status := int64(1)
	if ok {
		for k, reg := range [2]armReg{in.rt, in.rt2} {
			d, err := x.sized(reg, in.size)
			if err != nil {
				return err
			}
			e := mem
			e.val, e.rel, e.dataD, e.dataP, e.valF, e.sca = d.v, in.rel, d.d, d.p|d.d, d.f, k == 1
			w, err := x.store(locs[k], e)
			if err != nil {
				return err
			}
			x.pairRMW(r+k, w, false)
		}
		status = 0
	}
	x.setArm(in.rs, reg{v: intValue(status), sym: true})
	return nil
}
