package litmus

import (
	"fmt"
	"strings"
)

// Arch is the architecture named in a test's header.
type Arch string

// The architectures that Parse accepts.
const (
	AArch64 Arch = "AArch64"
	X86_64  Arch = "X86_64" // AT&T syntax: movl $1,(x)
	X86     Arch = "X86"    // Intel syntax: MOV [x],$1
	RISCV   Arch = "RISCV"  // herd7's RISC-V syntax: sw x5,0(x6)
	PPC     Arch = "PPC"    // herd7's Power syntax: stw r1,0(r2)
)

// Test is a parsed litmus test.
type Test struct {
	Name      string
	Arch      Arch
	File      string     // the name given to Parse, used in messages
	Comment   string     // the quoted comment after the header, if any
	Info      []KeyValue // Key=Value lines after the header
	Init      []InitEntry
	Threads   []*Thread
	Locations []Location // from "locations [...]": shown in the final states
	Filter    Prop       // from "filter PROP", or nil
	Cond      Condition

	decls    map[string]memDecl  // declared memory locations, by name
	arrays   map[string]int      // arrays: number of elements
	regTypes map[Location]string // declared types of registers
}

// KeyValue is one "Key=Value" line of a test's header.
type KeyValue struct{ Key, Value string }

// InitEntry sets a register or a memory location before the threads start.
type InitEntry struct {
	Loc   Location
	Value Value
	Line  int
}

// Thread is one column of a test.
type Thread struct {
	Index int
	// Instructions holds the source text of each instruction, in order.
	Instructions []string
	code         []instr
	labels       map[string]int // label -> index into code (len(code) for the end)
	lines        []int          // source line of each instruction
}

// Location names a register of a thread (Thread >= 0) or a memory location
// (Thread < 0, Sym set).
type Location struct {
	Thread int
	Reg    string // canonical name: X3 for W3 and X3, rax for %eax, EAX
	Sym    string
}

// IsMem reports whether l is a memory location.
func (l Location) IsMem() bool { return l.Thread < 0 }

// String prints "1:X0" for a register and "[x]" for memory.
func (l Location) String() string {
	if l.IsMem() && strings.Contains(l.Sym, "[") {
		return l.Sym // an array element, t[1], as herd7 prints it
	}
	if l.IsMem() {
		return "[" + l.Sym + "]"
	}
	return fmt.Sprintf("%d:%s", l.Thread, l.Reg)
}

func memLoc(sym string) Location { return Location{Thread: -1, Sym: sym} }

// instr is one parsed instruction of some architecture.
type instr interface {
	exec(x *threadExec) error
	// syms lists the locations the instruction names directly.
	syms() []string
	String() string
}

// SyntaxError is an error in a test's text, or in what it asks for.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: message", or "file: message" when no line
// applies, as one line.
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return oneLine(fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg))
	}
	return oneLine(e.File + ": " + e.Msg)
}
