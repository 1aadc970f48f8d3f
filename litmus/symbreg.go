package litmus

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// herd7's symbolic registers: "%name" in the code (W%name and X%name too
// in AArch64; in X86_64's AT&T syntax a %name that is not a register),
// given a value in the initial state and named in the final part without
// a thread. herd7 allocates a real register to each, thread by thread:
// the symbolic names of the thread's code in their lexical order take the
// lowest registers that neither the code nor the initial state or final
// part of that thread name (X0 to X29 on AArch64, r1 to r31 on Power,
// where r0 may read as 0, x5 to x31 on RISC-V, EAX, EBX, ECX, EDX, ESI
// and EDI on X86, rax to r15 in the order of their encodings, rbp and rsp
// included, on X86_64). A name that the initial state or the final part
// gives must appear in the code of exactly one thread.

// symbName matches a symbolic register with herd7's name syntax, and on
// AArch64 the W, X or C before it.
var symbName = regexp.MustCompile(`(?:\b([WwXxCc]))?%([A-Za-z_.$][A-Za-z0-9_./-]*)`)

// realReg matches what may be a register in the code (fp and sp too),
// and threadReg a register with its thread before it in the final part.
var (
	realReg   = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9]*\b`)
	threadReg = regexp.MustCompile(`\bP?([0-9]+)\s*:\s*([A-Za-z][A-Za-z0-9]*)\b`)
)

// symbInit is an entry of the initial state that gives a symbolic
// register its value, kept until the code says which register it is.
type symbInit struct {
	line  int
	name  string
	typ   string
	value Value
}

// x86_64Names are the names that herd7's X86_64 lexer reads as a register
// after "%" besides those the checker runs (x86_64Register): the 16- and
// 8-bit views, the flags and the SSE registers. Any other %name is a
// symbolic register.
var x86_64Names = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range strings.Fields("ax bx cx dx si di bp sp al bl cl dl sil dil bpl spl ah bh ch dh zf sf cf") {
		m[r] = true
	}
	for i := 8; i < 16; i++ {
		m[fmt.Sprintf("r%dw", i)], m[fmt.Sprintf("r%db", i)] = true, true
	}
	for i := 0; i < 8; i++ {
		m[fmt.Sprintf("xmm%d", i)] = true
	}
	return m
}()

// isSymbolic reports whether name, matched by symbName in the code, is a
// symbolic register and not one of X86_64's registers.
func isSymbolic(a Arch, name string) bool {
	if a != X86_64 {
		return true
	}
	l := strings.ToLower(name)
	_, ok := x86_64Register(l)
	return !ok && !x86_64Names[l]
}

// symbolicAllowed lists the registers herd7 allocates, in its order.
func symbolicAllowed(a Arch) []string {
	var regs []string
	switch a {
	case AArch64:
		for i := 0; i < 30; i++ {
			regs = append(regs, "X"+strconv.Itoa(i))
		}
	case PPC:
		for i := 1; i < 32; i++ {
			regs = append(regs, "r"+strconv.Itoa(i))
		}
	case RISCV:
		for i := 5; i < 32; i++ {
			regs = append(regs, rvRegName(i))
		}
	case X86:
		regs = []string{"EAX", "EBX", "ECX", "EDX", "ESI", "EDI"}
	case X86_64:
		regs = []string{"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp"}
		for i := 8; i < 16; i++ {
			regs = append(regs, "r"+strconv.Itoa(i))
		}
	}
	return regs
}

// allocateSymbolic gives each symbolic register of the code a real one,
// rewrites the code's cells with it, and adds the initial values that
// the initial state gave them; final is the text of the final part.
func (p *parser) allocateSymbolic(rows []codeRow, final string) error {
	names, used := p.registerUses(rows, final)
	given := map[string]bool{}
	for _, s := range p.symbInits {
		given[s.name] = true
	}
	for _, m := range symbName.FindAllStringSubmatch(final, -1) {
		given[m[2]] = true
	}
	p.symbRegs = map[string]Location{}
	owner := map[string]int{}
	for th := range p.t.Threads {
		var sorted []string
		for name := range names[th] {
			if prev, twice := owner[name]; twice && given[name] {
				return p.errorf(p.lastLine(), "symbolic register %%%s is in the code of P%d and P%d: which one the initial state or the final part means is ambiguous", name, prev, th)
			}
			owner[name] = th
			sorted = append(sorted, name)
		}
		sort.Strings(sorted)
		var free []string
		for _, r := range symbolicAllowed(p.t.Arch) {
			if !used[th][r] {
				free = append(free, r)
			}
		}
		if len(free) < len(sorted) {
			return p.errorf(p.lastLine(), "P%d: not enough free registers for its %d symbolic registers", th, len(sorted))
		}
		alloc := map[string]string{}
		for k, name := range sorted {
			alloc[name] = free[k]
			p.symbRegs[name] = Location{Thread: th, Reg: free[k]}
		}
		if err := p.rewriteSymbolic(rows, th, alloc); err != nil {
			return err
		}
	}
	for _, s := range p.symbInits {
		loc, ok := p.symbRegs[s.name]
		if !ok {
			return p.errorf(s.line, "symbolic register %%%s does not appear in the code", s.name)
		}
		if s.typ != "" {
			p.t.regTypes[loc] = s.typ
		}
		if err := p.addInit(s.line, loc, s.value); err != nil {
			return err
		}
	}
	return nil
}

// registerUses returns, for each thread, the symbolic names of its code
// and the real registers (canonical) that its code, the initial state or
// the final part name.
func (p *parser) registerUses(rows []codeRow, final string) (names, used []map[string]bool) {
	n := len(p.t.Threads)
	names, used = make([]map[string]bool, n), make([]map[string]bool, n)
	for i := range used {
		names[i], used[i] = map[string]bool{}, map[string]bool{}
	}
	use := func(th int, reg string) {
		if c, ok := canonicalReg(p.t.Arch, reg); ok && th < n {
			used[th][c] = true
		}
	}
	for _, row := range rows {
		for th, cell := range row.cells {
			for _, m := range symbName.FindAllStringSubmatch(cell, -1) {
				if isSymbolic(p.t.Arch, m[2]) {
					names[th][m[2]] = true
				}
			}
			real := symbName.ReplaceAllStringFunc(cell, func(s string) string {
				if isSymbolic(p.t.Arch, symbName.FindStringSubmatch(s)[2]) {
					return ""
				}
				return s
			})
			for _, r := range realReg.FindAllString(real, -1) {
				use(th, r)
			}
		}
	}
	for _, e := range p.t.Init {
		if !e.Loc.IsMem() {
			use(e.Loc.Thread, e.Loc.Reg)
		}
	}
	for _, m := range threadReg.FindAllStringSubmatch(final, -1) {
		if th, err := strconv.Atoi(m[1]); err == nil {
			use(th, m[2])
		}
	}
	return names, used
}

// rewriteSymbolic replaces the symbolic registers of thread th's cells
// by the registers alloc gives them (W%name by the W view).
func (p *parser) rewriteSymbolic(rows []codeRow, th int, alloc map[string]string) error {
	for _, row := range rows {
		var err error
		row.cells[th] = symbName.ReplaceAllStringFunc(row.cells[th], func(s string) string {
			m := symbName.FindStringSubmatch(s)
			if !isSymbolic(p.t.Arch, m[2]) {
				return s
			}
			r := alloc[m[2]]
			switch {
			case p.t.Arch == X86_64:
				return m[1] + "%" + r
			case p.t.Arch != AArch64:
				return m[1] + r
			}
			switch strings.ToUpper(m[1]) {
			case "W":
				return "W" + strings.TrimPrefix(r, "X")
			case "C":
				err = p.errorf(row.line, "P%d: %s: capability registers are herd7's Morello variant", th, s)
			}
			return r
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// symbolicLocation is the register that herd7 allocated to the symbolic
// register s ("%name") of the final part.
func (p *parser) symbolicLocation(line int, s string) (Location, error) {
	name := strings.TrimPrefix(s, "%")
	if loc, ok := p.symbRegs[name]; ok {
		return loc, nil
	}
	return Location{}, p.errorf(line, "symbolic register %s does not appear in the code", s)
}
