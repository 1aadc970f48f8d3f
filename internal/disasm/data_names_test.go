package disasm

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// writeSymbols writes an arm64 ELF file that holds nothing but a symbol
// table of syms, and returns its path.
func writeSymbols(t *testing.T, syms []elf.Symbol) string {
	t.Helper()
	shstrtab := []byte("\x00.symtab\x00.strtab\x00.shstrtab\x00")
	strtab := []byte{0}
	var symtab bytes.Buffer
	binary.Write(&symtab, binary.LittleEndian, elf.Sym64{})
	for _, s := range syms {
		name := uint32(len(strtab))
		strtab = append(append(strtab, s.Name...), 0)
		if s.Name == "" {
			name = 0
		}
		binary.Write(&symtab, binary.LittleEndian, elf.Sym64{
			Name:  name,
			Info:  elf.ST_INFO(elf.STB_GLOBAL, elf.STT_OBJECT),
			Shndx: uint16(elf.SHN_ABS),
			Value: s.Value,
			Size:  s.Size,
		})
	}
	hdrSize := uint64(binary.Size(elf.Header64{}))
	symOff := hdrSize
	strOff := symOff + uint64(symtab.Len())
	shstrOff := strOff + uint64(len(strtab))
	shOff := shstrOff + uint64(len(shstrtab))
	hdr := elf.Header64{
		Type:      uint16(elf.ET_EXEC),
		Machine:   uint16(elf.EM_AARCH64),
		Version:   uint32(elf.EV_CURRENT),
		Shoff:     shOff,
		Ehsize:    uint16(hdrSize),
		Shentsize: uint16(binary.Size(elf.Section64{})),
		Shnum:     4,
		Shstrndx:  3,
	}
	copy(hdr.Ident[:], elf.ELFMAG)
	hdr.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	hdr.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	hdr.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	sections := []elf.Section64{
		{},
		{Name: 1, Type: uint32(elf.SHT_SYMTAB), Off: symOff, Size: uint64(symtab.Len()), Link: 2, Info: 1, Addralign: 8, Entsize: uint64(binary.Size(elf.Sym64{}))},
		{Name: 9, Type: uint32(elf.SHT_STRTAB), Off: strOff, Size: uint64(len(strtab)), Addralign: 1},
		{Name: 17, Type: uint32(elf.SHT_STRTAB), Off: shstrOff, Size: uint64(len(shstrtab)), Addralign: 1},
	}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, hdr)
	b.Write(symtab.Bytes())
	b.Write(strtab)
	b.Write(shstrtab)
	binary.Write(&b, binary.LittleEndian, sections)
	path := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNameData: an access at an offset from the register that the ADRP
// just before it loaded names the variable at the ADRP's page plus both
// offsets, either of them negative, the page taken from the ADRP's own
// address even where the access lies on the next page; the first
// instruction of a function may be that ADRP. An access through another
// register, or one not right after an ADRP, names nothing.
func TestNameData(t *testing.T) {
	bin := writeSymbols(t, []elf.Symbol{
		{Name: "pkg.useLSE", Value: 0x10010, Size: 1},
		{Name: "pkg.useLRCPC", Value: 0x10011, Size: 1},
		{Name: "pkg.before", Value: 0x10ff8, Size: 8},
		{Name: "pkg.next", Value: 0x12010, Size: 1},
	})
	funcs := []Func{{Symbol: "pkg.f", Insts: []Inst{
		{PC: 0x11ffc, Text: "ADRP -4096(PC), R27"},
		{PC: 0x12000, Text: "MOVBU 16(R27), R4"},
		{PC: 0x12004, Text: "ADRP -4096(PC), R27"},
		{PC: 0x12008, Text: "MOVD -8(R27), R5"},
		{PC: 0x1200c, Text: "ADRP -8192(PC), R27"},
		{PC: 0x12010, Text: "MOVBU 17(R3), R4"},
		{PC: 0x12014, Text: "MOVBU 17(R27), R4"},
		{PC: 0x12018, Text: "ADRP 0(PC), R1"},
		{PC: 0x1201c, Text: "MOVBU 16(R1), R6"},
	}}}
	if err := nameData(funcs, bin); err != nil {
		t.Fatal(err)
	}
	want := []string{"", "pkg.useLSE", "", "pkg.before", "", "", "", "", "pkg.next"}
	for i, in := range funcs[0].Insts {
		if in.Data != want[i] {
			t.Errorf("%#x %s: names %q, want %q", in.PC, in.Text, in.Data, want[i])
		}
	}
}
