package atomicfence_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// TestStoreConditionalFailureRetries checks every LL/SC loop of the
// assembly of each architecture that has them: a store-conditional that
// fails must branch back to its load-reserved. The other rules count the
// loop's instructions and place its barriers, but a failure that left the
// loop would pass them, and under qemu-user a store-conditional almost
// never fails, so the tests that run the routines would not notice a
// compare-and-swap that fails spuriously, returning the value it compared
// with.
func TestStoreConditionalFailureRetries(t *testing.T) {
	for _, tc := range []struct {
		target, load, store string
		loops               int // at least this many routines hold a loop
	}{
		{"arm64", `LDA?XR\w* .*`, `STL?XR\w* .*`, 40},
		{"riscv64", `LR\..*`, `SC\..*`, 10},
		{"loong64", `LLV? .*`, `SCV? .*`, 10},
		{"ppc64le", `L[WD]AR .*`, `ST[WD]CCC .*`, 40},
	} {
		t.Run(tc.target, func(t *testing.T) {
			rule := disasm.Retries(tc.load, tc.store)
			store := regexp.MustCompile(`^(?:` + tc.store + `)$`)
			loops := 0
			for _, f := range asmDisassembled(t, tc.target) {
				if !strings.HasSuffix(f.File, "_"+tc.target+".s") {
					continue
				}
				if slices.ContainsFunc(f.Insts, func(in disasm.Inst) bool { return store.MatchString(in.Text) }) {
					loops++
				}
				if err := disasm.Check(tc.target+" "+f.Name(), f.Insts, rule); err != nil {
					t.Error(err)
				}
			}
			if loops < tc.loops {
				t.Errorf("%d routines with a %s, want at least %d: the pattern no longer matches the listing", loops, tc.store, tc.loops)
			}
			t.Logf("%d routines with an LL/SC loop", loops)
		})
	}
}
