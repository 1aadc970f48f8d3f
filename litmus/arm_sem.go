package litmus

// exec runs one AArch64 instruction. Register values carry the reads they
// depend on, so that addr, data and ctrl come from the dataflow.
func (in *armInstr) exec(x *threadExec) error {
	switch in.op {
	case armNOP:
	case armMOV:
		v, _ := in.second(x)
		x.setArm(in.rd, v)
	case armALU:
		return in.execALU(x)
	case armCSEL:
		return in.execCSEL(x)
	case armB:
		return in.branchTo(x)
	case armBcond:
		x.branch(x.flags)
		if condHolds(in.cond, int(x.flags.v.N)) {
			return in.branchTo(x)
		}
	case armCBZ, armCBNZ:
		r := x.getArm(in.rn)
		x.branch(r)
		if (r.v == Value{}) == (in.op == armCBZ) {
			return in.branchTo(x)
		}
	case armLoad, armStore, armStoreEx, armCAS, armLdOp, armSWP:
		return in.access(x)
	case armLoadPair, armStorePair:
		return in.pair(x)
	case armCASP:
		return in.casPair(x)
	case armCall:
		return in.execCall(x)
	case armBarrier:
		_, err := x.add(event{kind: evFence, fence: in.fence, dsb: in.fenceIsBarrier == "DSB", scoped: in.scoped})
		return err
	case armISB:
		return x.fence(fenceISB)
	case armMisc:
		return in.execMisc(x)
	case armTBZ:
		return in.execTBZ(x)
	}
	return nil
}

// second is the second source operand: an immediate, or a register with
// its shift or extension.
func (in *armInstr) second(x *threadExec) (reg, error) {
	if in.hasImm {
		return reg{v: intValue(in.imm)}, nil
	}
	r := x.getArm(in.rm)
	v, err := in.sh.apply(r.v, in.w)
	r.v = v
	return r, err
}

// sized reads a register as the data of an access of size bytes.
func (x *threadExec) sized(r armReg, size int) (reg, error) {
	v := x.getArm(r)
	n, err := narrow(v.v, size, false)
	if err != nil {
		return reg{}, x.fault("%v", err)
	}
	v.v = n
	return v, nil
}

// getArm reads a register; a W register reads the low 32 bits.
func (x *threadExec) getArm(r armReg) reg {
	if r.zero {
		return reg{}
	}
	v := x.get(r.canonical())
	if r.w {
		v.v = zeroExtend32(v.v)
	}
	return v
}

// setArm writes a register; writing a W register clears the upper half.
func (x *threadExec) setArm(r armReg, v reg) {
	if r.zero {
		return
	}
	if r.w {
		v.v = zeroExtend32(v.v)
	}
	x.set(r.canonical(), v)
}

// address computes the effective address of the memory operand and the
// reads it depends on, and performs a pre-index writeback.
func (in *armInstr) address(x *threadExec) (Value, reg, error) {
	m := in.mem
	base := x.getArm(m.base)
	if m.mode == modePre {
		base.v.N += m.imm
		x.setArm(m.base, base)
	}
	a := base
	if m.mode == modeOffset {
		a.v.N += m.imm
	}
	if m.hasIndex {
		idx := x.getArm(m.index)
		off := idx.v
		if off.Sym == "" {
			switch m.ext {
			case "SXTW":
				off.N = int64(int32(off.N))
			case "UXTW":
				off.N = int64(uint32(off.N))
			}
			off.N <<= uint(m.shift)
		}
		v, err := alu("ADD", a.v, off)
		if err != nil {
			return Value{}, reg{}, x.fault("%v", err)
		}
		a = reg{v: v, d: a.d | idx.d, p: a.p | idx.p, sym: a.sym || idx.sym}
	}
	if isCodeLabel(a.v) {
		return Value{}, reg{}, x.fault("an access to the code at %s: code as data is herd7's ifetch variant", a.v)
	}
	if !a.v.IsAddr() {
		return Value{}, reg{}, x.fault("address %s is not a location", a.v)
	}
	return a.v, a, nil
}

// postIndex performs the writeback of "[Xn], #i".
func (in *armInstr) postIndex(x *threadExec) {
	if in.mem.mode == modePost {
		b := x.getArm(in.mem.base)
		b.v.N += in.mem.imm
		x.setArm(in.mem.base, b)
	}
}

// access runs the memory instructions.
func (in *armInstr) access(x *threadExec) error {
	a, ad, err := in.address(x)
	if err != nil {
		return err
	}
	loc, err := x.test.cell(a, in.size)
	if err != nil {
		return x.fault("%v", err)
	}
	mem := event{addrD: ad.d, addrP: ad.p | ad.d, size: uint8(in.size)}
	switch in.op {
	case armLoad:
		e := mem
		e.acq, e.acqPC, e.excl = in.acq, in.acqPC, in.excl
		r, err := x.load(loc, e)
		if err != nil {
			return err
		}
		if in.excl {
			x.resv = r
		}
		if v := x.events[r].val; in.rt.w && v.IsAddr() {
			// herd7 refuses to take 32 bits of an address.
			return x.fault("a 32-bit load of the address %s", v)
		}
		v := x.loaded(r)
		if v.v, err = narrow(v.v, in.size, in.signed); err != nil {
			return x.fault("%v", err)
		}
		x.setArm(in.rt, v)
	case armStore:
		d, err := x.sized(in.rt, in.size)
		if err != nil {
			return err
		}
		e := mem
		e.val, e.rel, e.dataD, e.dataP, e.valF = d.v, in.rel, d.d, d.p|d.d, d.f
		if _, err := x.store(loc, e); err != nil {
			return err
		}
	case armStoreEx:
		return in.storeExclusive(x, loc, mem)
	case armCAS:
		return in.cas(x, loc, mem)
	case armLdOp, armSWP:
		return in.atomicOp(x, loc, mem)
	}
	in.postIndex(x)
	return nil
}

