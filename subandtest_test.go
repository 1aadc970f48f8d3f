package atomicfence

import (
	"math"
	"strconv"
	"testing"
)

func itoa(v int32) string { return strconv.Itoa(int(v)) }

func TestSubAndTest(t *testing.T) {
	const max = math.MaxInt32
	tests := []struct {
		start, delta int32
		zero         bool
	}{
		{1, 1, true},
		{2, 1, false},
		{10, 1, false},
		{max, 1, false},
		{max, max, true},
		{max, max - 1, false},
		{5, 3, false},
		{3, 3, true},
	}
	eachPath(t, func(t *testing.T) {
		for _, s := range int32Subs {
			for _, tt := range tests {
				if s.dec && tt.delta != 1 {
					continue
				}
				c := newInt32(tt.start)
				old, zero := s.f(c, tt.delta)
				if old != tt.start || zero != tt.zero {
					t.Errorf("%d.%s(%d) = (%d, %v), want (%d, %v)", tt.start, s.name, tt.delta, old, zero, tt.start, tt.zero)
				}
				if got, want := c.LoadRelaxed(), tt.start-tt.delta; got != want {
					t.Errorf("%d.%s(%d) left %d, want %d", tt.start, s.name, tt.delta, got, want)
				}
			}
		}
	})
}

// A release without a matching acquire panics and leaves the count
// saturated, so that nothing revives it even when the panic is recovered.
func TestSubAndTestUnderflow(t *testing.T) {
	tests := []struct{ start, delta int32 }{
		{0, 1},
		{-1, 1},
		{Saturated, 1},
		{math.MinInt32, 1}, // would wrap to MaxInt32 without saturation
		{math.MinInt32 + 1, 2},
		{2, 3},
		{1, math.MaxInt32},
		{-5, math.MaxInt32}, // would wrap to a positive count
	}
	eachPath(t, func(t *testing.T) {
		for _, s := range int32Subs {
			for _, tt := range tests {
				if s.dec && tt.delta != 1 {
					continue
				}
				c := newInt32(tt.start)
				want := "atomicfence: count " + itoa(tt.start) + " is below the " + itoa(tt.delta) +
					" subtracted, a release without a matching acquire; the count is now saturated at " + itoa(Saturated)
				wantPanic[underflow](t, func() { s.f(c, tt.delta) }, want)
				if got := c.LoadRelaxed(); got != Saturated {
					t.Errorf("%d.%s(%d) left %d, want Saturated (%d)", tt.start, s.name, tt.delta, got, Saturated)
				}
				for _, a := range int32Adds {
					if old, ok := a.f(c, 1, math.MaxInt32); ok || old != Saturated {
						t.Errorf("%s on a saturated count = (%d, %v), want (%d, false)", a.name, old, ok, Saturated)
					}
				}
			}
		}
	})
}

func TestSubAndTestBadDelta(t *testing.T) {
	for _, delta := range []int32{0, -1, math.MinInt32} {
		c := newInt32(5)
		wantPanic[badDelta](t, func() { c.SubAndTest(delta) }, "atomicfence: delta "+itoa(delta)+" is not positive")
		if got := c.LoadRelaxed(); got != 5 {
			t.Errorf("SubAndTest(%d) changed the count to %d", delta, got)
		}
	}
}
