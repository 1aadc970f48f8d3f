package verify

import (
	"fmt"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// riscv64 interprets go tool objdump's riscv64 listing (the AMOs, LR, SC
// and FENCEs decoded with their ordering bits, and the branch targets
// resolved, by internal/disasm) and emits herd7's RISCV syntax. Registers
// keep their numbers (X5 is x5); X0 reads as 0 and is no litmus register
// of a key. RISC-V has no flags: a branch compares two registers, and one
// on values known when the code is extracted is folded.
type riscv64 struct{}

func (riscv64) litmusArch() string       { return "RISCV" }
func (riscv64) model() string            { return "riscv" }
func (riscv64) resultReg() string        { return "X10" }
func (riscv64) jump(label string) string { return "j " + label }

// condJump is never reached: a riscv64 branch emits its own compare
// (rvCtx.branch), and no flags are set.
func (riscv64) condJump(x *xthread, _ flagsVal, _, _ string) {
	x.fail = fmt.Errorf("a branch on flags, which RISC-V has not")
}

func (riscv64) jumpIfEqual(x *xthread, key string, n int64, label string) {
	x.materialize("t2", konst(n), false)
	x.emit("beq %s,%s,%s", reg(key, false), reg("t2", false), label)
}

// rvArgs are Go's ABIInternal integer argument registers on riscv64.
var rvArgs = []string{"X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "X8", "X9", "X18", "X19", "X20", "X21", "X22", "X23"}

func (riscv64) enter(s *state, args []val) {
	for i, a := range args {
		s.regs[rvArgs[i]] = a
	}
	s.regs["X2"] = ptr("stack", 0)
	s.regs["X27"] = ptr("g", 0)
	s.regs["X1"] = val{kind: vRet, obj: "entry"}
}

func (riscv64) movImm(key string, n int64, _ bool) string {
	return fmt.Sprintf("li %s,%d", reg(key, false), n)
}

// movReg copies with addi: herd7's RISCV has no mv.
func (riscv64) movReg(dst, src string, _ bool) string {
	return fmt.Sprintf("addi %s,%s,0", reg(dst, false), reg(src, false))
}

func (riscv64) identity(key string) (string, bool) { return numberedReg(key, "X", "x") }
func (riscv64) pool() []string                     { return numberedPool("x") }

func (riscv64) regText(name string, _ bool) string { return name }

// parseRVOp parses an operand, whose register must be one of X0 to X31.
func parseRVOp(s string) (asmOp, error) {
	o, err := parseAsmOp(s)
	if _, ok := (riscv64{}).identity(o.reg); err == nil && o.kind == 'r' && !ok && o.reg != "X0" {
		return asmOp{}, fmt.Errorf("operand %q", s)
	}
	return o, err
}

// rvCtx carries one instruction's interpretation.
type rvCtx struct {
	regCtx
	in disasm.Inst
}

// operand returns the litmus text of a register that holds o: x0 for 0,
// its own when it is dynamic, else scratch, into which its value is
// materialised.
func (c *rvCtx) operand(o asmOp, scratch string) string {
	v := c.value(o)
	switch {
	case v.kind == vDyn:
		return reg(o.reg, false)
	case v == konst(0):
		return "x0"
	}
	c.x.materialize(scratch, v, false)
	return reg(scratch, false)
}

// nonneg is a loaded value known not to be negative as a doubleword (a
// zero-extended word, a shift right): an unsigned compare of two such is
// the signed one, which herd7's RISCV has.
func nonneg() val { return val{kind: vDyn, obj: "+"} }

// notNegative reports whether v is a constant or loaded value that is not
// negative as a doubleword.
func notNegative(v val) bool { return v == nonneg() || v.kind == vConst && v.n >= 0 }

// rvSize gives a MOV's access size and whether a load of it sign-extends.
func rvSize(m string) (int64, bool) {
	switch m {
	case "MOV":
		return 8, false
	case "MOVW":
		return 4, true
	case "MOVWU":
		return 4, false
	case "MOVH":
		return 2, true
	case "MOVHU":
		return 2, false
	case "MOVB":
		return 1, true
	case "MOVBU":
		return 1, false
	}
	return 0, false
}

// rvBranch are the conditional branches, B<cond> rs1, rs2, target (taken
// when rs1 <cond> rs2), by the ARM condition they test; the one-register
// forms compare with X0, rs1 first when the second says so.
var rvBranch = map[string]string{"BEQ": "EQ", "BNE": "NE", "BLT": "LT", "BGE": "GE", "BLTU": "LO", "BGEU": "HS",
	"BEQZ": "EQ", "BNEZ": "NE", "BLTZ": "LT", "BGEZ": "GE", "BLEZ": "GE/", "BGTZ": "LT/"}

func (riscv64) step(x *xthread, s *state, f *disasm.Func, i int) (bool, error) {
	in := f.Insts[i]
	c := &rvCtx{regCtx{x, s, "X0"}, in}
	m, rest, _ := strings.Cut(in.Text, " ")
	if strings.HasPrefix(m, "FENCE") || m == "PAUSE" {
		s.pc, _ = next(f, i)
		return false, c.fence(m, rest)
	}
	var ops []asmOp
	for _, o := range splitOps(rest) {
		op, err := parseRVOp(o)
		if err != nil {
			return false, err
		}
		ops = append(ops, op)
	}
	nextPC, err := next(f, i)
	if err != nil && m != "RET" && m != "JMP" && m != "CALL" && m != "JAL" {
		return false, err
	}
	s.pc = nextPC
	if cond, ok := rvBranch[m]; ok {
		return false, c.branch(m, cond, ops)
	}
	switch {
	case strings.HasPrefix(m, "LR."):
		return false, c.lr(m, ops)
	case strings.HasPrefix(m, "SC."):
		return false, c.sc(m, ops)
	case strings.HasPrefix(m, "AMO"):
		return false, c.amo(m, ops)
	}
	switch m {
	case "NOP":
		return false, nil
	case "RET":
		return x.ret(s, c.get("X1"))
	case "JMP":
		if ops[0].kind == 't' {
			s.pc = uint64(ops[0].imm)
			return false, nil
		}
		return false, fmt.Errorf("a tail call of %s", ops[0].sym)
	case "CALL":
		o := ops[0]
		if o.kind == 'm' && o.imm == 0 {
			o.kind = 'r' // CALL (X5): through a register
		}
		return c.call("X1", o, nextPC)
	case "JAL":
		// JAL X5, runtime.morestack_noctxt: the prologue's call.
		return c.call(ops[0].reg, ops[1], nextPC)
	case "AUIPC":
		// objdump prints the 20-bit immediate unsigned.
		c.set(ops[1].reg, konst(int64(in.PC)+int64(int32(uint32(ops[0].imm)<<12))), "")
		return false, nil
	case "LUI":
		c.set(ops[1].reg, konst(int64(int32(ops[0].imm<<12))), "")
		return false, nil
	case "SEQZ", "SNEZ":
		return false, c.setZero(m, ops)
	case "SLT", "SLTU":
		return false, c.setLess(m, ops)
	}
	if _, ok := rvALU[m]; ok {
		return false, c.alu(m, ops)
	}
	if size, _ := rvSize(m); size > 0 {
		return false, c.mov(m, ops)
	}
	return false, fmt.Errorf("instruction not modelled")
}

func (riscv64) operands(m string) (lo, hi int, ok bool) {
	switch {
	case m == "NOP" || m == "RET":
		return 0, 0, true
	case m == "JMP" || m == "CALL":
		return 1, 1, true
	case strings.HasPrefix(m, "LR."):
		return 2, 2, true
	case strings.HasPrefix(m, "SC.") || strings.HasPrefix(m, "AMO") || m == "SLT" || m == "SLTU":
		return 3, 3, true
	case strings.HasPrefix(m, "NEG") || strings.HasSuffix(m, "Z") && rvBranch[m] != "":
		// NEG a, d and NEGW; BEQZ a, target and the other compares with 0.
		return 2, 2, true
	case rvBranch[m] != "":
		return 3, 3, true
	case rvALU[m].op != "":
		return 2, 3, true
	}
	switch m {
	case "JAL", "AUIPC", "LUI", "SEQZ", "SNEZ":
		return 2, 2, true
	}
	if size, _ := rvSize(m); size > 0 {
		return 2, 2, true
	}
	return 0, 0, false
}

// branch folds a compare of static values, and emits one of loaded
// values. herd7's RISCV (and the checker's) has no unsigned branch: BLTU
// and BGEU of loaded values are emitted as the signed branch where
// neither operand can be negative (a zero-extended word, as Go's unsigned
// word compares make), and refused otherwise.
func (c *rvCtx) branch(m, cond string, ops []asmOp) error {
	t := ops[len(ops)-1]
	if t.kind != 't' {
		return fmt.Errorf("a branch to %v", t)
	}
	a, b := ops[0], asmOp{kind: 'r', reg: "X0"}
	if len(ops) == 3 {
		b = ops[1]
	}
	if swapped, ok := strings.CutSuffix(cond, "/"); ok {
		// BLEZ r is 0 >= r; BGTZ r is 0 < r.
		a, b, cond = b, a, swapped
	}
	av, bv := c.value(a), c.value(b)
	if av.static() && bv.static() {
		f, ok := compareStatic(av, bv, 8)
		if !ok {
			return fmt.Errorf("compare of %s and %s", av, bv)
		}
		if condHolds(cond, f) {
			c.s.pc = uint64(t.imm)
		}
		return nil
	}
	if av.kind == vPtr || bv.kind == vPtr || av.kind == vRet || bv.kind == vRet {
		if !ptrEquality(cond, av, bv) {
			return fmt.Errorf("compare of %s and %s", av, bv)
		}
	}
	if (cond == "LO" || cond == "HS") && notNegative(av) && notNegative(bv) {
		cond = map[string]string{"LO": "LT", "HS": "GE"}[cond]
	}
	op := map[string]string{"EQ": "beq", "NE": "bne", "LT": "blt", "GE": "bge"}[cond]
	if op == "" {
		return fmt.Errorf("%s of a value that may be negative, which herd7's RISCV cannot branch on", m)
	}
	at, bt := c.operand(a, "t1"), c.operand(b, "t2")
	to := c.s.clone()
	to.pc = uint64(t.imm)
	c.x.emit("%s %s,%s,%s", op, at, bt, c.x.label(to))
	return nil
}

// call follows a call of a symbol, or of the function whose entry a
// register holds, with the return address in link.
func (c *rvCtx) call(link string, o asmOp, ret uint64) (bool, error) {
	r := ""
	if o.kind == 'r' {
		r = o.reg
	}
	return c.x.linkedCall(c.s, link, o.sym, r, c.get(r), ret)
}

// addr resolves a memory operand.
func (c *rvCtx) addr(o asmOp) (val, error) {
	return c.x.address(o.reg, c.get(o.reg), o.imm)
}

var rvLoadOp = map[string]string{"MOV": "ld", "MOVW": "lw", "MOVWU": "lwu", "MOVH": "lh", "MOVHU": "lhu", "MOVB": "lb", "MOVBU": "lbu"}

var rvStoreOp = map[int64]string{1: "sb", 2: "sh", 4: "sw", 8: "sd"}

func (c *rvCtx) mov(m string, ops []asmOp) error {
	src, dst := ops[0], ops[1]
	size, signed := rvSize(m)
	switch {
	case src.kind == 'i' && dst.kind == 'r':
		c.set(dst.reg, konst(src.imm), "")
		return nil
	case src.kind == 'r' && dst.kind == 'r':
		return c.extend(dst.reg, src.reg, size, signed)
	case src.kind == 'm' && dst.kind == 'r':
		a, err := c.addr(src)
		if err != nil {
			return err
		}
		d := dst.reg
		if d == "X0" {
			// The compiler's nil check loads a byte into X0.
			c.x.note("nil checks (MOVB (Xn), X0) are not modelled: the pointers are not nil")
			return nil
		}
		v, err := c.x.load(c.s, a, size, d, func(loc string) []string {
			return []string{fmt.Sprintf("%s %s,0(%s)", rvLoadOp[m], reg(d, false), reg(addrReg(loc), false))}
		})
		if err != nil {
			return err
		}
		if a.isStack() && v.kind == vDyn && size < 8 {
			// A slot's value moved into d keeps its upper bits: the load's
			// extension is redone.
			c.s.regs[d] = dyn()
			return c.extend(d, d, size, signed)
		}
		if v.kind == vConst && signed {
			v = konst(signExtend(v.n, size))
		}
		if v.kind == vDyn && !signed && size < 8 {
			v = nonneg()
		}
		c.s.regs[d] = v
		return nil
	case dst.kind == 'm':
		a, err := c.addr(dst)
		if err != nil {
			return err
		}
		v := c.value(src)
		return c.x.store(c.s, a, size, v, src.reg, func(loc, r string) []string {
			return []string{fmt.Sprintf("%s %s,0(%s)", rvStoreOp[size], reg(r, false), reg(addrReg(loc), false))}
		})
	}
	return fmt.Errorf("%s form", m)
}

// extend copies src into dst as a MOV of size bytes between registers
// does: MOV whole, MOVW sign-extending (addiw), MOVWU and MOVHU
// zero-extending (a shift left and back), MOVBU too (andi). herd7 has no
// srai: MOVH and MOVB of a loaded value are refused.
func (c *rvCtx) extend(dst, src string, size int64, signed bool) error {
	v := c.get(src)
	if v.kind == vConst {
		n := truncate(v, int(size)).n
		if signed {
			n = signExtend(v.n, size)
		}
		c.set(dst, konst(n), "")
		return nil
	}
	if v.kind != vDyn || size == 8 {
		c.set(dst, v, src)
		return nil
	}
	d, sr := reg(dst, false), reg(src, false)
	switch {
	case size == 4 && signed:
		c.x.emit("addiw %s,%s,0", d, sr)
	case size == 1 && !signed:
		c.x.emit("andi %s,%s,255", d, sr)
	case !signed:
		c.x.emit("slli %s,%s,%d", d, sr, 64-8*size)
		c.x.emit("srli %s,%s,%d", d, d, 64-8*size)
	default:
		return fmt.Errorf("a %d-byte sign extension of a loaded value", size)
	}
	c.s.regs[dst] = dyn()
	if !signed {
		c.s.regs[dst] = nonneg()
	}
	return nil
}

// rvALU names the operations: the static one, the litmus mnemonic of the
// register form and of the immediate form ("" where herd7 has none).
var rvALU = map[string]struct {
	op       string
	reg, imm string
	w32      bool
}{
	"ADD": {"ADD", "add", "addi", false}, "ADDI": {"ADD", "add", "addi", false},
	"ADDW": {"ADD", "addw", "addiw", true}, "ADDIW": {"ADD", "addw", "addiw", true},
	"SUB": {"SUB", "sub", "", false}, "SUBW": {"SUB", "subw", "", true},
	"AND": {"AND", "and", "andi", false}, "ANDI": {"AND", "and", "andi", false},
	"OR": {"OR", "or", "ori", false}, "ORI": {"OR", "or", "ori", false},
	"XOR": {"XOR", "xor", "xori", false}, "XORI": {"XOR", "xor", "xori", false},
	"SLL": {"SHL", "sll", "slli", false}, "SLLI": {"SHL", "sll", "slli", false},
	"SRL": {"SHR", "", "srli", false}, "SRLI": {"SHR", "", "srli", false},
	"MUL": {"MUL", "", "", false}, "NEG": {"SUB", "sub", "", false}, "NEGW": {"SUB", "subw", "", true},
}

// alu: Go's OP a, b, d is d = b OP a (SUB: d = b - a, with the immediate
// or rs2 first); OP a, d is d = d OP a; NEG a, d is d = 0 - a.
func (c *rvCtx) alu(m string, ops []asmOp) error {
	op := rvALU[m]
	a, b, d := ops[0], ops[1], ops[len(ops)-1]
	if strings.HasPrefix(m, "NEG") {
		b = asmOp{kind: 'r', reg: "X0"}
	}
	// Now d = b OP a.
	av, bv := c.value(a), c.value(b)
	if av.static() && bv.static() {
		var r val
		var ok bool
		if op.op == "MUL" {
			r, ok = konst(av.n*bv.n), av.kind == vConst && bv.kind == vConst
		} else if r, ok = staticALU(op.op, bv, av, false); ok && op.w32 && r.kind == vConst {
			r = konst(int64(int32(r.n)))
		}
		if !ok {
			return fmt.Errorf("%s of %s and %s", m, bv, av)
		}
		c.set(d.reg, r, "")
		return nil
	}
	if (op.op == "ADD" || op.op == "OR" || op.op == "XOR") && !op.w32 && (av == konst(0) || bv == konst(0)) {
		// A move: MV is ADDI $0, and the compiler's also ADD with X0.
		if av == konst(0) {
			c.set(d.reg, bv, b.reg)
		} else {
			c.set(d.reg, av, a.reg)
		}
		return nil
	}
	if av.kind == vPtr || bv.kind == vPtr {
		return fmt.Errorf("%s of a loaded value and an address", m)
	}
	switch {
	case op.imm != "" && av.kind == vConst && bv.kind == vDyn && av.n >= -2048 && av.n < 2048:
		c.x.emit("%s %s,%s,%d", op.imm, reg(d.reg, false), reg(b.reg, false), av.n)
	case op.reg != "":
		c.x.emit("%s %s,%s,%s", op.reg, reg(d.reg, false), c.operand(b, "t1"), c.operand(a, "t2"))
	default:
		return fmt.Errorf("%s of a loaded value", m)
	}
	c.s.regs[d.reg] = dyn()
	if op.op == "SHR" && av.kind == vConst && av.n > 0 || op.op == "AND" && notNegative(av) {
		c.s.regs[d.reg] = nonneg()
	}
	return nil
}

// setZero: SEQZ a, d is d = (a == 0), SNEZ d = (a != 0). herd7's RISCV
// has no sltu, so a loaded value's is computed by data: (a | -a) >> 63 is
// 1 exactly when a is not 0.
func (c *rvCtx) setZero(m string, ops []asmOp) error {
	a, d := ops[0], ops[1]
	v := c.value(a)
	if v.static() {
		f, ok := compareStatic(v, konst(0), 8)
		if !ok {
			return fmt.Errorf("%s of %s", m, v)
		}
		c.set(d.reg, konst(map[bool]int64{true: 1}[condHolds(map[string]string{"SEQZ": "EQ", "SNEZ": "NE"}[m], f)]), "")
		return nil
	}
	t3, dt := reg("t3", false), reg(d.reg, false)
	c.x.emit("sub %s,x0,%s", t3, reg(a.reg, false))
	c.x.emit("or %s,%s,%s", t3, t3, reg(a.reg, false))
	if m == "SNEZ" {
		c.x.emit("srli %s,%s,63", dt, t3)
	} else {
		c.x.emit("srli %s,%s,63", t3, t3)
		c.x.emit("xori %s,%s,1", dt, t3)
	}
	c.s.regs[d.reg] = nonneg()
	return nil
}

// setLess: SLT a, b, d is d = (b < a), signed; SLTU unsigned, emitted as
// slt where neither operand can be negative (see branch).
func (c *rvCtx) setLess(m string, ops []asmOp) error {
	a, b, d := ops[0], ops[1], ops[2]
	av, bv := c.value(a), c.value(b)
	if av.static() && bv.static() {
		f, ok := compareStatic(bv, av, 8)
		if !ok {
			return fmt.Errorf("%s of %s and %s", m, bv, av)
		}
		cond := map[string]string{"SLT": "LT", "SLTU": "LO"}[m]
		c.set(d.reg, konst(map[bool]int64{true: 1}[condHolds(cond, f)]), "")
		return nil
	}
	if m == "SLTU" && !(notNegative(av) && notNegative(bv)) || av.kind == vPtr || bv.kind == vPtr {
		return fmt.Errorf("%s of a loaded value", m)
	}
	c.x.emit("slt %s,%s,%s", reg(d.reg, false), c.operand(b, "t1"), c.operand(a, "t2"))
	c.s.regs[d.reg] = nonneg()
	return nil
}

// fence: FENCE pred,succ as herd7 writes it, FENCE.TSO; PAUSE (FENCE
// W,0 as a spin-loop hint) orders nothing that the model sees.
func (c *rvCtx) fence(m, sets string) error {
	switch {
	case m == "FENCE.TSO":
		c.x.emit("fence.tso")
	case m == "PAUSE":
		c.x.note("PAUSE, a spin-wait hint (FENCE W,0), orders nothing: not emitted")
	default:
		pred, succ, ok := strings.Cut(sets, ",")
		pred, succ = strings.TrimSpace(pred), strings.TrimSpace(succ)
		if m != "FENCE" || !ok || !rvFenceSet(pred) || !rvFenceSet(succ) {
			// objdump's FENCE without its sets is one internal/disasm did not decode.
			return fmt.Errorf("%s %s: only R, W and RW sets are modelled", m, sets)
		}
		c.x.emit("fence %s,%s", strings.ToLower(pred), strings.ToLower(succ))
	}
	return nil
}

// rvFenceSet reports whether s is a set of a FENCE that herd7's RISCV has:
// R, W or RW (no device I/O).
func rvFenceSet(s string) bool { return s == "R" || s == "W" || s == "RW" }

// rvAtomic splits LR.W.AQ into its size, 4 or 8, and herd7's suffix of
// its ordering bits.
func rvAtomic(m string) (base string, size int64, suffix string, err error) {
	parts := strings.Split(m, ".")
	if len(parts) < 2 || (parts[1] != "W" && parts[1] != "D") {
		return "", 0, "", fmt.Errorf("%s form", m)
	}
	size = 4
	if parts[1] == "D" {
		size = 8
	}
	if len(parts) == 3 {
		suffix = map[string]string{"AQ": ".aq", "RL": ".rl", "AQRL": ".aq.rl"}[parts[2]]
		if suffix == "" {
			return "", 0, "", fmt.Errorf("%s ordering", m)
		}
	}
	return strings.ToLower(parts[0]), size, suffix, nil
}

// rmw resolves the location of an LR, SC or AMO and returns its litmus
// size letter.
func (c *rvCtx) rmw(o asmOp, size int64) (string, error) {
	if o.kind != 'm' || o.imm != 0 {
		return "", fmt.Errorf("an atomic's address %v", o)
	}
	a, err := c.addr(o)
	if err != nil {
		return "", err
	}
	return c.x.rmwLoc(a, size)
}

// lr: LR.W (Xa), Xd. Go's sync/atomic loads are LR.AQ alone: a location
// that no thread writes is folded as a load of it is.
func (c *rvCtx) lr(m string, ops []asmOp) error {
	base, size, suffix, err := rvAtomic(m)
	if err != nil {
		return err
	}
	if ops[0].kind != 'm' || ops[0].imm != 0 {
		return fmt.Errorf("an atomic's address %v", ops[0])
	}
	a, err := c.addr(ops[0])
	if err != nil {
		return err
	}
	if a.isStack() {
		return fmt.Errorf("LR of a stack slot")
	}
	d := ops[1].reg
	v, err := c.x.load(c.s, a, size, d, func(loc string) []string {
		return append([]string{fmt.Sprintf("%s.%s%s %s,0(%s)", base, rvWidth(size), suffix, reg(d, false), reg(addrReg(loc), false))},
			signExtendWord(d, size)...)
	})
	if err != nil {
		return err
	}
	if v.kind == vConst && size == 4 {
		v = konst(signExtend(v.n, size))
	}
	c.set(d, v, d)
	if v.kind != vDyn && suffix != "" {
		c.x.note("acquire loads of locations no thread writes are folded, which drops their ordering (a weaker model, never a stronger one)")
	}
	return nil
}

// sc: SC.W Xs, (Xa), Xd; Xd is 0 when it stored.
func (c *rvCtx) sc(m string, ops []asmOp) error {
	base, size, suffix, err := rvAtomic(m)
	if err != nil {
		return err
	}
	loc, err := c.rmw(ops[1], size)
	if err != nil {
		return err
	}
	src := c.operand(ops[0], "t1")
	d := ops[2].reg
	c.x.emit("%s.%s%s %s,%s,0(%s)", base, rvWidth(size), suffix, c.dest(d), src, reg(addrReg(loc), false))
	return nil
}

// amo: AMOADD.W Xs, (Xa), Xd; Xd gets the old value.
func (c *rvCtx) amo(m string, ops []asmOp) error {
	base, size, suffix, err := rvAtomic(m)
	if err != nil {
		return err
	}
	if base != "amoadd" && base != "amoswap" && base != "amoand" && base != "amoor" && base != "amoxor" {
		return fmt.Errorf("%s, which herd7's RISCV does not execute", m)
	}
	loc, err := c.rmw(ops[1], size)
	if err != nil {
		return err
	}
	src := c.operand(ops[0], "t1")
	c.x.emit("%s.%s%s %s,%s,(%s)", base, rvWidth(size), suffix, c.dest(ops[2].reg), src, reg(addrReg(loc), false))
	if ops[2].reg != "X0" {
		c.x.lines = append(c.x.lines, signExtendWord(ops[2].reg, size)...)
	}
	return nil
}

// signExtendWord sign-extends the word that an LR.W or AMO*.W loaded
// into the register of key, as the machine does: herd7 and the checker
// give it the location's value unchanged, and a plain store of a negative
// word leaves its low 32 bits there.
func signExtendWord(key string, size int64) []string {
	if size != 4 {
		return nil
	}
	return []string{fmt.Sprintf("addiw %s,%s,0", reg(key, false), reg(key, false))}
}

// dest is the litmus text of a destination register, which then holds a
// loaded value; X0 discards it.
func (c *rvCtx) dest(r string) string {
	if r == "X0" {
		return "x0"
	}
	c.s.regs[r] = dyn()
	return reg(r, false)
}

func rvWidth(size int64) string { return map[int64]string{4: "w", 8: "d"}[size] }
