package benchenv

import "testing"

// A load line of no CPUs is no load: it reads as the zero Load, as an
// unreadable one does, and a recorded one is found as such. One CPU is a
// load like any other.
func TestParseLoadWithoutCPUs(t *testing.T) {
	if l := ParseLoad("1.00 1.00 1.00, 0 CPUs"); l != (Load{}) {
		t.Errorf("ParseLoad of 0 CPUs: %+v, want the zero Load", l)
	}
	if l := parseProcLoadavg("1.00 1.00 1.00 1/9 1", 0); l != (Load{}) {
		t.Errorf("/proc/loadavg beside 0 CPUs: %+v, want the zero Load", l)
	}
	one := Load{Avg: [3]float64{1, 1, 1}, CPUs: 1}
	if l := ParseLoad("1.00 1.00 1.00, 1 CPUs"); l != one {
		t.Errorf("ParseLoad of 1 CPU: %+v, want %+v", l, one)
	}
	if l := parseProcLoadavg("1.00 1.00 1.00 1/9 1", 1); l != one {
		t.Errorf("/proc/loadavg beside 1 CPU: %+v, want %+v", l, one)
	}
	raw := []byte("goos: linux\n" + LoadLine("start", Load{Avg: [3]float64{0.5, 0.25, 0.75}, CPUs: 2}))
	if l := FindLoad(raw, "start"); l != (Load{Avg: [3]float64{0.5, 0.25, 0.75}, CPUs: 2}) {
		t.Errorf("FindLoad start: %+v", l)
	}
	if l := FindLoad(raw, "end"); l != (Load{}) {
		t.Errorf("FindLoad end: %+v, want the zero Load", l)
	}
}
