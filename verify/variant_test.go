package verify

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

// TestVariantString: a variant names its tags and its replaced files, in
// the order of their paths, and the default build as such.
func TestVariantString(t *testing.T) {
	for _, c := range []struct {
		v    Variant
		want string
	}{
		{Variant{}, "the default build"},
		{Variant{Replace: map[string]string{}}, "the default build"},
		{Tagged("weaken_x"), "-tags weaken_x"},
		{Tagged("a", "b"), "-tags a,b"},
		{Variant{Replace: map[string]string{"ops_arm64.s": "edited/b.s", "atomicfence_arm64.s": "edited/a.s"}},
			"atomicfence_arm64.s replaced by edited/a.s, ops_arm64.s replaced by edited/b.s"},
		{Variant{Tags: []string{"a"}, Replace: map[string]string{"x.s": "y.s"}}, "-tags a, x.s replaced by y.s"},
	} {
		if got := c.v.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.v, got, c.want)
		}
	}
}

// TestModuleRootRefused: the files that a variant replaces are found
// under the directory of the main module's go.mod; outside any module,
// where go env GOMOD names the null device, or where the go command
// cannot run, there is no such directory and none is returned.
func TestModuleRootRefused(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("starts the go command; under qemu-user a fork crashes the emulated runtime")
	}
	t.Run("outside a module", func(t *testing.T) {
		t.Chdir(t.TempDir())
		if root, err := moduleRoot(context.Background()); err == nil || !strings.Contains(err.Error(), "not inside a module") {
			t.Errorf("module root %q, err %v; want an error saying the go command runs in no module", root, err)
		}
	})
	t.Run("no go command", func(t *testing.T) {
		t.Setenv("PATH", "")
		if root, err := moduleRoot(context.Background()); err == nil {
			t.Errorf("module root %q, want an error where go env cannot run", root)
		}
	})
}
