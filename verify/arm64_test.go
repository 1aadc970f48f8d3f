package verify

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestLDAcquires: the store form of an LSE atomic is for the ones without
// acquire, told apart by the suffix after the operation's name.
func TestLDAcquires(t *testing.T) {
	for op, want := range map[string]bool{
		"LDADD": false, "LDADDL": false, "LDADDA": true, "LDADDAL": true,
		"LDSMAX": false, "LDSMAXL": false, "LDSMAXA": true, "LDUMAXAL": true,
		"LDCLR": false, "LDEORA": true, "LDSET": false, "LDSWP": true,
	} {
		if got := ldAcquires(op); got != want {
			t.Errorf("ldAcquires(%s) = %v, want %v", op, got, want)
		}
	}
}

// TestARMBarriersTranslated: each DMB and DSB is written with its own
// domain and access types. Store buffering is forbidden by DMB ISH, DSB
// SY and DSB ST (which waits for the earlier stores to complete) but not
// by DMB ISHLD, DMB ISHST or DSB LD; message passing whose writer has DMB
// ISHST and whose reader has DMB ISHLD is forbidden, and with the two
// swapped it is not, nor with DSB ST between the reader's loads; DSB SY
// orders the writer's stores and the reader's loads as DMB ISH does.
// A translation that widened ISHLD or ISHST to ISH, or LD or ST to SY,
// would hide a weakening of a full barrier to a one-way one; one that
// narrowed SY to ST would refuse a reader that DSB SY orders.
func TestARMBarriersTranslated(t *testing.T) {
	sbNever := And(Returned(0, 0), Returned(1, 0))
	for _, c := range []struct {
		barrier   string
		sometimes bool
	}{{"DMB $11", false}, {"DMB $0xb", false}, {"DSB $15", false}, {"DMB $9", true}, {"DMB $0x9", true},
		{"DMB $10", true}, {"DMB $0xa", true}, {"DSB $13", true}, {"DSB $14", false}} {
		p0 := listing{"main.p0", []string{"MOVD $1, R2", "MOVW R2, (R0)", c.barrier, "MOVWU 4(R0), R0", "RET"}}
		p1 := listing{"main.p1", []string{"MOVD $1, R2", "MOVW R2, 4(R0)", c.barrier, "MOVWU (R0), R0", "RET"}}
		r, err := onCell(t, "arm64-llsc", nil, sbNever, []Cond{Returned(0, 1), Returned(1, 1)}, p0, p1)
		wantVerdict(t, fmt.Sprintf("store buffering with %s", c.barrier), r, err, c.sometimes)
	}
	for _, c := range []struct {
		writer, reader string
		sometimes      bool
	}{{"DMB $10", "DMB $9", false}, {"DMB $0xa", "DMB $0x9", false}, {"DSB $14", "DSB $13", false},
		{"DMB $9", "DMB $10", true}, {"DMB $0x9", "DMB $0xa", true}, {"DSB $13", "DSB $14", true},
		{"DMB $11", "DSB $14", true}, {"DMB $11", "DSB $15", false}, {"DSB $15", "DMB $11", false}} {
		writer := listing{"main.p0", []string{"MOVD $1, R2", "MOVW R2, (R0)", c.writer, "MOVW R2, 4(R0)", "RET"}}
		reader := mpReader(c.reader)
		r, err := onCell(t, "arm64-llsc", nil, Returned(1, 0), []Cond{Returned(1, 1), Returned(1, 5)}, writer, reader)
		wantVerdict(t, fmt.Sprintf("message passing with %s and %s", c.writer, c.reader), r, err, c.sometimes)
	}
}

// mpReader is message passing's reader on arm64: it loads the flag o.y,
// returns 5 if it is 0, and otherwise o.x, loaded after between.
func mpReader(between ...string) listing {
	code := []string{"MOVWU 4(R0), R1", "CBZW R1, " + fmt.Sprint(len(between)+3) + "(PC)"}
	code = append(code, between...)
	return listing{"main.p1", append(code, "MOVWU (R0), R0", "RET", "MOVD $5, R0", "RET")}
}

