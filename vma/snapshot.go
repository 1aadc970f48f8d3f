package vma

import (
	"cmp"
	"slices"
)

// snapshot is one immutable version of an MM's VMA tree: the ranges as the
// writer left them, sorted by start, each with its VMA. A lock-free reader
// searches it without looking at the VMAs' own fields, which may change
// under it, and rechecks the range on the VMA once it holds the lock. A
// writer never changes a published snapshot; it publishes a new one.
type snapshot struct {
	entries []entry
}

type entry struct {
	start, end uint64
	vma        *VMA
}

// find returns the VMA whose range covered addr when the snapshot was
// made, or nil.
func (s *snapshot) find(addr uint64) *VMA {
	lo, hi := 0, len(s.entries)
	for lo < hi { // the first entry that ends after addr
		m := int(uint(lo+hi) >> 1)
		if s.entries[m].end <= addr {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(s.entries) && s.entries[lo].start <= addr {
		return s.entries[lo].vma
	}
	return nil
}

// overlapping returns the VMAs whose ranges meet [start, end), in order.
func (s *snapshot) overlapping(start, end uint64) []*VMA {
	var out []*VMA
	for _, e := range s.entries {
		if e.start < end && start < e.end {
			out = append(out, e.vma)
		}
	}
	return out
}

// rebuilt returns a new snapshot of the VMAs of s, less those in remove,
// plus those in add, with every range read from the VMA itself: the writer
// calls it under the mmap write lock, after its changes.
func (s *snapshot) rebuilt(add, remove []*VMA) *snapshot {
	n := &snapshot{entries: make([]entry, 0, len(s.entries)+len(add))}
	for _, e := range s.entries {
		if !slices.Contains(remove, e.vma) {
			n.entries = append(n.entries, entry{e.vma.start, e.vma.end, e.vma})
		}
	}
	for _, v := range add {
		n.entries = append(n.entries, entry{v.start, v.end, v})
	}
	slices.SortFunc(n.entries, func(a, b entry) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(n.entries); i++ {
		if n.entries[i-1].end > n.entries[i].start {
			panic("vma: overlapping VMAs in a new snapshot")
		}
	}
	return n
}
