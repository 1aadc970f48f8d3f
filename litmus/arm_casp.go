package litmus

import "fmt"

// parseCASP reads "Rs, Rs2, Rt, Rt2, [Xn]".
func (in *armInstr) parseCASP(ops []string, m string) error {
	if err := want(ops, 5, m); err != nil {
		return err
	}
	if err := in.parseRegs(ops[:4], m, &in.rs, &in.rs2, &in.rt, &in.rt2); err != nil {
		return err
	}
	for _, r := range []armReg{in.rs, in.rs2, in.rt, in.rt2} {
		if r.zero || r.sp {
			return fmt.Errorf("bad register pair in %q", in.text)
		}
	}
	mem, err := parseArmMem(ops[4], false)
	in.mem = mem
	return err
}

// casPair runs CASP: CAS on two adjacent locations at once, compared and
// written together, each read and write one atomic pair. As for CAS (see
// cas), a success has two readings of the dependencies of Rs and Rs2 and a
// failure may write back. Each register written depends on both reads or
// both compared registers, and each write on both data registers, as in
// herd7.
func (in *armInstr) casPair(x *threadExec) error {
	a, ad, err := in.address(x)
	if err != nil {
		return err
	}
	mem := event{addrD: ad.d, addrP: ad.p | ad.d, size: uint8(in.size)}
	rsRegs, rtRegs := [2]armReg{in.rs, in.rs2}, [2]armReg{in.rt, in.rt2}
	var locs [2]string
	var cmp, data, old [2]reg
	var reads [2]int
	for k := range locs {
		if locs[k], err = x.test.cell(Value{Sym: a.Sym, N: a.N + int64(k*in.size)}, in.size); err != nil {
			return x.fault("%v", err)
		}
		if cmp[k], err = x.sized(rsRegs[k], in.size); err != nil {
			return err
		}
		if data[k], err = x.sized(rtRegs[k], in.size); err != nil {
			return err
		}
	}
	for k := range locs {
		if reads[k], old[k], err = in.atomicRead(x, locs[k], mem, false); err != nil {
			return err
		}
	}
	cmps, olds, datas := joinDeps(cmp), joinDeps(old), joinDeps(data)
	failed := old[0].v != cmp[0].v || old[1].v != cmp[1].v
	if failed {
		for k, r := range rsRegs {
			x.setArm(r, reg{v: old[k].v, d: olds.d, p: olds.p, f: old[k].f, sym: olds.sym})
		}
		if !x.writeBack() {
			return nil
		}
		datas = olds
		data = old
	}
	for k := range locs {
		w := mem
		w.val, w.rel, w.dataD, w.dataP, w.valF = data[k].v, in.rel, datas.d, datas.p|datas.d, data[k].f
		w.inP = cmps.p | cmps.d | olds.p // the compare controls the writes
		wi, err := x.storeAt(locs[k], w, failed)
		if err != nil {
			return err
		}
		x.pairRMW(reads[k], wi, true)
	}
	if failed {
		return nil
	}
	fromRs := x.ch.choose(2) == 0
	for k, r := range rsRegs {
		v := reg{v: old[k].v, d: olds.d, p: olds.p, f: old[k].f, sym: olds.sym}
		if fromRs {
			v = reg{v: old[k].v, d: cmps.d, p: cmps.p | cmps.d | olds.p, f: old[k].f, sym: cmps.sym || olds.sym}
		}
		x.setArm(r, v)
	}
	return nil
}

// joinDeps is what depends on both registers of a pair.
func joinDeps(p [2]reg) reg {
	return reg{d: p[0].d | p[1].d, p: p[0].p | p[1].p, f: p[0].f | p[1].f, sym: p[0].sym || p[1].sym}
}
