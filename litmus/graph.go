package litmus

// graph is a directed graph over n nodes, for the acyclicity axioms and
// for the order that coherence forces on the writes to one location.
type graph struct {
	n, words int
	adj      []uint64
}

func newGraph(n int) *graph {
	w := (n + 63) / 64
	return &graph{n: n, words: w, adj: make([]uint64, n*w)}
}

func (g *graph) edge(i, j int) { g.adj[i*g.words+j/64] |= 1 << uint(j%64) }

func (g *graph) has(i, j int) bool { return g.adj[i*g.words+j/64]&(1<<uint(j%64)) != 0 }

func (g *graph) succ(i int, f func(j int)) {
	row := g.adj[i*g.words : (i+1)*g.words]
	for w, bits := range row {
		eachBit(bits, func(b int) { f(w*64 + b) })
	}
}

// acyclic reports whether the graph has no cycle (self-loops included).
func (g *graph) acyclic() bool {
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, g.n)
	type frame struct{ node, next int }
	var stack []frame
	for root := 0; root < g.n; root++ {
		if color[root] != white {
			continue
		}
		stack = append(stack[:0], frame{root, 0})
		color[root] = grey
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			j := g.nextSucc(f.node, f.next)
			if j < 0 {
				color[f.node] = black
				stack = stack[:len(stack)-1]
				continue
			}
			f.next = j + 1
			switch color[j] {
			case grey:
				return false
			case white:
				color[j] = grey
				stack = append(stack, frame{j, 0})
			}
		}
	}
	return true
}

// nextSucc returns the first successor of i that is >= from, or -1.
func (g *graph) nextSucc(i, from int) int {
	for j := from; j < g.n; j++ {
		if g.has(i, j) {
			return j
		}
	}
	return -1
}

// linearExtensions calls f with every total order of the nodes that
// extends the graph (which must be acyclic), in a deterministic order,
// until f returns false.
func (g *graph) linearExtensions(f func(order []int) bool) {
	indeg := make([]int, g.n)
	for i := 0; i < g.n; i++ {
		g.succ(i, func(j int) { indeg[j]++ })
	}
	order := make([]int, 0, g.n)
	used := make([]bool, g.n)
	var rec func() bool
	rec = func() bool {
		if len(order) == g.n {
			return f(order)
		}
		for i := 0; i < g.n; i++ {
			if used[i] || indeg[i] != 0 {
				continue
			}
			used[i] = true
			order = append(order, i)
			g.succ(i, func(j int) { indeg[j]-- })
			more := rec()
			g.succ(i, func(j int) { indeg[j]++ })
			order = order[:len(order)-1]
			used[i] = false
			if !more {
				return false
			}
		}
		return true
	}
	rec()
}
