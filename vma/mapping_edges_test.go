package vma_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/vma"
)

// edgeRanges lists the MM's VMAs as "[start,end)" strings, under the
// mmap read lock.
func edgeRanges(mm *vma.MM) string {
	mm.MmapReadLock()
	defer mm.MmapReadUnlock()
	var b strings.Builder
	for v := range mm.VMAs() {
		fmt.Fprintf(&b, "[%#x,%#x)", v.Start(), v.End())
	}
	return b.String()
}

// edgeSession runs fn in a write session of mm.
func edgeSession(mm *vma.MM, fn func()) {
	mm.MmapWriteLock()
	defer mm.MmapWriteUnlock()
	fn()
}

func edgeMap(t *testing.T, mm *vma.MM, start, end uint64, data any) *vma.VMA {
	t.Helper()
	var v *vma.VMA
	var err error
	edgeSession(mm, func() { v, err = mm.Map(start, end, data) })
	if err != nil {
		t.Fatalf("Map(%#x, %#x): %v", start, end, err)
	}
	return v
}

// lookupAll checks FindVMA, LockVMA and Fault at addr against want (nil:
// nothing covers addr). No writer may hold the mmap lock.
func lookupAll(t *testing.T, mm *vma.MM, addr uint64, want *vma.VMA) {
	t.Helper()
	mm.MmapReadLock()
	got := mm.FindVMA(addr)
	mm.MmapReadUnlock()
	if got != want {
		t.Errorf("FindVMA(%#x) = %p, want %p", addr, got, want)
	}
	if got = mm.LockVMA(addr); got != nil {
		got.EndRead()
	}
	if got != want {
		t.Errorf("LockVMA(%#x) = %p, want %p", addr, got, want)
	}
	got = nil
	found := mm.Fault(addr, func(v *vma.VMA) { got = v })
	if found != (want != nil) || got != want {
		t.Errorf("Fault(%#x) = %v with %p, want %p", addr, found, got, want)
	}
}

// TestMapRangeEdges: Map refuses an empty or reversed range and any range
// that shares an address with a VMA, whichever way it meets it, accepts
// ranges that only touch, and leaves the MM unchanged when it refuses.
func TestMapRangeEdges(t *testing.T) {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	mid := edgeMap(t, mm, 0x10, 0x20, "mid")
	const want = "[0x10,0x20)"
	for _, c := range []struct {
		start, end uint64
		err        error
	}{
		{0x30, 0x30, vma.ErrInvalidRange},
		{0x31, 0x30, vma.ErrInvalidRange},
		{0, 0, vma.ErrInvalidRange},
		{math.MaxUint64, math.MaxUint64, vma.ErrInvalidRange},
		{math.MaxUint64, 0, vma.ErrInvalidRange},
		{0x15, 0x15, vma.ErrInvalidRange}, // empty, inside a VMA
		{0x8, 0x11, vma.ErrOverlap},       // over the first address
		{0x1f, 0x28, vma.ErrOverlap},      // over the last address
		{0x12, 0x18, vma.ErrOverlap},      // inside
		{0x10, 0x20, vma.ErrOverlap},      // the same range
		{0x0, math.MaxUint64, vma.ErrOverlap},
		{0x10, 0x11, vma.ErrOverlap},
		{0x1f, 0x20, vma.ErrOverlap},
	} {
		edgeSession(mm, func() {
			v, err := mm.Map(c.start, c.end, nil)
			if !errors.Is(err, c.err) || v != nil {
				t.Errorf("Map(%#x, %#x) = %p, %v; want %v", c.start, c.end, v, err, c.err)
			}
		})
		if got := edgeRanges(mm); got != want {
			t.Fatalf("after the refused Map(%#x, %#x): %s", c.start, c.end, got)
		}
	}
	lo := edgeMap(t, mm, 0x0, 0x10, "lo")  // touches mid's start, from address 0
	hi := edgeMap(t, mm, 0x20, 0x21, "hi") // touches mid's end, one address long
	top := edgeMap(t, mm, math.MaxUint64-1, math.MaxUint64, "top")
	if got := edgeRanges(mm); got != "[0x0,0x10)[0x10,0x20)[0x20,0x21)[0xfffffffffffffffe,0xffffffffffffffff)" {
		t.Fatalf("ranges %s", got)
	}
	for addr, want := range map[uint64]*vma.VMA{
		0: lo, 0xf: lo, 0x10: mid, 0x1f: mid, 0x20: hi, 0x21: nil,
		math.MaxUint64 - 2: nil, math.MaxUint64 - 1: top, math.MaxUint64: nil,
	} {
		lookupAll(t, mm, addr, want)
	}
	edgeSession(mm, func() {
		if _, err := mm.Map(math.MaxUint64-1, math.MaxUint64, nil); !errors.Is(err, vma.ErrOverlap) {
			t.Errorf("second Map of the top address: %v", err)
		}
	})
}

