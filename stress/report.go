package stress

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence/internal/benchenv"
)

// WriteReport prints the result as litmus7 does: the histogram with each
// state that satisfies the condition marked "*>" (others ":>"), the
// witnesses, and the lines "Observation NAME Never|Sometimes|Always P N"
// and "Time NAME SECONDS", which tools that read litmus7 logs look for.
// A non-empty verdict (a memory model's, say) is printed on a line of its
// own right after the Observation line.
func (r *Result) WriteReport(w io.Writer, verdict string) error {
	s := r.Shape
	states := r.States()
	width := 0
	for _, st := range states {
		width = max(width, len(strconv.Itoa(st.Count)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Test %s Allowed\n", s.Name)
	fmt.Fprintf(&b, "Histogram (%d states)\n", len(states))
	for _, st := range states {
		mark := ":>"
		if st.Weak {
			mark = "*>"
		}
		fmt.Fprintf(&b, "%-*d%s%s\n", width, st.Count, mark, r.Format(st))
	}
	ok, validated := "No", "NOT validated"
	if r.Positive > 0 {
		ok, validated = "Ok", "validated"
	}
	fmt.Fprintf(&b, "%s\n\nWitnesses\n", ok)
	fmt.Fprintf(&b, "Positive: %d, Negative: %d\n", r.Positive, r.Negative)
	fmt.Fprintf(&b, "Condition %s is %s\n", s.Condition(), validated)
	fmt.Fprintf(&b, "Observation %s %s %d %d\n", s.Name, r.Observation(), r.Positive, r.Negative)
	if verdict != "" {
		b.WriteString(verdict + "\n")
	}
	fmt.Fprintf(&b, "Time %s %.2f\n", s.Name, r.Elapsed.Seconds())
	_, err := io.WriteString(w, b.String())
	return err
}

// Setup describes in one line how the result was obtained: the counts, the
// barrier, the stride, the CPUs and the implementation of the primitives.
func (r *Result) Setup() string {
	c := r.Config
	runs := fmt.Sprintf("%s of %d", count(c.Runs, "run"), c.Iterations)
	if r.Runs < c.Runs {
		runs = fmt.Sprintf("%d of %s finished", r.Runs, runs)
	}
	parts := []string{
		fmt.Sprintf("%s (%s)", count(r.Total(), "iteration"), runs),
		"barrier " + c.Barrier.String(),
		fmt.Sprintf("stride %d", c.Stride),
	}
	if c.Shuffle {
		parts = append(parts, "shuffled")
	}
	switch {
	case r.CPUs != nil:
		parts = append(parts, "pinned to CPUs "+strings.Trim(fmt.Sprint(r.CPUs), "[]"))
	case r.PinErr != nil:
		parts = append(parts, "not pinned ("+r.PinErr.Error()+")")
	default:
		parts = append(parts, "not pinned")
	}
	if r.TookTurns() {
		parts = append(parts, fmt.Sprintf("%d threads on %s, so they took turns", len(r.Shape.Threads), processors(r.Procs)))
	}
	parts = append(parts, "implementation "+benchenv.DescribeImpl(r.Impl, r.RCpc))
	return strings.Join(parts, ", ")
}

// TookTurns reports whether the shape had more threads than could run at
// once (Procs): they then took turns, and an outcome that only threads
// running side by side produce, as every weak one is, can hardly show.
func (r *Result) TookTurns() bool {
	return r.Procs > 0 && r.Procs < len(r.Shape.Threads)
}

func processors(n int) string {
	if n == 1 {
		return "1 processor"
	}
	return fmt.Sprintf("%d processors", n)
}

// count writes n and the noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
