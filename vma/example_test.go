package vma_test

import (
	"fmt"

	"github.com/atomicfence/atomicfence/vma"
)

// pageTable is a payload that the per-VMA lock guards.
type pageTable struct {
	prot string
}

// The page-fault pattern: try the per-VMA lock without the mmap lock, fall
// back to the mmap lock when it fails, and handle the fault with the VMA
// read-locked either way. Fault does all of it.
func Example_pageFault() {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	mm.MmapWriteLock()
	_, err := mm.Map(0x10000, 0x20000, &pageTable{prot: "rw"})
	mm.MmapWriteUnlock()
	if err != nil {
		fmt.Println(err)
		return
	}

	// Read-locked: this fault may read the payload, and other faults on the
	// VMA proceed in parallel; only a writer of this VMA waits.
	handled := mm.Fault(0x12345, func(v *vma.VMA) {
		pt := v.Data.(*pageTable)
		fmt.Printf("fault at 0x12345 in [%#x, %#x), prot %s\n", v.Start(), v.End(), pt.prot)
	})
	fmt.Println("handled:", handled)
	fmt.Println("handled outside any VMA:", mm.Fault(0x30000, func(*vma.VMA) {}))

	// The same by hand, as lock_vma_under_rcu's callers write it: when the
	// per-VMA lock fails, handle the fault under the mmap read lock.
	if v := mm.LockVMA(0x1f000); v != nil {
		fmt.Println("per-VMA lock, prot", v.Data.(*pageTable).prot)
		v.EndRead()
	} else {
		mm.MmapReadLock()
		if v := mm.FindVMA(0x1f000); v != nil {
			fmt.Println("mmap read lock, prot", v.Data.(*pageTable).prot)
		}
		mm.MmapReadUnlock()
	}
	// Output:
	// fault at 0x12345 in [0x10000, 0x20000), prot rw
	// handled: true
	// handled outside any VMA: false
	// per-VMA lock, prot rw
}

// A writer maps, splits, changes and unmaps VMAs inside write sessions.
// Every VMA it touches stays write-locked until the session ends, and one
// MmapWriteUnlock releases them all.
func Example_writer() {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	show := func(when string) {
		mm.MmapReadLock()
		defer mm.MmapReadUnlock()
		fmt.Print(when, ":")
		for v := range mm.VMAs() {
			fmt.Printf(" [%#x, %#x) %s", v.Start(), v.End(), v.Data.(*pageTable).prot)
		}
		fmt.Println()
	}

	mm.MmapWriteLock()
	text, err := mm.Map(0x400000, 0x410000, &pageTable{prot: "rx"})
	if err == nil {
		_, err = mm.Map(0x600000, 0x602000, &pageTable{prot: "rw"})
	}
	// Readers that find text now fail as busy and fall back to the mmap
	// lock, which waits for this session.
	v := mm.LockVMA(0x400000)
	fmt.Println("lock-free read during the session:", v != nil)
	if v != nil {
		v.EndRead()
	}
	mm.MmapWriteUnlock()
	if err != nil {
		fmt.Println(err)
		return
	}
	show("mapped")

	mm.MmapWriteLock()
	upper, err := mm.Split(text, 0x408000)
	if err == nil {
		upper.StartWrite() // Split has locked it already; this returns at once
		upper.Data = &pageTable{prot: "r"}
		err = mm.Unmap(0x600000, 0x601000)
	}
	mm.MmapWriteUnlock()
	if err != nil {
		fmt.Println(err)
		return
	}
	show("split and unmapped")
	// Output:
	// lock-free read during the session: false
	// mapped: [0x400000, 0x410000) rx [0x600000, 0x602000) rw
	// split and unmapped: [0x400000, 0x408000) rx [0x408000, 0x410000) r [0x601000, 0x602000) rw
}

// The fetch-add placement: an MM whose Cache was made for it, and its read
// path through LockVMAWith and FaultWith. Each read lock is one acquire
// fetch-add that is never retried, so readers of one hot VMA do not retry
// each other's compare-and-swaps; StartRead, LockVMA and Fault find such
// an MM's VMAs busy and take the mmap lock instead.
func ExampleNewFetchAddCache() {
	p := vma.PlacementFetchAdd
	mm := vma.NewMM(vma.NewCacheFor(p)) // vma.NewFetchAddCache()
	defer mm.Close()
	mm.MmapWriteLock()
	_, err := mm.Map(0x10000, 0x20000, &pageTable{prot: "r"})
	mm.MmapWriteUnlock()
	if err != nil {
		fmt.Println(err)
		return
	}

	if v := mm.LockVMAWith(0x18000, p); v != nil {
		fmt.Println("fetch-add read lock, prot", v.Data.(*pageTable).prot)
		v.EndReadWith(p) // not EndRead: that panics on a fetch-add VMA
	}
	mm.FaultWith(0x18000, p, func(v *vma.VMA) {
		fmt.Printf("fault in [%#x, %#x)\n", v.Start(), v.End())
	})
	fmt.Println("LockVMA on a fetch-add MM:", mm.LockVMA(0x18000))
	// Output:
	// fetch-add read lock, prot r
	// fault in [0x10000, 0x20000)
	// LockVMA on a fetch-add MM: <nil>
}
