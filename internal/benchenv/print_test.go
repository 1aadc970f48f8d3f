package benchenv

import (
	"io"
	"os"
	"sync"
	"testing"

	"github.com/atomicfence/atomicfence"
)

// PrintConfig writes its two configuration lines to standard output once,
// however often it is called. The test starts from a fresh once, so that it
// holds again under -count.
func TestPrintConfigOnce(t *testing.T) {
	once = sync.Once{}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	PrintConfig()
	PrintConfig()
	os.Stdout = stdout
	w.Close()
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	want := ImplKey + ": " + atomicfence.Impl().String() + "\n" + CPUKey + ": " + DescribeCPU(atomicfence.CPU()) + "\n"
	if string(out) != want {
		t.Errorf("PrintConfig wrote %q, want %q", out, want)
	}
}
