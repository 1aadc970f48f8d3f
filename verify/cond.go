package verify

import (
	"fmt"
	"strings"
)

// Cond is a scenario's outcome, in terms of how each thread's path ended
// (its exit), what the entry returned, and the final value of a location.
// Rendered for a derived test, it is the test's exists clause.
type Cond struct {
	op   string // "and", "or", "not", "exit", "ret", "mem"
	kids []Cond
	t    int
	exit string
	n    int64
	loc  string
}

// Exited holds when thread t's path ended at the exit named name:
// "return", "panic", or "call SYM" for a call the extraction does not
// follow (a channel operation, a runtime call).
func Exited(t int, name string) Cond { return Cond{op: "exit", t: t, exit: name} }

// Returned holds when thread t's entry returned (in its first result
// register) the value n.
func Returned(t int, n int64) Cond { return Cond{op: "ret", t: t, n: n} }

// Final holds when the location loc ("v_refcnt") ends with the value n.
func Final(loc string, n int64) Cond { return Cond{op: "mem", loc: loc, n: n} }

// And holds when every c does.
func And(c ...Cond) Cond { return Cond{op: "and", kids: c} }

// Or holds when some c does.
func Or(c ...Cond) Cond { return Cond{op: "or", kids: c} }

// Not holds when c does not.
func Not(c Cond) Cond { return Cond{op: "not", kids: []Cond{c}} }

// readsResult reports whether c reads what thread t's entry returned.
func (c Cond) readsResult(t int) bool {
	if c.op == "ret" {
		return c.t == t
	}
	for _, k := range c.kids {
		if k.readsResult(t) {
			return true
		}
	}
	return false
}

// String writes the condition as a scenario states it.
func (c Cond) String() string {
	switch c.op {
	case "exit":
		return fmt.Sprintf("P%d:%s", c.t, c.exit)
	case "ret":
		return fmt.Sprintf("P%d:return=%d", c.t, c.n)
	case "mem":
		return fmt.Sprintf("%s=%d", c.loc, c.n)
	case "not":
		return "~" + c.kids[0].String()
	}
	return c.join(func(k Cond) string { return k.String() })
}

func (c Cond) join(f func(Cond) string) string {
	sep := map[string]string{"and": " /\\ ", "or": " \\/ "}[c.op]
	parts := make([]string, len(c.kids))
	for i, k := range c.kids {
		parts[i] = f(k)
	}
	return "(" + strings.Join(parts, sep) + ")"
}

// herd renders c for a derived test, given each thread's exit codes and
// the names of its exit and result registers. An exit that the thread's
// code never reaches is exit code 0, which no path leaves.
func (c Cond) herd(ts []*xthread, exReg, resReg []string) string {
	return c.compile(ts, exReg, resReg).String()
}

// compile turns c into a proposition over the derived test's locations.
func (c Cond) compile(ts []*xthread, exReg, resReg []string) prop {
	switch c.op {
	case "exit":
		return atomProp(fmt.Sprintf("%d:%s", c.t, exReg[c.t]), int64(ts[c.t].exitCode[c.exit]))
	case "ret":
		return prop{op: "and", kids: []prop{
			atomProp(fmt.Sprintf("%d:%s", c.t, exReg[c.t]), int64(ts[c.t].exitCode[exitReturn])),
			atomProp(fmt.Sprintf("%d:%s", c.t, resReg[c.t]), c.n),
		}}
	case "mem":
		return atomProp(c.loc, c.n)
	}
	p := prop{op: c.op}
	for _, k := range c.kids {
		p.kids = append(p.kids, k.compile(ts, exReg, resReg))
	}
	return p
}
