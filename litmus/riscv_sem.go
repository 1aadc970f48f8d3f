package litmus

import "fmt"

// RISC-V instructions run as herd7's RISC-V semantics has them. Register
// values carry their dependencies (reg.d): the loads, and the successful
// store-conditionals, that they are computed from, through registers only
// (herd7 computes RISC-V's addr, data and ctrl from register dataflow,
// not through memory). An AMO is one event for herd7, both a read and a
// write; here it is a read and a write paired as one read-modify-write
// (amo set on both), which the RVWMO model merges back into one event.

// getRV reads a register; x0 reads 0 and depends on nothing.
func (x *threadExec) getRV(r int) reg {
	if r == 0 {
		return reg{}
	}
	return x.get(rvRegName(r))
}

// setRV writes a register; a write to x0 is lost.
func (x *threadExec) setRV(r int, v reg) {
	if r != 0 {
		x.set(rvRegName(r), v)
	}
}

// sourced is the register value that event i yields: it depends on the
// event alone, and its value flows from it when it is a read.
func (x *threadExec) sourced(i int, v Value) reg {
	r := reg{v: v, d: bit(i)}
	if x.events[i].kind == evRead {
		r.f = bit(i)
	}
	r.p = r.d
	return r
}

// combine is the value v computed from a and b.
func combine(v Value, a, b reg) reg {
	return reg{v: v, d: a.d | b.d, p: a.p | b.p, f: a.f | b.f, sym: a.sym || b.sym}
}

func (in *riscvInstr) exec(x *threadExec) error {
	switch in.op {
	case rvNop:
	case rvLi:
		x.setRV(in.rd, reg{v: intValue(in.imm)})
	case rvLui:
		x.setRV(in.rd, reg{v: intValue(in.imm << 12)})
	case rvOpI, rvOp3, rvOpW:
		return in.execALU(x)
	case rvExt:
		v := x.getRV(in.rs1)
		n, err := narrow(v.v, 4, true)
		if err != nil {
			return x.fault("%v", err)
		}
		v.v = n
		x.setRV(in.rd, v)
	case rvJ:
		x.jump(in.label)
	case rvBcc:
		return in.execBranch(x)
	case rvFence:
		return x.rvFence(in)
	default:
		return in.access(x)
	}
	return nil
}

// execALU runs the register and immediate operations; the W forms work on
// the low 32 bits and sign-extend the result.
func (in *riscvInstr) execALU(x *threadExec) error {
	a := x.getRV(in.rs1)
	b := reg{v: intValue(in.imm)}
	if in.regOp {
		b = x.getRV(in.rs2)
	}
	av, bv := a.v, b.v
	if in.op == rvOpW {
		av, bv = zeroExtend32(av), zeroExtend32(bv)
	}
	var v Value
	var err error
	if in.name == "SLT" {
		if av.IsAddr() || bv.IsAddr() {
			return x.fault("slt of %s and %s: no order on addresses", av, bv)
		}
		if av.N < bv.N {
			v = intValue(1)
		}
	} else if v, err = alu(in.name, av, bv); err != nil {
		return x.fault("%v", err)
	}
	if in.op == rvOpW {
		if v, err = narrow(v, 4, true); err != nil {
			return x.fault("%v", err)
		}
	}
	x.setRV(in.rd, combine(v, a, b))
	return nil
}

// execBranch compares two registers, as signed numbers for blt and bge;
// every later access is control dependent on what they depend on.
func (in *riscvInstr) execBranch(x *threadExec) error {
	a, b := x.getRV(in.rs1), x.getRV(in.rs2)
	cond := combine(Value{}, a, b)
	x.branch(cond)
	var taken bool
	switch in.name {
	case "EQ", "NE":
		taken = (a.v == b.v) == (in.name == "EQ")
	default:
		if a.v.IsAddr() || b.v.IsAddr() {
			return x.fault("a comparison of %s and %s: no order on addresses", a.v, b.v)
		}
		taken = (a.v.N < b.v.N) == (in.name == "LT")
	}
	if taken {
		x.jump(in.label)
	}
	return nil
}

// rvFence adds a FENCE, FENCE.TSO or FENCE.I event. A FENCE that orders
// writes before reads is a full barrier for the models that read every
// architecture, as MFENCE.
func (x *threadExec) rvFence(in *riscvInstr) error {
	e := event{kind: evFence, rvPred: in.pred, rvSucc: in.succ, rvTSO: in.tso}
	if in.pred&rvFenceW != 0 && in.succ&rvFenceR != 0 {
		e.fence = fenceFull
	}
	_, err := x.add(e)
	return err
}

// access runs the loads, stores, LR, SC and AMOs.
func (in *riscvInstr) access(x *threadExec) error {
	base := x.getRV(in.rs1)
	loc, err := x.oneValueCell(base.v, intValue(in.imm), in.size)
	if err != nil {
		return err
	}
	mem := event{addrD: base.d, addrP: base.d,
		acq: in.order == rvAcq || in.order == rvAcqRel, rel: in.order == rvRel || in.order == rvAcqRel}
	switch in.op {
	case rvLoad, rvLR:
		e := mem
		e.excl = in.op == rvLR
		r, err := x.load(loc, e)
		if err != nil {
			return err
		}
		if e.excl {
			x.resv = r
		}
		// A load extends the bytes it reads; herd7's LR returns the
		// value as it is.
		v := x.events[r].val
		if in.op == rvLoad {
			if v, err = rvExtend(v, in.size, in.unsigned); err != nil {
				return x.fault("%v", err)
			}
		}
		x.setRV(in.rd, x.sourced(r, v))
	case rvStore:
		d := x.getRV(in.rs2)
		e := mem
		e.val = maskSize(d.v, in.size)
		e.dataD, e.dataP, e.valF = d.d, d.d, d.f
		_, err := x.store(loc, e)
		return err
	case rvSC:
		return in.storeConditional(x, loc, mem, base)
	case rvAMO:
		return in.amo(x, loc, mem)
	}
	return nil
}

