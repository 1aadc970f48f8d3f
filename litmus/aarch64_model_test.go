package litmus

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// armPaths runs a one-thread AArch64 program (X1, X2, X3 hold the
// addresses of x, y, z) and returns the dependency readings of its path in
// which every load reads 0: one path, or two after a successful CAS.
func armPaths(t *testing.T, code ...string) []*path {
	t.Helper()
	src := "AArch64 R\n{ 0:X1=x; 0:X2=y; 0:X3=z; }\n P0 ;\n " + strings.Join(code, " ;\n ") + " ;\nexists ([x]=0)\n"
	test, err := Parse("r.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tps, _, err := allPaths(test, newMeter(context.Background(), test, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	return tps[0].groups[0]
}

// checkEdges checks the pairs a relation must and must not hold, written
// "i>j" and "!i>j" over the path's event numbers (fences included).
func checkEdges(t *testing.T, what string, r rel, edges ...string) {
	t.Helper()
	for _, e := range edges {
		want := !strings.HasPrefix(e, "!")
		var i, j int
		if _, err := fmt.Sscanf(strings.TrimPrefix(e, "!"), "%d>%d", &i, &j); err != nil {
			t.Fatalf("bad edge %q", e)
		}
		if r.has(i, j) != want {
			t.Errorf("%s: %s is %v, want %v", what, strings.TrimPrefix(e, "!"), !want, want)
		}
	}
}

func TestARMAddrDataCtrl(t *testing.T) {
	// 0: LDR x, 1: LDR y at x's value, 2: STR to z at x's value of y's value.
	r := armRelsOf(armPaths(t, "LDR W0,[X1]", "EOR W4,W0,W0", "LDR W5,[X2,W4,SXTW]", "STR W5,[X3,W4,SXTW]")[0].events)
	checkEdges(t, "addr", r.addr, "0>1", "0>2", "!1>2")
	checkEdges(t, "data", r.data, "1>2", "!0>1")
	checkEdges(t, "dob", r.dob, "0>1", "0>2", "1>2")

	// 0: LDR x, 1: STR y of it, 2: STR y, 3: LDR y. The later store cuts
	// the local read successor.
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "STR W0,[X2]", "STR W5,[X2]", "LDR W4,[X2]")[0].events)
	checkEdges(t, "lmrs", r.lmrs, "2>3", "!1>3")
	checkEdges(t, "lws", r.lws, "1>2", "!2>3")
	checkEdges(t, "local", r.local, "0>1", "0>2", "!0>3")
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "STR W0,[X2]", "LDR W4,[X2]")[0].events)
	checkEdges(t, "dob (data;lmrs)", r.dob, "0>2")

	// 0: LDR x, CBZ, 1: LDR y, 2: STR z. Control orders the store only.
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "CBZ W0,L", "L: LDR W4,[X2]", "STR W5,[X3]")[0].events)
	checkEdges(t, "ctrl", r.ctrl, "0>1", "0>2")
	checkEdges(t, "local", r.local, "!0>1", "0>2")

	// 0: LDR x, CBNZ, 1: ISB, 2: LDR y. Control and ISB order the load.
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "CBNZ W0,L", "L: ISB", "LDR W4,[X2]")[0].events)
	checkEdges(t, "local", r.local, "0>2")
	// 0: LDR x, 1: LDR y at x's value, 2: ISB, 3: LDR z.
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "EOR W4,W0,W0", "LDR W5,[X2,W4,SXTW]", "ISB", "LDR W6,[X3]")[0].events)
	checkEdges(t, "local", r.local, "0>3", "!1>3")

	// The status of a store-exclusive depends on nothing.
	r = armRelsOf(armPaths(t, "LDXR W0,[X1]", "STXR W7,W0,[X1]", "CBNZ W7,L", "L: STR W5,[X2]")[0].events)
	checkEdges(t, "rmw", r.rmw, "0>1")
	checkEdges(t, "data", r.data, "0>1")
	checkEdges(t, "ctrl", r.ctrl, "!0>2")
}

