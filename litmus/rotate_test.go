package litmus

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/atomicfence/atomicfence/internal/rotate"
)

// TestVerdictsIgnoreThreadOrder: which thread holds which code changes no
// execution, so every test of the catalogues and of testdata/own, with its
// threads in each rotation, has the same observation and the same counts
// of executions that do and do not satisfy its condition. A model or a
// derivation that treats a thread by its number (thread 0 as the initial
// writes, a write of thread 0 as internal to all) fails here.
func TestVerdictsIgnoreThreadOrder(t *testing.T) {
	dirs := []string{"testdata/own"}
	if _, err := os.Stat(catalogueDir); err == nil {
		for _, arch := range []string{"aarch64", "x86_64", "riscv"} {
			dirs = append(dirs, filepath.Join(catalogueDir, arch))
		}
	}
	rotated := 0
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.litmus"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no litmus tests in %s (%v)", dir, err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := checkText(t, f, "", string(src))
			if !ok {
				continue
			}
			test, _ := Parse(f, src)
			for k := 1; k < len(test.Threads); k++ {
				rot, err := rotate.Threads(string(src), k)
				if err != nil {
					t.Errorf("%s: %v", f, err)
					break
				}
				name := fmt.Sprintf("%s (threads rotated by %d)", f, k)
				moved, err := Parse(name, []byte(rot))
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				for i, th := range test.Threads {
					if got := moved.Threads[(i+k)%len(test.Threads)].Instructions; !slices.Equal(got, th.Instructions) {
						t.Errorf("%s: thread %d holds %q, not thread %d's %q", name, (i+k)%len(test.Threads), got, i, th.Instructions)
					}
				}
				got, ok := checkText(t, name, "", rot)
				if ok && (got.Observation != want.Observation || got.Positive != want.Positive || got.Negative != want.Negative) {
					t.Errorf("%s: %s %d %d, unrotated %s %d %d\n%s", name, got.Observation, got.Positive, got.Negative,
						want.Observation, want.Positive, want.Negative, rot)
				}
				rotated++
			}
		}
	}
	t.Logf("%d rotations of %d folders' tests", rotated, len(dirs))
}
