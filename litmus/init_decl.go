package litmus

import (
	"fmt"
	"strconv"
	"strings"
)

// memDecl is what the initial state declares of a memory location: its
// type and the size in bytes of its accesses (of each element, for an
// array).
type memDecl struct {
	typ  string
	size int
}

// typeSizes are the sizes of the C types that herd7 knows on AArch64 (its
// long is an int's size), and of a few other C names.
var typeSizes = map[string]int{
	"char": 1, "int8_t": 1, "uint8_t": 1,
	"short": 2, "int16_t": 2, "uint16_t": 2,
	"int": 4, "long": 4, "int32_t": 4, "uint32_t": 4, "atomic_t": 4,
	"unsigned": 4, "unsigned int": 4, "atomic_int": 4,
	"int64_t": 8, "uint64_t": 8, "intptr_t": 8, "uintptr_t": 8,
	"unsigned long": 8, "long long": 8,
}

// splitDecl splits "int64_t *p" into its type ("int64_t*") and name. Any
// identifier may name a type, as in herd7; "0: X1" is a name.
func splitDecl(lhs string) (typ, name string) {
	words := strings.Fields(strings.ReplaceAll(lhs, "*", " * "))
	var ty []string
	for len(words) > 1 && (words[0] == "*" || isIdent(words[0]) && !strings.HasSuffix(words[0], ":") &&
		!strings.HasPrefix(words[1], ":")) {
		ty = append(ty, words[0])
		words = words[1:]
	}
	typ = strings.ReplaceAll(strings.Join(ty, " "), " *", "*")
	return typ, strings.Join(words, "")
}

// arrayDecl splits "v[2]" into "v" and 2.
func arrayDecl(s string) (string, int, bool) {
	sym, rest, ok := strings.Cut(s, "[")
	if !ok || !isIdent(sym) || !strings.HasSuffix(rest, "]") {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(rest, "]")))
	if err != nil || n < 0 {
		return "", 0, false
	}
	return sym, n, true
}

// closingBrace returns the index in text of the brace that closes the
// initial state, tracking the nesting of array values in depth.
func closingBrace(text string, depth *int) int {
	for i, c := range text {
		switch c {
		case '{':
			*depth++
		case '}':
			if *depth == 0 {
				return i
			}
			*depth--
		}
	}
	return -1
}

// sizeOfType is the access size of a declared type, pointers included.
func sizeOfType(typ string) (int, bool) {
	if strings.HasSuffix(typ, "*") {
		return 8, true
	}
	n, ok := typeSizes[typ]
	return n, ok
}

// declare records a memory location's type. An untyped location holds an
// int, or a pointer when its initial value is an address, as in herd7.
func (p *parser) declare(line int, sym, typ string, v Value) error {
	size := 4
	if typ == "" && v.IsAddr() {
		size = 8
	} else if typ == "ins_t" {
		return p.errorf(line, "%s of type %s: code as data is herd7's ifetch variant", sym, typ)
	} else if typ != "" {
		n, ok := sizeOfType(typ)
		if !ok {
			return p.errorf(line, "unsupported type %q of %s", typ, sym)
		}
		size = n
	}
	if _, dup := p.t.decls[sym]; !dup {
		p.t.decls[sym] = memDecl{typ: typ, size: size}
	}
	return nil
}

// arrayInit declares "typ sym[n]" and initialises its elements from
// "{v0, v1, ...}" (missing values are 0).
func (p *parser) arrayInit(line int, typ, sym string, n int, rhs string, hasValue bool) error {
	if n == 0 {
		return p.errorf(line, "array %s has no elements", sym)
	}
	// Each element is an initial write of every execution: refuse here
	// what the checker would, before making them all.
	if n > maxExecutionEvents-p.memInits {
		return p.errorf(line, "array %s[%d]: more locations in the initial state than the %d events the checker handles in an execution",
			sym, n, maxExecutionEvents)
	}
	if err := p.declare(line, sym, typ, Value{}); err != nil {
		return err
	}
	p.t.arrays[sym] = n
	var vals []string
	if hasValue {
		if !strings.HasPrefix(rhs, "{") || !strings.HasSuffix(rhs, "}") {
			return p.errorf(line, "array %s takes a value such as {1,2}, found %q", sym, rhs)
		}
		for _, f := range strings.Split(rhs[1:len(rhs)-1], ",") {
			if f = strings.TrimSpace(f); f != "" {
				vals = append(vals, f)
			}
		}
		if len(vals) > n {
			return p.errorf(line, "array %s has %d elements, not %d", sym, n, len(vals))
		}
	}
	for i := 0; i < n; i++ {
		v := Value{}
		if i < len(vals) {
			var err error
			if v, err = p.value(line, vals[i]); err != nil {
				return err
			}
			if v, err = p.t.initValue(sym, v); err != nil {
				return p.errorf(line, "%s: %v", sym, err)
			}
		}
		if err := p.addInit(line, memLoc(elementName(sym, i)), v); err != nil {
			return err
		}
	}
	return nil
}