func TestARMPickDependencies(t *testing.T) {
	// CSEL's condition picks a source: 0: LDR x decides; 1: STR y of the
	// pick; 2: LDR z at the pick. Pick dependencies order stores only.
	r := armRelsOf(armPaths(t, "LDR W0,[X1]", "CMP W0,#1", "CSEL W4,W5,W6,EQ", "STR W4,[X2]", "LDR W7,[X3,W4,SXTW]")[0].events)
	checkEdges(t, "data", r.data, "!0>1")
	checkEdges(t, "pick dep", r.pickDep, "0>1", "0>2")
	checkEdges(t, "addr", r.addr, "!0>2")
	checkEdges(t, "pick addr", r.pickAddr, "0>2")
	checkEdges(t, "local", r.local, "0>1", "!0>2")
	// The chosen source carries a real dependency: 0: LDR x, 1: LDR y
	// (picked as x is 0), 2: STR z.
	r = armRelsOf(armPaths(t, "LDR W0,[X1]", "LDR W5,[X2]", "CMP W0,#0", "CSEL W4,W5,W6,EQ", "STR W4,[X3]")[0].events)
	checkEdges(t, "data", r.data, "1>2", "!0>2")
	checkEdges(t, "pick dep", r.pickDep, "0>2")

	// The compare of a successful CAS controls its write: 0: LDR y gives
	// Rs, 1-2: CAS x. A pick dependency orders the write (LB+rel+CAS).
	r = armRelsOf(armPaths(t, "LDR W4,[X2]", "CAS W4,W5,[X1]")[0].events)
	checkEdges(t, "pick dep", r.pickDep, "0>2", "!1>2")
	checkEdges(t, "local", r.local, "0>2")
}

// TestARMCASReadings checks the two dependency readings herd7 gives Rs
// after a successful CAS: from Rs (the value read only picks it) or from
// memory. 0-1: CAS x; 2: a store or load at Rs's value.
func TestARMCASReadings(t *testing.T) {
	ps := armPaths(t, "MOV W3,#0", "CAS W3,W5,[X1]", "EOR W4,W3,W3", "STR W6,[X2,W4,SXTW]")
	if len(ps) != 2 {
		t.Fatalf("%d dependency readings, want 2", len(ps))
	}
	fromRs, fromMem := armRelsOf(ps[0].events), armRelsOf(ps[1].events)
	checkEdges(t, "Rs reading: addr", fromRs.addr, "!0>2")
	checkEdges(t, "Rs reading: pick addr", fromRs.pickAddr, "0>2")
	checkEdges(t, "Rs reading: local", fromRs.local, "0>2")
	checkEdges(t, "memory reading: addr", fromMem.addr, "0>2")

	ps = armPaths(t, "MOV W3,#0", "CAS W3,W5,[X1]", "EOR W4,W3,W3", "LDR W6,[X2,W4,SXTW]")
	checkEdges(t, "Rs reading: local", armRelsOf(ps[0].events).local, "!0>2")
	checkEdges(t, "memory reading: local", armRelsOf(ps[1].events).local, "0>2")

	// A failed CAS (x is 0, Rs 1) returns the value read, with its
	// dependency, and writes nothing: 0: CAS read, 1: LDR.
	ps = armPaths(t, "MOV W3,#1", "CAS W3,W5,[X1]", "EOR W4,W3,W3", "LDR W6,[X2,W4,SXTW]")
	if len(ps) != 1 || len(ps[0].events) != 2 {
		t.Fatalf("failed CAS: %d readings, %d events", len(ps), len(ps[0].events))
	}
	checkEdges(t, "failed CAS: addr", armRelsOf(ps[0].events).addr, "0>1")
}

