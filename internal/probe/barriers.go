package main

import "github.com/atomicfence/atomicfence"

// The functions below show that a call of a fence is a compiler barrier
// even where the fence is no instruction (Rmb, Wmb, MbBeforeAtomic and
// MbAfterAtomic on amd64): the compiler keeps both plain loads of *p around
// Rmb and MbAfterAtomic, and both plain stores around Wmb and
// MbBeforeAtomic, where with nothing between them it merges the loads into
// one and drops the first store.

//go:noinline
func loadsAroundRmb(p *int32) int32 {
	a := *p
	atomicfence.Rmb()
	return a + *p
}

//go:noinline
func loadsAroundNothing(p *int32) int32 {
	a := *p
	return a + *p
}

//go:noinline
func storesAroundWmb(p *int32) {
	*p = 1
	atomicfence.Wmb()
	*p = 2
}

//go:noinline
func storesAroundMbBeforeAtomic(p *int32) {
	*p = 1
	atomicfence.MbBeforeAtomic()
	*p = 2
}

//go:noinline
func loadsAroundMbAfterAtomic(p *int32) int32 {
	a := *p
	atomicfence.MbAfterAtomic()
	return a + *p
}

//go:noinline
func storesAroundNothing(p *int32) {
	*p = 1
	*p = 2
}

// seqlockRead is a seqlock reader's shape (read_seqcount_begin, the data,
// read_seqcount_retry): the compiler keeps the two loads of the count and
// the load of the data between them, where without the barriers it merges
// the loads of the count and the difference is always 0.
//
//go:noinline
func seqlockRead(seq, data *int32) (d, changed int32) {
	s := *seq
	atomicfence.Rmb()
	d = *data
	atomicfence.Rmb()
	return d, *seq - s
}

//go:noinline
func seqlockReadNothing(seq, data *int32) (d, changed int32) {
	s := *seq
	d = *data
	return d, *seq - s
}
