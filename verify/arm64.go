package verify

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// arm64 interprets go tool objdump's arm64 listing (the LSE words decoded
// by internal/disasm) and emits herd's AArch64 syntax. Registers keep
// their numbers (R3 is X3/W3); every location is reached through an
// address register that the initial state sets, so the dependencies the
// model sees are those of the code's own registers.
type arm64 struct{}

func (arm64) litmusArch() string       { return "AArch64" }
func (arm64) model() string            { return "aarch64" }
func (arm64) resultReg() string        { return "R0" }
func (arm64) jump(label string) string { return "B " + label }
func (arm64) condJump(x *xthread, _ flagsVal, cond, label string) {
	x.emit("B.%s %s", herdCond(cond), label)
}

func (arm64) jumpIfEqual(x *xthread, key string, n int64, label string) {
	x.materialize("t2", konst(n), false)
	x.emit("CMP %s,%s", reg(key, false), reg("t2", false))
	x.emit("B.EQ %s", label)
}

// herdCond names a condition as herd7's AArch64 does, which knows LO and HS
// only as CC and CS.
func herdCond(cond string) string {
	switch cond {
	case "LO":
		return "CC"
	case "HS":
		return "CS"
	}
	return cond
}

func (arm64) enter(s *state, args []val) {
	for i, a := range args {
		s.regs["R"+strconv.Itoa(i)] = a
	}
	s.regs["RSP"] = ptr("stack", 0)
	s.regs["R28"] = ptr("g", 0)
	s.regs["R29"] = konst(0)
	s.regs["R30"] = val{kind: vRet, obj: "entry"}
}

func (arm64) movImm(key string, n int64, w32 bool) string {
	return fmt.Sprintf("MOV %s,#%d", reg(key, w32), n)
}

func (arm64) movReg(dst, src string, w32 bool) string {
	return fmt.Sprintf("MOV %s,%s", reg(dst, w32), reg(src, w32))
}

func (arm64) identity(key string) (string, bool) {
	if n, err := strconv.Atoi(strings.TrimPrefix(key, "R")); err == nil && strings.HasPrefix(key, "R") && n <= 30 {
		return "X" + strconv.Itoa(n), true
	}
	return "", false
}

func (arm64) pool() []string {
	var out []string
	for n := 30; n >= 0; n-- {
		out = append(out, "X"+strconv.Itoa(n))
	}
	return out
}

func (arm64) regText(name string, w32 bool) string {
	if w32 {
		return "W" + strings.TrimPrefix(name, "X")
	}
	return name
}

// armOp is an operand of go tool objdump's arm64 syntax.
type armOp struct {
	kind byte // 'r' register, 'i' immediate, 'm' memory, 'p' PC-relative, 's' symbol, 'c' condition, 'q' register pair
	reg  string
	reg2 string
	imm  int64
	sym  string
}

func parseArmOp(s string) (armOp, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "$("):
		// $(16383<<48)
		inner := strings.TrimSuffix(strings.TrimPrefix(s, "$("), ")")
		a, b, ok := strings.Cut(inner, "<<")
		x, err1 := parseInt(a)
		y, err2 := parseInt(b)
		if !ok || err1 != nil || err2 != nil {
			return armOp{}, fmt.Errorf("immediate %q", s)
		}
		return armOp{kind: 'i', imm: x << y, reg2: strconv.FormatInt(y, 10)}, nil
	case strings.HasPrefix(s, "$"):
		n, err := parseInt(s[1:])
		return armOp{kind: 'i', imm: n}, err
	case strings.HasSuffix(s, "(SB)"):
		return armOp{kind: 's', sym: strings.TrimSuffix(s, "(SB)")}, nil
	case strings.HasSuffix(s, "(PC)"):
		n, err := parseInt(strings.TrimSuffix(s, "(PC)"))
		return armOp{kind: 'p', imm: n}, err
	case strings.HasPrefix(s, "("):
		a, b, ok := strings.Cut(strings.Trim(s, "()"), ",")
		if ok {
			return armOp{kind: 'q', reg: strings.TrimSpace(a), reg2: strings.TrimSpace(b)}, nil
		}
		return armOp{kind: 'm', reg: a}, nil
	case strings.HasSuffix(s, ")"):
		i := strings.IndexByte(s, '(')
		n, err := parseInt(s[:i])
		return armOp{kind: 'm', reg: s[i+1 : len(s)-1], imm: n}, err
	}
	if validCond(s) {
		return armOp{kind: 'c', sym: s}, nil
	}
	return armOp{kind: 'r', reg: s}, nil
}

