package stress

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// A cancel that lands between two runs stops Run before the next one: the
// runs made so far are counted whole and Stopped says why. Each progress
// report gives the runs asked for and the time taken so far.
func TestRunStopsBetweenRuns(t *testing.T) {
	s, _ := Lookup("MP")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []Progress
	res, err := Run(ctx, s, Config{Iterations: 100, Runs: 5, Timeout: safety, Progress: func(p Progress) {
		got = append(got, p)
		if p.Run == 2 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.Stopped, context.Canceled) || res.Runs != 2 || res.Total() != 200 {
		t.Errorf("cancelled after run 2 of 5: Stopped %v, %d runs, %d iterations; want context.Canceled, 2 runs of 100",
			res.Stopped, res.Runs, res.Total())
	}
	if len(got) != 2 {
		t.Fatalf("%d progress reports for 2 runs made: %+v", len(got), got)
	}
	for i, p := range got {
		if p.Run != i+1 || p.Runs != 5 || p.Elapsed <= 0 || p.Elapsed > res.Elapsed {
			t.Errorf("progress report %d: %+v; want run %d of 5, after a time within the %v of the whole call", i+1, p, i+1, res.Elapsed)
		}
	}
}

// A run stops inside the run when its context ends, under every barrier,
// even with a single thread: it leads every iteration of the spinning
// barriers and meets no partner at the others. The iterations finished
// before the stop are counted; the rest are never run.
func TestRunStopsMidRunWithOneThread(t *testing.T) {
	const n, cancelAt = 3000, 1000
	for _, b := range Barriers() {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		s := &Shape{
			Name: "alone",
			Locs: []Loc{{"x", 0}},
			Threads: []Thread{{[]string{"r0"}, func(_ loc, r []int32) {
				calls++
				switch {
				case calls == cancelAt:
					cancel()
				case calls > cancelAt:
					time.Sleep(100 * time.Microsecond) // leaves the stop the time to land
				}
				r[0] = 1
			}}},
			Exists: []Eq{{"0:r0", 1}},
		}
		res, err := Run(ctx, s, Config{Iterations: n, Runs: 1, Barrier: b, Timeout: safety})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(res.Stopped, context.Canceled) || res.Runs != 0 || res.Total() < cancelAt || res.Total() >= n {
			t.Errorf("%v: cancelled in iteration %d of %d: Stopped %v, %d runs, %d iterations counted; want context.Canceled, none finished, %d to %d counted",
				b, cancelAt, n, res.Stopped, res.Runs, res.Total(), cancelAt, n-1)
		}
	}
}

// Under every barrier but None a thread that stalls inside an iteration
// holds the other back: the other starts at most the next iteration
// meanwhile, in every run and not only the first. Each thread stalls once
// per run, until the other is two iterations ahead or a while has passed,
// and records how far ahead the other got.
func TestBarrierHoldsBackAStalledThread(t *testing.T) {
	const n, runs = 40, 2
	stallAt := [2]int64{10, 25} // the iteration in which each thread stalls
	for _, b := range []Barrier{UserFence, User, OS} {
		var started [2]atomic.Int64
		stall := func(me int) func(loc, []int32) {
			return func(_ loc, r []int32) {
				mine := started[me].Add(1)
				r[0] = 0
				if (mine-1)%n != stallAt[me] {
					return
				}
				for deadline := time.Now().Add(10 * time.Millisecond); started[1-me].Load()-mine < 2 && time.Now().Before(deadline); {
					runtime.Gosched()
				}
				r[0] = int32(started[1-me].Load() - mine)
			}
		}
		s := &Shape{
			Name:    "stall",
			Locs:    []Loc{{"x", 0}},
			Threads: []Thread{{[]string{"r0"}, stall(0)}, {[]string{"r0"}, stall(1)}},
			Exists:  []Eq{{"0:r0", 0}, {"1:r0", 0}},
		}
		res := mustRun(t, s, Config{Iterations: n, Runs: runs, Barrier: b})
		for _, st := range res.States() {
			if slices.ContainsFunc(st.Values, func(v int32) bool { return v >= 2 }) {
				t.Errorf("%v: a thread started two iterations while the other stalled: %s in %d iterations", b, res.Format(st), st.Count)
			}
		}
	}
}

// Each iteration's registers and final locations are its own: a thread
// that stores and records the number of its call sees that number again
// in the final location of that iteration, in every run.
func TestRunRecordsEachIterationsOwnValues(t *testing.T) {
	const n, runs = 100, 2
	calls := int32(0)
	s := &Shape{
		Name: "own",
		Locs: []Loc{{"x", 0}},
		Threads: []Thread{{[]string{"r0"}, func(l loc, r []int32) {
			calls++
			l[0].StoreRelaxed(calls)
			r[0] = calls
		}}},
		Final:  []string{"x"},
		Exists: []Eq{{"0:r0", 1}},
	}
	res := mustRun(t, s, Config{Iterations: n, Runs: runs, Shuffle: true})
	states := res.States()
	if len(states) != n*runs || res.Positive != 1 {
		t.Fatalf("%d states, %d weak; want %d, each call once, and 1", len(states), res.Positive, n*runs)
	}
	for k, st := range states {
		if want := int32(k + 1); st.Count != 1 || st.Values[0] != want || st.Values[1] != want {
			t.Errorf("state %s in %d iterations, want 0:r0=%d; x=%d; once", res.Format(st), st.Count, want, want)
		}
	}
}

// Barriers lists each mode once, in the order of their values.
func TestBarriersListsEveryMode(t *testing.T) {
	got := Barriers()
	if len(got) != int(numBarriers) {
		t.Fatalf("Barriers() = %v, want the %d modes", got, numBarriers)
	}
	for i, b := range got {
		if b != Barrier(i) {
			t.Errorf("Barriers()[%d] = %v, want %v", i, b, Barrier(i))
		}
	}
}
