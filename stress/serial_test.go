package stress

import (
	"slices"
	"testing"

	"github.com/atomicfence/atomicfence"
)

// TestClassicShapesRunThreadAfterThread runs each two-thread shape of the
// catalogue with one thread wholly before the other, both ways, and checks
// the registers and final locations against what its litmus text gives for
// that order: a location, a value or a register that the code gets wrong
// shows here, with no concurrency needed.
func TestClassicShapesRunThreadAfterThread(t *testing.T) {
	// The recorded values in the order of the shape's condition: for
	// SB and LB 0:r0 then 1:r0, for MP 1:r0 then 1:r1, for 2+2W x then y.
	sb := [2][]int32{{0, 1}, {1, 0}}
	mp := [2][]int32{{1, 1}, {0, 0}}
	w2 := [2][]int32{{1, 2}, {2, 1}}
	want := map[string][2][]int32{
		"SB": sb, "SB+mb": sb, "SB+rel+acq": sb,
		"MP": mp, "MP+wmb+rmb": mp, "MP+rel+acq": mp,
		"LB": sb, "LB+mb": sb,
		"2+2W": w2, "2+2W+wmb": w2,
	}
	for name, w := range want {
		s, ok := Lookup(name)
		if !ok {
			t.Errorf("no shape %s", name)
			continue
		}
		for first := range 2 {
			words := make([]atomicfence.Int32, len(s.Locs))
			l := make(loc, len(s.Locs))
			for i := range l {
				l[i] = &words[i]
				l[i].StoreRelaxed(s.Locs[i].Init)
			}
			regs := make([][]int32, len(s.Threads))
			for _, th := range []int{first, 1 - first} {
				regs[th] = make([]int32, len(s.Threads[th].Regs))
				s.Threads[th].Code(l, regs[th])
			}
			got := make([]int32, 0, len(s.Exists))
			for _, e := range s.Exists {
				got = append(got, serialValue(t, s, e.Var, l, regs))
			}
			if !slices.Equal(got, w[first]) {
				t.Errorf("%s, thread %d first: %v = %v, want %v", name, first, s.Exists, got, w[first])
			}
		}
	}
}

// serialValue reads the register "T:reg" or the location called name.
func serialValue(t *testing.T, s *Shape, name string, l loc, regs [][]int32) int32 {
	for th, thr := range s.Threads {
		for i, r := range thr.Regs {
			if name == string(rune('0'+th))+":"+r {
				return regs[th][i]
			}
		}
	}
	for i, lc := range s.Locs {
		if lc.Name == name {
			return l[i].LoadRelaxed()
		}
	}
	t.Fatalf("%s: no register or location %s", s.Name, name)
	return 0
}
