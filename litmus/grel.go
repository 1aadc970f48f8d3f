package litmus

// grel is a relation over the events of one execution, all threads
// together (rel is one thread's): row i, w words long, is the set of j
// with i -> j. The Power model composes and closes such relations, which
// the other models need not do.
type grel struct {
	n, w int
	m    []uint64
}

func newGrel(n int) grel {
	w := (n + 63) / 64
	return grel{n: n, w: w, m: make([]uint64, n*w)}
}

func (r grel) row(i int) []uint64 { return r.m[i*r.w : (i+1)*r.w] }

func (r grel) add(i, j int) { r.m[i*r.w+j/64] |= bit(j % 64) }

func (r grel) has(i, j int) bool { return r.m[i*r.w+j/64]&bit(j%64) != 0 }

func (r grel) clone() grel {
	c := r
	c.m = append([]uint64(nil), r.m...)
	return c
}

// or adds the pairs of the others to r and returns r.
func (r grel) or(others ...grel) grel {
	for _, o := range others {
		for k, v := range o.m {
			r.m[k] |= v
		}
	}
	return r
}

// seq returns the composition r;s.
func (r grel) seq(s grel) grel {
	out := newGrel(r.n)
	for i := 0; i < r.n; i++ {
		dst := out.row(i)
		for w, bits := range r.row(i) {
			eachBit(bits, func(b int) {
				for k, v := range s.row(w*64 + b) {
					dst[k] |= v
				}
			})
		}
	}
	return out
}

// closure returns the transitive closure r+ (Warshall).
func (r grel) closure() grel {
	c := r.clone()
	for k := 0; k < c.n; k++ {
		src := c.row(k)
		for i := 0; i < c.n; i++ {
			if c.has(i, k) {
				dst := c.row(i)
				for w, v := range src {
					dst[w] |= v
				}
			}
		}
	}
	return c
}

// reflexive adds the identity to r and returns r.
func (r grel) reflexive() grel {
	for i := 0; i < r.n; i++ {
		r.add(i, i)
	}
	return r
}

// restrict keeps the pairs from dom to rng (sets of events, w words
// each) and returns r.
func (r grel) restrict(dom, rng []uint64) grel {
	for i := 0; i < r.n; i++ {
		row := r.row(i)
		in := dom[i/64]&bit(i%64) != 0
		for w := range row {
			if in {
				row[w] &= rng[w]
			} else {
				row[w] = 0
			}
		}
	}
	return r
}

func (r grel) irreflexive() bool {
	for i := 0; i < r.n; i++ {
		if r.has(i, i) {
			return false
		}
	}
	return true
}

func (r grel) acyclic() bool { return r.closure().irreflexive() }
