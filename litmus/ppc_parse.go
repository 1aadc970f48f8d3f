package litmus

import (
	"fmt"
	"strconv"
	"strings"
)

type ppcOp int

const (
	ppcNop   ppcOp = iota
	ppcLi          // li rD,imm; lis rD,imm (imm<<16); addi/addis with rA r0
	ppcOpI         // addi addis ori xori andi. mulli: rD <- rA op imm
	ppcOp3         // add sub subf or and xor mullw divw, with a "." form
	ppcMr          // mr rD,rS
	ppcExtsw       // extsw rD,rA
	ppcRot         // rlwinm rlwimi clrldi
	ppcCmp         // cmpw cmpwi cmplwi
	ppcMfcr        // mfcr rD
	ppcB           // b label
	ppcBcc         // beq bne blt bge bgt ble label, on CR0
	ppcLoad        // lbz lhz lwz ld lwa, and the indexed forms
	ppcStore       // stb sth stw std, and the indexed forms
	ppcLwarx       // lwarx rD,rA,rB
	ppcStwcx       // stwcx. rS,rA,rB
	ppcFence       // sync (hwsync), lwsync, eieio, isync
)

// ppcFenceKind is a Power barrier.
type ppcFenceKind uint8

const (
	ppcSync ppcFenceKind = iota + 1
	ppcLwsync
	ppcEieio
	ppcIsync
)

// ppcInstr is one parsed Power instruction.
type ppcInstr struct {
	text       string
	op         ppcOp
	name       string // the operation (ADD, SUB, AND, ORR, EOR, MUL, DIV), a branch's EQ NE LT GE GT LE
	rd, ra, rb int    // registers r0..r31
	imm        int64
	indexed    bool   // the address is rA+rB (rA r0 reads 0), not imm(rA)
	setCR0     bool   // the "." forms, and andi.: CR0 compares the result with 0
	cr         int    // the CR field a compare sets
	regOp      bool   // cmpw: the second operand is rB
	unsigned   bool   // cmplwi
	signExt    bool   // lwa, lwax
	size       int    // bytes accessed
	rot        [3]int // rlwinm, rlwimi: shift, mask begin, mask end; clrldi: bits cleared
	insert     bool   // rlwimi
	clear      bool   // clrldi
	fence      ppcFenceKind
	label      string
}

func (in *ppcInstr) String() string { return in.text }

func (in *ppcInstr) target() string { return in.label }

func (in *ppcInstr) syms() []string { return nil }

func ppcRegName(n int) string { return "r" + strconv.Itoa(n) }

// ppcRegister reads r0..r31, in either case as herd7 does.
func ppcRegister(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "r") {
		return 0, false
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 || n > 31 || strconv.Itoa(n) != s[1:] {
		return 0, false
	}
	return n, true
}

// ppcALU maps the register-register operations to the names alu knows
// (MUL and DIV are Power's own here).
var ppcALU = map[string]string{
	"add": "ADD", "sub": "SUB", "subf": "SUBF", "and": "AND", "or": "ORR", "xor": "EOR",
	"mullw": "MUL", "divw": "DIV",
}

// ppcALUI are the register-immediate operations; andi. always sets CR0.
var ppcALUI = map[string]string{
	"addi": "ADD", "addis": "ADD", "subi": "ADD", "ori": "ORR", "xori": "EOR", "andi.": "AND", "mulli": "MUL",
}

var ppcBranches = map[string]string{
	"beq": "EQ", "bne": "NE", "blt": "LT", "bge": "GE", "bgt": "GT", "ble": "LE",
	"bnl": "GE", "bng": "LE",
}

// ppcLoads and ppcStores give the size of each access, D-form and
// indexed (x); lwa and lwax sign-extend.
var ppcLoads = map[string]int{"lbz": 1, "lhz": 2, "lwz": 4, "ld": 8, "lwa": 4}

var ppcStores = map[string]int{"stb": 1, "sth": 2, "stw": 4, "std": 8}

