package litmus

import (
	"strings"
	"testing"
)

// TestParseRISCV parses the forms of herd7's RISC-V syntax: ABI register
// names, offsets, the ordering suffixes (with lr's .rl and sc's .aq
// dropped, as herd7 drops them) and the fence sets.
func TestParseRISCV(t *testing.T) {
	for _, tc := range []struct {
		text string
		want riscvInstr
	}{
		{"lw x5,0(x6)", riscvInstr{op: rvLoad, rd: 5, rs1: 6, size: 4}},
		{"lw.aq a0,4(s1)", riscvInstr{op: rvLoad, rd: 10, rs1: 9, imm: 4, size: 4, order: rvAcq}},
		{"lbu t1,(a5)", riscvInstr{op: rvLoad, rd: 6, rs1: 15, size: 1, unsigned: true}},
		{"ld.aqrl fp,-8(sp)", riscvInstr{op: rvLoad, rd: 8, rs1: 2, imm: -8, size: 8, order: rvAcqRel}},
		{"sw.rl t1,0(s0)", riscvInstr{op: rvStore, rs2: 6, rs1: 8, size: 4, order: rvRel}},
		{"sd zero,8(x7)", riscvInstr{op: rvStore, rs1: 7, imm: 8, size: 8}},
		{"lr.w.aq.rl a1,0(s2)", riscvInstr{op: rvLR, rd: 11, rs1: 18, size: 4, order: rvAcqRel}},
		{"lr.d.rl a1,(s2)", riscvInstr{op: rvLR, rd: 11, rs1: 18, size: 8}},
		{"sc.w.aq a2,t1,0(a0)", riscvInstr{op: rvSC, rd: 12, rs2: 6, rs1: 10, size: 4}},
		{"sc.d.rl a2,t1,(a0)", riscvInstr{op: rvSC, rd: 12, rs2: 6, rs1: 10, size: 8, order: rvRel}},
		{"amoswap.w.aq.rl x5,x6,(x7)", riscvInstr{op: rvAMO, name: "SWP", rd: 5, rs2: 6, rs1: 7, size: 4, order: rvAcqRel}},
		{"amoor.d.aq a0,t0,0(s0)", riscvInstr{op: rvAMO, name: "ORR", rd: 10, rs2: 5, rs1: 8, size: 8, order: rvAcq}},
		{"amomin.w x1,x2,(x3)", riscvInstr{op: rvAMO, name: "SMIN", rd: 1, rs2: 2, rs1: 3, size: 4}},
		{"fence", riscvInstr{op: rvFence, pred: rvFenceR | rvFenceW, succ: rvFenceR | rvFenceW}},
		{"fence r,rw", riscvInstr{op: rvFence, pred: rvFenceR, succ: rvFenceR | rvFenceW}},
		{"fence iorw,ow", riscvInstr{op: rvFence, pred: rvFenceR | rvFenceW, succ: rvFenceW}},
		{"fence.tso", riscvInstr{op: rvFence, tso: true}},
		{"fence.i", riscvInstr{op: rvFence, fenceI: true}},
		{"li t0,-3", riscvInstr{op: rvLi, rd: 5, imm: -3}},
		{"mv a0,a1", riscvInstr{op: rvOpI, name: "ADD", rd: 10, rs1: 11}},
		{"ori x7,x5,1", riscvInstr{op: rvOpI, name: "ORR", rd: 7, rs1: 5, imm: 1}},
		{"xor x7,x5,x5", riscvInstr{op: rvOp3, name: "EOR", rd: 7, rs1: 5, rs2: 5, regOp: true}},
		{"addw x7,x5,x6", riscvInstr{op: rvOpW, name: "ADD", rd: 7, rs1: 5, rs2: 6, regOp: true}},
		{"addiw x7,x5,6", riscvInstr{op: rvOpW, name: "ADD", rd: 7, rs1: 5, imm: 6}},
		{"bne x5,x0,LC00", riscvInstr{op: rvBcc, name: "NE", rs1: 5, label: "LC00"}},
		{"bge a0,a1,out", riscvInstr{op: rvBcc, name: "GE", rs1: 10, rs2: 11, label: "out"}},
		{"j L0", riscvInstr{op: rvJ, label: "L0"}},
	} {
		in, err := parseRISCV(tc.text)
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		tc.want.text = tc.text
		if *in != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.text, *in, tc.want)
		}
	}
}