// armCompares are conditional branches after CMPW $3 of o.x, which holds
// x, and whether each is taken: every condition, on each side of where it
// changes, signed and unsigned, and where the subtraction overflows.
var armCompares = []struct {
	x      int64
	branch string
	taken  bool
}{
	{3, "BEQ", true}, {3, "BNE", false}, {0, "BNE", true},
	{3, "BLT", false}, {0, "BLT", true}, {-1, "BLT", true},
	{3, "BGE", true}, {-1, "BGE", false},
	{3, "BGT", false}, {3, "BLE", true}, {-1, "BLE", true},
	{3, "BLO", false}, {0, "BLO", true}, {-1, "BLO", false},
	{0, "BCC", true}, {3, "BCC", false}, {-1, "BCC", false},
	{3, "BHS", true}, {-1, "BHS", true}, {0, "BHS", false},
	{0, "BCS", false}, {3, "BCS", true}, {-1, "BCS", true},
	{3, "BHI", false}, {-1, "BHI", true},
	{3, "BLS", true}, {0, "BLS", true}, {-1, "BLS", false},
	{3, "BMI", false}, {0, "BMI", true}, {3, "BPL", true}, {0, "BPL", false},
	// -2^31 - 3 overflows: V is set, and the signed order reads it.
	{math.MinInt32, "BVS", true}, {3, "BVS", false}, {math.MinInt32, "BVC", false}, {3, "BVC", true},
	{math.MinInt32, "BLT", true}, {math.MinInt32, "BGE", false}, {math.MinInt32, "BMI", false},
	{math.MinInt32, "BPL", true}, {math.MinInt32, "BGT", false}, {math.MinInt32, "BLE", true},
}

// TestARMBranchConditions: each conditional branch, on a loaded word
// (written as the litmus branch) and on a known one (decided when the code
// is extracted), is taken exactly when its condition holds: o.x holds 3,
// 0, -1 or -2^31, compared with 3, signed and unsigned. p0 returns 2 where
// the branch is taken and 1 where it is not.
func TestARMBranchConditions(t *testing.T) {
	for _, c := range armCompares {
		want := map[bool]int64{true: 2, false: 1}[c.taken]
		for _, load := range []string{"MOVWU (R0), R1", fmt.Sprintf("MOVW $%d, R1", c.x)} {
			what := fmt.Sprintf("%s, CMPW $3, R1, %s", load, c.branch)
			cellReturns(t, "arm64-llsc", what, c.x, want, load, "CMPW $3, R1", c.branch+" 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET")
		}
	}
	for _, c := range []struct {
		x      int64
		branch string
		taken  bool
	}{
		{0, "CBZW R1,", true}, {3, "CBZW R1,", false}, {0, "CBNZW R1,", false}, {3, "CBNZW R1,", true},
		{0, "CBZ R1,", true}, {3, "CBNZ R1,", true},
		{2, "TBZ $1, R1,", false}, {5, "TBZ $1, R1,", true}, {2, "TBNZ $1, R1,", true}, {5, "TBNZ $1, R1,", false},
	} {
		want := map[bool]int64{true: 2, false: 1}[c.taken]
		for _, load := range []string{"MOVWU (R0), R1", fmt.Sprintf("MOVD $%d, R1", c.x)} {
			what := fmt.Sprintf("%s, %s", load, c.branch)
			cellReturns(t, "arm64-llsc", what, c.x, want, load, c.branch+" 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET")
		}
	}
}

// TestARMSelectConditions: CSETW and CSEL, after the compares of
// armCompares, on a loaded word (written as the litmus CSEL, in herd7's
// names of the conditions) and on a known one (decided when the code is
// extracted), select as their condition says: CSETW gives 1 where the
// branch of the same condition is taken and 0 where it is not, CSEL its
// first register or its second. A condition read as another, or one
// inverted, would return a value the machine never computes, and steer
// the paths that follow it.
func TestARMSelectConditions(t *testing.T) {
	for _, c := range armCompares {
		cond := strings.TrimPrefix(c.branch, "B")
		set := map[bool]int64{true: 1, false: 0}[c.taken]
		sel := map[bool]int64{true: 7, false: 9}[c.taken]
		for _, load := range []string{"MOVWU (R0), R1", fmt.Sprintf("MOVW $%d, R1", c.x)} {
			cellReturns(t, "arm64-llsc", fmt.Sprintf("%s, CMPW $3, R1, CSETW %s", load, cond), c.x, set,
				load, "CMPW $3, R1", "CSETW "+cond+", R0", "RET")
			cellReturns(t, "arm64-llsc", fmt.Sprintf("%s, CMPW $3, R1, CSEL %s", load, cond), c.x, sel,
				load, "MOVD $7, R2", "MOVD $9, R3", "CMPW $3, R1", "CSEL "+cond+", R2, R3, R0", "RET")
		}
	}
}

