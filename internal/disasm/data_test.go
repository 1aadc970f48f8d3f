package disasm

import (
	"debug/elf"
	"testing"
)

func TestSymbolAt(t *testing.T) {
	syms := []elf.Symbol{
		{Name: "a", Value: 0x100, Size: 4},
		{Name: "flag", Value: 0x104, Size: 1},
		{Name: "", Value: 0x108, Size: 8},
		{Name: "label", Value: 0x110, Size: 0},
		{Name: "b", Value: 0x110, Size: 8},
	}
	for _, tc := range []struct {
		addr uint64
		want string
	}{
		{0xff, ""},
		{0x100, "a"},
		{0x103, "a"},
		{0x104, "flag"},
		{0x105, ""},  // past flag's one byte
		{0x108, ""},  // a symbol without a name
		{0x114, "b"}, // of two at one address, the one whose size covers it
		{0x118, ""},
	} {
		if got := symbolAt(syms, tc.addr); got != tc.want {
			t.Errorf("symbolAt(%#x) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}
