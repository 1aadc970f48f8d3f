package vma

// atomicsInline: on amd64 the orderings that the read paths need are what
// sync/atomic's intrinsics compile to in the caller's code: MOVs for the
// loads, which TSO keeps in order, and LOCK XADDL and LOCK CMPXCHGL, full
// barriers, for the count. So the inlined read paths (inlineRead,
// inlineFetchAdd) use them where the called ones call the root package.
const atomicsInline = true
