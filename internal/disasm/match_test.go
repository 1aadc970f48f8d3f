package disasm

import (
	"slices"
	"strings"
	"testing"
)

func TestRulesARM64(t *testing.T) {
	funcs := fixture(t, "arm64")
	acquire := []Rule{InOrder(`LDAXRW .*`, `STXRW .*`), Lacks(`DMB .*`), Lacks(`STLXRW .*`)}

	if err := Check("acquire", find(t, funcs, "main.incAcquireLLSC").Insts, acquire...); err != nil {
		t.Errorf("the acquire increment fails its rules: %v", err)
	}
	// The relaxed increment must fail the acquire rules, and the error
	// must name the rule and show the listing.
	err := Check("relaxed", find(t, funcs, "main.incRelaxedLLSC").Insts, acquire...)
	if err == nil {
		t.Fatal("the relaxed increment passes the acquire rules")
	}
	for _, want := range []string{"relaxed breaks", "has LDAXRW .* … then STXRW .*", "in the listing (" + DecodedMark + ": decoded", "LDXRW (R0), R1", "fx_arm64.s:18"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "lacks DMB") {
		t.Errorf("error names a rule that holds:\n%v", err)
	}

	lse := find(t, funcs, "main.incAcquireLSE").Insts
	if err := Check("lse", lse, Has(`CASAW .*`), Lacks(`CAS(AL|L)?W .*`), Lacks(`LD[A]?XRW .*`)); err != nil {
		t.Error(err)
	}
	if Check("lse", lse, Has(`CASALW .*`)) == nil {
		t.Error("Has(CASALW) holds on a listing with only CASAW")
	}
	if Check("lse", lse, Lacks(`CASAW .*`)) == nil {
		t.Error("Lacks(CASAW) holds on a listing with CASAW")
	}
	if err := Check("release", find(t, funcs, "main.decReleaseLSE").Insts, Has(`LDADDLW .*`)); err != nil {
		t.Error(err)
	}
	rmb := find(t, funcs, "main.rmb").Insts
	if err := Check("rmb", rmb, Only(`DMB \$9|RET|UDF .*`)); err != nil {
		t.Error(err)
	}
	if Check("rmb", rmb, Only(`DMB \$9|RET`)) == nil {
		t.Error("Only holds on a listing with an instruction it does not allow (the UDF padding)")
	}
}

func TestExpand(t *testing.T) {
	funcs := fixture(t, "arm64")
	placement := find(t, funcs, "main.relaxedThenRmb")
	if Check("unexpanded", placement.Insts, Has(`DMB \$9`)) == nil {
		t.Fatal("the Go function holds the barrier itself; the test needs it in a callee")
	}
	insts := Expand(placement, funcs)
	rmbAfter := InOrder(`LDXRW .*`, `STXRW .*`, `DMB \$9`)
	if err := Check("relaxed+rmb", insts, rmbAfter, Has(`CALL main\.rmb\.abi0\(SB\)`)); err != nil {
		t.Error(err)
	}
	if Check("relaxed+rmb", insts, InOrder(`DMB \$9`, `LDXRW .*`)) == nil {
		t.Error("InOrder holds with the barrier before the load")
	}
	// main calls relaxedThenRmb, which calls the routines: two levels deep.
	if err := Check("main", Expand(find(t, funcs, "main.main"), funcs), rmbAfter, Has(`CASAW .*`)); err != nil {
		t.Error(err)
	}

	// On amd64 the relaxed routine is a JMP to another routine; the
	// recursive JMP back into a function being expanded is not followed.
	amd := fixture(t, "amd64")
	if err := Check("amd64 relaxed", Expand(find(t, amd, "main.incRelaxedLLSC"), amd), Has(`LOCK XADDL AX, 0\(BX\)`)); err != nil {
		t.Error(err)
	}
	n := len(Expand(find(t, amd, "main.relaxedThenRmb"), amd))
	if want := len(find(t, amd, "main.relaxedThenRmb").Insts) + 1 + 5 + 1; n != want {
		t.Errorf("expanded relaxedThenRmb has %d instructions, want %d", n, want)
	}
}

