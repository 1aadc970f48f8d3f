package litmus

import (
	"fmt"
	"testing"
)

// outcome is what a check of a test's text must print on its Observation
// line, under a model ("" for the architecture's default).
type outcome struct {
	name, model, src string
	obs              string // Never, Sometimes or Always
	pos, neg         int
}

// checkOutcomes parses and checks each case and compares its observation
// and counts.
func checkOutcomes(t *testing.T, cases []outcome) {
	t.Helper()
	for _, c := range cases {
		test, err := Parse(c.name+".litmus", []byte(c.src))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		r, err := Check(test, c.model)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := fmt.Sprintf("%s %d %d", r.Observation, r.Positive, r.Negative)
		if want := fmt.Sprintf("%s %d %d", c.obs, c.pos, c.neg); got != want {
			t.Errorf("%s under %s: got %s, want %s", c.name, r.Model, got, want)
		}
	}
}
