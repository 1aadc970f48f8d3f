//go:build linux

package stress

import "golang.org/x/sys/unix"

// allowedCPUs returns the CPUs that this thread may run on, in order, or
// nil when it cannot tell.
func allowedCPUs() []int {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil
	}
	return setCPUs(&set)
}

// setCPUs returns the CPUs in set, in order.
func setCPUs(set *unix.CPUSet) []int {
	var cpus []int
	for c := 0; len(cpus) < set.Count(); c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus
}

// pin binds the calling OS thread, which the caller has locked to its
// goroutine, to one CPU.
func pin(cpu int) error {
	var set unix.CPUSet
	set.Set(cpu)
	return unix.SchedSetaffinity(0, &set)
}
