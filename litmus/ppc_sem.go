package litmus

import "math/bits"

// Power instructions run as herd7's PPC semantics has them. As for
// RISC-V, register values carry the reads they are computed from through
// registers only. The condition register's field CR0, the only one that
// herd7's branches and mfcr read, is threadExec.flags, holding LT (8), GT
// (4) or EQ (2) of the latest compare or record form; a compare into
// another field changes nothing that a test can see. A successful
// stwcx. sets EQ and a failed one clears CR0. As in herd7, where the
// instruction reads rS, rA, rB and the reservation before it writes CR0,
// CR0 then depends on the value stored (an lwarx's value, in a fetch-add),
// on the address and on the lwarx's address: a branch on it and an isync
// order the lwarx before later loads (lwarx; stwcx.; bne; isync is an
// acquire read-modify-write).

const (
	ppcLT = 8
	ppcGT = 4
	ppcEQ = 2
)

func (x *threadExec) getPPC(r int) reg { return x.get(ppcRegName(r)) }

func (x *threadExec) setPPC(r int, v reg) { x.set(ppcRegName(r), v) }

func (in *ppcInstr) exec(x *threadExec) error {
	switch in.op {
	case ppcNop:
	case ppcLi:
		x.setPPC(in.rd, reg{v: intValue(in.imm)})
	case ppcMr:
		x.setPPC(in.rd, x.getPPC(in.ra))
	case ppcExtsw:
		v := x.getPPC(in.ra)
		n, err := narrow(v.v, 4, true)
		if err != nil {
			return x.fault("%v", err)
		}
		v.v = n
		x.setPPC(in.rd, v)
	case ppcOpI, ppcOp3:
		return in.execALU(x)
	case ppcRot:
		return in.execRot(x)
	case ppcCmp:
		return in.execCmp(x)
	case ppcMfcr:
		x.setPPC(in.rd, x.flags)
	case ppcB:
		x.jump(in.label)
	case ppcBcc:
		in.execBranch(x)
	case ppcFence:
		e := event{kind: evFence, ppcFence: in.fence}
		if in.fence == ppcSync {
			e.fence = fenceFull // as MFENCE, for the models that read every architecture
		}
		_, err := x.add(e)
		return err
	default:
		return in.access(x)
	}
	return nil
}

// execALU runs the register and immediate operations; the "." forms and
// andi. compare the result with 0 into CR0.
func (in *ppcInstr) execALU(x *threadExec) error {
	a := x.getPPC(in.ra)
	b := reg{v: intValue(in.imm)}
	if in.op == ppcOp3 {
		b = x.getPPC(in.rb)
	}
	var v Value
	var err error
	switch in.name {
	case "MUL", "DIV":
		if a.v.IsAddr() || b.v.IsAddr() {
			return x.fault("%s of %s and %s: arithmetic on addresses is limited to adding offsets", in.name, a.v, b.v)
		}
		if in.name == "MUL" {
			v = intValue(a.v.N * b.v.N)
		} else if b.v.N == 0 {
			return x.fault("division of %s by zero", a.v)
		} else {
			v = intValue(a.v.N / b.v.N)
		}
	case "SUBF":
		v, err = alu("SUB", b.v, a.v)
	default:
		v, err = alu(in.name, a.v, b.v)
	}
	if err != nil {
		return x.fault("%v", err)
	}
	r := combine(v, a, b)
	x.setPPC(in.rd, r)
	if in.setCR0 {
		return x.ppcCompare(r, reg{})
	}
	return nil
}

// execRot runs rlwinm, rlwimi and clrldi as herd7 does: the low word
// doubled into both halves, rotated left, and masked with the bits MB to
// ME of the word (big-endian numbering, 32 to 63 of the doubleword);
// rlwimi inserts the result into rD under the mask.
func (in *ppcInstr) execRot(x *threadExec) error {
	a := x.getPPC(in.ra)
	if a.v.IsAddr() {
		return x.fault("a rotation of the address %s", a.v)
	}
	if in.clear {
		k := uint(in.rot[0])
		a.v = intValue(int64(uint64(a.v.N) << k >> k))
		x.setPPC(in.rd, a)
		return nil
	}
	w := uint64(uint32(a.v.N))
	mask := ppcMask(in.rot[1]+32, in.rot[2]+32)
	v := bits.RotateLeft64(w<<32|w, in.rot[0]) & mask
	if in.insert {
		d := x.getPPC(in.rd)
		if d.v.IsAddr() {
			return x.fault("an insertion into the address %s", d.v)
		}
		a = combine(Value{}, a, d)
		v |= uint64(d.v.N) &^ mask
	}
	a.v = intValue(int64(v))
	x.setPPC(in.rd, a)
	return nil
}

