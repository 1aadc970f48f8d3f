package atomicfence_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// TestARM64DispatchFlags checks which flag each arm64 routine tests before
// it picks its instruction at run time: useLSE before an LSE atomic,
// useLRCPC before LDAPR. The other rules see the test (MOVBU, CBZ) but not
// the flag it reads, and a routine that read the wrong one runs as well on
// every CPU that has both extensions, qemu's included: one that read
// useLRCPC before its LSE atomic would take the LL/SC loop on a CPU with
// LSE and no LRCPC, and one that read useLSE before LDAPR would fault
// there.
func TestARM64DispatchFlags(t *testing.T) {
	lse := regexp.MustCompile(`^(LD(ADD|CLR|EOR|OR|SMAX|SMIN|UMAX|UMIN)|SWP|CASP?)A?L?[BHWD]? `)
	ldapr := regexp.MustCompile(`^LDAPR`)
	const pkg = "github.com/atomicfence/atomicfence."
	counts := map[string]int{}
	for _, f := range asmDisassembled(t, "arm64") {
		if !strings.HasSuffix(f.File, "_arm64.s") {
			continue
		}
		var flags []string
		want := ""
		for _, in := range f.Insts {
			switch {
			case strings.HasPrefix(in.Data, pkg+"use"):
				flags = append(flags, strings.TrimPrefix(in.Data, pkg))
			case lse.MatchString(in.Text):
				want = "useLSE"
			case ldapr.MatchString(in.Text):
				want = "useLRCPC"
			}
		}
		if want == "" && len(flags) == 0 {
			continue
		}
		counts[want]++
		if len(flags) == 0 {
			t.Errorf("%s picks %s's instruction without reading a flag:\n%s", f.Name(), want, listing(f))
		}
		for _, flag := range flags {
			if flag != want {
				t.Errorf("%s reads %s, want %s:\n%s", f.Name(), flag, want, listing(f))
			}
		}
	}
	// Every read-modify-write and every acquire load dispatches.
	if counts["useLSE"] < 80 || counts["useLRCPC"] < 3 {
		t.Errorf("routines that dispatch, per flag: %v; want 80 or more on useLSE, 3 or more on useLRCPC", counts)
	}
	t.Logf("routines that dispatch, per flag: %v", counts)
}

func listing(f disasm.Func) string {
	var b strings.Builder
	disasm.WriteInsts(&b, f.Insts)
	return b.String()
}
