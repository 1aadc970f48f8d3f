package litmus

import "strings"

// An array named without an index in the final part ("locations [v;]",
// "exists (v={1,2})") stands for all its elements, as in herd7, which prints
// its value as "v={1,2}".

// isArray reports whether l names a whole array of the initial state.
func (t *Test) isArray(l Location) bool {
	_, ok := t.arrays[l.Sym]
	return l.IsMem() && ok
}

// elements are the locations of the elements of the array l.
func (t *Test) elements(l Location) []Location {
	n := t.arrays[l.Sym]
	out := make([]Location, n)
	for i := range out {
		out[i] = memLoc(elementName(l.Sym, i))
	}
	return out
}

// propArray is "v={1,2}": every element of v has its value.
type propArray struct {
	Loc    Location
	Values []Value
	elems  []Location
	typ    string
}

func (p propArray) String() string { return p.Loc.Sym + "=" + formatArray(p.Values, "") }

func (p propArray) eval(s stateReader) bool {
	for i, l := range p.elems {
		if maskType(p.typ, s(l)) != maskType(p.typ, p.Values[i]) {
			return false
		}
	}
	return true
}

func (p propArray) locations(add func(Location)) { add(p.Loc) }

// formatArray prints an array's values as "{1,2}", each cast to typ ("" to
// print them as written).
func formatArray(vs []Value, typ string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		if typ == "" {
			parts[i] = v.String()
		} else {
			parts[i] = formatTyped(typ, v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// parseArrayValue reads "{v0,v1,...}" after "loc=", for the whole array
// loc.
func (c *condParser) parseArrayValue(loc Location, line int) (Prop, error) {
	t := c.p.t
	if !t.isArray(loc) {
		return nil, c.p.errorf(line, "%s is not an array: it takes one value", loc)
	}
	c.take()
	var vs []Value
	for !c.is("}") {
		if len(vs) > 0 {
			if err := c.expect(","); err != nil {
				return nil, err
			}
		}
		vt := c.take()
		if vt.kind != tokNum && vt.kind != tokIdent {
			return nil, c.p.errorf(vt.line, "expected a value in the value of %s, found %s", loc.Sym, vt)
		}
		v, err := c.value(vt)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	c.take()
	if n := t.arrays[loc.Sym]; len(vs) != n {
		return nil, c.p.errorf(line, "%s has %d elements, its value in the condition %d", loc.Sym, n, len(vs))
	}
	return propArray{Loc: loc, Values: vs, elems: t.elements(loc), typ: t.typeOf(loc)}, nil
}

// elementAddress is the value "v[i]" of the initial state: the address of
// element i of the array v.
func (p *parser) elementAddress(line int, s string) (Value, bool, error) {
	sym, i, ok := arrayDecl(s)
	if !ok {
		return Value{}, false, nil
	}
	n, isArray := p.t.arrays[sym]
	if !isArray {
		return Value{}, true, p.errorf(line, "%s: %s is not an array declared before", s, sym)
	}
	if i >= n {
		return Value{}, true, p.errorf(line, "%s is out of the bounds of %s[%d]", s, sym, n)
	}
	return Value{Sym: sym, N: int64(i * p.t.decls[sym].size)}, true, nil
}

// arrayBinding is the final value of the whole array l.
func (t *Test) arrayBinding(l Location, final stateReader) Binding {
	b := Binding{Loc: l, Type: t.typeOf(l)}
	for _, e := range t.elements(l) {
		b.Array = append(b.Array, final(e))
	}
	return b
}

// elementLess orders element locations after the whole ones, as herd7
// does, and elements by array and index.
func elementLess(a, b string) bool {
	an, ai, aok := arrayDecl(a)
	bn, bi, bok := arrayDecl(b)
	switch {
	case aok != bok:
		return bok
	case !aok:
		return a < b
	case an != bn:
		return an < bn
	}
	return ai < bi
}
