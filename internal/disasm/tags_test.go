package disasm

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDirTags: every name that a //go:build line of a .go or .s file tests
// counts, under !, && and ||, wherever the line stands in the header,
// after a long comment too. Lines after the package clause or the first
// TEXT, files of other kinds and subdirectories do not count. A line
// longer than 1 MiB is taken for code, past any constraint: it is no error.
func TestDirTags(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go", "//go:build !a1 && (a2 || !a3)\n\npackage p\n\n//go:build after\n")
	write("b.s", "// Copyright\n\n//go:build b1 || b2\n\n#include \"textflag.h\"\n\nTEXT ·f(SB),0,$0\n//go:build intext\n")
	write("c.go", "// "+strings.Repeat("x", 100<<10)+"\n\n//go:build c1\n\npackage p\n")
	write("d.go", "// "+strings.Repeat("y", 2<<20)+"\n\n//go:build d1\n\npackage p\n")
	write("e.txt", "//go:build notgo\n")
	if err := os.Mkdir(filepath.Join(dir, "sub.go"), 0o755); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	if err := dirTags(dir, known); err != nil {
		t.Fatal(err)
	}
	var got []string
	for tag := range known {
		got = append(got, tag)
	}
	slices.Sort(got)
	if want := []string{"a1", "a2", "a3", "b1", "b2", "c1"}; !slices.Equal(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
}

// TestDirTagsErrors: a directory or a file that cannot be read, and a
// malformed constraint, are errors that name the file, not tags missed.
func TestDirTagsErrors(t *testing.T) {
	dir := t.TempDir()
	if err := dirTags(filepath.Join(dir, "none"), map[string]bool{}); err == nil {
		t.Error("dirTags of a directory that does not exist: no error")
	}
	bad := filepath.Join(dir, "bad.go")
	if err := os.WriteFile(bad, []byte("//go:build (a\n\npackage p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := dirTags(dir, map[string]bool{}); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("dirTags with a malformed constraint: %v, want an error naming %s", err, bad)
	}
	os.Remove(bad)
	if err := os.Symlink(filepath.Join(dir, "nowhere.go"), filepath.Join(dir, "dangling.go")); err != nil {
		t.Fatal(err)
	}
	if err := dirTags(dir, map[string]bool{}); err == nil || !strings.Contains(err.Error(), "dangling.go") {
		t.Errorf("dirTags with a file it cannot open: %v, want an error naming it", err)
	}
	if err := constraintTags(dir, map[string]bool{}); err == nil {
		t.Error("constraintTags of a directory: no error from reading it")
	}
}

// TestSplitTagsWhereTheModuleIsNot: no tags are none, without the go
// command; where the go command finds no package of Module (outside any
// module, or in one that does not require it) or cannot run, SplitTags
// says where to run the command, after what the go command said.
func TestSplitTagsWhereTheModuleIsNot(t *testing.T) {
	if tags, err := SplitTags(t.Context(), ""); tags != nil || err != nil {
		t.Errorf("SplitTags of no tags: %q, %v; want none and no error", tags, err)
	}
	needsGoCommand(t)
	const lead = "this command builds programs of " + Module
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "go.mod"), []byte("module other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{t.TempDir(), other} {
		t.Chdir(dir)
		const said = `go list -deps -tags vmadebug -f {{.Dir}} ` + Module + `/...: go: warning: "` + Module + `/..." matched no packages`
		if tags, err := SplitTags(t.Context(), "vmadebug"); err == nil || !strings.HasPrefix(err.Error(), lead) || !strings.HasSuffix(err.Error(), "\n"+said) {
			t.Errorf("SplitTags in %s: %q, %v; want %q first and the go command's warning last", dir, tags, err, lead)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if tags, err := SplitTags(ctx, "vmadebug"); err == nil || !strings.HasPrefix(err.Error(), lead) || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("SplitTags with its context canceled: %q, %v; want %q first and the cause", tags, err, lead)
	}
}

// TestSplitTagsGoListFails: where the go command fails inside the module
// (here a package of it imports one that nothing provides), SplitTags
// returns what it said, without the lead about where to run: the place
// is right, the module is not.
func TestSplitTagsGoListFails(t *testing.T) {
	needsGoCommand(t)
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod": "module " + Module + "\n\ngo 1.26\n",
		"b/b.go": "package b\n\nimport _ \"nonexistent.invalid/x\"\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	tags, err := SplitTags(t.Context(), "vmadebug")
	if err == nil || strings.Contains(err.Error(), "this command builds programs of") || !strings.Contains(err.Error(), "nonexistent.invalid/x") {
		t.Errorf("SplitTags in a module whose package cannot be listed: %q, %v; want the go command's error alone", tags, err)
	}
}
