package disasm

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// DecodedMark flags, in a printed listing, an instruction that was decoded
// from its word here: go tool objdump prints it as "?" (arm64), without
// its ordering bits (riscv64, loong64), or with a branch target that names
// the wrong instruction (riscv64).
const DecodedMark = "*"

// WriteFunc prints f's name, source file and instructions, less the zero
// words that pad an arm64 function to its alignment after its last
// instruction (objdump prints each as UDF $0).
func WriteFunc(w io.Writer, f Func) error {
	if _, err := fmt.Fprintf(w, "TEXT %s  %s\n", f.Name(), f.File); err != nil {
		return err
	}
	insts := f.Insts
	for len(insts) > 1 && isPadding(insts[len(insts)-1]) {
		insts = insts[:len(insts)-1]
	}
	return WriteInsts(w, insts)
}

// isPadding reports whether in is an arm64 zero word, which the linker
// puts between functions and no code reaches.
func isPadding(in Inst) bool {
	return in.Hex == "00000000" && strings.HasPrefix(in.Text, "UDF")
}

// WriteInsts prints one instruction a line: position, encoding, a
// DecodedMark where the text was decoded here, the text, and the package
// variable that an arm64 access names (Data), without its import path. A
// branch whose target objdump prints as an address (amd64, riscv64,
// ppc64le), which the listing does not show, is followed by the position
// of the instruction there, when it is one of insts.
func WriteInsts(w io.Writer, insts []Inst) error {
	at := map[string]string{}
	for _, in := range insts {
		at[fmt.Sprintf("%#x", in.PC)] = in.Pos
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, in := range insts {
		mark := " "
		if in.Decoded {
			mark = DecodedMark
		}
		text := in.Text
		if in.Data != "" {
			text += "  // " + in.Data[pathDir(in.Data):]
		}
		if i := strings.LastIndexAny(text, " ,"); i >= 0 && strings.HasPrefix(text[i+1:], "0x") && at[text[i+1:]] != "" {
			text += "  // to " + at[text[i+1:]]
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s %s\n", in.Pos, in.Hex, mark, text)
	}
	return tw.Flush()
}
