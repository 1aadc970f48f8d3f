package atomicfence

import (
	"os"
	"runtime"
	"testing"
)

// TestAcquireLoadFromEnvironment checks the instruction of the 64-bit
// acquire loads against the one the test script expects: ldar under qemu
// -cpu cortex-a57 (ARMv8.0, no LRCPC), ldapr under -cpu max and in a
// GOARM64=v8.3 build, none outside the arm64 assembly.
func TestAcquireLoadFromEnvironment(t *testing.T) {
	if runtime.GOARCH != "arm64" && AcquireLoadRCpc() {
		t.Errorf("AcquireLoadRCpc() on %s, which has no LDAPR", runtime.GOARCH)
	}
	want, ok := os.LookupEnv("ATOMICFENCE_WANT_ACQUIRE_LOAD")
	if !ok {
		t.Skip("ATOMICFENCE_WANT_ACQUIRE_LOAD is not set; the test script sets it for each arm64 configuration")
	}
	if got := acquireLoad(); got != want {
		t.Fatalf("acquireLoad() = %s, want %s", got, want)
	}
	if got := AcquireLoadRCpc(); got != (want == "ldapr") {
		t.Errorf("AcquireLoadRCpc() = %v with the acquire loads %s", got, want)
	}
}

// TestAcquireLoadPaths runs the 64-bit and pointer acquire loads on every
// path of this build (with LRCPC cleared on the LL/SC one).
func TestAcquireLoadPaths(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		var c Int64
		var u Uint64
		var p Pointer[int]
		x := new(int)
		for _, v := range []int64{0, -1, 1 << 62, -1 << 63} {
			c.StoreRelease(v)
			u.StoreRelease(uint64(v))
			p.StoreRelease(x)
			if c.LoadAcquire() != v || u.LoadAcquire() != uint64(v) || p.LoadAcquire() != x {
				t.Fatalf("%s: acquire loads of %#x: %#x, %#x, %p", acquireLoad(), v, c.LoadAcquire(), u.LoadAcquire(), p.LoadAcquire())
			}
		}
	})
}
