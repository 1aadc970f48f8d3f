package litmus

// uses records what the code and the initial state refer to, so that the
// final part may only name locations the test knows: a typo in a condition
// is an error rather than a silent zero. A register that its thread never
// uses is accepted, as herd7 does: it keeps its initial value, 0.
type uses struct {
	syms map[string]bool
}

// collectUses checks the labels and the threads of the initial state, and
// records the locations of the code and the initial state.
func (p *parser) collectUses() error {
	t := p.t
	u := &uses{syms: map[string]bool{}}
	for i, th := range t.Threads {
		for k, in := range th.code {
			for _, s := range in.syms() {
				u.syms[s] = true
			}
			if j, ok := in.(jumper); ok && j.target() != "" {
				if _, ok := th.labels[j.target()]; !ok {
					return p.errorf(th.lines[k], "P%d: undefined label %q", i, j.target())
				}
			}
		}
	}
	for _, e := range t.Init {
		if e.Value.IsAddr() {
			u.syms[e.Value.Sym] = true
		}
		if e.Loc.IsMem() {
			u.syms[e.Loc.Sym] = true
			continue
		}
		if e.Loc.Thread >= len(t.Threads) {
			return p.errorf(e.Line, "initial state sets %s but the test has no thread %d", e.Loc, e.Loc.Thread)
		}
	}
	p.uses = u
	return nil
}

// checkLocation rejects a location of the final part that the test does not
// know: a memory location it never names, or a thread it lacks.
func (p *parser) checkLocation(loc Location, line int) error {
	t, u := p.t, p.uses
	if loc.IsMem() {
		if !u.syms[loc.Sym] && !t.isArray(loc) {
			return p.errorf(line, "%s is a location that the test never initialises or accesses", loc)
		}
		return nil
	}
	if loc.Thread >= len(t.Threads) {
		return p.errorf(line, "%s: the test has no thread %d", loc, loc.Thread)
	}
	return nil
}

// jumper is an instruction that names a label.
type jumper interface{ target() string }
