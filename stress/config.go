package stress

import (
	"fmt"
	"time"
	"unsafe"
)

// Config says how long and in what conditions a shape runs. The zero value
// of each field means its default.
type Config struct {
	// Iterations per run, each on fresh cells (litmus7 -s). Default 100000.
	Iterations int
	// Runs, each a new start of the workers on re-initialised cells
	// (litmus7 -r). Default 10.
	Runs int
	// Stride is the distance in bytes between two locations, a multiple
	// of 4. Default 128, so that each location has its own cache line
	// and no adjacent-line prefetch pairs two of them; 4 packs them.
	Stride int
	// Shuffle places the locations of the iterations in a random order
	// instead of one after the other, so that neither the hardware
	// prefetcher nor a regular pattern of cache sets shapes the results.
	Shuffle bool
	// Barrier is how the threads start each iteration together.
	// Default UserFence.
	Barrier Barrier
	// Timeout bounds the whole call; 0 means no bound other than the
	// iteration count and the context.
	Timeout time.Duration
	// NoPin leaves the workers on whatever CPUs the OS schedules them.
	// By default worker t is pinned to the t-th CPU the process may use
	// (modulo their number), on the systems that support it.
	NoPin bool
	// Seed seeds Shuffle; 0 picks one from the clock.
	Seed int64
	// Progress, when set, is called after each run from the goroutine
	// that called Run.
	Progress func(Progress)
}

// Progress reports how far a Run has got.
type Progress struct {
	Shape      string
	Run, Runs  int // runs done, runs asked for
	Iterations int // iterations counted so far
	Positive   int // of which satisfy the shape's condition
	Elapsed    time.Duration
}

const (
	defaultIterations = 100_000
	defaultRuns       = 10
	defaultStride     = 128
	// maxMemory bounds what a Run allocates for its iterations (see
	// iterationBytes).
	maxMemory = 1 << 30
)

// Check reports what Run would refuse in shape s or in c, without running
// anything: a malformed shape, a negative size, an unknown barrier, or an
// arena too large for the iterations, locations and stride asked for.
func (c Config) Check(s *Shape) error {
	if _, err := s.compile(); err != nil {
		return err
	}
	_, err := c.withDefaults(s)
	return err
}

// withDefaults checks c for shape s and fills in its defaults.
func (c Config) withDefaults(s *Shape) (Config, error) {
	if c.Iterations == 0 {
		c.Iterations = defaultIterations
	}
	if c.Runs == 0 {
		c.Runs = defaultRuns
	}
	if c.Stride == 0 {
		c.Stride = defaultStride
	}
	switch {
	case c.Iterations < 0:
		return c, fmt.Errorf("stress: %d iterations: must be positive", c.Iterations)
	case c.Runs < 0:
		return c, fmt.Errorf("stress: %d runs: must be positive", c.Runs)
	case c.Stride < 0 || c.Stride%4 != 0:
		return c, fmt.Errorf("stress: stride %d: must be a positive multiple of 4 bytes", c.Stride)
	case c.Timeout < 0:
		return c, fmt.Errorf("stress: timeout %v: must not be negative", c.Timeout)
	case c.Barrier >= numBarriers:
		return c, fmt.Errorf("stress: unknown barrier %d", int(c.Barrier))
	}
	// Divided rather than multiplied, which would overflow for a huge -n
	// or -stride.
	if c.Stride > maxMemory || int64(c.Iterations) > maxMemory/c.iterationBytes(s) {
		return c, fmt.Errorf("stress: %s of %s %d bytes apart, with their registers and flags, need more than %d MiB: lower -n or -stride",
			count(c.Iterations, "iteration"), count(len(s.Locs), "location"), c.Stride, maxMemory>>20)
	}
	return c, nil
}

// iterationBytes is what a Run allocates for each iteration of s under c:
// each location's cell, c.Stride bytes from the next, and its entry in the
// table of the cells' places (and, shuffled, in their permutation); the
// values that the threads record; and, for the spin barriers, the
// iteration's flag.
func (c Config) iterationBytes(s *Shape) int64 {
	perLoc := int64(c.Stride) + int64(unsafe.Sizeof(uintptr(0)))
	if c.Shuffle {
		perLoc += 4
	}
	n := int64(len(s.Locs)) * perLoc
	for _, th := range s.Threads {
		n += 4 * int64(len(th.Regs))
	}
	if c.Barrier == UserFence || c.Barrier == User {
		n += 4
	}
	return n
}
