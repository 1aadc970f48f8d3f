package disasm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInOrderNeedsOneInstructionPerPattern: two patterns that one
// instruction matches need two instructions: a routine with one barrier
// does not pass a rule that asks for a barrier before and one after.
func TestInOrderNeedsOneInstructionPerPattern(t *testing.T) {
	rule := InOrder(`DMB .*`, `LDARW .*`, `DMB .*`)
	if rule.holds(insts("DMB $11", "LDARW (R0), R1", "RET")) {
		t.Errorf("%s holds with one DMB", rule.Desc)
	}
	if !rule.holds(insts("DMB $11", "LDARW (R0), R1", "DMB $11")) {
		t.Errorf("%s does not hold with a DMB either side", rule.Desc)
	}
	if twice := InOrder(`DMB .*`, `DMB .*`); twice.holds(insts("DMB $11", "RET")) {
		t.Errorf("%s holds with one DMB", twice.Desc)
	}
}

// TestNoneBetweenOfOnePattern: where first and last are the same pattern
// the rule looks from the first match to the next one, not from the first
// match to itself: a load between two barriers breaks it.
func TestNoneBetweenOfOnePattern(t *testing.T) {
	rule := NoneBetween(`DMB .*`, `DMB .*`, `MOVW .*`)
	for _, tc := range []struct {
		insts []Inst
		holds bool
	}{
		{insts("DMB $11", "MOVW (R0), R1", "DMB $11"), false},
		{insts("DMB $11", "DMB $11", "MOVW (R0), R1"), true},
		{insts("DMB $11", "MOVW (R0), R1"), false}, // no second barrier
	} {
		if got := rule.holds(tc.insts); got != tc.holds {
			t.Errorf("%s on %v: holds %v, want %v", rule.Desc, tc.insts, got, tc.holds)
		}
	}
	// The last match itself is not between: a last that matches pattern
	// too does not break the rule.
	if rule := NoneBetween(`LDAXRW .*`, `STLXRW .*`, `ST.*`); !rule.holds(insts("LDAXRW (R0), R1", "ADD $1, R1", "STLXRW R1, (R0), R2")) {
		t.Errorf("%s does not hold with no store between", rule.Desc)
	}
}

// TestAfterBranchPastACall: a call returns to the next instruction, even
// one that objdump prints with an address for its target: the path goes
// on past it, and the call is no conditional branch.
func TestAfterBranchPastACall(t *testing.T) {
	rule := AfterBranch(`STLXRW .*`, `DMB \$11`)
	for _, tc := range []struct {
		texts []string
		holds bool
	}{
		// 0x100 STLXRW, 0x104 CBNZW back, 0x108 a call out of the listing,
		// 0x10c DMB.
		{[]string{"STLXRW R1, (R0), R2", "CBNZW R2, 0x100", "CALL 0x200", "DMB $11", "RET"}, true},
		// A call into the listing alone before the barrier: no
		// conditional branch passed.
		{[]string{"STLXRW R1, (R0), R2", "CALL 0x10c", "DMB $11", "RET"}, false},
	} {
		if got := rule.holds(listing(tc.texts...)); got != tc.holds {
			t.Errorf("%s on %q: holds %v, want %v", rule.Desc, tc.texts, got, tc.holds)
		}
	}
}

// TestExpandCycleOfTwo: two functions that call each other are each
// expanded once on the way down, and a function called twice is expanded
// at both calls.
func TestExpandCycleOfTwo(t *testing.T) {
	f := func(sym string, texts ...string) Func { return Func{Symbol: sym, Insts: insts(texts...)} }
	funcs := []Func{
		f("pkg.a", "CALL pkg.b(SB)", "RET"),
		f("pkg.b", "CALL pkg.a(SB)", "DMB $11", "RET"),
		f("pkg.twice", "CALL pkg.leaf(SB)", "CALL pkg.leaf(SB)", "RET"),
		f("pkg.leaf", "DMB $9", "RET"),
	}
	var got []string
	for _, in := range Expand(funcs[0], funcs) {
		got = append(got, in.Text)
	}
	want := "CALL pkg.b(SB)|CALL pkg.a(SB)|DMB $11|RET|RET"
	if strings.Join(got, "|") != want {
		t.Errorf("Expand(pkg.a) = %q, want %q", strings.Join(got, "|"), want)
	}
	if n := strings.Count(listingText(Expand(funcs[2], funcs)), "DMB $9"); n != 2 {
		t.Errorf("pkg.twice expands to %d barriers, want one per call", n)
	}
}

func listingText(insts []Inst) string {
	var b strings.Builder
	WriteInsts(&b, insts)
	return b.String()
}

// TestParseSkipsBlankLines: a line of spaces and tabs between the
// functions of a listing is blank, as an empty one is.
func TestParseSkipsBlankLines(t *testing.T) {
	funcs, err := Parse("TEXT f(SB) a.s\n  a.s:1\t0x100\t\td503201f\t\tNOP\t\n \t \nTEXT g(SB) a.s\n  a.s:2\t0x104\t\td65f03c0\t\tRET\t\n", "arm64")
	if err != nil || len(funcs) != 2 || len(funcs[0].Insts) != 1 || len(funcs[1].Insts) != 1 {
		t.Errorf("Parse = %+v, %v; want two functions of one instruction each", funcs, err)
	}
}

