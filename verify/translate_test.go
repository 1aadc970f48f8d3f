package verify

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// listing is the machine code of one function for a hand-made image: its
// instructions in go tool objdump's syntax, one every four bytes.
type listing struct {
	symbol string
	text   []string
}

// handImage is an image of the given functions for goarch, whose types
// are main.cell, two 4-byte fields x and y, and main.pair, two 8-byte
// fields a and b: a test of how single instructions translate, which
// needs no build.
func handImage(goarch string, fns ...listing) *Image {
	img := &Image{
		Target: target.Target{Name: goarch, GOARCH: goarch},
		funcs:  map[string]*disasm.Func{},
		at:     map[uint64]instRef{},
		layout: map[string][]field{
			"main.cell": {{path: "x", off: 0, size: 4}, {path: "y", off: 4, size: 4}},
			"main.pair": {{path: "a", off: 0, size: 8}, {path: "b", off: 8, size: 8}},
		},
	}
	for k, fn := range fns {
		f := &disasm.Func{Symbol: fn.symbol}
		for i, t := range fn.text {
			f.Insts = append(f.Insts, disasm.Inst{PC: pc(k, i), Text: t, Hex: "00000000"})
		}
		img.funcs[fn.symbol] = f
		for i, in := range f.Insts {
			img.at[in.PC] = instRef{f, i}
		}
	}
	return img
}

// storeBuffering is the store-buffering race on the cell o: main.p0 stores
// o.x and returns its load of o.y, main.p1 the other way round. Forbidden:
// both load 0.
func storeBuffering() *Scenario {
	return &Scenario{
		Name:      "store-buffering",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: And(Returned(0, 0), Returned(1, 0)),
	}
}

// deriveHand derives sc from the hand-made listings on tg and decides it.
func deriveHand(t *testing.T, tg Target, sc *Scenario, fns ...listing) (Row, error) {
	t.Helper()
	img := handImage(map[bool]string{true: "amd64", false: "arm64"}[tg.Name == "amd64"], fns...)
	if tg.Build == "ppc64le" || tg.Build == "riscv64" {
		img = handImage(tg.Build, fns...)
	}
	d, err := Derive(img, tg, sc)
	if err != nil {
		return Row{}, err
	}
	r := Row{Scenario: sc, Target: tg, Derived: d}
	if err := r.decide(context.Background()); err != nil {
		t.Fatalf("%s: %v\n%s", d.Name, err, d.Text)
	}
	return r, nil
}

// wantNever fails the test unless the derivation of what succeeded and
// its test is a Never that is not vacuous.
func wantNever(t *testing.T, what string, r Row, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.Sometimes || len(r.Unreachable) > 0 {
		t.Errorf("%s: Sometimes %v (unreachable %v), want a Never that is not vacuous; the derived test:\n%s", what, r.Sometimes, r.Unreachable, derivedText(r))
	}
}

// derivedText is the row's derived test, or "" where none was derived.
func derivedText(r Row) string {
	if r.Derived == nil {
		return ""
	}
	return r.Derived.Text
}

func targetNamed(t *testing.T, name string) Target {
	t.Helper()
	i := slices.IndexFunc(Targets, func(tg Target) bool { return tg.Name == name })
	if i < 0 {
		t.Fatalf("no target %s", name)
	}
	return Targets[i]
}

// TestAcquireKindsTranslated: an LDAPR is RCpc, an LDAR RCsc. After a
// release store, LDAR is ordered and LDAPR is not, so store buffering
// with STLR and LDAPR on each side is Sometimes and with STLR and LDAR
// Never. A translation that wrote LDAPR as LDAR would hide a weakening
// from sequentially consistent to acquire (LDAR to LDAPR on an LRCPC
// CPU).
func TestAcquireKindsTranslated(t *testing.T) {
	tg := targetNamed(t, "arm64-lse")
	for _, c := range []struct {
		load      string
		sometimes bool
	}{{"LDAPRW", true}, {"LDARW", false}} {
		p0 := listing{"main.p0", []string{"MOVD $1, R2", "STLRW R2, (R0)", "ADD $4, R0, R3", c.load + " (R3), R0", "RET"}}
		p1 := listing{"main.p1", []string{"ADD $4, R0, R3", "MOVD $1, R2", "STLRW R2, (R3)", c.load + " (R0), R0", "RET"}}
		r, err := deriveHand(t, tg, storeBuffering(), p0, p1)
		if err != nil {
			t.Fatalf("%s: %v", c.load, err)
		}
		if r.Sometimes != c.sometimes || len(r.Unreachable) > 0 {
			t.Errorf("STLR then %s: Sometimes %v (unreachable %v), want %v; the derived test:\n%s", c.load, r.Sometimes, r.Unreachable, c.sometimes, derivedText(r))
		}
	}
}

