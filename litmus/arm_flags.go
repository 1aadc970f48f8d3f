package litmus

import "math/bits"

// NZCV flags as bits.
const (
	flagN = 8
	flagZ = 4
	flagC = 2
	flagV = 1
)

func flags(n, z, c, v bool) int {
	f := 0
	for i, b := range []bool{v, c, z, n} {
		if b {
			f |= 1 << i
		}
	}
	return f
}

// widthBits is the operation size of a W (32) or X (64) instruction.
func widthBits(w bool) uint {
	if w {
		return 32
	}
	return 64
}

// truncate keeps the low 32 bits of a W operation, zero-extended.
func truncate(n uint64, w bool) uint64 {
	if w {
		return uint64(uint32(n))
	}
	return n
}

// addFlags computes the flags of x + y + carry at the width of the
// operation, as ADDS does (carry 0) and SUBS does (x + ^y + 1).
func addFlags(x, y, carry uint64, w bool) int {
	x, y = truncate(x, w), truncate(y, w)
	top := widthBits(w) - 1
	sum, out := bits.Add64(x, y, carry)
	r := truncate(sum, w)
	c := out != 0
	if w {
		c = sum > 0xffffffff
	}
	v := ((r^x)&(r^y))>>top&1 != 0
	return flags(r>>top&1 != 0, r == 0, c, v)
}

// subFlags computes the flags of x - y, as SUBS and CMP do.
func subFlags(x, y uint64, w bool) int { return addFlags(x, ^y, 1, w) }

// logicFlags computes the flags of ANDS and BICS: N and Z from the
// result, C and V clear.
func logicFlags(r uint64, w bool) int {
	r = truncate(r, w)
	return flags(r>>(widthBits(w)-1)&1 != 0, r == 0, false, false)
}

// compare computes the flags of a - b. Addresses of one location compare
// by offset; anything else involving an address is unequal.
func compare(a, b Value, w bool) int {
	if a.Sym != b.Sym {
		return flagC
	}
	return subFlags(uint64(a.N), uint64(b.N), w)
}

func condHolds(cond string, f int) bool {
	n, z, c, v := f&flagN != 0, f&flagZ != 0, f&flagC != 0, f&flagV != 0
	switch cond {
	case "EQ":
		return z
	case "NE":
		return !z
	case "CS", "HS":
		return c
	case "CC", "LO":
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
	return true
}

var armConds = map[string]bool{
	"EQ": true, "NE": true, "CS": true, "HS": true, "CC": true, "LO": true, "MI": true, "PL": true,
	"VS": true, "VC": true, "HI": true, "LS": true, "GE": true, "LT": true, "GT": true, "LE": true, "AL": true,
}

func validCond(c string) bool { return armConds[c] }

// invertCond is the opposite condition, as the aliases CSET, CSETM, CINC,
// CINV and CNEG use it.
func invertCond(c string) string {
	pairs := []string{"EQ", "NE", "CS", "CC", "HS", "LO", "MI", "PL", "VS", "VC", "HI", "LS", "GE", "LT", "GT", "LE"}
	for i, p := range pairs {
		if p == c {
			return pairs[i^1]
		}
	}
	return c
}
