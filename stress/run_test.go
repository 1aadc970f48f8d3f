package stress

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// testSize scales the runs of the tests: -short (as under -race and qemu)
// runs fewer iterations, never none.
func testSize() (iterations, runs int) {
	if testing.Short() {
		return 2_000, 2
	}
	return 20_000, 5
}

// safety bounds every run of the tests; a test that reaches it fails.
const safety = 2 * time.Minute

func mustRun(t *testing.T, s *Shape, cfg Config) *Result {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = safety
	}
	res, err := Run(context.Background(), s, cfg)
	if err != nil {
		t.Fatalf("Run(%s): %v", s.Name, err)
	}
	if res.Stopped != nil {
		t.Fatalf("Run(%s) stopped early: %v", s.Name, res.Stopped)
	}
	return res
}

func TestRunCountsEveryIteration(t *testing.T) {
	n, runs := testSize()
	for _, b := range Barriers() {
		if b == OS {
			n = min(n, 1000) // it sleeps in the kernel each iteration
		}
		for _, shuffle := range []bool{false, true} {
			s, _ := Lookup("SB")
			res := mustRun(t, s, Config{Iterations: n, Runs: runs, Barrier: b, Shuffle: shuffle})
			if want := min(runtime.GOMAXPROCS(0), runtime.NumCPU()); res.Procs > want || res.Procs < 1 {
				t.Errorf("%v: Procs %d, want 1 to %d", b, res.Procs, want)
			}
			if res.Total() != n*runs || res.Runs != runs {
				t.Errorf("%v shuffle=%v: counted %d iterations in %d runs, want %d in %d",
					b, shuffle, res.Total(), res.Runs, n*runs, runs)
			}
			sum := 0
			for _, st := range res.States() {
				sum += st.Count
				for _, v := range st.Values {
					if v != 0 && v != 1 {
						t.Errorf("%v: SB state %s holds a value never stored", b, res.Format(st))
					}
				}
			}
			if sum != res.Total() {
				t.Errorf("%v: histogram sums to %d, want %d", b, sum, res.Total())
			}
		}
	}
}

