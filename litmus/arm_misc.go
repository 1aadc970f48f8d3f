package litmus

import (
	"fmt"
	"math/bits"
	"strings"
)

// miscForm recognises the move-wide, bitfield, multiply and bit-reversing
// instructions, the moves from and to NZCV, the test-bit branches, and
// their aliases.
func miscForm(m string, in *armInstr) bool {
	switch m {
	case "MOVZ", "MOVN", "MOVK", "UBFM", "SBFM", "UBFX", "SBFX", "UBFIZ", "SBFIZ",
		"SXTB", "SXTH", "SXTW", "UXTB", "UXTH",
		"MUL", "MADD", "MSUB", "MNEG", "SMULL", "UMULL", "SMADDL", "UMADDL", "SMSUBL", "UMSUBL", "SMNEGL", "UMNEGL",
		"ABS", "RBIT", "REV", "REV16", "REV32", "REV64", "EXTR", "MRS", "MSR":
		in.op, in.name = armMisc, m
		return true
	case "TBZ", "TBNZ":
		in.op, in.name = armTBZ, m
		return true
	}
	return false
}

// immOperand reads "#k" or "k".
func immOperand(s, m string) (int64, error) {
	n, ok := parseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	if !ok {
		return 0, fmt.Errorf("bad immediate %q in %s", s, m)
	}
	return n, nil
}

// parseMisc reads the operands of the instructions of miscForm.
func (in *armInstr) parseMisc(ops []string, m string) error {
	var err error
	switch m {
	case "MOVZ", "MOVN", "MOVK":
		if len(ops) != 2 && len(ops) != 3 {
			return fmt.Errorf("%s takes 2 or 3 operands, found %d", m, len(ops))
		}
		if err = in.parseRegs(ops[:1], m, &in.rd); err != nil {
			return err
		}
		if in.imm, err = immOperand(ops[1], m); err != nil {
			return err
		}
		if len(ops) == 3 {
			sh, err := parseShift(ops[2])
			if err != nil || sh.kind != "LSL" || sh.amount%16 != 0 || sh.amount >= int(widthBits(in.rd.w)) {
				return fmt.Errorf("bad shift %q in %s", ops[2], m)
			}
			in.imm2 = int64(sh.amount)
		}
		if in.imm < 0 || in.imm > 0xffff {
			return fmt.Errorf("immediate %q of %s is not 16 bits", ops[1], m)
		}
	case "UBFM", "SBFM", "UBFX", "SBFX", "UBFIZ", "SBFIZ":
		if err = want(ops, 4, m); err != nil {
			return err
		}
		if err = in.parseRegs(ops[:2], m, &in.rd, &in.rn); err != nil {
			return err
		}
		if in.imm, err = immOperand(ops[2], m); err != nil {
			return err
		}
		if in.imm2, err = immOperand(ops[3], m); err != nil {
			return err
		}
		in.w = in.rd.w
		in.unbound = true
		return in.bitfield(m)
	case "SXTB", "SXTH", "SXTW", "UXTB", "UXTH":
		if err = in.parseRegs(ops, m, &in.rd, &in.rn); err != nil {
			return err
		}
		in.unbound = m != "SXTW"
		width := map[byte]int64{'B': 8, 'H': 16, 'W': 32}[m[3]]
		in.name, in.imm, in.imm2 = "UBFM", 0, width-1
		if m[0] == 'S' {
			in.name = "SBFM"
		}
		if in.rn.w && !in.rd.w {
			in.rn.w = false // the source is read at the destination's width
		}
	case "MUL", "MNEG", "SMULL", "UMULL", "SMNEGL", "UMNEGL":
		in.ra = armReg{zero: true, w: false}
		err = in.parseRegs(ops, m, &in.rd, &in.rn, &in.rm)
	case "MADD", "MSUB", "SMADDL", "UMADDL", "SMSUBL", "UMSUBL":
		err = in.parseRegs(ops, m, &in.rd, &in.rn, &in.rm, &in.ra)
	case "ABS", "RBIT", "REV", "REV16", "REV32", "REV64":
		err = in.parseRegs(ops, m, &in.rd, &in.rn)
	case "MRS", "MSR":
		return in.parseNZCV(ops, m)
	case "EXTR":
		if err = want(ops, 4, m); err != nil {
			return err
		}
		in.ra = armReg{zero: true}
		if err = in.parseRegs(ops[:3], m, &in.rd, &in.rn, &in.rm); err != nil {
			return err
		}
		in.imm, err = immOperand(ops[3], m)
		if err == nil && (in.imm < 0 || in.imm >= int64(widthBits(in.rd.w))) {
			err = fmt.Errorf("bad bit position %q in %s", ops[3], m)
		}
	}
	in.w = in.rd.w
	return err
}

