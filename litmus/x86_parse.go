package litmus

import (
	"fmt"
	"strings"
)

type x86Op int

const (
	x86MOV x86Op = iota
	x86XCHG
	x86CMPXCHG
	x86XADD
	x86ALU // ADD SUB AND OR XOR; INC and DEC as ADD and SUB of 1
	x86CMP
	x86Fence
	x86JMP
	x86Jcc
	x86NOP // NOP, NOPL, NOPW, ENDBR64
	x86RET // ends the thread
)

type operandKind int

const (
	opImm operandKind = iota + 1
	opReg
	opMem
)

// x86Operand is an immediate, a register, or memory at a location (sym)
// or at a register's value (base) plus disp, plus index times scale when
// index is set (AT&T "disp(%base,%index,scale)").
type x86Operand struct {
	kind  operandKind
	imm   int64
	reg   string // canonical register name
	w32   bool   // a 32-bit view of a 64-bit register (X86_64)
	sym   string
	base  string
	disp  int64
	index string // canonical register name
	i32   bool   // index is a 32-bit view
	scale int64
}

// x86Instr is one parsed x86 instruction, operands in Intel order (dst, src)
// whatever the syntax of the test.
type x86Instr struct {
	text     string
	op       x86Op
	name     string // ALU operation (ADD, ORR, EOR...) or a jump's condition (EQ, LT...)
	lock     bool
	dst, src x86Operand
	label    string
	fence    fenceKind
	acc      string // the accumulator: rax or EAX
	w32      bool   // a 32-bit operation
	sized    bool   // the mnemonic has a size suffix (AT&T)
}

func (in *x86Instr) String() string { return in.text }

func (in *x86Instr) target() string { return in.label }

func (in *x86Instr) syms() []string {
	var out []string
	for _, o := range []x86Operand{in.dst, in.src} {
		if o.sym != "" {
			out = append(out, o.sym)
		}
	}
	return out
}

// x86Jumps maps the conditional jumps, in the assembler's names and in
// herd7's (JLT, JGT), to their conditions. herd7's X86_64 JLT also jumps on
// equality, and its JS and JNS test whether the compared value is greater;
// here every jump has the processor's meaning.
var x86Jumps = map[string]string{
	"JE": "EQ", "JZ": "EQ", "JNE": "NE", "JNZ": "NE", "JL": "LT", "JLT": "LT", "JGE": "GE", "JLE": "LE",
	"JG": "GT", "JGT": "GT", "JB": "LO", "JAE": "HS", "JA": "HI", "JBE": "LS", "JS": "MI", "JNS": "PL",
}

var x86Bases = []string{"CMPXCHG", "XCHG", "XADD", "MOV", "ADD", "SUB", "AND", "XOR", "OR", "INC", "DEC", "CMP", "SHL"}

// parseATT parses X86_64 AT&T syntax: "movl $1,(x)", "lock xaddl %eax,(x)".
func parseATT(text string) (*x86Instr, error) {
	in, ops, err := x86Common(text, "rax", true)
	if err != nil || ops == nil {
		return in, err
	}
	parsed := make([]x86Operand, len(ops))
	for i, o := range ops {
		if parsed[i], err = attOperand(o); err != nil {
			return nil, err
		}
	}
	// AT&T writes the source first.
	for i, j := 0, len(parsed)-1; i < j; i, j = i+1, j-1 {
		parsed[i], parsed[j] = parsed[j], parsed[i]
	}
	return in, in.setOperands(parsed)
}

// parseIntel parses X86 Intel syntax: "MOV [x],$1", "LOCK XADD [x],EAX".
func parseIntel(text string) (*x86Instr, error) {
	in, ops, err := x86Common(text, "EAX", false)
	if err != nil || ops == nil {
		return in, err
	}
	parsed := make([]x86Operand, len(ops))
	for i, o := range ops {
		if parsed[i], err = intelOperand(o); err != nil {
			return nil, err
		}
	}
	return in, in.setOperands(parsed)
}

