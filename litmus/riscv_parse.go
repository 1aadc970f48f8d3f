package litmus

import (
	"fmt"
	"strconv"
	"strings"
)

type rvOp int

const (
	rvNop   rvOp = iota
	rvLi         // li rd,imm
	rvLui        // lui rd,imm: imm<<12
	rvOpI        // addi andi ori xori slli srli slti, and mv (addi rd,rs,0)
	rvOp3        // add sub and or xor sll slt
	rvOpW        // addiw addw subw sllw slliw: 32-bit, sign-extended
	rvExt        // sext.w rd,rs
	rvJ          // j label
	rvBcc        // beq bne blt bge rs1,rs2,label
	rvLoad       // lb lh lw ld lbu lhu lwu, with .aq, .aq.rl
	rvStore      // sb sh sw sd, with .rl, .aq.rl
	rvLR         // lr.w lr.d, with .aq, .rl, .aq.rl
	rvSC         // sc.w sc.d, with .aq, .rl, .aq.rl
	rvAMO        // amo<op>.w amo<op>.d, with .aq, .rl, .aq.rl
	rvFence      // fence pred,succ; fence.tso; fence.i
)

// rvOrder is the ordering annotation of an access, as herd7 reads it.
type rvOrder uint8

const (
	rvRlx rvOrder = iota
	rvAcq
	rvRel
	rvAcqRel
)

// rvFenceSet is one side of a FENCE: which of reads and writes it orders.
type rvFenceSet uint8

const (
	rvFenceR rvFenceSet = 1 << iota
	rvFenceW
)

// riscvInstr is one parsed RISC-V instruction.
type riscvInstr struct {
	text        string
	op          rvOp
	name        string // the ALU operation (ADD, SUB, EOR, AND, ORR, LSL, LSR, SLT), AMO's, a branch's EQ NE LT GE
	rd, rs1     int    // registers x0..x31
	rs2         int
	imm         int64
	regOp       bool // the second operand is rs2, not imm
	size        int  // bytes accessed
	unsigned    bool // lbu lhu lwu
	order       rvOrder
	label       string
	pred, succ  rvFenceSet
	tso, fenceI bool
}

func (in *riscvInstr) String() string { return in.text }

func (in *riscvInstr) target() string { return in.label }

func (in *riscvInstr) syms() []string { return nil }

// rvABINames are the ABI names of x0..x31.
var rvABINames = [32]string{"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
	"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
	"s10", "s11", "t3", "t4", "t5", "t6"}

func rvRegName(n int) string { return "x" + strconv.Itoa(n) }

// riscvRegister reads x0..x31 or an ABI name (t0, a0, s0, fp...). herd7
// names every register xN in its output.
func riscvRegister(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "x") {
		n, err := strconv.Atoi(s[1:])
		if err == nil && n >= 0 && n < 32 && strconv.Itoa(n) == s[1:] {
			return n, true
		}
	}
	if s == "fp" {
		return 8, true
	}
	for n, name := range rvABINames {
		if s == name {
			return n, true
		}
	}
	return 0, false
}

// rvALU maps the register-register and immediate operations to the names
// alu knows.
var rvALU = map[string]string{
	"add": "ADD", "sub": "SUB", "and": "AND", "or": "ORR", "xor": "EOR", "sll": "LSL", "slt": "SLT",
	"addi": "ADD", "andi": "AND", "ori": "ORR", "xori": "EOR", "slli": "LSL", "srli": "LSR", "slti": "SLT",
	"addw": "ADD", "subw": "SUB", "sllw": "LSL", "addiw": "ADD", "slliw": "LSL",
}

// rvUnsupported are the instructions herd7 parses but does not execute.
var rvUnsupported = map[string]bool{
	"sltiu": true, "srai": true, "sltu": true, "sra": true, "srl": true, "srliw": true,
	"sraiw": true, "srlw": true, "sraw": true, "bltu": true, "bgeu": true,
}

var rvBranches = map[string]string{"beq": "EQ", "bne": "NE", "blt": "LT", "bge": "GE"}

var rvAMOs = map[string]string{
	"amoswap": "SWP", "amoadd": "ADD", "amoand": "AND", "amoor": "ORR", "amoxor": "EOR",
	"amomax": "SMAX", "amomin": "SMIN",
}

