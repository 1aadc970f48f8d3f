package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An interrupted run says so in its header, right before the table; one
// warning is reported; a group without rows (only B/op values) draws no
// panel.
func TestBenchReportInterruptedWithAWarning(t *testing.T) {
	var raw strings.Builder
	raw.WriteString(noisyRunHeader)
	for i := range 6 {
		fmt.Fprintf(&raw, "BenchmarkEmpty/case=a-2 \t 100\t 0 B/op\n")
		fmt.Fprintf(&raw, "BenchmarkX/case=a-2 \t 100\t %d ns/op\n", 5+i%2)
		fmt.Fprintf(&raw, "BenchmarkX/case=b-2 \t 100\t %d ns/op\n", 7+i%2)
	}
	var stdout bytes.Buffer
	o := &benchOptions{filter: ".", out: t.TempDir()}
	const note = "INTERRUPTED after 6 of 10 rounds: the statistics use those"
	if err := report([]byte(raw.String()), o, note, &stdout); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	if !strings.Contains(out, "\n"+note+"\n\nX  (GOMAXPROCS=2;") {
		t.Errorf("no interruption line before the table:\n%s", out)
	}
	if !strings.Contains(out, "\n1 warnings, e.g. Empty/a: no sec/op values\n") {
		t.Errorf("the one warning is not reported:\n%s", out)
	}
	svg, err := os.ReadFile(filepath.Join(o.out, "placements.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(svg), "Empty") || !strings.Contains(string(svg), "X  (GOMAXPROCS=2)") {
		t.Errorf("panels: want X alone:\n%s", svg)
	}

	// Not interrupted: no line of its own between the header and the table.
	out, _ = reportOn(t, raw.String())
	if !strings.Contains(out, "\n\nX  (GOMAXPROCS=2;") || strings.Contains(out, "\n\n\nX") {
		t.Errorf("header and table:\n%s", out)
	}
}
