package benchtable

import (
	"fmt"
	"strings"
	"testing"
)

// A group whose results have no value of its unit has no rows and prints
// nothing: neither its heading nor the blank line that separates groups,
// so the text starts with the first group that has rows.
func TestWriteTextSkipsGroupsWithoutRows(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkEmpty/place=a-2 \t 100\t 0 B/op\n")
		fmt.Fprintf(&b, "BenchmarkX/place=a-2 \t 100\t %g ns/op\n", 5+0.01*float64(i%3))
		fmt.Fprintf(&b, "BenchmarkHole/place=a-2 \t 100\t 0 allocs/op\n")
		fmt.Fprintf(&b, "BenchmarkY/place=b-2 \t 100\t %g ns/op\n", 10+0.01*float64(i%3))
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Groups) != 4 || len(rep.Groups[0].Rows) != 0 || len(rep.Groups[2].Rows) != 0 {
		t.Fatalf("groups %d; want 4, the first and third without rows", len(rep.Groups))
	}
	out := textOf(t, rep)
	want := `X  (GOMAXPROCS=2; ns/op, median ± 95% CI, throughput)
  a  5.01 ± 0%    199.6M op/s

Y  (GOMAXPROCS=2; ns/op, median ± 95% CI, throughput)
  b  10.0 ± 0%    99.90M op/s
`
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}
