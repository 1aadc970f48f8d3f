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
// (startReadInline, endReadInline), which then fits. StartRead's body is
// in two, the early check (startReadInline) and the try with the rechecks
// (startReadTry, a parameter of the first, which the inliner inlines in
// turn), so that the early check's failure can return without a call
// (see startReadInline). The caller's code calls the slow paths through
// their func values, off the successful path.
//
// Under -race sync/atomic is a call of the race runtime, and the two are
// over the budget again: calls, with the same steps.
//
// The builds that weaken the read path's orderings, hook its steps or add
// the debug checks keep the called forms, which they change; so do the
// other architectures, whose increment is a call of the assembly anyway
// (atomicsInline), and whose StartRead makes no try (guessIdle), which
// the inlined body makes.
const inlineRead = atomicsInline && guessIdle && !stepHooks && !debugChecks &&
	weakened != orderStartReadAcquire && weakened != orderRecheckAcquire && weakened != orderEndReadRelease

// inlineFetchAdd: on amd64 StartReadWith and EndReadWith are inlined into
// their callers the same way, so that PlacementFetchAdd's read lock and
// release, two LOCK XADDLs, make no call when they succeed. On a VMA that
// many goroutines read, the count's line moves between cores: the longer
// a reader takes from its increment to its release, the likelier another
// core takes the line in between and the release waits for it to come
// back, which two calls made more likely than sync.RWMutex's inlined
// RLock and RUnlock (docs/benchmarks.md). StartReadWith's body is over
// the budget even with its slow paths as parameters, so it is split in
// two, the second (startReadFetchAddInline) a parameter of the first
// (startReadWithInline), which the inliner then inlines in turn. The
// other placements make one call, of the switch (startReadWithCalled,
// endReadWithCalled), through its func value.
const inlineFetchAdd = atomicsInline && !stepHooks && !debugChecks &&
	weakened != orderFetchAddAcquire && weakened != orderFetchAddRelease && weakened != orderRecheckAcquire
