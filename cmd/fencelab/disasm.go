package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

const disasmUsage = `usage: fencelab disasm [-arch amd64|arm64|arm64-lse|riscv64|loong64|ppc64le] [-tags list] [-list] [ROUTINE...]

Builds a program that calls every operation for the architecture and prints
the instructions of the functions that each ROUTINE names, or matches as a
regular expression of whole names ("xadd32.*"), or, when none is given, of
all of the package's assembly routines and, on amd64, of the program's
wrappers of every method, which hold the loads and read-modify-writes
inlined, as sync/atomic intrinsics have no routine of their own. go tool
objdump prints the ARMv8.1 atomics (CAS*, LDADD*, SWP*, LDCLR*, LDSMAX*,
...) and LDAPR as "?", the riscv64 AMOs, LR, SC and FENCEs without their
ordering bits (.AQ, .RL, the FENCE's sets) and the loong64 DBAR without its
hint; they are decoded here from the instruction word and marked with *.

A ROUTINE may be an exported operation of the package
(IncNotZeroLimitedAcquire, StoreRelease, FetchOrAcquire, FetchMaxFull,
RefcountDec, StoreMb, Mb, ...): that shows the program's wrappers of it,
one per type (Int32, Uint32, Int64, Uint64, Uintptr, Bool, Pointer), and
what they run, at each width: the package's Go function behind the
operation where it is not inlined, and the assembly routines; a regular
expression of operations ("Mb|Rmb", "Fetch.*Acquire") does the same for
each operation it matches. A ROUTINE that names a function of the program
shows what it runs too. Other names
are those of go tool objdump without the package path: the assembly
routines (addNotZeroLimitedAcquire, xadd32Release, rmb, ...), the Go
functions of the vma package (vma.(*VMA).StartRead, ...), and the
program's wrappers, one per operation, which the compiler does not
inline and which show the operation inlined into them
(main.(*Int32).LoadAcquire, main.Mb, ...).

Exit status: 0 when the instructions were printed, 1 when the program could
not be built or disassembled, 2 on bad usage: a flag or architecture that
does not exist, a flag after a ROUTINE, or a ROUTINE that names or matches
no function, 130 when interrupted.

`

func disasmMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("disasm", disasmUsage, usageOut(args, stdout, stderr))
	arch := fs.String("arch", target.Host().Name, "architecture: amd64, arm64 (ARMv8.0 with run-time LSE), arm64-lse (GOARM64=v8.1), riscv64, loong64 or ppc64le")
	tags := fs.String("tags", "", "comma-separated build tags, e.g. vmadebug")
	list := fs.Bool("list", false, "list the names of the functions instead of their instructions")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	t, err := disasmTarget(*arch)
	if err != nil {
		fmt.Fprintln(stderr, "fencelab disasm:", err)
		return 2
	}
	if err := misplacedFlag(fs, args, "ROUTINE names"); err != nil {
		fmt.Fprintln(stderr, "fencelab disasm:", err)
		return 2
	}
	tagList, err := disasm.SplitTags(ctx, *tags)
	if err != nil {
		fmt.Fprintln(stderr, "fencelab disasm: -tags:", err)
		return 2
	}
	pats, pick := routineMatcher(t, slices.Contains(tagList, "purego"), fs.Args())
	funcs, err := disasm.Disassemble(ctx, t, tagList...)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "fencelab disasm: interrupted")
		return interruptedStatus
	}
	if err != nil {
		fmt.Fprintln(stderr, "fencelab disasm:", err)
		return 1
	}
	if err := checkPatterns(pats, funcs); err != nil {
		fmt.Fprintln(stderr, "fencelab disasm:", err)
		return 2
	}
	if len(pats) > 0 {
		pick = withCallees(pick, funcs)
	}
	if err := writeDisasm(stdout, t, *tags, funcs, pick, *list); err != nil {
		fmt.Fprintln(stderr, "fencelab disasm:", err)
		return 1
	}
	return 0
}

// disasmTarget refuses 386: it runs the generic sync/atomic code, which the
// compiler inlines into its callers, so it has no routines of its own.
func disasmTarget(name string) (target.Target, error) {
	const want = "want amd64, arm64, arm64-lse, riscv64, loong64 or ppc64le"
	t, err := target.Lookup(name)
	switch {
	case err != nil:
		err = fmt.Errorf("unknown architecture %q (%s)", name, want)
	case t.GOARCH == "386":
		err = errors.New("386 runs the generic sync/atomic code, which the compiler inlines into its callers: there are no routines to show (" + want + ")")
	}
	return t, err
}