var ppcFences = map[string]ppcFenceKind{
	"sync": ppcSync, "hwsync": ppcSync, "lwsync": ppcLwsync, "eieio": ppcEieio, "isync": ppcIsync,
}

// ppcUnsupported are instructions of herd7's Power syntax that the
// checker does not run.
var ppcUnsupported = map[string]bool{
	"lwzu": true, "stwu": true, "nor": true, "neg": true, "slw": true, "srawi": true, "sraw": true,
	"bl": true, "blr": true, "mtlr": true, "mflr": true, "stmw": true, "lmw": true,
}

// parsePPC parses one Power instruction in herd7's syntax.
func parsePPC(text string) (*ppcInstr, error) {
	m, rest := mnemonic(text)
	m = strings.ToLower(m)
	ops := operands(rest)
	in := &ppcInstr{text: text}
	var err error
	switch {
	case m == "nop":
		in.op, err = ppcNop, want(ops, 0, m)
	case m == "dcbf":
		in.op, err = ppcNop, in.regs3(ops, m, &in.ra, &in.rb)
	case m == "li" || m == "lis":
		in.op = ppcLi
		err = in.regsImm(ops, m, &in.rd)
		if m == "lis" {
			in.imm <<= 16
		}
	case m == "mr":
		in.op, err = ppcMr, in.regs3(ops, m, &in.rd, &in.ra)
	case m == "extsw":
		in.op, err = ppcExtsw, in.regs3(ops, m, &in.rd, &in.ra)
	case m == "mfcr":
		in.op, err = ppcMfcr, in.regs3(ops, m, &in.rd)
	case m == "rlwinm" || m == "rlwimi":
		in.op, in.insert = ppcRot, m == "rlwimi"
		err = in.parseRot(ops, m, 3)
	case m == "clrldi":
		in.op, in.clear = ppcRot, true
		err = in.parseRot(ops, m, 1)
	case ppcALUI[m] != "":
		in.op, in.name, in.setCR0 = ppcOpI, ppcALUI[m], m == "andi."
		err = in.regsImm(ops, m, &in.rd, &in.ra)
		switch m {
		case "addis":
			in.imm <<= 16
		case "subi":
			in.imm = -in.imm
		}
		if (m == "addi" || m == "addis" || m == "subi") && in.ra == 0 {
			in.op = ppcLi // Power reads r0 as 0 in addi and addis
		}
	case ppcALU[strings.TrimSuffix(m, ".")] != "":
		in.op, in.name, in.setCR0 = ppcOp3, ppcALU[strings.TrimSuffix(m, ".")], strings.HasSuffix(m, ".")
		err = in.regs3(ops, m, &in.rd, &in.ra, &in.rb)
	case m == "cmpw" || m == "cmpwi" || m == "cmplwi":
		in.op, in.unsigned, in.regOp = ppcCmp, m == "cmplwi", m == "cmpw"
		err = in.parseCmp(ops, m, m != "cmpw")
	case m == "b":
		in.op = ppcB
		in.label, err = labelOperand(ops, 0, 1, m)
	case ppcBranches[m] != "":
		in.op, in.name = ppcBcc, ppcBranches[m]
		in.label, err = labelOperand(ops, 0, 1, m)
	case ppcFences[m] != 0:
		in.op, in.fence = ppcFence, ppcFences[m]
		err = want(ops, 0, m)
	case m == "lwarx":
		in.op, in.size, in.indexed = ppcLwarx, 4, true
		err = in.regs3(ops, m, &in.rd, &in.ra, &in.rb)
	case m == "stwcx.":
		in.op, in.size, in.indexed = ppcStwcx, 4, true
		err = in.regs3(ops, m, &in.rd, &in.ra, &in.rb)
	case ppcUnsupported[m]:
		return nil, fmt.Errorf("Power instruction %q is not supported", m)
	default:
		err = in.parseAccess(m, ops)
	}
	if err != nil {
		return nil, err
	}
	return in, nil
}

