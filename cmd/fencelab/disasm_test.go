package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

func TestDisasmRefusesBadArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-arch", "sparc"}, `unknown architecture "sparc"`},
		{[]string{"-arch", "386"}, "386 runs the generic sync/atomic code"},
		{[]string{"-nosuchflag"}, "flag provided but not defined"},
		{[]string{"-arch", "amd64", "-tags", "vmadebug,bad tag"}, `bad build tag "bad tag"`},
	} {
		var stdout, stderr bytes.Buffer
		if rc := disasmMain(context.Background(), tc.args, &stdout, &stderr); rc != 2 {
			t.Errorf("disasm %q: exit status %d, want 2", tc.args, rc)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("disasm %q: stderr %q lacks %q", tc.args, stderr.String(), tc.want)
		}
	}
}

// needsGoCommand skips a test that starts processes (the go command, a
// stand-in for it, or the test binary itself) unless it runs on an amd64
// host: under qemu-user a fork crashes the emulated runtime (qemu-i386),
// and the binary cannot start itself.
func needsGoCommand(t *testing.T) {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("starts processes: amd64 hosts only, never under emulation")
	}
}

// TestTagsMustExist: a build tag that no file of the module tests would
// build it unchanged, and a weakening misspelt would show nothing: each
// command that builds the module refuses it.
func TestTagsMustExist(t *testing.T) {
	needsGoCommand(t)
	const typo = "weaken_startread_acqure"
	want := `build tag "` + typo + `" is in no build constraint of github.com/atomicfence/atomicfence or of the packages it imports`
	for name, run := range map[string]func(context.Context, []string, io.Writer, io.Writer) int{
		"disasm": disasmMain, "verify": verifyMain,
	} {
		var stdout, stderr bytes.Buffer
		if rc := run(context.Background(), []string{"-tags", "vmadebug,noasm," + typo}, &stdout, &stderr); rc != 2 || !strings.Contains(stderr.String(), want) {
			t.Errorf("%s -tags vmadebug,noasm,%s: exit status %d, stderr %q; want 2 and %q", name, typo, rc, stderr.String(), want)
		}
	}
	if _, err := parseBenchFlags([]string{"-tags", typo}, io.Discard); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("bench -tags %s: %v, want %q", typo, err, want)
	}
}

// TestTargetTagsRefused: a tag that the go command sets itself, from the
// target or the toolchain, is bad usage in each command that builds the
// module, and names what sets it: as a tag, arm64 built a mix of targets
// that did not compile, race failed to link, and cgo claimed cgo in a
// build without it. verify refuses purego too.
func TestTargetTagsRefused(t *testing.T) {
	needsGoCommand(t)
	for _, tc := range []struct{ tag, want string }{
		{"arm64", `build tag "arm64" names an operating system or architecture`},
		{"windows", `build tag "windows" names an operating system or architecture`},
		{"race", `build tag "race" is set by the go command`},
		{"cgo", `build tag "cgo" is set by the go command`},
		{"go1.26", `build tag "go1.26" is set by the go command`},
		{"goexperiment.synctest", `build tag "goexperiment.synctest" is set by the go command`},
	} {
		for name, run := range map[string]func(context.Context, []string, io.Writer, io.Writer) int{
			"disasm": disasmMain, "verify": verifyMain,
		} {
			var stdout, stderr bytes.Buffer
			if rc := run(context.Background(), []string{"-tags", "purego," + tc.tag}, &stdout, &stderr); rc != 2 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("%s -tags purego,%s: exit status %d, stderr %q; want 2 and %q", name, tc.tag, rc, stderr.String(), tc.want)
			}
		}
		if _, err := parseBenchFlags([]string{"-tags", tc.tag}, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("bench -tags %s: %v, want %q", tc.tag, err, tc.want)
		}
	}
	// verify's tests come from the assembly, which purego leaves out.
	var stdout, stderr bytes.Buffer
	const want = "-tags purego: verify derives its tests from the assembly"
	if rc := verifyMain(context.Background(), []string{"-tags", "purego"}, &stdout, &stderr); rc != 2 || !strings.Contains(stderr.String(), want) {
		t.Errorf("verify -tags purego: exit status %d, stderr %q; want 2 and %q", rc, stderr.String(), want)
	}
}