// TestLockPrefixTranslated: on amd64 a LOCK-prefixed instruction is a
// full barrier and an atomic read-modify-write; without the prefix it is
// neither. Mb's locked OR to the stack forbids store buffering, as MFENCE
// does; the same OR unlocked must not (it is refused, or the outcome
// found), nor LFENCE or SFENCE, which x86 processors do not order a store
// before a later load with; two unlocked increments can lose one.
func TestLockPrefixTranslated(t *testing.T) {
	tg := targetNamed(t, "amd64")
	sb := func(mb ...string) (Row, error) {
		p0 := listing{"main.p0", slices.Concat([]string{"MOVL $0x1, 0(AX)"}, mb, []string{"MOVL 0x4(AX), AX", "RET"})}
		p1 := listing{"main.p1", slices.Concat([]string{"MOVL $0x1, 0x4(AX)"}, mb, []string{"MOVL 0(AX), AX", "RET"})}
		return deriveHand(t, tg, storeBuffering(), p0, p1)
	}
	r, err := sb("LOCK ORL $0x0, -0x8(SP)")
	if err != nil || r.Sometimes || len(r.Unreachable) > 0 {
		t.Fatalf("LOCK ORL $0 to the stack: err %v; want a Never that is not vacuous; the derived test:\n%s", err, derivedText(r))
	}
	if r, err := sb("MFENCE"); err != nil || r.Sometimes || len(r.Unreachable) > 0 {
		t.Fatalf("MFENCE: err %v; want a Never that is not vacuous; the derived test:\n%s", err, derivedText(r))
	}
	for _, weak := range []string{"ORL $0x0, -0x8(SP)", "LFENCE", "SFENCE"} {
		if r, err := sb(weak); err == nil && !r.Sometimes {
			t.Errorf("%s passes as a full barrier; the derived test:\n%s", weak, derivedText(r))
		}
	}
	inc := listing{"main.p0", []string{"INCL 0(AX)", "RET"}}
	lost := &Scenario{
		Name:      "lost-update",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: And(Exited(0, exitReturn), Exited(1, exitReturn), Final("o_x", 1)),
	}
	if r, err := deriveHand(t, tg, lost, inc); err != nil || !r.Sometimes {
		t.Errorf("two INCL without LOCK: err %v, want the lost update found (Sometimes); the derived test:\n%s", err, derivedText(r))
	}
}

// TestUnknownInstructionsRefused: an instruction that the translation
// does not model, or a read-modify-write without the LOCK that would make
// it atomic, fails the derivation rather than passing as a no-op or as a
// locked one.
func TestUnknownInstructionsRefused(t *testing.T) {
	sc := func() *Scenario {
		return &Scenario{Name: "one", Objects: []Object{{Name: "o", Type: "main.cell"}},
			Threads: []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}}, Forbidden: Returned(0, 0)}
	}
	for _, c := range []struct {
		target string
		code   []string
	}{
		{"amd64", []string{"MOVL $0x1, CX", "XADDL CX, 0(AX)", "RET"}},
		{"amd64", []string{"MOVL $0x1, CX", "CMPXCHGL CX, 0(AX)", "RET"}},
		{"amd64", []string{"MOVL $0x1, CX", "ADCL CX, 0(AX)", "RET"}},
		{"amd64", []string{"MOVL $0x1, CX", "PAUSE", "RET"}},
		// A load wider than the field it starts at reads the next one too.
		{"amd64", []string{"MOVL $0x1, CX", "MOVQ 0(AX), CX", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "UDIV R2, R2, R3", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "MADD R2, R2, R2, R3", "RET"}},
	} {
		name := c.target
		if name == "arm64" {
			name = "arm64-llsc"
		}
		r, err := deriveHand(t, targetNamed(t, name), sc(), listing{"main.p0", c.code})
		if err == nil {
			t.Errorf("%s %q: derived, want an error; the derived test:\n%s", c.target, c.code, derivedText(r))
		} else if !strings.Contains(err.Error(), c.code[1]) {
			t.Errorf("%s %q: %v; want an error at %s", c.target, c.code, err, c.code[1])
		}
	}
}

// TestStoresReachMemory: a load of a location that another thread writes
// is not folded to its initial value, not even a pointer's.
func TestStoresReachMemory(t *testing.T) {
	tg := targetNamed(t, "amd64")
	// A pointer that one thread clears and the other loads.
	publish := &Scenario{
		Name:      "publish",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Ref("q")}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: And(Exited(0, exitReturn), Returned(1, 0)),
	}
	r, err := deriveHand(t, tg, publish, listing{"main.p0", []string{"MOVQ $0x0, 0(AX)", "RET"}},
		listing{"main.p1", []string{"MOVQ 0(AX), AX", "RET"}})
	if err != nil || !r.Sometimes {
		t.Errorf("a pointer cleared by one thread: err %v, Sometimes %v; want the other's load to see nil; the derived test:\n%s", err, r.Sometimes, derivedText(r))
	}
}

