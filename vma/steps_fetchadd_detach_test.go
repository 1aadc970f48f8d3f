//go:build vmasteps

package vma

import "testing"

// A fetch-add reader whose increment is still in when the writer detaches
// the VMA undoes it, and the undo wakes the writer if it leaves the count
// at the detached target: the detach found the transient increment, and
// nobody else is left to wake it.
func TestStepFetchAddUndoWakesDetach(t *testing.T) {
	mm := NewMM(NewFetchAddCache())
	v := mustMap(mm, 0x1000, 0x2000, nil)
	other := NewMM(NewCache())
	in, leave := make(chan struct{}), make(chan struct{})
	onStep(t, func(p hookPoint, _ *VMA) {
		if p == hookUndoing {
			close(in)
			<-leave
		}
	})
	read := make(chan ReadResult, 1)
	err := finishes(func() error {
		session(mm, func() {
			v.StartWrite()
			// A reader of another MM passes the early check and keeps its
			// increment until the writer sleeps in the detach.
			go func() { read <- v.StartReadWith(other, PlacementFetchAdd) }()
			<-in
			mm.testHook = func(p hookPoint, _ *VMA) {
				if p == hookWriterSleep {
					select {
					case <-leave:
					default:
						close(leave)
					}
				}
			}
			if err := mm.Unmap(0x1000, 0x2000); err != nil {
				t.Error(err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := <-read; got != ReadWrongMM {
		t.Errorf("StartReadWith of another MM's VMA = %v, want wrong MM", got)
	}
	if faRel(v) != faDetached {
		t.Errorf("count after the detach %#x, want faBase+faDetached", v.RefCount())
	}
}
