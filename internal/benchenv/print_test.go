package benchenv

import (
	"io"
	"os"
	"runtime"
	"strings"
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
	want := ImplKey + ": " + Implementation() + "\n" + CPUKey + ": " + DescribeCPU(atomicfence.CPU()) + "\n"
	if string(out) != want {
		t.Errorf("PrintConfig wrote %q, want %q", out, want)
	}
}

// The implementation's line says "acquire loads LDAPR" exactly where the
// acquire loads are LDAPR: against the instruction that the test script
// expects in each arm64 configuration, and never on another GOARCH.
func TestImplementationNamesLDAPR(t *testing.T) {
	impl := Implementation()
	if !strings.HasPrefix(impl, atomicfence.Impl().String()) {
		t.Errorf("Implementation() = %q, not led by %v", impl, atomicfence.Impl())
	}
	ldapr := strings.HasSuffix(impl, ", acquire loads LDAPR")
	if runtime.GOARCH != "arm64" && ldapr {
		t.Errorf("Implementation() = %q on %s, which has no LDAPR", impl, runtime.GOARCH)
	}
	if want, ok := os.LookupEnv("ATOMICFENCE_WANT_ACQUIRE_LOAD"); ok && ldapr != (want == "ldapr") {
		t.Errorf("Implementation() = %q where the acquire loads are %s", impl, want)
	}
}