func TestDisasmDecodesLSE(t *testing.T) {
	needsGoCommand(t)
	var stdout, stderr bytes.Buffer
	if rc := disasmMain(context.Background(), []string{"-arch", "arm64-lse", "addNotZeroLimitedAcquire"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"GOARM64=v8.1", "TEXT addNotZeroLimitedAcquire ", "* CASAW R"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "LDAXRW") || strings.Contains(out, "TEXT addNotZeroLimitedRelaxed") {
		t.Errorf("output holds more than the acquire routine built for LSE:\n%s", out)
	}
}

func TestDisasmListAndMisses(t *testing.T) {
	needsGoCommand(t)
	var stdout, stderr bytes.Buffer
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "-list"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	names := strings.Fields(stdout.String())
	for _, want := range []string{"store32Release", "mb", "mandatoryMb",
		"main.(*Int32).LoadAcquire", "main.(*Int32).FetchAddFull", "main.(*Int32).CompareAndSwapRelease",
		"main.(*Int32).IncNotZeroLimitedAcquire", "main.(*Int32).DecAndTest"} {
		if !slices.Contains(names, want) {
			t.Errorf("-list lacks %s: %q", want, names)
		}
	}
	// Only those: no Go function of the package that a wrapper calls.
	routine := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	for _, name := range names {
		if !routine.MatchString(name) && !strings.HasPrefix(name, "main.(*") {
			t.Errorf("-list with no ROUTINE shows %s, neither an assembly routine nor a wrapper", name)
		}
	}
	stdout.Reset()
	stderr.Reset()
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "mb"}, &stdout, &stderr); rc != 0 || strings.Count(stdout.String(), "TEXT ") != 1 {
		t.Errorf("ROUTINE mb must match mb alone (exit %d):\n%s%s", rc, stdout.String(), stderr.String())
	}
	// A regular expression matches the program's wrappers by the
	// operation's name too, and shows what they run, as the names given
	// one by one do.
	stdout.Reset()
	stderr.Reset()
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "Mb|Rmb"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("ROUTINE Mb|Rmb: exit %d:\n%s%s", rc, stdout.String(), stderr.String())
	}
	for _, f := range []string{"main.Mb", "main.Rmb", "mb"} {
		if !strings.Contains(stdout.String(), "TEXT "+f+" ") {
			t.Errorf("ROUTINE Mb|Rmb does not show %s:\n%s", f, stdout.String())
		}
	}
	if got := strings.Count(stdout.String(), "TEXT "); got != 3 {
		t.Errorf("ROUTINE Mb|Rmb shows %d functions, want main.Mb, main.Rmb and mb:\n%s", got, stdout.String())
	}
	// A method's name is taken as it is, though it is no valid regular
	// expression; what is neither fails.
	stdout.Reset()
	stderr.Reset()
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "vma.(*VMA).StartRead"}, &stdout, &stderr); rc != 0 || !strings.Contains(stdout.String(), "TEXT vma.(*VMA).StartRead ") {
		t.Errorf("a method name: exit %d:\n%s%s", rc, stdout.String(), stderr.String())
	}
	stderr.Reset()
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "xadd32("}, &stdout, &stderr); rc != 2 || !strings.Contains(stderr.String(), `ROUTINE "xadd32(" is no function name, nor a regular expression`) {
		t.Errorf("an invalid pattern: exit %d, stderr %q", rc, stderr.String())
	}
	if strings.Contains(stderr.String(), "^(?:") {
		t.Errorf("the error shows the pattern as anchored here, not as given: %q", stderr.String())
	}
	stderr.Reset()
	if rc := disasmMain(context.Background(), []string{"mb", "-arch", "arm64"}, &stdout, &stderr); rc != 2 || !strings.Contains(stderr.String(), "fencelab disasm: -arch: flags go before the ROUTINE names") {
		t.Errorf("a flag after a ROUTINE: exit %d, stderr %q", rc, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "noSuchRoutine"}, &stdout, &stderr); rc != 2 || !strings.Contains(stderr.String(), `ROUTINE "noSuchRoutine" matches no function`) {
		t.Errorf("a ROUTINE that matches nothing: exit %d, stderr %q", rc, stderr.String())
	}
}

