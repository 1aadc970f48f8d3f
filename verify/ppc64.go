package verify

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// ppc64 interprets go tool objdump's ppc64le listing and emits herd7's
// PPC syntax. Registers keep their numbers (R5 is r5); R0 always holds 0
// in Go's code and is never a litmus register, nor is r0 a free name (as a
// base, Power reads it as 0). Every location is reached through an
// address register that the initial state sets. The condition register's
// field CR0 is the flags: a compare known when the code is extracted is
// folded (fStatic, its LT, GT and EQ bits in nzcv), one of a loaded value
// is emitted as cmpw (fCmp).
type ppc64 struct{}

func (ppc64) litmusArch() string       { return "PPC" }
func (ppc64) model() string            { return "ppc" }
func (ppc64) resultReg() string        { return "R3" }
func (ppc64) jump(label string) string { return "b " + label }
func (ppc64) condJump(x *xthread, _ flagsVal, cond, label string) {
	x.emit("b%s %s", strings.ToLower(cond), label)
}

// jumpIfEqual compares words: a location that holds a pointer holds a tag
// or nil, each of which fits in one.
func (ppc64) jumpIfEqual(x *xthread, key string, n int64, label string) {
	x.materialize("t2", konst(n), false)
	x.emit("cmpw %s,%s", reg(key, false), reg("t2", false))
	x.emit("beq %s", label)
}
func (ppc64) enter(s *state, args []val) {
	for i, a := range args {
		s.regs["R"+strconv.Itoa(i+3)] = a
	}
	s.regs["R1"] = ptr("stack", 0)
	s.regs["R30"] = ptr("g", 0)
	s.regs["LR"] = val{kind: vRet, obj: "entry"}
}

func (ppc64) movImm(key string, n int64, _ bool) string {
	return fmt.Sprintf("li %s,%d", reg(key, false), n)
}

func (ppc64) movReg(dst, src string, _ bool) string {
	return fmt.Sprintf("mr %s,%s", reg(dst, false), reg(src, false))
}

func (ppc64) identity(key string) (string, bool) { return numberedReg(key, "R", "r") }
func (ppc64) pool() []string                     { return numberedPool("r") }

func (ppc64) regText(name string, _ bool) string { return name }

// CR0's bits as the flags of a folded compare.
const (
	crLT = 8
	crGT = 4
	crEQ = 2
)

// parsePPCOp parses an operand; objdump names R30 g where it is a
// register operand.
func parsePPCOp(s string) (asmOp, error) {
	o, err := parseAsmOp(s)
	if o.kind == 'r' && o.reg == "g" {
		o.reg = "R30"
	}
	return o, err
}

// ppcCtx carries one instruction's interpretation.
type ppcCtx struct{ regCtx }

// addr resolves a memory operand; a large constant base is an absolute
// address (ADDIS), named by the symbol that holds it.
func (c *ppcCtx) addr(o asmOp) (val, error) {
	b, off := c.get(o.reg), o.imm
	if o.index != "" {
		ix := c.get(o.index)
		switch {
		case ix.kind == vConst && b.kind == vConst:
			b = konst(b.n + ix.n)
		case ix.kind == vConst:
			off += ix.n
		case b.kind == vConst && ix.kind == vPtr:
			b, off = ix, off+b.n
		default:
			return val{}, fmt.Errorf("index %s holds %s, not a known offset", o.index, ix)
		}
	}
	return c.x.address(o.reg, b, off)
}

// ppcSize gives a MOV's access size and whether a load of it sign-extends.
func ppcSize(m string) (int64, bool) {
	switch strings.TrimSuffix(m, "U") {
	case "MOVD":
		return 8, false
	case "MOVW":
		return 4, true
	case "MOVWZ":
		return 4, false
	case "MOVH":
		return 2, true
	case "MOVHZ":
		return 2, false
	case "MOVB":
		return 1, true
	case "MOVBZ":
		return 1, false
	}
	return 0, false
}

var ppcLoadOp = map[int64]string{1: "lbz", 2: "lhz", 4: "lwz", 8: "ld"}

var ppcStoreOp = map[int64]string{1: "stb", 2: "sth", 4: "stw", 8: "std"}

