package litmus

import (
	"go/ast"
	goparser "go/parser"
	gotoken "go/token"
	"strconv"
	"strings"
	"testing"
)

// TestCheckDocNamesEveryModel: Check's doc comment, the one users read
// with go doc, names every model that Check accepts, and each one that
// refuses tests of other architectures among those that do.
func TestCheckDocNamesEveryModel(t *testing.T) {
	f, err := goparser.ParseFile(gotoken.NewFileSet(), "check.go", nil, goparser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "Check" && fn.Recv == nil {
			doc = fn.Doc.Text()
		}
	}
	if doc == "" {
		t.Fatal("check.go has no documented func Check")
	}
	doc = strings.Join(strings.Fields(doc), " ")
	// The models that refuse another architecture are listed after the
	// sentence that starts with the first of them.
	_, archOnly, found := strings.Cut(doc, ". ")
	if !found {
		t.Fatalf("Check's doc comment has one sentence: %q", doc)
	}
	for _, name := range Models() {
		q := strconv.Quote(name)
		if !strings.Contains(doc, q) {
			t.Errorf("Check's doc comment does not name the model %s:\n%s", q, doc)
		}
		if _, ok := modelArch[name]; ok && !strings.Contains(archOnly, q) {
			t.Errorf("Check's doc comment does not say that %s decides only tests of its architecture:\n%s", q, doc)
		}
	}
}