// bitfield turns UBFX, SBFX, UBFIZ and SBFIZ (#lsb, #width) into UBFM
// and SBFM (#immr, #imms) and checks the bounds.
func (in *armInstr) bitfield(m string) error {
	n := int64(widthBits(in.rd.w))
	lsb, width := in.imm, in.imm2
	switch m {
	case "UBFX", "SBFX":
		in.imm, in.imm2 = lsb, lsb+width-1
	case "UBFIZ", "SBFIZ":
		in.imm, in.imm2 = (n-lsb)%n, width-1
	}
	in.name = "UBFM"
	if m[0] == 'S' {
		in.name = "SBFM"
	}
	if in.imm < 0 || in.imm >= n || in.imm2 < 0 || in.imm2 >= n {
		return fmt.Errorf("bad bitfield in %q", in.text)
	}
	return nil
}

// parseNZCV reads MRS Xt, NZCV and MSR NZCV, Xt, the one system register
// that herd7's AArch64 tests move to and from a register outside its
// extensions.
func (in *armInstr) parseNZCV(ops []string, m string) error {
	if err := want(ops, 2, m); err != nil {
		return err
	}
	sys, reg := ops[1], ops[0]
	if m == "MSR" {
		sys, reg = ops[0], ops[1]
	}
	if !strings.EqualFold(strings.TrimSpace(sys), "NZCV") {
		return fmt.Errorf("system register %q of %s is not modelled: only NZCV is", sys, m)
	}
	r, ok := armRegister(reg)
	if !ok || r.w {
		return fmt.Errorf("bad register %q in %s: NZCV moves to and from an X register", reg, m)
	}
	if m == "MRS" {
		in.rd = r
	} else {
		in.rn = r
	}
	return nil
}

// execNZCV runs MRS and MSR: NZCV is bits 31 to 28 of the register, the
// rest reading as zero and ignored when written. The value carries the
// dependencies of the flags or of the register, as any register does.
func (in *armInstr) execNZCV(x *threadExec) error {
	if in.name == "MRS" {
		fl := x.flags
		fl.v = intValue(fl.v.N << 28)
		x.setArm(in.rd, fl)
		return nil
	}
	r := x.getArm(in.rn)
	if r.v.IsAddr() {
		return x.fault("MSR NZCV of the address %s", r.v)
	}
	r.v = intValue(r.v.N >> 28 & 0xf)
	x.flags = r
	return nil
}

// execMisc runs the instructions of miscForm but the test-bit branches.
func (in *armInstr) execMisc(x *threadExec) error {
	if in.name == "MRS" || in.name == "MSR" {
		return in.execNZCV(x)
	}
	a, b, c := x.getArm(in.rn), x.getArm(in.rm), x.getArm(in.ra)
	dep := reg{d: a.d | b.d | c.d, p: a.p | b.p | c.p, f: a.f | b.f | c.f, sym: a.sym || b.sym || c.sym}
	if in.name == "MOVK" {
		dep = x.getArm(in.rd)
	}
	for _, v := range []Value{a.v, b.v, c.v, dep.v} {
		if v.IsAddr() {
			return x.fault("%s of the address %s", in.name, v)
		}
	}
	v, err := in.compute(a.v.N, b.v.N, c.v.N, dep.v.N)
	if err != nil {
		return x.fault("%v", err)
	}
	dep.v = intValue(v)
	// herd7 binds no result of UBFM or SBFM (nor of the aliases written
	// with them here, SXTW aside, which herd7 has as an instruction of
	// its own) before solving: a loop on it counts towards the unrolling
	// bound (sym).
	dep.sym = dep.sym || in.unbound
	x.setArm(in.rd, dep)
	return nil
}

