package litmus

import (
	"errors"
	"fmt"
	"time"
)

// Bound names the bound that stopped a check.
type Bound int

// The bounds of CheckContext.
const (
	// BoundTime: the context's deadline passed or it was cancelled.
	BoundTime Bound = iota + 1
	// BoundExecutions: Options.MaxExecutions.
	BoundExecutions
	// BoundPaths: Options.MaxPaths.
	BoundPaths
	// BoundStates: Options.MaxStates.
	BoundStates
)

// String names the bound after the Options field that sets it.
func (b Bound) String() string {
	switch b {
	case BoundTime:
		return "time"
	case BoundExecutions:
		return "MaxExecutions"
	case BoundPaths:
		return "MaxPaths"
	case BoundStates:
		return "MaxStates"
	}
	return fmt.Sprintf("Bound(%d)", int(b))
}

// ErrLimit matches every *LimitError under errors.Is.
var ErrLimit = errors.New("litmus: check stopped at a bound")

// LimitError reports a check stopped by one of its bounds: the test may be
// decidable with more time or higher bounds. Its message is one line that
// names the file, the bound and how to raise it.
type LimitError struct {
	// File names the test: its File, or its name when File is empty.
	File  string
	Bound Bound
	// Max is the bound's value for BoundExecutions, BoundPaths and
	// BoundStates.
	Max int64
	// Executions and Paths count the work done before the stop, Elapsed
	// its time.
	Executions, Paths int64
	Elapsed           time.Duration
	// Err is the context's error for BoundTime, nil otherwise.
	Err error
}

// Error returns "FILE: what stopped the check; how to raise the bound".
func (e *LimitError) Error() string {
	hint := "raise Options." + e.Bound.String() + " (a negative value removes the bound)"
	if e.Bound == BoundTime {
		hint = "allow more time in the context"
	}
	return oneLine(e.File + ": " + e.Summary() + "; " + hint)
}

// Summary says what stopped the check and how far it had come, without
// the file or advice: callers that set the bounds another way (flags, say)
// add their own.
func (e *LimitError) Summary() string {
	done := fmt.Sprintf("after %d candidate executions and %d thread paths in %s",
		e.Executions, e.Paths, e.Elapsed.Round(time.Millisecond))
	switch e.Bound {
	case BoundTime:
		return fmt.Sprintf("check stopped %s: %v", done, e.Err)
	case BoundExecutions:
		return fmt.Sprintf("more than %d candidate executions: check stopped %s", e.Max, done)
	case BoundPaths:
		return fmt.Sprintf("more than %d thread paths: check stopped %s", e.Max, done)
	case BoundStates:
		return fmt.Sprintf("more than %d distinct final states: check stopped %s", e.Max, done)
	}
	return "check stopped " + done
}

// Is reports whether target is ErrLimit.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// Unwrap returns the context's error for BoundTime, so that errors.Is
// matches context.DeadlineExceeded or context.Canceled.
func (e *LimitError) Unwrap() error { return e.Err }
