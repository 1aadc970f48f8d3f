package litmus

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Code labels are values too, as in herd7: "0:X1=P1:L1" in the initial
// state, ADR, and the return address of BL and BLR, which BR, BLR and RET
// jump to. A thread may so run another thread's code. Such a value prints
// as herd7 prints it, label:"P1:L1".

// codeBases numbers the instructions of all threads in one code address
// space: thread i starts at the i-th base, and the last base is the total.
func codeBases(t *Test) []int {
	base := make([]int, len(t.Threads)+1)
	for i, th := range t.Threads {
		base[i+1] = base[i] + len(th.code) + 1
	}
	return base
}

// addr is the code address of the current instruction.
func (x *threadExec) addr() int { return x.base[x.th.Index] + x.pc }

const labelPrefix = `label:"P`

// codeLabel is the value of label lab of thread th; lab may be "@N", the
// N-th instruction, for a return address that no label names.
func codeLabel(th int, lab string) Value {
	return Value{Sym: labelPrefix + strconv.Itoa(th) + ":" + lab + `"`}
}

// labelParts splits a code label into its thread and label.
func labelParts(v Value) (int, string) {
	th, lab, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(v.Sym, labelPrefix), `"`), ":")
	n, _ := strconv.Atoi(th)
	return n, lab
}

func hasLabel(th *Thread, lab string) bool {
	_, ok := th.labels[lab]
	return ok
}

// unnamedCode reports whether v is a return address that no label names:
// herd7 prints such a value as a number of its own making, so a state
// showing it is refused.
func unnamedCode(v Value) bool {
	_, lab := labelParts(v)
	return isCodeLabel(v) && strings.HasPrefix(lab, "@")
}

// isCodeLabel reports whether v is a code label, not a memory address.
func isCodeLabel(v Value) bool { return strings.HasPrefix(v.Sym, labelPrefix) }

// parseCodeLabel reads "P1:L1" or "1:L1", as the initial state and a
// condition write a label of thread 1.
func parseCodeLabel(s string) (Value, bool) {
	th, lab, ok := strings.Cut(strings.TrimPrefix(s, "P"), ":")
	n, err := strconv.Atoi(th)
	if !ok || err != nil || n < 0 || !isIdent(lab) {
		return Value{}, false
	}
	return codeLabel(n, lab), true
}

// returnLabel is the code label of the instruction after the current one.
func (x *threadExec) returnLabel() Value {
	next := x.pc + 1
	var names []string
	for l, i := range x.th.labels {
		if i == next {
			names = append(names, l)
		}
	}
	if len(names) == 0 {
		return codeLabel(x.th.Index, "@"+strconv.Itoa(next))
	}
	sort.Strings(names)
	return codeLabel(x.th.Index, names[0])
}

// jumpTo continues at the code label v, in whatever thread's code.
func (x *threadExec) jumpTo(v Value) error {
	if !isCodeLabel(v) || v.N != 0 {
		return x.fault("branch to %s, which is not a code label", v)
	}
	n, lab := labelParts(v)
	to, err := x.labelIndex(n, lab)
	if err != nil {
		return x.runtimeErr("%v", err)
	}
	x.loops.jump(x.addr(), x.base[n]+to)
	x.th, x.pc = x.test.Threads[n], to-1
	return nil
}

// labelIndex is the instruction of thread th that lab names.
func (x *threadExec) labelIndex(th int, lab string) (int, error) {
	if th >= len(x.test.Threads) {
		return 0, fmt.Errorf("label %s of P%d: the test has no thread %d", lab, th, th)
	}
	code := x.test.Threads[th]
	if i, err := strconv.Atoi(strings.TrimPrefix(lab, "@")); err == nil && strings.HasPrefix(lab, "@") {
		return i, nil
	}
	i, ok := code.labels[lab]
	if !ok {
		return 0, fmt.Errorf("label %s not found on P%d", lab, th)
	}
	return i, nil
}

// checkCodeLabels refuses an initial value that names a label no thread
// has, as herd7 does.
func (p *parser) checkCodeLabels() error {
	for _, e := range p.t.Init {
		if !isCodeLabel(e.Value) {
			continue
		}
		n, lab := labelParts(e.Value)
		if n >= len(p.t.Threads) {
			return p.errorf(e.Line, "%s: the test has no thread %d", e.Value, n)
		}
		if !hasLabel(p.t.Threads[n], lab) {
			return p.errorf(e.Line, "label %s not found on P%d, yet the initial state uses it", lab, n)
		}
	}
	return nil
}

// parseLabelValue reads `:"0:L0"` after "label" in a condition.
func (c *condParser) parseLabelValue(line int) (Value, error) {
	c.take()
	if err := c.expect(`"`); err != nil {
		return Value{}, err
	}
	var b strings.Builder
	for !c.is(`"`) {
		t := c.take()
		if t.kind == tokEOF {
			return Value{}, c.p.errorf(line, "a label value is not closed with a quote")
		}
		b.WriteString(t.text)
	}
	c.take()
	v, ok := parseCodeLabel(b.String())
	if !ok {
		return Value{}, c.p.errorf(line, "bad label value %q", b.String())
	}
	th, lab := labelParts(v)
	if th >= len(c.p.t.Threads) || !hasLabel(c.p.t.Threads[th], lab) {
		return Value{}, c.p.errorf(line, "the condition names the label %s of P%d, which does not exist", lab, th)
	}
	return v, nil
}
