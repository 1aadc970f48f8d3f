package vma_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
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