// TestARMBarriers checks bob for each barrier between two accesses to
// different locations: events 0, the fence 1, and 2.
func TestARMBarriers(t *testing.T) {
	const ld, st = "LDR W0,[X1]", "STR W5,[X1]"
	const ld2, st2 = "LDR W4,[X2]", "STR W6,[X2]"
	for _, tc := range []struct {
		first, barrier, second string
		ordered                bool
	}{
		{st, "DMB SY", ld2, true},
		{st, "DSB ISH", ld2, true},
		{ld, "DMB ISHLD", st2, true},
		{ld, "DMB LD", ld2, true},
		{st, "DMB ISHLD", ld2, false},
		{st, "DMB ISHLD", st2, false},
		{st, "DMB ISHST", st2, true},
		{st, "DMB ST", ld2, false},
		{ld, "DMB OSHST", st2, false},
		{st, "ISB", ld2, false},
		{st, "NOP", ld2, false},
	} {
		r := armRelsOf(armPaths(t, tc.first, tc.barrier, tc.second)[0].events)
		if r.local.has(0, 2) != tc.ordered {
			t.Errorf("%s; %s; %s: ordered %v, want %v", tc.first, tc.barrier, tc.second, !tc.ordered, tc.ordered)
		}
	}
}

// TestARMAcquireRelease checks the orderings of A, Q and L accesses: the
// two named accesses are the events 0 and 1.
func TestARMAcquireRelease(t *testing.T) {
	for _, tc := range []struct {
		first, second string
		ordered       bool
	}{
		{"LDAR W0,[X1]", "LDR W4,[X2]", true},
		{"LDAPR W0,[X1]", "LDR W4,[X2]", true},
		{"LDR W0,[X1]", "STLR W5,[X2]", true},
		{"STR W5,[X1]", "STLR W6,[X2]", true},
		{"STR W5,[X1]", "LDR W4,[X2]", false},
		{"STLR W5,[X1]", "LDAR W4,[X2]", true},   // RCsc: release then acquire
		{"STLR W5,[X1]", "LDAPR W4,[X2]", false}, // RCpc
		{"STLR W5,[X1]", "LDR W4,[X2]", false},
		{"LDR W0,[X1]", "STR W5,[X1]", true}, // local write successor
		{"STR W5,[X1]", "LDR W0,[X1]", false},
	} {
		r := armRelsOf(armPaths(t, tc.first, tc.second)[0].events)
		if r.local.has(0, 1) != tc.ordered {
			t.Errorf("%s; %s: ordered %v, want %v", tc.first, tc.second, !tc.ordered, tc.ordered)
		}
	}
}

// TestARMAtomics checks the read-modify-write instructions: events 0 and
// 1 are an atomic's read and write, 2 is a fence or an access after it.
func TestARMAtomics(t *testing.T) {
	for _, tc := range []struct {
		code     []string
		from, to int
		want     bool
	}{
		// No-return atomics are not ordered by DMB LD, others are.
		{[]string{"STADD W5,[X1]", "DMB LD", "LDR W4,[X2]"}, 0, 3, false},
		{[]string{"LDADD W5,W6,[X1]", "DMB LD", "LDR W4,[X2]"}, 0, 3, true},
		{[]string{"SWP W5,WZR,[X1]", "DMB LD", "LDR W4,[X2]"}, 0, 3, false},
		// An acquire atomic whose result is discarded is no acquire.
		{[]string{"CASA WZR,W5,[X1]", "LDR W4,[X2]"}, 0, 2, false},
		{[]string{"CASA W6,W5,[X1]", "LDR W4,[X2]"}, 0, 2, true},
		{[]string{"SWPA W5,WZR,[X1]", "LDR W4,[X2]"}, 0, 2, false},
		// The write of an acquire-release atomic orders what follows it.
		{[]string{"LDADDAL W5,W6,[X1]", "LDR W4,[X2]"}, 1, 2, true},
		{[]string{"LDADDL W5,W6,[X1]", "LDR W4,[X2]"}, 1, 2, false},
		// rmw; lmrs; [A | Q]: an atomic then an acquire load of its
		// location, RCsc or RCpc.
		{[]string{"SWP W5,W6,[X1]", "LDAR W7,[X1]", "LDR W8,[X2]"}, 0, 3, true},
		{[]string{"SWP W5,W6,[X1]", "LDAPR W7,[X1]", "LDR W8,[X2]"}, 0, 3, true},
		{[]string{"SWP W5,W6,[X1]", "LDR W7,[X1]", "LDR W8,[X2]"}, 0, 2, false},
	} {
		r := armRelsOf(armPaths(t, tc.code...)[0].events)
		if got := r.local.has(tc.from, tc.to); got != tc.want {
			t.Errorf("%v: %d>%d ordered %v, want %v", tc.code, tc.from, tc.to, got, tc.want)
		}
		if !r.rmw.has(0, 1) {
			t.Errorf("%v: events 0 and 1 are not one read-modify-write", tc.code)
		}
	}
}

