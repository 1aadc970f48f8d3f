package stress

import (
	"testing"

	"github.com/atomicfence/atomicfence/litmus"
)

// The expected verdicts of the ordering tests are what the checker decides
// for each shape's litmus texts: under the model of the text's
// architecture, and under SC, which every text must forbid (the generic
// implementation runs every shape sequentially consistently).
func TestAllowedMatchesTheChecker(t *testing.T) {
	for _, s := range Shapes() {
		for key, text := range s.Litmus {
			lt, err := litmus.Parse(s.Name+".litmus", []byte(text))
			if err != nil {
				t.Errorf("%s, %s text: %v", s.Name, key, err)
				continue
			}
			model := ModelAArch64
			if key == KeyX86_64 {
				model = ModelX86TSO
			}
			for _, m := range []string{model, ModelSC} {
				r, err := litmus.Check(lt, m)
				if err != nil {
					t.Errorf("%s, %s text, %s: %v", s.Name, key, m, err)
					continue
				}
				if got, want := r.Observation != "Never", allowed[s.Name][m]; got != want {
					t.Errorf("%s, %s text: %s says %s, the expected verdicts say allowed=%v", s.Name, key, m, r.Observation, want)
				}
			}
		}
	}
}
