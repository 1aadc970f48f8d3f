package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// buildSubject compiles the subject program for t as the variant says
// into the file out; dir is a scratch directory for the overlay file.
// It builds with the flags of a plain go build (no -trimpath): on an
// amd64 host the standard library is then the one that go run or go test
// compiled for fencelab itself, which matters on a fresh machine with an
// empty build cache. The listing's file names are not used.
func buildSubject(ctx context.Context, t target.Target, v Variant, dir, out string) error {
	args := []string{"build", "-o", out}
	if len(v.Tags) > 0 {
		args = append(args, "-tags", strings.Join(v.Tags, ","))
	}
	if len(v.Replace) > 0 {
		overlay, err := writeOverlay(ctx, v.Replace, dir)
		if err != nil {
			return err
		}
		args = append(args, "-overlay", overlay)
	}
	args = append(args, SubjectPkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(os.Environ(), append(t.BuildEnv("linux"), disasm.WorkDirEnv(out))...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return disasm.BuildError(t, args, err, b)
	}
	return nil
}

// writeOverlay writes go build's overlay file for the replacements into
// dir. The go command wants the real files' absolute paths.
func writeOverlay(ctx context.Context, replace map[string]string, dir string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	m := map[string]string{}
	for rel, with := range replace {
		real := filepath.Join(root, filepath.FromSlash(rel))
		if _, err := os.Stat(real); err != nil {
			return "", fmt.Errorf("replacing %s: %v", rel, err)
		}
		abs, err := filepath.Abs(with)
		if err != nil {
			return "", err
		}
		m[real] = abs
	}
	b, err := json.Marshal(struct{ Replace map[string]string }{m})
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "overlay.json")
	return path, os.WriteFile(path, b, 0o644)
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside a module: go env GOMOD is %q", mod)
	}
	return filepath.Dir(mod), nil
}