// TestSplitEdges: Split refuses a split point at or outside the VMA's
// ends, and a VMA that is not the MM's, and splits at the last address.
func TestSplitEdges(t *testing.T) {
	c := vma.NewCache()
	mm, other := vma.NewMM(c), vma.NewMM(c)
	defer mm.Close()
	defer other.Close()
	v := edgeMap(t, mm, 0x10, 0x20, "v")
	top := edgeMap(t, mm, math.MaxUint64-2, math.MaxUint64, "top")
	foreign := edgeMap(t, other, 0x10, 0x20, "other")
	gone := edgeMap(t, mm, 0x40, 0x50, nil)
	edgeSession(mm, func() {
		if err := mm.Unmap(0x40, 0x50); err != nil {
			t.Fatal(err)
		}
	})
	edgeSession(mm, func() {
		for _, c := range []struct {
			v   *vma.VMA
			at  uint64
			err error
		}{
			{v, 0x10, vma.ErrInvalidRange},
			{v, 0x20, vma.ErrInvalidRange},
			{v, 0x0, vma.ErrInvalidRange},
			{v, 0x30, vma.ErrInvalidRange},
			{v, math.MaxUint64, vma.ErrInvalidRange},
			{top, math.MaxUint64, vma.ErrInvalidRange},
			{nil, 0x18, vma.ErrForeignVMA},
			{foreign, 0x18, vma.ErrForeignVMA},
			{gone, 0x48, vma.ErrForeignVMA},
		} {
			n, err := mm.Split(c.v, c.at)
			if !errors.Is(err, c.err) || n != nil {
				t.Errorf("Split(%p, %#x) = %p, %v; want %v", c.v, c.at, n, err, c.err)
			}
		}
	})
	if got := edgeRanges(mm); got != "[0x10,0x20)[0xfffffffffffffffd,0xffffffffffffffff)" {
		t.Fatalf("after refused splits: %s", got)
	}
	var n1, n2 *vma.VMA
	edgeSession(mm, func() {
		var err error
		if n1, err = mm.Split(v, 0x1f); err != nil { // the last address alone
			t.Fatal(err)
		}
		if n2, err = mm.Split(top, math.MaxUint64-1); err != nil {
			t.Fatal(err)
		}
	})
	if got := edgeRanges(mm); got != "[0x10,0x1f)[0x1f,0x20)[0xfffffffffffffffd,0xfffffffffffffffe)[0xfffffffffffffffe,0xffffffffffffffff)" {
		t.Fatalf("after splits: %s", got)
	}
	if n1.Data != "v" || n2.Data != "top" {
		t.Fatalf("split halves carry %v, %v", n1.Data, n2.Data)
	}
	lookupAll(t, mm, 0x1e, v)
	lookupAll(t, mm, 0x1f, n1)
	lookupAll(t, mm, 0x20, nil)
	lookupAll(t, mm, math.MaxUint64-2, top)
	lookupAll(t, mm, math.MaxUint64-1, n2)
	lookupAll(t, mm, math.MaxUint64, nil)
}

// TestResizeEdges: Resize refuses an empty or reversed range, a range
// that shares an address with another VMA, and a VMA that is not the
// MM's, leaving the MM unchanged; it accepts a range that touches a
// neighbour, the VMA's own range, and a move past its neighbours.
func TestResizeEdges(t *testing.T) {
	c := vma.NewCache()
	mm, other := vma.NewMM(c), vma.NewMM(c)
	defer mm.Close()
	defer other.Close()
	a := edgeMap(t, mm, 0x10, 0x20, "a")
	b := edgeMap(t, mm, 0x30, 0x40, "b")
	foreign := edgeMap(t, other, 0x50, 0x60, nil)
	const want = "[0x10,0x20)[0x30,0x40)"
	edgeSession(mm, func() {
		for _, c := range []struct {
			v          *vma.VMA
			start, end uint64
			err        error
		}{
			{a, 0x18, 0x18, vma.ErrInvalidRange},
			{a, 0x20, 0x10, vma.ErrInvalidRange},
			{a, math.MaxUint64, math.MaxUint64, vma.ErrInvalidRange},
			{a, 0x10, 0x31, vma.ErrOverlap},
			{a, 0x3f, 0x50, vma.ErrOverlap},
			{a, 0x0, math.MaxUint64, vma.ErrOverlap},
			{a, 0x32, 0x38, vma.ErrOverlap},
			{nil, 0x10, 0x20, vma.ErrForeignVMA},
			{foreign, 0x50, 0x58, vma.ErrForeignVMA},
		} {
			if err := mm.Resize(c.v, c.start, c.end); !errors.Is(err, c.err) {
				t.Errorf("Resize(%p, %#x, %#x) = %v; want %v", c.v, c.start, c.end, err, c.err)
			}
		}
	})
	if got := edgeRanges(mm); got != want {
		t.Fatalf("after refused resizes: %s", got)
	}
	edgeSession(mm, func() {
		for _, r := range [][2]uint64{{0x10, 0x30}, {0x0, 0x30}, {0x10, 0x20}, {0x40, 0x41}, {math.MaxUint64 - 1, math.MaxUint64}} {
			if err := mm.Resize(a, r[0], r[1]); err != nil {
				t.Fatalf("Resize to [%#x, %#x): %v", r[0], r[1], err)
			}
		}
	})
	if got := edgeRanges(mm); got != "[0x30,0x40)[0xfffffffffffffffe,0xffffffffffffffff)" {
		t.Fatalf("after the moves: %s", got)
	}
	lookupAll(t, mm, 0x10, nil)
	lookupAll(t, mm, 0x40, nil)
	lookupAll(t, mm, 0x3f, b)
	lookupAll(t, mm, math.MaxUint64-1, a)
	lookupAll(t, mm, math.MaxUint64, nil)
}