// TestCallees: what a root runs, through two levels and a cycle, once
// each and in the listing's order; a function nothing calls stays out, as
// does a call of a function that the listing lacks.
func TestCallees(t *testing.T) {
	f := func(sym string, texts ...string) Func { return Func{Symbol: sym, Insts: insts(texts...)} }
	funcs := []Func{
		f("pkg.leaf.abi0", "RET"),
		f("pkg.loop", "CALL pkg.mid(SB)", "RET"),
		f("pkg.mid", "CALL pkg.loop(SB)", "JMP pkg.leaf.abi0(SB)"),
		f("pkg.unused", "CALL pkg.leaf.abi0(SB)", "RET"),
		f("main.root", "CALL pkg.mid(SB)", "CALL runtime.gopanic(SB)", "CALL pkg.leaf.abi0(SB)", "RET"),
	}
	var got []string
	for _, g := range Callees([]Func{funcs[4]}, funcs) {
		got = append(got, g.Symbol)
	}
	if want := []string{"pkg.leaf.abi0", "pkg.loop", "pkg.mid"}; !slices.Equal(got, want) {
		t.Errorf("Callees = %q, want %q", got, want)
	}
}

// insts is a listing of the given instruction texts.
func insts(texts ...string) []Inst {
	out := make([]Inst, len(texts))
	for i, s := range texts {
		out[i] = Inst{Text: s}
	}
	return out
}

// TestRulesAtEveryIndex: a rule sees the first and the last instruction
// of a listing as it sees any other.
func TestRulesAtEveryIndex(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rule  Rule
		insts []Inst
		holds bool
	}{
		{"Has, first", Has(`DMB .*`), insts("DMB $9", "RET"), true},
		{"Has, last", Has(`DMB .*`), insts("MOVW R1, R2", "DMB $9"), true},
		{"Has, none", Has(`DMB .*`), insts("MOVW R1, R2", "RET"), false},
		{"Lacks, first", Lacks(`DMB .*`), insts("DMB $9", "RET"), false},
		{"Lacks, last", Lacks(`DMB .*`), insts("RET", "DMB $9"), false},
		{"Lacks, none", Lacks(`DMB .*`), insts("MOVW R1, R2", "RET"), true},
		{"InOrder, from the first", InOrder(`LDAXRW .*`, `STXRW .*`), insts("LDAXRW (R0), R1", "STXRW R1, (R0), R2"), true},
		{"InOrder, the second missing", InOrder(`LDAXRW .*`, `STXRW .*`), insts("LDAXRW (R0), R1", "RET"), false},
		{"NoneBetween, no first", NoneBetween(`LDAXRW .*`, `STXRW .*`, `DMB .*`), insts("STXRW R1, (R0), R2"), false},
	} {
		if got := tc.rule.holds(tc.insts); got != tc.holds {
			t.Errorf("%s: %s holds %v, want %v", tc.name, tc.rule.Desc, got, tc.holds)
		}
	}
}

func TestExactly(t *testing.T) {
	rule := Exactly(`AMO.*|FENCE.*`, `AMOADD\.W .*`, `FENCE R,RW`)
	for _, tc := range []struct {
		insts []Inst
		holds bool
	}{
		{insts("MOV 8(X2), X10", "AMOADD.W X11, (X10), X13", "FENCE R,RW", "RET"), true},
		{insts("AMOADD.W X11, (X10), X13", "RET"), false},                                  // a fence missing
		{insts("FENCE R,RW", "AMOADD.W X11, (X10), X13"), false},                           // out of order
		{insts("AMOADD.W X11, (X10), X13", "FENCE R,RW", "FENCE RW,RW"), false},            // one too many
		{insts("AMOADD.W.AQ X11, (X10), X13", "FENCE R,RW"), false},                        // another form
		{insts("AMOADD.W X11, (X10), X13", "FENCE R,RW", "MOVW X13, 24(X2)", "RET"), true}, // others ignored
	} {
		if got := Check("t", tc.insts, rule) == nil; got != tc.holds {
			t.Errorf("Exactly on %v: holds %v, want %v", tc.insts, got, tc.holds)
		}
	}
}

