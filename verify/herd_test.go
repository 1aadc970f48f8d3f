package verify

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/herdsyntax"
	"github.com/atomicfence/atomicfence/litmus"
)

// herdGaps are the instructions a derived test may keep although herd7's
// grammar lacks them, by mnemonic, each with what the test's header must
// then say: herd7's X86_64 has no XADD, which a LOCK XADD whose old value
// is read needs, nor SUB, which a subtraction of a loaded register needs.
var herdGaps = map[string]string{
	"xaddl": "herd7's X86_64 has no XADD",
	"xaddq": "herd7's X86_64 has no XADD",
	"subl":  "herd7's X86_64 has no SUB",
	"subq":  "herd7's X86_64 has no SUB",
}

// TestDerivedAreHerd7Input: every instruction of every derived test is one
// that herd7's grammar parses, but for the declared gaps, which the test's
// header then names, saying that herd7 rejects the file. The tests derived
// from hand-made listings are held to the same (deriveHand).
func TestDerivedAreHerd7Input(t *testing.T) {
	for _, r := range tableRows(t) {
		wantHerd7Input(t, r.Derived)
	}
}

// wantHerd7Input fails the test for each instruction of d that herd7's
// grammar would not parse and that is not a gap its header declares.
func wantHerd7Input(t *testing.T, d *Derived) {
	t.Helper()
	lt, err := litmus.Parse(d.Name+".litmus", []byte(d.Text))
	if err != nil {
		t.Fatal(err)
	}
	check := herdsyntax.AArch64Instr
	switch lt.Arch {
	case litmus.X86_64:
		check = herdsyntax.X86Instr
	case litmus.PPC:
		check = herdsyntax.PPCInstr
	case litmus.RISCV:
		check = herdsyntax.RISCVInstr
	}
	header, _, _ := strings.Cut(d.Text, "\n{")
	rejected := false
	for _, th := range lt.Threads {
		for _, in := range th.Instructions {
			if lt.Arch == litmus.PPC && !rotationHerdExact(in) {
				t.Errorf("%s: P%d: %q: herd7 computes this rotation differently from Power", d.Name, th.Index, in)
			}
			why := check(in)
			if why == "" {
				continue
			}
			f := strings.Fields(strings.TrimPrefix(in, "lock "))
			gap, ok := herdGaps[f[0]]
			if !ok {
				t.Errorf("%s: P%d: %q: %s", d.Name, th.Index, in, why)
				continue
			}
			if !strings.Contains(header, gap) {
				t.Errorf("%s: P%d: %q: %s, and the header does not say %q", d.Name, th.Index, in, why, gap)
			}
			rejected = true
		}
	}
	says := strings.Contains(header, "herd7 rejects this file")
	if says != rejected || says != (len(d.NotHerd7) > 0) {
		t.Errorf("%s: the header says herd7 rejects it: %v; an instruction herd7 lacks: %v; declared: %q", d.Name, says, rejected, d.NotHerd7)
	}
}

// rotationHerdExact reports whether the Power instruction in is no
// rotation, or an rlwinm or rlwimi that herd7 computes as Power does
// (ppcHerdExact: both rotate alike).
func rotationHerdExact(in string) bool {
	m, ops, _ := strings.Cut(strings.TrimSpace(in), " ")
	if m != "rlwinm" && m != "rlwimi" {
		return true
	}
	var sh, mb, me uint
	f := strings.Split(strings.ReplaceAll(ops, " ", ""), ",")
	if len(f) != 5 {
		return false
	}
	if _, err := fmt.Sscanf(strings.Join(f[2:], " "), "%d %d %d", &sh, &mb, &me); err != nil {
		return false
	}
	return ppcHerdExact(sh, mb, me)
}
