//go:build linux

package stress

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// canPin tells whether a thread of this process may bind itself to cpu,
// trying it on a thread of its own, which then ends with its goroutine.
func canPin(cpu int) error {
	done := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends here
		var set unix.CPUSet
		set.Set(cpu)
		done <- unix.SchedSetaffinity(0, &set)
	}()
	return <-done
}

// Each worker runs on the one CPU that Result.CPUs names for it: the t-th
// CPU that the process may use, modulo their number, so that a shape with
// more threads than CPUs starts over from the first. Each thread records,
// in every iteration, the CPU that the kernel lets it run on.
func TestRunPinsEachWorkerToItsCPU(t *testing.T) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		t.Skipf("sched_getaffinity: %v", err)
	}
	allowed := setCPUs(&set)
	if err := canPin(allowed[len(allowed)-1]); err != nil {
		t.Skipf("this process may not pin a thread: %v", err)
	}
	where := func(_ loc, r []int32) {
		var set unix.CPUSet
		r[0] = -1
		if unix.SchedGetaffinity(0, &set) == nil && set.Count() == 1 {
			r[0] = int32(setCPUs(&set)[0])
		}
	}
	s := &Shape{
		Name:    "where",
		Locs:    []Loc{{"x", 0}},
		Threads: []Thread{{[]string{"r0"}, where}, {[]string{"r0"}, where}, {[]string{"r0"}, where}},
		Exists:  []Eq{{"0:r0", -1}},
	}
	res := mustRun(t, s, Config{Iterations: 20, Runs: 2})
	if res.PinErr != nil {
		t.Fatalf("pinning to the CPUs %v failed: %v", allowed, res.PinErr)
	}
	want := make([]int, len(s.Threads))
	for i := range want {
		want[i] = allowed[i%len(allowed)]
	}
	if !slices.Equal(res.CPUs, want) {
		t.Errorf("CPUs %v, want %v of the CPUs %v", res.CPUs, want, allowed)
	}
	for _, st := range res.States() {
		for i, c := range st.Values {
			if int(c) != want[i] {
				t.Errorf("thread %d ran on CPU %d (-1: on more than one), want %d: %s in %d iterations", i, c, want[i], res.Format(st), st.Count)
			}
		}
	}
}

// A process that may use fewer CPUs than the shape has threads makes them
// take turns, whatever GOMAXPROCS says: here the calling thread, from whose
// CPUs Run takes the workers', may use one CPU alone, and both workers of
// SB are pinned to it.
func TestRunOnFewerCPUsThanThreads(t *testing.T) {
	runtime.LockOSThread()
	var saved unix.CPUSet
	if err := unix.SchedGetaffinity(0, &saved); err != nil {
		runtime.UnlockOSThread()
		t.Skipf("sched_getaffinity: %v", err)
	}
	cpu := setCPUs(&saved)[0]
	var one unix.CPUSet
	one.Set(cpu)
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		runtime.UnlockOSThread()
		t.Skipf("sched_setaffinity: %v", err)
	}
	defer func() {
		// A thread left on one CPU stays locked, and ends with the test.
		if err := unix.SchedSetaffinity(0, &saved); err != nil {
			t.Errorf("giving the thread its CPUs back: %v", err)
			return
		}
		runtime.UnlockOSThread()
	}()
	sb, _ := Lookup("SB")
	res := mustRun(t, sb, Config{Iterations: 200, Runs: 2})
	if res.Procs != 1 || !res.TookTurns() || !slices.Equal(res.CPUs, []int{cpu, cpu}) || res.Total() != 400 {
		t.Errorf("on CPU %d alone: Procs %d, TookTurns %v, CPUs %v, %d iterations; want 1, true, [%d %d], 400",
			cpu, res.Procs, res.TookTurns(), res.CPUs, res.Total(), cpu, cpu)
	}
	if got, want := res.Setup(), fmt.Sprintf(", pinned to CPUs %d %d, 2 threads on 1 processor, so they took turns, ", cpu, cpu); !strings.Contains(got, want) {
		t.Errorf("Setup() = %q, want it to hold %q", got, want)
	}
}

// setCPUs lists the CPUs of a set in order, those past the first word of
// the mask too, and nothing for an empty set: the tests above take their
// CPUs from it, so it is checked on a set of its own.
func TestSetCPUs(t *testing.T) {
	var set unix.CPUSet
	if got := setCPUs(&set); len(got) != 0 {
		t.Errorf("setCPUs of an empty set = %v", got)
	}
	want := []int{0, 2, 5, 70}
	for _, c := range want {
		set.Set(c)
	}
	if got := setCPUs(&set); !slices.Equal(got, want) {
		t.Errorf("setCPUs = %v, want %v", got, want)
	}
}
