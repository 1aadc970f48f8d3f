//go:build amd64 || arm64

package verify

// The inventory type-checks vma's source for every architecture, whatever
// the host's, with go/types and its importer from source: a quarter of what
// a build of verify's tests compiles, for each architecture that builds
// them. It is built on the hosts that run the whole suite, amd64 and arm64,
// and left out of go vet's builds for the others and of their emulated
// runs, which are -short and skip the one test that uses it
// (TestOrderingsCovered).

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// orderedName matches the root package's operations that order other
// accesses: acquire, release, full and sequentially consistent forms, the
// release decrements (DecAndTest, SubAndTest, the refcount_t decrements)
// and the fences, StoreMb and the barriers around a relaxed atomic among
// them.
var orderedName = regexp.MustCompile(`Acquire|Release|Full|SeqCst|AndTest|^RefcountDec|^(Mandatory)?[RW]?mb$|^(Mandatory)?Mb$|^StoreMb$|^Mb(Before|After)Atomic$`)

// rootOps parses the root package and returns its ordered operations
// (exported methods and functions), each with the assembly routines
// (functions declared without a body somewhere in the package) that its
// body calls, directly or through the package's other functions.
func rootOps(t *testing.T) map[string][]string {
	t.Helper()
	files := parseDir(t, "..", "atomicfence")
	asm := map[string]bool{}
	calls := map[string][]string{} // a function's direct calls of the package's functions, by name
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fd.Body == nil {
				asm[fd.Name.Name] = true
				continue
			}
			key := funcName(fd)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok && !slices.Contains(calls[key], id.Name) {
						calls[key] = append(calls[key], id.Name)
					}
				}
				return true
			})
		}
	}
	routines := func(from string) []string {
		var out []string
		seen := map[string]bool{from: true}
		todo := []string{from}
		for len(todo) > 0 {
			f := todo[0]
			todo = todo[1:]
			for _, c := range calls[f] {
				switch {
				case seen[c]:
				case asm[c]:
					seen[c] = true
					out = append(out, c)
				default:
					seen[c] = true
					todo = append(todo, c)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	ops := map[string][]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !fd.Name.IsExported() || !orderedName.MatchString(fd.Name.Name) {
				continue
			}
			op := fd.Name.Name
			if fd.Recv != nil {
				op = recvType(fd) + "." + op
			}
			ops[op] = routines(funcName(fd))
		}
	}
	return ops
}

// recvType is the name of a method's receiver type, without its pointer
// and type parameters: "Int32", "Pointer".
func recvType(fd *ast.FuncDecl) string {
	x := fd.Recv.List[0].Type
	if st, ok := x.(*ast.StarExpr); ok {
		x = st.X
	}
	switch v := x.(type) {
	case *ast.IndexExpr:
		x = v.X
	case *ast.IndexListExpr:
		x = v.X
	}
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// orderedCall is one call of an ordered operation of the root package in
// vma: the function that makes it and the call as written.
type orderedCall struct {
	Func string // "(*VMA).StartRead", "waitFor" less its receiver: "(*waitQueue).waitFor"
	Call string // "v.refcnt.IncNotZeroLimitedAcquire(RefLimit)"
	Op   string // "Int32.IncNotZeroLimitedAcquire", or "Rmb" for a function
}

func (c orderedCall) key() string { return c.Func + ": " + c.Call }

// vmaOrderedCalls type-checks vma's default build for every architecture
// that it is built for (the weakening builds' own files left out by their
// build tags), and returns every use of an ordered operation of the root
// package or of sync/atomic (all of whose operations are sequentially
// consistent): the calls, and the method and function values that a
// later call would go through, whether a field, a parameter, a local or an
// embedded field holds the value, or a dot import names the function. A
// call through an interface fails the test (orderedUses).
func vmaOrderedCalls(t *testing.T, ops map[string][]string) []orderedCall {
	t.Helper()
	fset := token.NewFileSet()
	builds := vmaBuilds(t, fset)
	imp := importer.ForCompiler(fset, "source", nil)
	seen := map[string]bool{}
	var calls []orderedCall
	for _, arch := range slices.Sorted(maps.Keys(builds)) {
		info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: imp, Sizes: types.SizesFor("gc", arch)}
		if _, err := conf.Check("vma", fset, builds[arch], info); err != nil {
			t.Fatalf("type-checking vma for %s: %v", arch, err)
		}
		for _, f := range builds[arch] {
			for _, d := range f.Decls {
				uses, err := orderedUses(fset, d, info, ops)
				if err != nil {
					t.Fatalf("vma for %s: %v", arch, err)
				}
				for _, c := range uses {
					if !seen[c.key()] {
						seen[c.key()] = true
						calls = append(calls, c)
					}
				}
			}
		}
	}
	slices.SortFunc(calls, func(a, b orderedCall) int { return strings.Compare(a.key(), b.key()) })
	return calls
}

// orderedUses lists the uses of ordered operations in a declaration (a
// function's body, or a package-level variable's value): every identifier
// that names one, as a selector (v.refcnt.LoadAcquire) or alone (a dot
// import), shown as the call it makes or as the function or method value
// it is. A method called through an interface or a type parameter, with a
// name that the root package gives an ordered operation, is an error: its
// ordering is the dynamic type's, which the inventory cannot tell.
func orderedUses(fset *token.FileSet, d ast.Decl, info *types.Info, ops map[string][]string) ([]orderedCall, error) {
	var out []orderedCall
	where := "package-level declaration"
	if fd, ok := d.(*ast.FuncDecl); ok {
		where = funcName(fd)
	}
	// shown maps each identifier to the expression that shows its use: the
	// selector it ends, and the call that that selector or it is made by.
	shown := map[*ast.Ident]ast.Node{}
	var err error
	ast.Inspect(d, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if _, ok := shown[n.Sel]; !ok {
				shown[n.Sel] = n
			}
		case *ast.CallExpr:
			switch fun := ast.Unparen(n.Fun).(type) {
			case *ast.SelectorExpr:
				shown[fun.Sel] = n
			case *ast.Ident:
				shown[fun] = n
			}
		case *ast.Ident:
			fn, ok := info.Uses[n].(*types.Func)
			if !ok || fn.Pkg() == nil {
				return true
			}
			var text ast.Node = n
			if s, ok := shown[n]; ok {
				text = s
			}
			var b bytes.Buffer
			printer.Fprint(&b, fset, text)
			if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) && orderedName.MatchString(fn.Name()) && err == nil {
				err = fmt.Errorf("%s: %s calls %s through an interface or a type parameter, whose ordering the inventory cannot tell", where, b.String(), fn.Name())
			}
			op := opName(fn)
			switch fn.Pkg().Path() {
			case "sync/atomic":
				op = "sync/atomic." + op
			case disasm.Module:
				if _, ordered := ops[op]; !ordered {
					return true
				}
			default:
				return true
			}
			out = append(out, orderedCall{Func: where, Call: b.String(), Op: op})
		}
		return true
	})
	return out, err
}