// TestARMValues: arithmetic, moves, extensions and conditional selects
// compute the machine's values, on a loaded word (o.x, which holds x) and
// on known ones. A value the machine does not compute would steer a later
// branch or compare-and-swap the wrong way, and drop or add the paths
// whose orderings a scenario checks.
func TestARMValues(t *testing.T) {
	for _, c := range []struct {
		x    int64
		want int64
		code []string
	}{
		{3, 2, []string{"MOVWU (R0), R1", "SUBW $1, R1, R0", "RET"}},
		{3, 6, []string{"MOVWU (R0), R1", "EORW $5, R1, R0", "RET"}},
		{3, 2, []string{"MOVWU (R0), R1", "ANDW $6, R1, R0", "RET"}},
		{3, 7, []string{"MOVWU (R0), R1", "ORRW $5, R1, R0", "RET"}},
		{3, -3, []string{"MOVWU (R0), R1", "NEG R1, R0", "RET"}},
		{7, 3, []string{"MOVWU (R0), R1", "UBFX $0, R1, $2, R0", "RET"}},
		{0, 7, []string{"MOVD $10, R2", "SUB $3, R2, R0", "RET"}},
		{0, 2, signOf("arm64", "MOVD $0xffffffff, R2", "SXTW R2, R0", "RET")},
		{0, 1, signOf("arm64", "MOVD $-1, R2", "MOVWU R2, R0", "RET")},
		{0, 2, signOf("arm64", "MOVD $0xffffffff, R2", "MOVW R2, R0", "RET")},
		{0, 2, []string{"MOVD $0x100000005, R2", "MOVWU R2, R0", "CMP $5, R0", "BEQ 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{0, 2, signOf("arm64", "MOVW 4(R0), R0", "RET")},
		{0, 1, signOf("arm64", "MOVWU 4(R0), R0", "RET")},
		{0, 1, signOf("arm64", "MOVD $-8, R2", "LSR $1, R2, R0", "RET")},
		{0, 1, signOf("arm64", "MOVD $-8, R2", "MOVD $1, R3", "ADD R2>>1, R3, R0", "RET")},
		{0, 2, signOf("arm64", "MOVD $-8, R2", "MOVD $1, R3", "ADD R2->1, R3, R0", "RET")},
		// A shift by the largest amount, and a shifted known register
		// added to a loaded value: the test adds the shifted value.
		{0, 2, signOf("arm64", "MOVD $1, R2", "MOVD $0, R3", "ADD R2<<63, R3, R0", "RET")},
		{3, 7, []string{"MOVWU (R0), R1", "MOVD $1, R2", "ADD R2<<2, R1, R0", "RET"}},
		{0, 0x10001, []string{"MOVD $1, R2", "MOVK $(1<<16), R2", "MOVD R2, R0", "RET"}},
		{0, 1, signOf("arm64", "MOVD $-1, R2", "UXTW R2, R0", "RET")},
		{0, 2, signOf("arm64", "MOVD $5, R2", "MVN R2, R0", "RET")},
		{0, 3, []string{"MOVD $0x1d, R2", "UBFX $2, R2, $2, R0", "RET"}},
		{0, 2, []string{"MOVD $-3, R2", "CMN $3, R2", "BEQ 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{3, 1, []string{"MOVWU (R0), R1", "TSTW $4, R1", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{3, 2, []string{"MOVWU (R0), R1", "TSTW $2, R1", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{3, 1, []string{"MOVWU (R0), R1", "CMPW $3, R1", "CSETW EQ, R0", "RET"}},
		{3, 0, []string{"MOVWU (R0), R1", "CMPW $3, R1", "CSETW NE, R0", "RET"}},
		{0, 1, []string{"MOVD $3, R1", "CMPW $3, R1", "CSETW EQ, R0", "RET"}},
		{3, 7, []string{"MOVWU (R0), R1", "MOVD $7, R2", "MOVD $9, R3", "CMPW $4, R1", "CSEL LT, R2, R3, R0", "RET"}},
		{3, 9, []string{"MOVWU (R0), R1", "MOVD $7, R2", "MOVD $9, R3", "CMPW $3, R1", "CSEL LT, R2, R3, R0", "RET"}},
		{3, 7, []string{"MOVWU (R0), R1", "MOVD $7, R2", "CMPW $3, R1", "CSINC EQ, R2, ZR, R0", "RET"}},
		{3, 1, []string{"MOVWU (R0), R1", "MOVD $7, R2", "CMPW $4, R1", "CSINC EQ, R2, ZR, R0", "RET"}},
		{0, 7, []string{"MOVD $7, R2", "MOVD $3, R1", "CMPW $3, R1", "CSINC EQ, R2, ZR, R0", "RET"}},
		{0, 1, []string{"MOVD $7, R2", "MOVD $4, R1", "CMPW $3, R1", "CSINC EQ, R2, ZR, R0", "RET"}},
		{3, 3, []string{"MOVD R0, R3", "MOVWU.W 4(R3), R1", "MOVWU -4(R3), R0", "RET"}},
		{3, 3, []string{"LDPW (R0), (R1, R2)", "MOVD R1, R0", "RET"}},
		// Loads and moves that sign-extend (MOVW, MOVH, MOVB, SXTW) or
		// zero-extend (MOVWU, MOVHU, MOVBU, UXTW) a loaded value and a
		// known one, the sign seen by a compare of the whole register.
		{-1, 2, signOf("arm64", "MOVW (R0), R0", "RET")},
		{-1, 1, signOf("arm64", "MOVWU (R0), R0", "RET")},
		{-1, 2, signOf("arm64", "MOVWU (R0), R1", "MOVW R1, R0", "RET")},
		{-1, 2, signOf("arm64", "MOVWU (R0), R1", "SXTW R1, R0", "RET")},
		{-1, 1, signOf("arm64", "MOVW (R0), R1", "UXTW R1, R0", "RET")},
		{-1, 1, signOf("arm64", "MOVW (R0), R1", "MOVWU R1, R0", "RET")},
		{-1, 2, signOf("arm64", "MOVWU (R0), R1", "MOVW R1, 16(RSP)", "MOVW 16(RSP), R0", "RET")},
		{0x80, 2, signOf("arm64", "MOVWU (R0), R1", "MOVB R1, R0", "RET")},
		{0x8000, 2, signOf("arm64", "MOVWU (R0), R1", "MOVH R1, R0", "RET")},
		{0x17f, 0x7f, []string{"MOVWU (R0), R1", "MOVBU R1, R0", "RET"}},
		{0x17f, 0x7f, []string{"MOVBU (R0), R0", "RET"}},
		{0x18001, 0x8001, []string{"MOVHU (R0), R0", "RET"}},
		{0x180, 2, signOf("arm64", "MOVB (R0), R0", "RET")},
		{0x18000, 0x8000, []string{"MOVWU (R0), R1", "MOVHU R1, R0", "RET"}},
		{0, 2, signOf("arm64", "MOVD $0xff, R2", "MOVB R2, R0", "RET")},
		{0, 0xff, []string{"MOVD $0x1ff, R2", "MOVBU R2, R0", "RET"}},
		{0, 2, signOf("arm64", "MOVD $0x8000, R2", "MOVH R2, R0", "RET")},
		{0, 0x8000, []string{"MOVD $0x18000, R2", "MOVHU R2, R0", "RET"}},
		// A doubleword's bit 32 and upper half: 2^31 doubled is 2^32.
		{math.MinInt32, 2, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "TBNZ $32, R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{math.MinInt32, 2, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "CBZW R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{math.MinInt32, 1, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "CBZ R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{math.MinInt32, 1, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "MOVD R1, R2", "CBZ R2, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{5, 5, []string{"MOVW (R0), R1", "MOVWU R1, R0", "RET"}},
		// STP stores its registers and leaves them as they were.
		{3, 7, []string{"MOVD $7, R1", "MOVD $8, R2", "STPW (R1, R2), (R0)", "MOVD R1, R0", "RET"}},
		// A pair spilled to the stack and reloaded: both registers, each
		// whole, a loaded one and a known one.
		{0, 15, []string{"MOVD $7, R1", "MOVD $8, R2", "STP (R1, R2), -16(RSP)", "MOVD $0, R1", "MOVD $0, R2", "LDP -16(RSP), (R1, R2)", "ADD R1, R2, R0", "RET"}},
		{3, 6, []string{"MOVWU (R0), R1", "MOVWU (R0), R2", "STPW (R1, R2), -16(RSP)", "MOVD $0, R1", "MOVD $0, R2", "LDPW -16(RSP), (R1, R2)", "ADD R1, R2, R0", "RET"}},
		{0, 1, []string{"MOVD $0x100000000, R1", "MOVD $0, R2", "STP (R1, R2), -16(RSP)", "MOVD $5, R1", "LDP -16(RSP), (R1, R2)", "CBZ R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{math.MinInt32, 1, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "MOVD $0, R2", "STP (R1, R2), -16(RSP)", "MOVD $5, R1", "LDP -16(RSP), (R1, R2)", "CBZ R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		// Each word of a known doubleword in a stack slot is its own:
		// the low word at the slot, the high one four bytes above.
		{0, 2, []string{"MOVD $0x100000002, R1", "MOVD R1, 8(RSP)", "MOVWU 8(RSP), R0", "RET"}},
		{0, 1, []string{"MOVD $0x100000002, R1", "MOVD R1, 8(RSP)", "MOVWU 12(RSP), R0", "RET"}},
		// CMN adds: -3 + 3 is 0. TST of known values.
		{-3, 2, []string{"MOVWU (R0), R1", "CMNW $3, R1", "BEQ 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{0, 2, []string{"MOVD $6, R1", "TSTW $4, R1", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{0, 1, []string{"MOVD $6, R1", "TSTW $1, R1", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{3, 1, []string{"MOVWU (R0), R1", "MOVD $4, R2", "TSTW R1, R2", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{5, 2, []string{"MOVWU (R0), R1", "MOVD $4, R2", "TSTW R1, R2", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		// A 32-bit result is zero-extended into its register: a known
		// move, NOT, negation, select or word of a slot, and a select of a
		// loaded doubleword, whose upper word the W form drops.
		{0, 1, signOf("arm64", "MOVW $-1, R0", "RET")},
		{0, 1, signOf("arm64", "MOVD $5, R2", "MVNW R2, R0", "RET")},
		{0, 1, signOf("arm64", "MOVD $5, R2", "NEGW R2, R0", "RET")},
		{3, 1, signOf("arm64", "MOVWU (R0), R1", "NEGW R1, R0", "RET")},
		{0, 1, signOf("arm64", "MOVD $3, R1", "MOVD $-1, R2", "MOVD $9, R3", "CMPW $3, R1", "CSELW EQ, R2, R3, R0", "RET")},
		{3, 1, signOf("arm64", "MOVWU (R0), R1", "MOVD $-1, R2", "MOVD $9, R3", "CMPW $3, R1", "CSELW EQ, R2, R3, R0", "RET")},
		{math.MinInt32, 2, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "MOVD $3, R5", "CMPW $3, R5", "CSELW EQ, R1, R5, R3", "CBZ R3, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{math.MinInt32, 2, []string{"MOVWU (R0), R1", "ADD R1, R1, R1", "MOVD $0, R2", "STP (R1, R2), -16(RSP)", "LDPW -16(RSP), (R3, R4)", "CBZ R3, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		// 32-bit tests and compares read the low words alone: 2^32 is 0,
		// and a register that holds 2^32 equals one that holds 0.
		{0, 2, []string{"MOVD $0x100000000, R1", "CBZW R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{0, 1, []string{"MOVD $0x100000000, R1", "CBZ R1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{0, 1, []string{"MOVD $0x100000000, R1", "TSTW R1, R1", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{0, 2, []string{"MOVD $0x100000000, R1", "TST R1, R1", "BNE 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		{math.MinInt32, 2, []string{"MOVWU (R0), R1", "ADD R1, R1, R2", "MOVD $0, R3", "CMPW R2, R3", "BEQ 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}},
		// A bit field whose start and width differ: bits 2 to 4 of 0x1d.
		{0, 7, []string{"MOVD $0x1d, R2", "UBFX $2, R2, $3, R0", "RET"}},
		// NOT, and the shifts of a known value: left, logical right and
		// arithmetic right, which keeps the sign.
		{0, -6, []string{"MOVD $5, R2", "MVN R2, R0", "RET"}},
		{0, 12, []string{"MOVD $3, R2", "LSL $2, R2, R0", "RET"}},
		{0, -4, []string{"MOVD $-8, R2", "ASR $1, R2, R0", "RET"}},
		{0, 2, signOf("arm64", "MOVD $-8, R2", "ASR $1, R2, R0", "RET")},
		// The zero register reads as 0, as a source and as stored.
		{3, 0, []string{"MOVD $5, R0", "MOVD ZR, R0", "RET"}},
		{3, 0, []string{"MOVD $5, R2", "MOVW R2, 4(R0)", "MOVW ZR, 4(R0)", "MOVWU 4(R0), R0", "RET"}},
		// Pre-index (.W) moves the base before the access, post-index (.P)
		// after it; either reads or writes the size its mnemonic says.
		{3, 3, []string{"MOVD R0, R3", "MOVWU.P 4(R3), R0", "RET"}},
		{3, -2, []string{"MOVD R0, R3", "MOVWU.P 4(R3), R1", "MOVW (R3), R0", "RET"}},
		{0, 1, signOf("arm64", "MOVD R0, R3", "MOVWU.W 4(R3), R0", "RET")},
		{0, 2, signOf("arm64", "MOVD R0, R3", "MOVD $7, R2", "MOVW.P R2, 4(R3)", "MOVW (R3), R0", "RET")},
		// An unconditional branch to an instruction further on.
		{0, 2, []string{"MOVD $2, R0", "JMP 2(PC)", "MOVD $1, R0", "RET"}},
	} {
		cellReturns(t, "arm64-llsc", fmt.Sprintf("o.x = %d, %q", c.x, c.code), c.x, c.want, c.code...)
	}
}

// TestARMAccessOrders: each load, store and atomic keeps its own
// ordering. In load buffering, p0's load of o.x is followed by its store
// to o.y, and p1 orders its load of o.y before its store to o.x with DMB
// ISH: both loads see 1 unless p0's load is an acquire. In message
// passing the writer's second store is ordered after its first only by a
// release, and the reader's loads only by an acquire or DMB ISHLD. A
// compare-and-swap keeps its own acquire (CASA, CASAL) and release (CASL):
// one translated with another ordering would hide a CASAL weakened to a
// plain CAS, or refuse a CASA that is all the code needs. An LSE
// atomic without acquire that loads into ZR is the store form, whose read
// DMB ISHLD does not order.
func TestARMAccessOrders(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVWU 4(R0), R2", "DMB $11", "MOVD $1, R3", "MOVW R3, (R0)", "MOVD R2, R0", "RET"}}
	for _, c := range []struct {
		load      []string
		sometimes bool
	}{
		{[]string{"MOVWU (R0), R2"}, true},
		{[]string{"LDXRW (R0), R2"}, true},
		{[]string{"LDAXRW (R0), R2"}, false},
		{[]string{"LDARW (R0), R2"}, false},
		{[]string{"LDAPRW (R0), R2"}, false},
		{[]string{"LDPW (R0), (R2, R3)"}, true},
		{[]string{"MOVD $0, R4", "LDADDW R4, (R0), R2"}, true},
		{[]string{"MOVD $0, R4", "LDADDLW R4, (R0), R2"}, true},
		{[]string{"MOVD $0, R4", "LDADDAW R4, (R0), R2"}, false},
		{[]string{"MOVD $0, R4", "LDADDALW R4, (R0), R2"}, false},
		{[]string{"MOVD $0, R4", "LDORW R4, (R0), R2"}, true},
		{[]string{"MOVD $0, R4", "LDORAW R4, (R0), R2"}, false},
		{[]string{"MOVD $0, R4", "LDORALW R4, (R0), R2"}, false},
		{[]string{"MOVD $0, R4", "SWPW R4, (R0), R2"}, true},
		{[]string{"MOVD $0, R4", "SWPAW R4, (R0), R2"}, false},
		{[]string{"MOVD $1, R2", "MOVD $1, R4", "CASW R2, (R0), R4"}, true},
		{[]string{"MOVD $1, R2", "MOVD $1, R4", "CASLW R2, (R0), R4"}, true},
		{[]string{"MOVD $1, R2", "MOVD $1, R4", "CASAW R2, (R0), R4"}, false},
		{[]string{"MOVD $1, R2", "MOVD $1, R4", "CASALW R2, (R0), R4"}, false},
	} {
		p0 := listing{"main.p0", append(c.load, "MOVD $1, R3", "MOVW R3, 4(R0)", "MOVD R2, R0", "RET")}
		r, err := onCell(t, "arm64-lse", nil, And(Returned(0, 1), Returned(1, 1)), []Cond{Returned(0, 1), Returned(1, 1)}, p0, p1)
		wantVerdict(t, fmt.Sprintf("load buffering with %q", c.load), r, err, c.sometimes)
	}
	for _, c := range []struct {
		writer, reader []string
		sometimes      bool
	}{
		{[]string{"MOVW R2, (R0)", "DMB $10", "MOVW R2, 4(R0)"}, []string{"NOP"}, true},
		{[]string{"MOVW R2, (R0)", "MOVW R2, 4(R0)"}, []string{"DMB $9"}, true},
		{[]string{"MOVW R2, (R0)", "ADD $4, R0, R3", "STLRW R2, (R3)"}, []string{"DMB $9"}, false},
		{[]string{"STPW (R2, R2), (R0)"}, []string{"DMB $9"}, true},
		{[]string{"MOVW R2, (R0)", "ADD $4, R0, R3", "LDXRW (R3), R5", "STXRW R2, (R3), R6"}, []string{"DMB $9"}, true},
		{[]string{"MOVW R2, (R0)", "ADD $4, R0, R3", "LDXRW (R3), R5", "STLXRW R2, (R3), R6"}, []string{"DMB $9"}, false},
		{[]string{"MOVW R2, (R0)", "ADD $4, R0, R3", "MOVD $0, R5", "CASW R5, (R3), R2"}, []string{"DMB $9"}, true},
		{[]string{"MOVW R2, (R0)", "ADD $4, R0, R3", "MOVD $0, R5", "CASAW R5, (R3), R2"}, []string{"DMB $9"}, true},
		{[]string{"MOVW R2, (R0)", "ADD $4, R0, R3", "MOVD $0, R5", "CASLW R5, (R3), R2"}, []string{"DMB $9"}, false},
	} {
		writer := listing{"main.p0", append(append([]string{"MOVD $1, R2"}, c.writer...), "RET")}
		r, err := onCell(t, "arm64-lse", nil, Returned(1, 0), []Cond{Returned(1, 1), Returned(1, 5)}, writer, mpReader(c.reader...))
		wantVerdict(t, fmt.Sprintf("message passing with %q, %q", c.writer, c.reader), r, err, c.sometimes)
	}
	// p0 adds 1 to o.x, then DMB ISHLD, then stores o.y; p1 loads o.y,
	// then DMB ISH, then stores 10 to o.x. Where DMB ISHLD orders the
	// add's read before the store, p1 seeing o.y = 1 stores after the add
	// and o.x ends 10; otherwise the add may read the 10 and o.x end 11.
	p1 = listing{"main.p1", []string{"MOVWU 4(R0), R2", "DMB $11", "MOVD $10, R3", "MOVW R3, (R0)", "MOVD R2, R0", "RET"}}
	for _, c := range []struct {
		op        string
		sometimes bool
	}{{"LDADDW", true}, {"LDADDLW", true}, {"LDADDAW", false}, {"LDADDALW", false}} {
		p0 := listing{"main.p0", []string{"MOVD $1, R4", c.op + " R4, (R0), ZR", "DMB $9", "MOVW R4, 4(R0)", "RET"}}
		r, err := onCell(t, "arm64-lse", nil, And(Returned(1, 1), Final("o_x", 11)), []Cond{Returned(1, 1), Final("o_x", 11)}, p0, p1)
		wantVerdict(t, fmt.Sprintf("%s into ZR, DMB ISHLD, then a store", c.op), r, err, c.sometimes)
	}
}

// TestARMAtomicValues: the LSE atomics read and write their operands as
// Go's operand order says: OP Rs, (Rn), Rt with Rs the operand (for CAS
// the expected value) and Rt the old value (for CAS the new one).
func TestARMAtomicValues(t *testing.T) {
	for _, c := range []struct {
		want int64
		code []string
	}{
		{3, []string{"MOVD $5, R2", "LDADDALW R2, (R0), R1", "MOVD R1, R0", "RET"}},
		{3, []string{"ADD $4, R0, R3", "MOVD $5, R2", "LDADDALW R2, (R3), R1", "MOVWU (R3), R0", "RET"}},
		{7, []string{"ADD $4, R0, R3", "MOVD $3, R4", "MOVW R4, (R3)", "MOVD $5, R2", "LDORALW R2, (R3), R1", "MOVWU (R3), R0", "RET"}},
		{9, []string{"ADD $4, R0, R3", "MOVD $-2, R1", "MOVD $9, R2", "CASALW R1, (R3), R2", "MOVWU (R3), R0", "RET"}},
		{-2, []string{"ADD $4, R0, R3", "MOVD $-2, R1", "MOVD $9, R2", "CASALW R1, (R3), R2", "MOVD R1, R0", "RET"}},
		{-2, []string{"ADD $4, R0, R3", "MOVD $0, R1", "MOVD $9, R2", "CASALW R1, (R3), R2", "MOVWU (R3), R0", "RET"}},
		{-2, []string{"ADD $4, R0, R3", "MOVD $0, R1", "MOVD $9, R2", "CASALW R1, (R3), R2", "MOVD R1, R0", "RET"}},
		{-2, []string{"ADD $4, R0, R3", "MOVD $9, R2", "SWPALW R2, (R3), R1", "MOVD R1, R0", "RET"}},
		{9, []string{"ADD $4, R0, R3", "MOVD $9, R2", "SWPALW R2, (R3), R1", "MOVWU (R3), R0", "RET"}},
	} {
		cellReturns(t, "arm64-llsc", fmt.Sprintf("%q", c.code), 3, c.want, c.code...)
	}
}

// TestARMRefusals: what the translation cannot write as herd7's AArch64
// is refused, not guessed: CMN of a loaded register (herd7's CMP takes
// no negated register) or of 0 (whose carry no compare sets), TST or a compare of an address with a number, a
// conditional select with no compare before it, CSINC of a register,
// MOVK into a loaded value, a sum of two addresses or of an address and a
// loaded value, NEG of an address, a bit field of a loaded value that does
// not start at bit 0, a shift of a loaded value, a shifted operand that
// holds a loaded value, and CBZ or CBNZ of what
// no register holds.
func TestARMRefusals(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVD $3, R2", "MOVW R2, (R0)", "RET"}}
	for _, c := range []struct {
		code []string
		want string
	}{
		{[]string{"MOVWU (R0), R2", "CMN R2, R1", "MOVD $1, R0", "RET"}, "CMN of a register"},
		{[]string{"MOVWU (R0), R2", "CMN $0, R2", "MOVD $1, R0", "RET"}, "CMN of 0"},
		{[]string{"TSTW $1, R0", "MOVD $1, R0", "RET"}, "TST of"},
		{[]string{"MOVD $1, R2", "TST R0, R2", "MOVD $1, R0", "RET"}, "TST of"},
		{[]string{"MOVD $5, R1", "CMP R0, R1", "BEQ 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}, "compare of"},
		{[]string{"CSETW EQ, R0", "RET"}, "flags the litmus code does not hold"},
		{[]string{"MOVWU (R0), R1", "CMPW $3, R1", "MOVD $1, R2", "CSINC EQ, R1, R2, R0", "RET"}, "CSINC of a register"},
		{[]string{"MOVWU (R0), R1", "MOVK $(1<<16), R1", "MOVD R1, R0", "RET"}, "MOVK of"},
		{[]string{"ADD R0, R0, R1", "MOVD $1, R0", "RET"}, "ADD of"},
		{[]string{"NEG R0, R1", "MOVD $1, R0", "RET"}, "NEG of"},
		{[]string{"MOVWU (R0), R1", "UBFX $2, R1, $2, R0", "RET"}, "UBFX from bit 2"},
		{[]string{"MOVWU (R0), R1", "LSR $1, R1, R0", "RET"}, "LSR of a dynamic value"},
		{[]string{"MOVWU (R0), R1", "MOVD $1, R2", "ADD R1<<1, R2, R0", "RET"}, "a shifted register that holds"},
		{[]string{"MOVWU (R0), R1", "ADD R0, R1, R2", "MOVD $1, R0", "RET"}, "ADD with an address"},
		// A compare with zero of what no register holds: a register never
		// written, a shifted register, an immediate or a condition.
		{[]string{"MOVWU (R0), R1", "CBZ R7, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}, "CBZ of"},
		{[]string{"MOVWU (R0), R1", "CBNZW R1<<1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}, "CBNZW of"},
		{[]string{"MOVWU (R0), R1", "CBZW $1, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}, "CBZW of"},
		{[]string{"MOVWU (R0), R1", "CBNZ LT, 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}, "CBNZ of"},
	} {
		r, err := onCell(t, "arm64-llsc", nil, Returned(0, 4), nil, listing{"main.p0", c.code}, p1)
		wantRefused(t, strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestARMPageAddress: ADRP sets its register to the 4 KiB page of the
// instruction plus its offset, not to the instruction's own address plus
// the offset. The constant pool's doubleword 0x0000000700000003 lies at
// 0x90000, the page of an ADRP at 0x10004 plus 0x80000: its low word is 3.
// An address that kept the instruction's offset in its page would read
// the word after (7), a global's other field or another symbol, and take
// a switch such as useLSE for the value of its neighbour.
func TestARMPageAddress(t *testing.T) {
	r, err := onPool(t, "arm64-llsc", Not(Returned(0, 3)), "NOP", "ADRP 524288(PC), R2", "MOVWU (R2), R0", "RET")
	wantNever(t, "ADRP at 0x10004, then a load of the word it addresses", r, err)
}

// TestARMExclusiveStatusRead: the status register of a store-exclusive
// holds what the store did, 0 or 1, whatever it held before, so the retry
// branch that reads it follows the litmus store: two threads that each
// add 1 to o.x with LDAXRW and STLXRW, their status register set to 0
// before the loop, never both return with o.x ending 1. A status kept at
// its earlier 0 would take every store-exclusive for one that succeeded,
// and find a lost update where the machine retries.
func TestARMExclusiveStatusRead(t *testing.T) {
	inc := func(name string) listing {
		return listing{name, []string{"MOVD $0, R3", "LDAXRW (R0), R2", "ADDW $1, R2, R2", "STLXRW R2, (R0), R3", "CBNZ R3, -3(PC)", "MOVD $1, R0", "RET"}}
	}
	r, err := onCell(t, "arm64-llsc", nil, And(Returned(0, 1), Returned(1, 1), Final("o_x", 1)),
		[]Cond{And(Returned(0, 1), Returned(1, 1), Final("o_x", 2))}, inc("main.p0"), inc("main.p1"))
	wantNever(t, "two exclusive increments of o.x", r, err)
}

// TestARMStackCheckPassed: the prologue's stack bound check, a load of
// g's stack guard through R28 compared with RSP, lets the function go
// on: p0 returns 1, and never reaches the call that grows the stack. A g
// that the derivation did not know would end every function that has a
// prologue at a nil dereference or at that call, and make each Never of
// a scenario vacuous.
func TestARMStackCheckPassed(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVD 16(R28), R16", "CMP R16, RSP", "BLS 3(PC)", "MOVD $1, R0", "RET",
		"CALL runtime.morestack_noctxt.abi0(SB)", "RET"}}
	r, err := onCell(t, "arm64-llsc", nil, Not(Returned(0, 1)), []Cond{Returned(0, 1)}, p0)
	wantNever(t, "a stack bound check, then a return of 1", r, err)
}