// routinePattern is one ROUTINE argument: a name as -list prints it,
// such as vma.(*VMA).StartRead, or a regular expression that matches whole
// names. err is why it is not a valid regular expression, if it is not.
type routinePattern struct {
	text string
	re   *regexp.Regexp
	err  error
}

// match reports whether the function is the one the pattern names, matches
// it as a regular expression, or is what an exported name of the package
// compiles to: the program's wrapper (main.(*Int32).DecAndTest, main.Mb) and
// the assembly routine behind it (subAndTest, mb). As a regular
// expression the pattern also matches a wrapper by the operation's name
// alone, so that "Mb|Rmb" picks main.Mb and main.Rmb, and withCallees the
// routines behind them, as "Mb" and "Rmb" given apart do.
func (p routinePattern) match(name string) bool {
	if name == p.text || name == "main."+p.text || name == routineOf(p.text) {
		return true
	}
	if p.re != nil && (p.re.MatchString(name) || p.re.MatchString(operationOf(name))) {
		return true
	}
	for _, ty := range probeTypes {
		if name == "main.(*"+ty+")."+p.text {
			return true
		}
	}
	return slices.Contains(routinesOf(p.text), name)
}

// operationOf returns the exported operation that a wrapper of the
// program runs (Mb for main.Mb, FetchOrAcquire for
// main.(*Int64).FetchOrAcquire), or "" for any other function.
func operationOf(name string) string {
	if op, ok := strings.CutPrefix(name, "main.("); ok {
		for _, ty := range probeTypes {
			if op, ok := strings.CutPrefix(op, "*"+ty+")."); ok {
				return op
			}
		}
		return ""
	}
	if op, ok := strings.CutPrefix(name, "main."); ok && op != "" && unicode.IsUpper(rune(op[0])) && !strings.ContainsAny(op, ".()") {
		return op
	}
	return ""
}

// probeTypes are the types whose operations the probe wraps, one wrapper
// per method, as main.(*Int64).FetchOrAcquire.
var probeTypes = []string{"Int32", "Uint32", "Int64", "Uint64", "Uintptr", "Bool", "Pointer"}

// routinesOf returns every assembly routine that an exported operation may
// run, at each width: FetchOrAcquire runs fetchOr32Acquire (Int32, Uint32)
// or fetchOr64Acquire (Int64, Uint64, Uintptr on 64-bit machines),
// LoadAcquire load32Acquire, load64Acquire or loadPtrAcquire, FetchMax the
// signed or the unsigned maximum, and so on. Names that no routine has are
// harmless: they match nothing.
func routinesOf(name string) []string {
	switch name {
	case "StoreMb":
		return []string{"storeMb32", "storeMb64"}
	case "MbBeforeAtomic", "MbAfterAtomic":
		return []string{"mb" + strings.TrimPrefix(name, "Mb")}
	case "CondLoadAcquire", "WaitAcquire":
		return []string{"load32Acquire", "load64Acquire", "spinPause"}
	}
	prefixes := []struct {
		exported string
		stems    []string
	}{
		{"CompareAndSwap", []string{"cas"}},
		{"FetchAndNot", []string{"fetchAnd"}},
		{"FetchAnd", []string{"fetchAnd"}},
		{"FetchOr", []string{"fetchOr"}},
		{"FetchXor", []string{"fetchXor"}},
		{"FetchAdd", []string{"xadd"}},
		{"AddReturn", []string{"xadd"}},
		{"FetchMax", []string{"smax", "umax"}},
		{"FetchMin", []string{"smin", "umin"}},
		{"Swap", []string{"swap"}},
		{"Load", []string{"load"}},
		{"Store", []string{"store"}},
	}
	for _, p := range prefixes {
		rest, ok := strings.CutPrefix(name, p.exported)
		if !ok || rest == "" {
			continue
		}
		var out []string
		for _, stem := range p.stems {
			for _, w := range []string{"32", "64", "Ptr"} {
				out = append(out, stem+w+rest)
			}
		}
		return out
	}
	return nil
}

// routineOf returns the internal routine that an exported operation of the
// package calls, or "" when name is none: IncNotZeroLimitedAcquire and
// AddNotZeroLimitedAcquire run addNotZeroLimitedAcquire, FetchAddRelease
// runs xadd32Release, Mb runs mb, and so on.
func routineOf(name string) string {
	prefixes := []struct{ exported, routine string }{
		{"IncNotZeroLimited", "addNotZeroLimited"},
		{"AddNotZeroLimited", "addNotZeroLimited"},
		{"CompareAndSwap", "cas32"},
		{"FetchAdd", "xadd32"},
		{"Load", "load32"},
		{"Store", "store32"},
	}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(name, p.exported); ok && rest != "" {
			return p.routine + rest
		}
	}
	switch name {
	case "DecAndTest", "SubAndTest":
		return "subAndTest"
	case "Rmb", "Wmb", "Mb":
		return strings.ToLower(name)
	case "MandatoryRmb", "MandatoryWmb", "MandatoryMb":
		return "mandatory" + strings.TrimPrefix(name, "Mandatory")
	}
	return ""
}

