package litmus

import (
	"strconv"
	"strings"
	"unicode"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokNum
	tokPunct
)

type token struct {
	kind tokKind
	text string
	line int
}

func (t token) String() string {
	if t.kind == tokEOF {
		return "end of file"
	}
	return strconv.Quote(t.text)
}

// lexFinal splits the final part of a test into tokens; the end of the
// input is reported at eofLine.
func lexFinal(lines []srcLine, eofLine int) []token {
	var toks []token
	for _, l := range lines {
		s := l.text
		for i := 0; i < len(s); {
			c := rune(s[i])
			switch {
			case unicode.IsSpace(c):
				i++
			case strings.HasPrefix(s[i:], "<<"):
				// herd7's splitter ends the test at "<<": what follows
				// is a block of old tool options that it ignores.
				return append(toks, token{kind: tokEOF, line: l.n})
			case strings.HasPrefix(s[i:], "/\\"), strings.HasPrefix(s[i:], "\\/"),
				strings.HasPrefix(s[i:], "=>"), strings.HasPrefix(s[i:], "!="):
				toks = append(toks, token{tokPunct, s[i : i+2], l.n})
				i += 2
			case strings.HasPrefix(s[i:], "=="):
				// herd7's other spelling of "=".
				toks = append(toks, token{tokPunct, "=", l.n})
				i += 2
			case strings.HasPrefix(s[i:], "<>"):
				// herd7's other spelling of "!=".
				toks = append(toks, token{tokPunct, "!=", l.n})
				i += 2
			case c == '-' || c >= '0' && c <= '9':
				j := i + 1
				for j < len(s) && (isAlnum(s[j])) {
					j++
				}
				toks = append(toks, token{tokNum, s[i:j], l.n})
				i = j
			case c == '_' || c == '%' || c == '$' || unicode.IsLetter(c):
				j := i + 1
				for j < len(s) && (isAlnum(s[j]) || s[j] == '.') {
					j++
				}
				// An address with an offset, such as y+4, is one token.
				if j+1 < len(s) && s[j] == '+' && s[j+1] >= '0' && s[j+1] <= '9' {
					for j++; j < len(s) && isAlnum(s[j]); j++ {
					}
				}
				toks = append(toks, token{tokIdent, s[i:j], l.n})
				i = j
			default:
				toks = append(toks, token{tokPunct, s[i : i+1], l.n})
				i++
			}
		}
	}
	return append(toks, token{kind: tokEOF, line: eofLine})
}

