package vma

import (
	"errors"
	"fmt"
	"testing"
)

// ranges lists the MM's VMAs as "[start,end)" strings, under the read lock.
func ranges(mm *MM) string {
	mm.MmapReadLock()
	defer mm.MmapReadUnlock()
	s := ""
	for v := range mm.VMAs() {
		s += fmt.Sprintf("[%#x,%#x)", v.Start(), v.End())
	}
	return s
}

func TestMapUnmap(t *testing.T) {
	c := NewCache()
	mm := NewMM(c)
	a := mustMap(mm, 0x1000, 0x3000, "a")
	mustMap(mm, 0x5000, 0x6000, "b")
	if got := ranges(mm); got != "[0x1000,0x3000)[0x5000,0x6000)" {
		t.Fatalf("ranges %s", got)
	}
	if a.RefCount() != 1 || a.MM() != mm || a.Data != "a" {
		t.Fatalf("new VMA: count %d, mm %p, data %v", a.RefCount(), a.MM(), a.Data)
	}
	session(mm, func() {
		if _, err := mm.Map(0x2000, 0x5800, nil); !errors.Is(err, ErrOverlap) {
			t.Errorf("overlapping Map: %v", err)
		}
		if _, err := mm.Map(0x9000, 0x9000, nil); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("empty Map: %v", err)
		}
		if err := mm.Unmap(0x2000, 0x1000); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("reversed Unmap: %v", err)
		}
	})
	mustUnmap(mm, 0x1800, 0x2000) // punches a hole: a split on each side
	if got := ranges(mm); got != "[0x1000,0x1800)[0x2000,0x3000)[0x5000,0x6000)" {
		t.Fatalf("after the hole: %s", got)
	}
	mustUnmap(mm, 0x2800, 0x5800) // trims one VMA and splits another
	if got := ranges(mm); got != "[0x1000,0x1800)[0x2000,0x2800)[0x5800,0x6000)" {
		t.Fatalf("after the second Unmap: %s", got)
	}
	mustUnmap(mm, 0x7000, 0x8000) // nothing there
	mm.Close()
	if len(c.free) != c.created {
		t.Fatalf("after Close the cache holds %d of the %d objects it made", len(c.free), c.created)
	}
	for _, v := range c.free {
		if v.RefCount() != 0 || v.mm != nil || v.Data != nil {
			t.Fatalf("freed object with count %d, mm %p, data %v", v.RefCount(), v.mm, v.Data)
		}
	}
	if !mm.freed.Load() {
		t.Fatal("Close did not free the MM")
	}
}

func TestMapWriteLocksTheNewVMA(t *testing.T) {
	mm := NewMM(NewCache())
	session(mm, func() {
		v, err := mm.Map(0x1000, 0x2000, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !v.writeLocked() || v.StartRead(mm) != ReadBusy || mm.LockVMA(0x1000) != nil {
			t.Fatal("a VMA mapped in this session can be read-locked before the session ends")
		}
	})
	if v := mm.LockVMA(0x1000); v == nil {
		t.Fatal("LockVMA after the session failed")
	} else {
		v.EndRead()
	}
}

func TestSplit(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x4000, "payload")
	var n *VMA
	session(mm, func() {
		var err error
		for _, at := range []uint64{0x1000, 0x4000, 0x500} {
			if _, err = mm.Split(v, at); !errors.Is(err, ErrInvalidRange) {
				t.Errorf("Split at %#x: %v", at, err)
			}
		}
		if n, err = mm.Split(v, 0x2000); err != nil {
			t.Fatal(err)
		}
		if !v.writeLocked() || !n.writeLocked() {
			t.Error("Split left a half unlocked")
		}
	})
	if v.Start() != 0x1000 || v.End() != 0x2000 || n.Start() != 0x2000 || n.End() != 0x4000 {
		t.Fatalf("halves [%#x,%#x) [%#x,%#x)", v.Start(), v.End(), n.Start(), n.End())
	}
	if n.Data != "payload" || n.RefCount() != 1 || n.MM() != mm {
		t.Fatalf("new half: data %v, count %d", n.Data, n.RefCount())
	}
	if got := mm.LockVMA(0x3000); got != n {
		t.Fatalf("LockVMA(0x3000) = %p, want the new half %p", got, n)
	}
	n.EndRead()
}

func TestResize(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mustMap(mm, 0x4000, 0x5000, nil)
	session(mm, func() {
		if err := mm.Resize(v, 0x1000, 0x4800); !errors.Is(err, ErrOverlap) {
			t.Errorf("Resize over a neighbour: %v", err)
		}
		if err := mm.Resize(v, 0x3000, 0x3000); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("empty Resize: %v", err)
		}
		if err := mm.Resize(v, 0x800, 0x4000); err != nil {
			t.Fatal(err)
		}
	})
	if got := ranges(mm); got != "[0x800,0x4000)[0x4000,0x5000)" {
		t.Fatalf("ranges %s", got)
	}
}