// TestARMReleaseWriteOrders checks which atomics' writes order the
// accesses after them, in store buffering whose other thread is fenced:
// bob's [range([A]; amo; [L])]; po holds for an atomic that is both
// acquire and release, not for one that is only acquire and not for an
// exclusive pair of LDAXR and STLXR, whose STLXR orders only the accesses
// before it and an acquire load after it.
func TestARMReleaseWriteOrders(t *testing.T) {
	const sb = `AArch64 %s
{ 0:X1=x; 0:X2=y; 0:X5=1; 1:X1=x; 1:X2=y; 1:X5=1; }
 P0          | P1          ;
 %-18s | STR W5,[X2] ;
 %-18s | DMB SY      ;
 LDR W0,[X2]        | LDR W0,[X1] ;
exists (%s0:X0=0 /\ 1:X0=0)
`
	test := func(name, first, second, cond string) string {
		return fmt.Sprintf(sb, name, first, second, cond)
	}
	checkVerdicts(t, []verdictCase{
		{"SB+ldaddal-po+dmb.sy", "the write of an acquire-release atomic orders the load after it",
			test("SB+ldaddal-po+dmb.sy", "LDADDAL W5,W6,[X1]", "NOP", ""), "Never"},
		{"SB+ldadda-po+dmb.sy", "an acquire atomic's write orders nothing after it",
			test("SB+ldadda-po+dmb.sy", "LDADDA W5,W6,[X1]", "NOP", ""), "Sometimes"},
		{"SB+ldaddl-po+dmb.sy", "a release atomic's write orders nothing after it",
			test("SB+ldaddl-po+dmb.sy", "LDADDL W5,W6,[X1]", "NOP", ""), "Sometimes"},
		{"SB+ldaxr-stlxr-po+dmb.sy", "an exclusive pair is no atomic: its release write orders no plain load after it",
			test("SB+ldaxr-stlxr-po+dmb.sy", "LDAXR W6,[X1]", "STLXR W7,W5,[X1]", "0:X7=0 /\\ "), "Sometimes"},
	})
}