func validCond(s string) bool {
	switch s {
	case "EQ", "NE", "HS", "LO", "CS", "CC", "MI", "PL", "VS", "VC", "HI", "LS", "GE", "LT", "GT", "LE":
		return true
	}
	return false
}

// armCtx carries one instruction's interpretation.
type armCtx struct {
	x  *xthread
	s  *state
	in disasm.Inst
}

func (c *armCtx) get(r string) val {
	if r == "ZR" {
		return konst(0)
	}
	return c.s.regs[r]
}

// set writes v (held by key src when dynamic) to register r.
func (c *armCtx) set(r string, v val, src string, w32 bool) {
	if r == "ZR" {
		return
	}
	if v.kind == vDyn {
		c.x.emitMove(r, src, w32)
	} else if w32 {
		v = truncate(v, 4)
	}
	c.s.regs[r] = v
}

// addr resolves a base register plus offset; a large constant base is an
// absolute address (ADRP), named by the symbol that holds it.
func (c *armCtx) addr(base string, off int64) (val, error) {
	base, off, err := c.indexed(base, off)
	if err != nil {
		return val{}, err
	}
	return c.x.address(base, c.get(base), off)
}

// addrReg is the key of the register that holds the address of loc.
func addrReg(loc string) string { return "@" + loc }

func armSize(m string) (int64, bool) {
	switch {
	case strings.HasSuffix(m, "D"):
		return 8, false
	case strings.HasSuffix(m, "WU"), strings.HasSuffix(m, "W"):
		return 4, strings.HasSuffix(m, "W") && !strings.HasSuffix(m, "WU") && strings.HasPrefix(m, "MOVW")
	case strings.HasSuffix(m, "HU"), strings.HasSuffix(m, "H"):
		return 2, m == "MOVH"
	case strings.HasSuffix(m, "BU"), strings.HasSuffix(m, "B"):
		return 1, m == "MOVB"
	}
	return 8, false
}

var armBarriers = map[string]string{"DMB $9": "DMB ISHLD", "DMB $10": "DMB ISHST", "DMB $11": "DMB ISH",
	"DMB $0x9": "DMB ISHLD", "DMB $0xa": "DMB ISHST", "DMB $0xb": "DMB ISH",
	"DSB $13": "DSB LD", "DSB $14": "DSB ST", "DSB $15": "DSB SY"}

var armBranch = map[string]string{"BEQ": "EQ", "BNE": "NE", "BLT": "LT", "BGE": "GE", "BLE": "LE", "BGT": "GT",
	"BLO": "LO", "BCC": "LO", "BHS": "HS", "BCS": "HS", "BHI": "HI", "BLS": "LS", "BMI": "MI", "BPL": "PL",
	"BVS": "VS", "BVC": "VC"}

func (arm64) operands(m string) (lo, hi int, ok bool) {
	if _, ok := armBranch[m]; ok {
		return 1, 1, true
	}
	switch m {
	case "NOOP", "NOP", "RET":
		return 0, 0, true
	case "PCALIGN", "JMP", "CALL", "DMB", "DSB":
		return 1, 1, true
	case "CBZ", "CBNZ", "CBZW", "CBNZW", "ADRP", "STP", "LDP", "STPW", "LDPW",
		"CMP", "CMPW", "CMN", "CMNW", "TST", "TSTW", "CSET", "CSETW",
		"LDARW", "LDAR", "LDXRW", "LDXR", "LDAXRW", "LDAXR", "LDAPRW", "LDAPRD", "STLRW", "STLR":
		return 2, 2, true
	case "TBZ", "TBNZ", "STXRW", "STXR", "STLXRW", "STLXR":
		return 3, 3, true
	case "CSEL", "CSELW", "CSINC", "CSINCW":
		return 4, 4, true
	}
	switch {
	case strings.HasPrefix(m, "CAS") || strings.HasPrefix(m, "LDADD") || strings.HasPrefix(m, "SWP") ||
		strings.HasPrefix(m, "LDCLR") || strings.HasPrefix(m, "LDOR") || strings.HasPrefix(m, "LDEOR"):
		return 3, 3, true
	case strings.HasPrefix(m, "MOV"):
		return 2, 2, true
	}
	base, _ := armBase(m)
	switch base {
	case "SXTW", "UXTW", "NEG", "MVN":
		return 2, 2, true
	case "LSL", "LSR", "ASR":
		return 3, 3, true
	case "UBFX":
		return 4, 4, true
	}
	if armALU[base] != "" {
		return 2, 3, true // ADD a, b, d; ADD a, b is ADD a, b, b
	}
	return 0, 0, false
}

