package verify

import (
	"fmt"
	"strings"

	"github.com/atomicfence/atomicfence/litmus"
)

// prop is a Cond compiled for one derived test: comparisons of the test's
// final locations ("0:X9", "out_seen") with integers.
type prop struct {
	op   string // "atom", "and", "or", "not"
	kids []prop
	loc  string
	n    int64
}

func atomProp(loc string, n int64) prop { return prop{op: "atom", loc: loc, n: n} }

// String writes p as herd7 reads it in an exists clause.
func (p prop) String() string {
	switch p.op {
	case "atom":
		return fmt.Sprintf("%s=%d", p.loc, p.n)
	case "not":
		return "~" + p.kids[0].String()
	}
	sep := map[string]string{"and": " /\\ ", "or": " \\/ "}[p.op]
	parts := make([]string, len(p.kids))
	for i, k := range p.kids {
		parts[i] = k.String()
	}
	return "(" + strings.Join(parts, sep) + ")"
}

// locations adds the locations p compares to out, each once.
func (p prop) locations(out []string) []string {
	if p.op == "atom" {
		for _, l := range out {
			if l == p.loc {
				return out
			}
		}
		return append(out, p.loc)
	}
	for _, k := range p.kids {
		out = k.locations(out)
	}
	return out
}

// holds evaluates p on a final state; value gives a location's value.
func (p prop) holds(value func(loc string) (litmus.Value, bool)) bool {
	switch p.op {
	case "atom":
		v, ok := value(p.loc)
		return ok && !v.IsAddr() && v.N == p.n
	case "not":
		return !p.kids[0].holds(value)
	case "and":
		for _, k := range p.kids {
			if !k.holds(value) {
				return false
			}
		}
		return true
	}
	for _, k := range p.kids {
		if k.holds(value) {
			return true
		}
	}
	return false
}
