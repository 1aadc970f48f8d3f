package litmus

import (
	"fmt"
	"strconv"
	"strings"
)

// aluLayout is the operand layout of an ALU instruction.
type aluLayout int

const (
	layout3   aluLayout = iota // Rd, Rn, op2
	layoutCmp                  // Rn, op2 (CMP, CMN, TST: Rd is ZR)
	layoutNeg                  // Rd, op2 (NEG, MVN: Rn is ZR)
)

type aluSpec struct {
	name     string
	setFlags bool
	layout   aluLayout
}

var aluSpecs = map[string]aluSpec{
	"ADD": {"ADD", false, layout3}, "ADDS": {"ADD", true, layout3},
	"SUB": {"SUB", false, layout3}, "SUBS": {"SUB", true, layout3},
	"AND": {"AND", false, layout3}, "ANDS": {"AND", true, layout3},
	"BIC": {"BIC", false, layout3}, "BICS": {"BIC", true, layout3},
	"ORR": {"ORR", false, layout3}, "ORN": {"ORN", false, layout3},
	"EOR": {"EOR", false, layout3}, "EON": {"EON", false, layout3},
	"LSL": {"LSL", false, layout3}, "LSLV": {"LSL", false, layout3},
	"LSR": {"LSR", false, layout3}, "LSRV": {"LSR", false, layout3},
	"ASR": {"ASR", false, layout3}, "ASRV": {"ASR", false, layout3},
	"ROR": {"ROR", false, layout3}, "RORV": {"ROR", false, layout3},
	"CMP": {"SUB", true, layoutCmp}, "CMN": {"ADD", true, layoutCmp}, "TST": {"AND", true, layoutCmp},
	"NEG": {"SUB", false, layoutNeg}, "NEGS": {"SUB", true, layoutNeg}, "MVN": {"ORN", false, layoutNeg},
}

func aluForm(m string, in *armInstr) bool {
	s, ok := aluSpecs[m]
	if !ok {
		return false
	}
	in.op, in.name, in.setFlags = armALU, s.name, s.setFlags
	return true
}

// parseALU reads the registers and the second operand: a register with an
// optional shift or extension, or an immediate with an optional LSL.
func (in *armInstr) parseALU(ops []string, m string) error {
	regs := []*armReg{&in.rd, &in.rn}
	switch aluSpecs[m].layout {
	case layoutCmp:
		regs = []*armReg{&in.rn}
	case layoutNeg:
		regs = []*armReg{&in.rd}
	}
	n := len(regs) + 1
	if len(ops) != n && len(ops) != n+1 {
		return fmt.Errorf("%s takes %d operands, found %d", m, n, len(ops))
	}
	for i, r := range regs {
		reg, ok := armRegister(ops[i])
		if !ok {
			return fmt.Errorf("bad register %q in %s", ops[i], m)
		}
		*r = reg
	}
	first := *regs[0]
	in.w = first.w
	switch aluSpecs[m].layout {
	case layoutCmp:
		in.rd = armReg{zero: true, w: first.w}
	case layoutNeg:
		in.rn = armReg{zero: true, w: first.w}
	}
	if err := in.parseOp2(ops[len(regs):], m); err != nil {
		return err
	}
	if in.sh.kind != "" && (in.name == "LSL" || in.name == "LSR" || in.name == "ASR" || in.name == "ROR") {
		return fmt.Errorf("%s takes no shifted operand", m)
	}
	return nil
}

// parseOp2 reads "Rm", "Rm, SHIFT #k", "Rm, EXT {#k}", "#imm" or
// "#imm, LSL #12".
func (in *armInstr) parseOp2(ops []string, m string) error {
	if len(ops) == 2 {
		sh, err := parseShift(ops[1])
		if err != nil {
			return fmt.Errorf("%v in %s", err, m)
		}
		in.sh = sh
	}
	if _, bare := parseInt(ops[0]); bare || strings.HasPrefix(ops[0], "#") {
		n, ok := parseInt(strings.TrimSpace(strings.TrimPrefix(ops[0], "#")))
		if !ok {
			return fmt.Errorf("bad immediate %q in %s", ops[0], m)
		}
		if in.sh.kind != "" && in.sh.kind != "LSL" {
			return fmt.Errorf("an immediate takes only LSL in %s", m)
		}
		in.imm, in.hasImm = n<<uint(in.sh.amount), true
		in.sh = armShift{}
		return nil
	}
	r, ok := armRegister(ops[0])
	if !ok {
		return fmt.Errorf("bad register %q in %s", ops[0], m)
	}
	in.rm = r
	return nil
}

// parseShift reads "LSL #3", "SXTW", "UXTB #2" and the like.
func parseShift(s string) (armShift, error) {
	f := strings.Fields(strings.ToUpper(s))
	if len(f) == 0 || len(f) > 2 {
		return armShift{}, fmt.Errorf("bad shift %q", s)
	}
	sh := armShift{kind: f[0]}
	switch {
	case sh.kind == "LSL" || sh.kind == "LSR" || sh.kind == "ASR" || sh.kind == "ROR":
		if len(f) != 2 {
			return armShift{}, fmt.Errorf("%s needs an amount", sh.kind)
		}
	case isExtend(sh.kind):
	default:
		return armShift{}, fmt.Errorf("unknown shift %q", s)
	}
	if len(f) == 2 {
		n, err := strconv.Atoi(strings.TrimPrefix(f[1], "#"))
		if err != nil || n < 0 || n > 63 || isExtend(sh.kind) && n > 4 {
			return armShift{}, fmt.Errorf("bad shift amount %q", s)
		}
		sh.amount = n
	}
	return sh, nil
}

// cselForm recognises CSEL, CSINC, CSINV, CSNEG and the aliases CSET,
// CSETM, CINC, CINV and CNEG.
func cselForm(m string, in *armInstr) bool {
	switch m {
	case "CSEL", "CSINC", "CSINV", "CSNEG", "CSET", "CSETM", "CINC", "CINV", "CNEG":
		in.op = armCSEL
		return true
	}
	return false
}

// parseCSEL reads "Rd, Rn, Rm, cond", "Rd, cond" (CSET, CSETM) or "Rd, Rn,
// cond" (CINC, CINV, CNEG), the aliases selecting with the inverted
// condition.
func (in *armInstr) parseCSEL(ops []string, m string) error {
	nregs := map[string]int{"CSET": 1, "CSETM": 1, "CINC": 2, "CINV": 2, "CNEG": 2}[m]
	if nregs == 0 {
		nregs = 3
	}
	if err := want(ops, nregs+1, m); err != nil {
		return err
	}
	regs := []*armReg{&in.rd, &in.rn, &in.rm}[:nregs]
	if err := in.parseRegs(ops[:nregs], m, regs...); err != nil {
		return err
	}
	in.w = in.rd.w
	in.cond = strings.ToUpper(ops[nregs])
	if !validCond(in.cond) || in.cond == "AL" && nregs < 3 {
		return fmt.Errorf("unknown condition %q in %s", ops[nregs], m)
	}
	in.name = m
	switch m {
	case "CSET", "CSETM":
		in.rn, in.rm = armReg{zero: true, w: in.w}, armReg{zero: true, w: in.w}
		in.name = map[string]string{"CSET": "CSINC", "CSETM": "CSINV"}[m]
		in.cond = invertCond(in.cond)
	case "CINC", "CINV", "CNEG":
		in.rm = in.rn
		in.name = "CS" + m[1:]
		in.cond = invertCond(in.cond)
	}
	return nil
}
