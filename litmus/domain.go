package litmus

import (
	"fmt"
	"math/bits"
	"sort"
)

// domain holds, for each memory location, the values a load of it may
// return: its initial value and the values that stores can write. Stored
// values may depend on loaded ones, so the domain is a fixed point; to keep
// it finite and exact, every value carries its derivations: the sets of
// write sites (one store instruction, one unrolling of it) whose values it
// was computed from. A store may not compute its value from a value derived
// from itself: that would be a value out of thin air, which no model here
// allows (value flow is ordered in each of them).
type domain struct {
	entries map[string][]domEntry
	init    map[string]Value
	sites   map[siteKey]int
	// siteThread is the thread of each site.
	siteThread []int
	// chains are, for each location and value, the chains of the writes
	// of it in some path.
	chains map[string]map[Value][]chain
}

type domEntry struct {
	val    Value
	derivs []siteSet
}

// siteKey names a write site: an instruction's visit in a thread, and for
// an instruction with two alternative writes, which one.
type siteKey struct {
	thread, pc, visit int
	alt               bool
}

// siteSet is a set of write sites.
type siteSet [4]uint64

const maxSites = len(siteSet{}) * 64

func (s siteSet) has(i int) bool { return s[i/64]&(1<<uint(i%64)) != 0 }

func (s siteSet) with(i int) siteSet {
	s[i/64] |= 1 << uint(i%64)
	return s
}