// x86Common reads the prefix and mnemonic. Fences and jumps are complete
// after it (ops is nil); other instructions still need their operands.
func x86Common(text, acc string, suffixes bool) (*x86Instr, []string, error) {
	in := &x86Instr{text: text, acc: acc}
	m, rest := mnemonic(text)
	if m == "LOCK" {
		in.lock = true
		m, rest = mnemonic(rest)
	}
	ops := operands(rest)
	switch m {
	case "MFENCE", "LFENCE", "SFENCE":
		in.op, in.fence = x86Fence, map[string]fenceKind{"MFENCE": fenceFull, "LFENCE": fenceLoad, "SFENCE": fenceStore}[m]
		return in, nil, in.noLock(want(ops, 0, m))
	case "NOP", "ENDBR64":
		in.op = x86NOP
		return in, nil, in.noLock(want(ops, 0, m))
	case "NOPL", "NOPW":
		// A multi-byte NOP: its memory operand is not accessed.
		in.op = x86NOP
		return in, nil, in.noLock(want(ops, 1, m))
	case "RET", "RETQ":
		in.op = x86RET
		return in, nil, in.noLock(want(ops, 0, m))
	case "JMP":
		in.op = x86JMP
		l, err := labelOperand(ops, 0, 1, m)
		in.label = l
		return in, nil, in.noLock(err)
	}
	if c, ok := x86Jumps[m]; ok {
		in.op, in.name = x86Jcc, c
		l, err := labelOperand(ops, 0, 1, m)
		in.label = l
		return in, nil, in.noLock(err)
	}
	base := ""
	in.w32 = !suffixes
	for _, b := range x86Bases {
		if m == b || suffixes && (m == b+"L" || m == b+"Q") {
			base = b
			in.sized = m != b
			in.w32 = in.w32 || m == b+"L"
			break
		}
	}
	switch base {
	case "MOV":
		in.op = x86MOV
	case "XCHG":
		in.op = x86XCHG
	case "CMPXCHG":
		in.op = x86CMPXCHG
	case "XADD":
		in.op = x86XADD
	case "ADD", "SUB", "AND":
		in.op, in.name = x86ALU, base
	case "OR":
		in.op, in.name = x86ALU, "ORR"
	case "XOR":
		in.op, in.name = x86ALU, "EOR"
	case "INC":
		in.op, in.name = x86ALU, "ADD"
	case "DEC":
		in.op, in.name = x86ALU, "SUB"
	case "SHL":
		in.op, in.name = x86ALU, base
	case "CMP":
		in.op = x86CMP
	default:
		return nil, nil, fmt.Errorf("unknown or unsupported x86 instruction %q", m)
	}
	if in.lock && (in.op == x86MOV || in.op == x86CMP) {
		return nil, nil, fmt.Errorf("LOCK cannot prefix %s", m)
	}
	n := 2
	if base == "INC" || base == "DEC" {
		n = 1
	}
	if err := want(ops, n, m); err != nil {
		return nil, nil, err
	}
	return in, ops, nil
}

func (in *x86Instr) noLock(err error) error {
	if err == nil && in.lock {
		return fmt.Errorf("LOCK cannot prefix %q", in.text)
	}
	return err
}

func (in *x86Instr) setOperands(ops []x86Operand) error {
	in.dst = ops[0]
	if len(ops) > 1 {
		in.src = ops[1]
	} else {
		// INC and DEC: the source is an implicit 1.
		in.src = x86Operand{kind: opImm, imm: 1}
	}
	if !in.sized && (in.dst.w32 || in.src.w32 || in.dst.kind != opReg && in.src.kind != opReg) {
		in.w32 = true
	}
	if in.dst.kind == opImm {
		return fmt.Errorf("an immediate cannot be a destination in %q", in.text)
	}
	if err := in.checkWidths(); err != nil {
		return err
	}
	if in.dst.kind == opMem && in.src.kind == opMem {
		return fmt.Errorf("two memory operands in %q", in.text)
	}
	switch in.op {
	case x86XCHG:
		if in.dst.kind == opReg && in.src.kind == opMem {
			in.dst, in.src = in.src, in.dst
		}
		if in.src.kind != opReg {
			return fmt.Errorf("XCHG needs a register in %q", in.text)
		}
	case x86CMPXCHG, x86XADD:
		// herd7 writes the memory operand of CMPXCHG first in AT&T
		// syntax, the assembler last: the operand kinds tell which.
		if in.op == x86CMPXCHG && in.dst.kind == opReg && in.src.kind == opMem {
			in.dst, in.src = in.src, in.dst
		}
		if in.dst.kind != opMem || in.src.kind != opReg {
			return fmt.Errorf("%q needs a memory destination and a register source", in.text)
		}
	}
	if in.lock && in.dst.kind != opMem {
		return fmt.Errorf("LOCK needs a memory destination in %q", in.text)
	}
	return nil
}

