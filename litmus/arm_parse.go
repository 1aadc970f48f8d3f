package litmus

import (
	"fmt"
	"strconv"
	"strings"
)

type armOp int

const (
	armNOP       armOp = iota
	armMOV             // MOV Rd, Rn|#imm
	armALU             // ADD SUB EOR AND ORR BIC ORN EON LSL LSR ASR ROR (S) Rd, Rn, op2
	armCSEL            // CSEL CSINC CSINV CSNEG Rd, Rn, Rm, cond
	armB               // B label
	armBcond           // B.cond label
	armCBZ             // CBZ Rn, label
	armCBNZ            // CBNZ Rn, label
	armLoad            // LDR LDAR LDAPR LDXR LDAXR
	armStore           // STR STLR
	armStoreEx         // STXR STLXR Ws, Rt, [Xn]
	armCAS             // CAS{A,L,AL} Rs, Rt, [Xn]
	armLdOp            // LD{ADD,EOR,SET,CLR,SMIN,SMAX,UMIN,UMAX}{A,L,AL} Rs, Rt, [Xn]; ST<op>{L} Rs, [Xn]
	armSWP             // SWP{A,L,AL} Rs, Rt, [Xn]
	armLoadPair        // LDP LDNP LDPSW LDAP LDIAPP Rt, Rt2, [Xn...]
	armStorePair       // STP STNP STLP STILP Rt, Rt2, [Xn...]
	armCASP            // CASP{A,L,AL} Rs, Rs2, Rt, Rt2, [Xn]
	armBarrier         // DMB and DSB
	armISB
	armMisc // MOVZ MOVK MOVN, bitfields, multiplies, ABS RBIT REV
	armTBZ  // TBZ TBNZ Rt, #bit, label
	armCall // ADR, BL, BLR, BR, RET
)

type addrMode int

const (
	modeOffset addrMode = iota
	modePre             // [Xn,#i]!: Xn is updated before the access
	modePost            // [Xn],#i: Xn is updated after the access
)

// armMem is a memory operand: [base, index ext #shift] or [base, #imm].
type armMem struct {
	base     armReg
	index    armReg
	hasIndex bool
	ext      string // SXTW, UXTW, LSL, SXTX, UXTX or ""
	shift    int
	imm      int64
	mode     addrMode
}

// armInstr is one parsed AArch64 instruction.
type armInstr struct {
	text           string
	op             armOp
	name           string // ALU or atomic operation: ADD SUB EOR AND ORR CLR SET; CSEL's kind
	w              bool   // a 32-bit operation
	setFlags       bool   // ADDS, SUBS, ANDS, BICS and their aliases
	sh             armShift
	size           int  // bytes a memory access reads or writes
	signed         bool // LDRSB, LDRSH, LDRSW
	acq, acqPC     bool // A (LDAR, ...A) and Q (LDAPR)
	rel, excl      bool
	rd, rn, rm     armReg // rd: destination; rn, rm: sources
	rs, rt         armReg // atomics: Rs and Rt; loads and stores: Rt; STXR: Rs is the status
	rs2, rt2       armReg // the second registers of a pair
	seq            bool   // LDIAPP, STILP: the pair's accesses are ordered
	ra             armReg // the addend of MADD and the like
	imm2           int64  // MOVZ: the shift; UBFM, SBFM: imms
	imm            int64
	hasImm         bool
	mem            armMem
	cond, label    string
	fence          fenceKind
	fenceIsBarrier string // DMB or DSB, for printing
	// scoped marks a barrier option that names a shareability domain
	// (ISH, OSH, NSH and their LD and ST forms), which herd7 flags.
	scoped bool
	// unbound marks a bitfield move whose result herd7 does not know
	// before solving (see execMisc).
	unbound bool
}

func (in *armInstr) String() string { return in.text }

// isMem reports whether the operation accesses memory.
func (op armOp) isMem() bool { return op >= armLoad && op <= armCASP }

func (in *armInstr) target() string {
	if isRelTarget(in.label) {
		return "" // checked when the branch is taken
	}
	return in.label
}

func (in *armInstr) syms() []string { return nil }

