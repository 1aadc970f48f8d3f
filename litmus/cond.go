package litmus

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
func (p propNot) String() string     { return "not (" + p.P.String() + ")" }
func (p propAnd) String() string     { return wrapOr(p.L) + " /\\ " + wrapOr(p.R) }
func (p propOr) String() string      { return wrapImp(p.L) + " \\/ " + wrapImp(p.R) }
func (p propImplies) String() string { return wrap(p.L) + " => " + wrap(p.R) }
func (p propConst) String() string {
	if p {
		return "true"
	}
	return "false"
}

// wrap parenthesises anything that is not an atom, a constant or a
// negation, which herd7 prints "not (...)".
func wrap(p Prop) string {
	switch p.(type) {
	case propAtom, propConst, propNot:
		return p.String()
	}
	return "(" + p.String() + ")"
}

func wrapOr(p Prop) string {
	switch p.(type) {
	case propOr, propImplies:
		return "(" + p.String() + ")"
	}
	return p.String()
}

func wrapImp(p Prop) string {
	if _, ok := p.(propImplies); ok {
		return "(" + p.String() + ")"
	}
	return p.String()
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
