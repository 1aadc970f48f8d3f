package benchenv

import (
	"runtime"
	"testing"
)

func TestParseProcLoadavg(t *testing.T) {
	l := parseProcLoadavg("1.56 1.03 0.42 1/91 11529\n", 2)
	if l.Avg != [3]float64{1.56, 1.03, 0.42} || l.CPUs != 2 || !l.Available() || l.Overloaded() {
		t.Errorf("got %+v", l)
	}
	if got := l.String(); got != "1.56 1.03 0.42, 2 CPUs" {
		t.Errorf("String: %s", got)
	}
	if l := parseProcLoadavg("3.10 2.00 1.00 3/91 1", 2); !l.Overloaded() {
		t.Errorf("3.10 on 2 CPUs not overloaded: %+v", l)
	}
	// A thread per CPU waits for none.
	if l := parseProcLoadavg("2.00 2.00 2.00 2/91 1", 2); l.Overloaded() {
		t.Errorf("2.00 on 2 CPUs overloaded: %+v", l)
	}
	for _, bad := range []string{"", "x y z", "1.0 2.0"} {
		if l := parseProcLoadavg(bad, 2); l.Available() || l.Overloaded() || l.String() != "unavailable" {
			t.Errorf("%q: %+v", bad, l)
		}
	}
}

// The load is set beside the machine's CPUs, however few of them this
// process may use.
func TestReadLoad(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	l := ReadLoad()
	if runtime.GOOS == "linux" && (!l.Available() || l.CPUs != runtime.NumCPU()) {
		t.Errorf("linux without a load average: %+v", l)
	}
	if ParseLoad(l.String()) != l {
		t.Errorf("%+v does not read back from %q", l, l)
	}
}

func TestLoadLines(t *testing.T) {
	start, end := Load{[3]float64{0.5, 0.25, 0.75}, 2}, Load{[3]float64{3.5, 1, 0.75}, 2}
	raw := []byte("goos: linux\n" + LoadLine("start", start) + "BenchmarkX \t 1\t 1 ns/op\n" + LoadLine("end", end))
	if got := FindLoad(raw, "start"); got != start {
		t.Errorf("start: %+v", got)
	}
	if got := FindLoad(raw, "end"); got != end {
		t.Errorf("end: %+v", got)
	}
	if got := FindLoad([]byte("goos: linux\n"), "end"); got.Available() {
		t.Errorf("none recorded: %+v", got)
	}
	if got := LoadLine("end", Load{}); got != "Load average at the end of the run: unavailable\n" {
		t.Errorf("unavailable: %q", got)
	}
	if got := DescribeLoads(start, end); got != "0.50 0.25 0.75 at the start, 3.50 1.00 0.75 at the end, the run's own included (1, 5, 15 min; 2 CPUs)" {
		t.Errorf("DescribeLoads: %s", got)
	}
	if got := DescribeLoads(Load{}, end); got != "unavailable at the start, 3.50 1.00 0.75 at the end, the run's own included (1, 5, 15 min; 2 CPUs)" {
		t.Errorf("DescribeLoads without a start: %s", got)
	}
	if got := DescribeLoads(Load{}, Load{}); got != "unavailable" {
		t.Errorf("DescribeLoads of nothing: %s", got)
	}
}
