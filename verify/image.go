package verify

import (
	"context"
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// SubjectPkg is the program whose machine code verify extracts: it links
// every entry function of every scenario.
const SubjectPkg = disasm.Module + "/verify/internal/subject"

// followed matches the symbols whose code the extraction may follow:
// the module's packages, the subject program, and sync, whose Mutex fast
// path the compiler inlines into the mmap lock.
const followed = `^(` + disasm.Module + `[./]|main\.|sync\.|internal/sync\.)`

// Image is one build of the subject program for one target: its
// instructions, its symbols and its types.
type Image struct {
	Target  target.Target
	Variant Variant
	funcs   map[string]*disasm.Func
	at      map[uint64]instRef
	syms    []elf.Symbol // sorted by address
	// funcVals maps each aligned word of read-only data that holds the
	// entry of a followed function (a static func value, F·f) to the
	// function's symbol.
	funcVals map[uint64]string
	// The DWARF and the layouts read from it, shared by the derivations
	// that run in parallel: layoutMu guards the three (dwarf.Data caches
	// the types it reads).
	layoutMu sync.Mutex
	dw       *dwarf.Data
	structs  map[string]dwarf.Offset
	layout   map[string][]field
}

type instRef struct {
	f *disasm.Func
	i int
}

// Build compiles the subject program for t with the build tags and reads
// its machine code, symbols and DWARF types.
func Build(ctx context.Context, t target.Target, tags ...string) (*Image, error) {
	return BuildVariant(ctx, t, Tagged(tags...))
}

// BuildVariant is Build of a variant: build tags and replaced files.
func BuildVariant(ctx context.Context, t target.Target, v Variant) (*Image, error) {
	dir, err := os.MkdirTemp("", "fencelab-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "subject")
	if err := buildSubject(ctx, t, v, dir, bin); err != nil {
		return nil, err
	}
	funcs, err := disasm.Objdump(ctx, bin, t.GOARCH, followed)
	if err != nil {
		return nil, err
	}
	img := &Image{Target: t, Variant: v, funcs: map[string]*disasm.Func{}, at: map[uint64]instRef{}, layout: map[string][]field{}}
	for i := range funcs {
		f := &funcs[i]
		img.funcs[f.Symbol] = f
		for j, in := range f.Insts {
			img.at[in.PC] = instRef{f, j}
		}
	}
	ef, err := elf.Open(bin)
	if err != nil {
		return nil, err
	}
	defer ef.Close()
	syms, err := ef.Symbols()
	if err != nil {
		return nil, err
	}
	sort.Slice(syms, func(i, j int) bool { return syms[i].Value < syms[j].Value })
	img.syms = syms
	if img.dw, err = ef.DWARF(); err != nil {
		return nil, fmt.Errorf("%s: DWARF: %v", t.Name, err)
	}
	if img.funcVals, err = funcValues(ef, img.funcs); err != nil {
		return nil, fmt.Errorf("%s: %v", t.Name, err)
	}
	return img, nil
}

// funcValues finds the words of the binary's read-only data that hold
// the entry address of one of funcs: the static func values through
// which inlined code calls a function that it was given as an argument.
// The linker keeps no symbol for them, so they are found by content.
func funcValues(ef *elf.File, funcs map[string]*disasm.Func) (map[uint64]string, error) {
	entries := map[uint64]string{}
	for _, f := range funcs {
		if len(f.Insts) > 0 {
			entries[f.Insts[0].PC] = f.Symbol
		}
	}
	vals := map[uint64]string{}
	for _, sec := range ef.Sections {
		if sec.Type != elf.SHT_PROGBITS || sec.Flags&elf.SHF_ALLOC == 0 || sec.Flags&(elf.SHF_WRITE|elf.SHF_EXECINSTR) != 0 {
			continue
		}
		data, err := sec.Data()
		if err != nil {
			return nil, fmt.Errorf("section %s: %v", sec.Name, err)
		}
		for off := (8 - sec.Addr%8) % 8; off+8 <= uint64(len(data)); off += 8 {
			if name, ok := entries[ef.ByteOrder.Uint64(data[off:])]; ok {
				vals[sec.Addr+off] = name
			}
		}
	}
	return vals, nil
}

// funcValue returns the function whose entry the 8-byte word at offset
// off of the symbol sym holds, if it is a static func value. sym is a
// symbol's name, or "rodata.ADDR" for an address that no symbol covers.
func (img *Image) funcValue(sym string, off int64) (string, bool) {
	var addr uint64
	if hex, ok := strings.CutPrefix(sym, "rodata."); ok {
		a, err := strconv.ParseUint(hex, 16, 64)
		if err != nil {
			return "", false
		}
		addr = a
	} else if a, ok := img.symbolAddr(sym); ok {
		addr = a
	} else {
		return "", false
	}
	name, ok := img.funcVals[addr+uint64(off)]
	return name, ok
}

// symbolAt names the symbol that holds addr, and the offset into it.
func (img *Image) symbolAt(addr uint64) (string, int64, bool) {
	i := sort.Search(len(img.syms), func(i int) bool { return img.syms[i].Value > addr }) - 1
	for ; i >= 0; i-- {
		s := img.syms[i]
		if s.Name == "" || elf.ST_TYPE(s.Info) == elf.STT_FILE {
			continue
		}
		if addr < s.Value+s.Size || s.Size == 0 && addr == s.Value {
			return s.Name, int64(addr - s.Value), true
		}
		return "", 0, false
	}
	return "", 0, false
}

// symbolAddr returns the address of the symbol name.
func (img *Image) symbolAddr(name string) (uint64, bool) {
	for _, s := range img.syms {
		if s.Name == name {
			return s.Value, true
		}
	}
	return 0, false
}

// inst returns the instruction at pc.
func (img *Image) inst(pc uint64) (*disasm.Func, int, bool) {
	r, ok := img.at[pc]
	return r.f, r.i, ok
}
