package vma_test

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/benchbars"
	"github.com/atomicfence/atomicfence/internal/benchenv"
	"github.com/atomicfence/atomicfence/internal/benchtable"
	"github.com/atomicfence/atomicfence/vma"
)

// pairSlice is how many read locks each goroutine takes on one side of a
// pair before the other side takes as many: a fraction of a millisecond
// here, short beside the drifts of a shared machine's speed, and long
// beside the barrier between slices (about half a microsecond for two
// goroutines), whose time counts for both sides.
const pairSlice = 8192

// pairSide is one side of a paired comparison: a read lock and whether
// every goroutine takes it on the same object (mode=shared) or each on
// its own (mode=distinct), as BenchmarkReadLock's modes do.
type pairSide struct {
	side   readSide
	shared bool
}

// pairedCase is a ratio that a performance bar judges, num over den, named
// ReadLockPaired/mode=<mode>/den=<denName>/num=<numName>: fencelab bench
// finds it by that name (benchbars.PairedCases).
type pairedCase struct {
	mode, denName, numName string
	num, den               pairSide
	// parallel runs GOMAXPROCS goroutines, each calling its loop once per
	// read lock as BenchmarkReadLock's parallel modes do; otherwise one
	// goroutine runs its loop over the whole slice, as mode=single does.
	parallel bool
}

func (c pairedCase) name() string {
	return "mode=" + c.mode + "/den=" + c.denName + "/num=" + c.numName
}

// pairedCases are the read-lock bars and a control.
func pairedCases() []pairedCase {
	acquire := vmaSide(vma.PlacementAcquire, true)
	return []pairedCase{
		{"single", "inline-atomic", "acquire", pairSide{acquire, false}, pairSide{inlineSide, false}, false},
		{"single", "rwmutex", "acquire", pairSide{acquire, false}, pairSide{rwmutexSide, false}, false},
		{"single", "rwmutex", "inline-calls", pairSide{inlineCallsSide, false}, pairSide{rwmutexSide, false}, false},
		{"single", "rwmutex", "inline-increment", pairSide{inlineIncrementSide, false}, pairSide{rwmutexSide, false}, false},
		{"distinct", "rwmutex", "acquire", pairSide{acquire, false}, pairSide{rwmutexSide, false}, true},
		{"distinct", "rwmutex", "inline-calls", pairSide{inlineCallsSide, false}, pairSide{rwmutexSide, false}, true},
		{"shared", "rwmutex", "fetchadd", pairSide{fetchAddSide, true}, pairSide{rwmutexSide, true}, true},
		{"shared", "rwmutex", "inline-fetchadd-calls", pairSide{inlineFetchAddCallsSide, true}, pairSide{rwmutexSide, true}, true},
		{"scaling", "distinct-acquire", "shared-rwmutex", pairSide{rwmutexSide, true}, pairSide{acquire, false}, true},
		// The control: two sides alike, whose ratio is the method's own
		// error where the sides are one goroutine's.
		{"control", "rwmutex", "rwmutex", pairSide{rwmutexSide, false}, pairSide{rwmutexSide, false}, false},
	}
}

// BenchmarkReadLockPaired measures the two sides of each read-lock bar
// alternately, pairSlice read locks per goroutine of one and then as many
// of the other (the order swapped from one slice to the next), and reports
// the ratio of their times: num/den, what the bar compares with its limit.
// BenchmarkReadLock measures each side on its own, a second or more apart
// in every round; on a machine whose speed changes over such times, as a
// virtual machine's does, the two sides of a ratio there see different
// machines, and here the same one. The cases are those of
// BenchmarkReadLock:
//
//   - mode=single: one goroutine, StartRead+EndRead over the same steps
//     inline with sync/atomic and over sync.RWMutex's RLock+RUnlock, and
//     those steps with their slow paths as calls (inline-calls) and the
//     kernel's increment and release alone (inline-increment) over the
//     RWMutex too;
//   - mode=distinct: GOMAXPROCS goroutines, each on a VMA (an RWMutex) of
//     its own, and inline-calls in the same way: the floor of a read lock
//     taken with one call per read lock, which costs the protocol's steps
//     more against the RWMutex than mode=single's loop does;
//   - mode=shared: every goroutine on one VMA, PlacementFetchAdd (called
//     with the placement a constant, as its users call it: fetchAddSide)
//     over one shared RWMutex, and its steps inline with their slow paths as calls
//     (inline-fetchadd-calls) in the same way, its floor;
//   - mode=scaling: one shared RWMutex over distinct VMAs, in time per
//     read lock (the throughput of distinct VMAs over that of the shared
//     RWMutex);
//   - mode=control: an RWMutex over another on one goroutine, two sides
//     alike: a ratio away from 1 is the method's own error.
//
// A case reports its ratio only where each goroutine ran two full slices
// or more, so that each side went first in one (not under -benchtime 1x,
// for one). ns/op is the run's whole time over b.N: both sides' read locks,
// the barriers between slices and the goroutines' start.
func BenchmarkReadLockPaired(b *testing.B) {
	benchenv.PrintConfig()
	for _, c := range pairedCases() {
		b.Run(c.name(), func(b *testing.B) {
			if t, alternated := runPaired(b, c); alternated && t[0] > 0 && t[1] > 0 {
				b.ReportMetric(float64(t[0])/float64(t[1]), benchtable.RatioUnit)
			}
		})
	}
}

