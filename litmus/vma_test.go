package litmus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/litmus"
	"github.com/atomicfence/atomicfence/vma"
)

// decide decides the litmus test in file under model.
func decide(t *testing.T, file, model string) *litmus.Result {
	t.Helper()
	test, err := litmus.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := litmus.Check(test, model)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// verdict is decide's verdict.
func verdict(t *testing.T, file, model string) string {
	t.Helper()
	return decide(t, file, model).Verdict()
}

// TestVMAPlacements decides the read path of every fence placement of the
// vma package, as its assembly emits it: AArch64 with the LL/SC loop
// (ARMv8.0) and with LSE, and x86_64; RISC-V as Linux maps the same
// operations there (an lr.w/sc.w loop, fence r,rw after it for acquire,
// fence r,r for smp_rmb, lw; fence r,rw for smp_load_acquire, amoadd.w.rl
// for the writer's release); and Power as Linux maps them there and
// atomicfence's ppc64le assembly emits them (a lwarx/stwcx. loop, isync
// after it for acquire, lwsync before it for release, lwsync for smp_rmb,
// lwz; lwsync for smp_load_acquire). Every placement the package calls
// safe must forbid the stale read under ARMv8, x86-TSO, RVWMO and Power;
// the relaxed one (the v9 patch) must allow it under ARMv8 and forbid it
// under x86-TSO. Under RVWMO and Power it is forbidden too, but only
// because the recheck's smp_load_acquire of mm_lock_seq ends in a fence
// r,rw or an lwsync, which orders every earlier read, the increment's
// lr.w or lwarx included: TestVMAWrongPlacements shows it allowed on
// RISC-V once that load is an lw.aq, which orders only what follows.
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
		for _, arch := range []struct{ dir, model string }{{"riscv", "riscv"}, {"ppc", "ppc"}} {
			f = filepath.Join("testdata/vma", arch.dir, "VMA+"+p.String()+".litmus")
			for _, model := range []string{arch.model, "sc"} {
				if got := verdict(t, f, model); got != "Forbidden" {
					t.Errorf("%s placement, %s: %s says %s, want Forbidden", p, f, model, got)
				}
			}
		}
	}
}

// TestVMAWrongPlacements decides the variants that the specification's
// table calls wrong: each lets the reader miss the writer's lock on ARMv8,
// and x86 (where every atomic is locked) forbids the writer's one too. On
// RISC-V and Power a writer without release lets the reader miss its lock
// (Power keeps two stores in order only with a barrier between them), and
// on RISC-V so does the relaxed increment once the recheck's acquire load
// is an lw.aq; the acquire increment then still forbids it.
func TestVMAWrongPlacements(t *testing.T) {
	for _, tc := range []struct {
		file, model, want string
	}{
		// DMB ISHST orders no load.
		{"aarch64/VMA+relaxed+wmb-llsc.litmus", "aarch64", "Allowed"},
		// DMB ISHLD does not order a no-return atomic.
		{"aarch64/VMA+stadd+rmb.litmus", "aarch64", "Allowed"},
		// The writer must release.
		{"aarch64/VMA+writer-norelease-llsc.litmus", "aarch64", "Allowed"},
		{"aarch64/VMA+writer-norelease-lse.litmus", "aarch64", "Allowed"},
		{"x86_64/VMA+writer-norelease.litmus", "x86tso", "Forbidden"},
		{"riscv/VMA+writer-norelease.litmus", "riscv", "Allowed"},
		{"ppc/VMA+writer-norelease.litmus", "ppc", "Allowed"},
		// The v9 patch on RISC-V, with a recheck whose acquire load
		// (Zalasr's lw.aq) does not order the increment before it; the
		// acquire increment's fence r,rw then does.
		{"riscv/VMA+relaxed-zalasr.litmus", "riscv", "Allowed"},
		{"riscv/VMA+acquire-zalasr.litmus", "riscv", "Forbidden"},
	} {
		if got := verdict(t, filepath.Join("testdata/vma", tc.file), tc.model); got != tc.want {
			t.Errorf("%s under %s: %s, want %s", tc.file, tc.model, got, tc.want)
		}
	}
}