// A shape whose outcome is fixed checks the plumbing: registers, final
// values, initial values, and a third thread in the barrier's rotation
// (which, with two CPUs, makes the workers take turns: hence fewer
// iterations).
func TestRunRecordsRegistersAndFinalValues(t *testing.T) {
	s := &Shape{
		Name: "plumbing",
		Locs: []Loc{{"x", 7}, {"y", -3}, {"z", 0}},
		Threads: []Thread{
			{[]string{"r0"}, func(l loc, r []int32) { r[0] = l[0].LoadRelaxed() }},
			{[]string{"r0", "r1"}, func(l loc, r []int32) { r[0], r[1] = l[1].LoadRelaxed(), 42 }},
			{nil, func(l loc, _ []int32) { l[2].StoreRelaxed(5) }},
		},
		Final:  []string{"z"},
		Exists: []Eq{{"0:r0", 7}, {"1:r0", -3}, {"1:r1", 42}, {"z", 5}},
	}
	n, runs := testSize()
	for _, b := range Barriers() {
		res := mustRun(t, s, Config{Iterations: min(n, 2_000), Runs: runs, Barrier: b, Shuffle: true})
		if res.Observation() != "Always" || res.Positive != min(n, 2_000)*runs {
			var buf bytes.Buffer
			res.WriteReport(&buf, "")
			t.Errorf("%v: want Always, got\n%s", b, buf.String())
		}
		if want := []string{"0:r0", "1:r0", "1:r1", "z"}; strings.Join(res.Names, " ") != strings.Join(want, " ") {
			t.Errorf("names %v, want %v", res.Names, want)
		}
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	s, _ := Lookup("MP")
	for _, b := range Barriers() {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		res, err := Run(ctx, s, Config{Iterations: 100_000, Runs: 1_000_000, Barrier: b, Timeout: safety})
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(res.Stopped, context.Canceled) {
			t.Errorf("%v: Stopped = %v, want context.Canceled", b, res.Stopped)
		}
		if res.Runs >= 1_000_000 || res.Total() != res.Positive+res.Negative {
			t.Errorf("%v: counted %d iterations after a cancel", b, res.Total())
		}
		if el := time.Since(start); el > safety/2 {
			t.Errorf("%v: took %v to stop", b, el)
		}
	}
}

func TestRunStopsAtTimeout(t *testing.T) {
	s, _ := Lookup("SB")
	res, err := Run(context.Background(), s, Config{Iterations: 100_000, Runs: 1_000_000, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.Stopped, context.DeadlineExceeded) {
		t.Errorf("Stopped = %v, want context.DeadlineExceeded", res.Stopped)
	}
	if res.Runs >= 1_000_000 {
		t.Errorf("finished all %d runs despite the timeout", res.Runs)
	}
}

// With one processor for two spinning workers, each must give way to the
// other rather than spin out its time slice.
func TestRunWithOneProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	s, _ := Lookup("SB")
	for _, b := range Barriers() {
		res := mustRun(t, s, Config{Iterations: 500, Runs: 2, Barrier: b})
		if res.Total() != 1000 {
			t.Errorf("%v: counted %d iterations, want 1000", b, res.Total())
		}
		if res.Procs != 1 || !res.TookTurns() {
			t.Errorf("%v: Procs %d, TookTurns %v with GOMAXPROCS 1; want 1, true", b, res.Procs, res.TookTurns())
		}
	}
}

func TestRunReportsProgress(t *testing.T) {
	s, _ := Lookup("LB")
	var got []Progress
	res := mustRun(t, s, Config{Iterations: 100, Runs: 3, Progress: func(p Progress) { got = append(got, p) }})
	if len(got) != 3 || got[2].Run != 3 || got[2].Runs != 3 || got[2].Iterations != res.Total() || got[2].Shape != "LB" {
		t.Errorf("progress reports %+v for 3 runs of 100", got)
	}
	// A shape whose every iteration is positive: each report counts them
	// in its iterations and its positives.
	always := &Shape{
		Name:    "always",
		Locs:    []Loc{{"x", 1}},
		Threads: []Thread{{[]string{"r0"}, func(l loc, r []int32) { r[0] = l[0].LoadRelaxed() }}},
		Exists:  []Eq{{"0:r0", 1}},
	}
	got = nil
	mustRun(t, always, Config{Iterations: 100, Runs: 3, Progress: func(p Progress) { got = append(got, p) }})
	for i, p := range got {
		if want := 100 * (i + 1); p.Iterations != want || p.Positive != want {
			t.Errorf("progress report %d of a shape always positive: %d iterations, %d positive; want %d of each", i+1, p.Iterations, p.Positive, want)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d progress reports for 3 runs", len(got))
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	s, _ := Lookup("SB")
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Iterations: -1}, "iterations"},
		{Config{Runs: -2}, "runs"},
		{Config{Stride: 6}, "multiple of 4"},
		{Config{Stride: -4}, "stride -4"},
		{Config{Timeout: -time.Second}, "timeout"},
		{Config{Barrier: numBarriers}, "barrier"},
		{Config{Iterations: 1 << 30, Stride: 128}, "MiB"},
	} {
		if _, err := Run(context.Background(), s, tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run with %+v: error %v, want one about %q", tc.cfg, err, tc.want)
		}
		if err := tc.cfg.Check(s); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check of %+v: error %v, want one about %q", tc.cfg, err, tc.want)
		}
	}
	if _, err := Run(context.Background(), &Shape{Name: "empty"}, Config{}); err == nil {
		t.Error("Run accepted a shape without locations")
	}
	if err := (Config{}).Check(&Shape{Name: "empty"}); err == nil {
		t.Error("Check accepted a shape without locations")
	}
	if err := (Config{Iterations: 10, Stride: 64}).Check(s); err != nil {
		t.Errorf("Check of a good configuration: %v", err)
	}
}

