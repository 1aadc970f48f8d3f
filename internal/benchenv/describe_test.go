package benchenv

import "testing"

// A run whose load average was read at its start but not at its end still
// shows the start's, with the CPUs counted then: the line says which of
// the two is missing rather than dropping both.
func TestDescribeLoadsWithoutAnEnd(t *testing.T) {
	start := Load{Avg: [3]float64{0.5, 0.25, 0.75}, CPUs: 2}
	want := "0.50 0.25 0.75 at the start, unavailable at the end, the run's own included (1, 5, 15 min; 2 CPUs)"
	if got := DescribeLoads(start, Load{}); got != want {
		t.Errorf("DescribeLoads without an end\n got %s\nwant %s", got, want)
	}
}
