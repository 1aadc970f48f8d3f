//go:build !purego && !race

package atomicfence

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

// wantImpl derives the arm64 implementation from the build's recorded
// GOARM64 setting, not from the assembler's GOARM64_LSE that the package
// itself reads: v8.1 or later, or the ",lse" suffix, builds without the
// LL/SC fallback; otherwise the CPU's LSE bit decides, but on android
// (see TestRunTimeLSE).
func wantImpl(t *testing.T) Implementation {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("the test binary carries no build information")
	}
	goarm64 := "v8.0"
	for _, s := range info.Settings {
		if s.Key == "GOARM64" {
			goarm64 = s.Value
		}
	}
	static, err := goarm64HasLSE(goarm64)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case static:
		return ImplLSEStatic
	case cpu.ARM64.HasATOMICS && runtime.GOOS != "android":
		return ImplLSEDynamic
	}
	return ImplLLSC
}

// The LSE atomics are taken at run time wherever the CPU reports them, but
// never on android, where Go's runtime does not take them either.
func TestRunTimeLSE(t *testing.T) {
	if runTimeLSE("android") {
		t.Error("runTimeLSE(\"android\") is true: the LSE atomics taken where Go's runtime leaves them off")
	}
	for _, goos := range []string{"linux", "darwin", "windows", "freebsd"} {
		if got := runTimeLSE(goos); got != cpu.ARM64.HasATOMICS {
			t.Errorf("runTimeLSE(%q) = %v where the CPU reports LSE %v", goos, got, cpu.ARM64.HasATOMICS)
		}
	}
}

// goarm64HasLSE reports whether a GOARM64 value (v8.0 to v8.9, v9.0 to
// v9.5, optionally followed by ",lse" and ",crypto") guarantees the LSE
// atomics, which ARMv8.1 made mandatory.
func goarm64HasLSE(v string) (bool, error) {
	version, suffixes, _ := strings.Cut(v, ",")
	if strings.Contains(","+suffixes+",", ",lse,") {
		return true, nil
	}
	major, minor, ok := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || !strings.HasPrefix(version, "v") {
		return false, &strconv.NumError{Func: "goarm64HasLSE", Num: v, Err: strconv.ErrSyntax}
	}
	return ma > 8 || mi >= 1, nil
}

func TestGoarm64HasLSE(t *testing.T) {
	for v, want := range map[string]bool{
		"v8.0": false, "v8.0,crypto": false, "v8.0,lse": true, "v8.0,crypto,lse": true,
		"v8.1": true, "v8.9": true, "v9.0": true, "v9.5,crypto": true,
	} {
		if got, err := goarm64HasLSE(v); got != want || err != nil {
			t.Errorf("goarm64HasLSE(%q) = %v, %v; want %v", v, got, err, want)
		}
	}
	if _, err := goarm64HasLSE("8.1"); err == nil {
		t.Error(`goarm64HasLSE("8.1") accepted a value without the v`)
	}
}