// TestARMPickOrders checks the orders that aarch64.cat draws from a pick
// dependency alone: a CSEL whose two sources are zero passes nothing of the
// loaded value on, only the choice its condition makes (iico_ctrl, in
// pick-dtrm and not in dtrm), so addr, data and ctrl do not hold and each
// case stands on its pick rule. Each pairs with a neighbour whose CSEL is
// a MOV and gets the other observation.
func TestARMPickOrders(t *testing.T) {
	const lb = `AArch64 %s
{ 0:X1=x; 0:X2=y; 0:X3=z; 1:X1=x; 1:X2=y; }
 P0          | P1          ;
 LDR W0,[X1] | LDR W0,[X2] ;
 CMP W0,#1   | DMB SY      ;
 %s | MOV W2,#1   ;
 %s | STR W2,[X1] ;
 %s |             ;
 MOV W8,#1   |             ;
 STR W8,[X2] |             ;
exists (0:X0=1 /\ 1:X0=1)
`
	const mp = `AArch64 %s
{ 0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y; }
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X2] ;
 STR W0,[X1] | CMP W0,#1   ;
 DMB SY      | %s ;
 STR W0,[X2] | CBNZ W4,L1  ;
             | L1: ISB     ;
             | LDR W7,[X1] ;
exists (1:X0=1 /\ 1:X7=0)
`
	const csel, mov = "CSEL W4,W5,W6,EQ", "MOV W4,W5"
	checkVerdicts(t, []verdictCase{
		// pob: pick-addr-dep; [Exp & M]; po; [Exp & W | HU].
		{"LB+csel-addr-po+dmb.sy", "a pick address dependency orders the stores after its access (pob)",
			fmt.Sprintf(lb, "LB+csel-addr-po+dmb.sy", csel, "LDR W7,[X3,W4,SXTW]", "NOP"), "Never"},
		{"LB+mov-addr-po+dmb.sy", "no pick, no dependency: nothing orders the load before the store",
			fmt.Sprintf(lb, "LB+mov-addr-po+dmb.sy", mov, "LDR W7,[X3,W4,SXTW]", "NOP"), "Sometimes"},
		// pob: pick-ctrl-dep; [Exp & W | HU | ...].
		{"LB+csel-ctrl+dmb.sy", "a branch on a picked register orders the stores after it (pob)",
			fmt.Sprintf(lb, "LB+csel-ctrl+dmb.sy", csel, "CBNZ W4,L0", "L0: NOP"), "Never"},
		{"LB+mov-ctrl+dmb.sy", "a branch on a register that no load reaches orders nothing",
			fmt.Sprintf(lb, "LB+mov-ctrl+dmb.sy", mov, "CBNZ W4,L0", "L0: NOP"), "Sometimes"},
		// IFB-ob: [Exp & R]; pick-ctrl-dep; [IFB]; po.
		{"MP+dmb.sy+csel-ctrl-isb", "an ISB after a branch on a picked register orders the loads after it (IFB-ob)",
			fmt.Sprintf(mp, "MP+dmb.sy+csel-ctrl-isb", csel), "Never"},
		{"MP+dmb.sy+mov-ctrl-isb", "an ISB after a branch that no load reaches orders nothing",
			fmt.Sprintf(mp, "MP+dmb.sy+mov-ctrl-isb", mov), "Sometimes"},
	})
	// IFB-ob: [Exp & R]; pick-addr-dep; [Exp & M]; po; [IFB]; po.
	const mpAddr = `AArch64 %s
{ 0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y; 1:X3=z; }
 P0          | P1                  ;
 MOV W0,#1   | LDR W0,[X2]         ;
 STR W0,[X1] | CMP W0,#1           ;
 DMB SY      | %s    ;
 STR W0,[X2] | LDR W8,[X3,W4,SXTW] ;
             | ISB                 ;
             | LDR W7,[X1]         ;
exists (1:X0=1 /\ 1:X7=0)
`
	checkVerdicts(t, []verdictCase{
		{"MP+dmb.sy+csel-addr-isb", "an ISB after an access at a picked address orders the loads after it (IFB-ob)",
			fmt.Sprintf(mpAddr, "MP+dmb.sy+csel-addr-isb", csel), "Never"},
		{"MP+dmb.sy+mov-addr-isb", "an ISB after an access at an address that no load reaches orders nothing",
			fmt.Sprintf(mpAddr, "MP+dmb.sy+mov-addr-isb", mov), "Sometimes"},
	})
}

