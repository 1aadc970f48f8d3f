package stress

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/litmus"
)

// TestThreadsAloneMatchTheirLitmus runs each thread of each shape alone
// and checks its registers and the final locations against the same
// thread of each of the shape's litmus texts, run alone by the checker
// from the same values. It starts from the shape's initial values, from
// where each other thread alone leaves them, from every location at 0 (a
// VMA's count detached), and from the initial values with every location
// that starts at 0 starting at a value of its own instead, and, for a VMA
// shape, from counts at the edges of its reader's ranges: a thread that
// loads or stores the wrong location, stores the wrong value, records a
// value in the wrong register or draws a bound one off differs from its
// text there, although its calls and their orderings are those of the
// text (TestShapesMatchTheirLitmus) and a run may never show it.
//
// Where touchOrders, it also checks the order in which the thread first
// touches its locations against the order in which its column of the
// text first names them. Its values alone cannot tell a thread that loads
// y then x from one that loads x then y, nor one that stores before it
// loads from one that loads first: only another thread between the two
// accesses could, which a run does by chance.
func TestThreadsAloneMatchTheirLitmus(t *testing.T) {
	checked := 0
	for _, s := range Shapes() {
		for _, start := range aloneStarts(s) {
			from := make([]string, len(start))
			for k, lc := range s.Locs {
				from[k] = fmt.Sprintf("%s=%d", lc.Name, start[k])
			}
			for i := range s.Threads {
				regs, final := runAlone(s, i, start)
				order, err := touchOrder(s, i, start)
				if err != nil {
					t.Fatalf("%s thread %d from %s: %v", s.Name, i, strings.Join(from, " "), err)
				}
				for _, key := range slices.Sorted(maps.Keys(s.Litmus)) {
					if touchOrders {
						want, err := litmusTouchOrder(s, key, i)
						if err != nil {
							t.Errorf("%s, %s text, thread %d: %v", s.Name, key, i, err)
						} else if !slices.Equal(order, want) {
							t.Errorf("%s thread %d from %s touches %v first to last, its %s text names %v", s.Name, i, strings.Join(from, " "), order, key, want)
						}
					}
					want, err := litmusAlone(s, key, i, start)
					if err != nil {
						t.Errorf("%s, %s text, thread %d alone from %s: %v", s.Name, key, i, strings.Join(from, " "), err)
						continue
					}
					got := map[string]int32{}
					for k, r := range s.Threads[i].Regs {
						got[fmt.Sprintf("%d:%s", i, r)] = regs[k]
					}
					for k, lc := range s.Locs {
						got[lc.Name] = final[k]
					}
					if !maps.Equal(got, want) {
						t.Errorf("%s thread %d alone from %s: its code gives %v, its %s text %v", s.Name, i, strings.Join(from, " "), got, key, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 350 {
		t.Errorf("checked %d runs of a thread alone, want 350 or more", checked)
	}
}

// aloneStarts returns the initial values, in the order of s.Locs, from
// which TestThreadsAloneMatchTheirLitmus runs each thread.
func aloneStarts(s *Shape) [][]int32 {
	init := make([]int32, len(s.Locs))
	distinct := make([]int32, len(s.Locs))
	for k, lc := range s.Locs {
		init[k], distinct[k] = lc.Init, lc.Init
		if lc.Init == 0 {
			distinct[k] = int32(10 * (k + 1))
		}
	}
	starts := [][]int32{init, distinct, make([]int32, len(s.Locs))}
	for j := range s.Threads {
		_, final := runAlone(s, j, init)
		starts = append(starts, final)
	}
	// A VMA shape's count, its location 1, also starts at the edges of
	// the ranges that its reader tests: below zero, the last count from
	// which the compare-and-swap readers take a reference and the first
	// from which they do not, and the same at the ends of the fetch-add
	// reader's attached range (whose lowest count is the shape's initial
	// one). No run reaches them, and a bound off by one differs from the
	// text there alone.
	if strings.HasPrefix(s.Name, "VMA+") {
		for _, cnt := range []int32{-1, vmaLimit - 1, vmaLimit, vmaOffset, vmaOffset + vmaFALimit - 1, vmaOffset + vmaFALimit} {
			start := slices.Clone(init)
			start[1] = cnt
			starts = append(starts, start)
		}
	}
	return starts
}

// runAlone runs thread i of s alone on fresh locations holding start and
// returns its registers and the locations' final values.
func runAlone(s *Shape, i int, start []int32) (regs, final []int32) {
	words := make([]atomicfence.Int32, len(start))
	l := make(loc, len(start))
	for k := range l {
		l[k] = &words[k]
		l[k].StoreRelaxed(start[k])
	}
	regs = make([]int32, len(s.Threads[i].Regs))
	s.Threads[i].Code(l, regs)
	final = make([]int32, len(start))
	for k := range l {
		final[k] = l[k].LoadRelaxed()
	}
	return regs, final
}

var litmusAtom = regexp.MustCompile(`(\[?[\w:]+\]?)=-?\d+`)

// litmusAlone checks under SC the shape's litmus text for key with every
// thread but i emptied and its locations holding start, and returns the
// single final state's registers of thread i, named as the shape names
// them (the text's condition names them in the order of s.Exists), and
// its locations, by name.
func litmusAlone(s *Shape, key string, i int, start []int32) (map[string]int32, error) {
	text := s.Litmus[key]
	open, end := strings.Index(text, "{"), strings.Index(text, "}")
	if open < 0 || end < open {
		return nil, fmt.Errorf("no initial state in the text")
	}
	var b strings.Builder
	b.WriteString(text[:open] + "{\n")
	for k, lc := range s.Locs {
		fmt.Fprintf(&b, "%s=%d;\n", lc.Name, start[k])
	}
	for tok := range strings.SplitSeq(text[open+1:end], ";") {
		if tok = strings.TrimSpace(tok); strings.Contains(tok, ":") {
			b.WriteString(tok + ";\n") // a register's value
		}
	}
	b.WriteString("}\n")
	var cond string
	inCode := false
	for line := range strings.Lines(text[end+1:]) {
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "P0"):
			inCode = true
		case strings.HasPrefix(trim, "exists"):
			inCode, cond = false, trim
			b.WriteString("locations [")
			for _, lc := range s.Locs {
				b.WriteString(lc.Name + ";")
			}
			b.WriteString("]\n")
		case inCode:
			cells := strings.Split(strings.TrimSuffix(trim, ";"), "|")
			for k := range cells {
				if k != i {
					cells[k] = " "
				}
			}
			line = strings.Join(cells, "|") + ";\n"
		}
		b.WriteString(line)
	}
	atoms := litmusAtom.FindAllStringSubmatch(cond, -1)
	if len(atoms) != len(s.Exists) {
		return nil, fmt.Errorf("its condition %q has %d equalities, the shape's %d", cond, len(atoms), len(s.Exists))
	}
	lt, err := litmus.Parse(s.Name+".litmus", []byte(b.String()))
	if err != nil {
		return nil, err
	}
	res, err := litmus.Check(lt, ModelSC)
	if err != nil {
		return nil, err
	}
	if len(res.States) != 1 {
		return nil, fmt.Errorf("%d final states, want the one of a thread alone: %v", len(res.States), res.States)
	}
	values := map[string]int32{}
	for _, v := range res.States[0].Values {
		values[v.Loc.String()] = int32(v.Value.N)
	}
	got := map[string]int32{}
	prefix := fmt.Sprintf("%d:", i)
	for k, e := range s.Exists {
		if strings.HasPrefix(e.Var, prefix) {
			got[e.Var] = values[atoms[k][1]]
		}
	}
	for _, lc := range s.Locs {
		got[lc.Name] = values["["+lc.Name+"]"]
	}
	return got, nil
}

var (
	// litmusAddrReg is an AArch64 init entry that gives a register of a
	// thread a location's address ("1:X10=seq").
	litmusAddrReg = regexp.MustCompile(`(\d+):(X\d+)=([A-Za-z_]\w*)`)
	// litmusOperand is a memory operand: through a register on AArch64
	// ("[X0]", "[X0,#4]"), a location's name on x86 ("(cnt)").
	litmusOperand = regexp.MustCompile(`\[(X\d+)|\(([A-Za-z_]\w*)\)`)
)

// litmusTouchOrder returns the locations of s in the order in which thread
// i's column of the shape's litmus text for key first names them. A name
// that is no location of the shape is a private location of its thread,
// which no other thread may name: the stack word that a locked OR
// stands for as x86's Mb.
func litmusTouchOrder(s *Shape, key string, i int) ([]string, error) {
	text := s.Litmus[key]
	regs := map[string]string{} // "1:X10" to "seq"
	for _, m := range litmusAddrReg.FindAllStringSubmatch(text, -1) {
		regs[m[1]+":"+m[2]] = m[3]
	}
	rows := litmusRows(text)
	if len(rows) == 0 || i >= len(rows[0]) {
		return nil, fmt.Errorf("no column for thread %d", i)
	}
	names := make([][]string, len(rows[0])) // each column's, first named first
	for _, cells := range rows[1:] {
		for j, cell := range cells[:min(len(cells), len(names))] {
			for _, m := range litmusOperand.FindAllStringSubmatch(cell, -1) {
				name := m[2]
				if m[1] != "" {
					if name = regs[fmt.Sprintf("%d:%s", j, m[1])]; name == "" {
						return nil, fmt.Errorf("%s addresses memory through %s, which the initial state gives no location", strings.TrimSpace(cell), m[1])
					}
				}
				if !slices.Contains(names[j], name) {
					names[j] = append(names[j], name)
				}
			}
		}
	}
	var order []string
	for _, name := range names[i] {
		if slices.ContainsFunc(s.Locs, func(lc Loc) bool { return lc.Name == name }) {
			order = append(order, name)
			continue
		}
		for j := range names {
			if j != i && slices.Contains(names[j], name) {
				return nil, fmt.Errorf("threads %d and %d name %s, no location of the shape", i, j, name)
			}
		}
	}
	return order, nil
}