// TestParseLineTooLong: a line longer than 1 MiB is an error, not the end
// of the listing: the instructions after it, which a rule would not see,
// are not silently dropped.
func TestParseLineTooLong(t *testing.T) {
	listing := "TEXT f(SB) a.s\n  a.s:1\t0x100\t\td503201f\t\tNOP\t\n" +
		"TEXT " + strings.Repeat("x", 1<<20+1) + "(SB) a.s\n" +
		"  a.s:2\t0x104\t\td50339bf\t\tDMB $9\t\n"
	if funcs, err := Parse(listing, "arm64"); err == nil {
		t.Errorf("Parse of a line over 1 MiB: %d functions and no error", len(funcs))
	}
}

// TestParseLoong64: Parse decodes a loong64 DBAR's hint, which objdump
// leaves out, from its word, and marks it decoded.
func TestParseLoong64(t *testing.T) {
	funcs, err := Parse("TEXT f(SB) a.s\n  a.s:1\t0x100\t\t38720014\t\tDBAR\t\n", "loong64")
	if err != nil {
		t.Fatal(err)
	}
	if in := funcs[0].Insts[0]; in.Text != "DBAR $0x14" || !in.Decoded {
		t.Errorf("DBAR: %q (decoded %v), want DBAR $0x14, decoded", in.Text, in.Decoded)
	}
}

// TestTrimFilesRootAndStrays: the module's root comes from a function of
// the module itself whose file is absolute, not from one of a module
// whose path only begins with Module's, nor from an <autogenerated> one;
// a main package's file outside the root, and the file of a symbol that
// names no package, keep their names alone.
func TestTrimFilesRootAndStrays(t *testing.T) {
	abs := func(p string) string {
		p = filepath.FromSlash(p)
		if !filepath.IsAbs(p) {
			p = filepath.VolumeName(os.TempDir()) + p // a drive on Windows
		}
		return p
	}
	funcs := []Func{
		{Symbol: Module + "2/x.F", File: abs("/elsewhere/x/f.go")},
		{Symbol: Module + "/vma.(*VMA).StartRead-fm", File: "<autogenerated>"},
		{Symbol: Module + "/vma.(*VMA).StartRead", File: abs("/home/u/src/atomicfence/vma/read.go")},
		{Symbol: "main.main", File: abs("/home/u/src/atomicfence/internal/probe/main.go")},
		{Symbol: "main.helper", File: abs("/elsewhere/gen/helper.go")},
		{Symbol: "nopackage", File: abs("/elsewhere/asm/x.s")},
	}
	trimFiles(funcs)
	want := []string{
		Module + "2/x/f.go",
		"<autogenerated>",
		Module + "/vma/read.go",
		Module + "/internal/probe/main.go",
		"helper.go",
		"x.s",
	}
	for i, f := range funcs {
		if f.File != want[i] {
			t.Errorf("%s: file %q, want %q", f.Symbol, f.File, want[i])
		}
	}
}

// TestSplitTagsChecksEachTag: inside the module, a tag that its build
// constraints test is taken, and a misspelt one, which would build the
// module unchanged, is refused by name; a tag with a dot is a tag like
// any other, refused for being in no constraint, not for its spelling.
func TestSplitTagsChecksEachTag(t *testing.T) {
	needsGoCommand(t)
	if tags, err := SplitTags(t.Context(), "vmadebug,purego"); err != nil || strings.Join(tags, ",") != "vmadebug,purego" {
		t.Errorf("SplitTags(vmadebug,purego) = %q, %v; want both", tags, err)
	}
	for _, tag := range []string{"weaken_startread_acqure", "no.such_tag"} {
		tags, err := SplitTags(t.Context(), "vmadebug,"+tag)
		if err == nil || !strings.Contains(err.Error(), `build tag "`+tag+`" is in no build constraint`) {
			t.Errorf("SplitTags(vmadebug,%s) = %q, %v; want it refused as in no constraint", tag, tags, err)
		}
	}
}

// TestBranchTargetsOfManyWords: N(PC) is a decimal count of words, two
// digits and more too; an address between two instructions names none,
// and a rule cannot follow a branch there.
func TestBranchTargetsOfManyWords(t *testing.T) {
	rule := AfterBranch(`STLXRW .*`, `DMB \$11`)
	texts := []string{"STLXRW R1, (R0), R2", "CBNZW R2, -1(PC)", "B 11(PC)"}
	for range 10 {
		texts = append(texts, "NOP")
	}
	texts = append(texts, "DMB $11", "RET")
	if !rule.holds(listing(texts...)) {
		t.Errorf("%s does not hold through B 11(PC) to the barrier 11 words on", rule.Desc)
	}
	between := listing("STLXRW R1, (R0), R2", "CBNZW R2, 0x100", "B 0x10a", "DMB $11", "RET")
	if rule.holds(between) {
		t.Errorf("%s holds through a branch to 0x10a, between two instructions", rule.Desc)
	}
}

// TestCheckErrorText: a broken rule is named on a line of its own, by
// what it requires, under the function's name and above the listing.
func TestCheckErrorText(t *testing.T) {
	err := Check("f", listing("DMB $11", "RET"), Lacks(`DMB .*`), Has(`RET`))
	if err == nil {
		t.Fatal("Check passed a listing that breaks a rule")
	}
	if want := "f breaks:\n\tlacks DMB .*\nin the listing"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n%s\nwant it to start %q", err, want)
	}
}
