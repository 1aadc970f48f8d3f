package disasm

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// Inst is one instruction of a go tool objdump listing.
type Inst struct {
	Pos  string // source position, file:line
	PC   uint64
	Hex  string // the encoding as objdump prints it: bytes on amd64, the word on arm64
	Text string // Go assembler syntax
	// Decoded reports that Text was decoded here from Hex: where objdump
	// printed "?" (see DecodeARM64), left out the ordering (see
	// DecodeRISCV64, DecodeLoong64) or misprinted a riscv64 branch's
	// target (see resolveRISCV64Branch).
	Decoded bool
	// Data is the symbol that an arm64 access names through the ADRP
	// before it (see nameData), "" on every other instruction.
	Data string
}

// Func is the listing of one function.
type Func struct {
	Symbol string // as objdump prints it, e.g. example.com/pkg.name.abi0
	File   string
	Insts  []Inst
}

// Name is the symbol without its package path and ABI suffix:
// "addNotZeroLimitedAcquire" for an assembly routine of the root package,
// "vma.(*VMA).StartRead" for a method of a package below it.
func (f Func) Name() string {
	s := strings.TrimSuffix(f.Symbol, ".abi0")
	s = s[pathDir(s):]
	if pkg, name, ok := strings.Cut(s, "."); ok && pkg == rootName {
		return name
	}
	return s
}

// pkgPath is the import path of the function's package, "main" for a
// program's own.
func (f Func) pkgPath() string {
	dir := pathDir(f.Symbol)
	if i := strings.Index(f.Symbol[dir:], "."); i >= 0 {
		return f.Symbol[:dir+i]
	}
	return ""
}

// pathDir is the length of a symbol's package path up to and including
// its last slash: the path ends at the last slash before any receiver or
// type argument, which may hold slashes of their own.
func pathDir(sym string) int {
	head := sym
	if i := strings.IndexAny(sym, "(["); i >= 0 {
		head = sym[:i]
	}
	return strings.LastIndex(head, "/") + 1
}

// rootName is the last element of the module path, the package name of
// the root package.
const rootName = "atomicfence"

// Parse reads the output of go tool objdump for goarch. On arm64 it
// decodes the words that objdump leaves as "?" (see DecodeARM64), on
// riscv64 the AMOs, LR, SC and FENCEs whose ordering it leaves out (see
// DecodeRISCV64) and the branch targets it misprints, on loong64 the hints
// of DBAR (see DecodeLoong64).
func Parse(listing, goarch string) ([]Func, error) {
	var funcs []Func
	sc := bufio.NewScanner(strings.NewReader(listing))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "TEXT "); ok {
			sym, file, _ := strings.Cut(rest, " ")
			funcs = append(funcs, Func{Symbol: strings.TrimSuffix(sym, "(SB)"), File: file})
			continue
		}
		if len(funcs) == 0 {
			return nil, fmt.Errorf("objdump line %d: instruction before any TEXT line: %q", n, line)
		}
		in, err := parseInst(line, goarch)
		if err != nil {
			return nil, fmt.Errorf("objdump line %d: %v", n, err)
		}
		f := &funcs[len(funcs)-1]
		f.Insts = append(f.Insts, in)
	}
	return funcs, sc.Err()
}

// refine holds, per GOARCH, the decoder of the words whose ordering
// objdump leaves out of its text.
var refine = map[string]func(uint32) (string, bool){"riscv64": DecodeRISCV64, "loong64": DecodeLoong64}

// parseInst parses "  file.s:12\t0x1234\t\t885ffc02\t\tLDAXRW (R0), R2\t".
func parseInst(line, goarch string) (Inst, error) {
	var fields []string
	for _, f := range strings.Split(line, "\t") {
		if f = strings.TrimSpace(f); f != "" {
			fields = append(fields, f)
		}
	}
	if len(fields) < 4 {
		return Inst{}, fmt.Errorf("want position, address, encoding and instruction: %q", line)
	}
	pc, err := strconv.ParseUint(strings.TrimPrefix(fields[1], "0x"), 16, 64)
	if err != nil {
		return Inst{}, fmt.Errorf("bad address in %q", line)
	}
	in := Inst{Pos: fields[0], PC: pc, Hex: fields[2], Text: strings.Join(fields[3:], " ")}
	if decode := refine[goarch]; decode != nil && len(in.Hex) == 8 {
		if w, err := strconv.ParseUint(in.Hex, 16, 32); err == nil {
			if text, ok := decode(uint32(w)); ok {
				in.Text, in.Decoded = text, true
			}
		}
	}
	if goarch == "riscv64" {
		if err := resolveRISCV64Branch(&in); err != nil {
			return Inst{}, err
		}
	}
	if in.Text == "?" && goarch == "arm64" {
		w, err := strconv.ParseUint(in.Hex, 16, 32)
		if err != nil || len(in.Hex) != 8 {
			return Inst{}, fmt.Errorf("bad arm64 word in %q", line)
		}
		if text, ok := DecodeARM64(uint32(w)); ok {
			in.Text, in.Decoded = text, true
		}
	}
	return in, nil
}

// resolveRISCV64Branch replaces a riscv64 branch's N(PC) target by the
// address that its word encodes (see riscv64BranchOffset), so that
// branchTarget lands on the right instruction. A word with an N(PC)
// operand that is not a branch form read here is an error: a guessed
// target would mislead the rules that follow branches.
func resolveRISCV64Branch(in *Inst) error {
	i := strings.LastIndexAny(in.Text, " ,") + 1
	if !pcRelative.MatchString(in.Text[i:]) {
		return nil
	}
	w, err := strconv.ParseUint(in.Hex, 16, 32)
	off, ok := riscv64BranchOffset(uint32(w))
	if err != nil || len(in.Hex) != 8 || !ok {
		return fmt.Errorf("riscv64: cannot read the target of %q from its word %s", in.Text, in.Hex)
	}
	in.Text = fmt.Sprintf("%s%#x", in.Text[:i], in.PC+uint64(off))
	in.Decoded = true
	return nil
}
