package vma

// FetchAddDetached is where a fetch-add VMA's count enters its detached
// range, counted from LockOffset, for the benchmarks' inline steps of
// PlacementFetchAdd (package vma_test). The kernel has no such range: its
// vm_refcnt is 0 when detached, and the bias is this package's, for the
// fetch-add that rcuref-style counters make. Users need only the limit,
// FetchAddRefLimit, and the package exports nothing more.
const FetchAddDetached = faDetached

// FetchAddWriter is where the range of a fetch-add VMA's count that a
// writer excludes readers from begins, counted from LockOffset, for the
// same benchmarks' wake-ups.
const FetchAddWriter = faWriter
