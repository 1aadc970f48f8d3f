package verify

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// arch is what the extraction needs of one instruction set: the machine
// code's semantics over abstract values, and the litmus syntax it emits.
// Emitted lines name registers by key, as {KEY:w} or {KEY:x} (32 or 64
// bits); render assigns the names.
type arch interface {
	litmusArch() string // "AArch64", "X86_64" or "PPC"
	model() string      // the litmus model: "aarch64", "x86tso" or "ppc"
	// enter sets up the state at the entry of a thread called with args.
	enter(s *state, args []val)
	step(x *xthread, s *state, f *disasm.Func, i int) (stop bool, err error)
	// operands gives how many operands the mnemonic m takes, at least lo
	// and at most hi, for the mnemonics that step models (ok). step reads
	// operands by position: a line with another number is refused before
	// it, rather than read out of range or in part.
	operands(m string) (lo, hi int, ok bool)
	jump(label string) string
	// condJump emits a jump to label on the condition cond of the flags fl.
	condJump(x *xthread, fl flagsVal, cond, label string)
	// jumpIfEqual emits a jump to label where the 64-bit register of key
	// holds n, which fits in 32 bits (a tag or nil): it may overwrite the
	// flags.
	jumpIfEqual(x *xthread, key string, n int64, label string)
	movImm(key string, n int64, w32 bool) string
	movReg(dst, src string, w32 bool) string
	resultReg() string
	// identity returns the litmus name a key always has (a machine
	// register's own), or false for a key that takes a free name.
	identity(key string) (string, bool)
	pool() []string
	regText(name string, w32 bool) string
}

func reg(key string, w32 bool) string {
	if w32 {
		return "{" + key + ":w}"
	}
	return "{" + key + ":x}"
}

var placeholder = regexp.MustCompile(`\{([^{}:]+):([wx])\}`)

// render replaces the register keys in lines by litmus register names:
// machine registers keep their own, the others (stack slots, scratch, the
// exit register, address registers) take names no machine register of the
// thread uses, one each, or shared between keys never live at once where
// there are not enough (shareNames). extra are keys read after the last
// line. It returns the lines and the key to name mapping.
func render(a arch, lines []string, extra ...string) ([]string, map[string]string, error) {
	names := map[string]string{}
	used := map[string]bool{}
	var free []string
	keys := extra
	for _, l := range lines {
		for _, m := range placeholder.FindAllStringSubmatch(l, -1) {
			keys = append(keys, m[1])
		}
	}
	for _, k := range keys {
		if n, ok := a.identity(k); ok {
			names[k] = n
			used[n] = true
		}
	}
	for _, n := range a.pool() {
		if !used[n] {
			free = append(free, n)
		}
	}
	var own []string
	for _, k := range keys {
		if _, ok := names[k]; !ok && !slices.Contains(own, k) {
			own = append(own, k)
		}
	}
	if len(own) > len(free) {
		shared, ok := shareNames(lines, own, free, extra)
		if !ok {
			return nil, nil, fmt.Errorf("the thread needs more litmus registers than %s has", a.litmusArch())
		}
		maps.Copy(names, shared)
	} else {
		for i, k := range own {
			names[k] = free[i]
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = placeholder.ReplaceAllStringFunc(l, func(s string) string {
			m := placeholder.FindStringSubmatch(s)
			return a.regText(names[m[1]], m[2] == "w")
		})
	}
	return out, names, nil
}

// numberedReg is the litmus name of machine register key, 1 to 31 after
// the prefix machine, on an architecture whose register 0 reads as 0 and
// is never a litmus register of a key (Power, RISC-V).
func numberedReg(key, machine, litmus string) (string, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(key, machine))
	if err == nil && strings.HasPrefix(key, machine) && n >= 1 && n <= 31 {
		return litmus + strconv.Itoa(n), true
	}
	return "", false
}

// numberedPool lists the litmus registers 31 down to 1 of such an
// architecture.
func numberedPool(litmus string) []string {
	var out []string
	for n := 31; n >= 1; n-- {
		out = append(out, litmus+strconv.Itoa(n))
	}
	return out
}

// asmOp is an operand of go tool objdump's ppc64 and riscv64 syntax.
type asmOp struct {
	kind  byte // 'r' register, 'i' immediate, 'm' memory, 't' branch target, 's' symbol
	reg   string
	index string // 'm': the index register of (Ra)(Rb)
	imm   int64
	sym   string
}

// parseAsmOp parses an operand: $imm, sym(SB), a branch target 0x…,
// off(Ra) or (Ra)(Rb), or a register.
func parseAsmOp(s string) (asmOp, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "$"):
		n, err := parseInt(s[1:])
		return asmOp{kind: 'i', imm: n}, err
	case strings.HasSuffix(s, "(SB)"):
		return asmOp{kind: 's', sym: strings.TrimSuffix(s, "(SB)")}, nil
	case strings.HasPrefix(s, "0x"):
		t, ok := hexTarget(s)
		if !ok {
			return asmOp{}, fmt.Errorf("branch target %q", s)
		}
		return asmOp{kind: 't', imm: int64(t)}, nil
	case strings.HasSuffix(s, ")"):
		i := strings.IndexByte(s, '(')
		var off int64
		if i > 0 {
			n, err := parseInt(s[:i])
			if err != nil {
				return asmOp{}, err
			}
			off = n
		}
		base, index, _ := strings.Cut(strings.TrimSuffix(s[i+1:], ")"), ")(")
		return asmOp{kind: 'm', reg: base, index: index, imm: off}, nil
	}
	return asmOp{kind: 'r', reg: s}, nil
}

// regCtx carries one instruction's interpretation on a machine whose
// register zero (R0 on Power, X0 on RISC-V) reads as 0 and ignores writes.
type regCtx struct {
	x    *xthread
	s    *state
	zero string
}

func (c *regCtx) get(r string) val {
	if r == c.zero {
		return konst(0)
	}
	return c.s.regs[r]
}

// value is what an operand holds: an immediate, or a register's value.
func (c *regCtx) value(o asmOp) val {
	if o.kind == 'i' {
		return konst(o.imm)
	}
	return c.get(o.reg)
}

// set writes v (held by key src when dynamic) to register r.
func (c *regCtx) set(r string, v val, src string) {
	if r == c.zero {
		return
	}
	if v.kind == vDyn {
		c.x.emitMove(r, src, false)
	}
	c.s.regs[r] = v
}

// hexTarget parses an absolute branch target, "0x4b797f".
func hexTarget(s string) (uint64, bool) {
	var t uint64
	if _, err := fmt.Sscanf(s, "0x%x", &t); err != nil || !strings.HasPrefix(s, "0x") {
		return 0, false
	}
	return t, true
}

// next is the address of the instruction after f.Insts[i].
func next(f *disasm.Func, i int) (uint64, error) {
	if i+1 >= len(f.Insts) {
		return 0, fmt.Errorf("runs off the end of %s", f.Symbol)
	}
	return f.Insts[i+1].PC, nil
}
