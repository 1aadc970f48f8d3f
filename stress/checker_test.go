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
				if got, want := r.Observation != "Never", allowedIn(s, key, m); got != want {
					t.Errorf("%s, %s text: %s says %s, the expected verdicts say allowed=%v", s.Name, key, m, r.Observation, want)
				}
			}
		}
	}
}

// TestX86ModelIsTheHardware: a run on amd64 is compared with what x86
// processors may do, under which SB+sfences shows its weak outcome.
func TestX86ModelIsTheHardware(t *testing.T) {
	if ModelX86TSO != litmus.HardwareModel(litmus.X86_64) {
		t.Fatalf("stress compares amd64 runs with %s, not the hardware model %s", ModelX86TSO, litmus.HardwareModel(litmus.X86_64))
	}
	lt, err := litmus.Parse("SB+sfences.litmus", []byte("X86_64 SB+sfences\n{ }\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) ;\n sfence | sfence ;\n movl (y),%eax | movl (x),%eax ;\nexists (0:rax=0 /\\ 1:rax=0)\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := litmus.Check(lt, ModelX86TSO)
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict() != "Allowed" {
		t.Errorf("SB+sfences under %s: %s, want Allowed", ModelX86TSO, r.Verdict())
	}
}
