package litmus

import (
	"fmt"
	"slices"
	"strings"
)

// The operational machines that TestModelRelations holds the sc and
// x86tso models to: they run a genProgram by exploring every step that
// each state allows, and share nothing with the checker but the program.

// machineState is a state of either machine: each thread's next access,
// its results so far, the memory, and each thread's store buffer (always
// empty on the SC machine), oldest first.
type machineState struct {
	pc      []int
	results [][]int
	mem     []int
	buf     [][]bufferedStore
}

type bufferedStore struct{ loc, val int }

func (p genProgram) start() machineState {
	n := len(p.threads)
	return machineState{pc: make([]int, n), results: make([][]int, n), mem: make([]int, p.locs), buf: make([][]bufferedStore, n)}
}

func (s machineState) clone() machineState {
	c := machineState{pc: slices.Clone(s.pc), mem: slices.Clone(s.mem)}
	for _, r := range s.results {
		c.results = append(c.results, slices.Clone(r))
	}
	for _, b := range s.buf {
		c.buf = append(c.buf, slices.Clone(b))
	}
	return c
}

// key identifies a state, so that each is explored once.
func (s machineState) key() string { return fmt.Sprint(s.pc, s.results, s.mem, s.buf) }

// final prints a finished state as finalStates does.
func (p genProgram) final(s machineState) string {
	var parts []string
	for t, rs := range s.results {
		for k, v := range rs {
			parts = append(parts, fmt.Sprintf("%d:r%d=%d", t, k, v))
		}
	}
	for l, v := range s.mem {
		parts = append(parts, fmt.Sprintf("%s=%d", genLocNames[l], v))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

// runSC returns the final states of every interleaving of the threads'
// accesses, each access done at once on the memory, whatever its form and
// fences.
func (p genProgram) runSC() map[string]bool { return p.explore(false) }

// runTSO returns the final states of the x86-TSO machine: a store goes
// to its thread's buffer, a load takes the newest buffered store of its
// thread to its location or else the memory, and the oldest buffered
// store of any thread may reach the memory at any step. An access after
// MFENCE waits for its thread's buffer to drain; so does a locked
// instruction (a swap, a fetch-add, and a strong access: XCHG, LOCK XADD), which then
// reads and writes the memory at once. LFENCE and SFENCE do nothing.
func (p genProgram) runTSO() map[string]bool { return p.explore(true) }

func (p genProgram) explore(buffered bool) map[string]bool {
	finals := map[string]bool{}
	seen := map[string]bool{}
	var visit func(s machineState)
	visit = func(s machineState) {
		if k := s.key(); seen[k] {
			return
		} else {
			seen[k] = true
		}
		done := true
		for t, th := range p.threads {
			if len(s.buf[t]) > 0 {
				done = false
				n := s.clone()
				b := n.buf[t][0]
				n.mem[b.loc] = b.val
				n.buf[t] = n.buf[t][1:]
				visit(n)
			}
			if s.pc[t] == len(th) {
				continue
			}
			done = false
			a := th[s.pc[t]]
			locked := a.kind == genSwap || a.kind == genFetchAdd || a.strong
			if (locked || a.fence == genFenceAll) && len(s.buf[t]) > 0 {
				continue // MFENCE and locked instructions wait for the drain above
			}
			n := s.clone()
			n.pc[t]++
			switch a.kind {
			case genLoad:
				v := n.mem[a.loc]
				for _, b := range n.buf[t] {
					if b.loc == a.loc {
						v = b.val
					}
				}
				n.results[t] = append(n.results[t], v)
			case genStore:
				if buffered && !locked {
					n.buf[t] = append(n.buf[t], bufferedStore{a.loc, a.val})
				} else {
					n.mem[a.loc] = a.val
				}
			case genSwap:
				n.results[t] = append(n.results[t], n.mem[a.loc])
				n.mem[a.loc] = a.val
			case genFetchAdd:
				n.results[t] = append(n.results[t], n.mem[a.loc])
				n.mem[a.loc] += a.val
			}
			visit(n)
		}
		if done {
			finals[p.final(s)] = true
		}
	}
	visit(p.start())
	return finals
}