// armBase is a mnemonic of alu less the W of its 32-bit form, and w
// whether it had one: ADD of ADDW; SXTW and UXTW are their own.
func armBase(m string) (base string, w bool) {
	if m == "SXTW" || m == "UXTW" {
		return m, false
	}
	base, w = strings.CutSuffix(m, "W")
	return base, w
}

func (arm64) step(x *xthread, s *state, f *disasm.Func, i int) (bool, error) {
	in := f.Insts[i]
	c := &armCtx{x: x, s: s, in: in}
	if b, ok := armBarriers[in.Text]; ok {
		x.emit("%s", b)
		s.pc, _ = next(f, i)
		return false, nil
	}
	m, rest, _ := strings.Cut(in.Text, " ")
	var ops []armOp
	for _, o := range splitOps(rest) {
		op, err := parseArmOp(o)
		if err != nil {
			return false, err
		}
		ops = append(ops, op)
	}
	nextPC, err := next(f, i)
	if err != nil && m != "RET" && m != "JMP" && m != "CALL" {
		return false, err
	}
	s.pc = nextPC
	target := func(o armOp) uint64 { return uint64(int64(in.PC) + 4*o.imm) }
	if cond, ok := armBranch[m]; ok {
		return condBranch(x, s, cond, target(ops[0]))
	}
	switch m {
	case "NOOP", "NOP", "PCALIGN":
		return false, nil
	case "RET":
		return x.ret(s, c.get("R30"))
	case "JMP", "CALL":
		o := ops[0]
		if o.kind == 'p' {
			s.pc = target(o)
			return false, nil
		}
		sym := o.sym
		if o.kind == 'm' && o.imm == 0 {
			o.kind = 'r' // CALL (R1), JMP (R1): through a register
		}
		if o.kind == 'r' {
			if sym, err = calledSym(o.reg, c.get(o.reg)); err != nil {
				return false, err
			}
		}
		if sym == "" {
			return false, fmt.Errorf("%s target %s", m, rest)
		}
		if m == "CALL" {
			s.regs["R30"] = retTo(nextPC)
		}
		stop, enter := x.call(s, sym)
		if stop {
			return true, nil
		}
		if enter == 0 {
			if m == "JMP" {
				return false, fmt.Errorf("a tail call of %s", sym)
			}
			return false, nil
		}
		s.pc = enter
		return false, nil
	case "CBZ", "CBNZ", "CBZW", "CBNZW":
		w := strings.HasSuffix(m, "W")
		v := c.get(ops[0].reg)
		t := target(ops[1])
		if v.static() {
			if (v.kind == vConst && truncate(v, int(accessSize(w))).n == 0) == strings.HasPrefix(m, "CBZ") {
				s.pc = t
				return false, nil
			}
			return false, nil
		}
		if v.kind != vDyn {
			return false, fmt.Errorf("%s of %s", m, v)
		}
		op := strings.TrimSuffix(m, "W")
		c.dynBranch(t, func(l string) string { return fmt.Sprintf("%s %s,%s", op, reg(ops[0].reg, w), l) })
		return false, nil
	case "TBZ", "TBNZ":
		v := c.get(ops[1].reg)
		t := target(ops[2])
		bit := ops[0].imm
		if v.kind == vConst {
			if (v.n>>bit&1 == 0) == (m == "TBZ") {
				s.pc = t
				return false, nil
			}
			return false, nil
		}
		if v.kind != vDyn {
			return false, fmt.Errorf("bit test of %s", v)
		}
		w := bit < 32
		x.emit("AND %s,%s,#%d", reg("t3", w), reg(ops[1].reg, w), int64(1)<<bit)
		op := map[string]string{"TBZ": "CBZ", "TBNZ": "CBNZ"}[m]
		c.dynBranch(t, func(l string) string { return fmt.Sprintf("%s %s,%s", op, reg("t3", w), l) })
		return false, nil
	case "ADRP":
		s.regs[ops[1].reg] = konst(int64(in.PC&^0xfff) + ops[0].imm)
		return false, nil
	case "STP", "LDP", "STPW", "LDPW":
		return false, c.pair(m, ops)
	case "CMP", "CMPW", "CMN", "CMNW", "TST", "TSTW":
		return false, c.cmp(m, ops)
	case "CSEL", "CSELW", "CSET", "CSETW", "CSINC", "CSINCW":
		return false, c.csel(m, ops)
	case "LDARW", "LDAR", "LDXRW", "LDXR", "LDAXRW", "LDAXR", "LDAPRW", "LDAPRD":
		return false, c.loadOrdered(m, ops)
	case "STLRW", "STLR":
		return false, c.storeRelease(m, ops)
	case "STXRW", "STXR", "STLXRW", "STLXR":
		return false, c.storeEx(m, ops)
	}
	if strings.HasPrefix(m, "CAS") || strings.HasPrefix(m, "LDADD") || strings.HasPrefix(m, "SWP") ||
		strings.HasPrefix(m, "LDCLR") || strings.HasPrefix(m, "LDOR") || strings.HasPrefix(m, "LDEOR") {
		return false, c.amo(m, ops)
	}
	if strings.HasPrefix(m, "MOV") && m != "MOVK" {
		return false, c.mov(m, ops)
	}
	return false, c.alu(m, ops)
}

