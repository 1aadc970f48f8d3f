package verify

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/atomicfence/atomicfence/internal/rotate"
	"github.com/atomicfence/atomicfence/litmus"
)

// TestDerivedVerdictsIgnoreThreadOrder: each derived test of the table,
// with its threads in every rotation, has the verdict and the counts of
// executions of the test as derived, so that no verdict of the table rests
// on the thread that a scenario happens to list first.
func TestDerivedVerdictsIgnoreThreadOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("checks every derived test again")
	}
	rows := tableRows(t)
	var rotated atomic.Int64
	err := parallel(len(rows), func(i int) error {
		d, want := rows[i].Derived, rows[i].Result
		orig, err := litmus.Parse(d.Name+".litmus", []byte(d.Text))
		if err != nil {
			return fmt.Errorf("%s: %v", d.Name, err)
		}
		n := len(orig.Threads)
		for k := 1; k < n; k++ {
			src, err := rotate.Threads(d.Text, k)
			if err != nil {
				return fmt.Errorf("%s: %v", d.Name, err)
			}
			lt, err := litmus.Parse(d.Name+".litmus", []byte(src))
			if err != nil {
				return fmt.Errorf("%s rotated by %d: %v\n%s", d.Name, k, err, src)
			}
			for j, th := range orig.Threads {
				if !slices.Equal(lt.Threads[(j+k)%n].Instructions, th.Instructions) {
					return fmt.Errorf("%s rotated by %d: thread %d is not thread %d's code\n%s", d.Name, k, (j+k)%n, j, src)
				}
			}
			res, err := litmus.CheckContext(context.Background(), lt, litmus.Options{Model: d.Model})
			if err != nil {
				return fmt.Errorf("%s rotated by %d: %v", d.Name, k, err)
			}
			if res.Observation != want.Observation || res.Positive != want.Positive || res.Negative != want.Negative {
				t.Errorf("%s rotated by %d: %s %d %d, as derived %s %d %d\n%s", d.Name, k,
					res.Observation, res.Positive, res.Negative, want.Observation, want.Positive, want.Negative, src)
			}
			rotated.Add(1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Load() == 0 {
		t.Fatal("no derived test has two threads to rotate")
	}
	t.Logf("%d rotations of %d derived tests", rotated.Load(), len(rows))
}

// TestDerivationIgnoresThreadOrder: every scenario with its threads
// listed in another order (the last first), derived afresh from the same
// code, gives each target the verdict, the counts of executions and the
// reachable halves of the scenario as listed, so that no verdict rests on
// the names, registers or exit codes the derivation gives a thread by
// its number.
func TestDerivationIgnoresThreadOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("derives and checks the whole table again")
	}
	rows := tableRows(t)
	targets := Targets
	if raceDetector {
		targets = Targets[:2]
	}
	var moved []*Scenario
	for _, sc := range Scenarios() {
		moved = append(moved, rotateScenario(sc))
	}
	got, err := RunOn(context.Background(), targets, moved)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows, the table has %d", len(got), len(rows))
	}
	for i, g := range got {
		r := rows[i]
		if g.Derived.Text == r.Derived.Text {
			t.Errorf("%s on %s: the rotated scenario derives the same test", r.Scenario.ID(), r.Target.Name)
		}
		a, b := g.Result, r.Result
		var want, unreached []string
		for _, c := range r.Unreachable {
			want = append(want, rotateCond(c, len(r.Scenario.Threads)).String())
		}
		for _, c := range g.Unreachable {
			unreached = append(unreached, c.String())
		}
		if a.Observation != b.Observation || a.Positive != b.Positive || a.Negative != b.Negative ||
			!slices.Equal(unreached, want) {
			t.Errorf("%s on %s, threads rotated: %s %d %d (unreachable %v), as listed %s %d %d (unreachable %v, rotated)\n%s",
				r.Scenario.ID(), r.Target.Name, a.Observation, a.Positive, a.Negative, unreached,
				b.Observation, b.Positive, b.Negative, want, g.Derived.Text)
		}
	}
}

// rotateScenario moves thread t of sc to thread (t+1) mod n, in its
// threads and in its conditions.
func rotateScenario(sc *Scenario) *Scenario {
	n := len(sc.Threads)
	out := *sc
	out.Threads = make([]Thread, n)
	for i, th := range sc.Threads {
		out.Threads[(i+1)%n] = th
	}
	out.Forbidden = rotateCond(sc.Forbidden, n)
	out.Reach = nil
	for _, c := range sc.Reach {
		out.Reach = append(out.Reach, rotateCond(c, n))
	}
	return &out
}

// rotateCond moves the exits and results of thread t in c to thread
// (t+1) mod n.
func rotateCond(c Cond, n int) Cond {
	if c.op == "exit" || c.op == "ret" {
		c.t = (c.t + 1) % n
	}
	kids := make([]Cond, len(c.kids))
	for i, k := range c.kids {
		kids[i] = rotateCond(k, n)
	}
	c.kids = kids
	return c
}