func elementName(sym string, i int) string { return sym + "[" + strconv.Itoa(i) + "]" }

// element is the location of v[i] in the final part.
func (p *parser) element(line int, sym string, i int) (Location, error) {
	n, ok := p.t.arrays[sym]
	if !ok {
		return Location{}, p.errorf(line, "%s[%d]: %s is not an array of the initial state", sym, i, sym)
	}
	if i >= n {
		return Location{}, p.errorf(line, "%s[%d] is out of the bounds of %s[%d]", sym, i, sym, n)
	}
	return memLoc(elementName(sym, i)), nil
}

// cell is the memory cell that an access of size bytes at address a
// reaches. As herd7 does without its mixed-size variant, it refuses an
// offset into a location that is not an array, an offset that is not an
// element's, and an access of another size than the location's.
func (t *Test) cell(a Value, size int) (string, error) {
	d, ok := t.decls[a.Sym]
	if !ok || d.typ == "" && d.size == 4 {
		// An untyped location holds a 4- or 8-byte value, one width
		// per execution (mixedSizes).
		d = memDecl{size: size}
		if size != 4 && size != 8 {
			d.size = 4
		}
	}
	n, isArray := t.arrays[a.Sym]
	switch {
	case !isArray && a.N != 0,
		isArray && (a.N < 0 || a.N%int64(d.size) != 0 || a.N/int64(d.size) >= int64(n)):
		return "", fmt.Errorf("mixed-size test rejected (symbol %s): herd7 needs -variant mixed", a)
	case size != d.size:
		return "", fmt.Errorf("mixed-size test rejected: a %d-byte access to %s, a location of %d bytes", size, a.Sym, d.size)
	case isArray:
		return elementName(a.Sym, int(a.N/int64(d.size))), nil
	}
	return a.Sym, nil
}

// initValue is v as a location of sym holds it: herd7 keeps the low bytes
// of a byte or halfword location's initial value.
func (t *Test) initValue(sym string, v Value) (Value, error) {
	if d := t.decls[sym]; d.size < 4 && d.size > 0 {
		return narrow(v, d.size, false)
	}
	return v, nil
}

// parseElement reads the "[i]" of an array element after its name t.
func (c *condParser) parseElement(t token) (Location, error) {
	c.take()
	i := c.take()
	if err := c.expect("]"); err != nil {
		return Location{}, err
	}
	n, err := strconv.Atoi(i.text)
	if i.kind != tokNum || err != nil || n < 0 {
		return Location{}, c.p.errorf(i.line, "bad index %s of %s", i, t.text)
	}
	return c.checked(c.p.element(t.line, t.text, n))(t.line)
}

// mixedSizes refuses an execution that accesses an untyped location at
// two widths, as herd7 does for a consistent one.
func (x *execution) mixedSizes(t *Test) error {
	sizes := map[string]uint8{}
	for i, e := range x.ev {
		if !e.isMem() || e.size == 0 || x.thread[i] < 0 {
			continue
		}
		if s, ok := sizes[e.loc]; ok && s != e.size {
			return &SyntaxError{File: t.File, Msg: fmt.Sprintf("mixed-size test rejected: %s is accessed with %d and %d bytes", e.loc, s, e.size)}
		}
		sizes[e.loc] = e.size
	}
	return nil
}

// checkVariants refuses a test that asks herd7 for a variant of its
// semantics (mixed sizes, memory tagging, page tables, ...), which the
// checker does not model; ASLv0 only concerns herd7's ASL mode.
func (p *parser) checkVariants() error {
	for _, kv := range p.t.Info {
		if !strings.EqualFold(kv.Key, "Variant") {
			continue
		}
		for _, v := range strings.FieldsFunc(kv.Value, func(r rune) bool { return r == ',' || r == ' ' }) {
			if v != "ASLv0" {
				return p.errorf(0, "unsupported variant %q: the checker models herd7's default semantics only", v)
			}
		}
	}
	return nil
}
