package verify

import "fmt"

// Flag bits in the litmus package's convention, which is ARM's for both
// architectures: C set means no borrow (x86's CF is its complement), and
// the x86 conditional jumps are named by the ARM condition they test.
const (
	flagV = 1 << iota
	flagC
	flagZ
	flagN
)

// flagsKind says how much the extraction knows of the condition flags.
type flagsKind uint8

const (
	fUndef flagsKind = iota
	// fStatic: known; nzcv holds them.
	fStatic
	// fCmp: a compare of dynamic operands, emitted as a litmus CMP: every
	// condition reads them exactly.
	fCmp
	// fZero: set by an ALU result (x86 ADD, SUB of a register, AND...), and
	// emitted as the litmus ALU instruction, which sets them by comparing
	// its result with 0: only EQ, NE, MI and PL read them exactly.
	fZero
	// fBit: x86 BT: C holds the tested bit. Emitted as a litmus AND into a
	// scratch register, so the litmus Z flag holds its complement.
	fBit
)

type flagsVal struct {
	kind flagsKind
	nzcv int
	// unknown: of an fStatic, the bits of nzcv that the machine sets and
	// the extraction does not know (a shift's carry and overflow, the
	// carry that INC and DEC keep from an unknown compare). A condition
	// that reads one is refused (holds).
	unknown int
	// valid: the litmus flags still hold what the machine's hold; an
	// emitted instruction that sets the litmus flags for another reason
	// clears it.
	valid bool
	// imm: an fCmp that compared the register of src with the immediate
	// k on w32 or 64 bits, emitted as lines[line] of the thread, which
	// herd7's lowering of an unsigned jump redoes.
	imm  bool
	k    int64
	w32  bool
	src  string
	line int
	// addr: an fCmp of an address, whose number in the test has none of
	// the machine's order: only EQ and NE may read it.
	addr bool
}

func (f flagsVal) key() string {
	switch f.kind {
	case fStatic:
		return string([]rune{'a' + rune(f.nzcv), 'a' + rune(f.unknown)})
	case fUndef:
		return "-"
	}
	if !f.valid {
		return "x"
	}
	k := string(rune('A' + int(f.kind)))
	if f.imm {
		// Joined paths share the code that redoes the compare.
		k = fmt.Sprintf("C%d", f.line)
	}
	if f.addr {
		k += "&"
	}
	return k
}

// compareConsts returns the flags of a - b on the low size bytes of each
// (1, 2, 4 or 8), as the machine computes a compare of that width: both
// shifted to the top of a doubleword, so that the sign, carry and overflow
// of the subtraction are those of its width.
func compareConsts(a, b, size int64) int {
	sh := uint(64 - 8*size)
	x, y := uint64(a)<<sh, uint64(b)<<sh
	r := x - y
	return nzcv(r>>63 != 0, r == 0, x >= y, ((x^y)&(x^r))>>63 != 0)
}

// addConsts returns the flags of a + b on the low size bytes of each, as
// x86 sets them (C the complement of its carry, as for compareConsts).
func addConsts(a, b, size int64) int {
	sh := uint(64 - 8*size)
	x, y := uint64(a)<<sh, uint64(b)<<sh
	r := x + y
	return nzcv(r>>63 != 0, r == 0, r >= x, (^(x^y)&(x^r))>>63 != 0)
}

func nzcv(n, z, c, v bool) int {
	f := 0
	for i, b := range []bool{v, c, z, n} {
		if b {
			f |= 1 << i
		}
	}
	return f
}

// compareStatic compares two static values, of size bytes: integers as
// numbers of that width; an address and anything else as unequal, an
// address above nil and a stack address above g's stack bound (the
// prologue's check never fires).
func compareStatic(a, b val, size int64) (int, bool) {
	switch {
	case a.kind == vConst && b.kind == vConst:
		return compareConsts(a.n, b.n, size), true
	case a.kind == vPtr && b.kind == vPtr && a.obj == b.obj:
		return compareConsts(a.n, b.n, 8), true
	case a.kind == vPtr && (b.kind == vConst && b.n == 0 || b.kind == vPtr && b.obj == "guard"):
		return nzcv(false, false, true, false), true // a > b, unsigned and signed
	case b.kind == vPtr && (a.kind == vConst && a.n == 0 || a.kind == vPtr && a.obj == "guard"):
		return nzcv(true, false, false, false), true // a < b
	case a.kind == vPtr && b.kind == vPtr:
		return nzcv(false, false, true, false), true // unequal; the order is arbitrary but fixed
	}
	return 0, false
}

// condHolds evaluates an ARM condition (EQ, NE, HS, LO, MI, PL, VS, VC, HI,
// LS, GE, LT, GT, LE) on nzcv. The decoders map each branch they model to
// one of them, so any other is a defect of a decoder, and panics.
func condHolds(cond string, f int) bool {
	n, z, c, v := f&flagN != 0, f&flagZ != 0, f&flagC != 0, f&flagV != 0
	switch cond {
	case "EQ":
		return z
	case "NE":
		return !z
	case "HS", "CS":
		return c
	case "LO", "CC":
		return !c
	case "MI":
		return n
	case "PL":
		return !n
	case "VS":
		return v
	case "VC":
		return !v
	case "HI":
		return c && !z
	case "LS":
		return !c || z
	case "GE":
		return n == v
	case "LT":
		return n != v
	case "GT":
		return !z && n == v
	case "LE":
		return z || n != v
	}
	panic(fmt.Sprintf("verify: condHolds of the unknown condition %q", cond))
}

// condReads returns the flag bits that an ARM condition reads.
func condReads(cond string) int {
	switch cond {
	case "EQ", "NE":
		return flagZ
	case "HS", "CS", "LO", "CC":
		return flagC
	case "MI", "PL":
		return flagN
	case "VS", "VC":
		return flagV
	case "HI", "LS":
		return flagC | flagZ
	case "GE", "LT":
		return flagN | flagV
	}
	return flagZ | flagN | flagV // GT, LE
}

// holds evaluates cond on known flags (fStatic), refusing a condition
// that reads a flag the extraction does not know.
func (f flagsVal) holds(cond string) (bool, error) {
	if f.unknown&condReads(cond) != 0 {
		return false, fmt.Errorf("%s reads a flag that the instruction which set the flags leaves unknown here", cond)
	}
	return condHolds(cond, f.nzcv), nil
}

// invert returns the condition that holds exactly when cond does not.
func invert(cond string) string {
	return map[string]string{"EQ": "NE", "NE": "EQ", "HS": "LO", "LO": "HS", "CS": "CC", "CC": "CS",
		"MI": "PL", "PL": "MI", "VS": "VC", "VC": "VS", "HI": "LS", "LS": "HI", "GE": "LT",
		"LT": "GE", "GT": "LE", "LE": "GT"}[cond]
}
