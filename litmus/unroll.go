package litmus

import "strconv"

// DefaultUnroll is how often a path may jump back to one target when the
// jump counts (herd7's -unroll default): a simple loop body runs at most
// DefaultUnroll+1 times. A test's "Unroll=N" header line overrides it.
const DefaultUnroll = 2

// maxPathSteps bounds the instructions of one path: a loop on determined
// values is unrolled to its end, as herd7 does, and one that never ends
// would otherwise run forever.
const maxPathSteps = 1 << 16

// unrollOf is the test's unrolling bound: its "Unroll=N" line, or
// DefaultUnroll.
func unrollOf(t *Test) int {
	for _, kv := range t.Info {
		if kv.Key == "Unroll" {
			if n, err := strconv.Atoi(kv.Value); err == nil && n >= 0 {
				return n
			}
		}
	}
	return DefaultUnroll
}

// loopCount applies herd7's unrolling to one path: only backward jumps
// (to the jump itself or before it) count, each target separately, and a
// conditional jump of an AArch64 test counts only when its condition is
// not determined (see threadExec.branch). The jump that goes past the
// bound cuts the path.
type loopCount struct {
	limit int
	seen  []int // counted backward jumps to each instruction
	// counts tells whether the current instruction's jump counts: a
	// conditional branch clears it when its condition is determined.
	counts bool
	cut    bool
}

func newLoopCount(limit, n int) loopCount {
	return loopCount{limit: limit, seen: make([]int, n+1)}
}

// step starts an instruction: an unconditional jump always counts.
func (l *loopCount) step() { l.counts = true }

// conditional records that the instruction's jump, if taken, depends on a
// condition, determined or not.
func (l *loopCount) conditional(determined bool) { l.counts = !determined }

// jump records a jump from instruction from to instruction to.
func (l *loopCount) jump(from, to int) {
	if !l.counts || to > from {
		return
	}
	if l.seen[to]++; l.seen[to] > l.limit {
		l.cut = true
	}
}

// jumpsBack reports whether th has a jump that can count towards the
// unrolling bound: one to itself or to an earlier instruction, or one
// whose target only running it tells (an offset from the branch, a code
// address in a register, which may lead into another thread's code). A
// thread without one has no path that the bound cuts.
func jumpsBack(th *Thread) bool {
	for k, in := range th.code {
		if a, ok := in.(*armInstr); ok && a.jumpsAnywhere() {
			return true
		}
		if j, ok := in.(jumper); ok && j.target() != "" && th.labels[j.target()] <= k {
			return true
		}
	}
	return false
}
