package verify

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// TestFuncValuesReadOnlyData: a word that holds a function's entry is a
// static func value, which the derivation may fold to that function, only
// in read-only data. The same word in writable data is a variable that a
// thread may change, and in code it is an instruction's bytes; both stay
// out. A section that starts off an 8-byte boundary is read from its first
// aligned word.
func TestFuncValuesReadOnlyData(t *testing.T) {
	const entry = 0x3000
	word := binary.LittleEndian.AppendUint64(nil, entry)
	ef := elfWithSections(t, []testSection{
		{".rodata", 0x1004, elf.SHF_ALLOC, append([]byte{0xff, 0xff, 0xff, 0xff}, word...)},
		{".data", 0x2000, elf.SHF_ALLOC | elf.SHF_WRITE, word},
		{".text", entry, elf.SHF_ALLOC | elf.SHF_EXECINSTR, word},
		{".comment", 0, 0, word},
	})
	funcs := map[string]*disasm.Func{"main.f": {Symbol: "main.f", Insts: []disasm.Inst{{PC: entry, Text: "RET"}}}}
	vals, err := funcValues(ef, funcs)
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 1 || vals[0x1008] != "main.f" {
		t.Errorf("func values %#x, want only 0x1008 (the aligned word of .rodata) holding main.f", vals)
	}
}

type testSection struct {
	name  string
	addr  uint64
	flags elf.SectionFlag
	data  []byte
}

// elfWithSections writes a little-endian ELF64 file that holds only the
// given PROGBITS sections and its section-name table, and opens it.
func elfWithSections(t *testing.T, secs []testSection) *elf.File {
	t.Helper()
	le := binary.LittleEndian
	names := []byte{0}
	nameOff := make([]uint32, len(secs)+1)
	for i, s := range secs {
		nameOff[i] = uint32(len(names))
		names = append(append(names, s.name...), 0)
	}
	nameOff[len(secs)] = uint32(len(names))
	names = append(append(names, ".shstrtab"...), 0)

	// The header, then each section's data, then the section headers.
	body := make([]byte, 64)
	offs := make([]uint64, len(secs))
	for i, s := range secs {
		offs[i] = uint64(len(body))
		body = append(body, s.data...)
	}
	namesOff := uint64(len(body))
	body = append(body, names...)
	for len(body)%8 != 0 {
		body = append(body, 0)
	}
	shoff := uint64(len(body))
	sh := func(name uint32, typ elf.SectionType, flags elf.SectionFlag, addr, off, size uint64) {
		var h [64]byte
		le.PutUint32(h[0:], name)
		le.PutUint32(h[4:], uint32(typ))
		le.PutUint64(h[8:], uint64(flags))
		le.PutUint64(h[16:], addr)
		le.PutUint64(h[24:], off)
		le.PutUint64(h[32:], size)
		le.PutUint64(h[48:], 1) // alignment
		body = append(body, h[:]...)
	}
	sh(0, elf.SHT_NULL, 0, 0, 0, 0)
	for i, s := range secs {
		sh(nameOff[i], elf.SHT_PROGBITS, s.flags, s.addr, offs[i], uint64(len(s.data)))
	}
	sh(nameOff[len(secs)], elf.SHT_STRTAB, 0, 0, namesOff, uint64(len(names)))

	copy(body, []byte{0x7f, 'E', 'L', 'F', byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)})
	le.PutUint16(body[16:], uint16(elf.ET_EXEC))
	le.PutUint16(body[18:], uint16(elf.EM_X86_64))
	le.PutUint32(body[20:], uint32(elf.EV_CURRENT))
	le.PutUint64(body[40:], shoff)
	le.PutUint16(body[52:], 64) // header size
	le.PutUint16(body[58:], 64) // section header size
	le.PutUint16(body[60:], uint16(len(secs)+2))
	le.PutUint16(body[62:], uint16(len(secs)+1)) // the name table's index
	ef, err := elf.NewFile(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return ef
}

// TestSymbolAt: an address belongs to the nearest named symbol at or below
// it, and only within its size; a symbol of size 0 holds its own address
// alone. Unnamed and file symbols are passed over, so they never hide the
// symbol below them, and an address below every symbol, or in the gap after
// one, belongs to none, even where an earlier, larger symbol spans that
// gap (outer around inner).
func TestSymbolAt(t *testing.T) {
	img := &Image{syms: []elf.Symbol{
		{Name: "a", Value: 0x100, Size: 0x10},
		{Name: "", Value: 0x104, Size: 4},
		{Name: "f.go", Value: 0x108, Info: elf.ST_INFO(elf.STB_LOCAL, elf.STT_FILE)},
		{Name: "mark", Value: 0x120},
		{Name: "b", Value: 0x130, Size: 8},
		{Name: "outer", Value: 0x200, Size: 0x100},
		{Name: "inner", Value: 0x240, Size: 8},
	}}
	for _, c := range []struct {
		addr uint64
		sym  string
		off  int64
	}{
		{0x100, "a", 0},
		{0x106, "a", 6},
		{0x10c, "a", 0xc},
		{0x10f, "a", 0xf},
		{0x110, "", 0},
		{0x120, "mark", 0},
		{0x121, "", 0},
		{0x137, "b", 7},
		{0x138, "", 0},
		{0xff, "", 0},
		{0x210, "outer", 0x10},
		{0x244, "inner", 4},
		{0x250, "", 0},
		{0x2ff, "", 0},
	} {
		sym, off, ok := img.symbolAt(c.addr)
		if ok != (c.sym != "") || sym != c.sym || off != c.off {
			t.Errorf("symbolAt(%#x) = %q%+d, %v; want %q%+d, %v", c.addr, sym, off, ok, c.sym, c.off, c.sym != "")
		}
	}
}

// TestFuncValue: a func value is found at its symbol's address plus the
// offset, whether the symbol is named or is an address that no symbol
// covers ("rodata.ADDR", in hex); a word that holds no function's entry,
// an unknown symbol and a malformed address are no func value (not the
// word at the offset from address 0).
func TestFuncValue(t *testing.T) {
	img := &Image{
		syms:     []elf.Symbol{{Name: "F·f", Value: 0x2000, Size: 16}},
		funcVals: map[uint64]string{0x8: "main.h", 0x2008: "main.f", 0x3010: "main.g"},
	}
	for _, c := range []struct {
		sym string
		off int64
		fn  string
	}{
		{"F·f", 8, "main.f"},
		{"F·f", 0, ""},
		{"rodata.3010", 0, "main.g"},
		{"rodata.3000", 0x10, "main.g"},
		{"rodata.3000", 0, ""},
		{"rodata.30x0", 8, ""},
		{"G·g", 8, ""},
	} {
		fn, ok := img.funcValue(c.sym, c.off)
		if ok != (c.fn != "") || fn != c.fn {
			t.Errorf("funcValue(%q, %d) = %q, %v; want %q, %v", c.sym, c.off, fn, ok, c.fn, c.fn != "")
		}
	}
}