// dynBranch emits a branch on a dynamic register to the code of the state
// at target; line makes the branch for a label.
func (c *armCtx) dynBranch(target uint64, line func(label string) string) {
	t := c.s.clone()
	t.pc = target
	c.x.emit("%s", line(c.x.label(t)))
}

func (c *armCtx) mov(m string, ops []armOp) error {
	src, dst := ops[0], ops[1]
	size, signed := armSize(strings.TrimSuffix(strings.TrimSuffix(m, ".W"), ".P"))
	w := size <= 4
	switch {
	case src.kind == 'i':
		c.set(dst.reg, konst(src.imm), "", m == "MOVW")
		return nil
	case src.kind == 'r' && dst.kind == 'r':
		c.extend(size, signed, src.reg, dst.reg)
		return nil
	case src.kind == 'm' && dst.kind == 'r':
		a, post, err := c.prePost(m, src)
		if err != nil {
			return err
		}
		if dst.reg == "R27" || dst.reg == "ZR" {
			// The compiler's nil check loads into the scratch register.
			c.x.note("nil checks (MOVB (Rn), R27) are not modelled: the pointers are not nil")
			post()
			if dst.reg == "R27" {
				c.s.regs["R27"] = val{}
			}
			return nil
		}
		v, err := c.x.load(c.s, a, size, dst.reg, func(loc string) []string {
			return []string{fmt.Sprintf("LDR %s,[%s]", reg(dst.reg, w), reg(addrReg(loc), false))}
		})
		if err != nil {
			return err
		}
		if v.kind == vDyn {
			c.x.emitMove(dst.reg, dst.reg, w) // loaded straight into dst, or moved from its slot
			if signed || size < 4 {
				// The LDR reads the whole location or slot; the machine's
				// load its low byte or halfword, or a word sign-extended.
				c.extendDyn(size, signed, dst.reg, dst.reg)
			}
			if _, ok := v.ptrLoc(); !ok || size < 8 {
				v = dyn()
			}
		} else if signed {
			v = signExtendConst(v, size)
		}
		c.s.regs[dst.reg] = v
		post()
		return nil
	case src.kind == 'r' && dst.kind == 'm':
		a, post, err := c.prePost(m, dst)
		if err != nil {
			return err
		}
		v := c.get(src.reg)
		err = c.x.store(c.s, a, size, v, src.reg, func(loc, r string) []string {
			return []string{fmt.Sprintf("STR %s,[%s]", reg(r, w), reg(addrReg(loc), false))}
		})
		post()
		return err
	}
	return fmt.Errorf("MOV form")
}

