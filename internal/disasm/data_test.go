package disasm

import (
	"debug/elf"
	"testing"
)

// symbolCase is an address and the symbol that symbolAt should name.
type symbolCase struct {
	addr uint64
	want string
}

func TestSymbolAt(t *testing.T) {
	checkSymbolAt(t, []elf.Symbol{
		{Name: "a", Value: 0x100, Size: 4},
		{Name: "flag", Value: 0x104, Size: 1},
		{Name: "", Value: 0x108, Size: 8},
		{Name: "label", Value: 0x110, Size: 0},
		{Name: "b", Value: 0x110, Size: 8},
	}, []symbolCase{
		{0xff, ""},
		{0x100, "a"},
		{0x103, "a"},
		{0x104, "flag"},
		{0x105, ""},  // past flag's one byte
		{0x108, ""},  // a symbol without a name
		{0x114, "b"}, // of two at one address, the one whose size covers it
		{0x118, ""},
	})
}

// TestSymbolAtEdges: a symbol of no size holds its own address; of two at
// one address, a nameless one is passed over for one with a name; and an
// address past the end of the nearest symbol below it is in none, even
// where an earlier, larger symbol spans it.
func TestSymbolAtEdges(t *testing.T) {
	checkSymbolAt(t, []elf.Symbol{
		{Name: "big", Value: 0x100, Size: 0x100},
		{Name: "small", Value: 0x180, Size: 4},
		{Name: "v", Value: 0x300, Size: 8},
		{Name: "", Value: 0x300, Size: 8},
		{Name: "zero", Value: 0x400, Size: 0},
	}, []symbolCase{
		{0x120, "big"},
		{0x182, "small"},
		{0x190, ""},
		{0x304, "v"},
		{0x400, "zero"},
		{0x401, ""},
	})
}

func checkSymbolAt(t *testing.T, syms []elf.Symbol, cases []symbolCase) {
	t.Helper()
	for _, tc := range cases {
		if got := symbolAt(syms, tc.addr); got != tc.want {
			t.Errorf("symbolAt(%#x) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}
