package litmus

import (
	"fmt"
	"strconv"
)

// Value is what a register or a memory cell holds: a 64-bit integer, or the
// address of the location Sym plus the byte offset N.
type Value struct {
	Sym string // "" for a plain integer
	N   int64
}

func intValue(n int64) Value { return Value{N: n} }

// IsAddr reports whether v is the address of a location.
func (v Value) IsAddr() bool { return v.Sym != "" }

// String prints integers in decimal and addresses as "x" or "x+4".
func (v Value) String() string {
	switch {
	case v.Sym == "":
		return strconv.FormatInt(v.N, 10)
	case v.N == 0:
		return v.Sym
	default:
		return fmt.Sprintf("%s%+d", v.Sym, v.N)
	}
}

// location is the memory cell that an address designates.
func (v Value) location() string { return v.String() }

func zeroExtend32(v Value) Value {
	if v.Sym != "" {
		return v
	}
	return Value{N: int64(uint32(v.N))}
}