// TestZeroingStoreReachesBothWords: Go zeroes 16 bytes with MOVUPS X15,
// two 8-byte stores of 0. Each reaches its own field: the other thread's
// load of the second word may see the zero.
func TestZeroingStoreReachesBothWords(t *testing.T) {
	tg := targetNamed(t, "amd64")
	clear := &Scenario{
		Name:      "clear",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Int(1), "b": Int(2)}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: And(Exited(0, exitReturn), Returned(1, 0)),
	}
	r, err := deriveHand(t, tg, clear, listing{"main.p0", []string{"MOVUPS X15, 0(AX)", "RET"}},
		listing{"main.p1", []string{"MOVQ 0x8(AX), AX", "RET"}})
	if err != nil || !r.Sometimes || !strings.Contains(derivedText(r), ",(q_b)") {
		t.Errorf("MOVUPS X15 over both words: err %v, Sometimes %v; want the load of the second to see 0; the derived test:\n%s", err, r.Sometimes, derivedText(r))
	}
}

// pc is the address of instruction i of the k-th hand-made listing.
func pc(k, i int) uint64 { return uint64(0x10000 + 0x1000*k + 4*i) }

// at is pc as an amd64 branch names its target.
func at(k, i int) string { return fmt.Sprintf("%#x", pc(k, i)) }

// TestJoinedPathsKeepFlags: two paths that reach an instruction with the
// same registers but other flags take their own branches there. A join
// of the two would lose one path's outcome.
func TestJoinedPathsKeepFlags(t *testing.T) {
	p0 := listing{"main.p0", []string{
		"MOVL 0(AX), CX", // 0: the dynamic value steers the two paths
		"CMPL CX, $0x0",
		"JNE " + at(0, 6),
		"MOVL $0x0, DX", // 3: flags EQ
		"CMPL DX, $0x0",
		"JMP " + at(0, 8),
		"MOVL $0x0, DX", // 6: flags NE, the same registers
		"CMPL DX, $0x1",
		"JE " + at(0, 11), // 8: the paths meet
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x1, AX", // 11
		"RET",
	}}
	bothReturnsReachable(t, p0)
}

// TestPointersKeptApart: the addresses of two objects are different
// values, whether compared when the code is extracted or in the litmus
// code.
func TestPointersKeptApart(t *testing.T) {
	sc := &Scenario{
		Name: "pointers",
		Objects: []Object{{Name: "o", Type: "main.pair", Init: map[string]Value{"a": Ref("q")}},
			{Name: "q", Type: "main.cell"}, {Name: "r", Type: "main.cell"}},
		Threads: []Thread{
			{Entry: "main.p0", Args: []Value{Ref("o"), Ref("r")}},
			{Entry: "main.p1", Args: []Value{Ref("o"), Ref("q"), Ref("r")}},
		},
		Forbidden: And(Exited(0, exitReturn), Returned(1, 2)),
	}
	p0 := listing{"main.p0", []string{"MOVQ BX, 0(AX)", "RET"}}
	p1 := listing{"main.p1", []string{
		"CMPQ BX, CX", // &q against &r, known when extracted
		"JE " + at(1, 9),
		"MOVQ 0(AX), DX", // o.a: &q, or &r once p0 stored it
		"CMPQ DX, BX",
		"JE " + at(1, 7),
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x1, AX", // 7
		"RET",
		"MOVL $0x3, AX", // 9
		"RET",
	}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	if err != nil || !r.Sometimes {
		t.Errorf("err %v, Sometimes %v; want p1 to see &r, not &q; the derived test:\n%s", err, r.Sometimes, derivedText(r))
	}
}

// TestIndexedAddress: a register-indexed operand with a known index
// reaches the field at base + index × scale.
func TestIndexedAddress(t *testing.T) {
	sc := storeBuffering()
	sc.Forbidden = Returned(0, 1)
	p1 := map[string]listing{
		"amd64":      {"main.p1", []string{"MOVL $0x1, 0x4(AX)", "RET"}},
		"arm64-llsc": {"main.p1", []string{"MOVD $1, R2", "MOVW R2, 4(R0)", "RET"}},
	}
	p0 := map[string]listing{
		"amd64":      {"main.p0", []string{"MOVL $0x1, CX", "MOVL 0(AX)(CX*4), AX", "RET"}},
		"arm64-llsc": {"main.p0", []string{"MOVD $1, R1", "MOVWU (R0)(R1<<2), R0", "RET"}},
	}
	for _, tg := range []string{"amd64", "arm64-llsc"} {
		r, err := deriveHand(t, targetNamed(t, tg), sc, p0[tg], p1[tg])
		if err != nil || !r.Sometimes {
			t.Errorf("%s: err %v, Sometimes %v; want the load of o.y to see p1's store; the derived test:\n%s", tg, err, r.Sometimes, derivedText(r))
		}
	}
}

// TestVacuousNeverWithoutReach: a scenario with no Reach of its own
// checks each conjunct of its forbidden outcome, so that a Never resting
// on one that is never reached is vacuous.
func TestVacuousNeverWithoutReach(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds and disassembles for amd64; runs on amd64 hosts")
	}
	sc := markAttached()
	if sc.Reach != nil {
		t.Fatal("mark-attached has a Reach of its own")
	}
	sc.Forbidden = And(Returned(0, readOK), Final("out_seen", 7))
	rows, err := RunOn(context.Background(), Targets[:1], []*Scenario{sc})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if r.Sometimes || len(r.Unreachable) != 1 || r.Unreachable[0].String() != "out_seen=7" || r.OK() {
		t.Errorf("%s: Sometimes %v, unreachable %v, OK %v; want Never with out_seen=7 alone unreachable, not OK. The derived test:\n%s", r.Derived.Name, r.Sometimes, r.Unreachable, r.OK(), r.Derived.Text)
	}
}

