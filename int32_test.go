package atomicfence

import (
	"math"
	"testing"
)

var edgeValues = []int32{0, 1, -1, 2, 100, math.MaxInt32, math.MaxInt32 - 1, math.MinInt32, math.MinInt32 + 1, Saturated}

func TestInt32ZeroValue(t *testing.T) {
	var c Int32
	for _, l := range int32Loads {
		if got := l.f(&c); got != 0 {
			t.Fatalf("%s of the zero value = %d, want 0", l.name, got)
		}
	}
}

func TestInt32LoadStore(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		for _, s := range int32Stores {
			for _, l := range int32Loads {
				var c Int32
				for _, v := range edgeValues {
					s.f(&c, v)
					if got := l.f(&c); got != v {
						t.Errorf("%s(%d) then %s = %d", s.name, v, l.name, got)
					}
				}
			}
		}
	})
}

// The neighbours of a word must survive every operation on it: a routine
// that wrote 64 bits, or the wrong half, would change them.
func TestInt32LeavesNeighboursAlone(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		var w [3]Int32
		const guard = -0x5a5a5a5b
		check := func(op string) {
			t.Helper()
			if a, b := w[0].LoadRelaxed(), w[2].LoadRelaxed(); a != guard || b != guard {
				t.Fatalf("%s changed the neighbouring words to %#x, %#x", op, a, b)
			}
		}
		w[0].StoreRelaxed(guard)
		w[2].StoreRelaxed(guard)
		c := &w[1]
		for _, s := range int32Stores {
			s.f(c, -1)
			check(s.name)
		}
		for _, a := range int32FetchAdds {
			c.StoreRelaxed(-1)
			a.f(c, 1)
			check(a.name)
		}
		for _, x := range int32CASes {
			c.StoreRelaxed(0)
			x.f(c, 0, -1)
			check(x.name)
		}
		for _, a := range int32Adds {
			c.StoreRelaxed(math.MaxInt32 - 1)
			a.f(c, 1, math.MaxInt32)
			check(a.name)
		}
		for _, s := range int32Subs {
			c.StoreRelaxed(1)
			s.f(c, 1)
			check(s.name)
		}
	})
}

func TestInt32FetchAdd(t *testing.T) {
	tests := []struct {
		start, delta, want int32 // want is the value afterwards
	}{
		{0, 1, 1},
		{1, -1, 0},
		{0, -1, -1},
		{5, 0, 5},
		{-5, 3, -2},
		{100, -100, 0},
		{math.MaxInt32, 1, math.MinInt32}, // atomic_t arithmetic wraps
		{math.MinInt32, -1, math.MaxInt32},
		{math.MaxInt32, math.MaxInt32, -2},
		{math.MinInt32, math.MinInt32, 0},
		{Saturated, Saturated, math.MinInt32},
	}
	eachPath(t, func(t *testing.T) {
		for _, a := range int32FetchAdds {
			for _, tt := range tests {
				c := newInt32(tt.start)
				if old := a.f(c, tt.delta); old != tt.start {
					t.Errorf("%d.%s(%d) returned %d, want the old value %d", tt.start, a.name, tt.delta, old, tt.start)
				}
				if got := c.LoadRelaxed(); got != tt.want {
					t.Errorf("%d.%s(%d) left %d, want %d", tt.start, a.name, tt.delta, got, tt.want)
				}
			}
		}
	})
}

func TestInt32CompareAndSwap(t *testing.T) {
	tests := []struct{ start, old, new int32 }{
		{0, 0, 1},
		{0, 1, 2},
		{1, 0, 2},
		{-1, -1, 1},
		{-1, 1, 1},
		{7, 7, 7},
		{math.MaxInt32, math.MaxInt32, math.MinInt32},
		{math.MinInt32, math.MinInt32, math.MaxInt32},
		{math.MinInt32, math.MaxInt32, 0},
		{math.MaxInt32, -1, 0}, // same low bits as neither; a sign-extension slip would show
		{-1, math.MaxInt32, 0},
		{Saturated, Saturated, 0},
	}
	eachPath(t, func(t *testing.T) {
		for _, x := range int32CASes {
			for _, tt := range tests {
				c := newInt32(tt.start)
				prev, swapped := x.f(c, tt.old, tt.new)
				wantSwapped, want := tt.start == tt.old, tt.start
				if wantSwapped {
					want = tt.new
				}
				if prev != tt.start || swapped != wantSwapped {
					t.Errorf("%d.%s(%d, %d) = (%d, %v), want (%d, %v)", tt.start, x.name, tt.old, tt.new, prev, swapped, tt.start, wantSwapped)
				}
				if got := c.LoadRelaxed(); got != want {
					t.Errorf("%d.%s(%d, %d) left %d, want %d", tt.start, x.name, tt.old, tt.new, got, want)
				}
			}
		}
	})
}