func TestParseBarrier(t *testing.T) {
	for _, b := range Barriers() {
		got, err := ParseBarrier(b.String())
		if err != nil || got != b {
			t.Errorf("ParseBarrier(%q) = %v, %v", b.String(), got, err)
		}
	}
	if _, err := ParseBarrier("pthread"); err == nil {
		t.Error("ParseBarrier accepted an unknown name")
	}
	if got := numBarriers.String(); got != "Barrier(4)" {
		t.Errorf("the barrier past the last: %q, want Barrier(4)", got)
	}
}

// Of the two spinning barriers, userfence fences after the leader's flag
// and user does not: that fence is all that tells them apart.
func TestSpinBarrierFence(t *testing.T) {
	s, _ := Lookup("SB")
	lay, err := s.compile()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []Barrier{UserFence, User} {
		cfg, err := Config{Iterations: 10, Barrier: b}.withDefaults(s)
		if err != nil {
			t.Fatal(err)
		}
		var stopping atomic.Bool
		sb, ok := newHarness(s, lay, cfg).syncer(&stopping).(*spinBarrier)
		if !ok || (sb.fence != nil) != (b == UserFence) {
			t.Fatalf("%v: a spinning barrier %v, fencing %v", b, ok, ok && sb.fence != nil)
		}
		// The leader of each iteration fences once, and only the leader.
		fences := 0
		if sb.fence != nil {
			sb.fence = func() { fences++ }
		}
		for i := range cfg.Iterations {
			if !sb.wait(i%len(s.Threads), i) {
				t.Fatalf("%v: the leader of iteration %d stopped", b, i)
			}
		}
		if want := map[Barrier]int{UserFence: cfg.Iterations}[b]; fences != want {
			t.Errorf("%v: %d fences over %d iterations, want %d", b, fences, cfg.Iterations, want)
		}
	}
}

// The values of a state are those of their names: registers of a thread
// after one that has none, and final locations listed in another order
// than declared.
func TestRunRecordsEachValueUnderItsName(t *testing.T) {
	s := &Shape{
		Name: "names",
		Locs: []Loc{{"x", 0}, {"y", 0}, {"z", 0}},
		Threads: []Thread{
			{nil, func(l loc, _ []int32) { l[0].StoreRelaxed(9); l[2].StoreRelaxed(5) }},
			{[]string{"r0", "r1"}, func(_ loc, r []int32) { r[0], r[1] = 3, 4 }},
		},
		Final:  []string{"z", "x"},
		Exists: []Eq{{"1:r0", 3}, {"1:r1", 4}, {"z", 5}, {"x", 9}},
	}
	res := mustRun(t, s, Config{Iterations: 1000, Runs: 2})
	if want := []string{"1:r0", "1:r1", "z", "x"}; strings.Join(res.Names, " ") != strings.Join(want, " ") {
		t.Errorf("names %v, want %v", res.Names, want)
	}
	states := res.States()
	if len(states) != 1 || res.Format(states[0]) != "1:r0=3; 1:r1=4; z=5; x=9;" || res.Observation() != "Always" {
		var buf bytes.Buffer
		res.WriteReport(&buf, "")
		t.Errorf("want the one state 1:r0=3; 1:r1=4; z=5; x=9;, always, got\n%s", buf.String())
	}
}

