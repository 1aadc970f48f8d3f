package verify

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestTable derives every scenario from the compiled code for every
// target and asserts the verdict table.
func TestTable(t *testing.T) {
	rows := tableRows(t)
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

// table holds the rows of every scenario on every target, derived and
// decided once for the tests that read them.
var table struct {
	once sync.Once
	rows []Row
	err  error
}

// tableRows returns the rows of every scenario on every target. Under the
// race detector, the rows of the first two targets (amd64 and
// arm64-llsc) alone: they build, derive and check in parallel as the
// whole table does, in under a third of the time.
func tableRows(t *testing.T) []Row {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for every target; runs on amd64 hosts")
	}
	targets := Targets
	if raceDetector {
		targets = Targets[:2]
	}
	table.once.Do(func() { table.rows, table.err = RunOn(context.Background(), targets, Scenarios()) })
	if table.err != nil {
		t.Fatal(table.err)
	}
	return table.rows
}

func verdict(sometimes bool) string {
	if sometimes {
		return "Sometimes"
	}
	return "Never"
}

// TestVacuousNever: an outcome that must be reachable and is not makes a
// Never vacuous, and one that is reachable does not. The reachability is
// read from the final states of the one check of the derived test.
func TestVacuousNever(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for amd64; runs on amd64 hosts")
	}
	sc := markAttached()
	sc.Reach = []Cond{Returned(0, readOK), Final("out_seen", 7)}
	rows, err := RunOn(context.Background(), Targets[:1], []*Scenario{sc})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if r.Sometimes || len(r.Unreachable) != 1 || r.Unreachable[0].String() != "out_seen=7" {
		t.Errorf("%s: Sometimes %v, unreachable %v; want Never with out_seen=7 alone unreachable. The derived test:\n%s", r.Derived.Name, r.Sometimes, r.Unreachable, r.Derived.Text)
	}
}

// TestRunReportsFailures: a build that does not compile and a scenario
// whose entry the subject program lacks each make Run return an error
// that names them, with no rows.
func TestRunReportsFailures(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for amd64; runs on amd64 hosts")
	}
	broken := editVariant(t, lineEdit{file: "vma/waitqueue.go", old: "if q.waiting.LoadRelaxed() != 0 {", new: "if q.waiting.LoadRelaxed() != noSuchName {"})
	rows, err := RunVariant(context.Background(), Targets[:1], []*Scenario{markAttached()}, broken)
	if err == nil || !strings.Contains(err.Error(), "noSuchName") || rows != nil {
		t.Errorf("a build that does not compile: %d rows, err %v; want the compiler's error", len(rows), err)
	}
	sc := markAttached()
	sc.Threads[0].Entry = "main.noSuchEntry"
	rows, err = RunOn(context.Background(), Targets[:1], []*Scenario{sc})
	if err == nil || !strings.Contains(err.Error(), "main.noSuchEntry") || rows != nil {
		t.Errorf("a scenario whose entry is missing: %d rows, err %v; want an error naming the entry", len(rows), err)
	}
}

// TestDispatchNotes: the notes of each arm64 target's derived tests say
// which branch of each run-time dispatch its CPU takes, the LSE atomics
// and the LDAPR loads, and the GOARM64=v8.1 build has no LSE switch to
// take. The notes are what the verdict was derived on: a target whose
// switch were read wrong would be decided on the other branch's code.
func TestDispatchNotes(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector's table has one arm64 target of the four")
	}
	lse := "atomicfence.useLSE: the run-time LSE switch is "
	rcpc := "atomicfence.useLRCPC: the run-time LRCPC (LDAPR) switch is "
	want := map[string][]string{ // sorted, as the notes are
		"arm64-llsc":     {rcpc + "0", lse + "0"},
		"arm64-lse-dyn":  {rcpc + "1", lse + "1"},
		"arm64-lse":      {rcpc + "1"},
		"arm64-asmloads": {rcpc + "1", lse + "0"},
	}
	seen := 0
	for _, r := range tableRows(t) {
		w, ok := want[r.Target.Name]
		if !ok || r.Scenario.ID() != "reader-writer/acquire" {
			continue
		}
		seen++
		var got []string
		for _, n := range r.Derived.Notes {
			if strings.Contains(n, lse) || strings.Contains(n, rcpc) {
				got = append(got, strings.TrimSuffix(n[strings.Index(n, "atomicfence."):], " on this target"))
			}
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s on %s: dispatch notes %q, want %q", r.Scenario.ID(), r.Target.Name, got, w)
		}
	}
	if seen != len(want) {
		t.Errorf("reader-writer/acquire on %d of the %d arm64 targets", seen, len(want))
	}
}

