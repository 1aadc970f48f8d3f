package verify

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Derived is the litmus test derived from one scenario's machine code for
// one target.
type Derived struct {
	Scenario *Scenario
	Target   string
	Name     string // the test's name, e.g. "reader-writer+acquire+arm64-llsc"
	Text     string // herd7 source
	Model    string // the litmus model that decides it
	Notes    []string
	// NotHerd7 lists the instructions the test keeps that herd7's grammar
	// lacks, each with why; the file then says that herd7 rejects it.
	// Empty: herd7 reads the test as it stands.
	NotHerd7 []string
	Exits    [][]string // per thread, by exit code - 1
	// Parts are the outcomes that must each be reachable for a Never to
	// say something (the scenario's Reach, or the conjuncts of its
	// forbidden outcome), each rendered as an exists clause.
	Parts []Part
	shown []string // the locations of the parts, as the locations line lists them
}

// Part is one outcome that must be reachable.
type Part struct {
	Cond   Cond
	Exists string // the herd7 condition, "exists (...)"
	prop   prop
}

// Derive extracts sc's threads from img (the build of tg), taking the
// branches of the run-time dispatch that tg's CPU takes, and emits the
// litmus test.
func Derive(img *Image, tg Target, sc *Scenario) (*Derived, error) {
	target := tg.Name
	a := archOf(img)
	var written map[string]bool
	var stored map[string][]val
	var ts []*xthread
	var m *memory
	// The first pass finds the locations that some thread writes, the
	// next ones fold the others; a location found written only then (on
	// a path that the first pass ended early) is shared in one more, as is
	// a value found stored to a location only then (see pointer.go).
	for pass := 1; pass <= maxPasses; pass++ {
		m = newMemory(img, sc.Objects)
		m.lse, m.lrcpc = tg.LSE, tg.LRCPC
		if pass > 1 {
			m.shared = written
			m.known = stored
		}
		ts = nil
		var err error
		for i, th := range sc.Threads {
			var x *xthread
			x, err = extract(img, m, a, i, th, sc.readsResult(i), pass == 1, pass < maxPasses)
			if err != nil {
				err = fmt.Errorf("%s on %s, thread P%d (%s): %v", sc.ID(), target, i, th.Entry, err)
				break
			}
			ts = append(ts, x)
		}
		maps.Copy(m.written, written)
		written = m.written
		grew := m.grew()
		stored = m.stored
		if err == nil && pass > 1 && !grew && !m.late {
			break
		}
		if err == nil && pass == maxPasses {
			return nil, fmt.Errorf("%s on %s: a pointer location got new values in the last of %d passes", sc.ID(), target, maxPasses)
		}
		if err != nil && (!m.late && !grew || pass == maxPasses) {
			return nil, err
		}
	}
	d := &Derived{Scenario: sc, Target: target, Model: a.model(),
		Name: strings.NewReplacer("/", "+").Replace(sc.ID()) + "+" + target}
	seen := map[string]bool{}
	for _, x := range ts {
		for _, n := range x.sortedNotes() {
			if !seen[n] {
				seen[n] = true
				d.Notes = append(d.Notes, fmt.Sprintf("P%d: %s", x.tid, n))
			}
		}
		d.Exits = append(d.Exits, x.exits)
		for _, g := range x.gaps {
			if !slices.Contains(d.NotHerd7, g) {
				d.NotHerd7 = append(d.NotHerd7, g)
			}
		}
	}
	text, err := d.emit(a, m, ts)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %v", sc.ID(), target, err)
	}
	d.Text = text
	return d, nil
}

// maxPasses bounds the extractions of one scenario (see Derive).
const maxPasses = 4

func archOf(img *Image) arch {
	switch img.Target.GOARCH {
	case "arm64":
		return arm64{}
	case "ppc64le":
		return ppc64{}
	case "riscv64":
		return riscv64{}
	}
	return amd64{}
}

// extract follows thread tid from its entry through every path. result
// says whether the scenario reads what the entry returns, which must then
// be known at each return; lenient is the first pass's, lateOK that of
// every pass before the last (see xthread).
func extract(img *Image, m *memory, a arch, tid int, th Thread, result, lenient, lateOK bool) (*xthread, error) {
	f, ok := img.funcs[th.symbol()]
	if !ok {
		return nil, fmt.Errorf("no function %s in the subject program", th.symbol())
	}
	x := &xthread{img: img, m: m, a: a, tid: tid, name: th.symbol(), seen: map[string]string{},
		exitCode: map[string]int{}, notes: map[string]bool{}, result: result, lenient: lenient, lateOK: lateOK}
	s := newState(f.Insts[0].PC)
	args := make([]val, len(th.Args))
	for i, v := range th.Args {
		args[i] = v.val()
	}
	a.enter(s, args)
	if err := x.run(s); err != nil {
		return nil, err
	}
	x.lines = append(x.lines, x.endLabel()+":")
	// herd7's forms, once the whole thread's code is known.
	x.dropCopies()
	x.lowerXadds(a.resultReg())
	return x, nil
}