// extend sets dst to the low size bytes of src, sign-extended where
// signed, as Go's MOVB, MOVH, MOVW (SXTB, SXTH, SXTW), MOVBU, MOVHU,
// MOVWU (UXTB, UXTH, a 32-bit MOV) and MOVD between registers do.
func (c *armCtx) extend(size int64, signed bool, src, dst string) {
	v := c.get(src)
	if v.kind != vDyn {
		if v.kind == vConst {
			v = truncate(v, int(size))
			if signed {
				v = signExtendConst(v, size)
			}
		}
		c.set(dst, v, src, false)
		return
	}
	c.extendDyn(size, signed, src, dst)
	c.s.regs[dst] = dyn()
	if size == 8 {
		c.s.regs[dst] = v // MOVD copies what is known of the value too
	}
}

// extendDyn writes the litmus code of extend for a dynamic src: herd7
// has SXTW, and SBFM for the narrower sign extensions; AND with a mask
// zero-extends, as a 32-bit MOV does a word.
func (c *armCtx) extendDyn(size int64, signed bool, src, dst string) {
	switch {
	case size == 8:
		c.x.emitMove(dst, src, false)
	case size == 4 && signed:
		c.x.emit("SXTW %s,%s", reg(dst, false), reg(src, true))
	case size == 4:
		c.x.emitMove(dst, src, true)
	case signed:
		c.x.emit("SBFM %s,%s,#0,#%d", reg(dst, false), reg(src, false), 8*size-1)
	default:
		c.x.emit("AND %s,%s,#%d", reg(dst, true), reg(src, true), int64(1)<<(8*size)-1)
	}
}

// prePost is the address of a MOV's memory operand mem: with a .W suffix
// (pre-index) the base register moves first and is the address; with .P
// (post-index) the base is the address and post moves it afterwards.
func (c *armCtx) prePost(m string, mem armOp) (a val, post func(), err error) {
	off := mem.imm
	post = func() {}
	switch {
	case strings.HasSuffix(m, ".W"):
		c.s.regs[mem.reg] = c.get(mem.reg).add(off)
		off = 0
	case strings.HasSuffix(m, ".P"):
		off = 0
		post = func() { c.s.regs[mem.reg] = c.get(mem.reg).add(mem.imm) }
	}
	a, err = c.addr(mem.reg, off)
	return a, post, err
}

func (c *armCtx) pair(m string, ops []armOp) error {
	q, mo := ops[0], ops[1]
	if strings.HasPrefix(m, "LDP") {
		q, mo = ops[1], ops[0]
	}
	size := int64(8)
	if strings.HasSuffix(m, "W") {
		size = 4
	}
	a, err := c.addr(mo.reg, mo.imm)
	if err != nil {
		return err
	}
	if !a.isStack() {
		// Two single accesses, as the litmus syntax has no pair.
		for k, r := range []string{q.reg, q.reg2} {
			ak := a.add(size * int64(k))
			w := size == 4
			if strings.HasPrefix(m, "STP") {
				if err := c.x.store(c.s, ak, size, c.get(r), r, func(loc, src string) []string {
					return []string{fmt.Sprintf("STR %s,[%s]", reg(src, w), reg(addrReg(loc), false))}
				}); err != nil {
					return err
				}
				continue
			}
			v, err := c.x.load(c.s, ak, size, r, func(loc string) []string {
				return []string{fmt.Sprintf("LDR %s,[%s]", reg(r, w), reg(addrReg(loc), false))}
			})
			if err != nil {
				return err
			}
			c.s.regs[r] = v
		}
		return nil
	}
	for k, r := range []string{q.reg, q.reg2} {
		if strings.HasPrefix(m, "STP") {
			c.x.storeSlot(c.s, a.n+size*int64(k), size, c.get(r), r, size == 4)
		} else {
			v, key := c.x.loadSlot(c.s, a.n+size*int64(k), size)
			c.set(r, v, key, size == 4)
		}
	}
	return nil
}

// operandText returns the litmus text of a source: a register, or an
// immediate for a constant.
func (c *armCtx) operandText(o armOp, w bool) string {
	v := konst(o.imm)
	if o.kind == 'r' {
		v = c.get(o.reg)
	}
	switch v.kind {
	case vDyn:
		return reg(o.reg, w)
	case vConst:
		return fmt.Sprintf("#%d", v.n)
	}
	return fmt.Sprintf("#%d", c.x.tag(v))
}