// TestRunOnTags: the build tags given to RunOn reach the build that the
// rows are derived from: lost-wakeup built with weaken_waitfor_mb, which
// drops WaitFor's full barrier, is Sometimes on amd64, where the table's
// plain build is Never.
func TestRunOnTags(t *testing.T) {
	skipWeakenings(t)
	sc := scenarioNamed(t, "lost-wakeup")
	rows, err := RunOn(context.Background(), Targets[:1], []*Scenario{sc}, "weaken_waitfor_mb")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || !rows[0].Sometimes {
		t.Fatalf("lost-wakeup with -tags weaken_waitfor_mb on amd64: %d rows, want one, Sometimes", len(rows))
	}
}

// TestSometimesNotVacuous: the reachability of the outcomes that must be
// reachable is asked of a Never alone: a row whose forbidden outcome is
// found lists nothing unreachable, even where an outcome that must be
// reachable is not, and is OK where Sometimes was expected.
func TestSometimesNotVacuous(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL $0x1, 0(AX)", "RET"}}
	r, err := onCell(t, "amd64", nil, Final("o_x", 1), []Cond{Final("o_x", 2)}, p0)
	if err != nil {
		t.Fatal(err)
	}
	r.Expected = true
	if !r.Sometimes || len(r.Unreachable) > 0 || !r.OK() {
		t.Errorf("o_x=1 after a store of 1: Sometimes %v, unreachable %v, OK %v; want Sometimes, nothing unreachable, OK. The derived test:\n%s", r.Sometimes, r.Unreachable, r.OK(), derivedText(r))
	}
}

// TestParallelRunsEvery: parallel calls f once for every index, with
// GOMAXPROCS 1 as with more, and returns the error of the lowest index
// that failed.
func TestParallelRunsEvery(t *testing.T) {
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		var mu sync.Mutex
		calls := make([]int, 5)
		err := parallel(len(calls), func(i int) error {
			mu.Lock()
			calls[i]++
			mu.Unlock()
			if i >= 3 {
				return fmt.Errorf("task %d", i)
			}
			return nil
		})
		runtime.GOMAXPROCS(old)
		if !slices.Equal(calls, []int{1, 1, 1, 1, 1}) {
			t.Errorf("GOMAXPROCS %d: calls per index %v, want each once", procs, calls)
		}
		if err == nil || err.Error() != "task 3" {
			t.Errorf("GOMAXPROCS %d: err %v, want task 3's", procs, err)
		}
	}
}

// TestRunAllTargets: Run derives a scenario on every target, in the
// order of Targets, each row expecting the scenario's verdict for its
// target.
func TestRunAllTargets(t *testing.T) {
	skipWeakenings(t)
	sc := markAttached()
	rows, err := Run(context.Background(), []*Scenario{sc})
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, r := range rows {
		got = append(got, r.Target.Name)
		if r.Expected != sc.Expect[r.Target.Name] || r.Derived == nil || r.Result == nil {
			t.Errorf("%s on %s: expected %v, derived %v, decided %v; want the scenario's expectation, derived and decided", sc.ID(), r.Target.Name, r.Expected, r.Derived != nil, r.Result != nil)
		}
	}
	for _, tg := range Targets {
		want = append(want, tg.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: rows on %q, want one on each target, %q", sc.ID(), got, want)
	}
}
