package verify

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// orderedName matches the root package's operations that order other
// accesses: acquire, release and full forms, the release decrements
// (DecAndTest, SubAndTest) and the fences.
var orderedName = regexp.MustCompile(`Acquire|Release|Full|AndTest|^(Mandatory)?[RW]?mb$|^(Mandatory)?Mb$`)

// rootOps parses the root package and returns its ordered operations
// (exported methods and functions), each with the assembly routines its
// body calls (functions declared without a body somewhere in the package).
func rootOps(t *testing.T) map[string][]string {
	t.Helper()
	files := parseDir(t, "..", "atomicfence")
	asm := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil {
				asm[fd.Name.Name] = true
			}
		}
	}
	ops := map[string][]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !fd.Name.IsExported() || !orderedName.MatchString(fd.Name.Name) {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok && asm[id.Name] && !slices.Contains(ops[fd.Name.Name], id.Name) {
						ops[fd.Name.Name] = append(ops[fd.Name.Name], id.Name)
					}
				}
				return true
			})
			if _, ok := ops[fd.Name.Name]; !ok {
				ops[fd.Name.Name] = nil
			}
		}
	}
	return ops
}

// orderedCall is one call of an ordered operation of the root package in
// vma: the function that makes it and the call as written.
type orderedCall struct {
	Func string // "(*VMA).StartRead", "waitFor" less its receiver: "(*waitQueue).waitFor"
	Call string // "v.refcnt.IncNotZeroLimitedAcquire(RefLimit)"
	Op   string // "IncNotZeroLimitedAcquire"
}

func (c orderedCall) key() string { return c.Func + ": " + c.Call }

// vmaOrderedCalls parses the files of vma's default build, less those
// that hold the weakened forms of the verification builds (weaken*.go),
// and returns every call of an ordered operation of the root package.
func vmaOrderedCalls(t *testing.T, ops map[string][]string) []orderedCall {
	t.Helper()
	fset := token.NewFileSet()
	var calls []orderedCall
	own := map[string]bool{}
	files := parseDirFset(t, fset, filepath.Join("..", "vma"), "vma")
	for name, f := range files {
		match, err := build.Default.MatchFile(filepath.Dir(name), filepath.Base(name))
		if err != nil {
			t.Fatal(err)
		}
		if !match || strings.HasPrefix(filepath.Base(name), "weaken") {
			delete(files, name)
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				own[fd.Name.Name] = true
			}
		}
	}
	for op := range ops {
		if own[op] {
			t.Fatalf("vma declares %s, the name of an ordered operation of the root package: the inventory cannot tell the calls apart", op)
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := c.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if _, ordered := ops[sel.Sel.Name]; !ordered {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); ok && id.Name != "atomicfence" && isImport(f, id.Name) {
					return true // another package's function of the same name
				}
				var b bytes.Buffer
				printer.Fprint(&b, fset, c)
				calls = append(calls, orderedCall{Func: funcName(fd), Call: b.String(), Op: sel.Sel.Name})
				return true
			})
		}
	}
	slices.SortFunc(calls, func(a, b orderedCall) int { return strings.Compare(a.key(), b.key()) })
	return calls
}

func isImport(f *ast.File, name string) bool {
	for _, im := range f.Imports {
		p := strings.Trim(im.Path.Value, `"`)
		if im.Name != nil && im.Name.Name == name || im.Name == nil && filepath.Base(p) == name {
			return true
		}
	}
	return false
}

// funcName is "(*T).M" for a method and "f" for a function.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	var b bytes.Buffer
	printer.Fprint(&b, token.NewFileSet(), fd.Recv.List[0].Type)
	return "(" + b.String() + ")." + fd.Name.Name
}

func parseDir(t *testing.T, dir, pkg string) map[string]*ast.File {
	t.Helper()
	return parseDirFset(t, token.NewFileSet(), dir, pkg)
}

// parseDirFset parses the package's files of dir, tests left out, every
// build constraint included.
func parseDirFset(t *testing.T, fset *token.FileSet, dir, pkg string) map[string]*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*ast.File{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == pkg {
			out[n] = f
		}
	}
	return out
}

// asmOrdering is one instruction of the root package's assembly that
// orders accesses: an acquire or release load, store or read-modify-write,
// a barrier, or a LOCK prefix.
type asmOrdering struct {
	File    string
	Routine string
	Inst    string // as normAsm writes it: "DMB $0xb"
}

func (a asmOrdering) key() string { return fmt.Sprintf("%s %s: %s", a.File, a.Routine, a.Inst) }

var (
	armOrdering   = regexp.MustCompile(`^(LDAR|STLR|LDAXR|STLXR|LDAPR|CASA|CASL|LDADDA|LDADDL|SWPA|SWPL|DMB|DSB)`)
	amd64Ordering = regexp.MustCompile(`^(LOCK|XCHG|MFENCE|LFENCE|SFENCE)`)
)

// asmOrderings lists the ordering instructions of the assembly files.
func asmOrderings(t *testing.T) []asmOrdering {
	t.Helper()
	var out []asmOrdering
	for file, re := range map[string]*regexp.Regexp{"atomicfence_arm64.s": armOrdering, "atomicfence_amd64.s": amd64Ordering} {
		b, err := os.ReadFile(filepath.Join("..", file))
		if err != nil {
			t.Fatal(err)
		}
		routine := ""
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			l := sc.Text()
			if r, ok := strings.CutPrefix(l, "TEXT ·"); ok {
				routine, _, _ = strings.Cut(r, "(")
				continue
			}
			if in := normAsm(l); routine != "" && re.MatchString(in) {
				out = append(out, asmOrdering{file, routine, in})
			}
		}
	}
	slices.SortFunc(out, func(a, b asmOrdering) int { return strings.Compare(a.key(), b.key()) })
	return out
}
