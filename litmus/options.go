package litmus

import "time"

// The bounds that Check applies, and CheckContext applies where Options
// leaves a bound zero. They lie far above what the herdtools7 catalogues
// and this repository's tests need (at most some thousands of candidate
// executions, some hundreds of thread paths and a few dozen final states
// per test) and keep a runaway test to seconds of work (tens on a slow
// machine) and its memory to some hundreds of MiB.
const (
	DefaultMaxExecutions    = 1 << 20
	DefaultMaxPaths         = 1 << 16
	DefaultMaxStates        = 1 << 16
	DefaultProgressInterval = time.Second
)

// Options bound and observe one CheckContext.
type Options struct {
	// Model names the model as Check's model argument does: "" picks
	// DefaultModel of the test's architecture.
	Model string
	// MaxExecutions bounds the candidate executions that the search
	// reaches: each complete one (one path per thread, a reads-from and
	// a coherence order) checked against the model, and each abandoned
	// partway, as when a read has no write of its value or a reads-from
	// choice breaks coherence. 0 stands for DefaultMaxExecutions, a
	// negative value for no bound.
	MaxExecutions int64
	// MaxPaths bounds the thread paths enumerated, all threads and all
	// rounds of the values' fixed point together, those cut by the
	// unrolling bound included: the paths are the work done before the
	// executions, and memory holds them. 0 stands for DefaultMaxPaths, a
	// negative value for no bound.
	MaxPaths int64
	// MaxStates bounds the distinct final states. 0 stands for
	// DefaultMaxStates, a negative value for no bound (the states are
	// then bounded by the executions).
	MaxStates int64
	// Progress, when not nil, is called on the checking goroutine about
	// every ProgressInterval while the check runs, and once more, with
	// Done set, when it ends, whether by a result or an error (unless
	// the test or the model is refused before any work).
	Progress func(Progress)
	// ProgressInterval is the least time between two calls of Progress;
	// 0 stands for DefaultProgressInterval.
	ProgressInterval time.Duration
}

// Progress reports how far a check has come.
type Progress struct {
	// Paths counts the thread paths enumerated so far, those cut by the
	// unrolling bound included.
	Paths int64
	// Executions counts the candidate executions reached so far,
	// complete or abandoned (see Options.MaxExecutions).
	Executions int64
	// Elapsed is the time since the check started.
	Elapsed time.Duration
	// Done is set in the last report, made when the check ends.
	Done bool
}

// bound turns an Options field into a bound: 0 is the default, a negative
// value none (-1).
func bound(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
}
