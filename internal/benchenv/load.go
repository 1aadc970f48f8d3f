package benchenv

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// Load is the system's load average, the mean number of threads running
// or waiting for a CPU, beside the number of CPUs that serve them. The zero
// Load is one that could not be read.
type Load struct {
	Avg  [3]float64 // over the last 1, 5 and 15 minutes
	CPUs int        // logical CPUs, as runtime.NumCPU counts them
}

// ReadLoad reads the load average from /proc/loadavg, which Linux has; on
// other systems it returns the zero Load.
func ReadLoad() Load {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return Load{}
	}
	return parseProcLoadavg(string(b), runtime.NumCPU())
}

// parseProcLoadavg reads /proc/loadavg's "0.42 0.30 0.20 1/91 11529".
func parseProcLoadavg(s string, cpus int) Load {
	l := Load{CPUs: cpus}
	if _, err := fmt.Sscan(s, &l.Avg[0], &l.Avg[1], &l.Avg[2]); err != nil || cpus < 1 {
		return Load{}
	}
	return l
}

// Available reports whether the load average was read.
func (l Load) Available() bool { return l.CPUs > 0 }

// Overloaded reports whether, over the last minute, more threads wanted a
// CPU than the machine has: a benchmark then waits for its turn, and its
// timings measure the queue.
func (l Load) Overloaded() bool { return l.Available() && l.Avg[0] > float64(l.CPUs) }

// String is "0.42 0.30 0.20, 2 CPUs", or "unavailable".
func (l Load) String() string {
	if !l.Available() {
		return "unavailable"
	}
	return fmt.Sprintf("%.2f %.2f %.2f, %d CPUs", l.Avg[0], l.Avg[1], l.Avg[2], l.CPUs)
}

// ParseLoad reads what String writes; anything else is the zero Load.
func ParseLoad(s string) Load {
	var l Load
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%f %f %f, %d CPUs", &l.Avg[0], &l.Avg[1], &l.Avg[2], &l.CPUs); err != nil || l.CPUs < 1 {
		return Load{}
	}
	return l
}

// The load average is recorded in the raw results on a line of its own
// that is not a configuration line: benchstat makes a table of its own for
// every value of a configuration key, and the load differs from run to run.
const loadLinePrefix = "Load average at the "

// LoadLine is the line that records l taken at when ("start" or "end") of
// a run, newline included.
func LoadLine(when string, l Load) string {
	return fmt.Sprintf("%s%s of the run: %s\n", loadLinePrefix, when, l)
}

// FindLoad returns the load recorded by LoadLine(when, …) in raw results,
// or the zero Load.
func FindLoad(raw []byte, when string) Load {
	prefix := []byte(loadLinePrefix + when + " of the run: ")
	for line := range bytes.Lines(raw) {
		if v, ok := bytes.CutPrefix(line, prefix); ok {
			return ParseLoad(string(v))
		}
	}
	return Load{}
}

// DescribeLoads puts the load averages at the start and end of a run on
// one line. The one at the end counts the run's own benchmarks, up to one
// thread per CPU.
func DescribeLoads(start, end Load) string {
	if !start.Available() && !end.Available() {
		return "unavailable"
	}
	avg := func(l Load) string {
		if !l.Available() {
			return "unavailable"
		}
		return fmt.Sprintf("%.2f %.2f %.2f", l.Avg[0], l.Avg[1], l.Avg[2])
	}
	cpus := max(start.CPUs, end.CPUs)
	return fmt.Sprintf("%s at the start, %s at the end, the run's own included (1, 5, 15 min; %d CPUs)", avg(start), avg(end), cpus)
}