// ppcMask is the doubleword mask of bits b to e in Power's numbering (bit
// 0 the most significant), wrapping around when b > e; rlwinm's b and e
// are 32 to 63, so no mask but a wrapped one is whole.
func ppcMask(b, e int) uint64 {
	ones := func(from, to int) uint64 { // bits from..to, from <= to+1, fewer than 64
		return (uint64(1)<<uint(to-from+1) - 1) << uint(63-to)
	}
	if b <= e {
		return ones(b, e)
	}
	return ^ones(e+1, b-1)
}

// execCmp compares rA with rB or an immediate; cmplwi compares the low
// word of rA with the low half of the immediate.
func (in *ppcInstr) execCmp(x *threadExec) error {
	a := x.getPPC(in.ra)
	b := reg{v: intValue(in.imm)}
	if in.regOp {
		b = x.getPPC(in.rb)
	}
	if in.unsigned {
		if a.v.IsAddr() {
			return x.fault("an unsigned comparison of the address %s", a.v)
		}
		a.v = intValue(int64(uint32(a.v.N)))
		b.v = intValue(in.imm & 0xffff)
	}
	if in.cr != 0 {
		return nil
	}
	return x.ppcCompare(a, b)
}

// ppcCompare sets CR0 to LT, GT or EQ by comparing a with b. Two
// offsets of one location compare by their offsets; other comparisons of
// addresses have no order.
func (x *threadExec) ppcCompare(a, b reg) error {
	var c int64 = ppcEQ
	switch {
	case a.v == b.v:
	case a.v.Sym != b.v.Sym:
		return x.fault("a comparison of %s and %s: no order on addresses", a.v, b.v)
	case a.v.N < b.v.N:
		c = ppcLT
	default:
		c = ppcGT
	}
	x.flags = combine(intValue(c), a, b)
	return nil
}

// execBranch jumps when CR0 says so; every later access is control
// dependent on what CR0 depends on.
func (in *ppcInstr) execBranch(x *threadExec) {
	cr := x.flags
	x.branch(cr)
	var taken bool
	switch in.name {
	case "EQ", "NE":
		taken = (cr.v.N&ppcEQ != 0) == (in.name == "EQ")
	case "LT", "GE":
		taken = (cr.v.N&ppcLT != 0) == (in.name == "LT")
	case "GT", "LE":
		taken = (cr.v.N&ppcGT != 0) == (in.name == "GT")
	}
	if taken {
		x.jump(in.label)
	}
}

// access runs the loads, stores, lwarx and stwcx.
func (in *ppcInstr) access(x *threadExec) error {
	base := x.getPPC(in.ra)
	off := reg{v: intValue(in.imm)}
	if in.indexed {
		if in.ra == 0 {
			base = reg{} // rA r0 reads 0 in the indexed forms
		}
		off = x.getPPC(in.rb)
	}
	loc, err := x.oneValueCell(base.v, off.v, in.size)
	if err != nil {
		return err
	}
	addr := base.d | off.d
	mem := event{addrD: addr, addrP: addr}
	switch in.op {
	case ppcLoad, ppcLwarx:
		e := mem
		e.excl = in.op == ppcLwarx
		r, err := x.load(loc, e)
		if err != nil {
			return err
		}
		if e.excl {
			x.resv = r
			x.ppcRes = addr
		}
		v, err := rvExtend(x.events[r].val, in.size, !in.signExt)
		if err != nil {
			return x.fault("%v", err)
		}
		x.setPPC(in.rd, x.sourced(r, v))
	case ppcStore:
		d := x.getPPC(in.rd)
		e := mem
		e.val = maskSize(d.v, in.size)
		e.dataD, e.dataP, e.valF = d.d, d.d, d.f
		_, err := x.store(loc, e)
		return err
	case ppcStwcx:
		return in.storeConditional(x, loc, mem, addr)
	}
	return nil
}

// storeConditional succeeds only when the latest lwarx of the thread, with
// no stwcx. since, reserved the same location; it may also fail. On
// success it writes the low word of rS and sets CR0 to EQ; on failure it
// writes nothing and clears CR0. Either way CR0, and the reservation it
// leaves, depend on rS, on the address (addr) and on the reservation.
func (in *ppcInstr) storeConditional(x *threadExec, loc string, mem event, addr uint64) error {
	d := x.getPPC(in.rd)
	deps := d.d | addr | x.ppcRes
	x.ppcRes = deps
	r := x.resv
	x.resv = -1
	if !(r >= 0 && x.events[r].loc == loc && x.ch.choose(2) == 0) {
		x.flags = reg{v: intValue(0), d: deps, p: deps, sym: true}
		return nil
	}
	e := mem
	e.val, e.excl = maskSize(d.v, in.size), true
	e.dataD, e.dataP, e.valF = d.d, d.d, d.f
	w, err := x.store(loc, e)
	if err != nil {
		return err
	}
	x.pairRMW(r, w, false)
	x.flags = reg{v: intValue(ppcEQ), d: deps, p: deps, sym: true}
	return nil
}
