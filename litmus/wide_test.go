package litmus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/rotate"
)

// TestEventsPastFirstWord: a thread holds at most 64 events, but an
// execution may hold more, and the models keep sets and relations over all
// of its events in words of 64. Each forbidden test below is checked behind
// 0 to 140 fences in threads of their own, so that its accesses fall at
// every position of the first three words; a set indexed by the wrong word
// or bit loses an access there and lets the test through.
func TestEventsPastFirstWord(t *testing.T) {
	for _, tc := range []struct {
		arch           Arch
		name, init     string
		threads        []string
		cond, padFence string
	}{
		{AArch64, "2+2W+dmb.sys", "0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y;",
			[]string{"MOV W0,#1;STR W0,[X1];DMB SY;MOV W3,#2;STR W3,[X2]", "MOV W0,#1;STR W0,[X2];DMB SY;MOV W3,#2;STR W3,[X1]"},
			"exists ([x]=1 /\\ [y]=1)", "DMB SY"},
		{AArch64, "MP+dmb.sys", "0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y;",
			[]string{"MOV W0,#1;STR W0,[X1];DMB SY;STR W0,[X2]", "LDR W0,[X2];DMB SY;LDR W3,[X1]"},
			"exists (1:X0=1 /\\ 1:X3=0)", "DMB SY"},
		{X86_64, "2+2W", "",
			[]string{"movl $1,(x);movl $2,(y)", "movl $1,(y);movl $2,(x)"},
			"exists (x=1 /\\ y=1)", "mfence"},
		{X86_64, "SB+mfences", "",
			[]string{"movl $1,(x);mfence;movl (y),%eax", "movl $1,(y);mfence;movl (x),%eax"},
			"exists (0:rax=0 /\\ 1:rax=0)", "mfence"},
		{RISCV, "2+2W+fence.w.ws", rvInit2,
			[]string{"sw x5,0(x6);fence w,w;li x9,2;sw x9,0(x7)", "sw x5,0(x7);fence w,w;li x9,2;sw x9,0(x6)"},
			"exists (x=1 /\\ y=1)", "fence rw,rw"},
		{RISCV, "SB+fence.rw.rws", rvInit2,
			[]string{"sw x5,0(x6);fence rw,rw;lw x10,0(x7)", "sw x5,0(x7);fence rw,rw;lw x10,0(x6)"},
			"exists (0:x10=0 /\\ 1:x10=0)", "fence rw,rw"},
		{PPC, "2+2W+lwsyncs", ppcInit(2),
			[]string{"li r1,1;stw r1,0(r6);lwsync;li r2,2;stw r2,0(r7)", "li r1,1;stw r1,0(r7);lwsync;li r2,2;stw r2,0(r6)"},
			"exists (x=1 /\\ y=1)", "sync"},
		{PPC, "SB+syncs", ppcInit(2),
			[]string{"li r1,1;stw r1,0(r6);sync;lwz r2,0(r7)", "li r1,1;stw r1,0(r7);sync;lwz r2,0(r6)"},
			ppcSBCond, "sync"},
	} {
		for pad := 0; pad <= 140; pad++ {
			threads := tc.threads
			for left := pad; left > 0; left -= 60 {
				threads = append(threads, strings.Repeat(tc.padFence+";", min(left, 60)-1)+tc.padFence)
			}
			name := fmt.Sprintf("%s behind %d fences", tc.name, pad)
			src, err := rotate.Threads(columnsTest(tc.arch, tc.name, tc.init, threads, tc.cond), len(threads)-len(tc.threads))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r, ok := checkText(t, name, "", src)
			if ok && r.Observation != "Never" {
				t.Errorf("%s %s: %s %d %d, want Never", tc.arch, name, r.Observation, r.Positive, r.Negative)
			}
		}
	}
}

// TestCoherenceOfManyWrites: the coherence orders of a location are the
// linear extensions of a graph over its writes, a word of 64 per row; a
// location written 64 times by one thread (in one order) and once by
// another has 65 orders, one per place of the other write, and 66 nodes
// with the initial write.
func TestCoherenceOfManyWrites(t *testing.T) {
	src := "AArch64 W64\n{ 0:X0=1; 0:X1=x; 1:X0=2; 1:X1=x; }\n P0 | P1 ;\n STR W0,[X1] | STR W0,[X1] ;\n" +
		strings.Repeat(" STR W0,[X1] | ;\n", 63) + "exists ([x]=2)\n"
	checkOutcomes(t, []outcome{{"W64", "", src, "Sometimes", 1, 64}})
}
