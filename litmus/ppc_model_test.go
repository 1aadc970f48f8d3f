package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// ppcInit gives every thread of n the addresses of x, y and z in r6, r7
// and r8.
func ppcInit(n int) string {
	var b strings.Builder
	for t := 0; t < n; t++ {
		fmt.Fprintf(&b, "%d:r6=x; %d:r7=y; %d:r8=z; ", t, t, t)
	}
	return b.String()
}

const (
	// ppcMPWriter writes x, then y, with the fence given.
	ppcMPWriter = "li r1,1;stw r1,0(r6);%s;stw r1,0(r7)"
	ppcMPCond   = "exists (1:r1=1 /\\ 1:r2=0)"
	ppcLBCond   = "exists (0:r1=1 /\\ 1:r1=1)"
	ppcSBCond   = "exists (0:r2=0 /\\ 1:r2=0)"
)

// TestPowerRules checks each part of the Power model with a test that it
// forbids beside one that differs only in what that part needs and is
// allowed, each with its threads in every rotation (checkVerdicts). Every
// case below fails if its part is dropped from the model (ppc_model.go),
// except where the comment says the case only pins the allowed side. The
// rest of the fixpoint that defines ppo (ci;ii, cc;ci, ic;ci, ci in cc,
// ci;ic, cc;cc, ii in ic, ic;cc and ii;ic) is implied by its other rules
// on every test tried: dropping any one of them alone changed no verdict
// of herdtools7's 8,141 Power campaign tests, nor does adding lwsync's
// write-to-read pairs to the fences or dropping scXX's exclusive pairs
// from the campaign's tests (this last is pinned below).
func TestPowerRules(t *testing.T) {
	two, three, four := ppcInit(2), ppcInit(3), ppcInit(4)
	var cases []verdictCase
	for _, tc := range []struct {
		name, why string
		init      string
		threads   []string
		cond      string
		obs       string
	}{
		{"MP", "no fence, no dependency: nothing is ordered", two,
			[]string{"li r1,1;stw r1,0(r6);stw r1,0(r7)", "lwz r1,0(r7);lwz r2,0(r6)"}, ppcMPCond, "Sometimes"},
		{"MP+lwsync+po", "lwsync orders the writes, not the reads", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);lwz r2,0(r6)"}, ppcMPCond, "Sometimes"},
		{"MP+lwsync+addr", "an address dependency is in ii", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);xor r9,r1,r1;lwzx r2,r9,r6"}, ppcMPCond, "Never"},
		{"MP+lwsyncs", "lwsync orders a read before a read; observation", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);lwsync;lwz r2,0(r6)"}, ppcMPCond, "Never"},
		{"MP+eieio+addr", "eieio orders two writes", two,
			[]string{fmt.Sprintf(ppcMPWriter, "eieio"), "lwz r1,0(r7);xor r9,r1,r1;lwzx r2,r9,r6"}, ppcMPCond, "Never"},
		{"MP+lwsync+ctrl", "a control dependency does not order a read", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);cmpw r1,r1;beq L0;L0: lwz r2,0(r6)"}, ppcMPCond, "Sometimes"},
		{"MP+lwsync+ctrlisync", "ctrlisync is in ci, so in ii", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);cmpw r1,r1;beq L0;L0: isync;lwz r2,0(r6)"}, ppcMPCond, "Never"},
		{"MP+lwsync+isync", "isync without a branch orders nothing", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);isync;lwz r2,0(r6)"}, ppcMPCond, "Sometimes"},
		{"MP+lwsync+data-rfi-addr", "dd; rfi; dd is in ii (ii;ii)", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);stw r1,0(r8);lwz r3,0(r8);xor r9,r3,r3;lwzx r2,r9,r6"},
			"exists (1:r1=1 /\\ 1:r3=1 /\\ 1:r2=0)", "Never"},
		{"MP+lwsync+po-rfi-addr", "without the data dependency the first read is unordered", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);li r4,1;stw r4,0(r8);lwz r3,0(r8);xor r9,r3,r3;lwzx r2,r9,r6"},
			"exists (1:r1=1 /\\ 1:r3=1 /\\ 1:r2=0)", "Sometimes"},
		{"MP+lwsync+pos-rfi-addr", "a read of the thread's own write is rfi alone: no rdw from the read of y before that write", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);li r4,2;stw r4,0(r7);lwz r3,0(r7);xor r9,r3,r3;lwzx r2,r9,r6"},
			"exists (1:r1=1 /\\ 1:r3=2 /\\ 1:r2=0)", "Sometimes"},
		{"MP+lwsync+ctrl-rfi-addr", "a write's own ii and ic are no part of ppo: a control dependency into a write read back orders only cc", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);cmpw r1,r1;beq L0;L0: li r4,1;stw r4,0(r8);lwz r3,0(r8);xor r9,r3,r3;lwzx r2,r9,r6"},
			"exists (1:r1=1 /\\ 1:r3=1 /\\ 1:r2=0)", "Sometimes"},
		{"W+RWC+sync+addr+sync", "prop's hb* after the strong fence: P1's address dependency carries P0's sync on to its read of z", three,
			[]string{fmt.Sprintf(ppcMPWriter, "sync"), "lwz r1,0(r7);xor r9,r1,r1;lwzx r2,r9,r8", "li r1,1;stw r1,0(r8);sync;lwz r2,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=0 /\\ 2:r2=0)", "Never"},
		{"W+RWC+sync+addr+lwsync", "lwsync does not order P2's write before its read", three,
			[]string{fmt.Sprintf(ppcMPWriter, "sync"), "lwz r1,0(r7);xor r9,r1,r1;lwzx r2,r9,r8", "li r1,1;stw r1,0(r8);lwsync;lwz r2,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=0 /\\ 2:r2=0)", "Sometimes"},
		{"RDW", "rdw: two reads of x with another thread's write between are ordered", three,
			[]string{"li r1,1;stw r1,0(r8);sync;li r2,2;stw r2,0(r7)",
				"lwz r1,0(r7);xor r9,r1,r1;lwzx r3,r9,r6;lwz r4,0(r6);xor r10,r4,r4;lwzx r2,r10,r8",
				"li r1,1;stw r1,0(r6)"},
			"exists (1:r1=2 /\\ 1:r3=0 /\\ 1:r4=1 /\\ 1:r2=0)", "Never"},
		{"RDW-first", "rdw between a thread's first access and a later read", three,
			[]string{"li r1,2;stw r1,0(r6)",
				"lwz r1,0(r6);lwz r2,0(r6);xor r9,r2,r2;lwzx r3,r9,r7",
				"li r1,1;stw r1,0(r7);sync;stw r1,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=2 /\\ 1:r3=0)", "Never"},
		{"RDW-other-location", "two reads of different locations: no rdw", three + "1:r5=w; 2:r5=w;",
			[]string{"li r1,1;stw r1,0(r8);sync;li r2,2;stw r2,0(r7)",
				"lwz r1,0(r7);xor r9,r1,r1;lwzx r3,r9,r6;lwz r4,0(r5);xor r10,r4,r4;lwzx r2,r10,r8",
				"li r1,1;stw r1,0(r5)"},
			"exists (1:r1=2 /\\ 1:r3=0 /\\ 1:r4=1 /\\ 1:r2=0)", "Sometimes"},
		{"RDW-same-write", "two reads of x that read the same write: no rdw (fre; rfe needs another write between)", three,
			[]string{"li r1,1;stw r1,0(r8);sync;li r2,2;stw r2,0(r7)",
				"lwz r1,0(r7);xor r9,r1,r1;lwzx r3,r9,r6;lwz r4,0(r6);xor r10,r4,r4;lwzx r2,r10,r8",
				"li r1,1;stw r1,0(r6)"},
			"exists (1:r1=2 /\\ 1:r3=1 /\\ 1:r4=1 /\\ 1:r2=0)", "Sometimes"},
		{"DETOUR", "detour: a write of the thread overwritten by another's write that a later read reads", three,
			[]string{"lwz r1,0(r7);stw r1,0(r6);lwz r3,0(r6);xor r10,r3,r3;lwzx r2,r10,r8",
				"li r1,1;stw r1,0(r8);lwsync;li r2,2;stw r2,0(r7)",
				"li r1,1;stw r1,0(r6)"},
			"exists (0:r1=2 /\\ 0:r3=1 /\\ 0:r2=0)", "Never"},
		{"DETOUR-no-data", "without the data dependency into the overwritten write", three,
			[]string{"lwz r1,0(r7);li r4,2;stw r4,0(r6);lwz r3,0(r6);xor r10,r3,r3;lwzx r2,r10,r8",
				"li r1,1;stw r1,0(r8);lwsync;li r2,2;stw r2,0(r7)",
				"li r1,1;stw r1,0(r6)"},
			"exists (0:r1=2 /\\ 0:r3=1 /\\ 0:r2=0)", "Sometimes"},
		{"LB", "nothing orders a read before a later write", two,
			[]string{"lwz r1,0(r6);li r2,1;stw r2,0(r7)", "lwz r1,0(r7);li r2,1;stw r2,0(r6)"}, ppcLBCond, "Sometimes"},
		{"LB+ctrls", "a control dependency is in cc, so in ic: it orders a write", two,
			[]string{"lwz r1,0(r6);cmpw r1,r1;beq L0;L0: li r2,1;stw r2,0(r7)",
				"lwz r1,0(r7);cmpw r1,r1;beq L1;L1: li r2,1;stw r2,0(r6)"}, ppcLBCond, "Never"},
		{"LB+addr-pos", "addr; po is in cc: a write after an address dependency", two,
			[]string{"lwz r1,0(r6);xor r9,r1,r1;li r2,1;stwx r2,r9,r8;stw r2,0(r7)",
				"lwz r1,0(r7);xor r9,r1,r1;li r2,1;stwx r2,r9,r8;stw r2,0(r6)"}, ppcLBCond, "Never"},
		{"LB+data-pos", "data; po is not", two,
			[]string{"lwz r1,0(r6);xor r9,r1,r1;addi r9,r9,1;stw r9,0(r8);li r2,1;stw r2,0(r7)",
				"lwz r1,0(r7);xor r9,r1,r1;addi r9,r9,1;stw r9,0(r8);li r2,1;stw r2,0(r6)"}, ppcLBCond, "Sometimes"},
		{"LB+eieios", "eieio does not order a read before a write", two,
			[]string{"lwz r1,0(r6);eieio;li r2,1;stw r2,0(r7)", "lwz r1,0(r7);eieio;li r2,1;stw r2,0(r6)"}, ppcLBCond, "Sometimes"},
		{"LB+datas", "thinair: hb is acyclic", two,
			[]string{"lwz r1,0(r6);xor r9,r1,r1;addi r9,r9,1;stw r9,0(r7)", "lwz r1,0(r7);xor r9,r1,r1;addi r9,r9,1;stw r9,0(r6)"}, ppcLBCond, "Never"},
		{"LB+po-loc-addr", "po-loc is in cc: a read before a write of its location, then addr;po", two,
			[]string{"lwz r1,0(r6);li r2,1;stw r2,0(r6);lwz r3,0(r6);xor r9,r3,r3;lwzx r4,r9,r8;stw r2,0(r7)",
				"lwz r1,0(r7);xor r9,r1,r1;addi r9,r9,2;stw r9,0(r6)"}, "exists (0:r1=2 /\\ 1:r1=1 /\\ 0:r3=1)", "Never"},
		{"SB+lwsyncs", "lwsync does not order a write before a read", two,
			[]string{"li r1,1;stw r1,0(r6);lwsync;lwz r2,0(r7)", "li r1,1;stw r1,0(r7);lwsync;lwz r2,0(r6)"}, ppcSBCond, "Sometimes"},
		{"SB+syncs", "sync does; the strong part of prop, with chapo's fre", two,
			[]string{"li r1,1;stw r1,0(r6);sync;lwz r2,0(r7)", "li r1,1;stw r1,0(r7);sync;lwz r2,0(r6)"}, ppcSBCond, "Never"},
		{"2+2W", "two writes of a thread to different locations are not ordered", two,
			[]string{"li r1,1;stw r1,0(r6);li r2,2;stw r2,0(r7)", "li r1,1;stw r1,0(r7);li r2,2;stw r2,0(r6)"},
			"exists (x=1 /\\ y=1)", "Sometimes"},
		{"2+2W+lwsyncs", "propagation: prop's (W * W) part with co", two,
			[]string{"li r1,1;stw r1,0(r6);lwsync;li r2,2;stw r2,0(r7)", "li r1,1;stw r1,0(r7);lwsync;li r2,2;stw r2,0(r6)"},
			"exists (x=1 /\\ y=1)", "Never"},
		{"WRC+lwsync+addr", "cumulativity: rfe; fence is in propbase", three,
			[]string{"li r1,1;stw r1,0(r6)", "lwz r1,0(r6);lwsync;li r2,1;stw r2,0(r7)", "lwz r1,0(r7);xor r9,r1,r1;lwzx r2,r9,r6"},
			"exists (1:r1=1 /\\ 2:r1=1 /\\ 2:r2=0)", "Never"},
		{"WRC+addrs", "not multi-copy atomic: a write seen by one thread may not be seen by another", three,
			[]string{"li r1,1;stw r1,0(r6)", "lwz r1,0(r6);xor r9,r1,r1;li r2,1;stwx r2,r9,r7", "lwz r1,0(r7);xor r9,r1,r1;lwzx r2,r9,r6"},
			"exists (1:r1=1 /\\ 2:r1=1 /\\ 2:r2=0)", "Sometimes"},
		{"W+RWC+lwsync+sync+sync", "a sync's prop starts after a chain of propbase (fence; rfe) from an earlier write", three,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwz r1,0(r7);sync;lwz r2,0(r8)", "li r1,1;stw r1,0(r8);sync;lwz r2,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=0 /\\ 2:r2=0)", "Never"},
		{"W+RWC+po+sync+sync", "without the lwsync, x's write need not propagate before y's", three,
			[]string{fmt.Sprintf(ppcMPWriter, "nop"), "lwz r1,0(r7);sync;lwz r2,0(r8)", "li r1,1;stw r1,0(r8);sync;lwz r2,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=0 /\\ 2:r2=0)", "Sometimes"},
		{"S3+lwsync+data+data", "propagation: a lwsync's cumulativity through two threads' data dependencies, with co", three,
			[]string{"li r1,2;stw r1,0(r6);lwsync;li r3,1;stw r3,0(r7)", "lwz r1,0(r8);addi r2,r1,0;stw r2,0(r6)", "lwz r1,0(r7);addi r2,r1,0;stw r2,0(r8)"},
			"exists (x=2 /\\ 1:r1=1 /\\ 2:r1=1)", "Never"},
		{"S3+po+data+data", "without the lwsync, the two writes of x's first thread are not ordered", three,
			[]string{"li r1,2;stw r1,0(r6);li r3,1;stw r3,0(r7)", "lwz r1,0(r8);addi r2,r1,0;stw r2,0(r6)", "lwz r1,0(r7);addi r2,r1,0;stw r2,0(r8)"},
			"exists (x=2 /\\ 1:r1=1 /\\ 2:r1=1)", "Sometimes"},
		{"IRIW+lwsyncs", "lwsync is not strong: two readers may see two writes in different orders", four,
			[]string{"li r1,1;stw r1,0(r6)", "lwz r1,0(r6);lwsync;lwz r2,0(r7)", "li r1,1;stw r1,0(r7)", "lwz r1,0(r7);lwsync;lwz r2,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=0 /\\ 3:r1=1 /\\ 3:r2=0)", "Sometimes"},
		{"IRIW+syncs", "sync is strong: chapo's (fre; rfe) into it", four,
			[]string{"li r1,1;stw r1,0(r6)", "lwz r1,0(r6);sync;lwz r2,0(r7)", "li r1,1;stw r1,0(r7)", "lwz r1,0(r7);sync;lwz r2,0(r6)"},
			"exists (1:r1=1 /\\ 1:r2=0 /\\ 3:r1=1 /\\ 3:r2=0)", "Never"},
		{"R+lwsync+sync", "lwsync and sync: still allowed", two,
			[]string{"li r1,1;stw r1,0(r6);lwsync;stw r1,0(r7)", "li r2,2;stw r2,0(r7);sync;lwz r2,0(r6)"},
			"exists (y=2 /\\ 1:r2=0)", "Sometimes"},
		{"R+syncs", "sync on both sides: co, then the strong part with chapo's fre", two,
			[]string{"li r1,1;stw r1,0(r6);sync;stw r1,0(r7)", "li r2,2;stw r2,0(r7);sync;lwz r2,0(r6)"},
			"exists (y=2 /\\ 1:r2=0)", "Never"},
		{"R+eieio+sync", "eieio is not strong", two,
			[]string{"li r1,1;stw r1,0(r6);eieio;stw r1,0(r7)", "li r2,2;stw r2,0(r7);sync;lwz r2,0(r6)"},
			"exists (y=2 /\\ 1:r2=0)", "Sometimes"},
		{"MP+lwsync+stwcx-isync", "stwcx.'s CR0 depends on the value it stores, here the lwarx's plus one: bne and isync make ctrlisync, the acquire read-modify-write", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwarx r1,r0,r7;addi r3,r1,1;stwcx. r3,r0,r7;bne L0;L0: isync;lwz r2,0(r6)"}, ppcMPCond, "Never"},
		{"MP+lwsync+stwcx-const-isync", "a stored constant: CR0 depends on no read, and the lwarx is not ordered", two,
			[]string{fmt.Sprintf(ppcMPWriter, "lwsync"), "lwarx r1,r0,r7;li r3,5;stwcx. r3,r0,r7;bne L0;L0: isync;lwz r2,0(r6)"}, ppcMPCond, "Sometimes"},
		{"2+2W+stwcxs", "scXX: exclusive accesses in program order are ordered with co", two,
			[]string{"lwarx r1,r0,r6;li r2,1;stwcx. r2,r0,r6;lwarx r3,r0,r7;li r4,2;stwcx. r4,r0,r7",
				"lwarx r1,r0,r7;li r2,1;stwcx. r2,r0,r7;lwarx r3,r0,r6;li r4,2;stwcx. r4,r0,r6"},
			"exists (x=1 /\\ y=1 /\\ 0:r1=2 /\\ 1:r1=2)", "Never"},
		{"2+2W+stwcx-po", "one thread's stores plain: no scXX", two,
			[]string{"lwarx r1,r0,r6;li r2,1;stwcx. r2,r0,r6;lwarx r3,r0,r7;li r4,2;stwcx. r4,r0,r7",
				"lwz r1,0(r7);li r2,1;stw r2,0(r7);li r4,2;stw r4,0(r6)"},
			"exists (x=1 /\\ y=1 /\\ 0:r1=2 /\\ 1:r1=2)", "Sometimes"},
	} {
		cases = append(cases, verdictCase{tc.name, tc.why, columnsTest(PPC, tc.name, tc.init, tc.threads, tc.cond), tc.obs})
	}
	checkVerdicts(t, cases)
}