// TestRowOK: a row is OK when its verdict is the expected one and a Never
// rests on no unreachable outcome.
func TestRowOK(t *testing.T) {
	for _, c := range []struct {
		r    Row
		want bool
	}{
		{Row{}, true},
		{Row{Sometimes: true, Expected: true}, true},
		{Row{Sometimes: true}, false},
		{Row{Expected: true}, false},
		{Row{Unreachable: []Cond{Final("c_seen", 1)}}, false},
	} {
		if got := c.r.OK(); got != c.want {
			t.Errorf("Sometimes %v, Expected %v, Unreachable %v: OK %v, want %v", c.r.Sometimes, c.r.Expected, c.r.Unreachable, got, c.want)
		}
	}
}

// TestRCpcAfterReleaseDecrement is a weakening that only the RCpc
// acquire shows: the wake-up's Mb removed and its load of the flag made
// an acquire load. After EndRead's release decrement, LDAR (arm64-llsc)
// is ordered and the writer's Mb keeps the wake-up; LDAPR (the targets
// with LRCPC) is not, and the writer can sleep for ever. So verify must
// keep LDAPR apart from LDAR. riscv64's acquire load, a load then FENCE
// R,RW, is not ordered after the release either.
func TestRCpcAfterReleaseDecrement(t *testing.T) {
	skipWeakenings(t)
	v := editVariant(t, lineEdit{file: "vma/waitqueue.go", old: "if q.waiting.LoadRelaxed() != 0 {", new: "if q.waiting.LoadAcquire() != 0 {"})
	v.Tags = []string{"weaken_wake_mb"}
	var sc *Scenario
	for _, s := range Scenarios() {
		if s.ID() == "lost-wakeup" {
			sc = s
		}
	}
	if sc == nil {
		t.Fatal("no scenario lost-wakeup")
	}
	rows, err := RunVariant(context.Background(), Targets[1:], []*Scenario{sc}, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		want := r.Target.LRCPC || r.Target.Name == "riscv64"
		t.Logf("%s with %v on %s: %s", r.Scenario.ID(), v, r.Target.Name, verdict(r.Sometimes))
		if r.Sometimes != want || len(r.Unreachable) > 0 {
			t.Errorf("%s with %v on %s: %s (unreachable %v), want %s. The derived test %s:\n%s", r.Scenario.ID(), v, r.Target.Name, verdict(r.Sometimes), r.Unreachable, verdict(want), r.Derived.Name, r.Derived.Text)
		}
	}
}

// bothReturnsReachable derives p0 beside a thread that stores 1 to the
// word p0 reads, and requires that p0 can return 1 and can return 2: each
// of its paths must survive the derivation.
func bothReturnsReachable(t *testing.T, p0 listing) {
	t.Helper()
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	for _, n := range []int64{1, 2} {
		sc := storeBuffering()
		sc.Forbidden = Returned(0, n)
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
		if err != nil || !r.Sometimes {
			t.Errorf("return %d: err %v, Sometimes %v; want it reachable; the derived test:\n%s", n, err, r.Sometimes, derivedText(r))
		}
	}
}
