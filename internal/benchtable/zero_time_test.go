package benchtable

import (
	"fmt"
	"strings"
	"testing"
)

// A round of 0 ns/op is a time like any other: benchfmt leaves its unit
// ns/op (zero scaled is still zero), and it must neither be taken for the
// benchmark's own metric nor be lost from the case's samples.
func TestReadZeroTime(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkX/case=a-2 \t 100\t %d ns/op\n", 4+i%2)
		fmt.Fprintf(&b, "BenchmarkX/case=b-2 \t 100\t %d ns/op\n", []int{0, 0, 0, 0, 1, 1}[i])
	}
	rep, err := Read(strings.NewReader(b.String()), "test")
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Groups[0]
	if g.Unit != TimeUnit || len(g.Rows) != 2 || len(g.Rows[1].Sample.Values) != 6 || len(rep.Warnings) != 0 {
		t.Fatalf("unit %s, %d rows, warnings %q; want sec/op, 2 rows of 6 samples and no warning", g.Unit, len(g.Rows), rep.Warnings)
	}
}