// parseARM parses one AArch64 instruction.
func parseARM(text string) (*armInstr, error) {
	m, rest := mnemonic(text)
	ops := operands(rest)
	in := &armInstr{text: text, rd: armReg{zero: true}, rn: armReg{zero: true}, rm: armReg{zero: true},
		rs: armReg{zero: true}, rt: armReg{zero: true}, ra: armReg{zero: true}, rs2: armReg{zero: true}, rt2: armReg{zero: true}}
	m, in.size, in.signed = sizedForm(m)
	var err error
	switch {
	case m == "NOP":
		in.op, err = armNOP, want(ops, 0, m)
	case m == "MOV":
		in.op = armMOV
		err = in.parseRegs(ops, m, &in.rd, &in.rm)
	case aluForm(m, in):
		err = in.parseALU(ops, m)
	case cselForm(m, in):
		err = in.parseCSEL(ops, m)
	case miscForm(m, in):
		if in.op == armTBZ {
			err = in.parseTBZ(ops, m)
		} else {
			err = in.parseMisc(ops, m)
		}
	case m == "B":
		in.op = armB
		in.label, err = labelOperand(ops, 0, 1, m)
	case strings.HasPrefix(m, "B."):
		in.op, in.cond = armBcond, m[2:]
		if !validCond(in.cond) {
			return nil, fmt.Errorf("unknown condition %q in %q", in.cond, m)
		}
		in.label, err = labelOperand(ops, 0, 1, m)
	case m == "CBZ" || m == "CBNZ":
		in.op = armCBZ
		if m == "CBNZ" {
			in.op = armCBNZ
		}
		if err = want(ops, 2, m); err == nil {
			err = in.parseRegs(ops[:1], m, &in.rn)
			if err == nil {
				in.label, err = labelOperand(ops, 1, 2, m)
			}
		}
	case m == "LDR" || m == "LDAR" || m == "LDAPR" || m == "LDXR" || m == "LDAXR":
		in.op = armLoad
		in.acq = m == "LDAR" || m == "LDAXR"
		in.acqPC = m == "LDAPR"
		in.excl = m == "LDXR" || m == "LDAXR"
		err = in.parseLoadStore(ops, m, m == "LDR")
	case m == "STR" || m == "STLR":
		in.op, in.rel = armStore, m == "STLR"
		err = in.parseLoadStore(ops, m, m == "STR")
	case m == "STXR" || m == "STLXR":
		in.op, in.rel, in.excl = armStoreEx, m == "STLXR", true
		if err = want(ops, 3, m); err == nil {
			err = in.parseRegs(ops[:2], m, &in.rs, &in.rt)
			if err == nil {
				in.mem, err = parseArmMem(ops[2], false)
			}
		}
	case callForm(m, in):
		err = in.parseCall(ops, m)
	case pairForm(m, in):
		err = in.parsePair(ops, m)
	case atomicForm(m, "CASP", in):
		in.op = armCASP
		err = in.parseCASP(ops, m)
	case atomicForm(m, "CAS", in):
		in.op = armCAS
		err = in.parseAtomic(ops, m)
	case atomicForm(m, "SWP", in):
		in.op = armSWP
		err = in.parseAtomic(ops, m)
	case ldOpForm(m, in):
		in.op = armLdOp
		err = in.parseAtomic(ops, m)
	case stOpForm(m, in):
		in.op = armLdOp
		if err = want(ops, 2, m); err == nil {
			err = in.parseRegs(ops[:1], m, &in.rs)
			in.rt = armReg{zero: true, w: in.rs.w}
			if err == nil {
				in.mem, err = parseArmMem(ops[1], false)
			}
		}
	case m == "DMB" || m == "DSB":
		in.op, in.fenceIsBarrier = armBarrier, m
		if err = want(ops, 1, m); err == nil {
			in.fence, in.scoped, err = barrierOption(ops[0])
		}
	case m == "ISB":
		in.op = armISB
		if len(ops) > 1 || len(ops) == 1 && strings.ToUpper(ops[0]) != "SY" {
			err = fmt.Errorf("ISB takes no option but SY")
		}
	default:
		return nil, fmt.Errorf("unknown or unsupported AArch64 instruction %q", m)
	}
	if err != nil {
		return nil, err
	}
	if err := in.checkWidths(); err != nil {
		return nil, err
	}
	if err := in.checkSize(); err != nil {
		return nil, err
	}
	return in, nil
}

