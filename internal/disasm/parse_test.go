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

func TestParseErrors(t *testing.T) {
	for _, listing := range []string{
		"  f.s:1\t0x10\t\td65f03c0\t\tRET\t\n",                          // before TEXT
		"TEXT main.f(SB) f.s\n  f.s:1\t0x10\t\tRET\n",                   // no encoding
		"TEXT main.f(SB) f.s\n  f.s:1\tzz\t\td65f03c0\t\tRET\n",         // bad address
		"TEXT main.f(SB) f.s\n  f.s:1\t0x10\t\tnothex\t\t?\n",           // bad arm64 word
		"TEXT main.f(SB) f.s\n  f.s:1\t0x10\t\t0000000000000000\t\t?\n", // too long for a word
	} {
		if _, err := Parse(listing, "arm64"); err == nil {
			t.Errorf("Parse(%q) succeeded", listing)
		}
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