// cmp: Go's CMP a, b sets the flags of b - a; TST a, b those of b & a.
func (c *armCtx) cmp(m string, ops []armOp) error {
	w := strings.HasSuffix(m, "W")
	a, b := ops[0], ops[1]
	a, av, err := c.source(a)
	if err != nil {
		return err
	}
	bv := c.get(b.reg)
	if strings.HasPrefix(m, "CMN") {
		if av.kind != vConst {
			return fmt.Errorf("CMN of a register")
		}
		if av.n == 0 {
			// b + 0 never carries, where b - 0 never borrows: no compare
			// sets the carry of CMN $0.
			return fmt.Errorf("CMN of 0")
		}
		av = konst(-av.n)
		a = armOp{kind: 'i', imm: -a.imm}
	}
	if strings.HasPrefix(m, "TST") {
		if av.static() && bv.static() {
			if av.kind != vConst || bv.kind != vConst {
				return fmt.Errorf("TST of %s and %s", av, bv)
			}
			c.s.fl = flagsVal{kind: fStatic, nzcv: compareConsts(av.n&bv.n, 0, accessSize(w))}
			return nil
		}
		if bv.kind != vDyn {
			a, b, av, bv = b, a, bv, av
		}
		at := c.operandText(a, w)
		c.x.emit("AND %s,%s,%s", reg("t3", w), reg(b.reg, w), at)
		c.x.emit("CMP %s,#0", reg("t3", w))
		c.s.fl = flagsVal{kind: fCmp, valid: true}
		return nil
	}
	if av.static() && bv.static() {
		f, ok := compareStatic(bv, av, accessSize(w))
		if !ok {
			return fmt.Errorf("compare of %s and %s", bv, av)
		}
		c.s.fl = flagsVal{kind: fStatic, nzcv: f}
		return nil
	}
	bk := c.x.operand(b.reg, bv, "t2", w)
	at := c.operandText(a, w)
	c.x.emit("CMP %s,%s", reg(bk, w), at)
	c.s.fl = flagsVal{kind: fCmp, valid: true, addr: isAddr(av) || isAddr(bv)}
	return nil
}

// csel: Go's CSEL cond, Rn, Rm, Rd sets Rd to cond ? Rn : Rm; CSET cond,
// Rd sets it to cond ? 1 : 0; CSINC cond, Rn, Rm, Rd to cond ? Rn : Rm+1.
func (c *armCtx) csel(m string, ops []armOp) error {
	w := strings.HasSuffix(m, "W")
	cond := ops[0].sym
	var n, mm armOp
	var d string
	switch strings.TrimSuffix(m, "W") {
	case "CSET":
		n, mm, d = armOp{kind: 'i', imm: 1}, armOp{kind: 'i'}, ops[1].reg
	case "CSINC":
		if ops[2].reg != "ZR" {
			return fmt.Errorf("CSINC of a register")
		}
		n, mm, d = ops[1], armOp{kind: 'i', imm: 1}, ops[3].reg
	default:
		n, mm, d = ops[1], ops[2], ops[3].reg
	}
	val := func(o armOp) val {
		if o.kind == 'i' {
			return konst(o.imm)
		}
		return c.get(o.reg)
	}
	if c.s.fl.kind == fStatic {
		src := mm
		if condHolds(cond, c.s.fl.nzcv) {
			src = n
		}
		c.set(d, val(src), src.reg, w)
		return nil
	}
	if c.s.fl.kind == fUndef || !c.s.fl.valid {
		return fmt.Errorf("CSEL on flags the litmus code does not hold")
	}
	key := func(o armOp, scratch string) string {
		v := val(o)
		if v.kind == vDyn {
			return o.reg
		}
		c.x.materialize(scratch, v, w)
		return scratch
	}
	nk, mk := key(n, "t1"), key(mm, "t2")
	c.x.emit("CSEL %s,%s,%s,%s", reg(d, w), reg(nk, w), reg(mk, w), herdCond(cond))
	c.s.regs[d] = dyn()
	return nil
}

var armALU = map[string]string{"ADD": "ADD", "SUB": "SUB", "AND": "AND", "ORR": "ORR", "EOR": "EOR"}

