package verify

import (
	"fmt"
	"testing"
)

// conds are the ARM conditions that the decoders map branches to.
var conds = []string{"EQ", "NE", "HS", "CS", "LO", "CC", "MI", "PL", "VS", "VC", "HI", "LS", "GE", "LT", "GT", "LE"}

// TestUnknownFlagRefusedExactly: a condition evaluated on known flags is
// refused exactly where one of the flags it depends on is unknown, and a
// flag it does not depend on may be unknown. What a condition depends on
// is found from its truth table: a flag on which some setting of the
// others makes the condition change.
func TestUnknownFlagRefusedExactly(t *testing.T) {
	for _, cond := range conds {
		for _, flag := range []struct {
			name string
			bit  int
		}{{"N", flagN}, {"Z", flagZ}, {"C", flagC}, {"V", flagV}} {
			depends := false
			for f := range 16 {
				if condHolds(cond, f) != condHolds(cond, f^flag.bit) {
					depends = true
				}
			}
			for f := range 16 {
				got, err := flagsVal{kind: fStatic, nzcv: f, unknown: flag.bit}.holds(cond)
				if depends && err == nil {
					t.Errorf("%s with %s unknown (flags %04b): %v, want it refused: %s depends on %s", cond, flag.name, f, got, cond, flag.name)
				}
				if !depends && (err != nil || got != condHolds(cond, f)) {
					t.Errorf("%s with %s unknown (flags %04b): %v, %v; want %v: %s does not depend on %s", cond, flag.name, f, got, err, condHolds(cond, f), cond, flag.name)
				}
			}
		}
	}
}

// TestConditionsInverted: the inverse of each condition holds exactly
// where the condition does not, on every setting of the flags, and is
// itself a condition whose inverse is the first.
func TestConditionsInverted(t *testing.T) {
	for _, cond := range conds {
		inv := invert(cond)
		if invert(inv) != cond {
			t.Errorf("invert(invert(%s)) = %q", cond, invert(inv))
		}
		for f := range 16 {
			if holds, invHolds := condHolds(cond, f), safeHolds(inv, f); invHolds != fmt.Sprint(!holds) {
				t.Errorf("flags %04b: %s is %v and its inverse %q %s", f, cond, holds, inv, invHolds)
			}
		}
	}
}

// safeHolds is condHolds written as a string, or the panic of a name that
// is no condition.
func safeHolds(cond string, f int) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprint(r)
		}
	}()
	return fmt.Sprint(condHolds(cond, f))
}

// TestX86AddCarryOfKnownValues: an ADD of known values sets the carry
// exactly where the sum wraps, adding 0 included, and JB (carry set) and
// JAE (carry clear) follow it: adding 0 to 5 or to 0xffffffff carries
// nothing, adding 1 to 0xffffffff carries, and so does adding 0x10000 to
// 0xffff0000, whose low halfwords carry nothing.
func TestX86AddCarryOfKnownValues(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		carry bool
	}{
		{"$0x5", "$0x0", false},
		{"$0xffffffff", "$0x0", false},
		{"$0x0", "$0x0", false},
		{"$0xffffffff", "$0x1", true},
		{"$0x1", "$0xffffffff", true},
		{"$0xffff0000", "$0x10000", true},
	} {
		for jump, taken := range map[string]bool{"JB": c.carry, "JAE": !c.carry} {
			want := map[bool]int64{true: 2, false: 1}[taken]
			what := fmt.Sprintf("MOVL %s, CX; ADDL %s, CX; %s", c.a, c.b, jump)
			cellReturns(t, "amd64", what, 0, want, "MOVL "+c.a+", CX", "ADDL "+c.b+", CX", jump+" "+at(0, 5),
				"MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
		}
	}
}

// TestJoinedPathsKeepUnknownFlags: two paths that reach a branch with the
// same registers and the same known flags, where one path's carry is
// unknown (a shift's) and the other's known (a compare's), are not joined:
// the branch on the carry is refused whichever path the extraction
// follows first, rather than taken as the known path takes it.
func TestJoinedPathsKeepUnknownFlags(t *testing.T) {
	shift := []string{"MOVL $0x2, DX", "SHRL $0x1, DX"}   // DX = 1, carry unknown
	compare := []string{"MOVL $0x1, DX", "CMPL DX, $0x0"} // DX = 1, the same flags, all known
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	for _, c := range []struct {
		what          string
		first, second []string
	}{{"shift first", shift, compare}, {"compare first", compare, shift}} {
		p0 := listing{"main.p0", []string{
			"MOVL 0(AX), CX", // 0: the loaded value steers the two paths
			"CMPL CX, $0x0",
			"JNE " + at(0, 6),
			c.first[0], // 3
			c.first[1],
			"JMP " + at(0, 8),
			c.second[0], // 6
			c.second[1],
			"JB " + at(0, 11), // 8: the paths meet
			"MOVL $0x1, AX",
			"RET",
			"MOVL $0x2, AX", // 11
			"RET",
		}}
		r, err := onCell(t, "amd64", nil, Returned(0, 2), nil, p0, p1)
		wantRefused(t, c.what, r, err, "leaves unknown")
	}
}

// TestJoinedPathsKeepCompareLines: two paths that reach an unsigned jump
// with the same registers, each after a compare of its own register with
// the same immediate, take their own branches there: the compare that
// herd7's lowering of the jump redoes is the path's own. o.x is 0 or 1;
// the path of 1 compares CX (1, below 2) and the path of 0 compares DX
// (CX+2, not below 2).
func TestJoinedPathsKeepCompareLines(t *testing.T) {
	code := []string{
		"MOVL 0(AX), CX", // 0
		"MOVL CX, DX",
		"ADDL $0x2, DX",
		"CMPL CX, $0x0",
		"JE " + at(0, 7),
		"CMPL CX, $0x2", // 5: o.x is 1
		"JMP " + at(0, 8),
		"CMPL DX, $0x2",   // 7: o.x is 0
		"JB " + at(0, 11), // 8: the paths meet
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x1, AX", // 11
		"RET",
	}
	for _, c := range []struct{ x, want int64 }{{1, 1}, {0, 2}} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, compares of CX and of DX with 2 meeting at JB", c.x), c.x, c.want, code...)
	}
}