// parseAccess reads the loads and stores: "lwz rD,d(rA)" (or herd7's
// older "lwz rD,d,rA") and the indexed "lwzx rD,rA,rB" (and lwax), and the
// same for stores of rS.
func (in *ppcInstr) parseAccess(m string, ops []string) error {
	base := m
	if strings.HasSuffix(m, "x") && (ppcLoads[m[:len(m)-1]] != 0 || ppcStores[m[:len(m)-1]] != 0) {
		base, in.indexed = m[:len(m)-1], true
	}
	switch {
	case ppcLoads[base] != 0:
		in.op, in.size, in.signExt = ppcLoad, ppcLoads[base], base == "lwa"
	case ppcStores[base] != 0:
		in.op, in.size = ppcStore, ppcStores[base]
	default:
		return fmt.Errorf("unknown or unsupported Power instruction %q", m)
	}
	if in.indexed {
		return in.regs3(ops, m, &in.rd, &in.ra, &in.rb)
	}
	if len(ops) == 3 && !in.signExt {
		if err := in.regs3([]string{ops[0], ops[2]}, m, &in.rd, &in.ra); err != nil {
			return err
		}
		return in.memOperand(ops[1] + "(" + ops[2] + ")")
	}
	if err := want(ops, 2, m); err != nil {
		return err
	}
	if err := in.regs3(ops[:1], m, &in.rd); err != nil {
		return err
	}
	return in.memOperand(ops[1])
}

// memOperand reads "d(rA)".
func (in *ppcInstr) memOperand(s string) error {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return fmt.Errorf("bad memory operand %q: want d(rA)", s)
	}
	if off := strings.TrimSpace(s[:open]); off != "" {
		n, ok := parseInt(off)
		if !ok {
			return fmt.Errorf("bad offset %q in %q", off, s)
		}
		in.imm = n
	}
	r, ok := ppcRegister(s[open+1 : len(s)-1])
	if !ok {
		return fmt.Errorf("bad base register in %q", s)
	}
	in.ra = r
	return nil
}

// regs3 reads register operands.
func (in *ppcInstr) regs3(ops []string, m string, dst ...*int) error {
	return numberedRegs(ops, m, ppcRegister, dst...)
}

// regsImm reads register operands followed by an immediate.
func (in *ppcInstr) regsImm(ops []string, m string, dst ...*int) (err error) {
	in.imm, err = numberedRegsImm(ops, m, ppcRegister, dst...)
	return err
}

// parseCmp reads "cmpw [crN,] rA,rB" and "cmpwi [crN,] rA,imm".
func (in *ppcInstr) parseCmp(ops []string, m string, imm bool) error {
	if len(ops) == 3 {
		n, err := strconv.Atoi(strings.TrimPrefix(ops[0], "cr"))
		if !strings.HasPrefix(ops[0], "cr") || err != nil || n < 0 || n > 7 {
			return fmt.Errorf("bad condition register field %q in %s", ops[0], m)
		}
		in.cr, ops = n, ops[1:]
	}
	if imm {
		return in.regsImm(ops, m, &in.ra)
	}
	return in.regs3(ops, m, &in.ra, &in.rb)
}

// parseRot reads "rlwinm rD,rA,SH,MB,ME" (and rlwimi) and "clrldi rD,rA,N".
func (in *ppcInstr) parseRot(ops []string, m string, n int) error {
	if err := want(ops, 2+n, m); err != nil {
		return err
	}
	if err := in.regs3(ops[:2], m, &in.rd, &in.ra); err != nil {
		return err
	}
	for i, op := range ops[2:] {
		k, ok := parseInt(op)
		limit := int64(31)
		if n == 1 {
			limit = 63
		}
		if !ok || k < 0 || k > limit {
			return fmt.Errorf("bad operand %q in %s (want 0 to %d)", op, m, limit)
		}
		in.rot[i] = int(k)
	}
	return nil
}
