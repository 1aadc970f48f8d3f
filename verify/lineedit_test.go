package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// lineEdit weakens one ordering by a text edit of a real file of the
// module: the one line that reads old becomes new, or goes when new is "".
// In an assembly file the line is looked for in the routine, and lines
// compare with their comments dropped and their blanks collapsed, so that
// "DMB $0xb" finds "DMB\t$0xb // ISH". In a Go file (routine "") it is
// looked for anywhere in the file, and only the blanks are collapsed: a
// "//" may be in a string there, so old holds the line's comment, if any.
type lineEdit struct {
	file    string // "atomicfence_arm64.s" or "vma/read.go", from the module root
	routine string // "addNotZeroLimitedAcquire", the TEXT symbol less "·"
	old     string
	new     string
	// nth picks the nth line that is old (from 1) where the routine holds
	// it more than once; 0 wants it once.
	nth int
}

func (e lineEdit) String() string {
	if e.new == "" {
		return fmt.Sprintf("%s: %s removed", e.where(), e.old)
	}
	return fmt.Sprintf("%s: %s → %s", e.where(), e.old, e.new)
}

// where names the file, and the routine of an assembly edit.
func (e lineEdit) where() string {
	if e.routine == "" {
		return e.file
	}
	if e.nth > 0 {
		return fmt.Sprintf("%s %s (line %d of them)", e.file, e.routine, e.nth)
	}
	return e.file + " " + e.routine
}

// apply returns the file's text with the edit made. It fails unless the
// routine exists and holds the line exactly once (the file, for a Go
// file), so that an edit that the real file has outgrown fails instead of
// building the real code.
func (e lineEdit) apply(src string) (string, error) {
	lines := strings.Split(src, "\n")
	start, end := -1, len(lines)
	if e.routine != "" {
		head := "TEXT ·" + e.routine + "(SB)"
		start = slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, head) })
		if start < 0 {
			return "", fmt.Errorf("%s: no routine %s", e.file, e.routine)
		}
		for i := start + 1; i < len(lines); i++ {
			if strings.HasPrefix(lines[i], "TEXT ") {
				end = i
				break
			}
		}
	}
	norm := normAsm
	if e.routine == "" {
		norm = func(l string) string { return strings.Join(strings.Fields(l), " ") }
	}
	var at []int
	for i := start + 1; i < end; i++ {
		if norm(lines[i]) == norm(e.old) {
			at = append(at, i)
		}
	}
	switch {
	case len(at) == 0:
		return "", fmt.Errorf("%s holds no line %q: the edit has nothing to weaken", e.where(), e.old)
	case e.nth == 0 && len(at) > 1:
		return "", fmt.Errorf("%s holds %q more than once", e.where(), e.old)
	case e.nth > len(at):
		return "", fmt.Errorf("%s holds %q %d time(s), not %d", e.where(), e.old, len(at), e.nth)
	}
	i := at[max(e.nth, 1)-1]
	if e.new == "" {
		lines = append(lines[:i:i], lines[i+1:]...)
	} else {
		lines[i] = "\t" + e.new
	}
	return strings.Join(lines, "\n"), nil
}

// normAsm drops a line's comment and collapses its blanks.
func normAsm(l string) string {
	if i := strings.Index(l, "//"); i >= 0 {
		l = l[:i]
	}
	return strings.Join(strings.Fields(l), " ")
}

// editVariant writes the edited copy of the real file into a temporary
// directory and returns the build that uses it in place of the real one.
func editVariant(t *testing.T, edits ...lineEdit) Variant {
	t.Helper()
	v := Variant{Replace: map[string]string{}}
	dir := t.TempDir()
	texts := map[string]string{}
	for _, e := range edits {
		src, ok := texts[e.file]
		if !ok {
			b, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(e.file)))
			if err != nil {
				t.Fatal(err)
			}
			src = string(b)
		}
		out, err := e.apply(src)
		if err != nil {
			t.Fatal(err)
		}
		texts[e.file] = out
	}
	for file, text := range texts {
		path := filepath.Join(dir, filepath.Base(file))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		v.Replace[file] = path
	}
	return v
}

func TestLineEditRefusesWhatItCannotFind(t *testing.T) {
	src := "TEXT ·f(SB), NOSPLIT, $0-0\n\tDMB\t$0xb // ISH\n\tRET\n\nTEXT ·g(SB), NOSPLIT, $0-0\n\tDMB\t$0xb\n\tDMB\t$0xb\n\tRET\n"
	for _, e := range []lineEdit{
		{file: "x.s", routine: "h", old: "DMB $0xb"},
		{file: "x.s", routine: "f", old: "DMB $0x9"},
		{file: "x.s", routine: "g", old: "DMB $0xb"},
	} {
		if _, err := e.apply(src); err == nil {
			t.Errorf("%v: applied, want an error", e)
		}
	}
	goSrc := "package p\n\nfunc f() {\n\ty := \"http://x\"\n\ta := 1 // one\n\tb := 2\n\tb := 2\n}\n"
	for _, e := range []lineEdit{
		{file: "p.go", old: "c := 3"},
		{file: "p.go", old: "b := 2"},
		{file: "p.go", old: `y := "http:`},
		{file: "p.go", old: "a := 1"},
	} {
		if _, err := e.apply(goSrc); err == nil {
			t.Errorf("%v: applied, want an error", e)
		}
	}
	if out, err := (lineEdit{file: "p.go", old: "a := 1 // one", new: "a := 0"}).apply(goSrc); err != nil || !strings.Contains(out, "\n\ta := 0\n\tb := 2\n") {
		t.Errorf("Go edit gave %v\n%s", err, out)
	}
	out, err := lineEdit{file: "x.s", routine: "f", old: "DMB $0xb"}.apply(src)
	if err != nil {
		t.Fatal(err)
	}
	if want := "TEXT ·f(SB), NOSPLIT, $0-0\n\tRET\n\nTEXT ·g(SB)"; !strings.HasPrefix(out, want) {
		t.Errorf("removal gave\n%s", out)
	}
	out, err = lineEdit{file: "x.s", routine: "f", old: "DMB $0xb", new: "DMB $0xa"}.apply(src)
	if err != nil || !strings.Contains(out, "·f(SB), NOSPLIT, $0-0\n\tDMB $0xa\n") {
		t.Errorf("swap gave %v\n%s", err, out)
	}
}