var ppcFence = map[string]string{"LWSYNC": "lwsync", "HWSYNC": "sync", "SYNC": "sync", "ISYNC": "isync", "EIEIO": "eieio"}

var ppcBranch = map[string]string{"BEQ": "EQ", "BNE": "NE", "BLT": "LT", "BGE": "GE", "BGT": "GT", "BLE": "LE"}

func (ppc64) operands(m string) (lo, hi int, ok bool) {
	if _, ok := ppcFence[m]; ok {
		return 0, 0, true
	}
	if _, ok := ppcBranch[m]; ok {
		return 1, 2, true // a condition field first is refused by name
	}
	switch m {
	case "NOP", "RET":
		return 0, 0, true
	case "PCALIGN", "BR", "CALL", "BL":
		return 1, 1, true
	case "STXVD2X", "LWAR", "LDAR", "STWCCC", "STDCCC", "NEG", "MOVDU":
		return 2, 2, true
	case "CMP", "CMPW", "CMPU", "CMPWU":
		return 2, 3, true // a condition field last is refused by name
	case "ADD", "SUB", "AND", "OR", "XOR", "ANDCC", "MULLD":
		return 2, 3, true // ADD a, b, d; ADD a, b is ADD a, b, b
	case "BCLRL", "XXLXOR", "BC", "ADDIS", "ORIS":
		return 3, 3, true
	case "ISEL", "RLDICL", "RLDICR", "RLDIC":
		return 4, 4, true
	case "RLWINM":
		return 5, 5, true
	}
	if size, _ := ppcSize(m); size > 0 && !strings.HasSuffix(m, "U") {
		return 2, 2, true
	}
	return 0, 0, false
}

func (ppc64) step(x *xthread, s *state, f *disasm.Func, i int) (bool, error) {
	in := f.Insts[i]
	c := &ppcCtx{regCtx{x, s, "R0"}}
	m, rest, _ := strings.Cut(in.Text, " ")
	var ops []asmOp
	for _, o := range splitOps(rest) {
		op, err := parsePPCOp(o)
		if err != nil {
			return false, err
		}
		ops = append(ops, op)
	}
	nextPC, err := next(f, i)
	if err != nil && m != "RET" && m != "BR" && m != "CALL" && m != "BL" {
		return false, err
	}
	s.pc = nextPC
	if fence, ok := ppcFence[m]; ok {
		x.emit("%s", fence)
		return false, nil
	}
	if cond, ok := ppcBranch[m]; ok {
		if len(ops) != 1 || ops[0].kind != 't' {
			return false, fmt.Errorf("a branch on another field than CR0")
		}
		return c.condBranch(cond, uint64(ops[0].imm))
	}
	switch m {
	case "NOP", "PCALIGN":
		return false, nil
	case "RET":
		return x.ret(s, c.get("LR"))
	case "BR":
		if ops[0].kind == 't' {
			s.pc = uint64(ops[0].imm)
			return false, nil
		}
		return false, fmt.Errorf("a tail call of %s", ops[0].sym)
	case "CALL", "BL":
		// objdump writes an indirect call as BL (CTR).
		o := ops[0]
		if o.kind == 'm' && (o.reg == "CTR" || o.reg == "LR") {
			o.kind = 'r'
		}
		return c.call(o, nextPC)
	case "BCLRL":
		// bclrl 20,0: an indirect call through LR.
		if ops[0].kind != 'i' || ops[0].imm != 20 {
			return false, fmt.Errorf("a conditional call")
		}
		return c.call(asmOp{kind: 'r', reg: "LR"}, nextPC)
	case "ISEL":
		return false, c.isel(ops)
	case "XXLXOR", "STXVD2X", "BC":
		return c.zeroing(m, ops)
	case "LWAR", "LDAR":
		return false, c.lwarx(m, ops)
	case "STWCCC", "STDCCC":
		return false, c.stwcx(m, ops)
	case "CMP", "CMPW", "CMPU", "CMPWU":
		return false, c.cmp(m, ops)
	case "ADD", "ADDIS", "SUB", "AND", "OR", "XOR", "ANDCC", "ORIS", "NEG", "MULLD":
		return false, c.alu(m, ops)
	case "RLWINM", "RLDICL", "RLDICR", "RLDIC":
		return false, c.rotate(m, ops)
	case "MOVDU":
		return false, c.storeUpdate(ops)
	}
	if size, _ := ppcSize(m); size > 0 && !strings.HasSuffix(m, "U") {
		return false, c.mov(m, ops)
	}
	return false, fmt.Errorf("instruction not modelled")
}