// checkWidths rejects an instruction whose register operands must have
// one width but do not, such as MOV X0,W1: the assembler refuses it, and
// the checker would otherwise have to guess which width was meant.
func (in *armInstr) checkWidths() error {
	var same []armReg
	switch in.op {
	case armMOV:
		same = []armReg{in.rd, in.rm}
	case armALU, armCSEL:
		same = []armReg{in.rd, in.rn, in.rm}
		if isExtend(in.sh.kind) {
			same = same[:2] // an extended register has its own width
		}
	case armCAS, armLdOp, armSWP:
		same = []armReg{in.rs, in.rt}
	case armLoadPair, armStorePair:
		same = []armReg{in.rt, in.rt2}
	case armCASP:
		same = []armReg{in.rs, in.rs2, in.rt, in.rt2}
	}
	if in.hasImm {
		same = same[:len(same)-1] // the last operand is an immediate
	}
	if len(same) < 2 {
		return nil
	}
	for _, r := range same[1:] {
		if r.w != same[0].w {
			return fmt.Errorf("%q mixes 32-bit (W) and 64-bit (X) registers", in.text)
		}
	}
	return nil
}

func want(ops []string, n int, m string) error {
	if len(ops) != n {
		return fmt.Errorf("%s takes %d operands, found %d", m, n, len(ops))
	}
	return nil
}

// parseRegs reads register operands; the last one may be an immediate
// ("#k") when the instruction allows it (MOV, ALU, CMP).
func (in *armInstr) parseRegs(ops []string, m string, dst ...*armReg) error {
	if err := want(ops, len(dst), m); err != nil {
		return err
	}
	for i, op := range ops {
		if _, bare := parseInt(op); (bare || strings.HasPrefix(op, "#")) && i == len(ops)-1 && (in.op == armMOV || in.op == armALU) {
			// herd7 takes an immediate with or without its "#".
			n, ok := parseInt(strings.TrimSpace(strings.TrimPrefix(op, "#")))
			if !ok {
				return fmt.Errorf("bad immediate %q in %s", op, m)
			}
			in.imm, in.hasImm = n, true
			continue
		}
		r, ok := armRegister(op)
		if !ok {
			return fmt.Errorf("bad register %q in %s", op, m)
		}
		*dst[i] = r
	}
	return nil
}

func labelOperand(ops []string, i, n int, m string) (string, error) {
	if err := want(ops, n, m); err != nil {
		return "", err
	}
	if !isLabelName(ops[i]) && !isRelTarget(ops[i]) {
		return "", fmt.Errorf("bad label %q in %s", ops[i], m)
	}
	return ops[i], nil
}

// parseLoadStore reads "Rt, [addr]" and, for LDR and STR, the forms with an
// index register, an offset, pre-index "!" and post-index ", #i".
func (in *armInstr) parseLoadStore(ops []string, m string, full bool) error {
	if len(ops) < 2 || len(ops) > 3 || len(ops) == 3 && !full {
		return fmt.Errorf("%s takes 2 operands, found %d", m, len(ops))
	}
	r, ok := armRegister(ops[0])
	if !ok {
		return fmt.Errorf("bad register %q in %s", ops[0], m)
	}
	in.rt = r
	mem, err := parseArmMem(ops[1], full)
	if err != nil {
		return err
	}
	if len(ops) == 3 {
		if mem.mode != modeOffset || mem.hasIndex || mem.imm != 0 || !strings.HasPrefix(ops[2], "#") {
			return fmt.Errorf("bad post-index form in %s", m)
		}
		n, ok := parseInt(strings.TrimSpace(ops[2][1:]))
		if !ok {
			return fmt.Errorf("bad immediate %q in %s", ops[2], m)
		}
		mem.imm, mem.mode = n, modePost
	}
	in.mem = mem
	return nil
}

// parseAtomic reads "Rs, Rt, [Xn]".
func (in *armInstr) parseAtomic(ops []string, m string) error {
	if err := want(ops, 3, m); err != nil {
		return err
	}
	if err := in.parseRegs(ops[:2], m, &in.rs, &in.rt); err != nil {
		return err
	}
	mem, err := parseArmMem(ops[2], false)
	in.mem = mem
	return err
}

// atomicForm recognises base, base+A, base+L and base+AL.
func atomicForm(m, base string, in *armInstr) bool {
	if !strings.HasPrefix(m, base) {
		return false
	}
	switch m[len(base):] {
	case "":
	case "A":
		in.acq = true
	case "L":
		in.rel = true
	case "AL":
		in.acq, in.rel = true, true
	default:
		return false
	}
	return true
}