// runPaired runs the read locks of each side of c, b.N/GOMAXPROCS per
// goroutine in the parallel modes (at least one) and b.N otherwise,
// alternating in slices, and returns the time of each side and whether
// each side went first in a full slice.
func runPaired(b *testing.B, c pairedCase) (times [2]time.Duration, alternated bool) {
	goroutines := 1
	if c.parallel {
		goroutines = runtime.GOMAXPROCS(0)
	}
	pr := pairing{goroutines: goroutines, perCall: c.parallel, now: time.Now}
	for i, s := range []pairSide{c.num, c.den} {
		objects := goroutines
		if s.shared {
			objects = 1
		}
		pr.loops[i], pr.shared[i] = s.side.setup(b, objects), s.shared
	}
	perGoroutine := max(1, b.N/goroutines)
	b.ResetTimer()
	times, err := pr.run(perGoroutine)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	return times, perGoroutine >= 2*pairSlice
}

// pairing is a paired comparison: the loops of its two sides (num, den)
// as readSide.setup returns them, whether each side's goroutines share
// object 0, the goroutines that run them, whether each calls its loop
// once per read lock, and the clock. A loop reports a failure by
// returning it: one that ended its goroutine (t.FailNow) would leave the
// others waiting at the barrier.
type pairing struct {
	loops      [2]func(g, n int) error
	shared     [2]bool
	goroutines int
	perCall    bool
	now        func() time.Time
}

// run takes perGoroutine read locks of each side on every goroutine, in
// phases of pairSlice per goroutine: num then den, den then num, and so
// on. A phase ends when every goroutine has finished its slice, and the
// last to finish reads the clock while the others wait, so that each
// side's time is the wall time of its phases. It returns the two times and
// the first error a loop returned.
func (p pairing) run(perGoroutine int) ([2]time.Duration, error) {
	var times [2]time.Duration
	var last time.Time
	var firstErr error
	var errOnce sync.Once
	bar := newSpinBarrier(p.goroutines)
	var wg sync.WaitGroup
	for g := range p.goroutines {
		wg.Go(func() {
			bar.wait(func() { last = p.now() })
			for done, slice := 0, 0; done < perGoroutine; slice++ {
				n := min(pairSlice, perGoroutine-done)
				for k := range 2 {
					side := (k + slice) % 2
					// A goroutine that failed goes on to the barriers,
					// which would otherwise hold the others for ever.
					object := g
					if p.shared[side] {
						object = 0
					}
					if err := runSlice(p.loops[side], object, n, p.perCall); err != nil {
						errOnce.Do(func() { firstErr = err })
					}
					bar.wait(func() {
						t := p.now()
						times[side] += t.Sub(last)
						last = t
					})
				}
				done += n
			}
		})
	}
	wg.Wait()
	return times, firstErr
}

// runSlice takes n read locks with loop as goroutine g: with one call of
// loop per read lock where perCall is set, as BenchmarkReadLock's
// RunParallel cases do.
func runSlice(loop func(g, n int) error, g, n int, perCall bool) error {
	if !perCall {
		return loop(g, n)
	}
	for range n {
		if err := loop(g, 1); err != nil {
			return err
		}
	}
	return nil
}

// spinBarrier holds each of n goroutines in wait until all n are there,
// spinning: the goroutines of a paired case each hold a P, and a phase
// must start on all of them at once.
type spinBarrier struct {
	n       int32
	arrived atomic.Int32
	phase   atomic.Uint32
}

func newSpinBarrier(n int) *spinBarrier { return &spinBarrier{n: int32(n)} }

// wait returns once all n goroutines have called it; the last to arrive
// runs last first, while the others are held.
func (s *spinBarrier) wait(last func()) {
	phase := s.phase.Load()
	if s.arrived.Add(1) == s.n {
		last()
		s.arrived.Store(0)
		s.phase.Add(1)
		return
	}
	for i := 1; s.phase.Load() == phase; i++ {
		if i%64 == 0 {
			runtime.Gosched()
		}
	}
}