// emit writes the herd7 test: the initial memory, one column per thread,
// and the forbidden outcome as the exists clause.
func (d *Derived) emit(a arch, m *memory, ts []*xthread) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", a.litmusArch(), d.Name)
	fmt.Fprintf(&b, "\"%s: %s, derived from the %s machine code by fencelab verify%s\"\n", d.Scenario.ID(), d.Scenario.Doc, d.Target, d.herdVerdict())
	var init []string
	for _, l := range m.sortedLocs() {
		init = append(init, fmt.Sprintf("%s=%d;", l, m.inits[l]))
	}
	cols := make([][]string, len(ts))
	exReg := make([]string, len(ts))
	resReg := make([]string, len(ts))
	var regInit []string
	for i, x := range ts {
		lines := pruneLabels(x.lines)
		out, names, err := render(a, lines, "ex", a.resultReg())
		if err != nil {
			return "", fmt.Errorf("P%d: %v", i, err)
		}
		cols[i] = out
		exReg[i], resReg[i] = names["ex"], names[a.resultReg()]
		var keys []string
		for k := range names {
			if strings.HasPrefix(k, "@") {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			regInit = append(regInit, fmt.Sprintf("%d:%s=%s;", i, names[k], k[1:]))
		}
	}
	b.WriteString("{\n")
	if len(init) > 0 {
		b.WriteString(strings.Join(init, " ") + "\n")
	}
	if len(regInit) > 0 {
		b.WriteString(strings.Join(regInit, " ") + "\n")
	}
	b.WriteString("}\n")
	writeColumns(&b, cols)
	d.writeNotes(&b, exReg)
	reach := d.Scenario.Reach
	if f := d.Scenario.Forbidden; reach == nil && f.op == "and" {
		reach = f.kids
	}
	for _, k := range reach {
		p := k.compile(ts, exReg, resReg)
		d.Parts = append(d.Parts, Part{Cond: k, Exists: "exists " + wrap(p.String()), prop: p})
		d.shown = p.locations(d.shown)
	}
	// The final states then show every location of the parts, so that
	// one check of the test tells which parts are reachable.
	if len(d.shown) > 0 {
		fmt.Fprintf(&b, "locations [%s;]\n", strings.Join(d.shown, "; "))
	}
	fmt.Fprintf(&b, "exists %s\n", wrap(d.Scenario.Forbidden.herd(ts, exReg, resReg)))
	return b.String(), nil
}

// herdVerdict tells, in the test's header, why herd7 rejects it, when it
// keeps an instruction that herd7's grammar lacks.
func (d *Derived) herdVerdict() string {
	if len(d.NotHerd7) == 0 {
		return ""
	}
	return "; " + strings.Join(d.NotHerd7, "; ") + ": decided by fencelab check; herd7 rejects this file"
}

func wrap(s string) string {
	if strings.HasPrefix(s, "(") {
		return s
	}
	return "(" + s + ")"
}

// pruneLabels drops the labels that no branch names.
func pruneLabels(lines []string) []string {
	used := map[string]bool{}
	for _, l := range lines {
		if !strings.HasSuffix(l, ":") {
			f := strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ',' })
			if len(f) > 0 {
				used[f[len(f)-1]] = true
			}
		}
	}
	var out []string
	for i, l := range lines {
		if strings.HasSuffix(l, ":") && !used[strings.TrimSuffix(l, ":")] && i != len(lines)-1 {
			continue
		}
		out = append(out, l)
	}
	return out
}

func writeColumns(b *strings.Builder, cols [][]string) {
	rows := 0
	width := make([]int, len(cols))
	for i, c := range cols {
		rows = max(rows, len(c))
		width[i] = len(fmt.Sprintf("P%d", i))
		for _, l := range c {
			width[i] = max(width[i], len(l))
		}
	}
	row := func(cells func(i int) string) {
		for i := range cols {
			if i > 0 {
				b.WriteString(" |")
			}
			fmt.Fprintf(b, " %-*s", width[i], cells(i))
		}
		b.WriteString(" ;\n")
	}
	row(func(i int) string { return fmt.Sprintf("P%d", i) })
	for r := 0; r < rows; r++ {
		row(func(i int) string {
			if r < len(cols[i]) {
				return cols[i][r]
			}
			return ""
		})
	}
}

// writeNotes writes, as a comment, what each thread's exit register
// holds and the abstractions the derivation made, so that a test read on
// its own says what its verdict rests on.
func (d *Derived) writeNotes(b *strings.Builder, exReg []string) {
	b.WriteString("(* The forbidden outcome: " + commentSafe.Replace(d.Scenario.Forbidden.String()) + "\n")
	for i, ex := range d.Exits {
		var codes []string
		for c, name := range ex {
			codes = append(codes, fmt.Sprintf("%d=%s", c+1, name))
		}
		fmt.Fprintf(b, "   P%d ends with %s: %s\n", i, exReg[i], commentSafe.Replace(strings.Join(codes, ", ")))
	}
	b.WriteString("   Abstractions:\n")
	for _, n := range d.Notes {
		b.WriteString("   " + commentSafe.Replace(n) + "\n")
	}
	b.WriteString("*)\n")
}

// commentSafe keeps a symbol such as "vma.(*VMA).StartRead" from opening
// a nested comment.
var commentSafe = strings.NewReplacer("(*", "( *", "*)", "* )")
