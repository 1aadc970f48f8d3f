package stress

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/atomicfence/atomicfence"
)

// Barrier is how the threads of a shape start an iteration together. The
// closer together they start, the more often a weak outcome shows; the
// modes other than UserFence are there to measure that.
type Barrier uint8

const (
	// UserFence is litmus7's userfence barrier: each iteration has its
	// own flag; the iteration's leader (thread i mod T, so that no thread
	// runs ahead of the others by more than an iteration) sets the flag
	// and issues a full fence (atomicfence.Mb), the others spin until
	// they see it. The fence keeps the leader from starting while its
	// store still waits in its store buffer, so all threads start within
	// about one cache-line transfer of each other.
	UserFence Barrier = iota
	// User is UserFence without the fence (litmus7's user barrier).
	User
	// OS blocks in a sync.Cond each iteration, so that a thread that
	// arrives early sleeps in the Go scheduler and the kernel, as a
	// pthread barrier does (litmus7's pthread barrier).
	OS
	// None starts the threads together once per run and never again
	// (litmus7's none): the threads drift apart.
	None
	numBarriers
)

var barrierNames = [numBarriers]string{"userfence", "user", "os", "none"}

// String returns the name that ParseBarrier accepts.
func (b Barrier) String() string {
	if b < numBarriers {
		return barrierNames[b]
	}
	return fmt.Sprintf("Barrier(%d)", uint8(b))
}

// ParseBarrier returns the barrier called name: userfence, user, os or none.
func ParseBarrier(name string) (Barrier, error) {
	for b, n := range barrierNames {
		if n == name {
			return Barrier(b), nil
		}
	}
	return 0, fmt.Errorf("stress: unknown barrier %q (want userfence, user, os or none)", name)
}

// Barriers lists every mode, for comparisons.
func Barriers() []Barrier { return []Barrier{UserFence, User, OS, None} }

// syncer is one run's barrier.
type syncer interface {
	// wait returns when thread t may start iteration i, or false when the
	// run is stopping.
	wait(t, i int) bool
	// stop makes every present and future wait return false soon.
	stop()
}

// spinBarrier implements UserFence and User.
type spinBarrier struct {
	flags    []atomicfence.Int32 // one per iteration, zero at the start of a run
	threads  int
	fence    func() // the leader's fence after its store (atomicfence.Mb); nil for User
	spin     int    // loads of a flag before yielding the processor
	stopping *atomic.Bool
}

func (b *spinBarrier) wait(t, i int) bool {
	f := &b.flags[i]
	if i%b.threads == t {
		if b.stopping.Load() {
			return false
		}
		f.StoreRelaxed(1)
		if b.fence != nil {
			b.fence()
		}
		return true
	}
	for n := 0; f.LoadRelaxed() == 0; n++ {
		if n >= b.spin {
			if b.stopping.Load() {
				return false
			}
			// The leader may not have a processor (GOMAXPROCS or
			// CPUs fewer than threads, or the OS preempted it).
			runtime.Gosched()
			n = 0
		}
	}
	return true
}

func (b *spinBarrier) stop() {}

// condBarrier implements OS: a cyclic barrier on a mutex and a condition.
type condBarrier struct {
	mu      sync.Mutex
	cond    sync.Cond
	threads int
	arrived int
	gen     uint64
	stopped bool
}

func newCondBarrier(threads int) *condBarrier {
	b := &condBarrier{threads: threads}
	b.cond.L = &b.mu
	return b
}

func (b *condBarrier) wait(_, _ int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return false
	}
	b.arrived++
	if b.arrived == b.threads {
		b.arrived = 0
		b.gen++
		b.cond.Broadcast()
		return true
	}
	for g := b.gen; g == b.gen; b.cond.Wait() {
		if b.stopped {
			return false
		}
	}
	return true
}

func (b *condBarrier) stop() {
	b.mu.Lock()
	b.stopped = true
	b.cond.Broadcast()
	b.mu.Unlock()
}

// noBarrier implements None; it only looks for a stop now and then.
type noBarrier struct{ stopping *atomic.Bool }

func (b noBarrier) wait(_, i int) bool { return i%1024 != 0 || !b.stopping.Load() }
func (noBarrier) stop()                {}