// storeExclusive may succeed only when an earlier load-exclusive of the
// same location is still paired with nothing; it may also fail. A failed
// store-exclusive makes no write. The status register depends on nothing.
func (in *armInstr) storeExclusive(x *threadExec, loc string, mem event) error {
	r := x.resv
	x.resv = -1
	ok := r >= 0 && x.events[r].loc == loc && x.ch.choose(2) == 0
	status := int64(1)
	if ok {
		d, err := x.sized(in.rt, in.size)
		if err != nil {
			return err
		}
		e := mem
		e.val, e.rel, e.excl, e.dataD, e.dataP, e.valF = d.v, in.rel, true, d.d, d.p|d.d, d.f
		w, err := x.store(loc, e)
		if err != nil {
			return err
		}
		x.pairRMW(r, w, false)
		status = 0
	}
	x.setArm(in.rs, reg{v: intValue(status), sym: true})
	return nil
}

// cas: the read always happens; the write when the value read equals Rs.
// With Rs = ZR the result is discarded (NoRet) and the acquire is lost, as
// in herd7. A failed CAS returns the value read, with its dependencies; as
// in herd7 it may also write that value back, atomically: one path
// without the write and one with it. A successful one leaves in Rs a value
// equal both to Rs and to the value read, and herd7 lets either carry the
// dependency: one path per reading.
func (in *armInstr) cas(x *threadExec, loc string, mem event) error {
	rs, err := x.sized(in.rs, in.size)
	if err != nil {
		return err
	}
	rt, err := x.sized(in.rt, in.size)
	if err != nil {
		return err
	}
	r, old, err := in.atomicRead(x, loc, mem, in.rs.zero)
	if err != nil {
		return err
	}
	failed := old.v != rs.v
	if failed {
		x.setArm(in.rs, old)
		if !x.writeBack() {
			return nil
		}
		rt = old // the write-back
	}
	w := mem
	w.val, w.rel, w.dataD, w.dataP, w.valF = rt.v, in.rel, rt.d, rt.p|rt.d, rt.f
	w.inP = rs.p | rs.d | old.p // the compare controls the write
	wi, err := x.storeAt(loc, w, failed)
	if err != nil {
		return err
	}
	x.pairRMW(r, wi, true)
	if failed {
		return nil
	}
	if x.ch.choose(2) == 0 {
		x.setArm(in.rs, reg{v: old.v, d: rs.d, p: rs.p | rs.d | old.p, f: old.f, sym: rs.sym || old.sym})
	} else {
		x.setArm(in.rs, old)
	}
	return nil
}

// atomicRead performs the read of an atomic, NoRet and without acquire when
// its result is discarded, and returns it at the width of Rs.
func (in *armInstr) atomicRead(x *threadExec, loc string, mem event, discarded bool) (int, reg, error) {
	e := mem
	e.noRet = discarded
	e.acq = in.acq && !discarded
	r, err := x.load(loc, e)
	if err != nil {
		return 0, reg{}, err
	}
	old := x.loaded(r)
	if in.rs.w {
		old.v = zeroExtend32(old.v)
	}
	if old.v, err = narrow(old.v, in.size, false); err != nil {
		return 0, reg{}, x.fault("%v", err)
	}
	return r, old, nil
}

// atomicOp runs LD<op>, ST<op> and SWP. With Rt = ZR the read is NoRet and
// not acquire, as in herd7.
func (in *armInstr) atomicOp(x *threadExec, loc string, mem event) error {
	s, err := x.sized(in.rs, in.size)
	if err != nil {
		return err
	}
	r, old, err := in.atomicRead(x, loc, mem, in.rt.zero)
	if err != nil {
		return err
	}
	w := mem
	w.rel, w.dataD, w.dataP, w.valF = in.rel, s.d, s.p|s.d, s.f
	if in.op == armSWP {
		// herd7 orders SWP's read before its write with iico_order, which
		// the ARMv8 model's dependencies (dtrm, pick-dtrm) do not follow:
		// a load of the value that the swap wrote carries no dependency
		// on the swap's read, as it does on an LDADD's.
		w.val = s.v
	} else {
		w.valF |= old.f
		v, err := aluW(in.name, old.v, s.v, in.rs.w)
		if isMinMax(in.name) {
			v, err = minMax(in.name, old.v, s.v, in.size)
		}
		if err != nil {
			return x.fault("%v", err)
		}
		if in.rs.w {
			v = zeroExtend32(v)
		}
		if v, err = narrow(v, in.size, false); err != nil {
			return x.fault("%v", err)
		}
		w.val, w.inD, w.inP = v, old.d, old.p
	}
	wi, err := x.store(loc, w)
	if err != nil {
		return err
	}
	x.pairRMW(r, wi, true)
	x.setArm(in.rt, old)
	return nil
}
