package verify

import (
	"context"
	"runtime"
	"testing"
)

// TestTable derives every scenario from the compiled code for every
// target and asserts the verdict table.
func TestTable(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for every target; runs on amd64 hosts")
	}
	rows, err := Run(context.Background(), Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		got, want := verdict(r.Sometimes), verdict(r.Expected)
		t.Logf("%-28s %-14s %-9s (expected %s)", r.Scenario.ID(), r.Target.Name, got, want)
		for _, c := range r.Unreachable {
			t.Errorf("%s on %s: the Never is vacuous: %s alone is never reached; the derived test %s:\n%s", r.Scenario.ID(), r.Target.Name, c, r.Derived.Name, r.Derived.Text)
		}
		if r.Sometimes != r.Expected {
			t.Errorf("%s on %s: %s, want %s; the derived test %s:\n%s", r.Scenario.ID(), r.Target.Name, got, want, r.Derived.Name, r.Derived.Text)
		}
	}
}

func verdict(sometimes bool) string {
	if sometimes {
		return "Sometimes"
	}
	return "Never"
}