func TestDecodeRISCV64(t *testing.T) {
	for w, want := range map[uint32]string{
		0x00b526af: "AMOADD.W X11, (X10), X13",
		0x06b526af: "AMOADD.W.AQRL X11, (X10), X13",
		0x04b536af: "AMOADD.D.AQ X11, (X10), X13",
		0xe2b526af: "AMOMAXU.W.RL X11, (X10), X13",
		0x100526af: "LR.W (X10), X13",
		0x1405262f: "LR.W.AQ (X10), X12",
		0x1ac5272f: "SC.W.RL X12, (X10), X14",
		0x0230000f: "FENCE R,RW",
		0x0310000f: "FENCE RW,W",
		0x0ff0000f: "FENCE IORW,IORW",
		0x0aa0000f: "FENCE IR,IR",
		0x0100000f: "PAUSE",
		0x0200000f: "FENCE R,0",
		0x0010000f: "FENCE 0,W",
		0x8330000f: "FENCE.TSO",
		0x08b526af: "AMOSWAP.W X11, (X10), X13",
		0x20b526af: "AMOXOR.W X11, (X10), X13",
		0x40b526af: "AMOOR.W X11, (X10), X13",
		0x60b526af: "AMOAND.W X11, (X10), X13",
		0x80b526af: "AMOMIN.W X11, (X10), X13",
		0xa0b526af: "AMOMAX.W X11, (X10), X13",
		0xc0b526af: "AMOMINU.W X11, (X10), X13",
		// Words that the Go assembler produced, with registers X16 to X31
		// in each field.
		0x0ff8b82f: "AMOSWAP.D.AQRL X31, (X17), X16",
		0x071fa92f: "AMOADD.W.AQRL X17, (X31), X18",
		0x1b49aaaf: "SC.W.RL X20, (X19), X21",
		0x140f3eaf: "LR.D.AQ (X30), X29",
		// PAUSE's predecessor set with a successor set is a FENCE.
		0x0110000f: "FENCE W,W",
		0x0130000f: "FENCE W,RW",
	} {
		if got, ok := DecodeRISCV64(w); !ok || got != want {
			t.Errorf("DecodeRISCV64(%#08x) = %q, %v; want %q", w, got, ok, want)
		}
	}
	// RET, BNE, SUBW, FENCE.I, FENCE.TSO's fm with other sets and with an
	// empty successor set, which the specification reserves; LW and SD,
	// whose funct3 is an AMO's; an AMO opcode with a funct5 that names no
	// operation; FENCE words whose rd or rs1 is not zero, and FENCE.TSO's
	// fm with PAUSE's sets, which the specification reserves.
	for _, w := range []uint32{0x00008067, 0x00c59463, 0x40b606bb, 0x0000100f, 0x8230000f, 0x8200000f,
		0x00052683, 0x00d53023, 0x28b526af, 0x0230008f, 0x0230800f, 0x8100000f,
		// JAL X0, 0x2000, whose opcode differs from an AMO's in bit 6 and
		// whose immediate has an AMO's funct3; FENCE.TSO's fm and
		// predecessor set with a successor set other than RW.
		0x0000206f, 0x8320000f,
		// FENCE words with the reserved fm values 1 and 9, and with rd or
		// rs1 X16.
		0x1230000f, 0x9330000f, 0x0230080f, 0x0238000f,
		// AMOADD's funct5 with funct3 0, 1 and 4: the byte and halfword
		// AMOs of Zabha, and a reserved width.
		0x00b506af, 0x00b516af, 0x00b546af} {
		if got, ok := DecodeRISCV64(w); ok {
			t.Errorf("DecodeRISCV64(%#08x) = %q, want no decoding", w, got)
		}
	}
}

func TestDecodeLoong64(t *testing.T) {
	for w, want := range map[uint32]string{
		0x38720014: "DBAR $0x14",
		0x38720700: "DBAR $0x700",
		0x38720000: "DBAR $0x0",
		0x3872001a: "DBAR $0x1a",
		0x38727fff: "DBAR $0x7fff", // the whole 15-bit hint
	} {
		if got, ok := DecodeLoong64(w); !ok || got != want {
			t.Errorf("DecodeLoong64(%#08x) = %q, %v; want %q", w, got, ok, want)
		}
	}
	// AMADDDBW, LL, RET, and IBAR 0, whose word differs from DBAR's in
	// bit 15 only.
	for _, w := range []uint32{0x386a1486, 0x20000088, 0x4c000020, 0x38728000} {
		if got, ok := DecodeLoong64(w); ok {
			t.Errorf("DecodeLoong64(%#08x) = %q, want no decoding", w, got)
		}
	}
}

func TestNoneBetween(t *testing.T) {
	rule := NoneBetween(`LOCK CMPXCHGL .*`, `LOCK XADDL .*`, `MOVQ \w+, 0x[0-9a-f]+\(SP\)`)
	for _, tc := range []struct {
		insts []Inst
		holds bool
	}{
		{insts("MOVQ CX, 0x18(SP)", "LOCK CMPXCHGL SI, 0x70(DX)", "MOVL 0(DI), R9", "LOCK XADDL R9, 0x70(DX)"), true},
		{insts("LOCK CMPXCHGL SI, 0x70(DX)", "MOVQ CX, 0x18(SP)", "LOCK XADDL R9, 0x70(DX)"), false}, // a store between
		{insts("LOCK CMPXCHGL SI, 0x70(DX)", "LOCK XADDL R9, 0x70(DX)", "MOVQ CX, 0x18(SP)"), true},  // after the last
		{insts("LOCK XADDL R9, 0x70(DX)", "MOVQ CX, 0x18(SP)", "LOCK CMPXCHGL SI, 0x70(DX)"), false}, // out of order
		{insts("MOVQ CX, 0x18(SP)", "LOCK CMPXCHGL SI, 0x70(DX)"), false},                            // no last
		{insts("LOCK CMPXCHGL SI, 0x70(DX)", "MOVQ 0x18(SP), CX", "LOCK XADDL R9, 0x70(DX)"), true},  // a load is no store
	} {
		if got := Check("t", tc.insts, rule) == nil; got != tc.holds {
			t.Errorf("NoneBetween on %v: holds %v, want %v", tc.insts, got, tc.holds)
		}
	}
}

