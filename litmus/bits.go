package litmus

import "math/bits"

// The events of one thread's execution are numbered from 0 to 63, so sets of
// them (dependency sources) and relations between them are rows of uint64.

const maxThreadEvents = 64

func bit(i int) uint64 { return 1 << uint(i) }

// eachBit calls f for every element of s in increasing order.
func eachBit(s uint64, f func(i int)) {
	for s != 0 {
		i := bits.TrailingZeros64(s)
		f(i)
		s &= s - 1
	}
}

// rel is a relation over the events of one thread: rel[i] is the set of j
// with i -> j.
type rel []uint64

func newRel(n int) rel { return make(rel, n) }

func (r rel) add(i, j int) { r[i] |= bit(j) }

func (r rel) has(i, j int) bool { return r[i]&bit(j) != 0 }

// union returns the union of r and the others, in a new relation.
func (r rel) union(others ...rel) rel {
	u := append(rel(nil), r...)
	for _, o := range others {
		for i := range u {
			u[i] |= o[i]
		}
	}
	return u
}

// seq returns the composition r;s.
func (r rel) seq(s rel) rel {
	out := newRel(len(r))
	for i, row := range r {
		var acc uint64
		eachBit(row, func(k int) { acc |= s[k] })
		out[i] = acc
	}
	return out
}

// toRange keeps the pairs whose target is in set.
func (r rel) toRange(set uint64) rel {
	out := newRel(len(r))
	for i, row := range r {
		out[i] = row & set
	}
	return out
}

// fromDomain keeps the pairs whose source is in set.
func (r rel) fromDomain(set uint64) rel {
	out := newRel(len(r))
	for i, row := range r {
		if set&bit(i) != 0 {
			out[i] = row
		}
	}
	return out
}

// closure returns the transitive closure r+ (Warshall).
func (r rel) closure() rel {
	c := append(rel(nil), r...)
	for k := range c {
		for i := range c {
			if c[i]&bit(k) != 0 {
				c[i] |= c[k]
			}
		}
	}
	return c
}