// TestARMOrderChains checks orders that only a chain of aarch64.cat's
// rules gives, each in a test that the chain forbids beside a neighbour
// that breaks one link of it and is allowed.
func TestARMOrderChains(t *testing.T) {
	// P0 writes y with a release and then x with an atomic; P1 reads x,
	// then y.
	const mpAtomic = `AArch64 %s
{ 0:X1=y; 0:X3=x; 1:X1=x; 1:X3=y; }
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ;
 STLR W0,[X1] | DMB SY     ;
 MOV W2,#1   | LDR W2,[X3] ;
 %s |             ;
exists (1:X0=1 /\ 1:X2=0)
`
	// P1 writes z at an address that is y's value xor itself (or 0),
	// makes the given access (an ISB, or an acquire read of z back) and
	// reads x.
	const mpAddrStore = `AArch64 %s
{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=z; 1:X5=x; }
 P0          | P1                  ;
 MOV W0,#1   | LDR W0,[X1]         ;
 STR W0,[X1] | %s ;
 DMB SY      | MOV W4,#1           ;
 STR W0,[X3] | STR W4,[X3,W2,SXTW] ;
             | %s ;
             | LDR W6,[X5]         ;
exists (1:X0=1 /\ 1:X6=0)
`
	// P1 picks the value it stores to z from its read of y, reads z back
	// (after the given instructions), and then writes x.
	const lbPick = `AArch64 %s
{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=z; 1:X5=x; }
 P0          | P1               ;
 LDR W0,[X1] | LDR W0,[X1]      ;
 DMB SY      | CMP W0,#1        ;
 MOV W2,#1   | MOV W2,#2        ;
 STR W2,[X3] | MOV W7,#3        ;
             | CSEL W4,W2,W7,EQ ;
             | STR W4,[X3]      ;
             | %s ;
             | %s ;
             | MOV W8,#1        ;
             | STR W8,[X5]      ;
exists (0:X0=1 /\ 1:X0=1)
`
	// P1 stores what it read of x to one half of the pair y, y+8, makes
	// an exclusive pair of the two halves, and reads one half again.
	const lbPair = `AArch64 %s
{ uint64_t y[2]; 0:X1=x; 0:X5=z; 1:X1=x; 1:X5=z; 1:X6=y; 1:X8=y+8; }
 P0          | P1                 ;
 LDR X0,[X5] | LDR X0,[X1]        ;
 DMB SY      | STR X0,[%s]        ;
 MOV X2,#1   | LDXP X2,X3,[X6]    ;
 STR X2,[X1] | MOV X4,#5          ;
             | STXP W9,X4,X4,[X6] ;
             | %s X7,[%s]        ;
             | MOV X10,#1         ;
             | STR X10,[X5]       ;
exists (0:X0=1 /\ 1:X0=1 /\ 1:X9=0)
`
	const swpa, swp = "SWPA W2,W4,[X3]", "SWP  W2,W4,[X3]"
	const addr, noAddr = "EOR W2,W0,W0", "MOV W2,#0   "
	const isb, readBack = "ISB         ", "LDAR W7,[X3]"
	const nop, swap = "NOP             ", "SWP W9,W10,[X3]"
	const ldar, ldr = "LDAR W6,[X3]    ", "LDR W6,[X3]     "
	checkVerdicts(t, []verdictCase{
		// bob's [L]; po; [A], then aob's rmw.
		{"MP+rel-swpa+dmb.sy", "a release orders an acquire atomic's read, and the atomic's read its own write (aob)",
			fmt.Sprintf(mpAtomic, "MP+rel-swpa+dmb.sy", swpa), "Never"},
		{"MP+rel-swp+dmb.sy", "a release orders no later read that is not an acquire",
			fmt.Sprintf(mpAtomic, "MP+rel-swp+dmb.sy", swp), "Sometimes"},
		// IFB-ob: [R]; addr; [M]; po; [IFB]; po, with a store as the M.
		{"MP+dmb.sy+addr-st-isb", "an ISB after a store whose address depends on a read orders the read before what follows the ISB (IFB-ob)",
			fmt.Sprintf(mpAddrStore, "MP+dmb.sy+addr-st-isb", addr, isb), "Never"},
		{"MP+dmb.sy+po-st-isb", "an ISB after a store at a constant address orders nothing",
			fmt.Sprintf(mpAddrStore, "MP+dmb.sy+po-st-isb", noAddr, isb), "Sometimes"},
		// dob's addr; [M]; lmrs; [R], then bob.
		{"MP+dmb.sy+addr-lmrs-acq", "a store whose address depends on a read orders the load that reads it back (dob)",
			fmt.Sprintf(mpAddrStore, "MP+dmb.sy+addr-lmrs-acq", addr, readBack), "Never"},
		{"MP+dmb.sy+po-lmrs-acq", "a store at a constant address orders nothing before it",
			fmt.Sprintf(mpAddrStore, "MP+dmb.sy+po-lmrs-acq", noAddr, readBack), "Sometimes"},
		// pick-lob: pick-dep; lob; [W], the pick-dep reaching the load
		// through the store and its local read successor.
		{"LB+dmb.sy+csel-lmrs-acq", "a pick dependency into an acquire load, through a store read back, orders the stores after the load (pick-lob)",
			fmt.Sprintf(lbPick, "LB+dmb.sy+csel-lmrs-acq", nop, ldar), "Never"},
		{"LB+dmb.sy+csel-lmrs-po", "a pick dependency into a plain load orders nothing after the load",
			fmt.Sprintf(lbPick, "LB+dmb.sy+csel-lmrs-po", nop, ldr), "Sometimes"},
		// pick-lob's lob is transitive: aob's rmw; lmrs; [A], then bob.
		{"LB+dmb.sy+csel-lmrs-swp-lmrs-acq", "a pick dependency into an atomic, whose write an acquire load reads back, orders the stores after that load (pick-lob with lob; lob)",
			fmt.Sprintf(lbPick, "LB+dmb.sy+csel-lmrs-swp-lmrs-acq", swap, ldar), "Never"},
		{"LB+dmb.sy+csel-lmrs-swp-lmrs-po", "a plain load reading an atomic's write back orders nothing",
			fmt.Sprintf(lbPick, "LB+dmb.sy+csel-lmrs-swp-lmrs-po", swap, ldr), "Sometimes"},
		// lxsx relates each read of a load-exclusive pair to both writes
		// of its store-exclusive pair, so aob's rmw; lmrs; [A] crosses
		// from one half to the other.
		{"LB+dmb.sy+data-lmrs0-ldxp-stxp-lmrs1-acq", "the first read of an exclusive pair is before its second write (lxsx)",
			fmt.Sprintf(lbPair, "LB+dmb.sy+data-lmrs0-ldxp-stxp-lmrs1-acq", "X6", "LDAR", "X8"), "Never"},
		{"LB+dmb.sy+data-lmrs1-ldxp-stxp-lmrs0-acq", "the second read of an exclusive pair is before its first write (lxsx)",
			fmt.Sprintf(lbPair, "LB+dmb.sy+data-lmrs1-ldxp-stxp-lmrs0-acq", "X8", "LDAR", "X6"), "Never"},
		{"LB+dmb.sy+data-lmrs0-ldxp-stxp-lmrs1-po", "an exclusive pair read back by a plain load orders nothing",
			fmt.Sprintf(lbPair, "LB+dmb.sy+data-lmrs0-ldxp-stxp-lmrs1-po", "X6", "LDR ", "X8"), "Sometimes"},
	})
}

