package atomicfence

import (
	"math"
	"testing"
)

func TestNotZeroLimited(t *testing.T) {
	const max = math.MaxInt32
	tests := []struct {
		start, delta, limit int32
		ok                  bool
	}{
		{0, 1, 10, false}, // zero: dead, never revived
		{1, 1, 10, true},
		{2, 1, 10, true},
		{9, 1, 10, true},   // limit-1: reaches the limit, which is inclusive
		{10, 1, 10, false}, // at the limit
		{11, 1, 10, false}, // already above the limit
		{1, 1, 1, false},   // limit 1 admits no increment at all
		{1, 1, 2, true},
		{-1, 1, 10, false}, // negative: saturated, never revived
		{math.MinInt32, 1, 10, false},
		{Saturated, 1, max, false},
		{max - 1, 1, max, true},
		{max, 1, max, false}, // old+1 overflows int32
		{max - 5, 10, max, false},
		{max - 10, 10, max, true},
		{max - 9, 10, max, false},
		{1, max - 1, max, true},
		{2, max - 1, max, false}, // 2+MaxInt32-1 overflows
		{5, max, max, false},     // limit-delta is 0
		{1, max, max, false},
		{1, 5, 3, false}, // delta above the limit: limit-delta is negative
		{7, 3, 10, true},
		{8, 3, 10, false},
		{0, 3, 10, false},
		{max, max, max, false},
		{math.MinInt32, max, max, false},
	}
	eachPath(t, func(t *testing.T) {
		for _, a := range int32Adds {
			for _, tt := range tests {
				if a.inc && tt.delta != 1 {
					continue
				}
				c := newInt32(tt.start)
				old, ok := a.f(c, tt.delta, tt.limit)
				want := tt.start
				if tt.ok {
					want += tt.delta
				}
				if old != tt.start || ok != tt.ok {
					t.Errorf("%d.%s(delta %d, limit %d) = (%d, %v), want (%d, %v)", tt.start, a.name, tt.delta, tt.limit, old, ok, tt.start, tt.ok)
				}
				if got := c.LoadRelaxed(); got != want {
					t.Errorf("%d.%s(delta %d, limit %d) left %d, want %d", tt.start, a.name, tt.delta, tt.limit, got, want)
				}
			}
		}
	})
}

// Exhaustive over small values: the result must agree with the definition
// written in 64-bit arithmetic, where nothing overflows.
func TestNotZeroLimitedSmallValues(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		for _, a := range int32Adds {
			for start := int32(-3); start <= 12; start++ {
				for delta := int32(1); delta <= 12; delta++ {
					if a.inc && delta != 1 {
						continue
					}
					for limit := int32(1); limit <= 12; limit++ {
						wantOK := start > 0 && int64(start)+int64(delta) <= int64(limit)
						c := newInt32(start)
						old, ok := a.f(c, delta, limit)
						if old != start || ok != wantOK {
							t.Fatalf("%d.%s(delta %d, limit %d) = (%d, %v), want (%d, %v)", start, a.name, delta, limit, old, ok, start, wantOK)
						}
					}
				}
			}
		}
	})
}

func TestNotZeroLimitedPanics(t *testing.T) {
	for _, a := range int32Adds {
		for _, limit := range []int32{0, -1, math.MinInt32} {
			c := newInt32(1)
			wantPanic[badLimit](t, func() { a.f(c, 1, limit) }, "atomicfence: limit "+itoa(limit)+" is not positive")
			if got := c.LoadRelaxed(); got != 1 {
				t.Errorf("%s with limit %d changed the count to %d", a.name, limit, got)
			}
		}
		if a.inc {
			continue
		}
		for _, delta := range []int32{0, -1, math.MinInt32} {
			c := newInt32(1)
			wantPanic[badDelta](t, func() { a.f(c, delta, 10) }, "atomicfence: delta "+itoa(delta)+" is not positive")
			// delta is checked first
			wantPanic[badDelta](t, func() { a.f(c, delta, 0) }, "atomicfence: delta "+itoa(delta)+" is not positive")
			if got := c.LoadRelaxed(); got != 1 {
				t.Errorf("%s with delta %d changed the count to %d", a.name, delta, got)
			}
		}
	}
}
