package litmus_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// fetchAddTests are the races of the fetch-add read placement, decided
// before the placement is written: the reader takes its reference with
// one acquire fetch-add (LDADDA, LDAXR/ADD/STXR, LOCK XADDL), keeps it
// only if the old count was attached, had no writer's LockOffset and was
// below its limit, and undoes it otherwise. The count's encoding is the
// acquire placement's, but for a detached VMA, whose count is
// -DetachedBias (-2^29) instead of 0: attach adds DetachedBias+1 with a
// release, detach subtracts it (release, and acquire for the writer that
// goes on), and a transient increment never makes a detached count look
// attached. Each race is decided under ARMv8 and x86-TSO (the reader's
// race under RVWMO too), with a variant
// weakened where the race needs an ordering, which the model must allow,
// so that each Forbidden verdict shows the ordering it rests on.
//
// reach names a final state of the test's registers that must be
// reachable, so that a Forbidden verdict is not owed to a thread that never
// gets where the forbidden outcome needs it.
var fetchAddTests = []struct {
	file, model, want, reach string
}{
	// Reader against StartWrite's release of LockOffset: the acquire of
	// the fetch-add orders the recheck's loads after it.
	{"aarch64/VMA+fetchadd-lse.litmus", "aarch64", "Forbidden", "1:X4=1;"},
	{"aarch64/VMA+fetchadd-llsc.litmus", "aarch64", "Forbidden", "1:X4=1;"},
	{"x86_64/VMA+fetchadd.litmus", "x86tso", "Forbidden", "1:rdi=1;"},
	{"aarch64/VMA+fetchadd-relaxed-lse.litmus", "aarch64", "Allowed", "1:X4=1;"},
	{"aarch64/VMA+fetchadd-relaxed-lse.litmus", "x86tso", "Forbidden", "1:X4=1;"},
	// Two transient readers of a detached VMA: with the bias neither finds
	// it attached; with the acquire placement's 0 for detached, the second
	// finds the first one's transient 1 and takes it for attached, even
	// under SC.
	{"aarch64/VMA+fetchadd-detached-lse.litmus", "aarch64", "Forbidden", "0:X4=0;"},
	{"x86_64/VMA+fetchadd-detached.litmus", "x86tso", "Forbidden", "0:rdi=0;"},
	{"aarch64/VMA+fetchadd-detached-zero-lse.litmus", "sc", "Allowed", "0:X4=1;"},
	{"x86_64/VMA+fetchadd-detached-zero.litmus", "x86tso", "Allowed", "0:rdi=1;"},
	// A stale reader against MarkAttached (bug 7): the release of the
	// attaching add publishes vm_mm to the acquire fetch-add.
	{"aarch64/VMA+fetchadd-attach-lse.litmus", "aarch64", "Forbidden", "1:X4=1;"},
	{"aarch64/VMA+fetchadd-attach-llsc.litmus", "aarch64", "Forbidden", "1:X4=1;"},
	{"x86_64/VMA+fetchadd-attach.litmus", "x86tso", "Forbidden", "1:rdi=1;"},
	{"aarch64/VMA+fetchadd-attach-norelease-lse.litmus", "aarch64", "Allowed", "1:X4=1;"},
	{"aarch64/VMA+fetchadd-attach-norelease-lse.litmus", "x86tso", "Forbidden", "1:X4=1;"},
	// A reader's EndRead against MarkDetached (bug 5): the writer that
	// subtracts the bias, or waits for the detached count, sees what the
	// reader did before its release.
	{"aarch64/VMA+fetchadd-detach-lse.litmus", "aarch64", "Forbidden", "1:X6=1;"},
	{"aarch64/VMA+fetchadd-detach-llsc.litmus", "aarch64", "Forbidden", "1:X6=1;"},
	{"x86_64/VMA+fetchadd-detach.litmus", "x86tso", "Forbidden", "1:rdi=1;"},
	{"aarch64/VMA+fetchadd-detach-relaxed-lse.litmus", "aarch64", "Allowed", "1:X6=1;"},
	{"aarch64/VMA+fetchadd-detach-relaxed-lse.litmus", "x86tso", "Forbidden", "1:X6=1;"},
	// A stale reader of one MM against the detach, the recycling into
	// another MM and the attach there (CVE-2025-38554's setting): a reader
	// that holds the recycled VMA sees its new owner, and backs off.
	{"aarch64/VMA+fetchadd-recycle-lse.litmus", "aarch64", "Forbidden", "0:X6=1; 1:X4=1;"},
	{"aarch64/VMA+fetchadd-recycle-llsc.litmus", "aarch64", "Forbidden", "0:X6=1; 1:X4=1;"},
	{"x86_64/VMA+fetchadd-recycle.litmus", "x86tso", "Forbidden", "0:rdx=1; 1:rdi=1; 1:r9=2;"},
	{"aarch64/VMA+fetchadd-recycle-relaxed-lse.litmus", "aarch64", "Allowed", "0:X6=1; 1:X4=1;"},
	{"aarch64/VMA+fetchadd-recycle-relaxed-lse.litmus", "x86tso", "Forbidden", "0:X6=1; 1:X4=1;"},
	// The reader on RISC-V, in the placement's own encoding (LockOffset
	// plus 1 attached, plus 2^29 while a writer excludes readers), as the
	// riscv64 assembly emits it: amoadd.w; fence r,rw for the acquire
	// fetch-add, fence rw,w; amoadd.w for the releases. Without its fence
	// the AMO's read is still ordered before vm_lock_seq's load by the
	// fence r,rw of the recheck's smp_load_acquire; with Zalasr's lw.aq
	// in the recheck only the reader's own acquire forbids the stale
	// read, in either form (the fence, or amoadd.w.aq).
	{"riscv/VMA+fetchadd.litmus", "riscv", "Forbidden", "1:x14=1;"},
	{"riscv/VMA+fetchadd-writer-norelease.litmus", "riscv", "Allowed", "1:x14=1;"},
	{"riscv/VMA+fetchadd-relaxed.litmus", "riscv", "Forbidden", "1:x14=1;"},
	{"riscv/VMA+fetchadd-relaxed-zalasr.litmus", "riscv", "Allowed", "1:x14=1;"},
	{"riscv/VMA+fetchadd-zalasr.litmus", "riscv", "Forbidden", "1:x14=1;"},
	{"riscv/VMA+fetchadd-aq-zalasr.litmus", "riscv", "Forbidden", "1:x14=1;"},
}

// TestVMAFetchAdd decides the fetch-add placement's races. Every test the
// table expects Forbidden under ARMv8 or RVWMO is Forbidden under SC too,
// and every one must reach its reach state.
func TestVMAFetchAdd(t *testing.T) {
	for _, tc := range fetchAddTests {
		f := filepath.Join("testdata/vma", tc.file)
		r := decide(t, f, tc.model)
		if got := r.Verdict(); got != tc.want {
			t.Errorf("%s under %s: %s, want %s", tc.file, tc.model, got, tc.want)
		}
		reached := false
		for _, s := range r.States {
			reached = reached || strings.Contains(s.String(), tc.reach)
		}
		if !reached {
			t.Errorf("%s under %s: no final state has %q (states %v)", tc.file, tc.model, tc.reach, r.States)
		}
		if (tc.model == "aarch64" || tc.model == "riscv") && tc.want == "Forbidden" {
			if got := verdict(t, f, "sc"); got != "Forbidden" {
				t.Errorf("%s: SC says %s, want Forbidden", tc.file, got)
			}
		}
	}
}