var atomicOps = []string{"ADD", "EOR", "SET", "CLR", "SMIN", "SMAX", "UMIN", "UMAX"}

func ldOpForm(m string, in *armInstr) bool {
	for _, op := range atomicOps {
		if atomicForm(m, "LD"+op, in) {
			in.name = op
			return true
		}
	}
	return false
}

// stOpForm recognises STADD, STEOR, STSET, STCLR and their L forms: the
// no-return aliases of LD<op> with Rt = ZR.
func stOpForm(m string, in *armInstr) bool {
	for _, op := range atomicOps {
		if m == "ST"+op || m == "ST"+op+"L" {
			in.name, in.rel = op, m != "ST"+op
			return true
		}
	}
	return false
}

func parseArmMem(s string, full bool) (armMem, error) {
	var mem armMem
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, "!") {
		if !full {
			return mem, fmt.Errorf("pre-index form %q is not allowed here", s)
		}
		mem.mode = modePre
		t = strings.TrimSpace(strings.TrimSuffix(t, "!"))
	}
	if !strings.HasPrefix(t, "[") || !strings.HasSuffix(t, "]") {
		return mem, fmt.Errorf("bad memory operand %q", s)
	}
	parts := strings.Split(t[1:len(t)-1], ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	base, ok := armRegister(parts[0])
	if !ok || base.w || base.zero {
		return mem, fmt.Errorf("bad base register %q in %q", parts[0], s)
	}
	mem.base = base
	if len(parts) > 1 && !full {
		if len(parts) == 2 && (parts[1] == "#0" || parts[1] == "#0x0") {
			return mem, nil
		}
		return mem, fmt.Errorf("only [Xn] is allowed here, found %q", s)
	}
	switch {
	case len(parts) == 1:
	case len(parts) == 2 && strings.HasPrefix(parts[1], "#"):
		n, ok := parseInt(strings.TrimSpace(parts[1][1:]))
		if !ok {
			return mem, fmt.Errorf("bad offset %q in %q", parts[1], s)
		}
		mem.imm = n
	case len(parts) <= 3:
		idx, ok := armRegister(parts[1])
		if !ok || idx.zero {
			return mem, fmt.Errorf("bad index register %q in %q", parts[1], s)
		}
		mem.index, mem.hasIndex = idx, true
		if len(parts) == 3 {
			ext := strings.Fields(strings.ReplaceAll(strings.ToUpper(parts[2]), "#", " #"))
			if len(ext) == 0 {
				return mem, fmt.Errorf("missing extension after the index register in %q", s)
			}
			mem.ext = ext[0]
			switch mem.ext {
			case "SXTW", "UXTW", "LSL", "SXTX", "UXTX":
			default:
				return mem, fmt.Errorf("unsupported extension %q in %q", parts[2], s)
			}
			if len(ext) == 2 {
				n, err := strconv.Atoi(strings.TrimPrefix(ext[1], "#"))
				if err != nil || n < 0 || n > 4 {
					return mem, fmt.Errorf("bad shift %q in %q", parts[2], s)
				}
				mem.shift = n
			} else if len(ext) > 2 {
				return mem, fmt.Errorf("bad extension %q in %q", parts[2], s)
			}
		}
		if idx.w && mem.ext != "SXTW" && mem.ext != "UXTW" {
			return mem, fmt.Errorf("a W index register needs SXTW or UXTW in %q", s)
		}
		if mem.mode == modePre {
			return mem, fmt.Errorf("pre-index needs an immediate offset in %q", s)
		}
	default:
		return mem, fmt.Errorf("bad memory operand %q", s)
	}
	return mem, nil
}

// barrierOption reads a DMB's or DSB's option: what it orders and whether
// it names a shareability domain. The model, as herd7's, takes every
// observer to be in one inner-shareable domain, so that the domain orders
// nothing more or less.
func barrierOption(s string) (k fenceKind, scoped bool, err error) {
	o := strings.ToUpper(strings.TrimSpace(s))
	switch o {
	case "SY", "ISH", "OSH", "NSH":
		k = fenceFull
	case "LD", "ISHLD", "OSHLD", "NSHLD":
		k = fenceLoad
	case "ST", "ISHST", "OSHST", "NSHST":
		k = fenceStore
	default:
		return 0, false, fmt.Errorf("unknown barrier option %q", s)
	}
	return k, o != "SY" && o != "LD" && o != "ST", nil
}
