package disasm

import (
	"bufio"
	"context"
	"fmt"
	"go/build/constraint"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// tagName is what the go command takes as one build tag.
var tagName = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)

// SplitTags splits the comma-separated build tags of a -tags flag and
// checks each against the build constraints of Module's files, as the
// go command checks nothing: a misspelt tag such as
// weaken_startread_acqure would build the module unchanged, and a
// command that should show a weakening would show none. It runs the go
// command from the current directory to find the module.
func SplitTags(ctx context.Context, list string) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	tags := strings.Split(list, ",")
	for _, tag := range tags {
		if !tagName.MatchString(tag) {
			return nil, fmt.Errorf("bad build tag %q in -tags %q: tags are letters, digits, _ and ., separated by commas", tag, list)
		}
	}
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", Module).CombinedOutput()
	if err != nil {
		e := fmt.Errorf("go list -m %s: %v\n%s", Module, err, out)
		if outsideModule.Match(out) || strings.Contains(string(out), "not a known dependency") {
			return nil, fmt.Errorf("this command builds programs of %s: run it inside a clone of that module, or of a module that requires it\n%w", Module, e)
		}
		return nil, e
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return tags, nil // vendored: no source tree to read
	}
	known, err := moduleTags(dir)
	if err != nil {
		return nil, err
	}
	for _, tag := range tags {
		if !known[tag] {
			return nil, fmt.Errorf("build tag %q is in no build constraint of %s, so it would change nothing (known: %s)",
				tag, Module, strings.Join(slices.Sorted(maps.Keys(known)), ", "))
		}
	}
	return tags, nil
}

// moduleTags returns the names that the //go:build lines of the .go and
// .s files under dir test, the architectures and systems included.
func moduleTags(dir string) (map[string]bool, error) {
	known := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); ext != ".go" && ext != ".s" {
			return nil
		}
		return constraintTags(path, known)
	})
	return known, err
}

// constraintTags adds the names tested by the //go:build line of the
// file at path, which precedes its package clause, to known.
func constraintTags(path string, known map[string]bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "package ") || strings.HasPrefix(line, "TEXT") {
			break
		}
		if !constraint.IsGoBuild(line) {
			continue
		}
		expr, err := constraint.Parse(line)
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		expr.Eval(func(tag string) bool { known[tag] = true; return false })
	}
	return sc.Err()
}
