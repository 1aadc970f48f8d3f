package litmus

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// finalKeywords start the part after the code, as in herd7's splitter:
// each as a word of its own, not the start of a longer name, and "~"
// before "exists".
var finalKeywords = []string{"exists", "forall", "final", "locations", "filter", "observed", "Observed"}

func isFinalLine(text string) bool {
	if rest, ok := strings.CutPrefix(text, "~"); ok {
		text = strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(text, "exists") {
			return false
		}
	}
	for _, k := range finalKeywords {
		if rest, ok := strings.CutPrefix(text, k); ok && (rest == "" || !isNameChar(rest[0])) {
			return true
		}
	}
	return false
}

// isNameChar reports whether c continues a name in herd7's lexers.
func isNameChar(c byte) bool { return isAlnum(c) || c == '.' || c == '/' || c == '-' }

// parseCode reads the thread header ("P0 | P1 ;") and the rows of
// instructions below it, one column per thread.
func (p *parser) parseCode() error {
	l, ok := p.next()
	if ok && !p.semi && strings.TrimSpace(l.text) == ";" {
		// herd7 allows one ";" before the header.
		l, ok = p.next()
	}
	if !ok {
		return p.errorf(p.lastLine(), "missing thread header such as \"P0 | P1 ;\"")
	}
	names := splitRow(l.text)
	for i, name := range names {
		if name != "P"+strconv.Itoa(i) {
			if name == "" {
				name = strings.TrimSpace(l.text)
			}
			return p.errorf(l.n, "thread header: expected %q, found %q", "P"+strconv.Itoa(i), name)
		}
		p.t.Threads = append(p.t.Threads, &Thread{Index: i, labels: map[string]int{}})
	}
	var rows []codeRow
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		text := strings.TrimSpace(l.text)
		if text == "" {
			p.pos++
			continue
		}
		if isFinalLine(text) {
			break
		}
		p.pos++
		cells := splitRow(text)
		if len(cells) > len(p.t.Threads) {
			threads := fmt.Sprintf("%d threads", len(p.t.Threads))
			if len(p.t.Threads) == 1 {
				threads = "1 thread"
			}
			return p.errorf(l.n, "%d columns but %s", len(cells), threads)
		}
		// As in herd7, every row has a column for each thread of the
		// header: a row with fewer is a header naming threads that the
		// code lacks, or a "|" lost.
		if len(cells) < len(p.t.Threads) {
			return p.errorf(l.n, "a row of %s, but the header names %d threads", columns(len(cells)), len(p.t.Threads))
		}
		rows = append(rows, codeRow{l.n, cells, slices.Clone(cells)})
	}
	var final strings.Builder
	for _, l := range p.lines[p.pos:] {
		final.WriteString(l.text + "\n")
	}
	if err := p.allocateSymbolic(rows, final.String()); err != nil {
		return err
	}
	for _, row := range rows {
		for i, cell := range row.cells {
			if err := p.parseCell(p.t.Threads[i], row.line, cell); err != nil {
				var se *SyntaxError
				if w := row.written[i]; w != cell && errors.As(err, &se) {
					se.Msg += fmt.Sprintf(" (written %q)", w)
				}
				return err
			}
		}
	}
	return nil
}

// codeRow is a row of the code: its line and a cell per thread, with
// symbolic registers replaced by the registers allocated to them, and the
// cells as written.
type codeRow struct {
	line    int
	cells   []string
	written []string
}

func columns(n int) string {
	if n == 1 {
		return "1 column"
	}
	return strconv.Itoa(n) + " columns"
}

// splitRow splits "a | b | c ;" into trimmed cells.
func splitRow(text string) []string {
	text = strings.TrimSpace(text)
	text = strings.TrimSuffix(text, ";")
	cells := strings.Split(text, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// parseCell reads optional labels ("L0:") and then one instruction.
func (p *parser) parseCell(th *Thread, line int, cell string) error {
	for {
		label, rest, ok := cutLabel(cell)
		if !ok {
			break
		}
		if _, dup := th.labels[label]; dup {
			return p.errorf(line, "P%d: label %q defined twice", th.Index, label)
		}
		th.labels[label] = len(th.code)
		cell = rest
	}
	if cell == "" {
		return nil
	}
	var (
		in  instr
		err error
	)
	switch p.t.Arch {
	case AArch64:
		in, err = parseARM(cell)
	case X86_64:
		in, err = parseATT(cell)
	case X86:
		in, err = parseIntel(cell)
	case RISCV:
		in, err = parseRISCV(cell)
	case PPC:
		in, err = parsePPC(cell)
	}
	if err != nil {
		return p.errorf(line, "P%d: %v", th.Index, err)
	}
	th.code = append(th.code, in)
	th.lines = append(th.lines, line)
	th.Instructions = append(th.Instructions, cell)
	return nil
}

// isLabelName reports whether s may name a label: an identifier, or one
// after a dot as a section name (".text"), which herd7 takes too.
func isLabelName(s string) bool { return isIdent(strings.TrimPrefix(s, ".")) }

// cutLabel splits "L0: rest" into "L0" and "rest".
func cutLabel(cell string) (label, rest string, ok bool) {
	i := strings.IndexByte(cell, ':')
	if i <= 0 || !isLabelName(strings.TrimSpace(cell[:i])) || strings.ContainsAny(cell[:i], " \t") {
		return "", cell, false
	}
	return cell[:i], strings.TrimSpace(cell[i+1:]), true
}

// operands splits "W0, [X1, W2, SXTW], #4" at the commas that are not
// inside brackets or parentheses.
func operands(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" || len(out) > 0 {
		out = append(out, rest)
	}
	return out
}

// mnemonic splits an instruction into its upper-cased mnemonic and the text
// of its operands.
func mnemonic(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return strings.ToUpper(s), ""
	}
	return strings.ToUpper(s[:i]), strings.TrimSpace(s[i:])
}

// numberedRegs reads register operands into dst with reg, the register
// reader of an architecture whose registers are numbered (RISC-V, Power).
func numberedRegs(ops []string, m string, reg func(string) (int, bool), dst ...*int) error {
	if err := want(ops, len(dst), m); err != nil {
		return err
	}
	for i, op := range ops {
		r, ok := reg(op)
		if !ok {
			return fmt.Errorf("bad register %q in %s", op, m)
		}
		*dst[i] = r
	}
	return nil
}

// numberedRegsImm is numberedRegs followed by an immediate, which it
// returns.
func numberedRegsImm(ops []string, m string, reg func(string) (int, bool), dst ...*int) (int64, error) {
	if err := want(ops, len(dst)+1, m); err != nil {
		return 0, err
	}
	if err := numberedRegs(ops[:len(dst)], m, reg, dst...); err != nil {
		return 0, err
	}
	n, ok := parseInt(ops[len(dst)])
	if !ok {
		return 0, fmt.Errorf("bad immediate %q in %s", ops[len(dst)], m)
	}
	return n, nil
}