func attOperand(s string) (x86Operand, error) {
	if n, ok := parseInt(s); ok {
		// herd7 takes a bare number for an immediate.
		return x86Operand{kind: opImm, imm: n}, nil
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		// herd7 also writes memory in brackets: [x], [%rax], but not
		// with an index.
		if strings.Contains(s, ",") {
			return x86Operand{}, fmt.Errorf("bad operand %q", s)
		}
		s = "(" + s[1:len(s)-1] + ")"
	}
	if seg, rest, ok := strings.Cut(s, ":"); ok {
		return attSegment(s, strings.TrimSpace(seg), strings.TrimSpace(rest))
	}
	switch {
	case strings.HasPrefix(s, "$"):
		n, ok := parseInt(strings.TrimSpace(s[1:]))
		if !ok {
			return x86Operand{}, fmt.Errorf("bad immediate %q", s)
		}
		return x86Operand{kind: opImm, imm: n}, nil
	case strings.HasPrefix(s, "%"):
		r, ok := x86_64Register(s)
		if !ok {
			return x86Operand{}, fmt.Errorf("bad register %q", s)
		}
		return x86Operand{kind: opReg, reg: r, w32: x86Is32(s)}, nil
	case strings.HasSuffix(s, ")"):
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		o := x86Operand{kind: opMem}
		if d := strings.TrimSpace(s[:i]); d != "" {
			n, ok := parseInt(d)
			if !ok {
				return o, fmt.Errorf("bad displacement %q", s)
			}
			o.disp = n
		}
		inner := strings.TrimSpace(s[i+1 : len(s)-1])
		if strings.Contains(inner, ",") {
			return o, o.scaled(s, inner)
		}
		if strings.HasPrefix(inner, "%") {
			r, ok := x86_64Register(inner)
			if !ok || x86Is32(inner) {
				return o, fmt.Errorf("bad base register %q", inner)
			}
			o.base = r
			return o, nil
		}
		if !isIdent(inner) {
			break
		}
		o.sym = inner
		return o, nil
	}
	return x86Operand{}, fmt.Errorf("bad operand %q", s)
}

// scaled reads the "%base,%index,scale" of "disp(%base,%index,scale)". As
// in herd7, the base, the index and the scale are all required; the index
// may be a 32-bit register, which is zero-extended.
func (o *x86Operand) scaled(s, inner string) error {
	parts := strings.Split(inner, ",")
	if len(parts) != 3 {
		return fmt.Errorf("bad memory operand %q: the indexed form is disp(%%base,%%index,scale)", s)
	}
	b, i, k := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
	r, ok := x86_64Register(b)
	if !ok || !strings.HasPrefix(b, "%") || x86Is32(b) {
		return fmt.Errorf("bad base register %q in %q", b, s)
	}
	o.base = r
	if o.index, ok = x86_64Register(i); !ok || !strings.HasPrefix(i, "%") {
		return fmt.Errorf("bad index register %q in %q", i, s)
	}
	o.i32 = x86Is32(i)
	if o.scale, ok = parseInt(k); !ok {
		return fmt.Errorf("bad scale %q in %q", k, s)
	}
	return nil
}

// attSegment reads "%cs:disp(%base,%index,scale)", herd7's one form with a
// segment, whose register herd7 ignores. Only %cs is taken: its base is
// zero in 64-bit mode, so ignoring it keeps the address, which ignoring
// %fs or %gs would not.
func attSegment(s, seg, rest string) (x86Operand, error) {
	if !strings.EqualFold(seg, "%cs") || strings.Contains(rest, ":") {
		return x86Operand{}, fmt.Errorf("unsupported segment %q in %q: only %%cs, whose base is zero", seg, s)
	}
	o, err := attOperand(rest)
	if err != nil {
		return o, err
	}
	if o.kind != opMem || o.index == "" || strings.HasPrefix(rest, "(") {
		return x86Operand{}, fmt.Errorf("bad memory operand %q: a segment prefixes disp(%%base,%%index,scale)", s)
	}
	return o, nil
}

func intelOperand(s string) (x86Operand, error) {
	if n, ok := parseInt(strings.TrimPrefix(s, "$")); ok {
		return x86Operand{kind: opImm, imm: n}, nil
	}
	if r, ok := x86Register(s); ok {
		return x86Operand{kind: opReg, reg: r}, nil
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if r, ok := x86Register(inner); ok {
			return x86Operand{kind: opMem, base: r}, nil
		}
		if isIdent(inner) {
			return x86Operand{kind: opMem, sym: inner}, nil
		}
	}
	return x86Operand{}, fmt.Errorf("bad operand %q", s)
}

// checkWidths rejects register operands of different widths, such as
// "movq %eax,(x)" or "mov %eax,%rbx": the assembler refuses them, and the
// checker would otherwise have to guess which width was meant.
func (in *x86Instr) checkWidths() error {
	var regs []x86Operand
	for _, o := range []x86Operand{in.dst, in.src} {
		if o.kind == opReg {
			regs = append(regs, o)
		}
	}
	for _, o := range regs {
		if in.sized && o.w32 != in.w32 || o.w32 != regs[0].w32 {
			return fmt.Errorf("%q mixes 32-bit and 64-bit operands", in.text)
		}
	}
	return nil
}
