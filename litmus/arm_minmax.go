package litmus

import "fmt"

// isMinMax reports whether an atomic operation is LD{S,U}{MIN,MAX}'s.
func isMinMax(op string) bool {
	switch op {
	case "SMIN", "SMAX", "UMIN", "UMAX":
		return true
	}
	return false
}

// minMax is the value that LDSMIN, LDSMAX, LDUMIN and LDUMAX write: the
// smaller or larger of the value read and Rs, compared as signed or
// unsigned numbers of the access's size.
func minMax(op string, a, b Value, size int) (Value, error) {
	if a.IsAddr() || b.IsAddr() {
		return Value{}, fmt.Errorf("%s of %s and %s: no order on addresses", op, a, b)
	}
	shift := uint(64 - 8*size)
	var less bool
	if op[0] == 'S' {
		less = a.N<<shift>>shift < b.N<<shift>>shift
	} else {
		less = uint64(a.N)<<shift < uint64(b.N)<<shift
	}
	if less == (op[1:] == "MIN") {
		return a, nil
	}
	return b, nil
}
