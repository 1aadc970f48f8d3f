package litmus

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseFile reads and parses the litmus test in path, which may hold at
// most MaxTestSize bytes.
func ParseFile(path string) (*Test, error) {
	src, err := readTest(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse parses the litmus test src. name is used in error messages, which
// have the form "name:line: message" and are one line. src may have CRLF
// line ends and a UTF-8 byte order mark; it may not exceed MaxTestSize
// bytes, nor hold NUL bytes or other control characters.
func Parse(name string, src []byte) (*Test, error) {
	src, err := cleanInput(name, src)
	if err != nil {
		return nil, err
	}
	text, open := stripBodyComments(string(src))
	if open >= 0 {
		// herd7 fails too ("eof in skip_comment"): reading on would drop
		// the rest of the test, its condition included.
		line := 1 + strings.Count(string(src[:open]), "\n")
		return nil, &SyntaxError{File: name, Line: line, Msg: `comment "(*" is never closed by "*)"`}
	}
	p := &parser{file: name, lines: splitLines(text), initLines: map[Location]int{}}
	p.t = &Test{File: name, decls: map[string]memDecl{}, arrays: map[string]int{}, regTypes: map[Location]string{}}
	t, err := p.parse()
	if err != nil {
		return nil, err
	}
	return t, nil
}

type srcLine struct {
	n    int
	text string
}

type parser struct {
	file  string
	lines []srcLine
	pos   int
	t     *Test
	uses  *uses
	// initLines maps each initialised location to its line.
	initLines map[Location]int
	// memInits counts the memory locations of the initial state.
	memInits int
	// semi is set once the one ";" that herd7 allows between the
	// initial state and the thread header has been read.
	semi bool
	// symbInits are the initial values of symbolic registers, and
	// symbRegs the registers allocated to them (symbreg.go).
	symbInits []symbInit
	symbRegs  map[string]Location
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &SyntaxError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// stripBodyComments blanks out comments as herd7 reads them. Text before
// the initial state is read line by line, where a comment is blanked out
// when it closes on its line, or when "(*" is a line of its own; an
// unclosed "(*" inside a line is text (herd7 accepts a header line with
// one). From the initial state on, every comment is blanked out. open is
// the offset of a comment that never closes, where herd7 fails, or -1.
func stripBodyComments(s string) (text string, open int) {
	var b strings.Builder
	done := 0 // the length of the text already read
	for len(s) > 0 {
		line, rest, found := strings.Cut(s, "\n")
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "{"):
			body, open := stripComments(s)
			if open >= 0 {
				open += done
			}
			return b.String() + body, open
		case strings.TrimSuffix(line, "\r") == "(*":
			end := commentEnd(s)
			if end < 0 {
				return "", done
			}
			body, _ := stripComments(s[:end])
			b.WriteString(body)
			s, done = s[end:], done+end
			continue
		}
		b.WriteString(stripClosedComments(line))
		if found {
			b.WriteByte('\n')
		}
		s, done = rest, done+len(line)+1
	}
	return b.String(), -1
}

// stripClosedComments blanks out the comments of line that close on it.
// It copies the line once, so that a line of many comments takes time
// linear in its length.
func stripClosedComments(line string) string {
	var b strings.Builder
	b.Grow(len(line))
	done := 0 // line[:done] is in b
	for i := 0; i+1 < len(line); i++ {
		if line[i:i+2] != "(*" {
			continue
		}
		end := commentEnd(line[i:])
		if end < 0 {
			break
		}
		b.WriteString(line[done:i])
		b.WriteString(strings.Repeat(" ", end))
		done = i + end
		i += end - 1
	}
	if done == 0 {
		return line
	}
	b.WriteString(line[done:])
	return b.String()
}

// commentEnd is the index just after the comment that opens s, nested
// comments included, or -1 when it does not close.
func commentEnd(s string) int {
	depth := 0
	for i := 0; i+1 < len(s); i++ {
		switch s[i : i+2] {
		case "(*":
			depth++
			i++
		case "*)":
			depth--
			i++
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// stripComments blanks out OCaml-style comments (* ... *), which may nest
// and span lines, keeping the newlines so that line numbers stay right.
// open is the offset of the outermost "(*" that never closes, or -1.
func stripComments(s string) (text string, open int) {
	var b strings.Builder
	depth := 0
	open = -1
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "(*"):
			if depth == 0 {
				open = i
			}
			depth++
			b.WriteString("  ")
			i++
		case depth > 0 && strings.HasPrefix(s[i:], "*)"):
			depth--
			b.WriteString("  ")
			i++
		case depth > 0 && s[i] != '\n':
			b.WriteByte(' ')
		default:
			b.WriteByte(s[i])
		}
	}
	if depth == 0 {
		open = -1
	}
	return b.String(), open
}

func splitLines(s string) []srcLine {
	raw := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	lines := make([]srcLine, len(raw))
	for i, l := range raw {
		lines[i] = srcLine{n: i + 1, text: l}
	}
	return lines
}

// next returns the next line that is not blank.
func (p *parser) next() (srcLine, bool) {
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		p.pos++
		if strings.TrimSpace(l.text) != "" {
			return l, true
		}
	}
	return srcLine{}, false
}

