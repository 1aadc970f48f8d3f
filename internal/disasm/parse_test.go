package disasm

import (
	"os"
	"strings"
	"testing"
)

func fixture(t *testing.T, goarch string) []Func {
	t.Helper()
	b, err := os.ReadFile("testdata/" + goarch + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	funcs, err := Parse(string(b), goarch)
	if err != nil {
		t.Fatal(err)
	}
	return funcs
}

func find(t *testing.T, funcs []Func, name string) Func {
	t.Helper()
	for _, f := range funcs {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("no function %s in the listing", name)
	return Func{}
}

func TestParseARM64(t *testing.T) {
	funcs := fixture(t, "arm64")
	var names []string
	for _, f := range funcs {
		names = append(names, f.Name())
	}
	want := "main.relaxedThenRmb main.main main.incAcquireLLSC main.incRelaxedLLSC main.rmb main.incAcquireLSE main.decReleaseLSE"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("functions:\n got %s\nwant %s", got, want)
	}
	f := find(t, funcs, "main.incAcquireLLSC")
	if f.Symbol != "main.incAcquireLLSC.abi0" || f.File != "example.com/fx/fx_arm64.s" {
		t.Errorf("symbol %q file %q", f.Symbol, f.File)
	}
	first := f.Insts[1]
	if first != (Inst{Pos: "fx_arm64.s:7", PC: 0x84724, Hex: "885ffc01", Text: "LDAXRW (R0), R1"}) {
		t.Errorf("second instruction: %+v", first)
	}

	// The LSE words objdump prints as "?" are decoded, and marked so.
	cas := find(t, funcs, "main.incAcquireLSE").Insts[4]
	if cas.Text != "CASAW R3, (R0), R2" || !cas.Decoded || cas.Hex != "88e37c02" {
		t.Errorf("CAS: %+v", cas)
	}
	ldadd := find(t, funcs, "main.decReleaseLSE").Insts[2]
	if ldadd.Text != "LDADDLW R1, (R0), R2" || !ldadd.Decoded {
		t.Errorf("LDADD: %+v", ldadd)
	}
	if pad := f.Insts[len(f.Insts)-1]; pad.Text != "UDF $0" {
		t.Errorf("padding word: %+v", pad)
	}
	if ldaxr := f.Insts[1]; ldaxr.Decoded {
		t.Errorf("an instruction objdump decodes is marked decoded: %+v", ldaxr)
	}
}

func TestParseAMD64(t *testing.T) {
	funcs := fixture(t, "amd64")
	f := find(t, funcs, "main.incAcquireLSE")
	if len(f.Insts) != 6 {
		t.Fatalf("%d instructions, want 6", len(f.Insts))
	}
	in := f.Insts[3]
	if in.Text != "LOCK CMPXCHGL DX, 0(BX)" || in.Hex != "f00fb113" || in.Decoded {
		t.Errorf("CMPXCHG: %+v", in)
	}
	// On amd64 a "?" is left alone: the LSE decoder must not run.
	other, err := Parse("TEXT main.f(SB) f.s\n  f.s:1\t0x10\t\t00000000\t\t?\t\n", "amd64")
	if err != nil || other[0].Insts[0].Text != "?" {
		t.Errorf("amd64 ?: %+v, %v", other, err)
	}
}

// TestParseErrors: a listing Parse cannot read is an error that names the
// line, counted from 1 with blank lines included; an arm64 "?" whose word
// is not 8 hex digits is not decoded as some other word.
func TestParseErrors(t *testing.T) {
	const head = "TEXT main.f(SB) f.s\n\n"
	for _, tc := range []struct{ listing, want string }{
		{"  f.s:1\t0x10\t\td65f03c0\t\tRET\t\n", "line 1: instruction before any TEXT line"},
		{head + "  f.s:1\t0x10\t\tRET\n", "line 3: want position"},                    // no encoding
		{head + "  f.s:1\tzz\t\td65f03c0\t\tRET\n", "line 3: bad address"},            // bad address
		{head + "  f.s:1\t0x10\t\tnothex\t\t?\n", "line 3: bad arm64 word"},           // not hex
		{head + "  f.s:1\t0x10\t\tzzzzzzzz\t\t?\n", "line 3: bad arm64 word"},         // not hex, a word's length
		{head + "  f.s:1\t0x10\t\t0000000000000000\t\t?\n", "line 3: bad arm64 word"}, // too long for a word
	} {
		if _, err := Parse(tc.listing, "arm64"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q): error %v, want one with %q", tc.listing, err, tc.want)
		}
	}
}

// TestParseLongLine: a line longer than bufio.Scanner's default limit of
// 64 KiB, such as a symbol of a deeply nested generic instantiation, is
// read whole.
func TestParseLongLine(t *testing.T) {
	sym := "main.f[" + strings.Repeat("x", 100<<10) + "]"
	funcs, err := Parse("TEXT "+sym+"(SB) f.s\n  f.s:1\t0x10\t\tc3\t\tRET\t\n", "amd64")
	if err != nil || len(funcs) != 1 || funcs[0].Symbol != sym || len(funcs[0].Insts) != 1 {
		t.Fatalf("Parse of a 100 KiB TEXT line: %d funcs, %v", len(funcs), err)
	}
}

