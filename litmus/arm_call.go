package litmus

import "fmt"

// callForm recognises ADR and the branches through registers and with
// link: BL, BLR, BR and RET.
func callForm(m string, in *armInstr) bool {
	switch m {
	case "ADR", "BL", "BLR", "BR", "RET":
		in.op, in.name = armCall, m
		return true
	}
	return false
}

// parseCall reads "Xd, label" (ADR), "label" (BL), "Xn" (BLR, BR) and an
// optional "Xn" (RET, X30 by default).
func (in *armInstr) parseCall(ops []string, m string) error {
	var err error
	switch m {
	case "ADR":
		if err = want(ops, 2, m); err == nil {
			err = in.parseRegs(ops[:1], m, &in.rd)
		}
		if err == nil {
			in.label, err = labelOperand(ops, 1, 2, m)
		}
		if err == nil && isRelTarget(in.label) {
			err = fmt.Errorf("ADR of %s: code addresses are labels only", in.label)
		}
	case "BL":
		in.label, err = labelOperand(ops, 0, 1, m)
	case "BLR", "BR":
		err = in.parseRegs(ops, m, &in.rn)
	case "RET":
		in.rn = armReg{n: 30}
		if len(ops) > 0 {
			err = in.parseRegs(ops, m, &in.rn)
		}
	}
	if err == nil && (in.rd.w || in.rn.w) {
		err = fmt.Errorf("%q: a code address takes an X register", in.text)
	}
	return err
}

// execCall runs ADR, BL, BLR, BR and RET. The branches through a register
// depend on it as a conditional branch depends on its condition.
func (in *armInstr) execCall(x *threadExec) error {
	link := armReg{n: 30}
	switch in.name {
	case "ADR":
		x.setArm(in.rd, reg{v: codeLabel(x.th.Index, in.label)})
	case "BL":
		x.setArm(link, reg{v: x.returnLabel()})
		return in.branchTo(x)
	default:
		r := x.getArm(in.rn)
		x.branch(r)
		if in.name == "BLR" {
			x.setArm(link, reg{v: x.returnLabel()})
		}
		return x.jumpTo(r.v)
	}
	return nil
}
