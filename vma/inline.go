package vma

// inlineRead: on amd64 StartRead and EndRead are inlined into their
// callers, so that a read lock that succeeds, and its release, make no
// call. A call costs more than its own instructions here: the CALL stores
// the return address and the callee's prologue the frame pointer, and each
// locked instruction after them waits for those stores to drain, which on
// one goroutine was most of what the two calls cost over a sync.RWMutex
// (docs/benchmarks.md).
//
// Go's inliner takes a function whose body costs at most 80, and costs a
// call that it does not inline at 57: the call of a slow path, which every
// failure needs, leaves too little for the steps. A call of a function
// parameter it costs at 17, on the chance that inlining will make the
// function known. So each of StartRead and EndRead passes its slow path
// (startReadRest, endReadRare) as an argument to the body it inlines
// (startReadInline, endReadInline), which then fits. The caller's code
// calls the slow path through its func value, off the successful path.
//
// Under -race sync/atomic is a call of the race runtime, and the two are
// over the budget again: calls, with the same steps.
//
// The builds that weaken the read path's orderings, hook its steps or add
// the debug checks keep the called forms, which they change; so do the
// other architectures, whose increment is a call of the assembly anyway
// (and whose StartRead makes no try, see guessIdle).
const inlineRead = guessIdle && !stepHooks && !debugChecks &&
	weakened != orderStartReadAcquire && weakened != orderRecheckAcquire && weakened != orderEndReadRelease
