package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMETable: README's table of verdicts (section "Derived from the
// machine code") has a row per scenario, in Scenarios' order, and a
// column per target, in Targets' order, each the verdict that TestTable
// asserts (Sometimes in bold), so that a new scenario, target or
// expected verdict cannot leave the table behind.
func TestREADMETable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Derived from the machine code")
	if !ok {
		t.Fatal(`README has no section "Derived from the machine code"`)
	}
	_, table, ok := strings.Cut(section, "\n| scenario | forbidden outcome |")
	if !ok {
		t.Fatal("README's section has no table of verdicts")
	}
	lines := strings.Split(table, "\n")
	if n := len(cells(lines[0])); n != len(Targets) {
		t.Errorf("README's table has %d verdict columns, want one per target: %d", n, len(Targets))
	}
	var rows [][]string
	for _, l := range lines[2:] {
		if !strings.HasPrefix(l, "|") {
			break
		}
		rows = append(rows, cells(l))
	}
	scs := Scenarios()
	if len(rows) != len(scs) {
		t.Fatalf("README's table has %d rows, want one per scenario: %d", len(rows), len(scs))
	}
	for i, sc := range scs {
		got := rows[i][2:]
		if len(got) != len(Targets) {
			t.Errorf("row %d (%s): %d verdicts, want %d", i+1, sc.ID(), len(got), len(Targets))
			continue
		}
		for j, tg := range Targets {
			want := "Never"
			if sc.Expect[tg.Name] {
				want = "**Sometimes**"
			}
			if got[j] != want {
				t.Errorf("row %d (%s), target %s: README says %s, the scenario expects %s", i+1, sc.ID(), tg.Name, got[j], want)
			}
		}
	}
}

// cells splits a markdown table row into its trimmed cells.
func cells(row string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(row), "|"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
