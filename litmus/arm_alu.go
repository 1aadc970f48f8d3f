package litmus

import (
	"fmt"
	"math/bits"
)

// alu computes a two-operand operation on 64 bits.
func alu(op string, a, b Value) (Value, error) { return aluW(op, a, b, false) }

// aluW computes a two-operand operation at the width of the instruction (w:
// 32 bits). The result of a W operation is truncated by the register write,
// so only the shifts look at w here. Addresses may only be offset.
func aluW(op string, a, b Value, w bool) (Value, error) {
	switch {
	case op == "ADD" && a.Sym != "" && b.Sym == "":
		return Value{Sym: a.Sym, N: a.N + b.N}, nil
	case op == "ADD" && a.Sym == "" && b.Sym != "":
		return Value{Sym: b.Sym, N: a.N + b.N}, nil
	case op == "SUB" && a.Sym != "" && b.Sym == "":
		return Value{Sym: a.Sym, N: a.N - b.N}, nil
	case op == "SUB" && a.Sym != "" && a.Sym == b.Sym:
		return intValue(a.N - b.N), nil
	case (op == "EOR" || op == "SUB") && a == b:
		return Value{}, nil
	case (op == "AND" || op == "ORR") && a == b:
		return a, nil
	case a.Sym != "" || b.Sym != "":
		return Value{}, fmt.Errorf("%s of %s and %s: arithmetic on addresses is limited to adding offsets", op, a, b)
	}
	x, y := a.N, b.N
	n := int64(widthBits(w))
	switch op {
	case "ADD":
		return intValue(x + y), nil
	case "SUB":
		return intValue(x - y), nil
	case "EOR":
		return intValue(x ^ y), nil
	case "EON":
		return intValue(x ^ ^y), nil
	case "AND":
		return intValue(x & y), nil
	case "ORR", "SET":
		return intValue(x | y), nil
	case "ORN":
		return intValue(x | ^y), nil
	case "CLR", "BIC":
		return intValue(x &^ y), nil
	case "LSL", "LSR", "ASR", "ROR":
		return intValue(shiftBy(op, x, uint(y&(n-1)), w)), nil
	}
	return Value{}, fmt.Errorf("unknown operation %s", op)
}

// shiftBy shifts x by k < width bits as the shifted-register operands and
// the shift instructions do.
func shiftBy(op string, x int64, k uint, w bool) int64 {
	switch {
	case op == "LSL":
		return x << k
	case op == "LSR" && w:
		return int64(uint32(x) >> k)
	case op == "LSR":
		return int64(uint64(x) >> k)
	case op == "ASR" && w:
		return int64(uint32(int32(x) >> k))
	case op == "ASR":
		return x >> k
	case op == "ROR" && w:
		return int64(bits.RotateLeft32(uint32(x), -int(k)))
	case op == "ROR":
		return int64(bits.RotateLeft64(uint64(x), -int(k)))
	}
	return x
}

// extend applies UXTB ... SXTX to x.
func extend(kind string, x int64) int64 {
	switch kind {
	case "UXTB":
		return int64(uint8(x))
	case "UXTH":
		return int64(uint16(x))
	case "UXTW":
		return int64(uint32(x))
	case "SXTB":
		return int64(int8(x))
	case "SXTH":
		return int64(int16(x))
	case "SXTW":
		return int64(int32(x))
	}
	return x
}

// armShift is the shift or extension of a register operand, as in
// "X2, LSL #3" or "W2, SXTW".
type armShift struct {
	kind   string // LSL LSR ASR ROR, UXTB ... SXTX, or "" for none
	amount int
}

func isExtend(kind string) bool {
	switch kind {
	case "UXTB", "UXTH", "UXTW", "UXTX", "SXTB", "SXTH", "SXTW", "SXTX":
		return true
	}
	return false
}

// apply computes the operand's value: an extension, then a left shift, or
// a shift alone. An address may only be taken as it is.
func (s armShift) apply(v Value, w bool) (Value, error) {
	if s.kind == "" || v.Sym != "" && s.amount == 0 && (s.kind == "LSL" || s.kind == "UXTX" || s.kind == "SXTX") {
		return v, nil
	}
	if v.Sym != "" {
		return Value{}, fmt.Errorf("%s of the address %s", s.kind, v)
	}
	if isExtend(s.kind) {
		return intValue(extend(s.kind, v.N) << uint(s.amount)), nil
	}
	return intValue(shiftBy(s.kind, v.N, uint(s.amount), w)), nil
}

// setsFlags is the flags an ALU instruction with an S suffix computes.
func setsFlags(op string, a, b, r Value, w bool) (int, error) {
	switch op {
	case "SUB":
		return compare(a, b, w), nil
	case "ADD":
		if a.Sym == "" && b.Sym == "" {
			return addFlags(uint64(a.N), uint64(b.N), 0, w), nil
		}
	case "AND", "BIC":
		if r.Sym == "" {
			return logicFlags(uint64(r.N), w), nil
		}
	}
	return 0, fmt.Errorf("flags of %s on the address %s", op, r)
}

// execALU runs ADD ... ROR, with or without flags; CMP, CMN, TST, NEG,
// MVN and the shifts are its aliases.
func (in *armInstr) execALU(x *threadExec) error {
	a := x.getArm(in.rn)
	b, err := in.second(x)
	if err != nil {
		return x.fault("%v", err)
	}
	v, err := aluW(in.name, a.v, b.v, in.w)
	if err != nil && !(in.setFlags && in.rd.zero) {
		return x.fault("%v", err)
	}
	d, p, f, sym := a.d|b.d, a.p|b.p, a.f|b.f, a.sym || b.sym
	if in.setFlags {
		fl, err := setsFlags(in.name, a.v, b.v, v, in.w)
		if err != nil {
			return x.fault("%v", err)
		}
		x.flags = reg{v: intValue(int64(fl)), d: d, p: p, f: f, sym: sym}
	}
	x.setArm(in.rd, reg{v: v, d: d, p: p, f: f, sym: sym})
	return nil
}

// execCSEL runs CSEL, CSINC, CSINV and CSNEG (and so CSET, CSETM, CINC,
// CINV and CNEG). The condition picks a source: the result depends on the
// flags only through that choice (a pick dependency), and on the chosen
// source through its data.
func (in *armInstr) execCSEL(x *threadExec) error {
	fl := x.flags
	r := x.getArm(in.rn)
	if !condHolds(in.cond, int(fl.v.N)) {
		r = x.getArm(in.rm)
		var err error
		switch in.name {
		case "CSINC":
			r.v, err = aluW("ADD", r.v, intValue(1), in.w)
		case "CSINV":
			r.v, err = aluW("ORN", Value{}, r.v, in.w)
		case "CSNEG":
			r.v, err = aluW("SUB", Value{}, r.v, in.w)
		}
		if err != nil {
			return x.fault("%v", err)
		}
	}
	// herd7 does not bind the result before solving: a loop on it counts
	// towards the unrolling bound (sym).
	x.setArm(in.rd, reg{v: r.v, d: r.d, p: r.p | fl.p | fl.d, f: r.f | fl.f, sym: true})
	return nil
}
