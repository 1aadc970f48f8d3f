package litmus

import (
	"context"
	"sync/atomic"
	"time"
)

// meter counts a check's work, watches the context and the clock, reports
// progress and stops the check at a bound: once err is set, every loop of
// the enumeration unwinds.
type meter struct {
	ctx      context.Context
	file     string
	maxExecs int64
	maxPaths int64
	maxState int64
	progress func(Progress)
	interval time.Duration

	// signal is set, from other goroutines, when the context ends or a
	// progress report is due: a tick then costs one atomic load, so that
	// every step of the work can afford one.
	signal   atomic.Bool
	stopCtx  func() bool
	reporter *time.Timer

	start, last time.Time
	execs       int64
	paths       int64
	ticks       uint
	err         error
}

// pollEvery is how many ticks pass between two looks at the clock and the
// context even without a signal, so that reports come on time however the
// goroutines are scheduled.
const pollEvery = 1024

func newMeter(ctx context.Context, t *Test, opts Options) *meter {
	file := t.File
	if file == "" {
		file = "test " + t.Name
	}
	now := time.Now()
	m := &meter{
		ctx: ctx, file: file,
		maxExecs: bound(opts.MaxExecutions, DefaultMaxExecutions),
		maxPaths: bound(opts.MaxPaths, DefaultMaxPaths),
		maxState: bound(opts.MaxStates, DefaultMaxStates),
		progress: opts.Progress, interval: opts.ProgressInterval,
		start: now, last: now,
	}
	if m.interval <= 0 {
		m.interval = DefaultProgressInterval
	}
	raise := func() { m.signal.Store(true) }
	m.stopCtx = context.AfterFunc(ctx, raise)
	if m.progress != nil {
		m.reporter = time.AfterFunc(m.interval, raise)
	}
	return m
}

// tick counts one step of work and reports whether the check goes on.
func (m *meter) tick() bool {
	if m.err != nil {
		return false
	}
	if m.ticks++; m.ticks%pollEvery != 0 && !m.signal.Load() {
		return true
	}
	m.signal.Store(false)
	if err := m.ctx.Err(); err != nil {
		m.stop(BoundTime, 0, err)
		return false
	}
	if m.progress != nil {
		if now := time.Now(); now.Sub(m.last) >= m.interval {
			m.last = now
			m.progress(m.report(false))
			m.reporter.Reset(m.interval)
		}
	}
	return true
}

// execution counts a candidate execution, complete or abandoned, against
// MaxExecutions.
func (m *meter) execution() bool {
	if !m.tick() {
		return false
	}
	if m.maxExecs >= 0 && m.execs >= m.maxExecs {
		m.stop(BoundExecutions, m.maxExecs, nil)
		return false
	}
	m.execs++
	return true
}

// path counts an enumerated thread path against MaxPaths.
func (m *meter) path() bool {
	if !m.tick() {
		return false
	}
	if m.maxPaths >= 0 && m.paths >= m.maxPaths {
		m.stop(BoundPaths, m.maxPaths, nil)
		return false
	}
	m.paths++
	return true
}

// state checks that one more distinct final state stays within MaxStates.
func (m *meter) state(have int) bool {
	if m.maxState >= 0 && int64(have) >= m.maxState {
		m.stop(BoundStates, m.maxState, nil)
		return false
	}
	return true
}

func (m *meter) stop(b Bound, max int64, err error) {
	if m.err != nil {
		return
	}
	m.err = &LimitError{File: m.file, Bound: b, Max: max, Executions: m.execs, Paths: m.paths,
		Elapsed: time.Since(m.start), Err: err}
}

func (m *meter) report(done bool) Progress {
	return Progress{Paths: m.paths, Executions: m.execs, Elapsed: time.Since(m.start), Done: done}
}

// finish releases the context and the timer and makes the last progress
// report.
func (m *meter) finish() {
	m.stopCtx()
	if m.progress != nil {
		m.reporter.Stop()
		m.progress(m.report(true))
	}
}
