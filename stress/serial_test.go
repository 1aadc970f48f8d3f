package stress

import (
	"slices"
	"strings"
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
			l, regs := runThreadAfterThread(s, first)
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

// TestVMAShapesRunThreadAfterThread runs each VMA shape with the writer
// wholly before the reader and the other way round. After the writer the
// reader takes the lock (r0=1) and reads its vm_lock_seq (r1=1), and the
// count holds its reference; before it the reader fails (r0=0) and reads
// the old vm_lock_seq, and the count is the writer's release of it alone.
// A reader that never took the lock would make every run of the shape
// vacuously Never.
func TestVMAShapesRunThreadAfterThread(t *testing.T) {
	// The count after both threads: writer first, then reader first.
	counts := map[string][2]int32{
		"VMA+acquire": {2, 1}, "VMA+relaxed+rmb": {2, 1}, "VMA+relaxed": {2, 1}, "VMA+seqcst": {2, 1},
		"VMA+fetchadd": {vmaOffset + 2, vmaOffset + 1},
		"VMA+rwsem":    {rwsemReaderBias, 0},
	}
	for _, s := range Shapes() {
		if !strings.HasPrefix(s.Name, "VMA+") {
			continue
		}
		want, ok := counts[s.Name]
		if !ok {
			t.Errorf("%s: no counts to check it against", s.Name)
			continue
		}
		for first := range 2 {
			l, regs := runThreadAfterThread(s, first)
			got := [3]int32{regs[1][0], regs[1][1], l[1].LoadRelaxed()}
			if taken := int32(1 - first); got != [3]int32{taken, taken, want[first]} {
				t.Errorf("%s, thread %d first: r0, r1 and the count %v, want %v", s.Name, first, got, [3]int32{taken, taken, want[first]})
			}
		}
	}
}

// runThreadAfterThread runs a two-thread shape's threads one after the
// other, thread first first, on fresh locations, and returns the locations
// and each thread's registers.
func runThreadAfterThread(s *Shape, first int) (loc, [][]int32) {
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
	return l, regs
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