// TestPairing runs pairing with loops that take no time but advance a
// fake clock by a cost per read lock, 3 for num and 2 for den, and
// checks what BenchmarkReadLockPaired's ratio rests on: every goroutine
// takes all its read locks on each side, in slices of at most pairSlice
// that alternate num-den, den-num, and each side is charged exactly for
// its own phases.
func TestPairing(t *testing.T) {
	const perGoroutine = 3*pairSlice + 100
	for _, goroutines := range []int{1, 2, 3} {
		for _, perCall := range []bool{false, true} {
			var clock atomic.Int64
			locks := make([][2]int, goroutines)
			var order [][2]int // goroutine 0's read locks: runs of {side, count}
			p := pairing{goroutines: goroutines, perCall: perCall, now: func() time.Time { return time.Unix(0, clock.Load()) }}
			for side, cost := range []int64{3, 2} {
				p.loops[side] = func(g, n int) error {
					if perCall && n != 1 {
						return fmt.Errorf("a loop called for %d read locks where each call takes one", n)
					}
					if g == 0 {
						if k := len(order) - 1; k >= 0 && order[k][0] == side {
							order[k][1] += n
						} else {
							order = append(order, [2]int{side, n})
						}
					}
					locks[g][side] += n
					clock.Add(int64(n) * cost)
					return nil
				}
			}
			times, err := p.run(perGoroutine)
			if err != nil {
				t.Fatal(err)
			}
			for g, l := range locks {
				if l != [2]int{perGoroutine, perGoroutine} {
					t.Errorf("%d goroutines, perCall %v: goroutine %d took %v read locks, want %d of each side", goroutines, perCall, g, l, perGoroutine)
				}
			}
			// Slices of pairSlice, pairSlice, pairSlice and 100: num den,
			// den num, num den, den num.
			want := [][2]int{{0, pairSlice}, {1, 2 * pairSlice}, {0, 2 * pairSlice}, {1, pairSlice + 100}, {0, 100}}
			if !slices.Equal(order, want) {
				t.Errorf("%d goroutines, perCall %v: goroutine 0 ran the sides in the order %v, want %v", goroutines, perCall, order, want)
			}
			total := int64(goroutines * perGoroutine)
			if times[0] != time.Duration(3*total) || times[1] != time.Duration(2*total) {
				t.Errorf("%d goroutines, perCall %v: times %v, want %v and %v", goroutines, perCall, times, 3*total, 2*total)
			}
		}
	}
}

// TestPairingShared checks that a shared side's loop takes every
// goroutine's read locks on object 0, called as BenchmarkReadLock's shared
// mode calls it, while the other side's goroutines keep their own.
func TestPairingShared(t *testing.T) {
	const goroutines, perGoroutine = 3, 2 * pairSlice
	var mu sync.Mutex
	objects := [2]map[int]int{{}, {}}
	p := pairing{goroutines: goroutines, perCall: true, shared: [2]bool{false, true}, now: time.Now}
	for side := range 2 {
		p.loops[side] = func(g, n int) error {
			mu.Lock()
			objects[side][g] += n
			mu.Unlock()
			return nil
		}
	}
	if _, err := p.run(perGoroutine); err != nil {
		t.Fatal(err)
	}
	want := [2]map[int]int{{0: perGoroutine, 1: perGoroutine, 2: perGoroutine}, {0: goroutines * perGoroutine}}
	for side := range 2 {
		if !maps.Equal(objects[side], want[side]) {
			t.Errorf("side %d took its read locks on objects %v, want %v", side, objects[side], want[side])
		}
	}
}

// TestPairingError checks that a failing loop ends the run with its error
// instead of holding the other goroutines at a barrier.
func TestPairingError(t *testing.T) {
	fail := errors.New("the read lock failed")
	for _, perCall := range []bool{false, true} {
		p := pairing{goroutines: 2, perCall: perCall, now: time.Now}
		p.loops[0] = func(g, n int) error { return nil }
		p.loops[1] = func(g, n int) error {
			if g == 1 {
				return fail
			}
			return nil
		}
		if _, err := p.run(2 * pairSlice); err != fail {
			t.Fatalf("perCall %v: run returned %v, want %v", perCall, err, fail)
		}
	}
}

// TestPairedCasesMatchBars checks that BenchmarkReadLockPaired has every
// case that fencelab bench judges the read-lock bars on, and that each
// case's name says what it measures: its numerator and denominator are
// the read locks they name, shared where the name says so.
func TestPairedCasesMatchBars(t *testing.T) {
	cases := map[string]pairedCase{}
	for _, c := range pairedCases() {
		cases[c.name()] = c
	}
	for _, name := range benchbars.PairedCases() {
		if _, ok := cases[name]; !ok {
			t.Errorf("no case %s, which the bars are judged on", name)
		}
	}
	for name, c := range cases {
		for _, s := range []struct {
			what, name string
			side       pairSide
		}{{"num", c.numName, c.num}, {"den", c.denName, c.den}} {
			if !strings.HasSuffix(s.name, s.side.side.name) {
				t.Errorf("%s: %s is %s", name, s.what, s.side.side.name)
			}
			shared := c.mode == "shared" || strings.HasPrefix(s.name, "shared-")
			if s.side.shared != shared {
				t.Errorf("%s: %s shared %v, its name says %v", name, s.what, s.side.shared, shared)
			}
		}
	}
}