// TestForeignVMA: Split and Resize refuse, changing nothing, a VMA that
// another MM maps and one that their own MM has unmapped, in every count
// encoding, and leave the unmapped one detached in its Cache.
func TestForeignVMA(t *testing.T) {
	for _, p := range cacheKinds {
		t.Run(p.String(), func(t *testing.T) {
			cache := NewCacheFor(p)
			a, b := NewMM(cache), NewMM(cache)
			v := mustMap(a, 0x1000, 0x2000, nil)
			mustMap(b, 0x5000, 0x6000, nil)
			gone := mustMap(b, 0x3000, 0x4000, nil)
			mustUnmap(b, 0x3000, 0x4000)
			for _, f := range []struct {
				what string
				v    *VMA
			}{{"another MM's VMA", v}, {"a VMA its MM unmapped", gone}} {
				session(b, func() {
					if n, err := b.Split(f.v, f.v.start+0x800); !errors.Is(err, ErrForeignVMA) || n != nil {
						t.Errorf("Split of %s = %p, %v; want %v", f.what, n, err, ErrForeignVMA)
					}
					if err := b.Resize(f.v, f.v.start, f.v.start+0x800); !errors.Is(err, ErrForeignVMA) {
						t.Errorf("Resize of %s: %v, want %v", f.what, err, ErrForeignVMA)
					}
				})
			}
			if got := ranges(b); got != "[0x5000,0x6000)" {
				t.Errorf("B maps %s after the refused changes, want [0x5000,0x6000)", got)
			}
			if !gone.detachedCount() {
				t.Errorf("the unmapped VMA's count is %#x after the refused changes, want it detached", gone.RefCount())
			}
			a.Close()
			b.Close()
		})
	}
}

func TestWriterOpsNeedTheWriteLock(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	mustPanic(t, "Map without the mmap write lock", func() { mm.Map(0x3000, 0x4000, nil) })
	mustPanic(t, "Unmap without the mmap write lock", func() { mm.Unmap(0x1000, 0x2000) })
	mustPanic(t, "Split without the mmap write lock", func() { mm.Split(v, 0x1800) })
	mustPanic(t, "Resize without the mmap write lock", func() { mm.Resize(v, 0x1000, 0x1800) })
	mm.Close()
	mm.MmapWriteLock()
	mustPanic(t, "Map on a closed MM", func() { mm.Map(0x3000, 0x4000, nil) })
}

// TestCacheReusesLastFreedFirst: a Cache hands out the object freed last
// first, as its comment promises, so that a reader holding a stale
// pointer meets its reuse as soon as it can.
func TestCacheReusesLastFreedFirst(t *testing.T) {
	mm := NewMM(NewCache())
	a := mustMap(mm, 0x1000, 0x2000, "a")
	b := mustMap(mm, 0x3000, 0x4000, "b")
	mustUnmap(mm, 0x1000, 0x2000)
	mustUnmap(mm, 0x3000, 0x4000)
	if x, y := mustMap(mm, 0x5000, 0x6000, "x"), mustMap(mm, 0x7000, 0x8000, "y"); x != b || y != a {
		t.Errorf("after freeing a, then b, the next two Maps gave %p and %p, want b (%p), then a (%p)", x, y, b, a)
	}
}

// TestRecycleAcrossMMs: an object unmapped from one MM is the next one the
// other MM maps, and a reader holding the old pointer is turned away.
func TestRecycleAcrossMMs(t *testing.T) {
	c := NewCache()
	a, b := NewMM(c), NewMM(c)
	v := mustMap(a, 0x1000, 0x2000, "a")
	mustUnmap(a, 0x1000, 0x2000)
	w := mustMap(b, 0x7000, 0x8000, "b")
	if w != v {
		t.Fatal("the cache did not reuse the object it was given back last")
	}
	if got := v.StartRead(a); got != ReadWrongMM {
		t.Fatalf("stale reader of the first MM: %v, want wrong-mm", got)
	}
	if got := v.StartRead(b); got != ReadOK {
		t.Fatalf("reader of the new owner: %v", got)
	}
	v.EndRead()
	if v.Data != "b" || v.Start() != 0x7000 {
		t.Fatalf("recycled object: data %v, start %#x", v.Data, v.Start())
	}
}

// TestUnalignedRanges: addresses have no page size; any start < end is a
// range, down to a single address, and a VMA splits at any address inside
// it. Only an empty or reversed range is refused.
func TestUnalignedRanges(t *testing.T) {
	mm := NewMM(NewCache())
	v := mustMap(mm, 0x1001, 0x1007, nil)
	one := mustMap(mm, 0x1007, 0x1008, nil)
	session(mm, func() {
		if _, err := mm.Split(v, 0x1003); err != nil {
			t.Fatalf("Split at an unaligned address: %v", err)
		}
		if err := mm.Unmap(0x1004, 0x1005); err != nil {
			t.Fatalf("Unmap of an unaligned range: %v", err)
		}
		if err := mm.Resize(v, 0x1000, 0x1002); err != nil {
			t.Fatalf("Resize to an unaligned range: %v", err)
		}
		if _, err := mm.Map(0x2001, 0x2001, nil); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("empty Map: %v", err)
		}
		if _, err := mm.Split(one, 0x1007); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("Split of a one-address VMA: %v", err)
		}
	})
	if got := ranges(mm); got != "[0x1000,0x1002)[0x1003,0x1004)[0x1005,0x1007)[0x1007,0x1008)" {
		t.Fatalf("ranges %s", got)
	}
	for addr, want := range map[uint64]*VMA{0x1001: v, 0x1002: nil, 0x1007: one, 0x1008: nil} {
		got := mm.LockVMA(addr)
		if got != nil {
			got.EndRead()
		}
		if got != want {
			t.Errorf("LockVMA(%#x) = %p, want %p", addr, got, want)
		}
	}
}