// TestARMAtomicExemption checks aarch64.cat's atomicity rule, "empty (rmw &
// (fr; co)) \ (([Exp]; rmw; [Exp]) & (fri; [Exp & W]; coi))": a
// load-exclusive and its store-exclusive may have another thread's write
// between them in the coherence order when a write of their own thread is
// there too, and not otherwise. The RISC-V model keeps riscv.cat's "empty
// rmw & (fre; coe)", which knows no such exemption.
func TestARMAtomicExemption(t *testing.T) {
	const arm = `AArch64 %s
{ 0:X1=x; 1:X1=x; }
 P0              | P1          ;
 LDXR W0,[X1]    | MOV W3,#3   ;
 MOV W3,#1       | STR W3,[X1] ;
 %-15s |             ;
 MOV W4,#2       |             ;
 STXR W5,W4,[X1] |             ;
exists (0:X0=0 /\ 0:X5=0 /\ x=2)
`
	const rv = `RISCV %s
{ 0:x7=x; 1:x7=x; }
 P0               | P1           ;
 lr.w x1,0(x7)    | ori x3,x0,3  ;
 ori x3,x0,1      | sw x3,0(x7)  ;
 %-16s |              ;
 ori x4,x0,2      |              ;
 sc.w x5,x4,0(x7) |              ;
exists (0:x1=0 /\ 0:x5=0 /\ x=2)
`
	checkOutcomes(t, []outcome{
		{"X-atomic+own-store", "", fmt.Sprintf(arm, "X-atomic+own-store", "STR W3,[X1]"), "Sometimes", 2, 5},
		{"X-atomic", "", fmt.Sprintf(arm, "X-atomic", "NOP"), "Never", 0, 4},
		{"X-atomic+own-store.rv", "", fmt.Sprintf(rv, "X-atomic+own-store.rv", "sw x3,0(x7)"), "Never", 0, 5},
	})
}
