package litmus

import (
	"context"
	"strings"
	"testing"
)

// TestCASCounts: herd7 makes two executions of each CAS, a successful one
// by the reading of Rs's dependency, a failed one by whether it writes
// back the value it read, and counts them all (herdtools7's L007 and
// CAS01 to CAS04).
func TestCASCounts(t *testing.T) {
	checkOutcomes(t, []outcome{
		{"L007", "", "AArch64 L007\n{ int x=0; 0:X4=x; int y=0; 1:X4=y; }\n P0 | P1 ;\n MOV W3,#1 | MOV W3,#0 ;\n MOV W2,#2 | MOV W2,#2 ;\n CAS W3,W2,[X4] | CAS W3,W2,[X4] ;\nforall (x=0 /\\ y=2)\n", "Always", 4, 0},
		{"CAS01", "", "AArch64 CAS01\n{ int64_t x = 3; int64_t 0:X1 = 3; int64_t 0:X2 = 4; 0:X3 = x; }\n P0 ;\n CAS X1,X2,[X3] ;\nexists (0:X1=3 /\\ x=4)\n", "Always", 2, 0},
		{"CAS02", "", "AArch64 CAS02\n{ int64_t x = 3; int64_t 0:X1 = 2; int64_t 0:X2 = 4; 0:X3 = x; }\n P0 ;\n CAS X1,X2,[X3] ;\nexists (0:X1=3 /\\ x=3)\n", "Always", 2, 0},
		// Another thread may read the write-back, or the write it read.
		{"read-back", "", "AArch64 RB\n{ x=1; 0:X1=x; 1:X1=x; }\n P0 | P1 ;\n MOV W3,#0 | LDR W0,[X1] ;\n MOV W2,#2 | ;\n CAS W3,W2,[X1] | ;\nexists (1:X0=1)\n", "Always", 3, 0},
		// Under a model without dependencies the readings count too.
		{"L007-sc", "sc", "AArch64 L007\n{ int x=0; 0:X4=x; int y=0; 1:X4=y; }\n P0 | P1 ;\n MOV W3,#1 | MOV W3,#0 ;\n MOV W2,#2 | MOV W2,#2 ;\n CAS W3,W2,[X4] | CAS W3,W2,[X4] ;\nforall (x=0 /\\ y=2)\n", "Always", 4, 0},
	})
}

// TestCASWriteBack: the write-back of a failed CAS writes the value read,
// as one atomic read-modify-write with it, its data from the read.
func TestCASWriteBack(t *testing.T) {
	src := "AArch64 W\n{ 0:X1=x; }\n P0 ;\n MOV W3,#1 ;\n CASL W3,W5,[X1] ;\nexists ([x]=0)\n"
	test, err := Parse("w.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tps, _, err := allPaths(test, newMeter(context.Background(), test, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var shapes []string
	for _, g := range tps[0].groups {
		evs := g[0].events
		shapes = append(shapes, strings.Repeat("e", len(evs)))
		if len(evs) != 2 {
			continue
		}
		r, w := evs[0], evs[1]
		if w.kind != evWrite || w.val != r.val || r.rmw != 1 || !w.amo || !w.rel || w.dataD&1 == 0 {
			t.Errorf("write-back: read %+v, write %+v", r, w)
		}
	}
	if strings.Join(shapes, " ") != "e ee" {
		t.Errorf("failed CAS paths with %v events, want one without and one with a write", shapes)
	}
}

// TestCASWriteBackWriter: the write-back of a failed CAS is a store site
// of its own, of the CAS's thread, that the domain records as a writer of
// the value read, so that another thread's load may read from it where
// coherence allows.
func TestCASWriteBackWriter(t *testing.T) {
	src := "AArch64 WW\n{ x=1; 0:X1=x; 1:X1=x; }\n P0 | P1 ;\n MOV W3,#0 | LDR W0,[X1] ;\n MOV W2,#2 | ;\n CAS W3,W2,[X1] | ;\nexists (1:X0=1)\n"
	test, err := Parse("ww.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, d, err := allPaths(test, newMeter(context.Background(), test, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var back []int
	for k, s := range d.sites {
		if k.alt {
			back = append(back, s)
		}
	}
	if len(back) != 1 {
		t.Fatalf("write-back sites %v, want one", back)
	}
	s := back[0]
	writes := false
	for _, c := range d.chainsOf("x", Value{N: 1}) {
		writes = writes || c.writer == s
	}
	if d.siteThread[s] != 0 || !writes {
		t.Errorf("write-back site %d: thread %d, chains of x=1 %v", s, d.siteThread[s], d.chainsOf("x", Value{N: 1}))
	}
}
