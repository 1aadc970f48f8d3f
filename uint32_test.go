package atomicfence

import (
	"math"
	"testing"
)

var (
	uint32Loads = []struct {
		name string
		f    func(*Uint32) uint32
	}{
		{"LoadRelaxed", (*Uint32).LoadRelaxed},
		{"LoadAcquire", (*Uint32).LoadAcquire},
	}
	uint32Stores = []struct {
		name string
		f    func(*Uint32, uint32)
	}{
		{"StoreRelaxed", (*Uint32).StoreRelaxed},
		{"StoreRelease", (*Uint32).StoreRelease},
	}
	uint32FetchAdds = []struct {
		name string
		f    func(*Uint32, uint32) uint32
	}{
		{"FetchAddRelaxed", (*Uint32).FetchAddRelaxed},
		{"FetchAddAcquire", (*Uint32).FetchAddAcquire},
		{"FetchAddRelease", (*Uint32).FetchAddRelease},
		{"FetchAddFull", (*Uint32).FetchAddFull},
	}
	uint32CASes = []struct {
		name string
		f    func(*Uint32, uint32, uint32) (uint32, bool)
	}{
		{"CompareAndSwapRelaxed", (*Uint32).CompareAndSwapRelaxed},
		{"CompareAndSwapAcquire", (*Uint32).CompareAndSwapAcquire},
		{"CompareAndSwapRelease", (*Uint32).CompareAndSwapRelease},
		{"CompareAndSwapFull", (*Uint32).CompareAndSwapFull},
	}
)

func TestUint32LoadStore(t *testing.T) {
	var zero Uint32
	if got := zero.LoadRelaxed(); got != 0 {
		t.Fatalf("zero value loads %d", got)
	}
	eachPath(t, func(t *testing.T) {
		for _, s := range uint32Stores {
			for _, l := range uint32Loads {
				var u Uint32
				for _, v := range []uint32{0, 1, 1 << 31, 1<<31 - 1, math.MaxUint32, 0xdeadbeef} {
					s.f(&u, v)
					if got := l.f(&u); got != v {
						t.Errorf("%s(%#x) then %s = %#x", s.name, v, l.name, got)
					}
				}
			}
		}
	})
}

// A sequence count wraps: the seqcount readers compare for equality only.
func TestUint32FetchAddWraps(t *testing.T) {
	tests := []struct{ start, delta, want uint32 }{
		{0, 1, 1},
		{0, 2, 2},
		{math.MaxUint32, 1, 0},
		{math.MaxUint32 - 1, 2, 0},
		{1<<31 - 1, 1, 1 << 31},
		{1 << 31, 1 << 31, 0},
		{5, math.MaxUint32, 4}, // adding MaxUint32 subtracts 1
	}
	eachPath(t, func(t *testing.T) {
		for _, a := range uint32FetchAdds {
			for _, tt := range tests {
				var u Uint32
				u.StoreRelaxed(tt.start)
				if old := a.f(&u, tt.delta); old != tt.start {
					t.Errorf("%#x.%s(%#x) returned %#x, want %#x", tt.start, a.name, tt.delta, old, tt.start)
				}
				if got := u.LoadRelaxed(); got != tt.want {
					t.Errorf("%#x.%s(%#x) left %#x, want %#x", tt.start, a.name, tt.delta, got, tt.want)
				}
			}
		}
	})
}

func TestUint32CompareAndSwap(t *testing.T) {
	tests := []struct{ start, old, new uint32 }{
		{0, 0, 1},
		{1, 0, 2},
		{math.MaxUint32, math.MaxUint32, 0},
		{math.MaxUint32, 1<<31 - 1, 0},
		{1 << 31, 1 << 31, math.MaxUint32},
		{1 << 31, 0, 1},
	}
	eachPath(t, func(t *testing.T) {
		for _, x := range uint32CASes {
			for _, tt := range tests {
				var u Uint32
				u.StoreRelaxed(tt.start)
				prev, swapped := x.f(&u, tt.old, tt.new)
				wantSwapped, want := tt.start == tt.old, tt.start
				if wantSwapped {
					want = tt.new
				}
				if prev != tt.start || swapped != wantSwapped {
					t.Errorf("%#x.%s(%#x, %#x) = (%#x, %v), want (%#x, %v)", tt.start, x.name, tt.old, tt.new, prev, swapped, tt.start, wantSwapped)
				}
				if got := u.LoadRelaxed(); got != want {
					t.Errorf("%#x.%s(%#x, %#x) left %#x, want %#x", tt.start, x.name, tt.old, tt.new, got, want)
				}
			}
		}
	})
}
