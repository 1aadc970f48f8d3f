package atomicfence

import (
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// statesOrdering matches a comment that says how its name orders
	// memory, or that it orders nothing.
	statesOrdering = regexp.MustCompile(`(?i)\b(relaxed|acquire|release|barrier|order(s|ed|ing|ings)?|observed|sequentially consistent)\b`)
	// namesLinux matches a comment that names a Linux counterpart: a
	// kernel identifier (snake_case, a call such as mb(), or xchg and
	// cmpxchg, the kernel's names without an underscore), or Linux by name,
	// as in "Linux has none".
	namesLinux = regexp.MustCompile(`\bLinux\b|\b_*[A-Za-z][A-Za-z0-9]*(_+[A-Za-z0-9]+)+\b|\b_*[a-z][a-z0-9_]*\(\)|\b(xchg|cmpxchg)\b`)
)

// Every exported name of this package and of vma has a doc comment that
// states its memory ordering and names the Linux counterpart it mirrors
// (or says that Linux has none).
func TestDocCommentsStateOrderingAndLinux(t *testing.T) {
	for _, dir := range []string{".", "vma"} {
		p := exportedDocs(t, dir)
		checked := 0
		for _, name := range p.names {
			checked++
			text := p.docs[name]
			switch {
			case strings.TrimSpace(text) == "":
				t.Errorf("%s: %s has no doc comment", dir, name)
			case !statesOrdering.MatchString(text):
				t.Errorf("%s: the doc comment of %s states no ordering (nor that it orders nothing):\n%s", dir, name, text)
			case !namesLinux.MatchString(text):
				t.Errorf("%s: the doc comment of %s names no Linux counterpart (nor says Linux has none):\n%s", dir, name, text)
			}
		}
		if checked < 50 {
			t.Errorf("%s: only %d exported names found; the parse missed the package", dir, checked)
		}
	}
}

// packageDocs is the doc text of every exported name of a package, in
// source order.
type packageDocs struct {
	names []string
	docs  map[string]string
}

func (p *packageDocs) add(name, text string) {
	if _, ok := p.docs[name]; !ok {
		p.names = append(p.names, name)
	}
	p.docs[name] += text
}

// exportedDocs reads the non-test files of dir that this build compiles.
// A constant or variable declared in a group takes the group's comment
// with its own.
func exportedDocs(t *testing.T, dir string) *packageDocs {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	d, err := doc.NewFromFiles(fset, files, "example.com/"+dir)
	if err != nil {
		t.Fatal(err)
	}
	p := &packageDocs{docs: map[string]string{}}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, s := range v.Decl.Specs {
				spec := s.(*ast.ValueSpec)
				for _, n := range spec.Names {
					if n.IsExported() {
						p.add(n.Name, v.Doc+spec.Doc.Text()+spec.Comment.Text())
					}
				}
			}
		}
	}
	values(d.Consts)
	values(d.Vars)
	for _, f := range d.Funcs {
		p.add(f.Name, f.Doc)
	}
	for _, typ := range d.Types {
		p.add(typ.Name, typ.Doc)
		values(typ.Consts)
		values(typ.Vars)
		for _, f := range typ.Funcs {
			p.add(f.Name, f.Doc)
		}
		for _, m := range typ.Methods {
			p.add(typ.Name+"."+m.Name, m.Doc)
		}
	}
	return p
}
