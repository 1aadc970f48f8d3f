package verify

import (
	"fmt"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// amd64 interprets go tool objdump's amd64 listing and emits herd's X86_64
// syntax (AT&T). x86-TSO has no dependencies, so only the accesses, the
// locked instructions, the fences and the values that steer branches
// matter; the register dataflow is kept all the same.
type amd64 struct{}

var amd64Args = []string{"AX", "BX", "CX", "DI", "SI", "R8", "R9", "R10", "R11"}

var x86Names = map[string][2]string{
	"AX": {"rax", "eax"}, "BX": {"rbx", "ebx"}, "CX": {"rcx", "ecx"}, "DX": {"rdx", "edx"},
	"SI": {"rsi", "esi"}, "DI": {"rdi", "edi"}, "BP": {"rbp", "ebp"}, "SP": {"rsp", "esp"},
}

func (amd64) litmusArch() string { return "X86_64" }
func (amd64) model() string      { return "x86tso" }
func (amd64) resultReg() string  { return "AX" }

func (amd64) enter(s *state, args []val) {
	for i, a := range args {
		s.regs[amd64Args[i]] = a
	}
	s.regs["SP"] = ptr("stack", 0)
	s.regs["R14"] = ptr("g", 0)
	s.regs["BP"] = konst(0)
	s.stack[0] = slot{v: val{kind: vRet, obj: "entry"}, size: 8}
}

func (amd64) identity(key string) (string, bool) {
	if n, ok := x86Names[key]; ok {
		return n[0], true
	}
	if strings.HasPrefix(key, "R") {
		if _, ok := x86Reg(key); ok {
			return strings.ToLower(key), true
		}
	}
	return "", false
}

func (amd64) pool() []string {
	return []string{"r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8", "rdi", "rsi", "rdx", "rcx", "rbx", "rax", "rbp", "rsp"}
}

func (amd64) regText(name string, w32 bool) string {
	if !w32 {
		return "%" + name
	}
	for _, n := range x86Names {
		if n[0] == name {
			return "%" + n[1]
		}
	}
	return "%" + name + "d"
}

func (amd64) jump(label string) string { return "jmp " + label }

func x86Suffix(w32 bool) string {
	if w32 {
		return "l"
	}
	return "q"
}

func (amd64) movImm(key string, n int64, w32 bool) string {
	return fmt.Sprintf("mov%s $%d,%s", x86Suffix(w32), n, reg(key, w32))
}

func (amd64) movReg(dst, src string, w32 bool) string {
	return fmt.Sprintf("mov%s %s,%s", x86Suffix(w32), reg(src, w32), reg(dst, w32))
}

var x86Conds = map[string]string{"JE": "EQ", "JNE": "NE", "JL": "LT", "JGE": "GE", "JLE": "LE", "JG": "GT",
	"JB": "LO", "JAE": "HS", "JA": "HI", "JBE": "LS", "JS": "MI", "JNS": "PL"}

var setConds = map[string]string{"SETEQ": "EQ", "SETE": "EQ", "SETNE": "NE", "SETLT": "LT", "SETL": "LT",
	"SETGE": "GE", "SETLE": "LE", "SETGT": "GT", "SETG": "GT", "SETCS": "LO", "SETB": "LO",
	"SETCC": "HS", "SETAE": "HS", "SETHI": "HI", "SETA": "HI", "SETLS": "LS", "SETBE": "LS"}

// x86Extends are the moves that zero- or sign-extend.
var x86Extends = map[string]bool{"MOVZX": true, "MOVBLZX": true, "MOVBQZX": true, "MOVWLZX": true, "MOVWQZX": true,
	"MOVLQZX": true, "MOVSX": true, "MOVLQSX": true, "MOVBLSX": true, "MOVBQSX": true, "MOVSXD": true}

// x86WordExtension reports whether the encoding hex is MOVZX or MOVSX of
// a word (opcode 0f b7 or 0f bf), which objdump writes as it writes the
// byte's: it looks at the opcode past the legacy and REX prefixes, not at
// the displacement and immediate bytes that follow it.
func x86WordExtension(hex string) bool {
	for len(hex) >= 2 && (strings.Contains(" 26 2e 36 3e 64 65 66 67 f0 f2 f3 ", " "+hex[:2]+" ") || hex[0] == '4') {
		hex = hex[2:]
	}
	return strings.HasPrefix(hex, "0fb7") || strings.HasPrefix(hex, "0fbf")
}

// x86Base is a mnemonic less its size letter: ADD of ADDL.
func x86Base(m string) string {
	if len(m) > 2 && strings.ContainsAny(m[len(m)-1:], "BWLQ") {
		return m[:len(m)-1]
	}
	return m
}

// opSize returns the operand size of a mnemonic's suffix.
func opSize(m string) int64 {
	switch {
	case strings.HasSuffix(m, "Q"):
		return 8
	case strings.HasSuffix(m, "L"):
		return 4
	case strings.HasSuffix(m, "W"):
		return 2
	case strings.HasSuffix(m, "B"):
		return 1
	}
	return 8
}

// x86ctx carries one instruction's interpretation.
type x86ctx struct {
	x  *xthread
	s  *state
	in disasm.Inst
}

// addr computes the address of a memory operand.
func (c *x86ctx) addr(o x86op) (val, error) {
	switch o.base {
	case "SB":
		return ptr("sym:"+o.sym, o.disp), nil
	case "IP":
		t := uint64(int64(c.in.PC) + int64(len(c.in.Hex)/2) + o.disp)
		name, off, ok := c.x.img.symbolAt(t)
		if !ok {
			name, off = fmt.Sprintf("rodata.%x", t), 0
		}
		return ptr("sym:"+name, off), nil
	case "FS":
		return val{}, fmt.Errorf("a thread-local access")
	}
	b := c.s.regs[o.base]
	if b.kind == vConst && b.n == 0 {
		return val{}, errNil
	}
	if b.kind == vDyn {
		return val{}, derefDyn(o.base, b)
	}
	if b.kind != vPtr {
		return val{}, fmt.Errorf("base %s holds %s, not a known address", o.base, b)
	}
	if o.index != "" {
		ix := c.s.regs[o.index]
		if ix.kind != vConst {
			return val{}, fmt.Errorf("index %s is not known", o.index)
		}
		b = b.add(ix.n * o.scale)
	}
	return b.add(o.disp), nil
}

// read returns an operand's value and the key that holds it when dynamic.
func (c *x86ctx) read(o x86op, size int64, tmp string) (val, string, error) {
	switch o.kind {
	case 'i':
		return konst(o.imm), "", nil
	case 'r':
		v := c.s.regs[o.reg]
		if size < 8 {
			v = truncate(v, int(size))
		}
		return v, o.reg, nil
	case 'x':
		if o.reg == "X15" {
			return konst(0), "", nil
		}
		return val{}, "", fmt.Errorf("SSE register %s", o.reg)
	}
	a, err := c.addr(o)
	if err != nil {
		return val{}, "", err
	}
	v, err := c.x.load(c.s, a, size, tmp, func(loc string) []string {
		return []string{fmt.Sprintf("mov%s (%s),%s", x86Suffix(size <= 4), loc, reg(tmp, size <= 4))}
	})
	return v, tmp, err
}

// setReg writes v (held by key src when dynamic) to a register; a 32-bit
// write clears the upper half, as the machine does.
func (c *x86ctx) setReg(r string, v val, src string, size int64) {
	if v.kind == vDyn {
		c.x.emitMove(r, src, size <= 4)
	}
	if size == 4 {
		v = truncate(v, 4)
	}
	c.s.regs[r] = v
}

// write stores v to a register or memory operand.
func (c *x86ctx) write(o x86op, v val, src string, size int64) error {
	switch o.kind {
	case 'r':
		if size < 4 {
			return errNarrow(size, "move to a register")
		}
		c.setReg(o.reg, v, src, size)
		return nil
	case 'm':
		a, err := c.addr(o)
		if err != nil {
			return err
		}
		return c.x.store(c.s, a, size, v, src, movStore(size))
	}
	return fmt.Errorf("destination %v", o)
}

// movStore emits a plain store of size bytes to a shared location.
func movStore(size int64) func(loc, src string) []string {
	return func(loc, src string) []string {
		return []string{fmt.Sprintf("mov%s %s,(%s)", x86Suffix(size <= 4), reg(src, size <= 4), loc)}
	}
}

// dynFlags records flags that the litmus code now holds.
func (c *x86ctx) dynFlags(k flagsKind) { c.s.fl = flagsVal{kind: k, valid: true} }

// clobber records that the litmus code set its flags for a reason the
// machine did not.
func (c *x86ctx) clobber() {
	if c.s.fl.kind != fStatic {
		c.s.fl.valid = false
	}
}

func (amd64) operands(m string) (lo, hi int, ok bool) {
	base := x86Base(m)
	_, jcc := x86Conds[m]
	_, set := setConds[m]
	switch {
	case strings.HasPrefix(m, "NOP"):
		return 0, 1, true // NOPL and NOPW, with or without a memory operand
	case m == "RET" || m == "UD2" || m == "MFENCE" || m == "LFENCE" || m == "SFENCE":
		return 0, 0, true
	case jcc || set || m == "JMP" || m == "CALL" || m == "INT" || m == "PUSHQ" || m == "POPQ" ||
		base == "INC" || base == "DEC" || base == "NEG":
		return 1, 1, true
	case m == "XORPS" || m == "MOVUPS" || m == "MOVQ" || m == "MOVL" || m == "MOVB" || m == "MOVW" || x86Extends[m] ||
		m == "LEAQ" || m == "LEAL":
		return 2, 2, true
	}
	switch base {
	case "CMPXCHG", "XADD", "XCHG", "CMP", "TEST", "BT", "ADD", "SUB", "AND", "OR", "XOR", "SHL", "SHR", "SAR":
		return 2, 2, true
	}
	return 0, 0, false
}

func (amd64) step(x *xthread, s *state, f *disasm.Func, i int) (bool, error) {
	in := f.Insts[i]
	c := &x86ctx{x: x, s: s, in: in}
	text := in.Text
	lock := false
	if rest, ok := strings.CutPrefix(text, "LOCK "); ok {
		lock, text = true, rest
	}
	m, rest, _ := strings.Cut(text, " ")
	var ops []x86op
	if _, jcc := x86Conds[m]; !jcc && m != "JMP" && m != "CALL" {
		for _, o := range splitOps(rest) {
			op, err := parseX86Op(o)
			if err != nil {
				return false, err
			}
			ops = append(ops, op)
		}
	}
	nextPC, err := next(f, i)
	if err != nil && m != "RET" && m != "JMP" && m != "CALL" {
		return false, err
	}
	s.pc = nextPC
	if cond, ok := x86Conds[m]; ok {
		t, ok := hexTarget(strings.TrimSpace(rest))
		if !ok {
			return false, fmt.Errorf("branch target")
		}
		return condBranch(x, s, cond, t)
	}
	if cond, ok := setConds[m]; ok {
		return false, c.setcc(cond, ops[0])
	}
	switch {
	case strings.HasPrefix(m, "NOP"), m == "XORPS", m == "UD2", m == "INT":
		if m == "UD2" || m == "INT" {
			return true, fmt.Errorf("reached %s", m)
		}
		return false, nil
	case m == "PUSHQ":
		v, src, err := c.read(ops[0], 8, "t1")
		if err != nil {
			return false, err
		}
		s.regs["SP"] = s.regs["SP"].add(-8)
		return false, x.store(s, s.regs["SP"], 8, v, src, nil)
	case m == "POPQ":
		v, src := x.loadSlot(s, s.regs["SP"].n, 8)
		s.regs["SP"] = s.regs["SP"].add(8)
		c.setReg(ops[0].reg, v, src, 8)
		return false, nil
	case m == "RET":
		v, _ := x.loadSlot(s, s.regs["SP"].n, 8)
		s.regs["SP"] = s.regs["SP"].add(8)
		if v.isEntryReturn() {
			x.exit(s, exitReturn)
			return true, nil
		}
		if v.kind != vRet {
			return false, fmt.Errorf("returns to %s", v)
		}
		s.pc = uint64(v.n)
		return false, nil
	case m == "CALL" || m == "JMP":
		return c.callOrJump(m, rest, f, i)
	case m == "MOVUPS":
		if ops[0].kind != 'x' || ops[0].reg != "X15" || ops[1].kind != 'm' {
			return false, fmt.Errorf("MOVUPS other than a zeroing store")
		}
		a, err := c.addr(ops[1])
		if err != nil {
			return false, err
		}
		// Two plain 8-byte stores: MOVUPS is no single-copy-atomic access
		// of its 16 bytes, and each half is ordered as a MOV is.
		for k := int64(0); k < 16; k += 8 {
			if err := x.store(s, a.add(k), 8, konst(0), "", movStore(8)); err != nil {
				return false, err
			}
		}
		return false, nil
	case m == "MOVQ" && ops[0].kind == 'm' && ops[0].base == "FS":
		s.regs[ops[1].reg] = ptr("g", 0)
		return false, nil
	case m == "MFENCE" || m == "LFENCE" || m == "SFENCE":
		x.emit("%s", strings.ToLower(m))
		return false, nil
	}
	base := x86Base(m)
	switch {
	case lock && (m == "ORL" || m == "ORQ" || m == "ADDL" || m == "ADDQ") && ops[0].kind == 'i' && ops[0].imm == 0 && ops[1].kind == 'm' && ops[1].base == "SP":
		// Mb: a locked OR of 0 below the stack pointer, a full barrier.
		loc := fmt.Sprintf("stack%d", x.tid)
		x.m.inits[loc] = 0
		x.note("LOCK %s $0 to the stack: a locked no-op on a location of this thread alone (%s), a full barrier", base, loc)
		x.emit("lock %s%s $0,(%s)", strings.ToLower(base), x86Suffix(opSize(m) == 4), loc)
		c.clobber()
		return false, nil
	case lock && base == "CMPXCHG":
		return false, c.cmpxchg(ops, opSize(m))
	case lock && base == "XADD", base == "XCHG":
		return false, c.xadd(base, ops, opSize(m))
	case lock:
		return false, fmt.Errorf("LOCK %s", m)
	case m == "MOVQ" || m == "MOVL" || m == "MOVB" || m == "MOVW":
		size := opSize(m)
		v, src, err := c.read(ops[0], size, ops[1].reg)
		if ops[1].kind == 'm' {
			v, src, err = c.read(ops[0], size, "t1")
		}
		if err != nil {
			return false, err
		}
		return false, c.write(ops[1], v, src, size)
	case x86Extends[m]:
		size := int64(1)
		switch {
		case x86WordExtension(in.Hex), strings.HasPrefix(m, "MOVW"):
			size = 2
		case strings.HasPrefix(m, "MOVL"), m == "MOVSXD":
			size = 4
		}
		v, src, err := c.read(ops[0], size, ops[1].reg)
		if err != nil {
			return false, err
		}
		dst := int64(4)
		if strings.Contains(m, "SX") {
			if v.kind == vConst {
				// The constant is kept whole: sign-extended from its
				// size, to a doubleword where the destination is one.
				v = signExtendConst(v, size)
				if strings.Contains(m, "Q") || m == "MOVSXD" {
					dst = 8
				}
			} else {
				// herd7's X86_64 has no sign extension, nor the SUB or SAR
				// to make one, and a count may be negative.
				return false, fmt.Errorf("a sign extension of a dynamic value")
			}
		}
		c.setReg(ops[1].reg, v, src, dst)
		if v.kind == vDyn && size < 4 {
			// The litmus move copies the whole register or location; the
			// machine's takes its low byte or word, which the AND keeps.
			x.emit("and $%d,%s", int64(1)<<(8*size)-1, reg(ops[1].reg, true))
			c.clobber()
		}
		return false, nil
	case m == "LEAQ" || m == "LEAL":
		return false, c.lea(ops, opSize(m))
	case base == "CMP":
		return false, c.cmp(ops, opSize(m))
	case base == "TEST" && ops[0].kind == 'r' && ops[1].kind == 'm' && (ops[1].base == ops[0].reg || m == "TESTB"):
		// The compiler's nil check: a load whose value nothing uses.
		x.note("nil checks (TEST r, (r)) are not modelled: the pointers are not nil")
		s.fl = flagsVal{}
		return false, nil
	case base == "TEST":
		return false, c.test(ops, opSize(m))
	case base == "BT":
		return false, c.bt(ops, opSize(m))
	case base == "ADD" || base == "SUB" || base == "AND" || base == "OR" || base == "XOR" ||
		base == "INC" || base == "DEC" || base == "NEG" || base == "SHL" || base == "SHR" || base == "SAR":
		return false, c.alu(base, ops, opSize(m))
	}
	return false, fmt.Errorf("instruction not modelled")
}

// condBranch branches on cond: statically on known flags, else in the
// litmus code.
func condBranch(x *xthread, s *state, cond string, target uint64) (bool, error) {
	if s.fl.kind == fStatic {
		taken, err := s.fl.holds(cond)
		if err != nil {
			return false, err
		}
		if taken {
			s.pc = target
		}
		return false, nil
	}
	if s.fl.kind == fUndef {
		return false, fmt.Errorf("branch on flags that nothing set")
	}
	return false, x.branch(s, cond, target)
}

func (c *x86ctx) callOrJump(m, rest string, f *disasm.Func, i int) (bool, error) {
	x, s := c.x, c.s
	rest = strings.TrimSpace(rest)
	if t, ok := hexTarget(rest); ok && m == "JMP" {
		s.pc = t
		return false, nil
	}
	var sym string
	switch {
	case strings.HasSuffix(rest, "(SB)"):
		sym = strings.TrimSuffix(rest, "(SB)")
	default:
		r, ok := x86Reg(rest)
		if !ok {
			return false, fmt.Errorf("call target %q", rest)
		}
		var err error
		if sym, err = calledSym(r, s.regs[r]); err != nil {
			return false, err
		}
	}
	if m == "CALL" {
		ret, err := next(f, i)
		if err != nil {
			return false, err
		}
		s.regs["SP"] = s.regs["SP"].add(-8)
		if err := x.store(s, s.regs["SP"], 8, retTo(ret), "", nil); err != nil {
			return false, err
		}
	}
	stop, enter := x.call(s, sym)
	if stop {
		return true, nil
	}
	if enter == 0 {
		// Skipped (the write barrier): the call returns at once.
		if m == "JMP" {
			return false, fmt.Errorf("a tail call of %s", sym)
		}
		s.regs["SP"] = s.regs["SP"].add(8)
		return false, nil
	}
	s.pc = enter
	return false, nil
}

func (c *x86ctx) setcc(cond string, o x86op) error {
	if o.kind != 'r' {
		return fmt.Errorf("SETcc to memory")
	}
	switch c.s.fl.kind {
	case fStatic:
		set, err := c.s.fl.holds(cond)
		if err != nil {
			return err
		}
		v := int64(0)
		if set {
			v = 1
		}
		c.s.regs[o.reg] = konst(v)
		return nil
	case fUndef:
		return fmt.Errorf("SETcc of flags that nothing set")
	}
	// mov leaves the litmus flags alone; the branch carries the value.
	l := c.x.newLabel()
	c.x.emit("%s", c.x.a.movImm(o.reg, 0, true))
	if err := c.x.branchTo(c.s, invert(cond), l); err != nil {
		return err
	}
	c.x.emit("%s", c.x.a.movImm(o.reg, 1, true))
	c.x.emit("%s:", l)
	c.s.regs[o.reg] = boolean()
	return nil
}

func (c *x86ctx) lea(ops []x86op, size int64) error {
	o, d := ops[0], ops[1]
	if o.base == "SB" || o.base == "IP" {
		a, err := c.addr(o)
		if err != nil {
			return err
		}
		c.s.regs[d.reg] = a
		return nil
	}
	b := c.s.regs[o.base]
	if _, ok := b.ptrLoc(); ok {
		// The address of a field of what a loaded pointer points to: a
		// branch here rather than at the access orders nothing more under
		// x86-TSO, where a load precedes everything after it.
		return derefDyn(o.base, b)
	}
	if o.index != "" {
		ix := c.s.regs[o.index]
		if b.kind == vDyn || ix.kind == vDyn {
			return c.leaDyn(o, d, size)
		}
		if ix.kind != vConst {
			return fmt.Errorf("LEA index %s", ix)
		}
		b = b.add(ix.n * o.scale)
	}
	if b.kind != vDyn {
		v := b.add(o.disp)
		if size == 4 {
			v = truncate(v, 4)
		}
		c.s.regs[d.reg] = v
		return nil
	}
	c.x.emitMove(d.reg, o.base, size == 4)
	if o.disp != 0 {
		c.x.emit("add%s $%d,%s", x86Suffix(size == 4), o.disp, reg(d.reg, size == 4))
		c.clobber()
	}
	c.s.regs[d.reg] = dyn()
	return nil
}

// cmp: Go's CMP a, b sets the flags of a - b.
func (c *x86ctx) cmp(ops []x86op, size int64) error {
	a, ak, err := c.read(ops[0], size, "t1")
	if err != nil {
		return err
	}
	b, bk, err := c.read(ops[1], size, "t2")
	if err != nil {
		return err
	}
	if a.static() && b.static() {
		f, ok := compareStatic(a, b, size)
		if !ok {
			return fmt.Errorf("compare of %s and %s", a, b)
		}
		c.s.fl = flagsVal{kind: fStatic, nzcv: f}
		return nil
	}
	if size < 4 && !(belowSign(a, size) && belowSign(b, size)) {
		return errNarrow(size, "compare")
	}
	w := size <= 4
	ak = c.x.operand(ak, a, "t1", w)
	if b.kind == vDyn {
		c.x.emit("cmp%s %s,%s", x86Suffix(w), reg(bk, w), reg(ak, w))
		c.dynFlags(fCmp)
	} else {
		n := b.n
		if b.kind != vConst {
			n = c.x.tag(b)
		}
		c.cmpImm(ak, n, w)
	}
	c.s.fl.addr = isAddr(a) || isAddr(b)
	return nil
}

// cmpImm compares the register of key with the immediate n, copying the
// register for an unsigned jump that may read the flags.
func (c *x86ctx) cmpImm(key string, n int64, w bool) {
	if w {
		n = int64(int32(n))
	}
	c.x.emit("%s%s", cmpCopyMark, c.x.a.movReg(cmpCopy, key, w))
	c.x.emit("cmp%s $%d,%s", x86Suffix(w), n, reg(key, w))
	c.s.fl = flagsVal{kind: fCmp, valid: true, imm: true, k: n, w32: w, src: key, line: len(c.x.lines) - 1}
}

func (c *x86ctx) test(ops []x86op, size int64) error {
	a, ak, err := c.read(ops[0], size, "t1")
	if err != nil {
		return err
	}
	b, bk, err := c.read(ops[1], size, "t2")
	if err != nil {
		return err
	}
	w := size <= 4
	switch {
	case a.static() && b.static():
		if a.kind != vConst || b.kind != vConst {
			if ops[0] == ops[1] || a.kind == vPtr && b.kind == vPtr {
				c.s.fl = flagsVal{kind: fStatic, nzcv: nzcv(false, false, true, false)}
				return nil
			}
			return fmt.Errorf("TEST of %s and %s", a, b)
		}
		c.s.fl = flagsVal{kind: fStatic, nzcv: compareConsts(a.n&b.n, 0, size)}
	case size < 4 && !(belowSign(a, size) && belowSign(b, size)):
		return errNarrow(size, "TEST")
	case ops[0] == ops[1] || b.kind == vConst && b.n == -1:
		c.cmpImm(ak, 0, w)
	default:
		if a.kind != vDyn {
			a, ak, b, bk = b, bk, a, ak
		}
		c.x.emitMove("t3", ak, w)
		// herd7's X86_64 has AND without a size: the register gives it.
		if b.kind == vDyn {
			c.x.emit("and %s,%s", reg(bk, w), reg("t3", w))
		} else {
			c.x.emit("and $%d,%s", b.n, reg("t3", w))
		}
		c.dynFlags(fZero)
	}
	return nil
}

func (c *x86ctx) bt(ops []x86op, size int64) error {
	if ops[0].kind != 'i' || ops[1].kind != 'r' {
		return fmt.Errorf("BT form")
	}
	v := c.s.regs[ops[1].reg]
	bit := ops[0].imm
	if v.kind == vConst {
		// x86's CF is the bit; in the ARM convention C is its complement.
		c.s.fl = flagsVal{kind: fStatic, nzcv: nzcv(false, false, v.n>>bit&1 == 0, false)}
		return nil
	}
	if v.kind != vDyn {
		return fmt.Errorf("BT of %s", v)
	}
	w := size <= 4
	c.x.emitMove("t3", ops[1].reg, w)
	c.x.emit("and $%d,%s", int64(1)<<bit, reg("t3", w))
	c.dynFlags(fBit)
	return nil
}

func (c *x86ctx) alu(op string, ops []x86op, size int64) error {
	if size < 4 {
		return errNarrow(size, op)
	}
	w := size == 4
	if op == "INC" || op == "DEC" || op == "NEG" {
		ops = append([]x86op{{kind: 'i', imm: 1}}, ops...)
	}
	dst := ops[len(ops)-1]
	if op == "XOR" && ops[0] == dst && dst.kind == 'r' {
		c.s.regs[dst.reg] = konst(0)
		c.s.fl = flagsVal{kind: fStatic, nzcv: compareConsts(0, 0, size)}
		return nil
	}
	b, bk, err := c.read(ops[0], size, "t2")
	if err != nil {
		return err
	}
	if dst.kind == 'm' {
		a, err := c.addr(dst)
		if err != nil {
			return err
		}
		if a.isStack() {
			return fmt.Errorf("arithmetic on a stack slot")
		}
		loc, err := c.x.rmwLoc(a, size)
		if err != nil {
			return err
		}
		src := fmt.Sprintf("$%d", b.n)
		if b.kind == vDyn {
			src = reg(bk, w)
		} else if b.kind != vConst {
			return fmt.Errorf("arithmetic on memory with %s", b)
		}
		switch op {
		case "INC", "DEC":
			c.x.emit("%s%s (%s)", strings.ToLower(op), x86Suffix(w), loc)
		case "NEG", "SHL", "SHR", "SAR":
			return fmt.Errorf("%s on memory", op)
		default:
			c.x.emit("%s", x86ALUText(c.x, op, src, "("+loc+")", w))
		}
		c.dynFlags(fZero)
		return nil
	}
	a := c.s.regs[dst.reg]
	if a.static() && b.static() {
		r, ok := staticALU(op, a, b, w)
		if !ok {
			return fmt.Errorf("%s of %s and %s", op, a, b)
		}
		c.s.regs[dst.reg] = r
		if r.kind == vConst {
			c.s.fl = aluFlags(op, a.n, b.n, r.n, size, c.s.fl)
		} else {
			c.s.fl = flagsVal{}
		}
		return nil
	}
	if op == "NEG" || op == "SHL" || op == "SHR" || op == "SAR" {
		return fmt.Errorf("%s of a dynamic value", op)
	}
	if a.kind != vDyn {
		c.x.materialize(dst.reg, a, w)
	}
	src := reg(bk, w)
	if b.kind != vDyn {
		n := b.n
		if b.kind != vConst {
			n = c.x.tag(b)
		}
		src = fmt.Sprintf("$%d", n)
	}
	if op == "INC" || op == "DEC" {
		c.x.emit("%s%s %s", strings.ToLower(op), x86Suffix(w), reg(dst.reg, w))
	} else {
		c.x.emit("%s", x86ALUText(c.x, op, src, reg(dst.reg, w), w))
	}
	c.s.regs[dst.reg] = dyn()
	c.dynFlags(fZero)
	return nil
}

// errNarrow refuses a byte or word operation: the machine's keeps the rest
// of the register and sets the flags from the low bytes alone, where
// herd7's X86_64 computes on whole registers. A compare or TEST of known
// values is decided with the flags of its width instead, and one of values
// below the width's sign bit (SETcc's 0 or 1) is the same on the whole
// register.
func errNarrow(size int64, op string) error {
	return fmt.Errorf("a %d-byte %s, which is not modelled", size, op)
}

// staticALU computes op on static values: integers, and offsets added to
// or subtracted from an address.
func staticALU(op string, a, b val, w32 bool) (val, bool) {
	if a.kind == vPtr || b.kind == vPtr {
		switch {
		case a.kind == vPtr && b.kind == vConst && (op == "ADD" || op == "INC"):
			return a.add(b.n), true
		case a.kind == vPtr && b.kind == vConst && (op == "SUB" || op == "DEC"):
			return a.add(-b.n), true
		case b.kind == vPtr && a.kind == vConst && op == "ADD":
			return b.add(a.n), true
		}
		return val{}, false
	}
	if a.kind != vConst || b.kind != vConst {
		return val{}, false
	}
	var r int64
	switch op {
	case "ADD", "INC":
		r = a.n + b.n
	case "SUB", "DEC":
		r = a.n - b.n
	case "AND":
		r = a.n & b.n
	case "OR":
		r = a.n | b.n
	case "XOR":
		r = a.n ^ b.n
	case "NEG":
		r = -a.n
	case "SHL":
		r = a.n << shiftCount(b.n, w32)
	case "SHR":
		r = int64(uint64(a.n) >> shiftCount(b.n, w32))
		if w32 {
			r = int64(uint32(a.n) >> shiftCount(b.n, w32))
		}
	case "SAR":
		r = a.n >> shiftCount(b.n, w32)
		if w32 {
			r = int64(int32(a.n) >> shiftCount(b.n, w32))
		}
	default:
		return val{}, false
	}
	v := konst(r)
	if w32 {
		v = truncate(v, 4)
	}
	return v, true
}

// shiftCount is the count of a shift by n, which the machine takes
// modulo the width in bits.
func shiftCount(n int64, w32 bool) uint {
	if w32 {
		return uint(n) & 31
	}
	return uint(n) & 63
}

// aluFlags returns the flags that op leaves, having computed r from the
// integers a (the destination) and b (the source; 1 for INC, DEC and NEG)
// on size bytes, given the flags before it. ADD, SUB and NEG set all four
// as the machine does; AND, OR and XOR clear the carry and the overflow.
// INC and DEC keep the carry of before; a shift by 0 keeps every flag,
// and the carry and overflow of other shifts are left unknown.
func aluFlags(op string, a, b, r, size int64, before flagsVal) flagsVal {
	f := flagsVal{kind: fStatic}
	switch op {
	case "ADD", "INC":
		f.nzcv = addConsts(a, b, size)
	case "SUB", "DEC":
		f.nzcv = compareConsts(a, b, size)
	case "NEG":
		f.nzcv = compareConsts(0, a, size)
	case "SHL", "SHR", "SAR":
		if shiftCount(b, size == 4) == 0 {
			return before
		}
		f.nzcv, f.unknown = compareConsts(r, 0, size), flagC|flagV
	default:
		f.nzcv = compareConsts(r, 0, size)
	}
	if op == "INC" || op == "DEC" {
		f.nzcv &^= flagC
		if before.kind == fStatic {
			f.nzcv |= before.nzcv & flagC
			f.unknown |= before.unknown & flagC
		} else {
			f.unknown |= flagC
		}
	}
	return f
}

func (c *x86ctx) cmpxchg(ops []x86op, size int64) error {
	w := size <= 4
	a, err := c.addr(ops[1])
	if err != nil {
		return err
	}
	loc, err := c.x.rmwLoc(a, size)
	if err != nil {
		return err
	}
	if acc := c.s.regs["AX"]; acc.kind != vDyn {
		c.x.materialize("AX", acc, w)
	}
	nv := c.s.regs[ops[0].reg]
	src := c.x.operand(ops[0].reg, nv, "t1", w)
	// herd7 writes the memory operand first.
	c.x.emit("lock cmpxchg%s (%s),%s", x86Suffix(w), loc, reg(src, w))
	c.s.regs["AX"] = dyn()
	c.dynFlags(fCmp)
	return nil
}

func (c *x86ctx) xadd(op string, ops []x86op, size int64) error {
	w := size <= 4
	r, mo := ops[0], ops[1]
	if r.kind != 'r' {
		r, mo = mo, r
	}
	a, err := c.addr(mo)
	if err != nil {
		return err
	}
	loc, err := c.x.rmwLoc(a, size)
	if err != nil {
		return err
	}
	if v := c.s.regs[r.reg]; v.kind != vDyn {
		c.x.materialize(r.reg, v, w)
	}
	if op == "XCHG" {
		c.x.emit("xchg%s %s,(%s)", x86Suffix(w), reg(r.reg, w), loc)
	} else {
		c.x.emit("%slock xadd%s %s,(%s)", xaddMark, x86Suffix(w), reg(r.reg, w), loc)
	}
	c.s.regs[r.reg] = dyn()
	c.s.fl = flagsVal{}
	return nil
}

// leaDyn is LEA disp(base)(index*1) where base or index is dynamic: a sum
// that the compiler computes with LEA rather than ADD.
func (c *x86ctx) leaDyn(o, d x86op, size int64) error {
	if o.scale != 1 {
		return fmt.Errorf("LEA with a dynamic index scaled by %d", o.scale)
	}
	w := size == 4
	b, ix := c.s.regs[o.base], c.s.regs[o.index]
	for _, v := range []val{b, ix} {
		if v.kind != vDyn && v.kind != vConst {
			return fmt.Errorf("LEA of %s", v)
		}
	}
	bk := c.x.operand(o.base, b, "t1", w)
	ik := c.x.operand(o.index, ix, "t2", w)
	c.x.emitMove("t4", bk, w)
	c.x.emit("add%s %s,%s", x86Suffix(w), reg(ik, w), reg("t4", w))
	if o.disp != 0 {
		c.x.emit("add%s $%d,%s", x86Suffix(w), o.disp, reg("t4", w))
	}
	c.x.emitMove(d.reg, "t4", w)
	c.clobber()
	c.s.regs[d.reg] = dyn()
	return nil
}