var rvSizes = map[string]int{"b": 1, "h": 2, "w": 4, "d": 8}

// parseRISCV parses one RISC-V instruction in herd7's syntax (lower case).
func parseRISCV(text string) (*riscvInstr, error) {
	m, rest := mnemonic(text)
	m = strings.ToLower(m)
	ops := operands(rest)
	in := &riscvInstr{text: text}
	var err error
	switch {
	case m == "nop":
		in.op, err = rvNop, want(ops, 0, m)
	case m == "li" || m == "lui":
		in.op = rvLi
		if m == "lui" {
			in.op = rvLui
		}
		err = in.regsAndImm(ops, m, &in.rd)
	case m == "mv":
		in.op, in.name = rvOpI, "ADD"
		err = in.regsOnly(ops, m, &in.rd, &in.rs1)
	case m == "sext.w":
		in.op = rvExt
		err = in.regsOnly(ops, m, &in.rd, &in.rs1)
	case rvUnsupported[m] || strings.HasPrefix(m, "amomaxu") || strings.HasPrefix(m, "amominu"):
		return nil, fmt.Errorf("RISC-V instruction %q is not supported (herd7 does not execute it either)", m)
	case rvALU[m] != "":
		in.name = rvALU[m]
		switch {
		case strings.HasSuffix(m, "w"):
			in.op = rvOpW
		case strings.HasSuffix(m, "i"):
			in.op = rvOpI
		default:
			in.op = rvOp3
		}
		in.regOp = in.op == rvOp3 || m == "addw" || m == "subw" || m == "sllw"
		if in.regOp {
			err = in.regsOnly(ops, m, &in.rd, &in.rs1, &in.rs2)
		} else {
			err = in.regsAndImm(ops, m, &in.rd, &in.rs1)
		}
	case m == "j":
		in.op = rvJ
		in.label, err = labelOperand(ops, 0, 1, m)
	case rvBranches[m] != "":
		in.op, in.name = rvBcc, rvBranches[m]
		if err = want(ops, 3, m); err == nil {
			if err = in.regsOnly(ops[:2], m, &in.rs1, &in.rs2); err == nil {
				in.label, err = labelOperand(ops, 2, 3, m)
			}
		}
	case strings.HasPrefix(m, "fence"):
		in.op = rvFence
		err = in.parseFence(m, ops)
	case strings.HasPrefix(m, "lr.") || strings.HasPrefix(m, "sc.") || strings.HasPrefix(m, "amo"):
		err = in.parseAtomic(m, ops)
	case m != "" && (m[0] == 'l' || m[0] == 's'):
		err = in.parseLoadStore(m, ops)
	default:
		err = fmt.Errorf("unknown or unsupported RISC-V instruction %q", m)
	}
	if err != nil {
		return nil, err
	}
	return in, nil
}

// regsOnly reads register operands.
func (in *riscvInstr) regsOnly(ops []string, m string, dst ...*int) error {
	return numberedRegs(ops, m, riscvRegister, dst...)
}

// regsAndImm reads register operands followed by an immediate.
func (in *riscvInstr) regsAndImm(ops []string, m string, dst ...*int) (err error) {
	in.imm, err = numberedRegsImm(ops, m, riscvRegister, dst...)
	return err
}

// parseFence reads "fence", "fence PRED,SUCC", "fence.tso" and "fence.i".
// The I/O sets of PRED and SUCC (i, o) order nothing more in herd7.
func (in *riscvInstr) parseFence(m string, ops []string) error {
	switch m {
	case "fence.tso":
		in.tso = true
		return want(ops, 0, m)
	case "fence.i":
		in.fenceI = true
		return want(ops, 0, m)
	case "fence":
	default:
		return fmt.Errorf("unknown fence %q", m)
	}
	if len(ops) == 0 {
		in.pred, in.succ = rvFenceR|rvFenceW, rvFenceR|rvFenceW
		return nil
	}
	if err := want(ops, 2, m); err != nil {
		return err
	}
	sets := []*rvFenceSet{&in.pred, &in.succ}
	for i, op := range ops {
		switch op {
		case "r", "ir":
			*sets[i] = rvFenceR
		case "w", "ow":
			*sets[i] = rvFenceW
		case "rw", "iorw":
			*sets[i] = rvFenceR | rvFenceW
		default:
			return fmt.Errorf("bad fence set %q in %q", op, in.text)
		}
	}
	return nil
}

