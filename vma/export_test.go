package vma

// FetchAddDetached is where a fetch-add VMA's count enters its detached
// range, counted from LockOffset, for the benchmarks' inline steps of
// PlacementFetchAdd (package vma_test). Users need only the limit,
// FetchAddRefLimit, and the package exports nothing more.
const FetchAddDetached = faDetached
