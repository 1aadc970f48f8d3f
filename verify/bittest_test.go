package verify

import "testing"

// TestX86BitTestBranches: BTL copies a bit of a loaded value to the carry
// flag, which JB takes when the bit is set and JAE when it is clear.
func TestX86BitTestBranches(t *testing.T) {
	for _, c := range []struct {
		jump    string
		x, want int64
	}{
		{"JB", 1, 2}, {"JB", 2, 1}, {"JAE", 1, 1}, {"JAE", 2, 2},
	} {
		cellReturns(t, "amd64", c.jump+" after BTL $0x0", c.x, c.want,
			"MOVL 0(AX), CX", "BTL $0x0, CX", c.jump+" "+at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
	}
}

// TestBitTestOtherConditionsRefused: after BTL, which sets the carry flag
// alone, a jump on another flag (zero, sign, the signed order, or the
// carry together with zero) reads what the machine leaves undefined or
// unchanged: the derivation fails rather than read the litmus AND's
// flags for it.
func TestBitTestOtherConditionsRefused(t *testing.T) {
	for _, jump := range []string{"JE", "JNE", "JS", "JL", "JGE", "JA", "JBE"} {
		code := []string{"MOVL 0(AX), CX", "BTL $0x0, CX", jump + " " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}
		sc := storeBuffering()
		sc.Forbidden = Returned(0, 2)
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", code}, listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}})
		wantRefused(t, jump+" after BTL", r, err, "of a bit test")
	}
}