// orderSuffix reads ".aq", ".rl", ".aq.rl" and ".aqrl".
func orderSuffix(s string) (rvOrder, bool) {
	switch s {
	case "":
		return rvRlx, true
	case ".aq":
		return rvAcq, true
	case ".rl":
		return rvRel, true
	case ".aq.rl", ".aqrl":
		return rvAcqRel, true
	}
	return 0, false
}

// parseLoadStore reads "lw rd,off(rs1)" and "sw rs2,off(rs1)" and their
// sizes; a load may be .aq and a store .rl, either .aq.rl, as in herd7.
func (in *riscvInstr) parseLoadStore(m string, ops []string) error {
	base, suffix, _ := strings.Cut(m, ".")
	if suffix != "" {
		suffix = "." + suffix
	}
	order, ok := orderSuffix(suffix)
	if !ok {
		return fmt.Errorf("unknown or unsupported RISC-V instruction %q", m)
	}
	in.order = order
	load := base[0] == 'l'
	kind := base[1:]
	if load && strings.HasSuffix(kind, "u") && len(kind) == 2 && kind != "du" {
		in.unsigned, kind = true, kind[:1]
	}
	size, ok := rvSizes[kind]
	if !ok || load && order == rvRel || !load && order == rvAcq {
		return fmt.Errorf("unknown or unsupported RISC-V instruction %q", m)
	}
	in.size = size
	in.op = rvStore
	if load {
		in.op = rvLoad
	}
	if err := want(ops, 2, m); err != nil {
		return err
	}
	if err := in.regsOnly(ops[:1], m, &in.rd); err != nil {
		return err
	}
	if !load {
		in.rs2, in.rd = in.rd, 0
	}
	return in.memOperand(ops[1], false)
}

// memOperand reads "off(rs1)" or "(rs1)"; zero tells that the offset
// must be 0 (LR, SC, AMOs).
func (in *riscvInstr) memOperand(s string, zero bool) error {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return fmt.Errorf("bad memory operand %q: want off(reg)", s)
	}
	if off := strings.TrimSpace(s[:open]); off != "" {
		n, ok := parseInt(off)
		if !ok || zero && n != 0 {
			return fmt.Errorf("bad offset %q in %q", off, s)
		}
		in.imm = n
	}
	r, ok := riscvRegister(s[open+1 : len(s)-1])
	if !ok {
		return fmt.Errorf("bad base register in %q", s)
	}
	in.rs1 = r
	return nil
}

// parseAtomic reads "lr.w rd,(rs1)", "sc.w rd,rs2,(rs1)" and
// "amoadd.w rd,rs2,(rs1)". As in herd7, lr's .rl and sc's .aq are
// dropped.
func (in *riscvInstr) parseAtomic(m string, ops []string) error {
	parts := strings.SplitN(m, ".", 3)
	if len(parts) < 2 {
		return fmt.Errorf("unknown or unsupported RISC-V instruction %q", m)
	}
	size, ok := rvSizes[parts[1]]
	rest := ""
	if len(parts) == 3 {
		rest = "." + parts[2]
	}
	order, okOrder := orderSuffix(rest)
	if !ok || size < 4 || !okOrder {
		return fmt.Errorf("unknown or unsupported RISC-V instruction %q", m)
	}
	in.size, in.order = size, order
	switch {
	case parts[0] == "lr":
		in.op = rvLR
		if order == rvRel {
			in.order = rvRlx
		}
		if err := want(ops, 2, m); err != nil {
			return err
		}
		if err := in.regsOnly(ops[:1], m, &in.rd); err != nil {
			return err
		}
		return in.memOperand(ops[1], true)
	case parts[0] == "sc":
		in.op = rvSC
		if order == rvAcq {
			in.order = rvRlx
		}
	case rvAMOs[parts[0]] != "":
		in.op, in.name = rvAMO, rvAMOs[parts[0]]
	default:
		return fmt.Errorf("unknown or unsupported RISC-V instruction %q", m)
	}
	if err := want(ops, 3, m); err != nil {
		return err
	}
	if err := in.regsOnly(ops[:2], m, &in.rd, &in.rs2); err != nil {
		return err
	}
	return in.memOperand(ops[2], true)
}