// TestAfterBranch: the barrier must follow the loop-closing branch on the
// path that takes no conditional branch, whether targets are addresses or
// N(PC), and an unconditional jump is followed.
func TestAfterBranch(t *testing.T) {
	rule := AfterBranch(`SC .*`, `FENCE`)
	for _, tc := range []struct {
		name  string
		insts []Inst
		want  bool
	}{
		{"after the branch", listing("LR X1", "SC X2", "BNEZ X3, -2(PC)", "FENCE", "RET"), true},
		{"before the branch", listing("LR X1", "SC X2", "FENCE", "BNEZ X3, -3(PC)", "RET"), false},
		{"on the failing path", listing("LR X1", "BGE X1, 0x118", "SC X2", "BNEZ X3, 0x100", "RET", "FENCE", "RET"), false},
		{"through a jump", listing("SC X2", "BNE 0x100", "JMP 0x110", "RET", "FENCE", "RET"), true},
		{"a jump past it", listing("SC X2", "BNE 0x100", "JMP 0x114", "FENCE", "RET", "RET"), false},
		{"no store-conditional", listing("FENCE", "RET"), false},
		{"an indirect jump", listing("SC X2", "BNE 0x100", "JMP (R1)", "FENCE", "RET"), false},
		{"a target outside", listing("SC X2", "BNE 0x100", "BEQ 0x900", "FENCE", "RET"), false},
		{"a call returns", listing("SC X2", "BNE 0x100", "CALL 0x110", "FENCE", "RET"), true},
		// POWER's and arm64's unconditional branches are BR and B.
		{"through a BR", listing("SC X2", "BNE 0x100", "BR 0x110", "RET", "FENCE", "RET"), true},
		{"a BR past it", listing("SC X2", "BNE 0x100", "BR 0x114", "FENCE", "RET", "RET"), false},
		{"through a B", listing("SC X2", "BNE 0x100", "B 0x110", "RET", "FENCE", "RET"), true},
		{"a B past it", listing("SC X2", "BNE 0x100", "B 0x114", "FENCE", "RET", "RET"), false},
		// The path starts at the store-conditional: a barrier above it,
		// or one past a branch in a listing without it, is no barrier
		// after it, even where a jump of unknown target or a loop leads
		// back there.
		{"no store-conditional, a branch", listing("BNE 0x100", "FENCE", "RET"), false},
		{"an indirect jump back", listing("FENCE", "SC X2", "BNE 0x100", "JMP (R1)", "RET"), false},
		{"a loop without it", listing("FENCE", "SC X2", "BNE 0x100", "JMP 0x108"), false},
		{"off the end", listing("SC X2", "BNE 0x100"), false},
		// Instructions that branch nowhere are passed on either side of
		// the branch; a target that is not an address fails the rule.
		{"others between", listing("SC X2", "MOVW R1, R2", "BNE 0x100", "MOVW R2, R3", "FENCE", "RET"), true},
		{"an unreadable target", listing("SC X2", "BNE 0x100", "BEQ 0xzz", "FENCE", "RET"), false},
	} {
		if got := rule.holds(tc.insts); got != tc.want {
			t.Errorf("%s: holds = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRetries: the branch after each store-conditional must go back to
// its load-reserved or above it; listing's first instruction is at 0x100.
func TestRetries(t *testing.T) {
	rule := Retries(`LR .*`, `SC .*`)
	for _, tc := range []struct {
		name  string
		insts []Inst
		want  bool
	}{
		{"back to the load", listing("LR X1", "SC X2", "BNEZ X3, 0x100", "RET"), true},
		{"back above it", listing("MOV X0, X4", "LR X1", "SC X2", "BNEZ X3, 0x100", "RET"), true},
		{"back by words", listing("LR X1", "SC X2", "BNEZ X3, -2(PC)", "RET"), true},
		{"out of the loop", listing("LR X1", "SC X2", "BNEZ X3, 0x10c", "RET"), false},
		{"to the store", listing("LR X1", "SC X2", "BNEZ X3, 0x104", "RET"), false},
		{"no branch", listing("LR X1", "SC X2", "RET"), false},
		{"through a jump", listing("LR X1", "SC X2", "JMP 0x110", "RET", "BNEZ X3, 0x100", "RET"), true},
		{"an indirect jump", listing("LR X1", "SC X2", "JMP (R1)", "BNEZ X3, 0x100", "RET"), false},
		{"an unreadable target", listing("LR X1", "SC X2", "BNEZ X3, 0xzz", "RET"), false},
		{"no load before it", listing("SC X2", "LR X1", "BNEZ X3, 0x100", "RET"), false},
		// The second loop must go back to its own load, not the first's.
		{"two loops", listing("LR X1", "SC X2", "BNEZ X3, 0x100", "LR X1", "SC X2", "BNEZ X3, 0x10c", "RET"), true},
		{"the second back past its load", listing("LR X1", "SC X2", "BNEZ X3, 0x100", "LR X1", "SC X2", "BNEZ X3, 0x110", "RET"), false},
		{"no store-conditional", listing("LR X1", "RET"), true},
	} {
		if got := rule.holds(tc.insts); got != tc.want {
			t.Errorf("%s: holds = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAfterUntaken: the barrier that only a count found equal to delta
// owes must follow the untaken branch on "not equal"; one on "equal" puts
// it on the other path.
func TestAfterUntaken(t *testing.T) {
	rule := AfterUntaken(`AMOADD .*`, `BNE X13, X14, .*`, `FENCE R,R`)
	for _, tc := range []struct {
		name  string
		insts []Inst
		want  bool
	}{
		{"after BNE", listing("AMOADD X1", "BLT X13, X14, 0x114", "BNE X13, X14, 0x114", "FENCE R,R", "RET", "RET"), true},
		{"after BEQ", listing("AMOADD X1", "BLT X13, X14, 0x114", "BEQ X13, X14, 0x114", "FENCE R,R", "RET", "RET"), false},
		{"other registers", listing("AMOADD X1", "BNE X13, X11, 0x10c", "FENCE R,R", "RET"), false},
		{"no branch", listing("AMOADD X1", "FENCE R,R", "RET"), false},
		{"on the branch's target", listing("AMOADD X1", "BNE X13, X14, 0x110", "RET", "RET", "FENCE R,R", "RET"), false},
		{"through a jump", listing("AMOADD X1", "BNE X13, X14, 0x110", "JMP 0x114", "RET", "RET", "FENCE R,R", "RET"), true},
		{"a later branch", listing("AMOADD X1", "BNE X13, X14, 0x114", "BEQ X1, X2, 0x114", "FENCE R,R", "RET", "RET"), false},
		{"the first barrier decides", listing("AMOADD X1", "BNE X13, X14, 0x118", "FENCE R,R", "BEQ X1, X2, 0x118", "FENCE R,R", "RET", "RET"), true},
	} {
		if got := rule.holds(tc.insts); got != tc.want {
			t.Errorf("%s: holds = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestPatternsMatchWholeText: a pattern names a whole instruction: DBAR
// $0x1 does not match DBAR $0x14, nor FENCE R,R match FENCE R,RW.
func TestPatternsMatchWholeText(t *testing.T) {
	for _, tc := range []struct {
		pattern, text string
	}{
		{`DBAR \$0x1`, "DBAR $0x14"},
		{`FENCE R,R`, "FENCE R,RW"},
		{`SYNC`, "LWSYNC"},
		{`LDAR .*`, "XLDAR (R0), R1"},
	} {
		insts := []Inst{{Text: tc.text}}
		if Check("t", insts, Has(tc.pattern)) == nil {
			t.Errorf("Has(%q) holds on %q", tc.pattern, tc.text)
		}
		if Check("t", insts, Exactly(`.*`, tc.pattern)) == nil {
			t.Errorf("Exactly(%q) holds on %q", tc.pattern, tc.text)
		}
		if Check("t", insts, Lacks(tc.pattern)) != nil {
			t.Errorf("Lacks(%q) fails on %q", tc.pattern, tc.text)
		}
	}
}

// listing lays the texts out as 4-byte instructions from address 0x100.
func listing(texts ...string) []Inst {
	var out []Inst
	for i, s := range texts {
		out = append(out, Inst{PC: 0x100 + 4*uint64(i), Text: s})
	}
	return out
}
