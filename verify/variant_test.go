package verify

import "testing"

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