// attachTests are the tests of MarkAttached (the specification's bug 7):
// the writer initialises vm_mm and then sets the count 0 -> 1; a stale
// reader's acquire increment reads that 1 and then loads vm_mm. The stale
// outcome is the reader in (1:X4=1, 1:rdi=1 on x86, 1:a4=1 on RISC-V) with
// vm_mm still 0.
var attachTests = []struct {
	file, model, want string
}{
	// The release store publishes vm_mm to the acquire increment, with
	// the LL/SC loop and with LSE's CASA.
	{"aarch64/VMA+attach-llsc.litmus", "aarch64", "Forbidden"},
	{"aarch64/VMA+attach-lse.litmus", "aarch64", "Forbidden"},
	// A plain store lets the two stores of the writer reorder on ARMv8;
	// x86-TSO keeps stores in order, so only ARMv8 shows the bug.
	{"aarch64/VMA+attach-norelease-llsc.litmus", "aarch64", "Allowed"},
	{"aarch64/VMA+attach-norelease-lse.litmus", "aarch64", "Allowed"},
	{"aarch64/VMA+attach-norelease-llsc.litmus", "x86tso", "Forbidden"},
	{"aarch64/VMA+attach-norelease-lse.litmus", "x86tso", "Forbidden"},
	// amd64 emits a plain MOVL for the release store.
	{"x86_64/VMA+attach.litmus", "x86tso", "Forbidden"},
	// RISC-V's smp_store_release is fence rw,w; sw.
	{"riscv/VMA+attach.litmus", "riscv", "Forbidden"},
	{"riscv/VMA+attach-norelease.litmus", "riscv", "Allowed"},
}

// TestVMAAttach decides the attach tests, and checks that each lets the
// stale reader take its reference at all (so that a Forbidden verdict is
// not owed to a reader that can never get in).
func TestVMAAttach(t *testing.T) {
	for _, tc := range attachTests {
		r := decide(t, filepath.Join("testdata/vma", tc.file), tc.model)
		if got := r.Verdict(); got != tc.want {
			t.Errorf("%s under %s: %s, want %s", tc.file, tc.model, got, tc.want)
		}
		entered := false
		for _, s := range r.States {
			str := s.String()
			entered = entered || strings.Contains(str, "1:X4=1;") || strings.Contains(str, "1:rdi=1;") ||
				strings.Contains(str, "1:x14=1;")
		}
		if !entered {
			t.Errorf("%s under %s: the reader never takes a reference (states %v)", tc.file, tc.model, r.States)
		}
	}
}

// TestVMAFilesAreAsserted keeps the folder (AArch64, x86_64, RISC-V and
// Power) and the tests above in step.
func TestVMAFilesAreAsserted(t *testing.T) {
	asserted := map[string]bool{
		"aarch64/VMA+relaxed+wmb-llsc.litmus": true, "aarch64/VMA+stadd+rmb.litmus": true,
		"aarch64/VMA+writer-norelease-llsc.litmus": true, "aarch64/VMA+writer-norelease-lse.litmus": true,
		"x86_64/VMA+writer-norelease.litmus": true, "riscv/VMA+writer-norelease.litmus": true,
		"riscv/VMA+relaxed-zalasr.litmus": true, "riscv/VMA+acquire-zalasr.litmus": true,
		"ppc/VMA+writer-norelease.litmus": true,
	}
	for _, tc := range attachTests {
		asserted[tc.file] = true
	}
	for _, tc := range fetchAddTests {
		asserted[tc.file] = true
	}
	for _, p := range vma.Placements() {
		asserted["aarch64/VMA+"+p.String()+"-llsc.litmus"] = true
		asserted["aarch64/VMA+"+p.String()+"-lse.litmus"] = true
		asserted["x86_64/VMA+"+p.String()+".litmus"] = true
		asserted["riscv/VMA+"+p.String()+".litmus"] = true
		asserted["ppc/VMA+"+p.String()+".litmus"] = true
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
