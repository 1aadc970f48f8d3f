package disasm

import (
	"debug/elf"
	"fmt"
	"regexp"
	"sort"
	"strconv"
)

var (
	adrpRE   = regexp.MustCompile(`^ADRP (-?\d+)\(PC\), (R\d+)$`)
	offsetRE = regexp.MustCompile(`(?:^|[ ,])(-?\d+)\((R\d+)\)`)
)

// nameData sets Data on each arm64 instruction that addresses memory at an
// offset from the register that the ADRP just before it loaded, the pair
// in which the linker reads or writes a package variable: the name of the
// symbol of binary that holds the address. objdump prints the pair as a
// page and an offset, which tell nothing of which variable a routine
// reads; an assembly routine that tested the wrong one of two flags would
// look the same as one that tested the right one.
func nameData(funcs []Func, binary string) error {
	f, err := elf.Open(binary)
	if err != nil {
		return fmt.Errorf("reading the symbols of %s: %v", binary, err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return fmt.Errorf("reading the symbols of %s: %v", binary, err)
	}
	sort.Slice(syms, func(i, j int) bool { return syms[i].Value < syms[j].Value })
	for _, fn := range funcs {
		insts := fn.Insts
		for i := 1; i < len(insts); i++ {
			page := adrpRE.FindStringSubmatch(insts[i-1].Text)
			off := offsetRE.FindStringSubmatch(insts[i].Text)
			if page == nil || off == nil || off[2] != page[2] {
				continue
			}
			p, err1 := strconv.ParseInt(page[1], 10, 64)
			o, err2 := strconv.ParseInt(off[1], 10, 64)
			if err1 != nil || err2 != nil {
				continue
			}
			insts[i].Data = symbolAt(syms, uint64(int64(insts[i-1].PC&^0xfff)+p+o))
		}
	}
	return nil
}

// symbolAt returns the name of the symbol of syms (sorted by address) that
// holds addr, or "" where none does. Of the symbols at the highest address
// not above addr, any one whose size covers addr will do.
func symbolAt(syms []elf.Symbol, addr uint64) string {
	i := sort.Search(len(syms), func(i int) bool { return syms[i].Value > addr })
	for k := i - 1; k >= 0 && syms[k].Value == syms[i-1].Value; k-- {
		if s := syms[k]; s.Name != "" && addr < s.Value+max(s.Size, 1) {
			return s.Name
		}
	}
	return ""
}
