package litmus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
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
func checkOutcomes(t *testing.T, cases []outcome) {
	t.Helper()
	for _, c := range cases {
		r, ok := checkText(t, c.name, c.model, c.src)
		if !ok {
			continue
		}
		got := fmt.Sprintf("%s %d %d", r.Observation, r.Positive, r.Negative)
		if want := fmt.Sprintf("%s %d %d", c.obs, c.pos, c.neg); got != want {
			t.Errorf("%s under %s: got %s, want %s", c.name, r.Model, got, want)
		}
	}
}

// checkVerdicts compares the observation alone, under the architecture's
// default model, and names why it is expected when it differs.
func checkVerdicts(t *testing.T, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		r, ok := checkText(t, c.name, "", c.src)
		if ok && r.Observation != c.obs {
			t.Errorf("%s: %s (%d %d) under %s, want %s: %s", c.name, r.Observation, r.Positive, r.Negative, r.Model, c.obs, c.why)
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

// rotateThreads moves thread t of a test to thread (t+k) mod n, renaming
// the thread numbers of its initial state and its condition to match.
func rotateThreads(init string, threads []string, cond string, k int) (string, []string, string) {
	n := len(threads)
	out := make([]string, n)
	for t, code := range threads {
		out[(t+k)%n] = code
	}
	rename := func(s string) string {
		return threadRef.ReplaceAllStringFunc(s, func(m string) string {
			t, _ := strconv.Atoi(strings.TrimSuffix(m, ":"))
			return fmt.Sprintf("%d:", (t+k)%n)
		})
	}
	return rename(init), out, rename(cond)
}

// threadRef matches the "T:" that names thread T in "T:r1".
var threadRef = regexp.MustCompile(`\b\d+:`)
