package litmus

import (
	"fmt"
	"iter"
	"testing"

	"github.com/atomicfence/atomicfence/internal/rotate"
)

// outcome is what a check of a test's text must print on its Observation
// line, under a model ("" for the architecture's default).
type outcome struct {
	name, model, src string
	obs              string // Never, Sometimes or Always
	pos, neg         int
}

// verdictCase is a hand-written test and the observation its
// architecture's default model must reach. Most cases pair with a
// neighbour that differs only in the annotation, dependency or operand
// under test and gets the other observation.
type verdictCase struct {
	name, why string
	src       string
	obs       string // Never or Sometimes
}

// checkOutcomes parses and checks each case and compares its observation
// and counts.
// Both check each case with its threads in every rotation as well.
func checkOutcomes(t *testing.T, cases []outcome) {
	t.Helper()
	for _, c := range cases {
		for name, src := range rotations(t, c.name, c.src) {
			r, ok := checkText(t, name, c.model, src)
			if !ok {
				continue
			}
			got := fmt.Sprintf("%s %d %d", r.Observation, r.Positive, r.Negative)
			if want := fmt.Sprintf("%s %d %d", c.obs, c.pos, c.neg); got != want {
				t.Errorf("%s under %s: got %s, want %s", name, r.Model, got, want)
			}
		}
	}
}

// checkVerdicts compares the observation alone, under the architecture's
// default model, and names why it is expected when it differs.
func checkVerdicts(t *testing.T, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		for name, src := range rotations(t, c.name, c.src) {
			r, ok := checkText(t, name, "", src)
			if ok && r.Observation != c.obs {
				t.Errorf("%s: %s (%d %d) under %s, want %s: %s", name, r.Observation, r.Positive, r.Negative, r.Model, c.obs, c.why)
			}
		}
	}
}

// rotations yields a test's text and, for a test of n threads that
// parses, its n-1 rotations (rotate.Threads), each with a name that says
// which.
func rotations(t *testing.T, name, src string) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		if !yield(name, src) {
			return
		}
		test, err := Parse(name+".litmus", []byte(src))
		if err != nil {
			return
		}
		for k := 1; k < len(test.Threads); k++ {
			rot, err := rotate.Threads(src, k)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			if !yield(fmt.Sprintf("%s (threads rotated by %d)", name, k), rot) {
				return
			}
		}
	}
}

func checkText(t *testing.T, name, model, src string) (*Result, bool) {
	t.Helper()
	test, err := Parse(name+".litmus", []byte(src))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil, false
	}
	r, err := Check(test, model)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil, false
	}
	return r, true
}