func (c *armCtx) alu(m string, ops []armOp) error {
	base, w := armBase(m)
	switch base {
	case "MOVK":
		v := c.get(ops[1].reg)
		if v.kind != vConst {
			return fmt.Errorf("MOVK of %s", v)
		}
		shift, _ := strconv.Atoi(ops[0].reg2)
		c.s.regs[ops[1].reg] = konst(v.n&^(0xffff<<uint(shift)) | ops[0].imm)
		return nil
	case "SXTW", "UXTW", "NEG", "UBFX", "LSL", "LSR", "ASR", "MVN":
		return c.unary(base, w, ops)
	}
	op, ok := armALU[base]
	if !ok {
		return fmt.Errorf("instruction not modelled")
	}
	a, b, d := ops[0], ops[1], ops[1]
	if len(ops) == 3 {
		d = ops[2]
	}
	// Go's OP a, b, d is d = b OP a.
	a, av, err := c.source(a)
	if err != nil {
		return err
	}
	bv := c.get(b.reg)
	if av.static() && bv.static() {
		x86name := map[string]string{"ORR": "OR", "EOR": "XOR"}[op]
		if x86name == "" {
			x86name = op
		}
		r, ok := staticALU(x86name, bv, av, w)
		if !ok {
			return fmt.Errorf("%s of %s and %s", op, bv, av)
		}
		c.set(d.reg, r, "", w)
		return nil
	}
	bk := c.x.operand(b.reg, bv, "t2", w)
	at := c.operandText(a, w)
	if av.kind != vDyn && av.kind != vConst {
		return fmt.Errorf("%s with an address", op)
	}
	c.x.emit("%s %s,%s,%s", op, reg(d.reg, w), reg(bk, w), at)
	c.s.regs[d.reg] = dyn()
	return nil
}

func (c *armCtx) unary(op string, w bool, ops []armOp) error {
	src, dst := ops[0], ops[len(ops)-1]
	if op == "UBFX" || op == "LSL" || op == "LSR" || op == "ASR" {
		src = ops[1]
	}
	v := c.get(src.reg)
	if v.kind == vConst {
		n := v.n
		switch op {
		case "SXTW":
			n = int64(int32(n))
		case "UXTW":
			n = int64(uint32(n))
		case "NEG":
			n = -n
		case "MVN":
			n = ^n
		case "UBFX":
			n = int64(uint64(n) >> uint(ops[0].imm) & (1<<uint(ops[2].imm) - 1))
		case "LSL":
			n <<= uint(ops[0].imm)
		case "LSR":
			n = int64(uint64(n) >> uint(ops[0].imm))
		case "ASR":
			n >>= uint(ops[0].imm)
		}
		c.set(dst.reg, konst(n), "", w)
		return nil
	}
	if v.kind != vDyn {
		return fmt.Errorf("%s of %s", op, v)
	}
	switch op {
	case "SXTW", "UXTW":
		c.extendDyn(4, op == "SXTW", src.reg, dst.reg)
	case "NEG":
		c.x.emit("SUB %s,%s,%s", reg(dst.reg, w), map[bool]string{true: "WZR", false: "XZR"}[w], reg(src.reg, w))
	case "UBFX":
		if ops[0].imm != 0 {
			return fmt.Errorf("UBFX from bit %d", ops[0].imm)
		}
		c.x.emit("AND %s,%s,#%d", reg(dst.reg, w), reg(src.reg, w), int64(1)<<uint(ops[2].imm)-1)
	default:
		return fmt.Errorf("%s of a dynamic value", op)
	}
	c.s.regs[dst.reg] = dyn()
	return nil
}

func (c *armCtx) loadOrdered(m string, ops []armOp) error {
	w := strings.HasSuffix(m, "W")
	a, err := c.addr(ops[0].reg, ops[0].imm)
	if err != nil {
		return err
	}
	// Go names LDAR and the exclusives by their W form alone; the
	// doubleword LDAPR, which it has no mnemonic for, is printed with
	// internal/disasm's D suffix.
	op := strings.TrimSuffix(strings.TrimSuffix(m, "W"), "D")
	d := ops[1].reg
	if strings.Contains(op, "X") {
		loc, err := c.x.rmwLoc(a, accessSize(w))
		if err != nil {
			return err
		}
		c.x.emit("%s %s,[%s]", op, reg(d, w), reg(addrReg(loc), false))
		c.s.regs[d] = dyn()
		return nil
	}
	v, err := c.x.load(c.s, a, accessSize(w), d, func(loc string) []string {
		return []string{fmt.Sprintf("%s %s,[%s]", op, reg(d, w), reg(addrReg(loc), false))}
	})
	if err != nil {
		return err
	}
	c.set(d, v, d, w)
	if v.kind != vDyn {
		c.x.note("acquire loads of locations no thread writes are folded, which drops their ordering (a weaker model, never a stronger one)")
	}
	return nil
}