func (c *ppcCtx) condBranch(cond string, target uint64) (bool, error) {
	switch c.s.fl.kind {
	case fStatic:
		if crHolds(cond, c.s.fl.nzcv) {
			c.s.pc = target
		}
		return false, nil
	case fUndef:
		return false, fmt.Errorf("branch on flags that nothing set")
	}
	return false, c.x.branch(c.s, cond, target)
}

// crHolds evaluates a branch's condition on CR0's bits.
func crHolds(cond string, cr int) bool {
	switch cond {
	case "EQ":
		return cr&crEQ != 0
	case "NE":
		return cr&crEQ == 0
	case "LT":
		return cr&crLT != 0
	case "GE":
		return cr&crLT == 0
	case "GT":
		return cr&crGT != 0
	}
	return cr&crGT == 0 // LE
}

// call follows a call of a symbol, or of the function whose entry a
// register (CTR or LR) holds.
func (c *ppcCtx) call(o asmOp, ret uint64) (bool, error) {
	r := ""
	if o.kind == 'r' {
		r = o.reg
	}
	return c.x.linkedCall(c.s, "LR", o.sym, r, c.get(r), ret)
}

func (c *ppcCtx) mov(m string, ops []asmOp) error {
	src, dst := ops[0], ops[1]
	size, signed := ppcSize(m)
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
		if m == "MOVBZ" && d == "R31" {
			// The compiler's nil check loads a byte into REGTMP.
			c.x.note("nil checks (MOVBZ (Rn), R31) are not modelled: the pointers are not nil")
			c.s.regs[d] = val{}
			return nil
		}
		op := ppcLoadOp[size]
		if signed && size == 4 {
			op = "lwa"
		} else if signed {
			return fmt.Errorf("a sign-extending load of %d bytes", size)
		}
		v, err := c.x.load(c.s, a, size, d, func(loc string) []string {
			return []string{fmt.Sprintf("%s %s,0(%s)", op, reg(d, false), reg(addrReg(loc), false))}
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
		c.s.regs[d] = v
		return nil
	case dst.kind == 'm':
		a, err := c.addr(dst)
		if err != nil {
			return err
		}
		v := c.value(src)
		return c.x.store(c.s, a, size, v, src.reg, func(loc, r string) []string {
			return []string{fmt.Sprintf("%s %s,0(%s)", ppcStoreOp[size], reg(r, false), reg(addrReg(loc), false))}
		})
	}
	return fmt.Errorf("MOV form")
}

// extend copies src into dst as a MOV of size bytes between registers
// does: MOVD whole, MOVW sign-extending (extsw), MOVWZ, MOVHZ and MOVBZ
// zero-extending (clrldi). herd7 has no extsh or extsb: MOVH and MOVB of a
// loaded value are refused.
func (c *ppcCtx) extend(dst, src string, size int64, signed bool) error {
	v := c.get(src)
	if src == "LR" || dst == "LR" || src == "CTR" || dst == "CTR" {
		if v.kind == vDyn {
			return fmt.Errorf("a dynamic value moved to or from %s", src+dst)
		}
		c.s.regs[dst] = v
		return nil
	}
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
	switch {
	case size == 4 && signed:
		c.x.emit("extsw %s,%s", reg(dst, false), reg(src, false))
	case !signed:
		c.x.emit("clrldi %s,%s,%d", reg(dst, false), reg(src, false), 64-8*size)
	default:
		return fmt.Errorf("a %d-byte extension of a dynamic value", size)
	}
	c.s.regs[dst] = dyn()
	return nil
}

// storeUpdate: MOVDU Rs, off(Ra) stores Rs at Ra+off and moves Ra there,
// the prologue's push of the frame.
func (c *ppcCtx) storeUpdate(ops []asmOp) error {
	if ops[0].kind != 'r' || ops[1].kind != 'm' || ops[1].index != "" {
		return fmt.Errorf("MOVDU form")
	}
	a, err := c.addr(ops[1])
	if err != nil {
		return err
	}
	if !a.isStack() {
		return fmt.Errorf("a store with update off the stack")
	}
	c.x.storeSlot(c.s, a.n, 8, c.get(ops[0].reg), ops[0].reg, false)
	c.s.regs[ops[1].reg] = a
	return nil
}

// operand returns the litmus register that holds o: its own when it is
// dynamic, else scratch, into which its value is materialised.
func (c *ppcCtx) operand(o asmOp, scratch string) string {
	v := c.value(o)
	if v.kind == vDyn {
		return reg(o.reg, false)
	}
	c.x.materialize(scratch, v, false)
	return reg(scratch, false)
}

// cmp: Go's CMP a, b sets CR0 by comparing a with b; CMPW and CMPWU
// compare the low words, CMPU and CMPWU without sign. Only CR0 is
// modelled.
func (c *ppcCtx) cmp(m string, ops []asmOp) error {
	if len(ops) != 2 {
		return fmt.Errorf("a compare into another field than CR0")
	}
	w := strings.HasPrefix(m, "CMPW")
	unsigned := strings.HasSuffix(m, "U")
	av, bv := c.value(ops[0]), c.value(ops[1])
	if av.static() && bv.static() {
		f, ok := compareStatic(av, bv, accessSize(w))
		if !ok {
			return fmt.Errorf("compare of %s and %s", av, bv)
		}
		lt, gt := "LT", "GT"
		if unsigned {
			lt, gt = "LO", "HI"
		}
		cr := crEQ
		if condHolds(lt, f) {
			cr = crLT
		} else if condHolds(gt, f) {
			cr = crGT
		}
		c.s.fl = flagsVal{kind: fStatic, nzcv: cr}
		return nil
	}
	if unsigned && !w {
		return fmt.Errorf("an unsigned doubleword compare of %s with %s", av, bv)
	}
	// herd7's cmpw (and the checker's) compares whole registers, signed.
	// For CMPW each dynamic word is sign-extended first; for CMPWU each
	// is zero-extended, and a constant taken as its unsigned word, which
	// makes the signed compare of the doublewords the unsigned one of the
	// words.
	text := func(o asmOp, v val, scratch string) (string, int64, bool) {
		if v.kind == vConst {
			n := v.n
			switch {
			case unsigned:
				n = int64(uint32(v.n))
			case w:
				n = int64(int32(v.n))
			}
			return "", n, true
		}
		t := c.operand(o, scratch)
		switch {
		case unsigned:
			c.x.emit("clrldi %s,%s,32", reg(scratch, false), t)
			t = reg(scratch, false)
		case w && v.kind == vDyn:
			c.x.emit("extsw %s,%s", reg(scratch, false), t)
			t = reg(scratch, false)
		}
		return t, 0, false
	}
	at, an, aConst := text(ops[0], av, "t1")
	if aConst {
		c.x.materialize("t1", konst(an), false)
		at = reg("t1", false)
	}
	bt, bn, bConst := text(ops[1], bv, "t2")
	switch {
	case bConst && bn >= -0x8000 && bn < 0x8000:
		c.x.emit("cmpwi %s,%d", at, bn)
	case bConst:
		c.x.materialize("t2", konst(bn), false)
		c.x.emit("cmpw %s,%s", at, reg("t2", false))
	default:
		c.x.emit("cmpw %s,%s", at, bt)
	}
	c.s.fl = flagsVal{kind: fCmp, valid: true, addr: isAddr(av) || isAddr(bv)}
	return nil
}

// crOf is CR0 of a record form: its result compared with 0.
func crOf(n int64) int {
	switch {
	case n < 0:
		return crLT
	case n > 0:
		return crGT
	}
	return crEQ
}

var ppcALUText = map[string]string{"ADD": "add", "SUB": "sub", "AND": "and", "OR": "or", "XOR": "xor", "ANDCC": "and."}

// alu: Go's OP a, b, d is d = a OP b, and d = b - a for SUB; with two
// operands, d is b. objdump writes the immediate of ADD and ANDCC second.
// ADDIS and ORIS (Ra, $imm, Rd) add and or the immediate shifted by 16,
// and objdump writes their Ra as $0 for R0. ANDCC sets CR0 too.
func (c *ppcCtx) alu(m string, ops []asmOp) error {
	a, b, d := ops[0], ops[1], ops[len(ops)-1]
	if m == "OR" && a.kind == 'r' && b.kind == 'r' && a.reg == b.reg {
		c.set(d.reg, c.get(a.reg), a.reg) // mr
		return nil
	}
	switch m {
	case "NEG":
		a, b, m = asmOp{kind: 'i'}, ops[0], "SUB"
	case "SUB":
		a, b = b, a
	case "ADDIS", "ORIS":
		if b.kind != 'i' {
			return fmt.Errorf("%s form", m)
		}
		b.imm <<= 16
		m = map[string]string{"ADDIS": "ADD", "ORIS": "OR"}[m]
	}
	if a.kind == 'i' && b.kind == 'r' && m != "SUB" {
		a, b = b, a
	}
	av, bv := c.value(a), c.value(b)
	// Now d = a OP b, with an immediate second.
	if m == "MULLD" && av.kind == vConst && bv.kind == vConst {
		c.set(d.reg, konst(av.n*bv.n), "")
		return nil
	}
	if av.static() && bv.static() {
		r, ok := staticALU(strings.TrimSuffix(m, "CC"), av, bv, false)
		if !ok {
			return fmt.Errorf("%s of %s and %s", m, av, bv)
		}
		c.set(d.reg, r, "")
		if m == "ANDCC" {
			c.s.fl = flagsVal{kind: fStatic, nzcv: crOf(r.n)}
		}
		return nil
	}
	text, ok := ppcALUText[m]
	if !ok {
		return fmt.Errorf("%s of a loaded value", m)
	}
	if av.kind == vPtr || bv.kind == vPtr {
		return fmt.Errorf("%s of a loaded value and an address", m)
	}
	switch {
	case m == "ANDCC" && bv.kind == vConst:
		if bv.n < 0 || bv.n > 0xffff {
			return fmt.Errorf("ANDCC with %d", bv.n)
		}
		c.x.emit("andi. %s,%s,%d", reg(d.reg, false), reg(a.reg, false), bv.n)
	case m == "ADD" && bv.kind == vConst && bv.n >= -0x8000 && bv.n < 0x8000 && av.kind == vDyn:
		c.x.emit("addi %s,%s,%d", reg(d.reg, false), reg(a.reg, false), bv.n)
	default:
		c.x.emit("%s %s,%s,%s", text, reg(d.reg, false), c.operand(a, "t1"), c.operand(b, "t2"))
	}
	c.s.regs[d.reg] = dyn()
	if m == "ANDCC" {
		c.s.fl = flagsVal{kind: fCmp, valid: true}
	}
	return nil
}

// rotate: RLWINM Rs, $sh, $mb, $me, Ra; RLDICL Rs, $sh, $mb, Ra; RLDICR
// Rs, $sh, $me, Ra; RLDIC Rs, $sh, $mb, Ra. A loaded value is cleared on
// the left by clrldi, or rotated by an rlwinm that herd7 computes as
// Power does (ppcHerdExact), only.
func (c *ppcCtx) rotate(m string, ops []asmOp) error {
	src, d := ops[0], ops[len(ops)-1]
	k := make([]uint, len(ops)-2)
	for i, o := range ops[1 : len(ops)-1] {
		if o.kind != 'i' || o.imm < 0 || o.imm > 63 {
			return fmt.Errorf("%s operand", m)
		}
		k[i] = uint(o.imm)
	}
	v := c.get(src.reg)
	if v.kind == vConst {
		n := uint64(v.n)
		rotl := func(x uint64, s uint) uint64 { return x<<(s&63) | x>>((64-s)&63) }
		var r uint64
		switch m {
		case "RLWINM":
			w := uint64(uint32(n))
			r = rotl(w<<32|w, k[0]) & mask64(k[1]+32, k[2]+32)
		case "RLDICL":
			r = rotl(n, k[0]) & mask64(k[1], 63)
		case "RLDICR":
			r = rotl(n, k[0]) & mask64(0, k[1])
		case "RLDIC":
			r = rotl(n, k[0]) & mask64(k[1], 63-k[0])
		}
		c.set(d.reg, konst(int64(r)), "")
		return nil
	}
	if v.kind != vDyn {
		return fmt.Errorf("%s of %s", m, v)
	}
	switch {
	case m == "RLWINM" && k[0] == 0 && k[1] <= k[2] && k[2] == 31:
		c.x.emit("clrldi %s,%s,%d", reg(d.reg, false), reg(src.reg, false), 32+k[1])
	case m == "RLWINM" && ppcHerdExact(k[0], k[1], k[2]):
		c.x.emit("rlwinm %s,%s,%d,%d,%d", reg(d.reg, false), reg(src.reg, false), k[0], k[1], k[2])
	case m == "RLWINM":
		return fmt.Errorf("RLWINM $%d,$%d,$%d of a loaded value, whose result herd7 computes differently from Power", k[0], k[1], k[2])
	case (m == "RLDICL" || m == "RLDIC") && k[0] == 0:
		c.x.emit("clrldi %s,%s,%d", reg(d.reg, false), reg(src.reg, false), k[1])
	default:
		return fmt.Errorf("%s of a loaded value", m)
	}
	c.s.regs[d.reg] = dyn()
	return nil
}

// ppcHerdExact reports whether herd7 computes "rlwinm rD,rS,sh,mb,me" as
// Power does, whatever rS holds. herd7 rotates the doubled word x||x
// left by sh as (v << sh) | (v >> (63-sh)), not 64-sh: the bits that wrap
// around land one place too high, the last of them ORed into bit sh, even
// when sh is 0. Only the result's bits above sh are Power's, so a mask
// (mb..me, no wrap) that stops above them is exact.
func ppcHerdExact(sh, mb, me uint) bool {
	return mb <= me && me+sh < 31
}

// mask64 has the bits b to e set, in Power's numbering (bit 0 the most
// significant), wrapping around when b > e.
func mask64(b, e uint) uint64 {
	// For all 64 bits, 1<<64 is 0 in Go, and 0-1 is every bit.
	ones := func(from, to uint) uint64 { return (uint64(1)<<(to-from+1) - 1) << (63 - to) }
	if b <= e {
		return ones(b, e)
	}
	return ^ones(e+1, b-1)
}

// isel: ISEL $bc, Ra, Rb, Rd sets Rd to Ra if bit bc of CR is set, else
// Rb, and depends by data on both. On a compare of a loaded value it is
// computed from mfcr, so that Rd depends on the compare's operands by
// data, as isel's result does, and no branch adds a control dependency.
func (c *ppcCtx) isel(ops []asmOp) error {
	bc, a, b, d := ops[0].imm, ops[1], ops[2], ops[3].reg
	if bc < 0 || bc > 2 {
		return fmt.Errorf("ISEL on bit %d of CR", bc)
	}
	bit := []int{crLT, crGT, crEQ}[bc]
	switch c.s.fl.kind {
	case fStatic:
		src, other := b, a
		if c.s.fl.nzcv&bit != 0 {
			src, other = a, b
		}
		if c.value(other).kind != vDyn {
			c.set(d, c.value(src), src.reg)
			return nil
		}
		// isel reads both registers: d depends on the other one too,
		// by an xor of it with itself.
		t3 := reg("t3", false)
		c.x.emit("xor %s,%s,%s", t3, reg(other.reg, false), reg(other.reg, false))
		c.x.emit("add %s,%s,%s", reg(d, false), c.operand(src, "t1"), t3)
		c.s.regs[d] = dyn()
		return nil
	case fUndef:
		return fmt.Errorf("ISEL on flags that nothing set")
	}
	av, bv := c.value(a), c.value(b)
	if av.kind == vPtr || bv.kind == vPtr {
		return fmt.Errorf("ISEL of an address")
	}
	// t3 = the bit (mfcr holds CR0 in its low four bits: LT 8, GT 4,
	// EQ 2), masked in place and divided down to 0 or 1; d = b +
	// t3*(a-b). A rotation would bring the bit down in one instruction,
	// but herd7 rotates differently from Power (see ppcHerdExact).
	t3 := reg("t3", false)
	c.x.emit("mfcr %s", t3)
	c.x.emit("rlwinm %s,%s,0,%d,%d", t3, t3, 28+bc, 28+bc)
	c.x.emit("li %s,%d", reg("t1", false), bit)
	c.x.emit("divw %s,%s,%s", t3, t3, reg("t1", false))
	if av.kind == vConst && bv.kind == vConst {
		if av.n-bv.n != 1 {
			c.x.emit("mulli %s,%s,%d", t3, t3, av.n-bv.n)
		}
	} else {
		c.x.emit("sub %s,%s,%s", reg("t1", false), c.operand(a, "t1"), c.operand(b, "t2"))
		c.x.emit("mullw %s,%s,%s", t3, t3, reg("t1", false))
	}
	if bv.kind == vConst {
		c.x.emit("addi %s,%s,%d", reg(d, false), t3, bv.n)
	} else {
		c.x.emit("add %s,%s,%s", reg(d, false), t3, reg(b.reg, false))
	}
	c.s.regs[d] = dyn()
	return nil
}

// zeroing runs the compiler's loop that zeroes a stack frame: XXLXOR
// VSn, VSn, VSn (VSn = 0), STXVD2X VSn, (Ra)(Rb) of that 0 to the stack,
// and BC $16 (decrement CTR, branch while it is not 0) on a known CTR.
func (c *ppcCtx) zeroing(m string, ops []asmOp) (bool, error) {
	switch m {
	case "XXLXOR":
		if ops[0].reg != ops[1].reg {
			return false, fmt.Errorf("XXLXOR form")
		}
		c.s.regs[ops[2].reg] = konst(0)
	case "STXVD2X":
		a, err := c.addr(ops[1])
		if err != nil {
			return false, err
		}
		if v := c.get(ops[0].reg); !a.isStack() || v != konst(0) {
			return false, fmt.Errorf("a vector store of %s to %s", v, a)
		}
		c.x.storeSlot(c.s, a.n, 16, konst(0), "", false)
	case "BC":
		ctr := c.get("CTR")
		if ops[0].imm != 16 || ops[2].kind != 't' || ctr.kind != vConst {
			return false, fmt.Errorf("BC form, or CTR not known")
		}
		c.s.regs["CTR"] = konst(ctr.n - 1)
		if ctr.n-1 != 0 {
			c.s.pc = uint64(ops[2].imm)
		}
	}
	return false, nil
}

// lwarx: LWAR (Ra), Rd [, $hint], and LDAR, the doubleword reservation,
// which herd7's Power lacks: it is written as lwarx, which orders the same,
// for counts that a word holds.
func (c *ppcCtx) lwarx(m string, ops []asmOp) error {
	a, err := c.addr(ops[0])
	if err != nil {
		return err
	}
	size := int64(4)
	if m == "LDAR" {
		size = 8
		c.x.note("LDAR/STDCCC, a doubleword reservation that herd7's Power lacks, is written as lwarx/stwcx.: the same ordering, on a count that a word holds")
	}
	loc, err := c.x.rmwLoc(a, size)
	if err != nil {
		return err
	}
	d := ops[1].reg
	c.x.emit("lwarx %s,r0,%s", reg(d, false), reg(addrReg(loc), false))
	c.s.regs[d] = dyn()
	return nil
}

// stwcx: STWCCC Rs, (Ra), and STDCCC as LDAR; CR0 says whether it
// stored.
func (c *ppcCtx) stwcx(m string, ops []asmOp) error {
	a, err := c.addr(ops[1])
	if err != nil {
		return err
	}
	size := int64(4)
	if m == "STDCCC" {
		size = 8
	}
	loc, err := c.x.rmwLoc(a, size)
	if err != nil {
		return err
	}
	src := c.x.operand(ops[0].reg, c.get(ops[0].reg), "t1", true)
	c.x.emit("stwcx. %s,r0,%s", reg(src, false), reg(addrReg(loc), false))
	c.s.fl = flagsVal{kind: fCmp, valid: true}
	return nil
}
