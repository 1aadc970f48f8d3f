package stress

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/atomicfence/atomicfence"
)

// Result is what Run counted.
type Result struct {
	Shape  *Shape
	Config Config // with its defaults filled in
	// Names are the values that a state records, in order: every
	// register as "T:reg", then the final locations.
	Names []string
	// Positive and Negative count the iterations whose final state does
	// and does not satisfy the shape's condition.
	Positive, Negative int
	// Runs counts the runs that finished every iteration.
	Runs    int
	Elapsed time.Duration
	// Stopped is nil when every run finished, else why Run stopped early
	// (context.Canceled, context.DeadlineExceeded). What was counted
	// before then is kept: only iterations that every thread finished.
	Stopped error
	// CPUs is the CPU each worker was pinned to, nil when not pinned.
	CPUs []int
	// PinErr is why pinning failed, if it did; the run went on unpinned.
	PinErr error
	// Procs is how many threads could run at once: GOMAXPROCS, or the
	// CPUs that the process may use where they are fewer; 0 when not
	// known. See TookTurns.
	Procs int
	// Impl is the atomicfence implementation that ran the primitives.
	Impl atomicfence.Implementation
	// RCpc reports that their acquire loads were RCpc, arm64's LDAPR
	// (atomicfence.AcquireLoadRCpc).
	RCpc bool

	lay    *layout
	counts map[state]int
}

// state is one final state: the values named by Result.Names.
type state [MaxValues]int32

// StateCount is one line of the histogram.
type StateCount struct {
	Values []int32 // in the order of Result.Names
	Count  int
	Weak   bool // satisfies the shape's condition
}

// count adds the final states of the first valid iterations of the last
// run, once every worker has stopped.
func (r *Result) count(h *harness, valid int) {
	lay, nl := r.lay, len(h.shape.Locs)
	for i := range valid {
		var s state
		for t, regs := range h.regs {
			nr := len(h.shape.Threads[t].Regs)
			copy(s[lay.regBase[t]:], regs[i*nr:i*nr+nr])
		}
		for j, f := range lay.final {
			s[len(lay.names)-len(lay.final)+j] = h.arena.locs[i*nl+f].LoadRelaxed()
		}
		r.counts[s]++
		if lay.weak(s) {
			r.Positive++
		} else {
			r.Negative++
		}
	}
}

func (l *layout) weak(s state) bool {
	for _, c := range l.exists {
		if s[c.idx] != c.val {
			return false
		}
	}
	return true
}

// Total is the number of iterations counted.
func (r *Result) Total() int { return r.Positive + r.Negative }

// Rate is the fraction of the counted iterations that satisfy the condition.
func (r *Result) Rate() float64 {
	if r.Total() == 0 {
		return 0
	}
	return float64(r.Positive) / float64(r.Total())
}

// Observation is litmus7's summary: Never when no iteration satisfied the
// condition, Always when every one did, Sometimes otherwise.
func (r *Result) Observation() string {
	switch {
	case r.Positive == 0:
		return "Never"
	case r.Negative == 0:
		return "Always"
	}
	return "Sometimes"
}

// States returns the histogram, ordered by the values of the states.
func (r *Result) States() []StateCount {
	out := make([]StateCount, 0, len(r.counts))
	for s, n := range r.counts {
		out = append(out, StateCount{
			Values: slices.Clone(s[:len(r.Names)]),
			Count:  n,
			Weak:   r.lay.weak(s),
		})
	}
	slices.SortFunc(out, func(a, b StateCount) int { return slices.Compare(a.Values, b.Values) })
	return out
}

// Format prints a state as litmus7 does: "0:r0=0; 1:r0=1;".
func (r *Result) Format(sc StateCount) string {
	var b strings.Builder
	for i, v := range sc.Values {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(r.Names[i])
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(int64(v), 10))
		b.WriteByte(';')
	}
	return b.String()
}
