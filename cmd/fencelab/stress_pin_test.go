package main

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
)

// The warning that the workers could not be pinned comes exactly when the
// setup line says so; a run that pinned, or was told not to, warns nothing.
// On Linux the workers are pinned unless -nopin says not to.
func TestStressWarnsOnlyWhenPinningFailed(t *testing.T) {
	for _, nopin := range []bool{false, true} {
		args := "-n 100 -runs 1 SB"
		if nopin {
			args = "-n 100 -runs 1 -nopin SB"
		}
		o, err := parseStressFlags(strings.Fields(args), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		if code := stressShapes(context.Background(), &out, &errs, o, nil); code != 0 {
			t.Fatalf("%s: exit status %d\nstdout:\n%s\nstderr:\n%s", args, code, out.String(), errs.String())
		}
		failed := strings.Contains(out.String(), "not pinned (")
		warned := strings.Contains(errs.String(), "could not pin the workers")
		if failed != warned {
			t.Errorf("%s: setup says pinning failed: %v, warning printed: %v\nstdout:\n%s\nstderr:\n%s",
				args, failed, warned, out.String(), errs.String())
		}
		if !nopin && runtime.GOOS == "linux" && !failed && !strings.Contains(out.String(), ", pinned to CPUs ") {
			t.Errorf("%s: on Linux the workers are pinned unless -nopin\nstdout:\n%s", args, out.String())
		}
		if nopin && (warned || !strings.Contains(out.String(), ", not pinned,")) {
			t.Errorf("%s: want a plain \"not pinned\" and no warning\nstdout:\n%s\nstderr:\n%s", args, out.String(), errs.String())
		}
	}
}
