package litmus

import (
	"fmt"
	"slices"
	"testing"
)

// TestGraphAcyclic checks the cycle search on graphs whose cycles pass
// through the first node, the last, or only nodes reached twice, and on
// graphs of 64 nodes, where a row of the adjacency matrix is one word.
func TestGraphAcyclic(t *testing.T) {
	chain := func(n int, back ...[2]int) [][2]int {
		var es [][2]int
		for i := 0; i+1 < n; i++ {
			es = append(es, [2]int{i, i + 1})
		}
		return append(es, back...)
	}
	for _, tc := range []struct {
		name  string
		n     int
		edges [][2]int
		want  bool
	}{
		{"no edges", 3, nil, true},
		{"a self-loop on the first node", 3, [][2]int{{0, 0}}, false},
		{"a self-loop on the last node", 3, [][2]int{{2, 2}}, false},
		{"a cycle through the first node", 3, [][2]int{{1, 0}, {0, 2}, {2, 1}}, false},
		{"a diamond, its sink reached twice", 4, [][2]int{{0, 1}, {0, 2}, {1, 3}, {2, 3}}, true},
		{"a cycle reached from an acyclic part", 4, [][2]int{{0, 1}, {0, 2}, {2, 3}, {3, 2}}, false},
		{"a cycle searched from its own node after others", 3, [][2]int{{1, 2}, {2, 1}}, false},
		{"a chain of 64", 64, chain(64), true},
		{"a chain of 64 closed by its last node", 64, chain(64, [2]int{63, 0}), false},
		{"a chain of 65 closed by its last node", 65, chain(65, [2]int{64, 0}), false},
	} {
		g := newGraph(tc.n)
		for _, e := range tc.edges {
			g.edge(e[0], e[1])
		}
		if got := g.acyclic(); got != tc.want {
			t.Errorf("%s: acyclic %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestGraphLinearExtensions checks the total orders of a diamond, those of
// nodes without edges, and that an f returning false stops the search.
func TestGraphLinearExtensions(t *testing.T) {
	orders := func(g *graph, stopAfter int) []string {
		var got []string
		g.linearExtensions(func(order []int) bool {
			got = append(got, fmt.Sprint(order))
			return len(got) < stopAfter
		})
		return got
	}
	diamond := newGraph(4)
	for _, e := range [][2]int{{0, 1}, {0, 2}, {1, 3}, {2, 3}} {
		diamond.edge(e[0], e[1])
	}
	free := newGraph(3)
	for _, tc := range []struct {
		name      string
		g         *graph
		stopAfter int
		want      []string
	}{
		{"a diamond", diamond, 10, []string{"[0 1 2 3]", "[0 2 1 3]"}},
		{"three free nodes", free, 10, []string{"[0 1 2]", "[0 2 1]", "[1 0 2]", "[1 2 0]", "[2 0 1]", "[2 1 0]"}},
		{"three free nodes, stopped after the first order", free, 1, []string{"[0 1 2]"}},
		{"three free nodes, stopped after the third order", free, 3, []string{"[0 1 2]", "[0 2 1]", "[1 0 2]"}},
	} {
		if got := orders(tc.g, tc.stopAfter); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestGrelRestrict checks that restrict keeps exactly the pairs from its
// domain to its range, over two words of events.
func TestGrelRestrict(t *testing.T) {
	const n = 70
	r := newGrel(n)
	pairs := [][2]int{{0, 1}, {1, 0}, {1, 68}, {2, 1}, {2, 69}, {69, 2}, {69, 68}}
	for _, p := range pairs {
		r.add(p[0], p[1])
	}
	set := func(evs ...int) []uint64 {
		s := make([]uint64, r.w)
		for _, e := range evs {
			s[e/64] |= bit(e % 64)
		}
		return s
	}
	r.restrict(set(0, 2, 69), set(1, 68))
	for _, p := range pairs {
		want := p == [2]int{0, 1} || p == [2]int{2, 1} || p == [2]int{69, 68}
		if got := r.has(p[0], p[1]); got != want {
			t.Errorf("%d -> %d kept %v, want %v", p[0], p[1], got, want)
		}
	}
}

// TestGrelClosure checks the transitive closure against one computed by
// following paths, on chains that pass through the first and the last
// event as a middle step, at 64 events and past the first word.
func TestGrelClosure(t *testing.T) {
	for _, n := range []int{3, 64, 70} {
		last := n - 1
		r := newGrel(n)
		for _, p := range [][2]int{{1, last}, {last, 0}, {0, 2}, {2, 1}} {
			r.add(p[0], p[1])
		}
		c := r.closure()
		for i := range n {
			reach := make([]bool, n)
			stack := []int{i}
			for len(stack) > 0 {
				k := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for j := range n {
					if r.has(k, j) && !reach[j] {
						reach[j] = true
						stack = append(stack, j)
					}
				}
			}
			for j := range n {
				if c.has(i, j) != reach[j] {
					t.Errorf("n=%d: %d -> %d in the closure is %v, want %v", n, i, j, c.has(i, j), reach[j])
				}
			}
		}
	}
}