// opName names a function as rootOps does ("Rmb"), and a method by its
// receiver's type less pointer and type arguments ("Int32.LoadAcquire",
// "Pointer.Load").
func opName(fn *types.Func) string {
	recv := fn.Origin().Signature().Recv()
	if recv == nil {
		return fn.Name()
	}
	typ := recv.Type()
	if p, ok := typ.(*types.Pointer); ok {
		typ = p.Elem()
	}
	if n, ok := typ.(*types.Named); ok {
		return n.Obj().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// vmaBuilds parses the files of vma's default build for each architecture
// that the module builds for, by architecture: a file that only a build
// tag compiles is in none.
func vmaBuilds(t *testing.T, fset *token.FileSet) map[string][]*ast.File {
	t.Helper()
	files := parseDirFset(t, fset, filepath.Join("..", "vma"), "vma")
	out := map[string][]*ast.File{}
	for _, arch := range []string{"amd64", "arm64", "386", "arm", "riscv64", "loong64", "ppc64le", "s390x", "wasm"} {
		ctx := build.Default
		ctx.GOOS, ctx.GOARCH = "linux", arch
		if arch == "wasm" {
			ctx.GOOS = "wasip1"
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			m, err := ctx.MatchFile(filepath.Dir(name), filepath.Base(name))
			if err != nil {
				t.Fatal(err)
			}
			if m {
				out[arch] = append(out[arch], files[name])
			}
		}
	}
	return out
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
	// Nth numbers the lines of a routine that hold the same instruction
	// (from 1; 0 where it holds it once), as lineEdit's nth picks them.
	Nth int
}

func (a asmOrdering) key() string {
	if a.Nth > 0 {
		return fmt.Sprintf("%s %s: %s #%d", a.File, a.Routine, a.Inst, a.Nth)
	}
	return fmt.Sprintf("%s %s: %s", a.File, a.Routine, a.Inst)
}

var (
	armOrdering   = regexp.MustCompile(`^(LDAR|STLR|LDAXR|STLXR|LDAPR|CASA|CASL|LDADDA|LDADDL|SWPA|SWPL|DMB|DSB)`)
	amd64Ordering = regexp.MustCompile(`^(LOCK|XCHG|MFENCE|LFENCE|SFENCE)`)
	ppcOrdering   = regexp.MustCompile(`^(SYNC|HWSYNC|LWSYNC|ISYNC|EIEIO)$`)
	// riscv64: every FENCE, and the AMOs, LRs and SCs with an aq or rl bit.
	rvOrdering = regexp.MustCompile(`^(FENCE|[A-Z]+\.[WD]\.(AQ|RL|AQRL) )`)
)

// wordDecoders decode the WORDs of an architecture's assembly, whose
// instructions the Go assembler has no mnemonic for.
var wordDecoders = map[string]func(uint32) (string, bool){"_arm64.s": disasm.DecodeARM64, "_riscv64.s": disasm.DecodeRISCV64}

// asmOrderings lists the ordering instructions of the root package's
// assembly files for arm64, amd64, ppc64le and riscv64. An instruction
// that the Go assembler has no mnemonic for is a WORD: it is decoded, and
// listed as the WORD line that an edit would change.
func asmOrderings(t *testing.T) []asmOrdering {
	t.Helper()
	var out []asmOrdering
	for suffix, re := range map[string]*regexp.Regexp{"_arm64.s": armOrdering, "_amd64.s": amd64Ordering, "_ppc64le.s": ppcOrdering, "_riscv64.s": rvOrdering} {
		files, err := filepath.Glob(filepath.Join("..", "*"+suffix))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			out = append(out, fileOrderings(t, path, re, wordDecoders[suffix])...)
		}
	}
	slices.SortFunc(out, func(a, b asmOrdering) int { return strings.Compare(a.key(), b.key()) })
	return out
}

// fileOrderings lists the ordering instructions of one assembly file;
// decode, if not nil, decodes its WORDs.
func fileOrderings(t *testing.T, path string, re *regexp.Regexp, decode func(uint32) (string, bool)) []asmOrdering {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []asmOrdering
	file, routine := filepath.Base(path), ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		l := sc.Text()
		if r, ok := strings.CutPrefix(l, "TEXT ·"); ok {
			routine, _, _ = strings.Cut(r, "(")
			continue
		}
		in := normAsm(l)
		what := in
		if w, ok := strings.CutPrefix(in, "WORD $"); ok && decode != nil {
			n, err := strconv.ParseUint(w, 0, 32)
			if err != nil {
				t.Fatalf("%s %s: %q: %v", file, routine, l, err)
			}
			what, _ = decode(uint32(n))
		}
		if routine != "" && re.MatchString(what) {
			out = append(out, asmOrdering{File: file, Routine: routine, Inst: in})
		}
	}
	count := map[asmOrdering]int{}
	for _, a := range out {
		count[a]++
	}
	seen := map[asmOrdering]int{}
	for i, a := range out {
		if count[a] > 1 {
			seen[a]++
			out[i].Nth = seen[a]
		}
	}
	return out
}

// TestInventoryFiles: the inventory reads the files of every
// architecture's default build, the weakened forms that the default
// build compiles (weaken.go) among them, and none that only a build tag
// compiles.
func TestInventoryFiles(t *testing.T) {
	fset := token.NewFileSet()
	files := map[string]bool{}
	for _, fs := range vmaBuilds(t, fset) {
		for _, f := range fs {
			files[fset.File(f.Pos()).Name()] = true
		}
	}
	has := func(name string) bool { return files[filepath.Join("..", "vma", name)] }
	for _, name := range []string{"read.go", "seqload_arm64.go", "seqload_other.go", "idle_amd64.go", "idle_other.go", "weaken.go", "weaken_none.go", "steps_off.go"} {
		if !has(name) {
			t.Errorf("the inventory leaves out vma/%s", name)
		}
	}
	for _, name := range []string{"weaken_startread_acquire.go", "steps_on.go", "debug_on.go"} {
		if has(name) {
			t.Errorf("the inventory reads vma/%s, which only a build tag compiles", name)
		}
	}
}
