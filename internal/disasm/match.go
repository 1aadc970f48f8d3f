package disasm

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A Rule is a property that an instruction sequence must have. Its patterns
// are regular expressions matched against the whole instruction text, e.g.
// `LDAXRW .*` or `DMB \$9`.
type Rule struct {
	Desc  string
	holds func([]Inst) bool
}

// Has requires an instruction that matches pattern.
func Has(pattern string) Rule {
	re := anchored(pattern)
	return Rule{"has " + pattern, func(insts []Inst) bool { return index(insts, re) >= 0 }}
}

// Lacks forbids every instruction that matches pattern.
func Lacks(pattern string) Rule {
	re := anchored(pattern)
	return Rule{"lacks " + pattern, func(insts []Inst) bool { return index(insts, re) < 0 }}
}

// Only requires every instruction to match pattern.
func Only(pattern string) Rule {
	re := anchored(pattern)
	return Rule{"has only " + pattern, func(insts []Inst) bool {
		for _, in := range insts {
			if !re.MatchString(in.Text) {
				return false
			}
		}
		return true
	}}
}

// InOrder requires instructions that match the patterns in this order,
// other instructions allowed between them.
func InOrder(patterns ...string) Rule {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = anchored(p)
	}
	return Rule{"has " + strings.Join(patterns, " … then "), func(insts []Inst) bool {
		for _, re := range res {
			i := index(insts, re)
			if i < 0 {
				return false
			}
			insts = insts[i+1:]
		}
		return true
	}}
}

// NoneBetween requires an instruction that matches first, then one that
// matches last after it, and no instruction that matches pattern between
// the first match of first and the first match of last that follows it.
// The listing is in address order: what lies between is every block laid
// out there, rare ones too, and a block that runs between the two but is
// laid out elsewhere is not looked at.
func NoneBetween(first, last, pattern string) Rule {
	fre, lre, re := anchored(first), anchored(last), anchored(pattern)
	return Rule{"has " + first + " … then " + last + " with no " + pattern + " between", func(insts []Inst) bool {
		i := index(insts, fre)
		if i < 0 {
			return false
		}
		j := index(insts[i+1:], lre)
		return j >= 0 && index(insts[i+1:i+1+j], re) < 0
	}}
}

// Exactly requires the instructions that match filter to be, in order and
// with none left over, instructions that match the patterns one by one:
// with filter naming every ordering instruction of an architecture, it
// says which of them a routine has, and forbids every other.
func Exactly(filter string, patterns ...string) Rule {
	fre := anchored(filter)
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = anchored(p)
	}
	return Rule{"has exactly " + strings.Join(patterns, ", ") + " among " + filter, func(insts []Inst) bool {
		i := 0
		for _, in := range insts {
			if !fre.MatchString(in.Text) {
				continue
			}
			if i == len(res) || !res[i].MatchString(in.Text) {
				return false
			}
			i++
		}
		return i == len(res)
	}}
}

// AfterBranch requires that the path from the first instruction that
// matches from, taking no conditional branch and following each
// unconditional one, passes a conditional branch and then an instruction
// that matches via before it returns. From an LL/SC loop's
// store-conditional that path is the loop's success: it leaves the
// loop-closing branch untaken. So a barrier that the routine owes on
// success must lie after that branch on the path of success, and not
// before it (where POWER's ISYNC orders nothing), nor only on a path that
// a failure takes: file order (InOrder, Exactly) tells neither. Branch
// targets are read as objdump prints them, an address (0x...) or N(PC)
// (see branchTarget); a branch whose target the rule cannot follow, an
// indirect jump among them, fails it rather than let it guess.
func AfterBranch(from, via string) Rule {
	fre, vre := anchored(from), anchored(via)
	return Rule{"has " + via + " after the branch that follows " + from + " on the path that takes no branch", func(insts []Inst) bool {
		return onUntakenPath(insts, fre, nil, vre)
	}}
}