// An iteration that a thread did not finish before the run stopped is not
// counted: here thread 1 is far slower than thread 0, and without a
// barrier thread 0 finishes every iteration first.
func TestRunCountsOnlyIterationsEveryThreadFinished(t *testing.T) {
	s := &Shape{
		Name: "finished",
		Locs: []Loc{{"x", 0}},
		Threads: []Thread{
			{[]string{"r0"}, func(_ loc, r []int32) { r[0] = 1 }},
			{[]string{"r0"}, func(_ loc, r []int32) { time.Sleep(10 * time.Microsecond); r[0] = 1 }},
		},
		Exists: []Eq{{"0:r0", 1}, {"1:r0", 1}},
	}
	const n = 100_000
	res, err := Run(context.Background(), s, Config{Iterations: n, Runs: 1, Barrier: None, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.Stopped, context.DeadlineExceeded) || res.Runs != 0 || res.Total() >= n {
		t.Fatalf("Stopped %v after %d runs and %d iterations; want a timeout within the first run", res.Stopped, res.Runs, res.Total())
	}
	if res.Negative != 0 {
		t.Errorf("%d of %d iterations counted lack a register of thread 1: counted before thread 1 finished them", res.Negative, res.Total())
	}
}

// The barriers other than None keep each thread within an iteration of
// the other: each thread counts the iterations it starts and records how
// far the other's count is from its own, which, with the counts' own lag,
// stays within a few.
func TestBarrierKeepsThreadsInStep(t *testing.T) {
	for _, b := range []Barrier{UserFence, User, OS} {
		var started [2]atomic.Int64
		step := func(me int) func(loc, []int32) {
			return func(_ loc, r []int32) {
				mine := started[me].Add(1)
				r[0] = int32(started[1-me].Load() - mine)
			}
		}
		s := &Shape{
			Name:    "step",
			Locs:    []Loc{{"x", 0}},
			Threads: []Thread{{[]string{"r0"}, step(0)}, {[]string{"r0"}, step(1)}},
			Exists:  []Eq{{"0:r0", 0}, {"1:r0", 0}},
		}
		n := 20_000
		if b == OS {
			n = 1_000
		}
		res := mustRun(t, s, Config{Iterations: n, Runs: 1, Barrier: b})
		far := 0
		for _, st := range res.States() {
			for _, v := range st.Values {
				if v < -4 || v > 4 {
					far += st.Count
					break
				}
			}
		}
		if far > 0 {
			t.Errorf("%v: in %d of %d iterations a thread was more than a few iterations ahead of the other", b, far, res.Total())
		}
	}
}

// Iterations are placed one after the other, stride bytes per location,
// unless Shuffle asks for a random order.
func TestRunPlacesIterationsAsConfigured(t *testing.T) {
	for _, shuffle := range []bool{false, true} {
		var addrs []uintptr
		s := &Shape{
			Name:    "place",
			Locs:    []Loc{{"x", 0}, {"y", 0}},
			Threads: []Thread{{nil, func(l loc, _ []int32) { addrs = append(addrs, uintptr(unsafe.Pointer(l[0]))) }}},
			Exists:  []Eq{{"x", 0}},
			Final:   []string{"x"},
		}
		mustRun(t, s, Config{Iterations: 1000, Runs: 2, Stride: 64, Shuffle: shuffle})
		if len(addrs) != 2000 {
			t.Fatalf("shuffle=%v: %d iterations, want 2000", shuffle, len(addrs))
		}
		inOrder := true
		for i := 1; i < 1000; i++ {
			if addrs[i] != addrs[i-1]+2*64 {
				inOrder = false
			}
		}
		if inOrder == shuffle {
			t.Errorf("shuffle=%v: placed one after the other: %v", shuffle, inOrder)
		}
		// Each run has an order of its own when shuffled, the same one
		// when not.
		if same := slices.Equal(addrs[:1000], addrs[1000:]); same == shuffle {
			t.Errorf("shuffle=%v: the second run placed its iterations as the first did: %v", shuffle, same)
		}
	}
}

// A waiting worker spins spinBeforeYield loads of its flag before it
// yields where every thread has a processor of its own, and yields after
// each load where one has not: spinning then would keep the thread it
// waits for off the processor.
func TestRunSpinsOnlyWithAProcessorEach(t *testing.T) {
	s, _ := Lookup("SB")
	lay, err := s.compile()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Config{Iterations: 10}.withDefaults(s)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(s, lay, cfg)
	want := spinBeforeYield
	if h.procs < len(s.Threads) {
		want = 1
	}
	if h.spin != want {
		t.Errorf("%d processors for %d threads: spin %d, want %d", h.procs, len(s.Threads), h.spin, want)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if h := newHarness(s, lay, cfg); h.procs != 1 || h.spin != 1 {
		t.Errorf("GOMAXPROCS=1: %d processors, spin %d; want 1 and 1", h.procs, h.spin)
	}
}

// The workers start together: none runs an iteration before every other
// has pinned itself and is ready, or a run could go by with one thread
// alone, and nothing weak would show. Here the second worker to pin
// itself is slow and sets late before it is done: every iteration of
// either thread, under every barrier, must see it.
func TestRunWorkersStartTogether(t *testing.T) {
	if len(allowedCPUs()) == 0 {
		t.Skip("this OS leaves pinning to its scheduler: Run never pins here")
	}
	var pins, late atomic.Int32
	pinThread = func(int) error {
		if pins.Add(1) == 2 {
			time.Sleep(20 * time.Millisecond)
			late.Store(1)
		}
		return nil
	}
	t.Cleanup(func() { pinThread = pin })
	seesLate := func(_ loc, r []int32) { r[0] = late.Load() }
	s := &Shape{
		Name:    "together",
		Locs:    []Loc{{"x", 0}},
		Threads: []Thread{{[]string{"r0"}, seesLate}, {[]string{"r0"}, seesLate}},
		Exists:  []Eq{{"0:r0", 1}, {"1:r0", 1}},
	}
	for _, b := range Barriers() {
		pins.Store(0)
		late.Store(0)
		if res := mustRun(t, s, Config{Iterations: 100, Runs: 1, Barrier: b}); res.Negative != 0 {
			t.Errorf("%v: %d of %d iterations ran before both workers were ready", b, res.Negative, res.Total())
		}
	}
}

// The zero Config means the documented defaults.
func TestRunUsesDefaults(t *testing.T) {
	s, _ := Lookup("SB")
	c, err := Config{}.withDefaults(s)
	if err != nil || c.Iterations != 100_000 || c.Runs != 10 || c.Stride != 128 || c.Barrier != UserFence || c.Shuffle || c.NoPin {
		t.Errorf("defaults %+v, %v", c, err)
	}
	res := mustRun(t, s, Config{Iterations: 100})
	if res.Config.Runs != 10 || res.Runs != 10 || res.Total() != 1000 {
		t.Errorf("default runs: %d of %d runs, %d iterations; want 10 runs of 100", res.Runs, res.Config.Runs, res.Total())
	}
}

// A Seed makes Shuffle's order the same from run to run of the same
// Config; another Seed, or none (0, from the clock), makes another.
func TestRunShuffleSeed(t *testing.T) {
	order := func(seed int64) []int {
		var addrs []uintptr
		s := &Shape{
			Name:    "seed",
			Locs:    []Loc{{"x", 0}},
			Threads: []Thread{{nil, func(l loc, _ []int32) { addrs = append(addrs, uintptr(unsafe.Pointer(l[0]))) }}},
			Exists:  []Eq{{"x", 0}},
			Final:   []string{"x"},
		}
		mustRun(t, s, Config{Iterations: 200, Runs: 1, Stride: 64, Shuffle: true, Seed: seed})
		sorted := slices.Sorted(slices.Values(addrs))
		ranks := make([]int, len(addrs))
		for i, a := range addrs {
			ranks[i], _ = slices.BinarySearch(sorted, a)
		}
		return ranks
	}
	if a, b := order(7), order(7); !slices.Equal(a, b) {
		t.Errorf("seed 7 twice: two orders\n%v\n%v", a, b)
	}
	if a, b := order(7), order(8); slices.Equal(a, b) {
		t.Errorf("seeds 7 and 8: the same order %v", a)
	}
	if a, b := order(0), order(0); slices.Equal(a, b) {
		t.Errorf("no seed twice: the same order %v", a)
	}
}

// A zero Timeout is none: every run is made, and the time they took is
// recorded.
func TestRunWithoutTimeout(t *testing.T) {
	s, _ := Lookup("MP")
	res, err := Run(context.Background(), s, Config{Iterations: 100, Runs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped != nil || res.Runs != 2 || res.Total() != 200 || res.Elapsed <= 0 {
		t.Errorf("Run without a timeout: %d runs, %d iterations, elapsed %v, stopped %v; want 2 runs of 100",
			res.Runs, res.Total(), res.Elapsed, res.Stopped)
	}
}

// Check draws its bounds exactly: a run count or a timeout of -1 is
// refused, and so is one iteration more than 1 GiB holds for the shape at
// the stride asked for, while the most it holds are not. An iteration of
// SB takes, for each of its two locations, the stride and a pointer to
// the cell (4 bytes more shuffled), 4 bytes for each of its two registers,
// and 4 for its flag under a spin barrier.
func TestCheckBounds(t *testing.T) {
	sb, _ := Lookup("SB")
	ptr := int(unsafe.Sizeof(uintptr(0)))
	most := func(perIteration int) int { return 1 << 30 / perIteration }
	at128, at64 := most(2*(128+ptr)+2*4+4), most(2*(64+ptr)+2*4+4)
	shuffled, noFlags := most(2*(128+ptr+4)+2*4+4), most(2*(128+ptr)+2*4)
	for _, tc := range []struct {
		cfg  Config
		want string // what the error is about; "" for none
	}{
		{Config{Runs: -1}, "-1 runs"},
		{Config{Timeout: -1}, "timeout -1ns"},
		{Config{Iterations: at128, Stride: 128}, ""},
		{Config{Iterations: at128 + 1, Stride: 128}, "more than 1024 MiB"},
		{Config{Iterations: at64, Stride: 64}, ""},
		{Config{Iterations: at64 + 1, Stride: 64}, "more than 1024 MiB"},
		{Config{Iterations: shuffled, Stride: 128, Shuffle: true}, ""},
		{Config{Iterations: shuffled + 1, Stride: 128, Shuffle: true}, "more than 1024 MiB"},
		{Config{Iterations: noFlags, Stride: 128, Barrier: OS}, ""},
		{Config{Iterations: noFlags + 1, Stride: 128, Barrier: OS}, "more than 1024 MiB"},
		{Config{Iterations: 1, Stride: 1<<30 + 4}, "1 iteration of 2 locations 1073741828 bytes apart"},
	} {
		err := tc.cfg.Check(sb)
		if tc.want == "" && err != nil {
			t.Errorf("Check of %+v: %v, want none", tc.cfg, err)
		}
		if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Check of %+v: error %v, want one about %q", tc.cfg, err, tc.want)
		}
	}
}

// A run whose context ends while its cells are being set stops there,
// having run no iteration: setting a large arena takes seconds, which
// neither Ctrl-C nor the timeout may wait for. Here SB's cells start at 7,
// and a run with an ended context sets none of them.
func TestRunStopsWhileSettingCells(t *testing.T) {
	sb, _ := Lookup("SB")
	s := *sb
	s.Locs = slices.Clone(sb.Locs)
	for i := range s.Locs {
		s.Locs[i].Init = 7
	}
	lay, err := s.compile()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Config{Iterations: 3 * setupCheck, Runs: 1}.withDefaults(&s)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(&s, lay, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n := h.run(ctx); n != 0 {
		t.Errorf("%d iterations after the context ended, want 0", n)
	}
	for k, p := range h.arena.locs {
		if v := p.LoadRelaxed(); v != 0 {
			t.Fatalf("cell %d of %d set to %d after the context ended", k, len(h.arena.locs), v)
		}
	}
}