// operationOf names the operation of the program's wrappers alone: a
// pattern of operations picks no helper of the program, nor main.main.
func TestOperationOf(t *testing.T) {
	for name, want := range map[string]string{
		"main.Mb":                      "Mb",
		"main.(*Int64).FetchOrAcquire": "FetchOrAcquire",
		"main.(*Pointer).LoadAcquire":  "LoadAcquire",
		"main.main":                    "",
		"main.readPaths.deferwrap1":    "",
		"main.(*other).Mb":             "",
		"mb":                           "",
		"vma.(*VMA).StartRead":         "",
		"(*Int32).FetchUpdateRelaxed":  "",
	} {
		if got := operationOf(name); got != want {
			t.Errorf("operationOf(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestRoutineOf(t *testing.T) {
	for name, want := range map[string]string{
		"IncNotZeroLimitedAcquire": "addNotZeroLimitedAcquire",
		"AddNotZeroLimitedRelaxed": "addNotZeroLimitedRelaxed",
		"CompareAndSwapFull":       "cas32Full",
		"FetchAddRelease":          "xadd32Release",
		"LoadAcquire":              "load32Acquire",
		"StoreRelaxed":             "store32Relaxed",
		"DecAndTest":               "subAndTest",
		"SubAndTest":               "subAndTest",
		"Rmb":                      "rmb",
		"Mb":                       "mb",
		"MandatoryWmb":             "mandatoryWmb",
		"Load":                     "",
		"StartRead":                "",
	} {
		if got := routineOf(name); got != want {
			t.Errorf("routineOf(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestDisasmExportedName(t *testing.T) {
	needsGoCommand(t)
	var stdout, stderr bytes.Buffer
	if rc := disasmMain(context.Background(), []string{"-arch", "arm64-lse", "IncNotZeroLimitedAcquire"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"TEXT main.(*Int32).IncNotZeroLimitedAcquire", "TEXT addNotZeroLimitedAcquire ", "* CASAW R"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestDisasmShowsWhatAnOperationRuns: an operation written in Go over
// the routines (RefcountDec, which the compiler does not inline into the
// wrapper on arm64) shows the wrapper, the package's method and the
// routines that method calls; a routine's own name shows it alone.
func TestDisasmShowsWhatAnOperationRuns(t *testing.T) {
	needsGoCommand(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-arch", "arm64", "-list", "RefcountDec"}, []string{"(*Int32).RefcountDec", "store32Relaxed", "xadd32Release", "main.(*Int32).RefcountDec"}},
		{[]string{"-arch", "arm64", "-list", "xadd32Release"}, []string{"xadd32Release"}},
	} {
		var stdout, stderr bytes.Buffer
		if rc := disasmMain(context.Background(), tc.args, &stdout, &stderr); rc != 0 {
			t.Fatalf("%q: exit status %d: %s", tc.args, rc, stderr.String())
		}
		if got := strings.Fields(stdout.String()); !slices.Equal(got, tc.want) {
			t.Errorf("%q listed %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestDisasmUnmatchedRoutine: a routine that matches nothing fails the
// command even where another argument matches.
func TestDisasmUnmatchedRoutine(t *testing.T) {
	funcs := []disasm.Func{{Symbol: disasm.Module + ".mb.abi0"}}
	pats, _ := routineMatcher(target.Target{GOARCH: "amd64"}, false, []string{"mb", "NoSuchRoutine"})
	err := checkPatterns(pats, funcs)
	if err == nil || !strings.Contains(err.Error(), `ROUTINE "NoSuchRoutine" matches no function`) {
		t.Fatalf("checkPatterns = %v, want an error naming NoSuchRoutine", err)
	}
	if err := checkPatterns(pats[:1], funcs); err != nil {
		t.Fatalf("checkPatterns(mb) = %v", err)
	}
}

// TestDisasmPuregoHeader: with -tags purego the listing is of the generic
// fallback, and its header must say so rather than describe the assembly;
// it names the tags among the build's settings, so that a saved listing
// says how it was built.
func TestDisasmPuregoHeader(t *testing.T) {
	needsGoCommand(t)
	var stdout, stderr bytes.Buffer
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "-tags", "purego", "Mb"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	header, _, _ := strings.Cut(stdout.String(), "\n")
	amd64, _ := target.Lookup("amd64")
	if !strings.Contains(header, "generic sync/atomic fallback") || strings.Contains(header, amd64.Doc) ||
		!strings.Contains(header, "CGO_ENABLED=0 -tags purego)") {
		t.Errorf("header %q: want the build with -tags purego and the generic fallback's description", header)
	}
}

// TestDisasmPuregoLists: a purego build has no assembly routine on any
// architecture, so disasm with no ROUTINE lists the probe's wrappers of
// the operations, as on amd64, rather than failing to find a function.
func TestDisasmPuregoLists(t *testing.T) {
	needsGoCommand(t)
	var stdout, stderr bytes.Buffer
	if rc := disasmMain(context.Background(), []string{"-arch", "riscv64", "-tags", "purego", "-list"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	for _, want := range []string{"main.(*Int32).FetchAddAcquire", "main.(*Uint64).LoadAcquire", "main.(*Pointer).StoreRelease"} {
		if !slices.Contains(strings.Fields(stdout.String()), want) {
			t.Errorf("-list does not name %s:\n%s", want, stdout.String())
		}
	}
}

// TestOutsideTheModule: disasm, verify and bench build programs of the module, so
// run outside it, in no module or in one that does not require it, they
// must say where to run them first, then what the go command said. With
// -tags the first complaint comes from checking the tags, which lists the
// module's packages and finds none.
func TestOutsideTheModule(t *testing.T) {
	needsGoCommand(t)
	const want = "this command builds programs of github.com/atomicfence/atomicfence: run it inside a clone of that module"
	for _, dir := range []struct{ name, goMod string }{
		{"in no module", ""},
		{"in another module", "module example.com/other\n\ngo 1.26\n"},
	} {
		t.Run(dir.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if dir.goMod != "" {
				if err := os.WriteFile("go.mod", []byte(dir.goMod), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range []struct {
				name   string
				run    func(ctx context.Context, args []string, stdout, stderr io.Writer) int
				args   []string
				rc     int
				flag   string // the flag the complaint is about
				goSaid string
			}{
				{"disasm", disasmMain, []string{"-arch", "amd64", "Mb"}, 1, "", "go build"},
				{"verify", verifyMain, []string{"-target", "amd64"}, 1, "", "go build"},
				{"disasm", disasmMain, []string{"-arch", "amd64", "-tags", "vmadebug", "Mb"}, 2, "-tags: ", "matched no packages"},
				{"verify", verifyMain, []string{"-target", "amd64", "-tags", "vmadebug"}, 2, "-tags: ", "matched no packages"},
				{"bench", benchMain, []string{"-count", "1"}, 1, "", "go list"},
				{"bench", benchMain, []string{"-count", "1", "-tags", "vmadebug"}, 2, "-tags: ", "matched no packages"},
			} {
				var stdout, stderr bytes.Buffer
				rc := c.run(context.Background(), c.args, &stdout, &stderr)
				lead := "fencelab " + c.name + ": " + c.flag + want
				// bench reports its progress first.
				complaint := stderr.String()
				if i := strings.Index(complaint, "fencelab "); i >= 0 {
					complaint = complaint[i:]
				}
				if rc != c.rc || !strings.HasPrefix(complaint, lead) || !strings.Contains(complaint, c.goSaid) || strings.Contains(complaint, "<nil>") {
					t.Errorf("%s %v: exit status %d, stderr %q; want %d, %q first, and %q", c.name, c.args, rc, stderr.String(), c.rc, lead, c.goSaid)
				}
			}
		})
	}
}

// TestRoutineMatcherWidths: an exported operation picks the routines of
// every width and signedness that it may run, beside the program's
// wrappers of it.
func TestRoutineMatcherWidths(t *testing.T) {
	for _, tc := range []struct {
		routine string
		want    []string
	}{
		{"FetchMaxAcquire", []string{"smax32Acquire", "smax64Acquire", "umax32Acquire", "umax64Acquire", "main.(*Uint64).FetchMaxAcquire"}},
		{"FetchOrRelease", []string{"fetchOr32Release", "fetchOr64Release", "fetchOrPtrRelease"}},
		{"CondLoadAcquire", []string{"load32Acquire", "load64Acquire", "spinPause"}},
		{"Mb", []string{"mb", "main.Mb"}},
	} {
		var funcs []disasm.Func
		for _, name := range tc.want {
			sym := "main." + strings.TrimPrefix(name, "main.")
			if !strings.HasPrefix(name, "main.") {
				sym = disasm.Module + "." + name + ".abi0"
			}
			funcs = append(funcs, disasm.Func{Symbol: sym})
		}
		funcs = append(funcs, disasm.Func{Symbol: disasm.Module + ".load64Relaxed.abi0"})
		_, pick := routineMatcher(target.Target{GOARCH: "arm64"}, false, []string{tc.routine})
		for _, f := range funcs {
			if got, want := pick(f), f.Name() != "load64Relaxed"; got != want {
				t.Errorf("ROUTINE %s picks %s: %v, want %v", tc.routine, f.Name(), got, want)
			}
		}
	}
}

// writeDisasm explains the decoded mark where a listing has one, and fails
// where nothing was picked rather than print a header alone.
func TestWriteDisasm(t *testing.T) {
	amd64, _ := target.Lookup("amd64")
	all := func(disasm.Func) bool { return true }
	plain := []disasm.Func{{Symbol: disasm.Module + ".mb.abi0", Insts: []disasm.Inst{{Text: "MFENCE"}}}}
	decoded := []disasm.Func{{Symbol: disasm.Module + ".mb.abi0", Insts: []disasm.Inst{{Text: "DMB $0xb"}, {Text: "CASALW R1, (R0), R2", Decoded: true}}}}
	for _, tc := range []struct {
		funcs  []disasm.Func
		legend bool
	}{{plain, false}, {decoded, true}} {
		var b bytes.Buffer
		if err := writeDisasm(&b, amd64, "", tc.funcs, all, false); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "decoded here from the instruction word"); got != tc.legend {
			t.Errorf("legend %v, want %v:\n%s", got, tc.legend, b.String())
		}
	}
	// Each function is set off by a blank line.
	two := append(slices.Clone(plain), disasm.Func{Symbol: disasm.Module + ".wmb.abi0", Insts: []disasm.Inst{{Text: "RET"}}})
	var b bytes.Buffer
	if err := writeDisasm(&b, amd64, "", two, all, false); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.HasPrefix(out, "# amd64 ") || strings.Count(out, "\n\nTEXT ") != 2 || !strings.Contains(out, "\n\nTEXT mb ") || !strings.Contains(out, "\n\nTEXT wmb ") {
		t.Errorf("want the header, then each function after a blank line:\n%s", out)
	}
	none := func(disasm.Func) bool { return false }
	if err := writeDisasm(io.Discard, amd64, "", plain, none, false); err == nil || !strings.Contains(err.Error(), "no function matches") {
		t.Errorf("nothing picked: %v", err)
	}
}

// TestRoutineMatcherDefault: with no ROUTINE, disasm shows the root
// package's assembly routines and, where the operations are inlined
// intrinsics or sync/atomic calls (amd64, any purego build), the program's
// wrappers of them; never the package's Go functions or another package's
// assembly.
func TestRoutineMatcherDefault(t *testing.T) {
	routine := disasm.Func{Symbol: disasm.Module + ".xadd32Release.abi0"}
	wrapper := disasm.Func{Symbol: "main.(*Int32).AddRelease"}
	_, amd64 := routineMatcher(target.Target{GOARCH: "amd64"}, false, nil)
	for _, f := range []disasm.Func{
		{Symbol: disasm.Module + ".(*Int32).AddRelease"},
		{Symbol: "runtime.memmove.abi0"},
		{Symbol: "main.main"},
	} {
		if amd64(f) {
			t.Errorf("amd64 with no ROUTINE shows %s", f.Symbol)
		}
	}
	for _, tc := range []struct {
		goarch   string
		purego   bool
		wrappers bool
	}{{"amd64", false, true}, {"arm64", false, false}, {"arm64", true, true}, {"riscv64", false, false}} {
		pats, pick := routineMatcher(target.Target{GOARCH: tc.goarch}, tc.purego, nil)
		if pats != nil || !pick(routine) || pick(wrapper) != tc.wrappers {
			t.Errorf("%s, purego %v, no ROUTINE: patterns %v, shows %s: %v, %s: %v; want the routine, and the wrapper: %v",
				tc.goarch, tc.purego, pats, routine.Symbol, pick(routine), wrapper.Symbol, pick(wrapper), tc.wrappers)
		}
	}
}

// TestDisasmWriteError: a listing that cannot be written fails the command
// with the writer's error.
func TestDisasmWriteError(t *testing.T) {
	needsGoCommand(t)
	var errOut bytes.Buffer
	rc := disasmMain(context.Background(), []string{"-arch", "amd64", "mb"}, failingWriter{}, &errOut)
	if want := "fencelab disasm: " + errFailingWriter.Error() + "\n"; rc != 1 || errOut.String() != want {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", rc, errOut.String(), want)
	}
}
