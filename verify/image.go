package verify

import (
	"context"
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
	return img, nil
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