func isAlnum(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

type condParser struct {
	p    *parser
	toks []token
	pos  int
	nest int // propositions being parsed, one inside the other
}

// maxNesting bounds how deep propositions nest (parentheses, negations),
// so that a hostile condition cannot exhaust the stack of the recursive
// parser. Chains of \/, /\ and => are parsed in loops; the trees they make
// are as deep as the chain is long, which a test's size bounds.
const maxNesting = 1000

// enter notes one more level of nesting at t; leave undoes it.
func (c *condParser) enter(t token) error {
	if c.nest++; c.nest > maxNesting {
		return c.p.errorf(t.line, "the condition nests deeper than %d levels", maxNesting)
	}
	return nil
}

func (c *condParser) leave() { c.nest-- }

func (c *condParser) peek() token { return c.toks[c.pos] }

func (c *condParser) take() token {
	t := c.toks[c.pos]
	if t.kind != tokEOF {
		c.pos++
	}
	return t
}

func (c *condParser) is(text string) bool {
	t := c.peek()
	return t.kind != tokEOF && t.text == text
}

func (c *condParser) expect(text string) error {
	t := c.take()
	if t.text != text || t.kind == tokEOF {
		return c.p.errorf(t.line, "expected %q, found %s", text, t)
	}
	return nil
}

// parseFinal reads "locations [...]", "filter PROP" and the final condition,
// each optional and in that order, as herd7 reads them.
func (p *parser) parseFinal() error {
	c := &condParser{p: p, toks: lexFinal(p.lines[p.pos:], p.lastLine())}
	if c.is("locations") {
		c.take()
		if err := c.parseLocations(); err != nil {
			return err
		}
	}
	if c.is("filter") {
		c.take()
		f, err := c.parseProp()
		if err != nil {
			return err
		}
		p.t.Filter = f
	}
	t := c.take()
	switch {
	case t.text == "locations" || t.text == "filter":
		return p.errorf(t.line, "%q comes once, and before the final condition; \"locations\" before \"filter\"", t.text)
	case (t.text == "exists" || t.text == "final") && t.kind == tokIdent:
		// herd7 reads "final PROP" as "exists PROP".
		p.t.Cond.Quant = Exists
	case t.text == "forall" && t.kind == tokIdent:
		p.t.Cond.Quant = Forall
	case (t.text == "~" || t.text == "not" && t.kind == tokIdent) && c.is("exists"):
		c.take()
		p.t.Cond.Quant = NotExists
	case t.text == "(" && t.kind == tokPunct:
		// And a parenthesised PROP alone as "exists (PROP)".
		c.pos--
		p.t.Cond.Quant = Exists
	case t.kind == tokEOF:
		// herd7 reads a test without a condition as "forall (true)".
		p.t.Cond = Condition{Quant: Forall, Prop: propConst(true)}
		return nil
	default:
		return p.errorf(t.line, "expected the final condition (exists, ~exists, not exists, forall, final or a parenthesised proposition), found %s", t)
	}
	prop, err := c.parseProp()
	if err != nil {
		return err
	}
	p.t.Cond.Prop = prop
	for c.is(";") {
		c.take()
	}
	if c.is("with") {
		c.take()
		if err := c.parseKinds(); err != nil {
			return err
		}
	}
	if t := c.peek(); t.kind != tokEOF {
		return p.errorf(t.line, "unexpected %s after the final condition", t)
	}
	return nil
}

// parseKinds reads the list after "with" that older tests give: each
// "NAME: forall", "NAME: exists" or "NAME: ~exists" (or "not exists"),
// separated by ";", naming a model and its expected quantifier. herd7
// reads the list and ignores it; so does the checker.
func (c *condParser) parseKinds() error {
	for {
		name := c.take()
		if name.kind != tokIdent {
			return c.p.errorf(name.line, "expected a model's name and its kind after \"with\", found %s", name)
		}
		if err := c.expect(":"); err != nil {
			return err
		}
		q := c.take()
		if (q.text == "~" || q.text == "not") && c.is("exists") {
			q = c.take()
		} else if q.text != "exists" && q.text != "forall" {
			return c.p.errorf(q.line, "expected forall, exists or ~exists as the kind of %s, found %s", name.text, q)
		}
		if !c.is(";") {
			return nil
		}
		c.take()
		if c.peek().kind == tokEOF {
			return nil
		}
	}
}

// parseLocations parses herd7's locations list: items separated by ";",
// with one ";" allowed after the last. An item is a location, optionally
// followed by a type name, a "*" or both (0:X1 int, p*, y int*). herd7
// reads the type and ignores it: it serves litmus7, and herd7 prints a
// value with the type the initial state declares.
func (c *condParser) parseLocations() error {
	if err := c.expect("["); err != nil {
		return err
	}
	for !c.is("]") {
		if t := c.peek(); t.kind == tokEOF {
			return c.p.errorf(t.line, "locations list is not closed with \"]\"")
		}
		loc, err := c.parseLocation()
		if err != nil {
			return err
		}
		if t := c.peek(); t.kind == tokIdent && !condKeywords[t.text] {
			if t.text == "ins_t" {
				return c.p.errorf(t.line, "%s of type ins_t: code as data is herd7's ifetch variant", loc)
			}
			c.take()
		}
		if c.is("*") {
			c.take()
		}
		c.p.t.Locations = append(c.p.t.Locations, loc)
		if !c.is("]") && c.peek().kind != tokEOF {
			if err := c.expect(";"); err != nil {
				return err
			}
		}
	}
	c.take()
	return nil
}

// parseProp parses a proposition with herd7's precedence (its state
// grammar declares %left OR, %left AND, %right IMPLIES, %nonassoc NOT):
// \/ binds loosest, then /\, then =>, which groups to the right, then
// negation. So a /\ b => c is a /\ (b => c).
func (c *condParser) parseProp() (Prop, error) {
	if err := c.enter(c.peek()); err != nil {
		return nil, err
	}
	defer c.leave()
	return c.parseOr()
}

func (c *condParser) parseOr() (Prop, error) {
	l, err := c.parseAnd()
	if err != nil {
		return nil, err
	}
	for c.is("\\/") {
		c.take()
		r, err := c.parseAnd()
		if err != nil {
			return nil, err
		}
		l = propOr{l, r}
	}
	return l, nil
}

func (c *condParser) parseAnd() (Prop, error) {
	l, err := c.parseImplies()
	if err != nil {
		return nil, err
	}
	for c.is("/\\") {
		c.take()
		r, err := c.parseImplies()
		if err != nil {
			return nil, err
		}
		l = propAnd{l, r}
	}
	return l, nil
}

// parseImplies parses a => b => c as a => (b => c).
func (c *condParser) parseImplies() (Prop, error) {
	p, err := c.parseUnary()
	if err != nil {
		return nil, err
	}
	ps := []Prop{p}
	for c.is("=>") {
		c.take()
		if p, err = c.parseUnary(); err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	for i := len(ps) - 2; i >= 0; i-- { // p is the last of ps
		p = propImplies{ps[i], p}
	}
	return p, nil
}

func (c *condParser) parseUnary() (Prop, error) {
	t := c.peek()
	switch {
	case t.text == "~" || t.kind == tokIdent && t.text == "not":
		c.take()
		if err := c.enter(t); err != nil {
			return nil, err
		}
		defer c.leave()
		p, err := c.parseUnary()
		if err != nil {
			return nil, err
		}
		return propNot{p}, nil
	case t.text == "(":
		c.take()
		p, err := c.parseProp()
		if err != nil {
			return nil, err
		}
		if err := c.expect(")"); err != nil {
			return nil, err
		}
		return p, nil
	case t.kind == tokIdent && t.text == "true":
		c.take()
		return propConst(true), nil
	case t.kind == tokIdent && t.text == "false":
		c.take()
		return propConst(false), nil
	}
	loc, err := c.parseLocation()
	if err != nil {
		return nil, err
	}
	negate := false
	switch eq := c.take(); {
	case eq.text == "=" && eq.kind == tokPunct:
	case eq.text == "!=" && eq.kind == tokPunct:
		negate = true
	default:
		return nil, c.p.errorf(eq.line, "expected \"=\" after %s, found %s", loc, eq)
	}
	if c.is("{") {
		p, err := c.parseArrayValue(loc, c.peek().line)
		if negate && err == nil {
			p = propNot{p}
		}
		return p, err
	}
	vt := c.take()
	if vt.text == "instr" && vt.kind == tokIdent && c.is(":") {
		return nil, c.p.errorf(vt.line, "instruction value in the condition: code as data is herd7's ifetch variant")
	}
	if vt.text == "label" && vt.kind == tokIdent && c.is(":") {
		v, err := c.parseLabelValue(vt.line)
		if negate && err == nil {
			return propNot{propAtom{loc, v, c.p.t.typeOf(loc)}}, nil
		}
		return propAtom{loc, v, c.p.t.typeOf(loc)}, err
	}
	if vt.kind != tokNum && vt.kind != tokIdent {
		return nil, c.p.errorf(vt.line, "expected a value after %s=, found %s", loc, vt)
	}
	v, err := c.value(vt)
	if err != nil {
		return nil, err
	}
	var atom Prop = propAtom{loc, v, c.p.t.typeOf(loc)}
	if negate {
		atom = propNot{atom}
	}
	return atom, nil
}

// value reads the value vt of the final part. Like herd7, which refuses
// a condition that "introduces new symbolic locations", it rejects the
// address of a location that the test never names elsewhere.
func (c *condParser) value(vt token) (Value, error) {
	if vt.text == "NOP" || vt.text == "nop" {
		return Value{}, c.p.errorf(vt.line, "instruction value %s in the condition: code as data is herd7's ifetch variant", vt.text)
	}
	v, err := c.p.value(vt.line, vt.text)
	if err != nil || !v.IsAddr() || isCodeLabel(v) {
		return v, err
	}
	if loc := memLoc(v.Sym); !c.p.uses.syms[v.Sym] && !c.p.t.isArray(loc) {
		return Value{}, c.p.errorf(vt.line, "the value %s is the address of a location that the test never initialises or accesses", v)
	}
	return v, nil
}

// parseLocation reads "N:reg" (or "PN:reg"), "[x]" or "x".
func (c *condParser) parseLocation() (Location, error) {
	t := c.take()
	switch {
	case t.kind == tokIdent && t.text == "fault" && c.is("("):
		return Location{}, c.p.errorf(t.line, "fault(...): faults are those of herd7's variants (vmsa, memtag, pac...), which the checker does not model")
	case (t.kind == tokNum || t.kind == tokIdent && isThreadName(t.text)) && c.is(":"):
		c.take()
		r := c.take()
		if r.kind != tokIdent {
			return Location{}, c.p.errorf(r.line, "expected a register after %q, found %s", t.text+":", r)
		}
		return c.checked(c.p.location(t.line, t.text+":"+r.text))(t.line)
	case t.text == "[" && t.kind == tokPunct:
		n := c.take()
		if n.kind != tokIdent {
			return Location{}, c.p.errorf(n.line, "expected a location name after \"[\", found %s", n)
		}
		if err := c.expect("]"); err != nil {
			return Location{}, err
		}
		return c.checked(memLoc(n.text), nil)(t.line)
	case t.kind == tokIdent && strings.HasPrefix(t.text, "%"):
		return c.checked(c.p.symbolicLocation(t.line, t.text))(t.line)
	case t.kind == tokIdent && isIdent(t.text) && !condKeywords[t.text] && c.is("["):
		return c.parseElement(t)
	case t.kind == tokIdent && isIdent(t.text) && !condKeywords[t.text]:
		return c.checked(memLoc(t.text), nil)(t.line)
	}
	return Location{}, c.p.errorf(t.line, "expected a location such as 0:X1 or [x], found %s", t)
}

// isThreadName reports whether s is "PN", herd7's other name of thread N.
func isThreadName(s string) bool {
	if len(s) < 2 || s[0] != 'P' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checked validates a parsed location against what the test uses.
func (c *condParser) checked(loc Location, err error) func(line int) (Location, error) {
	return func(line int) (Location, error) {
		if err != nil {
			return Location{}, err
		}
		return loc, c.p.checkLocation(loc, line)
	}
}

// condKeywords cannot name memory locations.
var condKeywords = map[string]bool{
	"exists": true, "forall": true, "locations": true, "filter": true,
	"true": true, "false": true, "not": true,
}
