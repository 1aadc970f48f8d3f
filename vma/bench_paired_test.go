package vma_test

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/benchtable"
	"github.com/atomicfence/atomicfence/vma"
)

// pairSlice is how many read locks each goroutine takes on one side of a
// pair before the other side takes as many: a fraction of a millisecond
// here, short beside the drifts of a shared machine's speed.
const pairSlice = 2048

// pairSide is one side of a paired comparison: a read lock and whether
// every goroutine takes it on the same object (mode=shared) or each on
// its own (mode=distinct), as BenchmarkReadLock's modes do.
type pairSide struct {
	side   readSide
	shared bool
}

// pairedBar is a ratio that a performance bar judges, num over den.
type pairedBar struct {
	mode     string // mode=single (one goroutine) or the goroutines' modes
	num, den pairSide
	// parallel runs GOMAXPROCS goroutines, each calling its loop once per
	// read lock as BenchmarkReadLock's parallel modes do; otherwise one
	// goroutine runs its loop over the whole slice, as mode=single does.
	parallel bool
}

// pairedBars are the read-lock bars and a control: their name is the
// group name fencelab bench looks for, ReadLockPaired/mode=<mode>/den=<den>,
// and num's label.
func pairedBars() []struct {
	den, num string
	pairedBar
} {
	acquire := vmaSide(vma.PlacementAcquire, true)
	fetchAdd := vmaSide(vma.PlacementFetchAdd, false)
	return []struct {
		den, num string
		pairedBar
	}{
		{"inline-atomic", "acquire", pairedBar{"single", pairSide{acquire, false}, pairSide{inlineSide, false}, false}},
		{"rwmutex", "acquire", pairedBar{"single", pairSide{acquire, false}, pairSide{rwmutexSide, false}, false}},
		{"rwmutex", "acquire", pairedBar{"distinct", pairSide{acquire, false}, pairSide{rwmutexSide, false}, true}},
		{"rwmutex", "fetchadd", pairedBar{"shared", pairSide{fetchAdd, true}, pairSide{rwmutexSide, true}, true}},
		{"distinct-acquire", "shared-rwmutex", pairedBar{"scaling", pairSide{rwmutexSide, true}, pairSide{acquire, false}, true}},
		// The control: two sides alike, whose ratio is the method's own
		// error.
		{"rwmutex", "rwmutex", pairedBar{"control", pairSide{rwmutexSide, false}, pairSide{rwmutexSide, false}, false}},
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
//     inline with sync/atomic and over sync.RWMutex's RLock+RUnlock;
//   - mode=distinct: GOMAXPROCS goroutines, each on a VMA (an RWMutex) of
//     its own;
//   - mode=shared: every goroutine on one VMA, PlacementFetchAdd over one
//     shared RWMutex;
//   - mode=scaling: one shared RWMutex over distinct VMAs, in time per
//     read lock (the throughput of distinct VMAs over that of the shared
//     RWMutex);
//   - mode=control: an RWMutex over another on one goroutine, two sides
//     alike: a ratio away from 1 is the method's own error.
//
// ns/op is the time of one read lock of each side.
func BenchmarkReadLockPaired(b *testing.B) {
	for _, p := range pairedBars() {
		b.Run("mode="+p.mode+"/den="+p.den+"/num="+p.num, func(b *testing.B) {
			// A run too short for the clock to see (-benchtime 1x) has no
			// ratio.
			if t := runPaired(b, p.pairedBar); t[0] > 0 && t[1] > 0 {
				b.ReportMetric(float64(t[0])/float64(t[1]), benchtable.RatioUnit)
			}
		})
	}
}

// runPaired runs b.N read locks of each side of p (b.N/GOMAXPROCS per
// goroutine in the parallel modes), alternating in slices, and returns the
// time of each side.
func runPaired(b *testing.B, p pairedBar) [2]time.Duration {
	goroutines := 1
	if p.parallel {
		goroutines = runtime.GOMAXPROCS(0)
	}
	pr := pairing{goroutines: goroutines, perCall: p.parallel, now: time.Now}
	for i, s := range []pairSide{p.num, p.den} {
		if !s.shared {
			pr.loops[i] = s.side.setup(b, goroutines)
			continue
		}
		loop := s.side.setup(b, 1)
		pr.loops[i] = func(_, n int) error { return loop(0, n) }
	}
	b.ResetTimer()
	times, err := pr.run(max(1, b.N/goroutines))
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	return times
}

// pairing is a paired comparison: the loops of its two sides (num, den)
// as readSide.setup returns them, the goroutines that run them, whether
// each calls its loop once per read lock, and the clock.
type pairing struct {
	loops      [2]func(g, n int) error
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
					if err := runSlice(p.loops[side], g, n, p.perCall); err != nil {
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

// TestPairingError checks that a failing loop ends the run with its error
// instead of holding the other goroutines at a barrier.
func TestPairingError(t *testing.T) {
	fail := errors.New("the read lock failed")
	p := pairing{goroutines: 2, now: time.Now}
	p.loops[0] = func(g, n int) error { return nil }
	p.loops[1] = func(g, n int) error {
		if g == 1 {
			return fail
		}
		return nil
	}
	if _, err := p.run(2 * pairSlice); err != fail {
		t.Fatalf("run returned %v, want %v", err, fail)
	}
}
