package atomicfence

import (
	"os"
	"runtime"
	"testing"

	"github.com/klauspost/cpuid/v2"
)

// TestImplFromEnvironment checks the implementation against the one that
// the test script expects for the configuration it runs: qemu -cpu
// cortex-a57 (no LSE) must run llsc, -cpu max lse-dynamic, a GOARM64=v8.1
// build lse-static.
func TestImplFromEnvironment(t *testing.T) {
	want, ok := os.LookupEnv("ATOMICFENCE_WANT_IMPL")
	if !ok {
		t.Skip("ATOMICFENCE_WANT_IMPL is not set; the test script sets it for each configuration")
	}
	if got := Impl().String(); got != want {
		t.Fatalf("Impl() = %s, want %s", got, want)
	}
}

// TestImplMatchesBuild checks the implementation against what the build
// tags, GOARM64 and the CPU's feature bits say it must be (wantImpl is
// defined per build in impl_*_test.go).
func TestImplMatchesBuild(t *testing.T) {
	want := wantImpl(t)
	if got := Impl(); got != want {
		t.Fatalf("Impl() = %s, want %s", got, want)
	}
}

func TestImplString(t *testing.T) {
	names := map[Implementation]string{
		ImplGeneric:     "generic",
		ImplAMD64:       "amd64",
		ImplLLSC:        "llsc",
		ImplLSEDynamic:  "lse-dynamic",
		ImplLSEStatic:   "lse-static",
		ImplRISCV64:     "riscv64",
		ImplLoong64:     "loong64",
		ImplPPC64LE:     "ppc64le",
		ImplPPC64LE + 1: "unknown",
	}
	for i, want := range names {
		if got := i.String(); got != want {
			t.Errorf("Implementation(%d).String() = %q, want %q", i, got, want)
		}
	}
}

func TestCPU(t *testing.T) {
	c := CPU()
	t.Logf("%+v", c)
	if c.Cores < 1 {
		t.Errorf("CPU().Cores = %d, want at least 1", c.Cores)
	}
}

// TestCPUReportsDetection checks each field of CPU against what
// github.com/klauspost/cpuid detects on this machine, and Cores against
// runtime.NumCPU.
func TestCPUReportsDetection(t *testing.T) {
	c, d := CPU(), cpuid.CPU
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Vendor", c.Vendor, d.VendorString},
		{"Brand", c.Brand, d.BrandName},
		{"Family", c.Family, d.Family},
		{"Model", c.Model, d.Model},
		{"LSE", c.LSE, d.Supports(cpuid.ATOMICS)},
		{"LRCPC", c.LRCPC, d.Supports(cpuid.LRCPC)},
		{"Cores", c.Cores, runtime.NumCPU()},
	} {
		if f.got != f.want {
			t.Errorf("CPU().%s = %v, want %v", f.name, f.got, f.want)
		}
	}
}
