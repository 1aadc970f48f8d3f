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
// that starts at 0 starting at a value of its own instead: a thread that loads or stores the wrong location, stores the
// wrong value or records a value in the wrong register differs from its
// text there, although its calls and their orderings are those of the
// text (TestShapesMatchTheirLitmus) and a run may never show it.
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
				for _, key := range slices.Sorted(maps.Keys(s.Litmus)) {
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
