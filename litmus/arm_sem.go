package litmus

import "fmt"

// exec runs one AArch64 instruction. Register values carry the reads they
// depend on, so that addr, data and ctrl come from the dataflow.
func (in *armInstr) exec(x *threadExec) error {
	switch in.op {
	case armNOP:
	case armMOV:
		x.setArm(in.rd, in.second(x))
	case armALU:
		a, b := x.getArm(in.rn), in.second(x)
		v, err := alu(in.name, a.v, b.v)
		if err != nil {
			return x.fault("%v", err)
		}
		x.setArm(in.rd, reg{v: v, d: a.d | b.d, p: a.p | b.p, f: a.f | b.f, sym: a.sym || b.sym})
	case armCMP:
		a, b := x.getArm(in.rn), in.second(x)
		x.flags = reg{v: intValue(int64(compare(a.v, b.v, in.rn.w))), d: a.d | b.d, p: a.p | b.p, sym: a.sym || b.sym}
	case armCSEL:
		// The condition picks a source: the result depends on the flags
		// only through that choice (a pick dependency), and on the chosen
		// source through its data.
		f, src := x.flags, in.rm
		if condHolds(in.cond, int(f.v.N)) {
			src = in.rn
		}
		r := x.getArm(src)
		x.setArm(in.rd, reg{v: r.v, d: r.d, p: r.p | f.p | f.d, f: r.f})
	case armB:
		x.jump(in.label)
	case armBcond:
		x.branch(x.flags)
		if condHolds(in.cond, int(x.flags.v.N)) {
			x.jump(in.label)
		}
	case armCBZ, armCBNZ:
		r := x.getArm(in.rn)
		x.branch(r)
		if (r.v == Value{}) == (in.op == armCBZ) {
			x.jump(in.label)
		}
	case armLoad, armStore, armStoreEx, armCAS, armLdOp, armSWP:
		return in.access(x)
	case armBarrier:
		return x.barrier(in.fence, in.fenceIsBarrier == "DSB")
	case armISB:
		return x.fence(fenceISB)
	}
	return nil
}

// second is the second source operand: a register or an immediate.
func (in *armInstr) second(x *threadExec) reg {
	if in.hasImm {
		return reg{v: intValue(in.imm)}
	}
	return x.getArm(in.rm)
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

func alu(op string, a, b Value) (Value, error) {
	switch {
	case op == "ADD" && a.Sym != "" && b.Sym == "":
		return Value{Sym: a.Sym, N: a.N + b.N}, nil
	case op == "ADD" && a.Sym == "" && b.Sym != "":
		return Value{Sym: b.Sym, N: a.N + b.N}, nil
	case op == "SUB" && a.Sym != "" && b.Sym == "":
		return Value{Sym: a.Sym, N: a.N - b.N}, nil
	case op == "SUB" && a.Sym != "" && a.Sym == b.Sym:
		return intValue(a.N - b.N), nil
	case op == "EOR" && a == b:
		return Value{}, nil
	case a.Sym != "" || b.Sym != "":
		return Value{}, fmt.Errorf("%s of %s and %s: arithmetic on addresses is limited to adding offsets", op, a, b)
	}
	switch op {
	case "ADD":
		return intValue(a.N + b.N), nil
	case "SUB":
		return intValue(a.N - b.N), nil
	case "EOR":
		return intValue(a.N ^ b.N), nil
	case "AND":
		return intValue(a.N & b.N), nil
	case "ORR", "SET":
		return intValue(a.N | b.N), nil
	case "CLR":
		return intValue(a.N &^ b.N), nil
	}
	return Value{}, fmt.Errorf("unknown operation %s", op)
}

// NZCV flags as bits.
const (
	flagN = 8
	flagZ = 4
	flagC = 2
	flagV = 1
)

// compare computes the flags of a - b in 32 or 64 bits. Addresses of one
// location compare by offset; anything else involving an address is unequal.
func compare(a, b Value, w bool) int {
	if a.Sym != b.Sym {
		return flagC
	}
	if w {
		x, y := uint32(a.N), uint32(b.N)
		r := x - y
		return flags(r>>31 != 0, r == 0, x >= y, ((x^y)&(x^r))>>31 != 0)
	}
	x, y := uint64(a.N), uint64(b.N)
	r := x - y
	return flags(r>>63 != 0, r == 0, x >= y, ((x^y)&(x^r))>>63 != 0)
}

func flags(n, z, c, v bool) int {
	f := 0
	for i, b := range []bool{v, c, z, n} {
		if b {
			f |= 1 << i
		}
	}
	return f
}

func condHolds(cond string, f int) bool {
	n, z, c, v := f&flagN != 0, f&flagZ != 0, f&flagC != 0, f&flagV != 0
	switch cond {
	case "EQ":
		return z
	case "NE":
		return !z
	case "CS", "HS":
		return c
	case "CC", "LO":
		return !c
	case "MI":
		return n
	case "PL":
		return !n
	case "VS":
		return v
	case "VC":
		return !v
	case "HI":
		return c && !z
	case "LS":
		return !c || z
	case "GE":
		return n == v
	case "LT":
		return n != v
	case "GT":
		return !z && n == v
	case "LE":
		return z || n != v
	}
	return true
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
		a = reg{v: v, d: a.d | idx.d, p: a.p | idx.p}
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
	loc := a.location()
	mem := event{addrD: ad.d, addrP: ad.p | ad.d}
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
		x.setArm(in.rt, x.loaded(r))
	case armStore:
		d := x.getArm(in.rt)
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
		d := x.getArm(in.rt)
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

// cas: the read always happens; the write only when the value read equals
// Rs. With Rs = ZR the result is discarded (NoRet) and the acquire is lost,
// as in herd7. A failed CAS returns the value read, with its dependencies.
// A successful one leaves in Rs a value equal both to Rs and to the value
// read, and herd7 lets either carry the dependency: one path per reading.
func (in *armInstr) cas(x *threadExec, loc string, mem event) error {
	rs, rt := x.getArm(in.rs), x.getArm(in.rt)
	r, old, err := in.atomicRead(x, loc, mem, in.rs.zero)
	if err != nil {
		return err
	}
	if old.v != rs.v {
		x.setArm(in.rs, old)
		return nil
	}
	w := mem
	w.val, w.rel, w.dataD, w.dataP, w.valF = rt.v, in.rel, rt.d, rt.p|rt.d, rt.f
	w.inP = rs.p | rs.d | old.p // the compare controls the write
	wi, err := x.store(loc, w)
	if err != nil {
		return err
	}
	x.pairRMW(r, wi, true)
	if x.ch.choose(2) == 0 {
		x.setArm(in.rs, reg{v: old.v, d: rs.d, p: rs.p | rs.d | old.p, f: old.f})
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
	return r, old, nil
}

// atomicOp runs LD<op>, ST<op> and SWP. With Rt = ZR the read is NoRet and
// not acquire, as in herd7.
func (in *armInstr) atomicOp(x *threadExec, loc string, mem event) error {
	s := x.getArm(in.rs)
	r, old, err := in.atomicRead(x, loc, mem, in.rt.zero)
	if err != nil {
		return err
	}
	w := mem
	w.rel, w.dataD, w.dataP, w.valF = in.rel, s.d, s.p|s.d, s.f
	if in.op == armSWP {
		w.val = s.v
		w.inP = old.p
	} else {
		w.valF |= old.f
		v, err := alu(in.name, old.v, s.v)
		if err != nil {
			return x.fault("%v", err)
		}
		if in.rs.w {
			v = zeroExtend32(v)
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