// TestUnmapEdges: Unmap removes whatever part of each VMA lies in the
// range, across holes and several VMAs, splitting the VMAs that straddle
// its ends, and an Unmap of nothing succeeds and changes nothing.
func TestUnmapEdges(t *testing.T) {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	unmap := func(start, end uint64, want error) {
		t.Helper()
		var err error
		edgeSession(mm, func() { err = mm.Unmap(start, end) })
		if !errors.Is(err, want) {
			t.Fatalf("Unmap(%#x, %#x) = %v, want %v", start, end, err, want)
		}
	}
	a := edgeMap(t, mm, 0x10, 0x20, "a")
	edgeMap(t, mm, 0x20, 0x30, "b")
	edgeMap(t, mm, 0x40, 0x50, "c")
	edgeMap(t, mm, math.MaxUint64-4, math.MaxUint64, "top")
	const all = "[0x10,0x20)[0x20,0x30)[0x40,0x50)[0xfffffffffffffffb,0xffffffffffffffff)"
	unmap(0x18, 0x18, vma.ErrInvalidRange)
	unmap(0x20, 0x10, vma.ErrInvalidRange)
	unmap(math.MaxUint64, math.MaxUint64, vma.ErrInvalidRange)
	unmap(0x0, 0x10, nil)  // nothing, touching a's start
	unmap(0x30, 0x40, nil) // the hole between b and c exactly
	unmap(0x50, math.MaxUint64-4, nil)
	if got := edgeRanges(mm); got != all {
		t.Fatalf("after unmapping nothing: %s", got)
	}
	unmap(0x11, 0x12, nil) // inside a: a splits twice
	unmap(0x1f, 0x41, nil) // a's last address, all of b, the hole, c's first
	if got := edgeRanges(mm); got != "[0x10,0x11)[0x12,0x1f)[0x41,0x50)[0xfffffffffffffffb,0xffffffffffffffff)" {
		t.Fatalf("after partial unmaps: %s", got)
	}
	lookupAll(t, mm, 0x10, a)
	lookupAll(t, mm, 0x11, nil)
	lookupAll(t, mm, 0x1f, nil)
	lookupAll(t, mm, 0x40, nil)
	unmap(math.MaxUint64-1, math.MaxUint64, nil)
	unmap(0, math.MaxUint64-2, nil)
	if got := edgeRanges(mm); got != "[0xfffffffffffffffd,0xfffffffffffffffe)" {
		t.Fatalf("after unmapping below the top: %s", got)
	}
	unmap(0, math.MaxUint64, nil)
	if got := edgeRanges(mm); got != "" {
		t.Fatalf("after unmapping everything: %s", got)
	}
}

// TestResizeBelowReader: a writer that shrinks a VMA below the address a
// reader holds it for waits until that reader has left, and the address
// is not found afterwards.
func TestResizeBelowReader(t *testing.T) {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	v := edgeMap(t, mm, 0x10, 0x40, "v")
	changeBelowReader(t, mm, v, "Resize", func() error { return mm.Resize(v, 0x10, 0x20) })
	lookupAll(t, mm, 0x30, nil)
	lookupAll(t, mm, 0x1f, v)
	lookupAll(t, mm, 0x20, nil)
}