// oneValueCell is the location that an access of size bytes at base+off
// reaches, in a test that herd7 reads with one value per location (RISC-V,
// Power; see rvCellSize). Code, and a value that is no address, fault.
func (x *threadExec) oneValueCell(base, off Value, size int) (string, error) {
	a, err := alu("ADD", base, off)
	if err != nil {
		return "", x.fault("%v", err)
	}
	if isCodeLabel(a) {
		return "", x.fault("an access to the code at %s: code as data is herd7's ifetch variant", a)
	}
	if !a.IsAddr() {
		return "", x.fault("address %s is not a location", a)
	}
	loc, err := x.test.cell(a, rvCellSize(x.test, a, size))
	if err != nil {
		return "", x.fault("%v", err)
	}
	return loc, nil
}

// rvCellSize is the size of the location that an access of size bytes at
// a reaches. herd7 reads a RISC-V test without mixed sizes as one value
// per location, whatever the size of an access: a load takes the low
// bytes of the value and extends them, a store writes its low bytes,
// zero-extended. So the access is to the location's own size (that of
// its type; 4 or 8 bytes, by the access, for an untyped one).
func rvCellSize(t *Test, a Value, size int) int {
	if d, ok := t.decls[a.Sym]; ok && (d.typ != "" || d.size != 4) {
		return d.size
	}
	if size != 8 {
		return 4
	}
	return size
}

// rvExtend is the value a load of size bytes returns from a location
// holding v: its low bytes, sign-extended, or zero-extended for lbu, lhu
// and lwu.
func rvExtend(v Value, size int, unsigned bool) (Value, error) {
	if size >= 8 {
		return v, nil
	}
	if v.IsAddr() {
		return Value{}, fmt.Errorf("the address %s does not fit in %d bytes", v, size)
	}
	bits := uint(64 - 8*size)
	if unsigned {
		return intValue(int64(uint64(v.N) << bits >> bits)), nil
	}
	return intValue(v.N << bits >> bits), nil
}

// maskSize keeps the low size bytes of a stored value.
func maskSize(v Value, size int) Value {
	if v.IsAddr() || size >= 8 {
		return v
	}
	return intValue(int64(uint64(v.N) & (1<<(8*uint(size)) - 1)))
}

// storeConditional succeeds only when the latest LR of the thread, with no
// SC since, reserved the same location; it may also fail. On success it
// writes rs2 (all of it, as herd7 does) and sets rd to 0, which then
// depends on the write itself and on the address register (herd7's RISC-V
// defaults); on failure it writes nothing and sets rd to 1, depending on
// nothing.
func (in *riscvInstr) storeConditional(x *threadExec, loc string, mem event, base reg) error {
	r := x.resv
	x.resv = -1
	if !(r >= 0 && x.events[r].loc == loc && x.ch.choose(2) == 0) {
		x.setRV(in.rd, reg{v: intValue(1), sym: true})
		return nil
	}
	d := x.getRV(in.rs2)
	e := mem
	e.val, e.excl = d.v, true
	e.dataD, e.dataP, e.valF = d.d, d.d, d.f
	w, err := x.store(loc, e)
	if err != nil {
		return err
	}
	x.pairRMW(r, w, false)
	status := x.sourced(w, Value{})
	status.d |= base.d
	status.p = status.d
	status.sym = true
	x.setRV(in.rd, status)
	return nil
}

// amo reads the location, writes the operation of the value read and rs2,
// and returns the value read in rd. As in herd7, the operation works on
// the 64-bit values whatever the size, and neither the value written nor
// the one returned is cut to it. The data register is an address
// dependency of the AMO too: herd7's one AMO event is a read, and every
// register a read's instruction reads feeds its address.
func (in *riscvInstr) amo(x *threadExec, loc string, mem event) error {
	s := x.getRV(in.rs2)
	re := mem
	re.addrD |= s.d
	re.addrP = re.addrD
	r, err := x.load(loc, re)
	if err != nil {
		return err
	}
	old := x.events[r].val
	v := s.v
	valF := s.f
	if in.name != "SWP" {
		if isMinMax(in.name) {
			v, err = minMax(in.name, old, s.v, 8)
		} else {
			v, err = alu(in.name, old, s.v)
		}
		if err != nil {
			return x.fault("%v", err)
		}
		valF |= bit(r)
	}
	w := mem
	w.addrD, w.addrP = re.addrD, re.addrD
	w.val, w.dataD, w.dataP, w.valF = v, s.d, s.d, valF
	wi, err := x.store(loc, w)
	if err != nil {
		return err
	}
	x.pairRMW(r, wi, true)
	x.setRV(in.rd, x.sourced(r, old))
	return nil
}