func (c *armCtx) storeRelease(m string, ops []armOp) error {
	w := strings.HasSuffix(m, "W")
	a, err := c.addr(ops[1].reg, ops[1].imm)
	if err != nil {
		return err
	}
	v := c.get(ops[0].reg)
	return c.x.store(c.s, a, accessSize(w), v, ops[0].reg, func(loc, r string) []string {
		return []string{fmt.Sprintf("STLR %s,[%s]", reg(r, w), reg(addrReg(loc), false))}
	})
}

// storeEx: Go's STXRW Rt, (Rn), Rs stores Rt and sets the status Rs.
func (c *armCtx) storeEx(m string, ops []armOp) error {
	w := strings.HasSuffix(m, "W")
	a, err := c.addr(ops[1].reg, ops[1].imm)
	if err != nil {
		return err
	}
	loc, err := c.x.rmwLoc(a, accessSize(w))
	if err != nil {
		return err
	}
	v := c.get(ops[0].reg)
	src := c.x.operand(ops[0].reg, v, "t1", w)
	st := ops[2].reg
	c.x.emit("%s %s,%s,[%s]", strings.TrimSuffix(m, "W"), reg(st, true), reg(src, w), reg(addrReg(loc), false))
	c.s.regs[st] = dyn()
	return nil
}

// amo: the LSE atomics, Go's OP Rs, (Rn), Rt. CAS: Rs is the expected
// value and gets the old one, Rt is the new value. LDADD and the others:
// Rs is the operand, Rt gets the old value (ZR: the no-return ST form).
func (c *armCtx) amo(m string, ops []armOp) error {
	size, _ := armSize(m)
	w := size <= 4
	op := m[:len(m)-1]
	a, err := c.addr(ops[1].reg, ops[1].imm)
	if err != nil {
		return err
	}
	loc, err := c.x.rmwLoc(a, size)
	if err != nil {
		return err
	}
	rs, rt := ops[0].reg, ops[2].reg
	addr := reg(addrReg(loc), false)
	if strings.HasPrefix(op, "CAS") {
		if v := c.get(rs); v.kind != vDyn {
			c.x.materialize(rs, v, w)
		}
		nt := c.x.operand(rt, c.get(rt), "t1", w)
		c.x.emit("%s %s,%s,[%s]", op, reg(rs, w), reg(nt, w), addr)
		c.s.regs[rs] = dyn()
		return nil
	}
	name := map[string]string{"LDOR": "LDSET"}[strings.TrimRight(op, "AL")]
	if name != "" {
		op = name + strings.TrimPrefix(op, "LDOR")
	}
	sk := c.x.operand(rs, c.get(rs), "t1", w)
	// herd7 has the ST forms of the LD operations without acquire, and no
	// STSWP: an LD form that loads into ZR would be a load that DMB ISHLD
	// orders, which the store form is not.
	if rt == "ZR" && strings.HasPrefix(op, "LD") && !ldAcquires(op) {
		c.x.emit("ST%s %s,[%s]", strings.TrimPrefix(op, "LD"), reg(sk, w), addr)
		return nil
	}
	c.x.emit("%s %s,%s,[%s]", op, reg(sk, w), reg(rt, w), addr)
	c.s.regs[rt] = dyn()
	return nil
}

// ldAcquires reports whether an LSE atomic LDop, such as LDADDAL or
// LDSMAXA, has the acquire form: an A after the operation's own name,
// whose letters (ADD, SMAX) may hold an A too. An unknown one counts as
// acquiring, which keeps its load.
func ldAcquires(op string) bool {
	rest := strings.TrimPrefix(op, "LD")
	for _, base := range []string{"ADD", "CLR", "EOR", "SET", "SMAX", "SMIN", "UMAX", "UMIN"} {
		if suffix, ok := strings.CutPrefix(rest, base); ok {
			return strings.Contains(suffix, "A")
		}
	}
	return true
}
