package litmus

import "strings"

// Quantifier is the kind of a final condition.
type Quantifier int

// The quantifiers of herd7's final conditions.
const (
	Exists    Quantifier = iota // exists P: is P reachable?
	NotExists                   // ~exists P: is P unreachable?
	Forall                      // forall P: does every execution end in P?
)

// String returns the quantifier as a test writes it.
func (q Quantifier) String() string {
	switch q {
	case NotExists:
		return "~exists"
	case Forall:
		return "forall"
	}
	return "exists"
}

// Condition is a test's final condition.
type Condition struct {
	Quant Quantifier
	Prop  Prop
}

// String prints the condition as herd7 does: "exists (1:X0=1 /\ 1:X2=0)".
func (c Condition) String() string { return c.Quant.String() + " (" + c.Prop.String() + ")" }

// Prop is a proposition over final register and memory values.
type Prop interface {
	String() string
	eval(s stateReader) bool
	locations(add func(Location))
}

// stateReader gives the final value of a location.
type stateReader func(Location) Value

type propAtom struct {
	Loc   Location
	Value Value
	typ   string // Loc's declared type: the comparison masks to its size
}

type propNot struct{ P Prop }

type propAnd struct{ L, R Prop }

type propOr struct{ L, R Prop }

type propImplies struct{ L, R Prop }

type propConst bool

func (p propAtom) String() string    { return p.Loc.String() + "=" + p.Value.String() }
func (p propNot) String() string     { return propString(p) }
func (p propAnd) String() string     { return propString(p) }
func (p propOr) String() string      { return propString(p) }
func (p propImplies) String() string { return propString(p) }
func (p propConst) String() string {
	if p {
		return "true"
	}
	return "false"
}

// propString prints a compound proposition into one buffer: a chain of
// n terms, which the parser nests n deep, would otherwise be copied at
// every level, in time that grows with n squared.
func propString(p Prop) string {
	var b strings.Builder
	writeProp(&b, p)
	return b.String()
}

func writeProp(b *strings.Builder, p Prop) {
	switch p := p.(type) {
	case propNot:
		b.WriteString("not (")
		writeProp(b, p.P)
		b.WriteByte(')')
	case propAnd:
		writeParen(b, p.L, isOrImplies(p.L))
		b.WriteString(" /\\ ")
		writeParen(b, p.R, isOrImplies(p.R))
	case propOr:
		writeParen(b, p.L, isImplies(p.L))
		b.WriteString(" \\/ ")
		writeParen(b, p.R, isImplies(p.R))
	case propImplies:
		writeParen(b, p.L, isAndOr(p.L))
		b.WriteString(" => ")
		writeParen(b, p.R, isAndOr(p.R))
	default:
		b.WriteString(p.String())
	}
}

func writeParen(b *strings.Builder, p Prop, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	writeProp(b, p)
	if paren {
		b.WriteByte(')')
	}
}

// isAndOr reports whether p prints in parentheses beside =>: herd7
// puts them around a conjunction or a disjunction there, and not around
// an atom, a constant, a negation (which it prints "not (...)") or another
// implication, on either side.
func isAndOr(p Prop) bool {
	switch p.(type) {
	case propAnd, propOr:
		return true
	}
	return false
}

func isOrImplies(p Prop) bool {
	switch p.(type) {
	case propOr, propImplies:
		return true
	}
	return false
}

func isImplies(p Prop) bool {
	_, ok := p.(propImplies)
	return ok
}

func (p propAtom) eval(s stateReader) bool {
	return maskType(p.typ, s(p.Loc)) == maskType(p.typ, p.Value)
}
func (p propNot) eval(s stateReader) bool     { return !p.P.eval(s) }
func (p propAnd) eval(s stateReader) bool     { return p.L.eval(s) && p.R.eval(s) }
func (p propOr) eval(s stateReader) bool      { return p.L.eval(s) || p.R.eval(s) }
func (p propImplies) eval(s stateReader) bool { return !p.L.eval(s) || p.R.eval(s) }
func (p propConst) eval(stateReader) bool     { return bool(p) }

func (p propAtom) locations(add func(Location)) { add(p.Loc) }
func (p propNot) locations(add func(Location))  { p.P.locations(add) }
func (p propAnd) locations(add func(Location)) {
	p.L.locations(add)
	p.R.locations(add)
}
func (p propOr) locations(add func(Location)) {
	p.L.locations(add)
	p.R.locations(add)
}
func (p propImplies) locations(add func(Location)) {
	p.L.locations(add)
	p.R.locations(add)
}
func (p propConst) locations(func(Location)) {}
