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
	default:
		return false
	}
	if m == "LDPSW" {
		in.signed, in.size = true, 4
	}
	return true
}

// parsePair reads "Rt, Rt2, [Xn...]" and the post-index form
// "Rt, Rt2, [Xn], #i".
func (in *armInstr) parsePair(ops []string, m string) error {
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
	mem := event{addrD: ad.d, addrP: ad.p | ad.d, size: uint8(in.size)}
	regs := [2]armReg{in.rt, in.rt2}
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
		e.acq, e.acqPC, e.seq = in.acq, in.acqPC, in.seq && k == 1
		r, err := x.load(locs[k], e)
		if err != nil {
			return err
		}
		v := x.loaded(r)
		if v.v, err = narrow(v.v, in.size, in.signed); err != nil {
			return x.fault("%v", err)
		}
		vals[k] = v
	}
	x.setArm(in.rt, vals[0])
	x.setArm(in.rt2, vals[1])
	in.postIndex(x)
	return nil
}