func (s siteSet) union(t siteSet) siteSet {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

func (s siteSet) intersect(t siteSet) siteSet {
	for i := range s {
		s[i] &= t[i]
	}
	return s
}

func (s siteSet) minus(t siteSet) siteSet {
	for i := range s {
		s[i] &^= t[i]
	}
	return s
}

func (s siteSet) size() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

func (s siteSet) subsetOf(t siteSet) bool {
	for i := range s {
		if s[i]&^t[i] != 0 {
			return false
		}
	}
	return true
}

// Bounds that keep a runaway test (a counter in a loop, say) from being
// explored forever.
const (
	maxDomain = 64 // values of one location
	maxDerivs = 64 // derivations of one value
)

func newDomain(t *Test) *domain {
	d := &domain{entries: map[string][]domEntry{}, init: map[string]Value{}, sites: map[siteKey]int{},
		chains: map[string]map[Value][]chain{}}
	for _, e := range t.Init {
		if e.Loc.IsMem() {
			d.init[e.Loc.Sym] = e.Value
		}
	}
	return d
}

func (d *domain) initial(loc string) Value { return d.init[loc] }

func (d *domain) locEntries(loc string) []domEntry {
	if es, ok := d.entries[loc]; ok {
		return es
	}
	es := []domEntry{{val: d.initial(loc), derivs: []siteSet{{}}}}
	d.entries[loc] = es
	return es
}

// values returns the possible values of loc, the initial one first.
func (d *domain) values(loc string) []Value {
	es := d.locEntries(loc)
	vs := make([]Value, len(es))
	for i, e := range es {
		vs[i] = e.val
	}
	return vs
}

func (d *domain) derivsOf(loc string, v Value) []siteSet {
	for _, e := range d.locEntries(loc) {
		if e.val == v {
			return e.derivs
		}
	}
	return nil
}

// site numbers a write site.
func (d *domain) site(k siteKey) (int, error) {
	if i, ok := d.sites[k]; ok {
		return i, nil
	}
	if len(d.sites) >= maxSites {
		return 0, fmt.Errorf("more than %d store sites", maxSites)
	}
	d.sites[k] = len(d.sites)
	d.siteThread = append(d.siteThread, k.thread)
	return d.sites[k], nil
}

// addWrites adds the values written by paths, with their derivations, and
// reports whether the domain grew. A derivation used by a path may name
// only those sites of the path's own thread that the path itself writes:
// in an execution, each thread runs one path.
func (d *domain) addWrites(paths []*path) (bool, error) {
	grew := false
	for _, p := range paths {
		own := p.sites(d)
		for _, w := range p.events {
			if w.kind != evWrite {
				continue
			}
			for _, c := range w.chains {
				grew = d.addChain(w.loc, w.val, c) || grew
			}
			derivs := []siteSet{siteSet{}.with(w.site)}
			eachBit(w.valF, func(r int) {
				re := &p.events[r]
				var next []siteSet
				for _, have := range derivs {
					for _, s := range d.usable(re.loc, re.val, own) {
						if !s.has(w.site) {
							next = append(next, have.union(s))
						}
					}
				}
				// Only the minimal derivations are kept in the end, and
				// a union with a larger set is larger: dropping the
				// others at each read keeps the product of several
				// reads' derivations small.
				derivs = minimalSets(next)
				if len(derivs) > maxDerivs {
					derivs = derivs[:maxDerivs+1]
				}
			})
			if len(derivs) > maxDerivs {
				return false, fmt.Errorf("the value that %s stores has more than %d derivations (sets of writes it can come from), a fixed bound of the checker", w.text, maxDerivs)
			}
			for _, s := range derivs {
				g, err := d.add(w.loc, w.val, s)
				if err != nil {
					return false, err
				}
				grew = grew || g
			}
		}
	}
	return grew, nil
}

// usable returns the derivations of v at loc that a path may use: those
// whose sites of the path's thread (own.thread) are all in own.writes.
func (d *domain) usable(loc string, v Value, own pathSites) []siteSet {
	var out []siteSet
	for _, s := range d.derivsOf(loc, v) {
		ok := true
		for i := range s {
			if s[i]&own.thread[i]&^own.writes[i] != 0 {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

// pathSites are the sites of a path's thread and those its writes use.
type pathSites struct{ thread, writes siteSet }

func (p *path) sites(d *domain) pathSites {
	var ps pathSites
	for k, i := range d.sites {
		if k.thread == p.thread {
			ps.thread = ps.thread.with(i)
		}
	}
	for _, e := range p.events {
		if e.kind == evWrite {
			ps.writes = ps.writes.with(e.site)
		}
	}
	return ps
}

// consistent reports whether every read of p returns a value with a
// derivation that p may use; a path that fails cannot occur.
func (d *domain) consistent(p *path) bool {
	own := p.sites(d)
	for _, e := range p.events {
		if e.kind == evRead && len(d.usable(e.loc, e.val, own)) == 0 {
			return false
		}
	}
	return true
}

// minimalSets keeps the sets of ss that contain no other set of ss, each
// once. A set can contain only sets no larger than itself, so the smaller
// sets are looked at first.
func minimalSets(ss []siteSet) []siteSet {
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].size() < ss[j].size() })
	var out []siteSet
	for _, s := range ss {
		minimal := true
		for _, t := range out {
			if t.subsetOf(s) {
				minimal = false
				break
			}
		}
		if minimal {
			out = append(out, s)
		}
	}
	return out
}

// add records one derivation of v at loc, keeping only minimal ones.
func (d *domain) add(loc string, v Value, s siteSet) (bool, error) {
	es := d.locEntries(loc)
	for i := range es {
		e := &es[i]
		if e.val != v {
			continue
		}
		kept := e.derivs[:0]
		for _, old := range e.derivs {
			if old.subsetOf(s) {
				return false, nil
			}
			if !s.subsetOf(old) {
				kept = append(kept, old)
			}
		}
		if len(kept) >= maxDerivs {
			return false, fmt.Errorf("value %s of %s has more than %d derivations (sets of writes it can come from), a fixed bound of the checker", v, loc, maxDerivs)
		}
		e.derivs = append(kept, s)
		return true, nil
	}
	if len(es) >= maxDomain {
		return false, fmt.Errorf("location %s may take more than %d values, a fixed bound of the checker", loc, maxDomain)
	}
	es = append(es, domEntry{val: v, derivs: []siteSet{s}})
	rest := es[1:]
	sort.Slice(rest, func(i, j int) bool { return lessValue(rest[i].val, rest[j].val) })
	d.entries[loc] = es
	return true, nil
}

func lessValue(a, b Value) bool {
	if a.Sym != b.Sym {
		return a.Sym < b.Sym
	}
	return a.N < b.N
}

// threadPaths are the paths of one thread, grouped by behaviour: the paths
// of one group differ only in their dependencies.
type threadPaths struct {
	groups [][]*path
	cut    int // paths cut by the unrolling bound
	// narrowed tells that coherence kept a load from a value of the
	// domain: a loop may then be cut on a path not enumerated.
	narrowed bool
}

// allPaths enumerates the paths of every thread, growing the domain until
// no new value appears, within the bounds of mt.
func allPaths(t *Test, mt *meter) ([]threadPaths, *domain, error) {
	d := newDomain(t)
	for {
		out := make([]threadPaths, len(t.Threads))
		grew := false
		for i, th := range t.Threads {
			ps, cut, narrowed, err := enumeratePaths(t, th, d, mt)
			if err != nil {
				return nil, nil, err
			}
			g, err := d.addWrites(ps)
			if err != nil {
				return nil, nil, &SyntaxError{File: t.File, Msg: err.Error()}
			}
			grew = grew || g
			out[i] = threadPaths{groups: groupPaths(ps), cut: cut, narrowed: narrowed}
		}
		if !grew {
			for i := range out {
				out[i].groups = d.keepConsistent(out[i].groups)
			}
			if err := markLoopCut(t, out, d, mt); err != nil {
				return nil, nil, err
			}
			return out, d, nil
		}
	}
}

// markLoopCut counts one cut path for the first thread with a loop that
// only incoherent reads keep running, when no path enumerated was cut:
// herd7 reports such a loop too (see loopCut). Only a thread whose loads
// coherence narrowed and that jumps back is searched: without a backward
// jump no path is cut.
func markLoopCut(t *Test, out []threadPaths, d *domain, mt *meter) error {
	for _, tp := range out {
		if tp.cut > 0 {
			return nil
		}
	}
	for i, th := range t.Threads {
		if !out[i].narrowed || !jumpsBack(th) {
			continue
		}
		cut, err := loopCut(t, th, d, mt)
		if err != nil {
			return err
		}
		if cut {
			out[i].cut = 1
			return nil
		}
	}
	return nil
}

// keepConsistent drops the path groups that cannot occur.
func (d *domain) keepConsistent(groups [][]*path) [][]*path {
	kept := groups[:0]
	for _, g := range groups {
		if d.consistent(g[0]) {
			kept = append(kept, g)
		}
	}
	return kept
}

func groupPaths(ps []*path) [][]*path {
	index := map[string]int{}
	var groups [][]*path
	for _, p := range ps {
		i, ok := index[p.key]
		if !ok {
			i = len(groups)
			index[p.key] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], p)
	}
	return groups
}
