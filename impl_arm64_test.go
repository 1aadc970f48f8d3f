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

// The LSE atomics and LDAPR are taken at run time wherever the CPU reports
// them, but never on android, where Go's runtime takes no LSE either.
func TestRunTimeFeatures(t *testing.T) {
	if trustsCPUFeatures("android") {
		t.Error("trustsCPUFeatures(\"android\"): features taken where Go's runtime leaves LSE off")
	}
	for _, goos := range []string{"linux", "darwin", "windows", "freebsd"} {
		if !trustsCPUFeatures(goos) {
			t.Errorf("trustsCPUFeatures(%q) is false", goos)
		}
	}
	trusted := trustsCPUFeatures(runtime.GOOS)
	if useLSE != (cpu.ARM64.HasATOMICS && trusted) || useLRCPC != (cpu.ARM64.HasLRCPC && trusted) {
		t.Errorf("useLSE %v, useLRCPC %v: the CPU reports LSE %v, LRCPC %v, on %s", useLSE, useLRCPC, cpu.ARM64.HasATOMICS, cpu.ARM64.HasLRCPC, runtime.GOOS)
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