// AfterUntaken is AfterBranch where the last conditional branch that the
// path leaves untaken before via must match branch. A barrier owed only
// when a compare found two values equal must follow a branch on "not
// equal": after a branch on "equal" it lies on the path where they differ,
// which file order and AfterBranch alone accept.
func AfterUntaken(from, branch, via string) Rule {
	fre, bre, vre := anchored(from), anchored(branch), anchored(via)
	return Rule{"has " + via + " after " + from + " on the path that takes no branch, past an untaken " + branch, func(insts []Inst) bool {
		return onUntakenPath(insts, fre, bre, vre)
	}}
}

// Retries requires that every instruction that matches store, a
// store-conditional, be followed on the path that takes no branch by a
// conditional branch whose target is the latest instruction before it
// that matches load, its load-reserved, or one before that: the branch
// taken when the store-conditional fails runs the loop again. A loop that
// left on that failure instead would make a compare-and-swap fail while
// returning the very value it compared with, or a read-modify-write do
// nothing. A listing with no store-conditional holds it. Branch targets
// are read as AfterBranch reads them, and one that the rule cannot follow
// fails it.
func Retries(load, store string) Rule {
	lre, sre := anchored(load), anchored(store)
	return Rule{"branches back to its " + load + " when " + store + " fails", func(insts []Inst) bool {
		head := -1
		for i, in := range insts {
			switch {
			case lre.MatchString(in.Text):
				head = i
			case sre.MatchString(in.Text):
				b := firstConditional(insts, i)
				if head < 0 || b < 0 {
					return false
				}
				if t, _, resolved := branchTarget(insts, b); !resolved || t > head {
					return false
				}
			}
		}
		return true
	}}
}

// firstConditional returns the index of the first conditional branch on
// the path from insts[i] (walkUntaken), or -1 where it has none.
func firstConditional(insts []Inst, i int) int {
	at := -1
	walkUntaken(insts, i, func(j int, conditional bool) bool {
		if conditional {
			at = j
		}
		return !conditional
	})
	return at
}

// onUntakenPath walks the path from the first instruction that matches
// fre (walkUntaken) and reports whether it reaches an instruction that
// matches vre after a conditional branch, the last of which matches bre
// (any, where bre is nil).
func onUntakenPath(insts []Inst, fre, bre, vre *regexp.Regexp) bool {
	i := index(insts, fre)
	if i < 0 {
		return false
	}
	last, found := -1, false // the last conditional branch passed
	walkUntaken(insts, i, func(j int, conditional bool) bool {
		switch {
		case last >= 0 && vre.MatchString(insts[j].Text):
			found = bre == nil || bre.MatchString(insts[last].Text)
			return false
		case conditional:
			last = j
		}
		return true
	})
	return found
}

// walkUntaken calls visit with each instruction after insts[from] on the
// path that takes no conditional branch and follows each unconditional
// one, saying whether it is a conditional branch, until visit returns
// false or the path ends: at a return, at a branch whose target it cannot
// follow (an indirect jump among them: the rules fail there rather than
// guess), past the listing's end, or after as many steps as the listing
// has instructions, in a loop. A call returns to the next instruction.
func walkUntaken(insts []Inst, from int, visit func(i int, conditional bool) bool) {
	i := from
	for steps := 0; steps < len(insts); steps++ {
		i++
		if i >= len(insts) {
			return
		}
		m, _, _ := strings.Cut(insts[i].Text, " ")
		t, isBranch, resolved := branchTarget(insts, i)
		unconditional := m == "JMP" || m == "BR" || m == "B"
		switch {
		case m == "RET":
			return
		case m == "CALL":
			isBranch = false
		case isBranch && !resolved, unconditional && !isBranch:
			return
		}
		if !visit(i, isBranch && !unconditional) {
			return
		}
		if unconditional {
			i = t - 1
		}
	}
}

var pcRelative = regexp.MustCompile(`^(-?\d+)\(PC\)$`)