// lastLine is the number of the last line that is not blank.
func (p *parser) lastLine() int {
	for i := len(p.lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(p.lines[i].text) != "" {
			return p.lines[i].n
		}
	}
	return 1
}

func (p *parser) parse() (*Test, error) {
	if err := p.parseHeader(); err != nil {
		return nil, err
	}
	if err := p.checkVariants(); err != nil {
		return nil, err
	}
	if err := p.parseInitBlock(); err != nil {
		return nil, err
	}
	if err := p.parseCode(); err != nil {
		return nil, err
	}
	if err := p.collectUses(); err != nil {
		return nil, err
	}
	if err := p.checkCodeLabels(); err != nil {
		return nil, err
	}
	if err := p.parseFinal(); err != nil {
		return nil, err
	}
	return p.t, nil
}

func (p *parser) parseHeader() error {
	l, ok := p.next()
	if !ok {
		return p.errorf(1, "empty file: expected a header such as \"AArch64 MP\"")
	}
	fields := strings.Fields(l.text)
	switch Arch(fields[0]) {
	case AArch64, X86_64, X86, RISCV, PPC:
		p.t.Arch = Arch(fields[0])
	default:
		return p.errorf(l.n, "unsupported architecture %q (want AArch64, X86_64, X86, RISCV or PPC)", fields[0])
	}
	if len(fields) < 2 {
		return p.errorf(l.n, "missing test name after %q", fields[0])
	}
	p.t.Name = strings.Join(fields[1:], " ")
	if doc, ok := afterTexName(l.text, fields); ok {
		p.t.Name = fields[1]
		if doc != "" {
			if err := p.parseQuoted(srcLine{n: l.n, text: doc}); err != nil {
				return err
			}
		}
	}
	for {
		l, ok := p.next()
		if !ok {
			return p.errorf(p.lastLine(), "missing initial state block \"{ ... }\"")
		}
		text := strings.TrimSpace(l.text)
		switch {
		case strings.HasPrefix(text, "{"):
			p.pos--
			return nil
		case strings.HasPrefix(text, "\""):
			if err := p.parseQuoted(l); err != nil {
				return err
			}
		case strings.Contains(text, "="):
			k, v, _ := strings.Cut(text, "=")
			p.t.Info = append(p.t.Info, KeyValue{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
		// herd7 skips any other text before the initial state
		// ("variant ASL", a stray word).
	}
}

// afterTexName reads herd7's "ARCH NAME (TEXNAME)", in which the test is
// NAME and the name in parentheses is for herd7's LaTeX output, and
// returns what follows it on the line: a quoted comment, or "". ok is
// false for a header of another form.
func afterTexName(header string, fields []string) (doc string, ok bool) {
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(header), fields[0]))
	rest = strings.TrimSpace(strings.TrimPrefix(rest, fields[1]))
	if !strings.HasPrefix(rest, "(") {
		return "", false
	}
	i := strings.IndexByte(rest, ')')
	if i < 0 {
		return "", false
	}
	doc = strings.TrimSpace(rest[i+1:])
	return doc, doc == "" || strings.HasPrefix(doc, "\"")
}

// parseQuoted reads a quoted comment, which may span several lines. A
// quote that nothing after it closes is no comment: herd7 skips its line
// as other text before the initial state.
func (p *parser) parseQuoted(first srcLine) error {
	text := strings.TrimSpace(first.text)[1:]
	var parts []string
	next := p.pos
	for {
		if i := strings.IndexByte(text, '"'); i >= 0 {
			parts = append(parts, text[:i])
			if rest := strings.TrimSpace(text[i+1:]); rest != "" {
				return p.errorf(first.n, "unexpected %q after the quoted comment", firstWord(rest))
			}
			p.t.Comment = strings.Join(parts, "\n")
			return nil
		}
		parts = append(parts, text)
		if p.pos >= len(p.lines) {
			p.pos = next
			return nil
		}
		text = p.lines[p.pos].text
		p.pos++
	}
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// parseInitBlock reads "{ ... }" and parses the entries between the braces.
func (p *parser) parseInitBlock() error {
	l, _ := p.next()
	open := l.n
	text := strings.TrimSpace(l.text)[1:]
	type piece struct {
		line int
		text string
	}
	var pieces []piece
	depth := 0
	for {
		// An array value "{1,2}" nests inside the block's braces.
		if i := closingBrace(text, &depth); i >= 0 {
			pieces = append(pieces, piece{l.n, text[:i]})
			rest := strings.TrimSpace(text[i+1:])
			if rest == ";" {
				p.semi, rest = true, ""
			}
			if rest != "" {
				return p.errorf(l.n, "unexpected %q after the initial state", firstWord(rest))
			}
			break
		}
		pieces = append(pieces, piece{l.n, text})
		if p.pos >= len(p.lines) {
			return p.errorf(open, "initial state block is not closed with \"}\"")
		}
		l = p.lines[p.pos]
		p.pos++
		text = l.text
	}
	for _, pc := range pieces {
		for _, entry := range strings.Split(pc.text, ";") {
			if strings.TrimSpace(entry) == "" {
				continue
			}
			if err := p.parseInitEntry(pc.line, entry); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *parser) parseInitEntry(line int, entry string) error {
	lhs, rhs, hasValue := strings.Cut(entry, "=")
	typ, name := splitDecl(lhs)
	if name == "" {
		return p.errorf(line, "missing location in initial state entry %q", strings.TrimSpace(entry))
	}
	if sym, n, ok := arrayDecl(name); ok {
		if _, seen := p.t.arrays[sym]; seen {
			return p.errorf(line, "%s: an array is initialised only as a whole, as in \"int v[2] = {1,2}\"", name)
		}
		return p.arrayInit(line, typ, sym, n, strings.TrimSpace(rhs), hasValue)
	}
	if strings.HasPrefix(name, "%") {
		v := Value{}
		if hasValue {
			var err error
			if v, err = p.value(line, strings.TrimSpace(rhs)); err != nil {
				return err
			}
		}
		p.symbInits = append(p.symbInits, symbInit{line, strings.TrimPrefix(name, "%"), typ, v})
		return nil
	}
	loc, err := p.location(line, name)
	if err != nil {
		return err
	}
	v := Value{}
	if hasValue {
		v, err = p.value(line, strings.TrimSpace(rhs))
		if err != nil {
			return err
		}
	}
	if loc.IsMem() {
		if _, isArray := p.t.arrays[loc.Sym]; isArray || strings.Contains(loc.Sym, "[") {
			return p.errorf(line, "%s: an array is initialised only as a whole, as in \"int v[2] = {1,2}\"", name)
		}
		if err := p.declare(line, loc.Sym, typ, v); err != nil {
			return err
		}
		if v, err = p.t.initValue(loc.Sym, v); err != nil {
			return p.errorf(line, "%s: %v", name, err)
		}
	} else if typ != "" {
		p.t.regTypes[loc] = typ
	}
	return p.addInit(line, loc, v)
}

func (p *parser) addInit(line int, loc Location, v Value) error {
	if first, dup := p.initLines[loc]; dup {
		return p.errorf(line, "%s is initialised twice (first on line %d)", loc, first)
	}
	p.initLines[loc] = line
	if loc.IsMem() {
		p.memInits++
	}
	p.t.Init = append(p.t.Init, InitEntry{Loc: loc, Value: v, Line: line})
	return nil
}

// location parses "N:REG" (or "PN:REG", as herd7 takes it too), "[x]" or
// "x".
func (p *parser) location(line int, s string) (Location, error) {
	if th, reg, ok := strings.Cut(s, ":"); ok {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(th), "P"))
		if err != nil || n < 0 {
			return Location{}, p.errorf(line, "bad thread number in %q", s)
		}
		r, ok := canonicalReg(p.t.Arch, strings.TrimSpace(reg))
		if !ok {
			return Location{}, p.errorf(line, "unknown %s register %q", p.t.Arch, strings.TrimSpace(reg))
		}
		return Location{Thread: n, Reg: r}, nil
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if sym, i, ok := arrayDecl(s); ok {
		return p.element(line, sym, i)
	}
	if !isIdent(s) {
		if strings.HasPrefix(s, "%") {
			return p.symbolicLocation(line, s)
		}
		if strings.HasPrefix(s, "PTE(") || strings.HasPrefix(s, "PA(") {
			return Location{}, p.errorf(line, "%s: page tables are herd7's vmsa variant", s)
		}
		return Location{}, p.errorf(line, "bad location %q", s)
	}
	return memLoc(s), nil
}

// value parses an integer (decimal, or hexadecimal with 0x) or the address
// of a location ("x" or "&x").
func (p *parser) value(line int, s string) (Value, error) {
	if n, ok := parseInt(s); ok {
		return intValue(n), nil
	}
	if v, ok, err := p.elementAddress(line, strings.TrimPrefix(s, "&")); ok {
		return v, err
	}
	if v, ok := parseCodeLabel(s); ok {
		return v, nil
	}
	if strings.HasPrefix(s, "instr:") {
		return Value{}, p.errorf(line, "instruction value %s: code as data is herd7's ifetch variant", s)
	}
	s = strings.TrimPrefix(s, "&")
	if isIdent(s) {
		return Value{Sym: s}, nil
	}
	if sym, off, ok := strings.Cut(s, "+"); ok && isIdent(sym) {
		if n, ok := parseInt(off); ok {
			return Value{Sym: sym, N: n}, nil
		}
	}
	return Value{}, p.errorf(line, "bad value %q", s)
}

func parseInt(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 0, 64); err == nil {
		return n, true
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return int64(u), true
	}
	return 0, false
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '.'):
		default:
			return false
		}
	}
	return true
}