// routineMatcher returns a test of functions: any of the patterns, or,
// with none, the assembly routines of the root package and, on amd64 or
// in a purego build, the probe's wrappers of the operations of every type
// (Int32, Int64, Bool, Pointer, ...), which are inlined intrinsics there,
// or calls of sync/atomic, and have no routine of their own (a purego
// build has no assembly at all). A pattern that is neither a name
// nor a valid regular expression is reported once the names are known (see
// checkPatterns).
func routineMatcher(t target.Target, purego bool, args []string) ([]routinePattern, func(disasm.Func) bool) {
	if len(args) == 0 {
		wrappers := t.GOARCH == "amd64" || purego
		return nil, func(f disasm.Func) bool {
			return strings.HasSuffix(f.Symbol, ".abi0") && strings.HasPrefix(f.Symbol, disasm.Module+".") ||
				wrappers && strings.HasPrefix(f.Symbol, "main.(*")
		}
	}
	pats := make([]routinePattern, len(args))
	for i, a := range args {
		re, err := regexp.Compile(`^(?:` + a + `)$`)
		if err != nil {
			// The error of the pattern as given, not of its anchored form.
			if _, e := regexp.Compile(a); e != nil {
				err = e
			}
		}
		pats[i] = routinePattern{a, re, err}
	}
	return pats, func(f disasm.Func) bool {
		for _, p := range pats {
			if p.match(f.Name()) {
				return true
			}
		}
		return false
	}
}

// withCallees extends pick with every function of the module that a
// picked function of the program (a wrapper such as
// main.(*Int32).RefcountDec) runs: the package's Go function behind the
// operation, where it is not inlined, and the assembly routines it calls.
func withCallees(pick func(disasm.Func) bool, funcs []disasm.Func) func(disasm.Func) bool {
	var roots []disasm.Func
	for _, f := range funcs {
		if pick(f) && strings.HasPrefix(f.Symbol, "main.") {
			roots = append(roots, f)
		}
	}
	reached := map[string]bool{}
	for _, g := range disasm.Callees(roots, funcs) {
		if strings.HasPrefix(g.Symbol, disasm.Module) {
			reached[g.Symbol] = true
		}
	}
	return func(f disasm.Func) bool { return pick(f) || reached[f.Symbol] }
}

// checkPatterns fails on a pattern that is not a valid regular expression
// and names no function either, and on one that matches no function, even
// where the others match some: a misspelt name is not left out in silence.
func checkPatterns(pats []routinePattern, funcs []disasm.Func) error {
	for _, p := range pats {
		if slices.ContainsFunc(funcs, func(f disasm.Func) bool { return p.match(f.Name()) }) {
			continue
		}
		if p.err != nil {
			return fmt.Errorf("ROUTINE %q is no function name, nor a regular expression: %v", p.text, p.err)
		}
		return fmt.Errorf("ROUTINE %q matches no function; fencelab disasm -list shows the names", p.text)
	}
	return nil
}

func writeDisasm(w io.Writer, t target.Target, tags string, funcs []disasm.Func, pick func(disasm.Func) bool, list bool) error {
	var picked []disasm.Func
	for _, f := range funcs {
		if pick(f) {
			picked = append(picked, f)
		}
	}
	if len(picked) == 0 {
		return errors.New("no function matches; fencelab disasm -list shows the names")
	}
	if list {
		for _, f := range picked {
			fmt.Fprintln(w, f.Name())
		}
		return nil
	}
	build := strings.Join(t.BuildEnv("linux"), " ")
	if tags != "" {
		build += " -tags " + tags
	}
	fmt.Fprintf(w, "# %s (%s): %s\n", t.Name, build, t.Describe(tags))
	if slices.ContainsFunc(picked, func(f disasm.Func) bool {
		return slices.ContainsFunc(f.Insts, func(in disasm.Inst) bool { return in.Decoded })
	}) {
		fmt.Fprintf(w, "# %s: decoded here from the instruction word, which go tool objdump prints as ? (arm64), without its ordering bits (riscv64, loong64) or with a wrong branch target (riscv64)\n", disasm.DecodedMark)
	}
	for _, f := range picked {
		fmt.Fprintln(w)
		if err := disasm.WriteFunc(w, f); err != nil {
			return err
		}
	}
	return nil
}
