package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence"
)

// TestDisasmListsEveryOperation: fencelab disasm can show every exported
// operation of the root package, through the probe's wrapper of it that
// the linker keeps: a method M of type T as main.(*T).M, a function F as
// main.F. A method added to the package without a wrapper that the probe
// calls fails here, as "fencelab disasm M" would leave it out.
func TestDisasmListsEveryOperation(t *testing.T) {
	needsGoCommand(t)
	var stdout, stderr bytes.Buffer
	if rc := disasmMain(context.Background(), []string{"-arch", "amd64", "-list", `main\..*`}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit status %d: %s", rc, stderr.String())
	}
	listed := strings.Fields(stdout.String())
	var want []string
	for _, v := range []any{&atomicfence.Int32{}, &atomicfence.Uint32{}, &atomicfence.Int64{}, &atomicfence.Uint64{},
		&atomicfence.Uintptr{}, &atomicfence.Bool{}, &atomicfence.Pointer[int]{}} {
		typ := reflect.TypeOf(v)
		name, _, _ := strings.Cut(typ.Elem().Name(), "[")
		for i := range typ.NumMethod() {
			want = append(want, "main.(*"+name+")."+typ.Method(i).Name)
		}
	}
	funcs := exportedFuncs(t, filepath.Join("..", ".."))
	if !slices.Contains(want, "main.(*Pointer).SwapFull") || !slices.Contains(funcs, "MandatoryMb") {
		t.Fatalf("the enumeration misses Pointer's SwapFull or MandatoryMb: %q, %q", want, funcs)
	}
	for _, f := range funcs {
		want = append(want, "main."+f)
	}
	for _, w := range want {
		if !slices.Contains(listed, w) {
			t.Errorf("fencelab disasm lists no %s", w)
		}
	}
}

// exportedFuncs returns the exported functions of the package in dir, as
// this build sees it, except those that report the machine (CPU, Impl,
// AcquireLoadRCpc) and are no operation.
func exportedFuncs(t *testing.T, dir string) []string {
	t.Helper()
	pkg, err := build.ImportDir(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() && !slices.Contains([]string{"CPU", "Impl", "AcquireLoadRCpc"}, fd.Name.Name) {
				names = append(names, fd.Name.Name)
			}
		}
	}
	return names
}
