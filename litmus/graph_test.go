package litmus

import "testing"

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
