package vma_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// TestBenchmarksPrintConfig checks that every benchmark of the package
// labels its output with the implementation it ran (benchenv.PrintConfig,
// first thing, as benchenv asks): a run of one of them alone, e.g. fencelab
// bench -bench ReadLockPaired, would otherwise give results with no word
// of whether they are the assembly's or the sync/atomic fallback's.
func TestBenchmarksPrintConfig(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Benchmark") {
				continue
			}
			found++
			if !startsWithPrintConfig(fn) {
				t.Errorf("%s: %s does not call benchenv.PrintConfig first", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
	if found == 0 {
		t.Fatal("found no benchmark")
	}
}

func startsWithPrintConfig(fn *ast.FuncDecl) bool {
	if fn.Body == nil || len(fn.Body.List) == 0 {
		return false
	}
	stmt, ok := fn.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := stmt.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "benchenv" && sel.Sel.Name == "PrintConfig"
}

// TestBenchmarkLoopsInline checks, on amd64, that the loops of the
// benchmarks hold what the compiler inlines in them: testing.PB's Next and
// the VMA's accessors. Where a helper that returns closures is itself
// inlined into a benchmark, the compiler copies its closures without
// inlining into them, and every fault of BenchmarkPageFaults paid three
// calls more than its code says (pb.Next, End and Start), which thinned
// the ratio of each placement to the mmap lock. And that each floor, the
// protocol's steps written inline, holds them in its loop's own code, and
// the two with their slow paths as calls call both slow paths.
func TestBenchmarkLoopsInline(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles with the go command: amd64 hosts only, never under emulation")
	}
	tg, err := target.Lookup("amd64")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	funcs, err := disasm.TestFuncs(ctx, tg, t.TempDir(), `^github\.com/atomicfence/atomicfence/vma_test\.(Benchmark\w+|pft|vmaSide|init)\..*func`)
	if err != nil {
		t.Fatal(err)
	}
	pageFaults := 0
	for _, f := range funcs {
		if strings.Contains(f.Symbol, "pft") {
			pageFaults++
		}
		err := disasm.Check(f.Name(), f.Insts,
			disasm.Lacks(`CALL testing\.\(\*PB\)\.Next\(SB\)`),
			disasm.Lacks(`CALL github\.com/atomicfence/atomicfence/vma\.\(\*VMA\)\.(Start|End|MM)\(SB\)`))
		if err != nil {
			t.Error(err)
		}
	}
	if pageFaults == 0 {
		t.Fatal("found no closure of BenchmarkPageFaults")
	}
	// Each floor is what it is for only where its steps are the code of
	// the loop that the benchmark calls, and its slow paths, where it has
	// them, are calls.
	const pkg = `github\.com/atomicfence/atomicfence/vma_test\.`
	for _, floor := range []struct {
		loop  string
		rules []disasm.Rule
	}{
		{"inlineAtomicLoop", []disasm.Rule{disasm.InOrder(`LOCK CMPXCHGL .*`, `LOCK XADDL .*`), disasm.Lacks(`CALL ` + pkg + `inline\w+\(SB\)`)}},
		{"inlineCallsLoop", []disasm.Rule{disasm.InOrder(`LOCK CMPXCHGL .*`, `LOCK XADDL .*`), disasm.Has(`CALL ` + pkg + `inlineSlowPath\(SB\)`), disasm.Has(`CALL ` + pkg + `inlineRare\(SB\)`)}},
		{"inlineIncrementLoop", []disasm.Rule{disasm.InOrder(`LOCK CMPXCHGL .*`, `LOCK XADDL .*`), disasm.Has(`CALL ` + pkg + `inlineIncrement\(SB\)`), disasm.Has(`CALL ` + pkg + `inlineRare\(SB\)`)}},
		{"inlineFetchAddLoop", []disasm.Rule{disasm.InOrder(`LOCK XADDL .*`, `LOCK XADDL .*`), disasm.Lacks(`LOCK CMPXCHGL .*`), disasm.Lacks(`CALL ` + pkg + `inline\w+\(SB\)`)}},
		{"inlineFetchAddCallsLoop", []disasm.Rule{disasm.InOrder(`LOCK XADDL .*`, `LOCK XADDL .*`), disasm.Has(`CALL ` + pkg + `inlineFetchAddUndo\(SB\)`), disasm.Has(`CALL ` + pkg + `inlineFetchAddRare\(SB\)`)}},
	} {
		found := 0
		for _, f := range funcs {
			if !strings.Contains(f.Symbol, "."+floor.loop+".") {
				continue
			}
			found++
			if err := disasm.Check(f.Name(), f.Insts, append(floor.rules, disasm.Lacks(`CALL sync/atomic\..*`))...); err != nil {
				t.Error(err)
			}
		}
		if found != 1 {
			t.Errorf("%d closures of %s in the benchmarks, want 1", found, floor.loop)
		}
	}
}