// TestParseRISCVErrors: what herd7 parses but does not run, and what it
// does not parse, is refused in one line naming the instruction or the
// operand.
func TestParseRISCVErrors(t *testing.T) {
	for text, msg := range map[string]string{
		"sltu x1,x2,x3":        `"sltu" is not supported`,
		"amomaxu.w x1,x2,(x3)": `"amomaxu.w" is not supported`,
		"bltu x1,x2,L":         `"bltu" is not supported`,
		"auipc x1,4":           `unsupported RISC-V instruction "auipc"`,
		"lw.rl x1,0(x2)":       `unsupported RISC-V instruction "lw.rl"`,
		"sw.aq x1,0(x2)":       `unsupported RISC-V instruction "sw.aq"`,
		"lr.b x1,(x2)":         `unsupported RISC-V instruction "lr.b"`,
		"lr.w x1,4(x2)":        `bad offset "4"`,
		"lw x1,x2":             `bad memory operand "x2"`,
		"lw x32,0(x2)":         `bad register "x32"`,
		"fence r,x":            `bad fence set "x"`,
		"fence r":              "fence takes 2 operands",
		"li t0,two":            `bad immediate "two"`,
	} {
		_, err := parseRISCV(text)
		if err == nil || !strings.Contains(err.Error(), msg) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want one line containing %q", text, err, msg)
		}
	}
}

// TestRISCVRegisterNames: a condition may name a register by its ABI name;
// herd7 prints it as xN.
func TestRISCVRegisterNames(t *testing.T) {
	for name, want := range map[string]string{"x0": "x0", "zero": "x0", "t0": "x5", "fp": "x8", "s0": "x8",
		"a7": "x17", "s11": "x27", "t6": "x31"} {
		if got, ok := canonicalReg(RISCV, name); !ok || got != want {
			t.Errorf("%s: got %q, %v; want %s", name, got, ok, want)
		}
	}
	for _, bad := range []string{"x32", "X5", "x05", "r1"} {
		if _, ok := canonicalReg(RISCV, bad); ok {
			t.Errorf("%s was taken for a register", bad)
		}
	}
}

// riscv builds a one-thread RISC-V test.
func riscv(name, init, code, cond string) string {
	return "RISCV " + name + "\n{ " + init + " }\n P0 ;\n " + strings.ReplaceAll(code, ";", " ;\n ") + " ;\n" + cond + "\n"
}