// TestSplitBelowReader: Split write-locks the VMA before it shrinks it, so
// a reader that holds the VMA keeps the range it checked until it
// releases it, and the split waits for that.
func TestSplitBelowReader(t *testing.T) {
	mm := vma.NewMM(vma.NewCache())
	defer mm.Close()
	v := edgeMap(t, mm, 0x10, 0x40, "v")
	var n *vma.VMA
	changeBelowReader(t, mm, v, "Split", func() (err error) {
		n, err = mm.Split(v, 0x20)
		return err
	})
	lookupAll(t, mm, 0x1f, v)
	lookupAll(t, mm, 0x20, n)
	lookupAll(t, mm, 0x3f, n)
}

// changeBelowReader read-locks v, mapped at [0x10, 0x40), for address
// 0x30 and runs change, named op, in a write session meanwhile; it fails
// unless the change waits for the reader and the reader keeps its range
// while it holds v.
func changeBelowReader(t *testing.T, mm *vma.MM, v *vma.VMA, op string, change func() error) {
	t.Helper()
	held := mm.LockVMA(0x30)
	if held != v {
		t.Fatalf("LockVMA(0x30) = %p, want %p", held, v)
	}
	done := make(chan error)
	go func() {
		var err error
		edgeSession(mm, func() { err = change() })
		done <- err
	}()
	select {
	case err := <-done:
		held.EndRead()
		t.Fatalf("%s returned (%v) while a reader held the VMA", op, err)
	case <-time.After(20 * time.Millisecond):
	}
	// The reader releases the VMA before any failure, so that the writer
	// finishes and the MM closes.
	start, end := held.Start(), held.End()
	held.EndRead()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if start != 0x10 || end != 0x40 {
		t.Fatalf("the reader saw [%#x, %#x) while it held the VMA", start, end)
	}
}

// TestLookupsDuringChanges: readers look up addresses without the mmap
// lock while a writer maps, unmaps, splits and resizes; every VMA a
// lookup returns covers the address and belongs to the MM while it is
// held, and no lookup under the mmap read lock sees two VMAs over one
// address.
func TestLookupsDuringChanges(t *testing.T) {
	rounds := 3000
	if testing.Short() {
		rounds = 500
	}
	for _, kind := range []string{"count", "rwsem", "fetchadd"} {
		t.Run(kind, func(t *testing.T) {
			var c *vma.Cache
			p := vma.PlacementAcquire
			switch kind {
			case "count":
				c = vma.NewCache()
			case "rwsem":
				c, p = vma.NewRWSemCache(), vma.PlacementRWSem
			case "fetchadd":
				c, p = vma.NewFetchAddCache(), vma.PlacementFetchAdd
			}
			mm := vma.NewMM(c)
			defer mm.Close()
			var stop atomic.Bool
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			report := func(err error) {
				select {
				case errs <- err:
				default:
				}
			}
			for r := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(r), 1))
					for !stop.Load() {
						a := rng.Uint64N(72)
						if v := mm.LockVMAWith(a, p); v != nil {
							if v.MM() != mm || v.Start() > a || a >= v.End() {
								report(fmt.Errorf("LockVMAWith(%#x) = [%#x, %#x) of %p", a, v.Start(), v.End(), v.MM()))
							}
							v.EndReadWith(p)
						}
						mm.FaultWith(a, p, func(v *vma.VMA) {
							if v.MM() != mm || v.Start() > a || a >= v.End() {
								report(fmt.Errorf("FaultWith(%#x) ran with [%#x, %#x) of %p", a, v.Start(), v.End(), v.MM()))
							}
						})
						mm.MmapReadLock()
						var prev uint64
						for v := range mm.VMAs() {
							if v.Start() >= v.End() || v.Start() < prev {
								report(fmt.Errorf("VMAs: [%#x, %#x) after one ending at %#x", v.Start(), v.End(), prev))
							}
							prev = v.End()
						}
						if v := mm.FindVMA(a); v != nil && (v.Start() > a || a >= v.End()) {
							report(fmt.Errorf("FindVMA(%#x) = [%#x, %#x)", a, v.Start(), v.End()))
						}
						mm.MmapReadUnlock()
					}
				}()
			}
			rng := rand.New(rand.NewPCG(7, 7))
			for range rounds {
				edgeSession(mm, func() {
					x, y := rng.Uint64N(72), rng.Uint64N(72)
					switch rng.IntN(4) {
					case 0:
						mm.Map(x, y, nil)
					case 1:
						mm.Unmap(x, y)
					case 2:
						if v := mm.FindVMA(x); v != nil {
							mm.Split(v, y)
						}
					case 3:
						if v := mm.FindVMA(x); v != nil {
							mm.Resize(v, min(x, y), max(x, y)+1)
						}
					}
				})
			}
			stop.Store(true)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}