func TestFuncName(t *testing.T) {
	for sym, want := range map[string]string{
		"github.com/atomicfence/atomicfence.addNotZeroLimitedAcquire.abi0":    "addNotZeroLimitedAcquire",
		"github.com/atomicfence/atomicfence.(*Int32).LoadAcquire":             "(*Int32).LoadAcquire",
		"github.com/atomicfence/atomicfence/vma.(*VMA).StartRead":             "vma.(*VMA).StartRead",
		"github.com/atomicfence/atomicfence/vma.f[go.shape.*example.com/x.T]": "vma.f[go.shape.*example.com/x.T]",
		"main.assertLocked": "main.assertLocked",
	} {
		if got := (Func{Symbol: sym}).Name(); got != want {
			t.Errorf("Name(%s) = %s, want %s", sym, got, want)
		}
	}
}

// TestParseRISCV64Branches: objdump prints a riscv64 branch's offset
// divided by 4 as N(PC); past 2-byte compressed instructions that names
// the wrong address. Parse reads the target from the word instead: the
// BLT below jumps 18 bytes, to the LUI, which "4(PC)" misses.
func TestParseRISCV64Branches(t *testing.T) {
	const listing = "TEXT atomicfence.subAndTest.abi0(SB) a.s\n" +
		"  a.s:257\t0x17897c\t\t00b526af\t\tAMOADDW X11, (X10), X13\t\n" +
		"  a.s:258\t0x178980\t\t00e6c963\t\tBLT X13, X14, 4(PC)\t\n" +
		"  a.s:259\t0x178984\t\t00e69463\t\tBNE X13, X14, 2(PC)\t\n" +
		"  a.s:260\t0x178988\t\t0220000f\t\tFENCE\t\n" +
		"  a.s:262\t0x17898c\t\t36cc\t\t\tMOVW X13, 24(X2)\t\n" +
		"  a.s:263\t0x17898e\t\t00008067\t\tRET\t\n" +
		"  a.s:265\t0x178992\t\tc0000637\t\tLUI $786432, X12\t\n" +
		"  a.s:266\t0x178996\t\t10c1\t\t\tMOVW X12, (X10)\t\n" +
		"  a.s:267\t0x178998\t\tff5ff06f\t\tJMP -3(PC)\t\n"
	funcs, err := Parse(listing, "riscv64")
	if err != nil {
		t.Fatal(err)
	}
	insts := funcs[0].Insts
	if amo := insts[0]; amo.Text != "AMOADD.W X11, (X10), X13" || !amo.Decoded {
		t.Errorf("AMO: %q (decoded %v), want its ordering decoded from the word, and marked", amo.Text, amo.Decoded)
	}
	for i, want := range map[int]string{
		1: "BLT X13, X14, 0x178992",
		2: "BNE X13, X14, 0x17898c",
		8: "JMP 0x17898c",
	} {
		if in := insts[i]; in.Text != want || !in.Decoded {
			t.Errorf("instruction %d: %q (decoded %v), want %q, decoded", i, in.Text, in.Decoded, want)
		}
	}
	// The saturating path: BLT taken, then back through the JMP to the
	// store; the zero test's FENCE R,R lies past the untaken BNE.
	if at, _, ok := branchTarget(insts, 1); !ok || at != 6 {
		t.Errorf("BLT resolves to instruction %d (%v), want 6, the LUI", at, ok)
	}
	if !AfterUntaken(`AMOADD.*`, `BNE X13, X14, .*`, `FENCE R,R`).holds(insts) {
		t.Error("FENCE R,R not found past the untaken BNE from the AMO")
	}
	// Other architectures keep objdump's text.
	if funcs, err := Parse(strings.ReplaceAll(listing, "AMOADDW", "LDADDALW"), "arm64"); err != nil || funcs[0].Insts[1].Text != "BLT X13, X14, 4(PC)" {
		t.Errorf("arm64: %v, %q", err, funcs[0].Insts[1].Text)
	}
	for _, bad := range []string{
		"  a.s:1\t0x10\t\t00000013\t\tJMP 2(PC)\t\n",  // not a branch word
		"  a.s:1\t0x10\t\ta011\t\tJMP 2(PC)\t\n",      // a compressed jump, not read here
		"  a.s:1\t0x10\t\tc063\t\tBEQZ X8, 2(PC)\t\n", // a halfword whose low bits look like a branch's
	} {
		if _, err := Parse("TEXT f(SB) a.s\n"+bad, "riscv64"); err == nil {
			t.Errorf("Parse(%q) took a target it cannot read", bad)
		}
	}
}

func TestRISCV64BranchOffsets(t *testing.T) {
	for _, tc := range []struct {
		w    uint32
		want int64
	}{
		{0x00e6c963, 18},    // BLT X13, X14, +18
		{0xfe0f9ae3, -12},   // BNE X31, X0, -12: every immediate bit of the upper part set
		{0xff5ff06f, -12},   // JAL X0, -12
		{0x0060006f, 6},     // JAL X0, +6
		{0x7ff00fe3, 4094},  // BEQ X0, X31, the largest forward branch
		{0x80000063, -4096}, // BEQ X0, X0, the largest backward one
		{0x7ffff06f, 1048574},
	} {
		if got, ok := riscv64BranchOffset(tc.w); !ok || got != tc.want {
			t.Errorf("%#08x: offset %d (%v), want %d", tc.w, got, ok, tc.want)
		}
	}
	if _, ok := riscv64BranchOffset(0x00000013); ok {
		t.Error("an ADDI read as a branch")
	}
}
