package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// rvTest builds a RISC-V test whose threads are given as
// semicolon-separated columns.
func rvTest(name, init string, threads []string, cond string) string {
	return columnsTest(RISCV, name, init, threads, cond)
}

// columnsTest builds a test of arch whose threads are given as
// semicolon-separated columns.
func columnsTest(arch Arch, name, init string, threads []string, cond string) string {
	cols := make([][]string, len(threads))
	rows := 0
	for i, th := range threads {
		cols[i] = strings.Split(th, ";")
		rows = max(rows, len(cols[i]))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n{ %s }\n", arch, name, init)
	head := make([]string, len(threads))
	for i := range head {
		head[i] = fmt.Sprintf("P%d", i)
	}
	b.WriteString(strings.Join(head, " | ") + " ;\n")
	for r := 0; r < rows; r++ {
		row := make([]string, len(threads))
		for i := range cols {
			if r < len(cols[i]) {
				row[i] = strings.TrimSpace(cols[i][r])
			}
		}
		b.WriteString(strings.Join(row, " | ") + " ;\n")
	}
	b.WriteString(cond + "\n")
	return b.String()
}

// rvVerdict is a test of one rule of RVWMO: the observation it must get.
type rvVerdict struct {
	name, why string
	init      string
	threads   []string
	cond      string
	obs       string // Never or Sometimes
}

const (
	rvInit2 = "0:x6=x; 0:x7=y; 0:x8=z; 1:x6=x; 1:x7=y; 1:x8=z; 0:x5=1; 1:x5=1;"
	// The writer of the message-passing tests: x, then y.
	rvWriter = "sw x5,0(x6);fence w,w;sw x5,0(x7)"
	mpCond   = "exists (1:x10=1 /\\ 1:x11=0)"
	lbCond   = "exists (0:x10=1 /\\ 1:x10=1)"
	sbCond   = "exists (0:x10=0 /\\ 1:x10=0)"
)

// TestRVWMORules checks each rule of preserved program order, the merging
// of an AMO's read and write, and the Atomic axiom, each with a test that
// the rule forbids beside one that differs only in what the rule needs
// and is allowed. The rules that no test can tell apart are left out: r1
// (a read before a write of its location is from-read before it, or reads
// from it), r2 (two reads of a location from different writes are ordered
// by fr;rfe already), r8 (an LR is from-read before its SC's write) and
// the SC result's dependency on the address, which comes with the SC's
// write.
func TestRVWMORules(t *testing.T) {
	var cases []verdictCase
	for _, tc := range []rvVerdict{
		{"MP+fence.w.w+fence.r.r", "r4: fence r,r orders the reads", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);fence r,r;lw x11,0(x6)"}, mpCond, "Never"},
		{"MP+fence.w.w+po", "no fence, no order", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);lw x11,0(x6)"}, mpCond, "Sometimes"},
		{"MP+fence.w.w+fence.r.r-po", "r4: a fence orders the accesses on its two sides, not two after it", rvInit2,
			[]string{rvWriter, "fence r,r;lw x10,0(x7);lw x11,0(x6)"}, mpCond, "Sometimes"},
		{"MP+fence.w.w+po-fence.r.r", "r4: a fence orders the accesses on its two sides, not two before it", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);lw x11,0(x6);fence r,r"}, mpCond, "Sometimes"},
		{"MP+fence.w.w+fence.r.w", "r4: fence r,w orders no later read", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);fence r,w;lw x11,0(x6)"}, mpCond, "Sometimes"},
		{"MP+fence.w.w+fence.tso", "r4: fence.tso orders a read before a read", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);fence.tso;lw x11,0(x6)"}, mpCond, "Never"},
		{"MP+fence.r.r+fence.r.r", "r4: fence r,r orders no write", rvInit2,
			[]string{"sw x5,0(x6);fence r,r;sw x5,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"}, mpCond, "Sometimes"},
		{"MP+fence.i+fence.r.r", "fence.i orders no data access", rvInit2,
			[]string{"sw x5,0(x6);fence.i;sw x5,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"}, mpCond, "Sometimes"},
		{"SB+fence.tsos", "r4: fence.tso does not order a write before a read", rvInit2,
			[]string{"sw x5,0(x6);fence.tso;lw x10,0(x7)", "sw x5,0(x7);fence.tso;lw x10,0(x6)"}, sbCond, "Sometimes"},
		{"SB+fence.w.rs", "r4: fence w,r orders a write before a read", rvInit2,
			[]string{"sw x5,0(x6);fence w,r;lw x10,0(x7)", "sw x5,0(x7);fence w,r;lw x10,0(x6)"}, sbCond, "Never"},
		{"MP+fence.w.w+aq", "r5: an acquire load is before what follows it", rvInit2,
			[]string{rvWriter, "lw.aq x10,0(x7);lw x11,0(x6)"}, mpCond, "Never"},
		{"MP+fence.w.w+po-aq", "r5: an acquire orders what follows it, not what precedes it", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);lw.aq x11,0(x6)"}, mpCond, "Sometimes"},
		{"MP+rl+fence.r.r", "r6: a release store is after what precedes it", rvInit2,
			[]string{"sw x5,0(x6);sw.rl x5,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"}, mpCond, "Never"},
		{"MP+rl-po+fence.r.r", "r6: a release orders what precedes it, not what follows it", rvInit2,
			[]string{"sw.rl x5,0(x6);sw x5,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"}, mpCond, "Sometimes"},
		{"SB+amo.rl-lr.aqs", "r7: an annotated AMO before an annotated LR is RCsc", rvInit2,
			[]string{"amoswap.w.rl x9,x5,(x6);lr.w.aq x10,0(x7)", "amoswap.w.rl x9,x5,(x7);lr.w.aq x10,0(x6)"}, sbCond, "Never"},
		{"SB+rl-aqs", "r7: annotated plain accesses are not RCsc", rvInit2,
			[]string{"sw.rl x5,0(x6);lw.aq x10,0(x7)", "sw.rl x5,0(x7);lw.aq x10,0(x6)"}, sbCond, "Sometimes"},
		{"MP+fence.w.w+addr", "r9: an address dependency", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);xor x9,x10,x10;add x9,x6,x9;lw x11,0(x9)"}, mpCond, "Never"},
		{"LB+datas", "r10: a data dependency to a write", rvInit2,
			[]string{"lw x10,0(x6);ori x9,x10,1;sw x9,0(x7)", "lw x10,0(x7);ori x9,x10,1;sw x9,0(x6)"},
			lbCond, "Never"},
		{"LB+ctrls", "r11: a control dependency to a write", "x=1; y=1; " + rvInit2,
			[]string{"lw x10,0(x6);bne x10,x0,L0;L0:;sw x0,0(x7)", "lw x10,0(x7);bne x10,x0,L1;L1:;sw x0,0(x6)"},
			"exists (0:x10=0 /\\ 1:x10=0)", "Never"},
		{"LB", "no dependency, no order", rvInit2,
			[]string{"lw x10,0(x6);sw x5,0(x7)", "lw x10,0(x7);sw x5,0(x6)"}, lbCond, "Sometimes"},
		{"MP+fence.w.w+data-rfi-addr", "r12: a write's data dependency orders a read from it", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);sw x10,0(x8);lw x12,0(x8);xor x9,x12,x12;add x9,x6,x9;lw x11,0(x9)"},
			mpCond, "Never"},
		{"MP+fence.w.w+fence.r.w-rfi-addr", "r3 needs an AMO or an SC", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);fence r,w;sw x5,0(x8);lw x12,0(x8);xor x9,x12,x12;add x9,x6,x9;lw x11,0(x9)"},
			mpCond, "Sometimes"},
		{"MP+fence.w.w+fence.r.w-amo-rfi-addr", "r3: a read from an AMO of its thread is after it", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);fence r,w;amoswap.w x9,x5,(x8);lw x12,0(x8);xor x9,x12,x12;add x9,x6,x9;lw x11,0(x9)"},
			mpCond, "Never"},
		{"MP+fence.w.w+fence.r.w-sc-rfi-addr", "r3: a read from an SC of its thread is after it", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);fence r,w;lr.w x13,0(x8);sc.w x14,x5,0(x8);lw x12,0(x8);xor x9,x12,x12;add x9,x6,x9;lw x11,0(x9)"},
			"exists (1:x10=1 /\\ 1:x11=0 /\\ 1:x14=0)", "Never"},
		{"MP+fence.w.w+addr-rfi-addr", "r12: a write's address dependency orders a read from it", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);xor x13,x10,x10;add x13,x8,x13;sw x5,0(x13);lw x12,0(x8);xor x9,x12,x12;add x9,x6,x9;lw x11,0(x9)"},
			mpCond, "Never"},
		{"MP+fence.w.w+addr-rsw-addr", "r2 leaves out two reads of a location that read the same write (rsw)", rvInit2,
			[]string{rvWriter, "lw x10,0(x7);xor x13,x10,x10;add x13,x8,x13;lw x12,0(x13);lw x14,0(x8);xor x9,x14,x14;add x9,x6,x9;lw x11,0(x9)"},
			"exists (1:x10=1 /\\ 1:x12=0 /\\ 1:x14=0 /\\ 1:x11=0)", "Sometimes"},
		{"MP+fence.tso+fence.r.r", "r4: fence.tso orders a write before a write", rvInit2,
			[]string{"sw x5,0(x6);fence.tso;sw x5,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"}, mpCond, "Never"},
		{"LB+addr-po+fence.r.w", "r13: an address dependency orders the writes after its access", rvInit2,
			[]string{"lw x10,0(x6);xor x9,x10,x10;add x9,x8,x9;lw x11,0(x9);sw x5,0(x7)", "lw x10,0(x7);fence r,w;sw x5,0(x6)"},
			lbCond, "Never"},
		{"LB+po-po+fence.r.w", "r13 needs the address dependency", rvInit2,
			[]string{"lw x10,0(x6);lw x11,0(x8);sw x5,0(x7)", "lw x10,0(x7);fence r,w;sw x5,0(x6)"}, lbCond, "Sometimes"},
		{"LB+po-addr+fence.r.w", "r13 orders the writes po-after the access that the address dependency reaches, not those before it", rvInit2,
			[]string{"lw x10,0(x6);sw x5,0(x7);xor x9,x10,x10;add x9,x8,x9;lw x11,0(x9)", "lw x10,0(x7);fence r,w;sw x5,0(x6)"},
			lbCond, "Sometimes"},
		{"LB+amo-data-po+fence.r.w", "the data register of an AMO is an address dependency (r13)", rvInit2,
			[]string{"lw x10,0(x6);amoadd.w x11,x10,(x8);sw x5,0(x7)", "lw x10,0(x7);fence r,w;sw x5,0(x6)"}, lbCond, "Never"},
		{"LB+amo-po+fence.r.w", "an AMO of a constant depends on nothing", rvInit2,
			[]string{"lw x10,0(x6);amoadd.w x11,x5,(x8);sw x5,0(x7)", "lw x10,0(x7);fence r,w;sw x5,0(x6)"}, lbCond, "Sometimes"},
		{"SB+fence.w.w-amo-fence.r.r+fence.rw.rw", "an AMO is one event: after a fence w,w, before a fence r,r", rvInit2,
			[]string{"sw x5,0(x6);fence w,w;amoswap.w x9,x5,(x8);fence r,r;lw x10,0(x7)", "sw x5,0(x7);fence rw,rw;lw x10,0(x6)"},
			sbCond, "Never"},
		{"MP+amoswap-data+fence.r.r", "an AMO is one event: what reads before its write is before its data dependency", rvInit2,
			[]string{"amoswap.w x9,x5,(x6);addi x12,x9,2;sw x12,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"},
			"exists (1:x10=2 /\\ 1:x11=0)", "Never"},
		{"MP+amoswap-po+fence.r.r", "a store of a constant after an AMO is not ordered after it", rvInit2,
			[]string{"amoswap.w x9,x5,(x6);addi x12,x0,2;sw x12,0(x7)", "lw x10,0(x7);fence r,r;lw x11,0(x6)"},
			"exists (1:x10=2 /\\ 1:x11=0)", "Sometimes"},
		{"SB+fence.w.w-sw-fence.r.r+fence.rw.rw", "a plain store is not ordered before a fence r,r", rvInit2,
			[]string{"sw x5,0(x6);fence w,w;sw x5,0(x8);fence r,r;lw x10,0(x7)", "sw x5,0(x7);fence rw,rw;lw x10,0(x6)"},
			sbCond, "Sometimes"},
		{"ATOM+lr-sc", "Atomic: no other thread's write comes between an LR and its successful SC", rvInit2,
			[]string{"lr.w x9,0(x6);ori x11,x0,2;sc.w x10,x11,0(x6)", "sw x5,0(x6)"},
			"exists (x=2 /\\ 0:x9=0 /\\ 0:x10=0)", "Never"},
		{"ATOM+amoswap", "Atomic: nor between an AMO's read and its write", rvInit2,
			[]string{"ori x11,x0,2;amoswap.w x9,x11,(x6)", "sw x5,0(x6)"},
			"exists (x=2 /\\ 0:x9=0)", "Never"},
		{"ATOM+lw-sw", "a plain load and store are no read-modify-write", rvInit2,
			[]string{"lw x9,0(x6);ori x11,x0,2;sw x11,0(x6)", "sw x5,0(x6)"},
			"exists (x=2 /\\ 0:x9=0)", "Sometimes"},
		{"MP+sc.rl-ctrl+fence.r.r", "a successful SC's write is a dependency of its result", rvInit2,
			[]string{"sw x5,0(x6);lr.w x9,0(x8);sc.w.rl x12,x5,0(x8);bne x12,x0,L0;L0:;sw x5,0(x7)",
				"lw x10,0(x7);fence r,r;lw x11,0(x6)"},
			"exists (0:x12=0 /\\ 1:x10=1 /\\ 1:x11=0)", "Never"},
		{"MP+scfail.rl-ctrl+fence.r.r", "a failed SC's result depends on nothing", rvInit2,
			[]string{"sw x5,0(x6);lr.w x9,0(x8);sc.w.rl x12,x5,0(x8);bne x12,x0,L0;L0:;sw x5,0(x7)",
				"lw x10,0(x7);fence r,r;lw x11,0(x6)"},
			"exists (0:x12=1 /\\ 1:x10=1 /\\ 1:x11=0)", "Sometimes"},
	} {
		cases = append(cases, verdictCase{tc.name, tc.why, rvTest(tc.name, tc.init, tc.threads, tc.cond), tc.obs})
	}
	checkVerdicts(t, cases)
}