// compute is the value of a miscForm instruction of operands n, m and a
// (Rn, Rm, Ra), d being Rd's old value for MOVK.
func (in *armInstr) compute(n, m, a, d int64) (int64, error) {
	w := in.w
	switch in.name {
	case "MOVZ":
		return in.imm << uint(in.imm2), nil
	case "MOVN":
		return ^(in.imm << uint(in.imm2)), nil
	case "MOVK":
		return d&^(0xffff<<uint(in.imm2)) | in.imm<<uint(in.imm2), nil
	case "UBFM", "SBFM":
		return bitfieldMove(n, in.imm, in.imm2, w, in.name == "SBFM"), nil
	case "MUL", "MADD":
		return a + n*m, nil
	case "MSUB":
		return a - n*m, nil
	case "MNEG":
		return -(n * m), nil
	case "SMULL", "SMADDL":
		return a + int64(int32(n))*int64(int32(m)), nil
	case "UMULL", "UMADDL":
		return a + int64(uint32(n))*int64(uint32(m)), nil
	case "SMSUBL":
		return a - int64(int32(n))*int64(int32(m)), nil
	case "UMSUBL":
		return a - int64(uint32(n))*int64(uint32(m)), nil
	case "SMNEGL":
		return -int64(int32(n)) * int64(int32(m)), nil
	case "UMNEGL":
		return -int64(uint32(n)) * int64(uint32(m)), nil
	case "ABS":
		if w {
			n = int64(int32(n))
		}
		if n < 0 {
			return -n, nil
		}
		return n, nil
	case "RBIT":
		if w {
			return int64(bits.Reverse32(uint32(n))), nil
		}
		return int64(bits.Reverse64(uint64(n))), nil
	case "REV", "REV16", "REV32", "REV64":
		return reverseBytes(in.name, n, w), nil
	case "EXTR":
		return extract(n, m, uint(in.imm), w), nil
	}
	return 0, fmt.Errorf("unknown operation %s", in.name)
}

// bitfieldMove is UBFM and SBFM: with s >= r, bits r..s of x go to the
// bottom; otherwise bits 0..s go to bit width-r. The field is zero- or
// sign-extended above.
func bitfieldMove(x, r, s int64, w, signed bool) int64 {
	n := int64(widthBits(w))
	var field, top int64
	if s >= r {
		field, top = int64(uint64(x)>>uint(r)), s-r
	} else {
		field, top = x<<uint(n-r), s+n-r
	}
	keep := uint(63 - top)
	if signed {
		return field << keep >> keep
	}
	return int64(uint64(field) << keep >> keep)
}

// extract is EXTR: the register pair hi:lo shifted right by lsb, at the
// width of the operation.
func extract(hi, lo int64, lsb uint, w bool) int64 {
	if w {
		return int64(uint32((uint64(uint32(hi))<<32 | uint64(uint32(lo))) >> lsb))
	}
	if lsb == 0 {
		return lo
	}
	return int64(uint64(lo)>>lsb | uint64(hi)<<(64-lsb))
}

// reverseBytes reverses the bytes of x in containers of 2, 4 or 8 bytes.
func reverseBytes(op string, x int64, w bool) int64 {
	size := map[string]int{"REV16": 2, "REV32": 4, "REV64": 8}[op]
	if op == "REV" {
		size = 8
		if w {
			size = 4
		}
	}
	u, out := uint64(x), uint64(0)
	for c := 0; c < 8; c += size {
		for i := 0; i < size; i++ {
			out |= (u >> uint(8*(c+i)) & 0xff) << uint(8*(c+size-1-i))
		}
	}
	return int64(out)
}

// parseTBZ reads "Rt, #bit, label".
func (in *armInstr) parseTBZ(ops []string, m string) error {
	if err := want(ops, 3, m); err != nil {
		return err
	}
	if err := in.parseRegs(ops[:1], m, &in.rn); err != nil {
		return err
	}
	n, err := immOperand(ops[1], m)
	if err != nil || n < 0 || n >= int64(widthBits(in.rn.w)) {
		return fmt.Errorf("bad bit number %q in %s", ops[1], m)
	}
	in.imm = n
	in.label, err = labelOperand(ops, 2, 3, m)
	return err
}

// execTBZ branches on one bit of a register: a control dependency.
func (in *armInstr) execTBZ(x *threadExec) error {
	r := x.getArm(in.rn)
	x.branch(r)
	if r.v.IsAddr() {
		return x.fault("%s tests a bit of the address %s", in.name, r.v)
	}
	if (r.v.N>>uint(in.imm)&1 == 0) == (in.name == "TBZ") {
		return in.branchTo(x)
	}
	return nil
}