// TestRISCVSemantics runs each instruction's arithmetic as herd7's RISC-V
// semantics has it: sign-extending loads (zero-extending for the u
// forms), stores of the low bytes, x0, the W operations, the branches,
// the AMOs' old value and new one, and LR/SC's outcomes.
func TestRISCVSemantics(t *testing.T) {
	checkOutcomes(t, []outcome{
		{"x0", "", riscv("x0", "", "li x0,5;addi x5,x0,2", "forall (0:x0=0 /\\ 0:x5=2)"), "Always", 1, 0},
		// x0 reads 0 whatever the initial state gives it, as herd7 reads it.
		{"x0-init", "", riscv("x0-init", "0:x0=1; 0:x5=x;", "sw x0,0(x5);addi x6,x0,2", "forall ([x]=0 /\\ 0:x6=2)"), "Always", 1, 0},
		{"abi", "", riscv("abi", "0:t0=3;", "mv a0,t0;slli a1,a0,2;sub a2,a1,t0", "forall (0:x10=3 /\\ 0:a1=12 /\\ 0:a2=9)"), "Always", 1, 0},
		{"lui", "", riscv("lui", "", "lui x5,2", "forall 0:x5=8192"), "Always", 1, 0},
		{"slt", "", riscv("slt", "0:x5=-1;", "slt x6,x5,x0;slti x7,x5,-2", "forall (0:x6=1 /\\ 0:x7=0)"), "Always", 1, 0},
		{"w-ops", "", riscv("w-ops", "0:x5=0x7fffffff;", "addiw x6,x5,1;addw x7,x5,x5;sext.w x8,x6",
			"forall (0:x6=-2147483648 /\\ 0:x7=-2 /\\ 0:x8=-2147483648)"), "Always", 1, 0},
		{"loads", "", riscv("loads", "int x=0x1ff; 0:x2=x;", "lb x5,0(x2);lbu x6,0(x2);lh x7,0(x2);lw x8,0(x2)",
			"forall (0:x5=-1 /\\ 0:x6=255 /\\ 0:x7=511 /\\ 0:x8=511)"), "Always", 1, 0},
		{"lwu", "", riscv("lwu", "uint64_t x=0xffffffffff; 0:x2=x; uint64_t 0:x3; uint64_t 0:x5;", "lw x5,0(x2);lwu x3,0(x2)",
			"forall (0:x5=-1 /\\ 0:x3=4294967295)"), "Always", 1, 0},
		{"stores", "", riscv("stores", "uint64_t z; 0:x1=x; 0:x3=y; 0:x5=z; 0:x2=-1;", "sh x2,0(x1);sb x2,0(x3);sw x2,0(x5)",
			"forall ([x]=65535 /\\ [y]=255 /\\ [z]=4294967295)"), "Always", 1, 0},
		{"branches", "", riscv("branches", "0:x5=-1;", "blt x5,x0,L0;li x6,1;L0:;bge x0,x5,L1;li x7,1;L1:;beq x5,x0,L2;li x8,1;L2:",
			"forall (0:x6=0 /\\ 0:x7=0 /\\ 0:x8=1)"), "Always", 1, 0},
		{"jump", "", riscv("jump", "", "j L0;li x5,1;L0:", "forall 0:x5=0"), "Always", 1, 0},
		{"amoadd", "", riscv("amoadd", "x=5; 0:x1=x; 0:x2=3;", "amoadd.w x3,x2,(x1)", "forall (0:x3=5 /\\ [x]=8)"), "Always", 1, 0},
		{"amomax", "", riscv("amomax", "x=-5; 0:x1=x; 0:x2=3;", "amomax.w x3,x2,(x1)", "forall (0:x3=-5 /\\ [x]=3)"), "Always", 1, 0},
		// An LR and an AMO return the value as it is, a load extends
		// it; an AMO works on 64 bits and writes them all.
		{"lr-raw", "", riscv("lr-raw", "x=0xffffffff; 0:x1=x; int64_t 0:x3; int64_t 0:x4; int64_t 0:x5;",
			"lw x3,0(x1);lr.w x4,0(x1);amoadd.w x5,x0,(x1)", "forall (0:x3=-1 /\\ 0:x4=4294967295 /\\ 0:x5=4294967295)"), "Always", 1, 0},
		{"amo-64", "", riscv("amo-64", "int64_t x; 0:x1=x; 0:x2=-1; int64_t 0:x3;",
			"amoadd.w x0,x2,(x1);amomax.w x3,x0,(x1)", "forall ([x]=0 /\\ 0:x3=-1)"), "Always", 1, 0},
		{"amoswap", "", riscv("amoswap", "x=5; 0:x1=x; 0:x2=3;", "amoswap.d.aqrl x3,x2,(x1)", "forall (0:x3=5 /\\ [x]=3)"), "Always", 1, 0},
		// An SC either succeeds (rd=0) or fails (rd=1, nothing written):
		// two executions.
		{"lrsc", "", riscv("lrsc", "x=5; 0:x1=x; 0:x2=7;", "lr.w x3,0(x1);sc.w x4,x2,0(x1)",
			"exists (0:x4=0 /\\ [x]=7 \\/ 0:x4=1 /\\ [x]=5)"), "Always", 2, 0},
		// Without a reservation, or after another SC, an SC fails.
		{"sc-alone", "", riscv("sc-alone", "x=5; 0:x1=x; 0:x2=7;", "sc.w x4,x2,0(x1)", "forall (0:x4=1 /\\ [x]=5)"), "Always", 1, 0},
		{"sc-twice", "", riscv("sc-twice", "x=5; 0:x1=x; 0:x2=7;", "lr.w x3,0(x1);sc.w x4,x2,0(x1);sc.w x5,x2,0(x1)",
			"forall (0:x5=1)"), "Always", 2, 0},
		{"sc-elsewhere", "", riscv("sc-elsewhere", "x=5; 0:x1=x; 0:x6=y; 0:x2=7;", "lr.w x3,0(x1);sc.w x4,x2,0(x6)",
			"forall (0:x4=1 /\\ y=0)"), "Always", 1, 0},
	})
}