// branchTarget tells whether insts[i] names a branch target as its last
// operand, and if so the index of the instruction there, when that is in
// insts. N(PC) counts words of 4 bytes, as objdump prints it on arm64 and
// loong64; on riscv64, where it is the byte offset divided by 4, Parse has
// already replaced it by the address the word encodes.
func branchTarget(insts []Inst, i int) (at int, isBranch, resolved bool) {
	text := insts[i].Text
	last := text[strings.LastIndexAny(text, " ,")+1:]
	var pc uint64
	if m := pcRelative.FindStringSubmatch(last); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		pc = insts[i].PC + uint64(4*n)
	} else if a, ok := strings.CutPrefix(last, "0x"); ok {
		var err error
		if pc, err = strconv.ParseUint(a, 16, 64); err != nil {
			return 0, true, false
		}
	} else {
		return 0, false, false
	}
	for j, in := range insts {
		if in.PC == pc {
			return j, true, true
		}
	}
	return 0, true, false
}

func anchored(pattern string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + pattern + `)$`) }

func index(insts []Inst, re *regexp.Regexp) int {
	for i, in := range insts {
		if re.MatchString(in.Text) {
			return i
		}
	}
	return -1
}

// Check returns nil when insts satisfies every rule, and otherwise an error
// naming the rules it breaks followed by the listing it looked at.
func Check(name string, insts []Inst, rules ...Rule) error {
	var broken []string
	for _, r := range rules {
		if !r.holds(insts) {
			broken = append(broken, r.Desc)
		}
	}
	if broken == nil {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s breaks:\n", name)
	for _, d := range broken {
		fmt.Fprintf(&b, "\t%s\n", d)
	}
	fmt.Fprintf(&b, "in the listing (%s: decoded from the word, which objdump prints as ?, without its ordering or with a wrong branch target):\n", DecodedMark)
	WriteInsts(&b, insts)
	return fmt.Errorf("%s", b.String())
}

var callRE = regexp.MustCompile(`^(?:CALL|JMP) (\S+)\(SB\)$`)

// Expand returns f's instructions with every direct CALL or JMP to another
// function of funcs followed by that function's instructions, recursively,
// so that a rule sees what a Go function does through the routines it
// calls. A function already being expanded is not expanded again.
func Expand(f Func, funcs []Func) []Inst {
	return expand(f, bySymbol(funcs), map[string]bool{})
}

// bySymbol indexes funcs by symbol.
func bySymbol(funcs []Func) map[string]Func {
	bySym := make(map[string]Func, len(funcs))
	for _, g := range funcs {
		bySym[g.Symbol] = g
	}
	return bySym
}

// Callees returns every function of funcs that one of roots calls with a
// direct CALL or JMP, or that such a function calls in turn, once each and
// in the order of funcs: what the roots run, down to the assembly routines.
func Callees(roots, funcs []Func) []Func {
	bySym := bySymbol(funcs)
	reached := map[string]bool{}
	var visit func(f Func)
	visit = func(f Func) {
		for _, in := range f.Insts {
			if m := callRE.FindStringSubmatch(in.Text); m != nil {
				if g, ok := bySym[m[1]]; ok && !reached[g.Symbol] {
					reached[g.Symbol] = true
					visit(g)
				}
			}
		}
	}
	for _, f := range roots {
		visit(f)
	}
	var out []Func
	for _, g := range funcs {
		if reached[g.Symbol] {
			out = append(out, g)
		}
	}
	return out
}

func expand(f Func, bySym map[string]Func, active map[string]bool) []Inst {
	active[f.Symbol] = true
	defer delete(active, f.Symbol)
	var out []Inst
	for _, in := range f.Insts {
		out = append(out, in)
		if m := callRE.FindStringSubmatch(in.Text); m != nil {
			if g, ok := bySym[m[1]]; ok && !active[g.Symbol] {
				out = append(out, expand(g, bySym, active)...)
			}
		}
	}
	return out
}
