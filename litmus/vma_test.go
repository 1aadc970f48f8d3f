package litmus_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/atomicfence/atomicfence/litmus"
	"github.com/atomicfence/atomicfence/vma"
)

// verdict decides the litmus test in file under model.
func verdict(t *testing.T, file, model string) string {
	t.Helper()
	test, err := litmus.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := litmus.Check(test, model)
	if err != nil {
		t.Fatal(err)
	}
	return r.Verdict()
}

// TestVMAPlacements decides the read path of every fence placement of the
// vma package, as its assembly emits it: AArch64 with the LL/SC loop
// (ARMv8.0) and with LSE, and x86_64. Every placement the package calls
// safe must forbid the stale read under ARMv8 and x86-TSO; the relaxed one
// (the v9 patch) must allow it under ARMv8 and forbid it under x86-TSO.
func TestVMAPlacements(t *testing.T) {
	for _, p := range vma.Placements() {
		arm := "Forbidden"
		if p == vma.PlacementRelaxed {
			arm = "Allowed"
		}
		for _, ext := range []string{"-llsc", "-lse"} {
			f := filepath.Join("testdata/vma/aarch64", "VMA+"+p.String()+ext+".litmus")
			if got := verdict(t, f, "aarch64"); got != arm {
				t.Errorf("%s placement, %s: ARMv8 says %s, want %s", p, f, got, arm)
			}
			if got := verdict(t, f, "sc"); got != "Forbidden" {
				t.Errorf("%s placement, %s: SC says %s, want Forbidden", p, f, got)
			}
		}
		f := filepath.Join("testdata/vma/x86_64", "VMA+"+p.String()+".litmus")
		if got := verdict(t, f, "x86tso"); got != "Forbidden" {
			t.Errorf("%s placement, %s: x86-TSO says %s, want Forbidden", p, f, got)
		}
	}
}

// TestVMAWrongPlacements decides the variants that the specification's
// table calls wrong: each lets the reader miss the writer's lock on ARMv8,
// and x86 (where every atomic is locked) forbids the writer's one too.
func TestVMAWrongPlacements(t *testing.T) {
	for _, tc := range []struct {
		file, model, want string
	}{
		{"aarch64/VMA+relaxed+wmb-llsc.litmus", "aarch64", "Allowed"},      // DMB ISHST orders no load
		{"aarch64/VMA+stadd+rmb.litmus", "aarch64", "Allowed"},             // DMB ISHLD does not order a no-return atomic
		{"aarch64/VMA+writer-norelease-llsc.litmus", "aarch64", "Allowed"}, // the writer must release
		{"aarch64/VMA+writer-norelease-lse.litmus", "aarch64", "Allowed"},
		{"x86_64/VMA+writer-norelease.litmus", "x86tso", "Forbidden"},
	} {
		if got := verdict(t, filepath.Join("testdata/vma", tc.file), tc.model); got != tc.want {
			t.Errorf("%s under %s: %s, want %s", tc.file, tc.model, got, tc.want)
		}
	}
}

// TestVMAFilesAreAsserted keeps the folder and the two tests above in step.
func TestVMAFilesAreAsserted(t *testing.T) {
	asserted := map[string]bool{
		"aarch64/VMA+relaxed+wmb-llsc.litmus": true, "aarch64/VMA+stadd+rmb.litmus": true,
		"aarch64/VMA+writer-norelease-llsc.litmus": true, "aarch64/VMA+writer-norelease-lse.litmus": true,
		"x86_64/VMA+writer-norelease.litmus": true,
	}
	for _, p := range vma.Placements() {
		asserted["aarch64/VMA+"+p.String()+"-llsc.litmus"] = true
		asserted["aarch64/VMA+"+p.String()+"-lse.litmus"] = true
		asserted["x86_64/VMA+"+p.String()+".litmus"] = true
	}
	files, err := filepath.Glob("testdata/vma/*/*.litmus")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel("testdata/vma", f)
		if !asserted[filepath.ToSlash(rel)] {
			t.Errorf("%s is not asserted by any test", f)
		}
		delete(asserted, filepath.ToSlash(rel))
	}
	for f := range asserted {
		if _, err := os.Stat(filepath.Join("testdata/vma", f)); err != nil {
			t.Errorf("missing litmus test %s", f)
		}
	}
}
