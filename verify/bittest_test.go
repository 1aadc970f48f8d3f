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
