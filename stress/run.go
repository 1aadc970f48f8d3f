package stress

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/atomicfence/atomicfence"
)

// spinBeforeYield is how many times a waiting worker loads a flag before it
// yields its processor, when every worker has a processor and a CPU of its
// own. A few microseconds: far longer than a partner that is running needs.
const spinBeforeYield = 1 << 12

// Run runs shape s as cfg says and counts its final states. It returns early,
// with what it counted so far and Result.Stopped set, when ctx is done or
// cfg.Timeout passes; the workers always stop on their own otherwise. The
// error is for a malformed shape or configuration.
//
// Each run starts one goroutine per thread of the shape, locked to its OS
// thread and, where the OS allows, pinned to a CPU. A pinned thread is never
// handed back to the Go scheduler: the goroutine exits locked, so the
// runtime ends the thread with it.
func Run(ctx context.Context, s *Shape, cfg Config) (*Result, error) {
	lay, err := s.compile()
	if err != nil {
		return nil, err
	}
	cfg, err = cfg.withDefaults(s)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Timeout)
		defer cancel()
	}
	// The time and the timeout count the setup too: writing a large
	// arena's cells takes seconds.
	start := time.Now()
	h := newHarness(s, lay, cfg)
	res := &Result{
		Shape:  s,
		Config: cfg,
		Names:  lay.names,
		Impl:   atomicfence.Impl(),
		RCpc:   atomicfence.AcquireLoadRCpc(),
		CPUs:   h.cpus,
		Procs:  h.procs,
		lay:    lay,
		counts: map[state]int{},
	}
	for run := 0; run < cfg.Runs; run++ {
		if ctx.Err() != nil {
			res.Stopped = ctx.Err()
			break
		}
		valid := h.run(ctx)
		res.count(h, valid)
		if valid < cfg.Iterations {
			res.Stopped = ctx.Err()
			break
		}
		res.Runs++
		if cfg.Progress != nil {
			cfg.Progress(Progress{
				Shape: s.Name, Run: res.Runs, Runs: cfg.Runs,
				Iterations: res.Positive + res.Negative, Positive: res.Positive,
				Elapsed: time.Since(start),
			})
		}
	}
	res.Elapsed = time.Since(start)
	res.PinErr = h.pinErr
	if h.pinErr != nil {
		res.CPUs = nil
	}
	return res, nil
}

// setupCheck is how many cells run sets between two looks at its context:
// a large arena takes seconds to set, a look takes nanoseconds.
const setupCheck = 1 << 16

// pinThread binds a worker's OS thread to a CPU: pin, which a test
// replaces to see a failure through.
var pinThread = pin

// harness is the memory of one Run, reused by each of its runs.
type harness struct {
	shape *Shape
	lay   *layout
	cfg   Config
	arena *arena
	regs  [][]int32 // per thread, len(Regs) values per iteration
	flags []atomicfence.Int32
	done  []int // iterations each worker finished in the last run
	cpus  []int // CPU of each worker, nil when not pinning
	procs int   // how many workers can run at once
	spin  int
	rng   *rand.Rand

	pinMu  sync.Mutex
	pinErr error
}

func newHarness(s *Shape, lay *layout, cfg Config) *harness {
	n, threads := cfg.Iterations, len(s.Threads)
	h := &harness{
		shape: s,
		lay:   lay,
		cfg:   cfg,
		arena: newArena(n*len(s.Locs), cfg.Stride),
		done:  make([]int, threads),
		spin:  spinBeforeYield,
	}
	seed := uint64(cfg.Seed)
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	h.rng = rand.New(rand.NewPCG(seed, seed>>32|1))
	for _, th := range s.Threads {
		h.regs = append(h.regs, make([]int32, n*len(th.Regs)))
	}
	if cfg.Barrier == UserFence || cfg.Barrier == User {
		h.flags = make([]atomicfence.Int32, n)
	}
	allowed := allowedCPUs()
	if !cfg.NoPin && len(allowed) > 0 {
		for t := range threads {
			h.cpus = append(h.cpus, allowed[t%len(allowed)])
		}
	}
	h.procs = min(runtime.GOMAXPROCS(0), runtime.NumCPU())
	if len(allowed) > 0 {
		h.procs = min(h.procs, len(allowed))
	}
	// A worker that waits for a partner with no processor or no CPU of its
	// own should give way at once rather than spin out its time slice.
	if h.procs < threads {
		h.spin = 1
	}
	return h
}

// run runs every thread over the iterations once and returns how many
// iterations every thread finished: all of them unless ctx ended the run,
// and none if it ended while the cells were being set.
func (h *harness) run(ctx context.Context) int {
	if h.cfg.Shuffle {
		h.arena.shuffle(h.rng)
	}
	for k, p := range h.arena.locs {
		if k%setupCheck == 0 && ctx.Err() != nil {
			return 0
		}
		p.StoreRelaxed(h.shape.Locs[k%len(h.shape.Locs)].Init)
	}
	var stopping atomic.Bool
	b := h.syncer(&stopping)
	stopAfter := context.AfterFunc(ctx, func() {
		stopping.Store(true)
		b.stop()
	})
	defer stopAfter()

	threads := len(h.shape.Threads)
	var ready atomic.Int32
	var wg sync.WaitGroup
	for t := range threads {
		wg.Go(func() { h.worker(t, b, &ready, &stopping) })
	}
	wg.Wait()
	return slices.Min(h.done)
}

func (h *harness) syncer(stopping *atomic.Bool) syncer {
	threads := len(h.shape.Threads)
	switch h.cfg.Barrier {
	case UserFence, User:
		clear(h.flags)
		b := &spinBarrier{flags: h.flags, threads: threads, spin: h.spin, stopping: stopping}
		if h.cfg.Barrier == UserFence {
			b.fence = atomicfence.Mb
		}
		return b
	case OS:
		return newCondBarrier(threads)
	default:
		return noBarrier{stopping}
	}
}

// worker runs thread t of the shape over every iteration.
func (h *harness) worker(t int, b syncer, ready *atomic.Int32, stopping *atomic.Bool) {
	runtime.LockOSThread() // never unlocked: see Run
	if h.cpus != nil {
		if err := pinThread(h.cpus[t]); err != nil {
			h.pinMu.Lock()
			h.pinErr = err
			h.pinMu.Unlock()
		}
	}
	// Start together, so that no thread's first iterations run alone.
	threads := int32(len(h.shape.Threads))
	ready.Add(1)
	for n := 0; ready.Load() < threads; n++ {
		if n >= h.spin {
			if stopping.Load() {
				h.done[t] = 0
				return
			}
			runtime.Gosched()
			n = 0
		}
	}

	code := h.shape.Threads[t].Code
	locs, nl := h.arena.locs, len(h.shape.Locs)
	regs, nr := h.regs[t], len(h.shape.Threads[t].Regs)
	i := 0
	for ; i < h.cfg.Iterations; i++ {
		if !b.wait(t, i) {
			break
		}
		code(locs[i*nl:i*nl+nl:i*nl+nl], regs[i*nr:i*nr+nr:i*nr+nr])
	}
	h.done[t] = i
}
