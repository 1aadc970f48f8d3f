package litmus

import "fmt"

// exec runs one x86 instruction. Locked instructions (and XCHG with
// memory) are atomic read-modify-writes, which the x86 models order fully.
func (in *x86Instr) exec(x *threadExec) error {
	switch in.op {
	case x86NOP:
		return nil
	case x86RET:
		// The thread's function returns: the path ends.
		x.pc = len(x.th.code)
		return nil
	case x86Fence:
		return x.fence(in.fence)
	case x86JMP:
		x.jump(in.label)
		return nil
	case x86Jcc:
		x.branch(x.flags)
		if condHolds(in.name, int(x.flags.v.N)) {
			x.jump(in.label)
		}
		return nil
	case x86CMP:
		a, err := in.read(x, in.dst, event{})
		if err != nil {
			return err
		}
		b, err := in.read(x, in.src, event{})
		if err != nil {
			return err
		}
		x.flags = reg{v: intValue(int64(compare(a.v, b.v, in.is32()))), d: a.d | b.d, p: a.p | b.p}
		return nil
	case x86MOV:
		v, err := in.read(x, in.src, event{})
		if err != nil {
			return err
		}
		return in.write(x, in.dst, v, event{})
	case x86XCHG:
		if in.dst.kind == opReg {
			a, b := x.get(in.dst.reg), x.get(in.src.reg)
			in.setReg(x, in.dst, b)
			in.setReg(x, in.src, a)
			return nil
		}
	}
	return in.rmw(x)
}

func (in *x86Instr) is32() bool { return in.w32 }

func (in *x86Instr) setReg(x *threadExec, o x86Operand, v reg) {
	if o.w32 {
		v.v = zeroExtend32(v.v)
	}
	x.set(o.reg, v)
}

// locate computes the location of a memory operand and the registers its
// address depends on: the base, and the index when there is one. An
// address in an array is a byte offset, which names one of its elements.
func (in *x86Instr) locate(x *threadExec, o x86Operand) (string, reg, error) {
	if o.sym != "" {
		return in.cell(x, Value{Sym: o.sym, N: o.disp})
	}
	b := x.get(o.base)
	a := b.v
	if o.index != "" {
		i := x.get(o.index)
		iv := i.v
		if o.i32 {
			iv = zeroExtend32(iv)
		}
		if iv.IsAddr() && o.scale != 1 {
			return "", reg{}, x.fault("index %s scaled by %d: arithmetic on addresses is limited to adding offsets", iv, o.scale)
		}
		if !iv.IsAddr() {
			iv.N *= o.scale
		}
		v, err := alu("ADD", a, iv)
		if err != nil {
			return "", reg{}, x.fault("%v", err)
		}
		a = v
		b = reg{v: v, d: b.d | i.d, p: b.p | i.p, f: b.f | i.f, sym: b.sym || i.sym}
	}
	if !a.IsAddr() {
		return "", reg{}, x.fault("address %s is not a location", a)
	}
	loc, _, err := in.cell(x, Value{Sym: a.Sym, N: a.N + o.disp})
	return loc, b, err
}

// cell is the location at address a: an element when a is in an array.
func (in *x86Instr) cell(x *threadExec, a Value) (string, reg, error) {
	if _, ok := x.test.arrays[a.Sym]; !ok {
		return a.location(), reg{}, nil
	}
	size := 8
	if in.is32() {
		size = 4
	}
	loc, err := x.test.cell(a, size)
	if err != nil {
		return "", reg{}, x.fault("%v", err)
	}
	return loc, reg{}, nil
}

// read reads an operand; e carries the annotations of a memory read.
func (in *x86Instr) read(x *threadExec, o x86Operand, e event) (reg, error) {
	switch o.kind {
	case opImm:
		return reg{v: intValue(o.imm)}, nil
	case opReg:
		v := x.get(o.reg)
		if o.w32 {
			v.v = zeroExtend32(v.v)
		}
		return v, nil
	}
	loc, a, err := in.locate(x, o)
	if err != nil {
		return reg{}, err
	}
	e.addrD, e.addrP = a.d, a.p|a.d
	i, err := x.load(loc, e)
	if err != nil {
		return reg{}, err
	}
	return x.loaded(i), nil
}

func (in *x86Instr) write(x *threadExec, o x86Operand, v reg, e event) error {
	if o.kind == opReg {
		in.setReg(x, o, v)
		return nil
	}
	loc, a, err := in.locate(x, o)
	if err != nil {
		return err
	}
	e.val, e.addrD, e.addrP, e.dataD, e.dataP, e.valF = v.v, a.d, a.p|a.d, v.d, v.p|v.d, v.f
	_, err = x.store(loc, e)
	return err
}

// rmw runs the instructions that read and write their destination.
func (in *x86Instr) rmw(x *threadExec) error {
	locked := (in.lock || in.op == x86XCHG) && in.dst.kind == opMem
	// A locked read is atomic even when nothing is written (a failed
	// LOCK CMPXCHG): a locked instruction is a full barrier either way.
	re := event{atomic: locked}
	old, err := in.read(x, in.dst, re)
	if err != nil {
		return err
	}
	r := len(x.events) - 1
	src, err := in.read(x, in.src, event{})
	if err != nil {
		return err
	}
	if in.dst.kind == opMem && in.is32() {
		old.v = zeroExtend32(old.v)
	}
	var nv reg
	switch in.op {
	case x86XCHG:
		nv = src
		in.setReg(x, in.src, old)
	case x86XADD:
		v, err := alu("ADD", old.v, src.v)
		if err != nil {
			return x.fault("%v", err)
		}
		nv = reg{v: v, d: old.d | src.d, p: old.p | src.p, f: old.f | src.f}
		in.setReg(x, in.src, old)
	case x86CMPXCHG:
		acc := x.get(in.acc)
		if in.is32() {
			acc.v = zeroExtend32(acc.v)
		}
		x.flags = reg{v: intValue(int64(compare(acc.v, old.v, in.is32()))), d: old.d | acc.d, p: old.p | acc.p}
		if acc.v != old.v {
			x.set(in.acc, old)
			if in.is32() {
				x.set(in.acc, reg{v: zeroExtend32(old.v), d: old.d, p: old.p, f: old.f})
			}
			return nil
		}
		nv = src
	case x86ALU:
		v, err := x86Arith(in.name, old.v, src.v)
		if err != nil {
			return x.fault("%v", err)
		}
		nv = reg{v: v, d: old.d | src.d, p: old.p | src.p, f: old.f | src.f}
		x.flags = reg{v: intValue(int64(compare(v, Value{}, in.is32()))), d: nv.d, p: nv.p}
	}
	if in.is32() {
		nv.v = zeroExtend32(nv.v)
	}
	if in.dst.kind != opMem {
		in.setReg(x, in.dst, nv)
		return nil
	}
	var we event
	if err := in.write(x, in.dst, nv, we); err != nil {
		return err
	}
	if locked {
		x.pairRMW(r, len(x.events)-1, true)
	}
	return nil
}

// x86Arith computes an x86 ALU operation: SHL here, the others as alu
// does.
func x86Arith(op string, a, b Value) (Value, error) {
	if op != "SHL" {
		return alu(op, a, b)
	}
	if a.Sym != "" || b.Sym != "" {
		return Value{}, fmt.Errorf("SHL of %s by %s: arithmetic on addresses is limited to adding offsets", a, b)
	}
	return intValue(a.N << uint(b.N&63)), nil
}
