package disasm

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// tagName is what the go command takes as one build tag.
var tagName = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)

// SplitTags splits the comma-separated build tags of a -tags flag and
// checks that each is tested by a build constraint of Module's packages
// or of a package they import, as the go command checks nothing: a
// misspelt tag such as weaken_startread_acqure would build the module
// unchanged, and a command that should show a weakening would show none.
// It refuses the tags that the go command sets itself (refuseTargetTags).
// It runs the go command from the current directory to list them.
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
	args := []string{"list", "-deps", "-tags", list, "-f", "{{.Dir}}", Module + "/..."}
	cmd := exec.CommandContext(ctx, "go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	dirs := strings.FieldsFunc(string(out), func(r rune) bool { return r == '\n' || r == '\r' })
	if err != nil || len(dirs) == 0 {
		// Outside a module that holds Module, the pattern matches no
		// package, with a warning alone.
		e := fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		if err == nil {
			e = fmt.Errorf("go %s: %s", strings.Join(args, " "), bytes.TrimSpace(stderr.Bytes()))
		}
		if len(dirs) == 0 || outsideModule.Match(stderr.Bytes()) {
			return nil, notInModule(e)
		}
		return nil, e
	}
	known := map[string]bool{}
	for _, dir := range dirs {
		if err := dirTags(dir, known); err != nil {
			return nil, err
		}
	}
	if err := refuseTargetTags(ctx, tags); err != nil {
		return nil, err
	}
	for _, tag := range tags {
		if !known[tag] {
			return nil, fmt.Errorf("build tag %q is in no build constraint of %s or of the packages it imports, so it would change nothing",
				tag, Module)
		}
	}
	return tags, nil
}

// toolchainTag matches the tags that the go command sets from its toolchain
// and its flags: the compiler, cgo, -race, Go versions and experiments.
var toolchainTag = regexp.MustCompile(`^(gc|gccgo|cgo|race|msan|asan|unix|go1\.[0-9]+|goexperiment\..+)$`)

// refuseTargetTags refuses a tag that the go command sets itself, from the
// target (an operating system or architecture, as go tool dist lists
// them) or the toolchain: given as a tag it would build a program for a
// mix of targets that does not compile, or claim a race detector or cgo
// that the build does not have.
func refuseTargetTags(ctx context.Context, tags []string) error {
	out, err := exec.CommandContext(ctx, "go", "tool", "dist", "list").Output()
	if err != nil {
		return fmt.Errorf("go tool dist list: %w", err)
	}
	target := map[string]bool{}
	for _, pair := range strings.Fields(string(out)) {
		goos, goarch, _ := strings.Cut(pair, "/")
		target[goos], target[goarch] = true, true
	}
	for _, tag := range tags {
		switch {
		case target[tag]:
			return fmt.Errorf("build tag %q names an operating system or architecture, which the command sets (-arch picks the architecture): -tags takes the module's own tags, such as purego", tag)
		case toolchainTag.MatchString(tag):
			return fmt.Errorf("build tag %q is set by the go command from its toolchain or flags, not by -tags: -tags takes the module's own tags, such as purego", tag)
		}
	}
	return nil
}

// dirTags adds the names that the //go:build lines of the .go and .s
// files of the package in dir test, the architectures and systems
// included, to known.
func dirTags(dir string, known map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); e.IsDir() || ext != ".go" && ext != ".s" {
			continue
		}
		if err := constraintTags(filepath.Join(dir, e.Name()), known); err != nil {
			return err
		}
	}
	return nil
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
	sc.Buffer(nil, 1<<20)
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
		exprTags(expr, known)
	}
	if err := sc.Err(); err != nil && err != bufio.ErrTooLong {
		return err
	}
	return nil // a line too long to scan is past any constraint
}

// exprTags adds every tag that expr names to known.
func exprTags(expr constraint.Expr, known map[string]bool) {
	switch e := expr.(type) {
	case *constraint.TagExpr:
		known[e.Tag] = true
	case *constraint.NotExpr:
		exprTags(e.X, known)
	case *constraint.AndExpr:
		exprTags(e.X, known)
		exprTags(e.Y, known)
	case *constraint.OrExpr:
		exprTags(e.X, known)
		exprTags(e.Y, known)
	}
}
