package verify

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
	"github.com/atomicfence/atomicfence/litmus"
)

// listing is the machine code of one function for a hand-made image: its
// instructions in go tool objdump's syntax, one every four bytes.
type listing struct {
	symbol string
	text   []string
}

// handImage is an image of the given functions for goarch, whose types
// are main.cell, two 4-byte fields x and y, main.pair, two 8-byte
// fields a and b, and main.narrow, a byte b, a halfword h, a word w and
// a doubleword d: a test of how single instructions translate, which
// needs no build.
func handImage(goarch string, fns ...listing) *Image {
	img := &Image{
		Target: target.Target{Name: goarch, GOARCH: goarch},
		funcs:  map[string]*disasm.Func{},
		at:     map[uint64]instRef{},
		layout: map[string][]field{
			"main.cell": {{path: "x", off: 0, size: 4}, {path: "y", off: 4, size: 4}},
			"main.pair": {{path: "a", off: 0, size: 8}, {path: "b", off: 8, size: 8}},
			"main.narrow": {{path: "b", off: 0, size: 1}, {path: "h", off: 2, size: 2},
				{path: "w", off: 4, size: 4}, {path: "d", off: 8, size: 8}},
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
	return decideImage(t, handImage(handArch(tg), fns...), tg, sc)
}

// handArch is the GOARCH of tg's hand-made images.
func handArch(tg Target) string {
	switch {
	case tg.Build == "ppc64le" || tg.Build == "riscv64":
		return tg.Build
	case tg.Name == "amd64":
		return "amd64"
	}
	return "arm64"
}

// decideImage derives sc from img on tg and decides it.
func decideImage(t *testing.T, img *Image, tg Target, sc *Scenario) (Row, error) {
	t.Helper()
	d, err := Derive(img, tg, sc)
	if err != nil {
		return Row{}, err
	}
	wantHerd7Input(t, d)
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
	wantVerdict(t, what, r, err, false)
}

// wantVerdict requires that a test was derived (err is nil), that every
// path of it is reachable, and that its verdict is Sometimes or Never as
// sometimes says.
func wantVerdict(t *testing.T, what string, r Row, err error, sometimes bool) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.Sometimes != sometimes || len(r.Unreachable) > 0 {
		want := map[bool]string{true: "Sometimes", false: "a Never that is not vacuous"}[sometimes]
		t.Errorf("%s: Sometimes %v (unreachable %v), want %s; the derived test:\n%s", what, r.Sometimes, r.Unreachable, want, derivedText(r))
	}
}

// wantRefused requires that the derivation failed with an error that
// holds want.
func wantRefused(t *testing.T, what string, r Row, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: err %v, want it refused (%q); the derived test:\n%s", what, err, want, derivedText(r))
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
// Never, on words (o.x and o.y of a main.cell) and on doublewords (o.a and
// o.b of a main.pair; internal/disasm prints the doubleword LDAPR as
// LDAPRD). A translation that wrote LDAPR as LDAR would hide a weakening
// from sequentially consistent to acquire (LDAR to LDAPR on an LRCPC
// CPU); one that did not know LDAPRD would refuse the 64-bit acquire
// loads of an LRCPC build.
func TestAcquireKindsTranslated(t *testing.T) {
	tg := targetNamed(t, "arm64-lse")
	for _, c := range []struct {
		store, load, other string
		typ                string
		sometimes          bool
	}{
		{"STLRW", "LDAPRW", "$4", "main.cell", true}, {"STLRW", "LDARW", "$4", "main.cell", false},
		{"STLR", "LDAPRD", "$8", "main.pair", true}, {"STLR", "LDAR", "$8", "main.pair", false},
	} {
		p0 := listing{"main.p0", []string{"MOVD $1, R2", c.store + " R2, (R0)", "ADD " + c.other + ", R0, R3", c.load + " (R3), R0", "RET"}}
		p1 := listing{"main.p1", []string{"ADD " + c.other + ", R0, R3", "MOVD $1, R2", c.store + " R2, (R3)", c.load + " (R0), R0", "RET"}}
		sc := storeBuffering()
		sc.Objects[0].Type = c.typ
		r, err := deriveHand(t, tg, sc, p0, p1)
		wantVerdict(t, fmt.Sprintf("%s then %s", c.store, c.load), r, err, c.sometimes)
		if err == nil && c.load == "LDAPRD" && !strings.Contains(derivedText(r), "LDAPR X0,") {
			t.Errorf("LDAPRD is not a doubleword LDAPR in the derived test:\n%s", derivedText(r))
		}
	}
}

// TestLockPrefixTranslated: on amd64 a LOCK-prefixed instruction is a
// full barrier and an atomic read-modify-write; without the prefix it is
// neither. Mb's locked OR (or ADD) of 0 to the stack, in either width,
// forbids store buffering, as MFENCE
// does; the same OR unlocked must not (it is refused, or the outcome
// found), nor LFENCE or SFENCE, which x86 processors do not order a store
// before a later load with; two unlocked increments or additions can lose
// one.
func TestLockPrefixTranslated(t *testing.T) {
	tg := targetNamed(t, "amd64")
	sb := func(mb ...string) (Row, error) {
		p0 := listing{"main.p0", slices.Concat([]string{"MOVL $0x1, 0(AX)"}, mb, []string{"MOVL 0x4(AX), AX", "RET"})}
		p1 := listing{"main.p1", slices.Concat([]string{"MOVL $0x1, 0x4(AX)"}, mb, []string{"MOVL 0(AX), AX", "RET"})}
		return deriveHand(t, tg, storeBuffering(), p0, p1)
	}
	for _, mb := range []string{"LOCK ORL $0x0, -0x8(SP)", "LOCK ORQ $0x0, 0(SP)", "LOCK ADDL $0x0, -0x8(SP)", "LOCK ADDQ $0x0, 0(SP)"} {
		if r, err := sb(mb); err != nil || r.Sometimes || len(r.Unreachable) > 0 {
			t.Fatalf("%s: err %v; want a Never that is not vacuous; the derived test:\n%s", mb, err, derivedText(r))
		}
	}
	if r, err := sb("MFENCE"); err != nil || r.Sometimes || len(r.Unreachable) > 0 {
		t.Fatalf("MFENCE: err %v; want a Never that is not vacuous; the derived test:\n%s", err, derivedText(r))
	}
	for _, weak := range []string{"ORL $0x0, -0x8(SP)", "LFENCE", "SFENCE"} {
		if r, err := sb(weak); err == nil && !r.Sometimes {
			t.Errorf("%s passes as a full barrier; the derived test:\n%s", weak, derivedText(r))
		}
	}
	lost := &Scenario{
		Name:      "lost-update",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: And(Exited(0, exitReturn), Exited(1, exitReturn), Final("o_x", 1)),
	}
	for _, code := range [][]string{{"INCL 0(AX)"}, {"ADDL $0x1, 0(AX)"}, {"MOVL $0x1, CX", "ADDL CX, 0(AX)"}} {
		inc := listing{"main.p0", append(code, "RET")}
		if r, err := deriveHand(t, tg, lost, inc); err != nil || !r.Sometimes {
			t.Errorf("two %q without LOCK: err %v, want the lost update found (Sometimes); the derived test:\n%s", code, err, derivedText(r))
		}
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
		{"amd64", []string{"MOVL $0x1, CX", "LOCK ADDL CX, 0(AX)", "RET"}},
		// A load wider than the field it starts at reads the next one too.
		{"amd64", []string{"MOVL $0x1, CX", "MOVQ 0(AX), CX", "RET"}},
		{"amd64", []string{"MOVQ AX, BX", "MOVQ 0(BX), CX", "RET"}},
		{"amd64", []string{"MOVL $0x1, CX", "TESTQ CX, AX", "RET"}},
		{"amd64", []string{"MOVL $0x1, CX", "BTL CX, AX", "RET"}},
		{"amd64", []string{"MOVL $0x1, CX", "BTQ $0x1, AX", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "UDIV R2, R2, R3", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "MADD R2, R2, R2, R3", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "ISB $15", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "DMB $1", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "LDUMAXALW R2, (R0), R3", "RET"}},
		{"arm64", []string{"MOVD $1, R2", "TBZ $1, R0, 2(PC)", "RET"}},
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
// load of the second word may see the zero. Any other MOVUPS is refused:
// only X15 is known to hold zero (the ABI keeps it so).
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
	for _, mov := range []string{"MOVUPS X0, 0(AX)", "MOVUPS 0(AX), X15", "MOVUPS X15, X0"} {
		r, err := deriveHand(t, tg, clear, listing{"main.p0", []string{mov, "RET"}},
			listing{"main.p1", []string{"MOVQ 0x8(AX), AX", "RET"}})
		wantRefused(t, mov, r, err, "MOVUPS other than a zeroing store")
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

// TestAddressesOfObjectsKeptApart: an address inside one object, however
// far from its start, never has the number of another object's address in
// the litmus test, where a load of a pointer is compared; one too far to
// have a number of its own ends the derivation with an error, not with a
// number that another address has too. p0 stores &q+off to o.a, p1
// compares o.a with &r: equal (return 1) is never right.
func TestAddressesOfObjectsKeptApart(t *testing.T) {
	sc := &Scenario{
		Name: "addresses",
		Objects: []Object{{Name: "o", Type: "main.pair", Init: map[string]Value{"a": Ref("q")}},
			{Name: "q", Type: "main.cell"}, {Name: "r", Type: "main.cell"}},
		Threads: []Thread{
			{Entry: "main.p0", Args: []Value{Ref("o"), Ref("q")}},
			{Entry: "main.p1", Args: []Value{Ref("o"), Ref("r")}},
		},
		Forbidden: Returned(1, 1),
	}
	p1 := listing{"main.p1", []string{
		"MOVQ 0(AX), DX", // o.a: &q, or what p0 stored
		"CMPQ DX, BX",    // against &r
		"JE " + at(1, 5),
		"MOVL $0x2, AX",
		"RET",
		"MOVL $0x1, AX", // 5
		"RET",
	}}
	for _, off := range []int{0x8, 0x100, 0x200, 0x7ff8} {
		p0 := listing{"main.p0", []string{fmt.Sprintf("LEAQ %#x(BX), CX", off), "MOVQ CX, 0(AX)", "RET"}}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
		if err != nil || r.Sometimes {
			t.Errorf("&q+%#x: err %v, Sometimes %v; want Never, p1 never finding &r in o.a; the derived test:\n%s", off, err, r.Sometimes, derivedText(r))
		}
	}
	p0 := listing{"main.p0", []string{"LEAQ 0x8000(BX), CX", "MOVQ CX, 0(AX)", "RET"}}
	if _, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1); err == nil || !strings.Contains(err.Error(), "too far from its start") {
		t.Errorf("&q+0x8000: err %v, want one saying the address is too far from its object's start", err)
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
// is ordered and the writer's Mb keeps the wake-up; LDAPR (arm64-lse-dyn,
// arm64-lse and arm64-asmloads) is not, and the writer can sleep for ever. So verify must
// keep LDAPR apart from LDAR. riscv64's acquire load, a load then FENCE
// R,RW, is not ordered after the release either.
func TestRCpcAfterReleaseDecrement(t *testing.T) {
	skipWeakenings(t)
	v := editVariant(t, lineEdit{file: "vma/waitqueue.go", old: "if q.waiting.LoadRelaxed() != 0 {", new: "if q.waiting.LoadAcquire() != 0 {"})
	v.Tags = []string{"weaken_wake_mb"}
	sc := scenarioNamed(t, "lost-wakeup")
	rows, err := RunVariant(context.Background(), Targets[1:], []*Scenario{sc}, v)
	if err != nil {
		t.Fatal(err)
	}
	// Named, not read from each target's LRCPC: a target whose flag was
	// dropped would otherwise expect its own LDAR's Never.
	rcpc := []string{"arm64-lse-dyn", "arm64-lse", "arm64-asmloads", "riscv64"}
	for _, r := range rows {
		want := slices.Contains(rcpc, r.Target.Name)
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

// imm is n as go tool objdump writes an amd64 immediate.
func imm(n int64) string {
	if n < 0 {
		return fmt.Sprintf("$-%#x", -n)
	}
	return fmt.Sprintf("$%#x", n)
}

// returnsOnly requires that p0 returns want and nothing else, beside p1,
// on the cell o with init.
func returnsOnly(t *testing.T, tg, what string, init map[string]Value, want int64, p0, p1 listing) {
	t.Helper()
	sc := &Scenario{
		Name:      "cell",
		Objects:   []Object{{Name: "o", Type: "main.cell", Init: init}},
		Threads:   []Thread{{Entry: p0.symbol, Args: []Value{Ref("o")}}, {Entry: p1.symbol, Args: []Value{Ref("o")}}},
		Forbidden: Returned(0, want),
	}
	r, err := deriveHand(t, targetNamed(t, tg), sc, p0, p1)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !r.Sometimes {
		t.Errorf("%s: return %d not found; the derived test:\n%s", what, want, derivedText(r))
	}
	sc.Forbidden = And(Exited(0, exitReturn), Not(Returned(0, want)))
	if r, err = deriveHand(t, targetNamed(t, tg), sc, p0, p1); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.Sometimes {
		t.Errorf("%s: returns another value than %d; the derived test:\n%s", what, want, derivedText(r))
	}
}

// signOf replaces the final RET of code, which leaves a value in the
// result register, with a signed compare of the whole register with 0:
// the code then returns 2 where the value is negative and 1 where it is
// not. A derived test's condition reads a register's low word only, so
// that a value's upper half is seen through its sign.
func signOf(goarch string, code ...string) []string {
	n := len(code) - 1
	var tail []string
	switch goarch {
	case "amd64":
		tail = []string{"CMPQ AX, $0x0", "JL " + at(0, n+4), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}
	case "arm64":
		tail = []string{"CMP $0, R0", "BLT 3(PC)", "MOVD $1, R0", "RET", "MOVD $2, R0", "RET"}
	case "ppc64le":
		tail = []string{"CMP R3,$0", "BLT " + at(0, n+4), "MOVD $1,R3", "RET", "MOVD $2,R3", "RET"}
	case "riscv64":
		tail = []string{"BLT X10, X0, " + at(0, n+3), "ADDI $1, X0, X10", "RET", "ADDI $2, X0, X10", "RET"}
	}
	return append(code[:n:n], tail...)
}

// cellReturns requires that main.p0, entered with o in its first argument
// register on tg, beside a thread that stores o.x's initial value x back
// to it (so that p0's load of o.x is a litmus load), returns want and
// nothing else. o.y holds -2, and no thread stores to it.
func cellReturns(t *testing.T, tg, what string, x, want int64, code ...string) {
	t.Helper()
	storeBack := map[string][]string{
		"amd64":      {"MOVL " + imm(x) + ", 0(AX)", "RET"},
		"arm64-llsc": {fmt.Sprintf("MOVD $%d, R2", x), "MOVW R2, (R0)", "RET"},
		"ppc64le":    {fmt.Sprintf("MOVD $%d,R4", x), "MOVW R4,0(R3)", "RET"},
		"riscv64":    {fmt.Sprintf("ADDI $%d, X0, X5", x), "MOVW X5, (X10)", "RET"},
	}[tg]
	if storeBack == nil {
		t.Fatalf("cellReturns: no store-back thread for %s", tg)
	}
	returnsOnly(t, tg, what, map[string]Value{"x": Int(x), "y": Int(-2)}, want, listing{"main.p0", code}, listing{"main.p1", storeBack})
}

// onCell derives and decides, on tg, a scenario on the cell o (x at 0,
// y at 4, initialised as init says) whose threads run the listings fns,
// each entered with o in R0.
func onCell(t *testing.T, tg string, init map[string]Value, forbidden Cond, reach []Cond, fns ...listing) (Row, error) {
	t.Helper()
	sc := &Scenario{
		Name:      "cell",
		Objects:   []Object{{Name: "o", Type: "main.cell", Init: init}},
		Forbidden: forbidden,
		Reach:     reach,
	}
	for _, fn := range fns {
		sc.Threads = append(sc.Threads, Thread{Entry: fn.symbol, Args: []Value{Ref("o")}})
	}
	return deriveHand(t, targetNamed(t, tg), sc, fns...)
}

// TestX86Conditions: each conditional jump and SETcc, on a compare of a
// loaded word (written as litmus code) and of a known one (decided when
// the code is extracted), tests its condition: o.x holds 3, 0 or -1,
// compared with 3, signed and unsigned. p0 returns 2 where the jump is
// taken and 1 where it is not, and SETcc's byte.
func TestX86Conditions(t *testing.T) {
	for _, c := range []struct {
		x     int64
		jump  string
		taken bool
	}{
		{3, "JE", true}, {0, "JE", false}, {3, "JNE", false}, {0, "JNE", true},
		{3, "JL", false}, {0, "JL", true}, {-1, "JL", true},
		{3, "JGE", true}, {0, "JGE", false}, {-1, "JGE", false},
		{3, "JG", false}, {-1, "JG", false}, {3, "JLE", true}, {0, "JLE", true},
		{3, "JB", false}, {0, "JB", true}, {-1, "JB", false},
		{3, "JAE", true}, {0, "JAE", false}, {-1, "JAE", true},
		{3, "JA", false}, {-1, "JA", true}, {3, "JBE", true}, {-1, "JBE", false},
		{0, "JS", true}, {3, "JS", false}, {0, "JNS", false}, {3, "JNS", true},
	} {
		want := map[bool]int64{true: 2, false: 1}[c.taken]
		for _, load := range []string{"MOVL 0(AX), CX", "MOVL " + imm(c.x) + ", CX"} {
			what := fmt.Sprintf("o.x = %d, %s, %s", c.x, load, c.jump)
			cellReturns(t, "amd64", what, c.x, want, load, "CMPL CX, $0x3", c.jump+" "+at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
		}
	}
	for _, c := range []struct {
		x    int64
		set  string
		want int64
	}{{3, "SETEQ", 1}, {0, "SETEQ", 0}, {0, "SETLT", 1}, {3, "SETLT", 0}, {3, "SETGT", 0},
		{-1, "SETCS", 0}, {0, "SETCS", 1}, {-1, "SETHI", 1}, {3, "SETHI", 0}} {
		for _, load := range []string{"MOVL 0(AX), CX", "MOVL " + imm(c.x) + ", CX"} {
			what := fmt.Sprintf("o.x = %d, %s, %s", c.x, load, c.set)
			cellReturns(t, "amd64", what, c.x, c.want, load, "XORL AX, AX", "CMPL CX, $0x3", c.set+" AL", "RET")
		}
	}
}

// TestX86Values: moves, extensions and arithmetic compute the machine's
// values, of a loaded word (o.x, which holds x) and of known ones.
// TestX86UnsignedJumpAfterReload: an unsigned jump tests the operands of
// its compare as they were, even where the compared register has been
// loaded again in between: p0 compares o.x with 5, loads o.y into the
// same register and jumps if o.x was above. o.y is 0 whenever p0 loads it
// (p1 stores 0 there), o.x 7 once p1 stored it: the jump is taken then, a
// test of o.y never.
func TestX86UnsignedJumpAfterReload(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "CMPL CX, $0x5", "MOVL 0x4(AX), CX", "JA " + at(0, 6), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x0, 0x4(AX)", "MOVL $0x7, 0(AX)", "RET"}}
	for _, n := range []int64{1, 2} {
		r, err := onCell(t, "amd64", nil, Returned(0, n), nil, p0, p1)
		wantVerdict(t, fmt.Sprintf("p0 returning %d", n), r, err, true)
	}
}

func TestX86Values(t *testing.T) {
	for _, c := range []struct {
		x, want int64
		code    []string
	}{
		{0, 1, signOf("amd64", "MOVL 0x4(AX), AX", "RET")},
		{0, 1, signOf("amd64", "MOVQ $-0x2, CX", "MOVL CX, AX", "RET")},
		{0, 2, signOf("amd64", "MOVLQSX 0x4(AX), AX", "RET")},
		{0, 1, signOf("amd64", "MOVLQZX 0x4(AX), AX", "RET")},
		{0, 2, signOf("amd64", "MOVBQSX 0x4(AX), AX", "RET")},
		{0, 1, signOf("amd64", "MOVBLSX 0x4(AX), AX", "RET")},
		{0, 0xfe, []string{"MOVBQZX 0x4(AX), AX", "RET"}},
		{0, -2, []string{"MOVBQSX 0x4(AX), AX", "RET"}},
		{0, 1, signOf("amd64", "MOVL $0x180, CX", "MOVLQSX CX, AX", "RET")},
		{0, 0x2345, []string{"MOVL $0x12345, CX", "MOVWLZX CX, AX", "RET"}},
		// A byte or word compare or TEST of known values has the flags of
		// its width: 0x80 is a negative byte, 0x8000 a negative word.
		{0, 2, []string{"MOVL $0x80, CX", "CMPB CL, $0x0", "JL " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x18000, CX", "CMPW CX, $0x0", "JL " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x80, CX", "TESTB CL, CL", "JL " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x100, CX", "TESTB $0xff, CL", "JE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// SETcc's 0 or 1, tested or compared as a byte, as Go tests a bool.
		{3, 2, []string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "SETEQ DL", "TESTB DL, DL", "JNE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 1, []string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "SETEQ DL", "TESTB DL, DL", "JNE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 2, []string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "SETEQ DL", "CMPB DL, $0x1", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 1, []string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "SETEQ DL", "CMPB DL, $0x1", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// Zero extension of a loaded value's low byte or word.
		{0x17f, 0x7f, []string{"MOVL 0(AX), CX", "MOVBLZX CL, AX", "RET"}},
		{0x17f, 0x7f, []string{"MOVBLZX 0(AX), AX", "RET"}},
		{0x18001, 0x8001, []string{"MOVL 0(AX), CX", "MOVWLZX CX, AX", "RET"}},
		{5, 5, []string{"MOVL 0(AX), CX", "MOVLQZX CX, AX", "RET"}},
		{0, 2, signOf("amd64", "MOVQ $-0x2, AX", "RET")},
		{0, 7, []string{"MOVQ $0xa, AX", "SUBQ $0x3, AX", "RET"}},
		{0, 1<<31 - 1, []string{"MOVQ $-0x1, AX", "SHRL $0x1, AX", "RET"}},
		{0, 2, []string{"MOVL $0xffffffff, AX", "ADDL $0x1, AX", "CMPQ AX, $0x0", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 7, []string{"MOVL 0(AX), CX", "MOVL $0xa, AX", "SUBL CX, AX", "RET"}},
		{0, 2, []string{"MOVQ $0xa, AX", "SUBQ $0x3, AX", "JLE " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}},
		{0, 1, []string{"MOVQ $0x3, AX", "SUBQ $0xa, AX", "JLE " + at(0, 5), "MOVL $0x2, AX", "RET", "MOVL $0x1, AX", "RET"}},
		{0, 1<<32 - 2, []string{"MOVL $0x2, CX", "LEAQ 0(AX)(CX*2), BX", "MOVL 0(BX), AX", "RET"}},
		{3, 13, []string{"MOVL 0(AX), CX", "LEAQ 0xa(CX), AX", "RET"}},
		{0, 2, []string{"MOVL $0x5, CX", "BTL $0x1, CX", "JAE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 1, []string{"MOVL 0(AX), CX", "TESTL $0x4, CX", "JNE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 1, []string{"MOVL $0x3, CX", "TESTL $0x4, CX", "JNE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 1, []string{"MOVL 0(AX), CX", "MOVL $0x4, DX", "TESTL CX, DX", "JNE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 2, []string{"MOVL 0(AX), CX", "MOVL 0(AX), DX", "ADDL $0x1, DX", "TESTL CX, DX", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 1, []string{"MOVQ $-0x8000000000000000, CX", "CMPQ CX, $0x1", "JGE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{4, 2, []string{"MOVL $0x4, CX", "TESTL CX, 0(AX)", "JNE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{5, 2, []string{"MOVL 0(AX), CX", "BTL $0x1, CX", "JAE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 2, []string{"MOVL 0(AX), CX", "MOVL 0(AX), DX", "ADDL $0x1, DX", "CMPL CX, DX", "JL " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 3, []string{"MOVQ AX, BX", "MOVL $0x5, AX", "MOVL $0x9, CX", "LOCK CMPXCHGL CX, 0(BX)", "RET"}},
		// A compare-and-swap that finds another value fails, and says so
		// in ZF: o.x is 5, never the 0 expected.
		{5, 2, []string{"MOVQ AX, BX", "XORL AX, AX", "MOVL $0x1, CX", "LOCK CMPXCHGL CX, 0(BX)", "JNE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 9, []string{"MOVL $0x9, CX", "XCHGL CX, 0x4(AX)", "MOVL 0x4(AX), AX", "RET"}},
		{0, -2, []string{"MOVL $0x9, CX", "XCHGL CX, 0x4(AX)", "MOVL CX, AX", "RET"}},
		{0, 1, []string{"CMPQ AX, $0x0", "JE " + at(0, 4), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// CMPXCHGL compares the low words: AX's zero upper half does not
		// keep 0xfffffffe from matching o.y's -2.
		{0, 9, []string{"MOVQ AX, BX", "MOVL $0xfffffffe, AX", "MOVL $0x9, CX", "LOCK CMPXCHGL CX, 0x4(BX)", "MOVL 0x4(BX), AX", "RET"}},
		{0, 9, []string{"MOVL $0x9, CX", "XCHGL 0x4(AX), CX", "MOVL 0x4(AX), AX", "RET"}},
		// LEA of a loaded base and a known index: the sum, its
		// displacement, and at LEAL the low word alone.
		{3, 10, []string{"MOVL 0(AX), CX", "MOVL $0x5, DX", "LEAQ 0x2(CX)(DX*1), AX", "RET"}},
		{-1, 1, []string{"MOVL 0(AX), CX", "MOVL $0x1, DX", "LEAQ 0(CX)(DX*1), AX", "CMPQ AX, $0x0", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{-1, 2, []string{"MOVL 0(AX), CX", "MOVL $0x1, DX", "LEAL 0(CX)(DX*1), AX", "CMPQ AX, $0x0", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// LEA of known values: at LEAL the low word alone.
		{0, 1, signOf("amd64", "MOVQ $-0x1, CX", "LEAL 0(CX), AX", "RET")},
		{0, 2, signOf("amd64", "MOVQ $-0x1, CX", "LEAQ 0(CX), AX", "RET")},
		// A LEA of a loaded value without a displacement adds nothing, and
		// leaves the compare's flags for the jump.
		{3, 1, []string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "LEAQ 0(CX), DX", "JNE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// XOR of two registers, and the flags of XOR's zeroing idiom.
		{0, 6, []string{"MOVL $0x5, CX", "MOVL $0x3, DX", "XORL DX, CX", "MOVL CX, AX", "RET"}},
		{0, 2, []string{"MOVL $0x1, CX", "CMPL CX, $0x0", "XORL DX, DX", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// The flags of arithmetic on known values are the machine's: ADD's
		// zero, carry and overflow, NEG's carry, the carry that INC keeps.
		{0, 1, []string{"MOVL $0x2, CX", "ADDL $0x2, CX", "JE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0xffffffff, CX", "ADDL $0x1, CX", "JB " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x7fffffff, CX", "ADDL $0x1, CX", "JGE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x5, CX", "NEGL CX", "JB " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 1, []string{"MOVL $0x0, CX", "NEGL CX", "JB " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// A shift by 0 keeps the flags of before.
		{0, 2, []string{"MOVL $0x1, CX", "CMPL CX, $0x2", "SHLL $0x0, CX", "JB " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0xffffffff, CX", "ADDL $0x1, CX", "MOVL $0x1, DX", "INCL DX", "JB " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x1, CX", "DECL CX", "JE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 1, []string{"MOVL $0x1, CX", "ADDL $0x1, CX", "MOVL $0xffffffff, DX", "INCL DX", "JB " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		// DEC keeps the carry of before too, and INC of an address moves
		// it on by 1.
		{0, 2, []string{"MOVL $0xffffffff, CX", "ADDL $0x1, CX", "MOVL $0x1, DX", "DECL DX", "JB " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, -2, []string{"MOVQ AX, CX", "INCQ CX", "INCQ CX", "INCQ CX", "INCQ CX", "MOVL 0(CX), AX", "RET"}},
		// Shifts of known values on 32 bits: the sign of SARL is bit 31,
		// and the count is taken modulo 32.
		{0, 0xffffffff, []string{"MOVL $0xfffffffe, CX", "SARL $0x1, CX", "MOVL CX, AX", "RET"}},
		{0, 2, []string{"MOVL $0x1, CX", "SHLL $0x21, CX", "MOVL CX, AX", "RET"}},
		{0, 0xf, []string{"MOVQ $-0x1, CX", "SHRQ $0x3c, CX", "MOVQ CX, AX", "RET"}},
		// A shift sets the zero and sign flags from its result.
		{0, 2, []string{"MOVL $0x1, CX", "SHRL $0x1, CX", "JE " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, []string{"MOVL $0x1, CX", "SHLL $0x1f, CX", "JS " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{0, 2, signOf("amd64", "MOVQ $-0x100000000, CX", "SARQ $0x1, CX", "MOVQ CX, AX", "RET")},
		{0, 0xfffffffb, []string{"MOVL $0x5, CX", "NEGL CX", "MOVL CX, AX", "RET"}},
		// Arithmetic on memory: with a loaded register, and setting the
		// flags from the location's new value.
		{3, 1, []string{"MOVL 0(AX), CX", "ADDL CX, 0x4(AX)", "MOVL 0x4(AX), AX", "RET"}},
		{0, 1, []string{"MOVL $0x1, CX", "CMPL CX, $0x1", "ADDL $0x1, 0x4(AX)", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
	} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, %q", c.x, c.code), c.x, c.want, c.code...)
	}
}

// TestX86ClobberedFlagsRefused: a jump that reads flags that litmus code
// emitted since the compare has overwritten (the add of a LEA of a
// loaded value, with or without an index, a LOCK XADD, Mb's locked OR, the
// AND that keeps a zero extension's low byte), that a nil check's TEST
// set, or that arithmetic on an address set (the machine's flags of an
// address are not known), fails the derivation rather than jumping on
// flags the litmus code does not hold.
func TestX86ClobberedFlagsRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	for what, code := range map[string][]string{
		"one path": {"MOVL 0(AX), CX", "CMPL CX, $0x3", "LEAQ 0x1(CX), DX", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		// Two paths meet at the jump, the first with the compare's flags
		// in the litmus code, the second with them overwritten: the
		// second is refused, not joined to the first's code.
		"paths that meet": {"MOVL 0(AX), CX", "CMPL CX, $0x3", "JNE " + at(0, 5), "MOVL CX, DX", "JMP " + at(0, 6),
			"LEAQ 0x1(CX), DX", "JE " + at(0, 9), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"lock xadd":          {"MOVL 0(AX), CX", "CMPL CX, $0x3", "MOVL $0x1, DX", "LOCK XADDL DX, 0x4(AX)", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"nil check":          {"MOVL 0(AX), CX", "CMPL CX, $0x3", "TESTB AX, 0(AX)", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"locked no-op":       {"MOVL 0(AX), CX", "CMPL CX, $0x3", "LOCK ORL $0x0, -0x8(SP)", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"zero extension":     {"MOVL 0(AX), CX", "CMPL CX, $0x3", "MOVBLZX CL, DX", "JE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"indexed lea":        {"MOVL 0(AX), CX", "CMPL CX, $0x3", "MOVL $0x1, DX", "LEAQ 0(CX)(DX*1), BX", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
		"address arithmetic": {"MOVL 0(AX), CX", "CMPL CX, $0x3", "MOVQ AX, DX", "ADDQ $0x8, DX", "JE " + at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"},
	} {
		sc := storeBuffering()
		sc.Forbidden = Returned(0, 1)
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", code}, p1)
		if err == nil {
			t.Errorf("%s: derived, want an error at the jump; the derived test:\n%s", what, derivedText(r))
		} else if !strings.Contains(err.Error(), "JE ") {
			t.Errorf("%s: %v; want an error at the jump", what, err)
		}
	}
}

// TestX86DynamicSignExtensionRefused: a sign-extending load of a value
// that another thread writes is refused, since herd7's X86_64 cannot
// sign-extend and the value may be negative; of a value that no thread
// writes it is folded (TestX86Values).
func TestX86DynamicSignExtensionRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $-0x1, 0(AX)", "RET"}}
	for _, load := range []string{"MOVLQSX 0(AX), AX", "MOVBLSX 0(AX), AX"} {
		r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, listing{"main.p0", []string{load, "RET"}}, p1)
		wantRefused(t, load, r, err, "sign extension of a dynamic value")
	}
}

// TestX86NarrowRefused: byte and word arithmetic and moves to a register,
// and a byte or word compare or TEST of a loaded value, are refused: the
// machine computes on the low bytes and keeps the rest of the register,
// herd7 on the whole.
func TestX86NarrowRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	for _, op := range []string{"CMPB CL, $0x1", "CMPW CX, $0x1", "TESTB CL, CL", "TESTB $0x1, CL", "ADDB $0x1, CL", "ADDW $0x1, CX"} {
		p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", op, "MOVL $0x1, AX", "RET"}}
		r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, p0, p1)
		wantRefused(t, op, r, err, "which is not modelled")
	}
	r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, listing{"main.p0", []string{"MOVL $0x1, CX", "ADDB $0x1, CL", "MOVL CX, AX", "RET"}}, p1)
	wantRefused(t, "ADDB of a known value", r, err, "a 1-byte ADD")
	for _, mov := range []string{"MOVB CL, AL", "MOVW $0x1, AX"} {
		r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, listing{"main.p0", []string{"MOVL 0(AX), CX", mov, "RET"}}, p1)
		wantRefused(t, mov, r, err, "move to a register")
	}
}

// TestX86DynamicLEARefused: a LEA of a loaded value plus an index that it
// scales, or plus a pointer, is refused rather than summed without the
// scale or with the pointer taken for a number.
func TestX86DynamicLEARefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	for _, c := range []struct {
		lea, want string
	}{
		{"LEAQ 0(CX)(DX*2), AX", "scaled by 2"},
		{"LEAQ 0(CX)(BX*1), AX", "LEA of"},
	} {
		p0 := listing{"main.p0", []string{"MOVQ AX, BX", "MOVL 0(AX), CX", "MOVL $0x1, DX", c.lea, "RET"}}
		r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, p0, p1)
		wantRefused(t, c.lea, r, err, c.want)
	}
}

// TestX86UnknownFlagsRefused: a branch on a flag that the extraction
// does not know is refused: the carry of a shift, the carry that INC keeps
// from a compare of loaded values, from the start or from a shift, any
// flag after arithmetic on an address.
func TestX86UnknownFlagsRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	for _, c := range []struct {
		code []string
		want string
	}{
		{[]string{"MOVL $0x3, CX", "SHRL $0x1, CX", "JB " + at(0, 5)}, "leaves unknown"},
		{[]string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "MOVL $0x1, DX", "INCL DX", "JB " + at(0, 7)}, "leaves unknown"},
		{[]string{"MOVL $0x1, DX", "INCL DX", "JB " + at(0, 5)}, "leaves unknown"},
		{[]string{"MOVL $0x3, CX", "SHRL $0x1, CX", "INCL CX", "JB " + at(0, 6)}, "leaves unknown"},
		{[]string{"MOVL $0x3, CX", "SHRL $0x1, CX", "JGE " + at(0, 5)}, "leaves unknown"},
		{[]string{"MOVL $0x3, CX", "SHRL $0x1, CX", "JA " + at(0, 5)}, "leaves unknown"},
		{[]string{"MOVL $0x3, CX", "SHRL $0x1, CX", "JG " + at(0, 5)}, "leaves unknown"},
		{[]string{"MOVQ AX, CX", "ADDQ $0x8, CX", "JE " + at(0, 5)}, "JE "},
	} {
		p0 := listing{"main.p0", append(c.code, "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")}
		r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, p0, p1)
		wantRefused(t, strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestX86ArithmeticRefused: arithmetic that the translation does not
// model fails the derivation: on a stack slot, on memory with an address
// or as NEG or a shift, on an address other than an offset added or
// subtracted or on the return address, NEG or a shift of a loaded value (herd7's X86_64 has
// neither), and a LEA indexed by an address.
func TestX86ArithmeticRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	for _, c := range []struct {
		code []string
		want string
	}{
		{[]string{"MOVL $0x1, -0x8(SP)", "ADDL $0x1, -0x8(SP)"}, "arithmetic on a stack slot"},
		{[]string{"ADDL AX, 0x4(AX)"}, "arithmetic on memory with"},
		{[]string{"NEGL 0x4(AX)"}, "NEG on memory"},
		{[]string{"SHLL $0x1, 0x4(AX)"}, "SHL on memory"},
		{[]string{"MOVQ AX, CX", "ANDQ $-0x8, CX"}, "AND of"},
		{[]string{"MOVQ 0(SP), CX", "ADDQ $0x1, CX"}, "ADD of"},
		{[]string{"MOVL 0(AX), CX", "NEGL CX"}, "NEG of a dynamic value"},
		{[]string{"MOVL 0(AX), CX", "SHRL $0x1, CX"}, "SHR of a dynamic value"},
		{[]string{"MOVL 0(AX), CX", "SHLL $0x1, CX"}, "SHL of a dynamic value"},
		{[]string{"MOVL 0(AX), CX", "SARL $0x1, CX"}, "SAR of a dynamic value"},
		{[]string{"MOVQ $-0x8, CX", "ANDQ AX, CX"}, "AND of"},
		{[]string{"MOVL $0x0, CX", "LEAQ 0(CX)(AX*1), DX"}, "LEA index"},
	} {
		p0 := listing{"main.p0", append(c.code, "MOVL $0x1, AX", "RET")}
		r, err := onCell(t, "amd64", nil, Returned(0, 4), nil, p0, p1)
		wantRefused(t, strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestX86LEAOfDoubleword: a LEA of a loaded doubleword adds on all 64
// bits: -2 plus 1 is -1, not the 32-bit 0xffffffff.
func TestX86LEAOfDoubleword(t *testing.T) {
	sc := &Scenario{
		Name:      "lea",
		Objects:   []Object{{Name: "q", Type: "main.pair", Init: map[string]Value{"a": Int(5)}}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}, {Entry: "main.p1", Args: []Value{Ref("q")}}},
		Forbidden: And(Exited(0, exitReturn), Not(Or(Returned(0, 6), Returned(0, -1)))),
		Reach:     []Cond{Returned(0, 6), Returned(0, -1)},
	}
	p0 := listing{"main.p0", []string{"MOVQ 0(AX), CX", "LEAQ 0x1(CX), AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ $-0x2, DX", "MOVQ DX, 0(AX)", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
	wantNever(t, "LEAQ 0x1(CX) of -2 or 5", r, err)
}

// TestFoldedAcquireNoted:// TestFoldedAcquireNoted: an acquire load of a location that no thread
// writes is folded to its initial value, which drops its ordering, and
// the derived test's notes say so on arm64 and riscv64; they do not where
// another thread writes the location, nor for a plain load-reserved.
func TestFoldedAcquireNoted(t *testing.T) {
	const folded = "acquire loads of locations no thread writes are folded"
	for _, c := range []struct {
		tg, what string
		p0, p1   []string
		noted    bool
	}{
		{"arm64-lse", "LDAR of o.y, unwritten", []string{"ADD $4, R0, R3", "LDARW (R3), R0", "RET"}, []string{"MOVD $5, R2", "MOVW R2, (R0)", "RET"}, true},
		{"arm64-lse", "LDAPR of o.y, unwritten", []string{"ADD $4, R0, R3", "LDAPRW (R3), R0", "RET"}, []string{"MOVD $5, R2", "MOVW R2, (R0)", "RET"}, true},
		{"arm64-lse", "LDAR of o.y, written", []string{"ADD $4, R0, R3", "LDARW (R3), R0", "RET"}, []string{"MOVD $5, R2", "MOVW R2, 4(R0)", "RET"}, false},
		{"riscv64", "LR.W.AQ of o.y, unwritten", []string{"ADDI $4, X10, X5", "LR.W.AQ (X5), X10", "RET"}, []string{"ADDI $5, X0, X6", "MOVW X6, (X10)", "RET"}, true},
		{"riscv64", "LR.W of o.y, unwritten", []string{"ADDI $4, X10, X5", "LR.W (X5), X10", "RET"}, []string{"ADDI $5, X0, X6", "MOVW X6, (X10)", "RET"}, false},
		{"riscv64", "LR.W.AQ of o.y, written", []string{"ADDI $4, X10, X5", "LR.W.AQ (X5), X10", "RET"}, []string{"ADDI $5, X0, X6", "MOVW X6, 4(X10)", "RET"}, false},
	} {
		r, err := onCell(t, c.tg, map[string]Value{"y": Int(6)}, Returned(0, 7), []Cond{Returned(0, 6)}, listing{"main.p0", c.p0}, listing{"main.p1", c.p1})
		wantNever(t, c.what, r, err)
		noted := slices.ContainsFunc(r.Derived.Notes, func(n string) bool { return strings.Contains(n, folded) })
		if noted != c.noted {
			t.Errorf("%s on %s: noted %v, want %v; the notes: %q", c.what, c.tg, noted, c.noted, r.Derived.Notes)
		}
	}
}

// TestNilChecksSkipped: the compiler's nil check, a load whose value
// nothing uses (TESTB AL, (AX) on amd64, or TESTB AL, (BX) where another
// register holds the address, MOVB (R0), R27 or a load into ZR on arm64,
// MOVBZ (R3), R31 on ppc64le, MOVB (X10), X0 on riscv64), is no access of
// the derived test, and its notes say so.
func TestNilChecksSkipped(t *testing.T) {
	for _, c := range []struct {
		tg       string
		p0, p1   []string
		wantNote string
	}{
		{"amd64", []string{"TESTB AL, 0(AX)", "MOVL $0x1, AX", "RET"}, []string{"MOVL $0x3, 0(AX)", "RET"}, "nil checks (TEST r, (r))"},
		{"amd64", []string{"MOVQ AX, BX", "TESTB AL, 0(BX)", "MOVL $0x1, AX", "RET"}, []string{"MOVL $0x3, 0(AX)", "RET"}, "nil checks (TEST r, (r))"},
		{"arm64-llsc", []string{"MOVB (R0), R27", "MOVD $1, R0", "RET"}, []string{"MOVD $3, R2", "MOVW R2, (R0)", "RET"}, "nil checks (MOVB (Rn), R27)"},
		{"arm64-llsc", []string{"MOVB (R0), ZR", "MOVD $1, R0", "RET"}, []string{"MOVD $3, R2", "MOVW R2, (R0)", "RET"}, "nil checks (MOVB (Rn), R27)"},
		{"ppc64le", []string{"MOVBZ 0(R3),R31", "MOVD $1,R3", "RET"}, []string{"MOVD $3,R4", "MOVW R4,0(R3)", "RET"}, "nil checks (MOVBZ (Rn), R31)"},
		{"riscv64", []string{"MOVB (X10), X0", "ADDI $1, X0, X10", "RET"}, []string{"ADDI $3, X0, X5", "MOVW X5, (X10)", "RET"}, "nil checks (MOVB (Xn), X0)"},
	} {
		r, err := onCell(t, c.tg, nil, Returned(0, 2), []Cond{Returned(0, 1)}, listing{"main.p0", c.p0}, listing{"main.p1", c.p1})
		wantNever(t, c.tg+" nil check", r, err)
		if err != nil {
			continue
		}
		lt, err := litmus.Parse(r.Derived.Name+".litmus", []byte(r.Derived.Text))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range lt.Threads[0].Instructions {
			if strings.Contains(in, "(o_") || strings.Contains(in, "[X") || strings.Contains(in, "0(") {
				t.Errorf("%s: P0 accesses memory at %q; the derived test:\n%s", c.tg, in, r.Derived.Text)
			}
		}
		if !slices.ContainsFunc(r.Derived.Notes, func(n string) bool { return strings.Contains(n, c.wantNote) }) {
			t.Errorf("%s: notes %q lack %q", c.tg, r.Derived.Notes, c.wantNote)
		}
	}
}

// TestJoinedPathsShareCode: two paths that reach an instruction in the
// same state, their registers and stack slots set in other orders, share
// the litmus code from there on, and the derived test is the same text
// each time it is derived: a state's key does not depend on the order in
// which its maps are walked.
func TestJoinedPathsShareCode(t *testing.T) {
	p0 := listing{"main.p0", []string{
		"MOVL 0(AX), CX", // 0: the dynamic value steers the two paths
		"CMPL CX, $0x0",
		"JNE " + at(0, 9),
		"MOVL $0x1, DX", // 3
		"MOVL $0x2, BX",
		"MOVL $0x3, SI",
		"MOVQ $0x7, -0x8(SP)",
		"MOVQ $0x8, -0x10(SP)",
		"JMP " + at(0, 14),
		"MOVQ $0x8, -0x10(SP)", // 9
		"MOVQ $0x7, -0x8(SP)",
		"MOVL $0x3, SI",
		"MOVL $0x2, BX",
		"MOVL $0x1, DX",
		"MOVL $0x5, 0x4(AX)", // 14: the paths meet
		"RET",
	}}
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	sc := &Scenario{Name: "join", Objects: []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Final("o_y", 5)}
	var first string
	for i := range 10 {
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, p0, p1)
		if err != nil {
			t.Fatal(err)
		}
		text := derivedText(r)
		if n := strings.Count(text, "$5"); n != 1 {
			t.Fatalf("the store after the join is written %d times, want once; the derived test:\n%s", n, text)
		}
		if i == 0 {
			first = text
		} else if text != first {
			t.Fatalf("derived again, the test differs:\n%s\nthen:\n%s", first, text)
		}
	}
}

// TestOperandCounts: an instruction that the translation models, written
// with more or fewer operands than it takes, is refused at its line with
// an error that says how many it takes, not read in part nor out of range
// (a panic); one with a number it takes is not refused for its number.
// The operands are all a register that holds a loaded word, so that what
// is read in part would derive.
func TestOperandCounts(t *testing.T) {
	type count struct {
		m      string
		lo, hi int
	}
	for _, c := range []struct {
		tg, load, reg string
		counts        []count
	}{
		{"amd64", "MOVL (AX), BX", "BX", []count{
			{"NOPL", 0, 1}, {"RET", 0, 0}, {"UD2", 0, 0}, {"MFENCE", 0, 0}, {"LFENCE", 0, 0}, {"SFENCE", 0, 0},
			{"JNE", 1, 1}, {"SETEQ", 1, 1}, {"JMP", 1, 1}, {"CALL", 1, 1}, {"INT", 1, 1}, {"PUSHQ", 1, 1}, {"POPQ", 1, 1},
			{"INCL", 1, 1}, {"DECQ", 1, 1}, {"NEGL", 1, 1},
			{"XORPS", 2, 2}, {"MOVUPS", 2, 2}, {"LEAQ", 2, 2}, {"LEAL", 2, 2}, {"MOVL", 2, 2}, {"MOVBLZX", 2, 2},
			{"LOCK CMPXCHGL", 2, 2}, {"LOCK XADDL", 2, 2}, {"XCHGL", 2, 2}, {"CMPL", 2, 2}, {"TESTL", 2, 2}, {"BTL", 2, 2},
			{"ADDL", 2, 2}, {"SUBQ", 2, 2}, {"ANDL", 2, 2}, {"ORL", 2, 2}, {"XORL", 2, 2}, {"SHLL", 2, 2}, {"SHRQ", 2, 2}, {"SARL", 2, 2},
		}},
		{"arm64-llsc", "MOVW (R0), R2", "R2", []count{
			{"NOOP", 0, 0}, {"NOP", 0, 0}, {"RET", 0, 0},
			{"BEQ", 1, 1}, {"BLS", 1, 1}, {"PCALIGN", 1, 1}, {"JMP", 1, 1}, {"CALL", 1, 1}, {"DMB", 1, 1}, {"DSB", 1, 1},
			{"CBZ", 2, 2}, {"CBNZW", 2, 2}, {"ADRP", 2, 2}, {"STP", 2, 2}, {"LDPW", 2, 2}, {"CMP", 2, 2}, {"CMNW", 2, 2},
			{"TST", 2, 2}, {"CSET", 2, 2}, {"LDAR", 2, 2}, {"LDAXRW", 2, 2}, {"LDAPRD", 2, 2}, {"LDXR", 2, 2}, {"STLRW", 2, 2},
			{"CBNZ", 2, 2}, {"CBZW", 2, 2}, {"STPW", 2, 2}, {"LDP", 2, 2}, {"CMPW", 2, 2}, {"CMN", 2, 2}, {"TSTW", 2, 2},
			{"CSETW", 2, 2}, {"LDARW", 2, 2}, {"LDXRW", 2, 2}, {"LDAXR", 2, 2}, {"LDAPRW", 2, 2}, {"STLR", 2, 2},
			{"MOVK", 2, 2}, {"SXTW", 2, 2}, {"UXTW", 2, 2}, {"NEG", 2, 2}, {"MVNW", 2, 2}, {"MOVD", 2, 2}, {"MOVBU.P", 2, 2},
			{"TBZ", 3, 3}, {"TBNZ", 3, 3}, {"STXR", 3, 3}, {"STXRW", 3, 3}, {"STLXR", 3, 3}, {"STLXRW", 3, 3},
			{"LSL", 3, 3}, {"LSRW", 3, 3}, {"ASR", 3, 3},
			{"CASAL", 3, 3}, {"LDADDALW", 3, 3}, {"SWPAL", 3, 3}, {"LDCLRA", 3, 3}, {"LDORL", 3, 3}, {"LDEOR", 3, 3},
			{"CSEL", 4, 4}, {"CSELW", 4, 4}, {"CSINC", 4, 4}, {"CSINCW", 4, 4}, {"UBFX", 4, 4},
			{"ADD", 2, 3}, {"SUBW", 2, 3}, {"AND", 2, 3}, {"ORR", 2, 3}, {"EORW", 2, 3},
		}},
		{"ppc64le", "MOVW 0(R3),R4", "R4", []count{
			{"LWSYNC", 0, 0}, {"HWSYNC", 0, 0}, {"SYNC", 0, 0}, {"ISYNC", 0, 0}, {"EIEIO", 0, 0}, {"NOP", 0, 0}, {"RET", 0, 0},
			{"BEQ", 1, 2}, {"BGT", 1, 2}, {"PCALIGN", 1, 1}, {"BR", 1, 1}, {"CALL", 1, 1}, {"BL", 1, 1},
			{"STXVD2X", 2, 2}, {"LWAR", 2, 2}, {"LDAR", 2, 2}, {"STWCCC", 2, 2}, {"STDCCC", 2, 2}, {"NEG", 2, 2}, {"MOVDU", 2, 2},
			{"MOVW", 2, 2}, {"MOVBZ", 2, 2}, {"MOVD", 2, 2},
			{"CMP", 2, 3}, {"CMPW", 2, 3}, {"CMPU", 2, 3}, {"CMPWU", 2, 3},
			{"ADD", 2, 3}, {"SUB", 2, 3}, {"AND", 2, 3}, {"OR", 2, 3}, {"XOR", 2, 3}, {"ANDCC", 2, 3}, {"MULLD", 2, 3},
			{"BCLRL", 3, 3}, {"XXLXOR", 3, 3}, {"BC", 3, 3}, {"ADDIS", 3, 3}, {"ORIS", 3, 3},
			{"ISEL", 4, 4}, {"RLDICL", 4, 4}, {"RLDICR", 4, 4}, {"RLDIC", 4, 4}, {"RLWINM", 5, 5},
		}},
		{"riscv64", "MOVW (X10), X5", "X5", []count{
			{"NOP", 0, 0}, {"RET", 0, 0}, {"JMP", 1, 1}, {"CALL", 1, 1}, {"JAL", 2, 2}, {"AUIPC", 2, 2}, {"LUI", 2, 2},
			{"SEQZ", 2, 2}, {"SNEZ", 2, 2}, {"SLT", 3, 3}, {"SLTU", 3, 3},
			{"LR.W", 2, 2}, {"SC.W", 3, 3}, {"AMOADD.W", 3, 3},
			{"BEQ", 3, 3}, {"BLTU", 3, 3}, {"BEQZ", 2, 2}, {"BLEZ", 2, 2}, {"BGEZ", 2, 2},
			{"ADD", 2, 3}, {"ADDI", 2, 3}, {"SRLI", 2, 3}, {"NEG", 2, 2}, {"NEGW", 2, 2},
			{"MOV", 2, 2}, {"MOVW", 2, 2}, {"MOVBU", 2, 2},
		}},
	} {
		for _, k := range c.counts {
			m := strings.TrimPrefix(k.m, "LOCK ")
			for n := range max(k.hi+2, 5) {
				in := strings.TrimSpace(k.m + " " + strings.Join(slices.Repeat([]string{c.reg}, n), ", "))
				code := []string{c.load, in, "RET"}
				_, err := onCell(t, c.tg, nil, Returned(0, 0), nil, listing{"main.p0", code})
				refused := err != nil && strings.Contains(err.Error(), m+" takes ")
				switch {
				case n >= k.lo && n <= k.hi && refused:
					t.Errorf("%s: %q: %v; want %d to %d operands taken", c.tg, code, err, k.lo, k.hi)
				case (n < k.lo || n > k.hi) && (!refused || !strings.Contains(err.Error(), strconv.Quote(in)) ||
					!strings.HasSuffix(err.Error(), fmt.Sprintf(", not %d", n))):
					t.Errorf("%s: %q: %v; want it refused at %q for its %d operands", c.tg, code, err, in, n)
				}
			}
		}
	}
	// A mnemonic that the translation does not model is refused as such,
	// not for its number of operands.
	for _, c := range []struct{ tg, load, in string }{
		{"amd64", "MOVL (AX), BX", "ADCL BX, BX"},
		{"amd64", "MOVL (AX), BX", "MOVSQ"},
		{"amd64", "MOVL (AX), BX", "IMUL3Q $3, BX, BX"},
		{"arm64-llsc", "MOVW (R0), R2", "MADD R2, R2, R2, R2"},
		{"arm64-llsc", "MOVW (R0), R2", "UDIV R2, R2, R2"},
		{"ppc64le", "MOVW 0(R3),R4", "DIVD R4,R4,R4"},
		{"ppc64le", "MOVW 0(R3),R4", "MOVWZU R4,R4,R4"},
		{"riscv64", "MOVW (X10), X5", "DIV X5, X5, X6"},
		{"riscv64", "MOVW (X10), X5", "REM X5, X5, X5, X5"},
	} {
		code := []string{c.load, c.in, "RET"}
		_, err := onCell(t, c.tg, nil, Returned(0, 0), nil, listing{"main.p0", code})
		if err == nil || !strings.Contains(err.Error(), strconv.Quote(c.in)+": instruction not modelled") {
			t.Errorf("%s: %q: %v; want it refused as not modelled", c.tg, code, err)
		}
	}
	// The error's wording, for one number, a range and one operand.
	for _, c := range []struct{ tg, in, want string }{
		{"amd64", "MOVL BX, BX, BX", "MOVL takes 2 operands, not 3"},
		{"amd64", "NOPL BX, BX", "NOPL takes 0 or 1 operand, not 2"},
		{"arm64-llsc", "ADD R2", "ADD takes 2 or 3 operands, not 1"},
		{"ppc64le", "BR", "BR takes 1 operand, not 0"},
	} {
		_, err := onCell(t, c.tg, nil, Returned(0, 0), nil, listing{"main.p0", []string{c.in, "RET"}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %q: %v; want %q", c.tg, c.in, err, c.want)
		}
	}
}

// TestX86BooleanByteCompares: SETcc's 0 or 1, compared as a byte with 0,
// reads the same on the byte as on the whole register, so the compare is
// derived and the branch follows the loaded value. Compared as a byte with
// 0x80, a negative byte that is 128 on the whole register, it does not,
// and the compare is refused rather than emitted on the whole register.
func TestX86BooleanByteCompares(t *testing.T) {
	for _, c := range []struct{ x, want int64 }{{3, 1}, {0, 2}} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, SETEQ DL, CMPB DL, $0x0", c.x), c.x, c.want,
			"MOVL 0(AX), CX", "CMPL CX, $0x3", "SETEQ DL", "CMPB DL, $0x0", "JE "+at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
	}
	p1 := listing{"main.p1", []string{"MOVL $0x3, 0(AX)", "RET"}}
	p0 := listing{"main.p0", []string{"MOVL 0(AX), CX", "CMPL CX, $0x3", "SETEQ DL", "MOVL $0x80, CX", "CMPB CL, DL",
		"JL " + at(0, 8), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}}
	r, err := onCell(t, "amd64", nil, Returned(0, 2), nil, p0, p1)
	wantRefused(t, "CMPB of 0x80 with SETEQ's 0 or 1", r, err, "a 1-byte compare, which is not modelled")
}

// TestX86WordCompareOfStackAddresses: a compare of two addresses into the
// goroutine's stack, one below the stack pointer and one above, orders
// them by their offsets at any width: the one below is less.
func TestX86WordCompareOfStackAddresses(t *testing.T) {
	for _, cmp := range []string{"CMPQ CX, DX", "CMPL CX, DX"} {
		cellReturns(t, "amd64", "LEAQ -0x8(SP), CX; LEAQ 0x8(SP), DX; "+cmp+"; JL", 0, 2,
			"LEAQ -0x8(SP), CX", "LEAQ 0x8(SP), DX", cmp, "JL "+at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
	}
}

// TestX86RegisterNames: R8 to R15 are registers of their own, read and
// written as any other; the high bytes AH to DH, which no litmus
// register names, and registers outside the general ones are refused
// rather than read as another register.
func TestX86RegisterNames(t *testing.T) {
	for _, r := range []string{"R8", "R11", "R15"} {
		cellReturns(t, "amd64", "through "+r, 3, 3, "MOVL 0(AX), "+r, "MOVL "+r+", AX", "RET")
	}
	p1 := listing{"main.p1", []string{"MOVL $0x17f, 0(AX)", "RET"}}
	for _, code := range [][]string{
		{"MOVL 0(AX), CX", "MOVBLZX CH, AX", "RET"},
		{"MOVL 0(AX), AX", "MOVBLZX AH, AX", "RET"},
		{"MOVL 0(AX), CX", "MOVL CX, R16", "MOVL $0x1, AX", "RET"},
		{"MOVL 0(AX), CX", "MOVQ CR0, CX", "MOVL CX, AX", "RET"},
		{"MOVL 0(AX), CX", "MOVB $0x1, AH", "MOVL CX, AX", "RET"},
		{"MOVL 0(AX), CX", "MOVL CX, AX)", "RET"},
	} {
		r, err := onCell(t, "amd64", map[string]Value{"x": Int(0x17f)}, Returned(0, 0x7f), nil, listing{"main.p0", code}, p1)
		if err == nil {
			t.Errorf("%q: derived, want it refused; the derived test:\n%s", code, derivedText(r))
		}
	}
}

// TestX86SubtractImmediate: SUB of an immediate from a loaded value is
// written as the addition of its negation, at the instruction's width:
// 3 - 5 is 0xfffffffe on 32 bits and -2 on 64. AND of an immediate keeps
// the bits both hold.
func TestX86SubtractImmediate(t *testing.T) {
	cellReturns(t, "amd64", "SUBL", 3, 0xfffffffe, "MOVL 0(AX), CX", "SUBL $0x5, CX", "MOVL CX, AX", "RET")
	cellReturns(t, "amd64", "SUBQ", 3, -2, "MOVL 0(AX), CX", "SUBQ $0x5, CX", "MOVQ CX, AX", "RET")
	cellReturns(t, "amd64", "SUBL of -1", 3, 4, "MOVL 0(AX), CX", "SUBL $0xffffffff, CX", "MOVL CX, AX", "RET")
	cellReturns(t, "amd64", "ANDL", 6, 4, "MOVL 0(AX), CX", "ANDL $0xc, CX", "MOVL CX, AX", "RET")
	cellReturns(t, "amd64", "ANDQ", 6, 4, "MOVL 0(AX), CX", "ANDQ $0xc, CX", "MOVQ CX, AX", "RET")
}

// TestXaddOldValueReadOnOnePath: a LOCK XADD whose old value is read on
// one side of a later branch alone, the jump's target or the fall
// through, keeps it: two threads that each add 1 to o.x never both see
// 1. Written as herd7's LOCK ADD, both would return the 1 the register
// held before. A LOCK XADD whose old value no path reads is herd7's LOCK
// ADD, and the test is herd7 input.
func TestXaddOldValueReadOnOnePath(t *testing.T) {
	for what, code := range map[string][]string{
		"read at the jump's target": {"MOVQ AX, BX", "MOVL $0x1, CX", "LOCK XADDL CX, 0(BX)", "MOVL 0x4(BX), DX", "CMPL DX, $0x0",
			"JE " + at(0, 8), "MOVL $0x3, AX", "RET", "MOVL CX, AX", "RET"},
		"read on the fall through": {"MOVQ AX, BX", "MOVL $0x1, CX", "LOCK XADDL CX, 0(BX)", "MOVL 0x4(BX), DX", "CMPL DX, $0x0",
			"JNE " + at(0, 8), "MOVL CX, AX", "RET", "MOVL $0x3, AX", "RET"},
		"read after a jump": {"MOVQ AX, BX", "MOVL $0x1, CX", "LOCK XADDL CX, 0(BX)", "MOVL 0x4(BX), DX", "CMPL DX, $0x0",
			"JNE " + at(0, 8), "JMP " + at(0, 10), "MOVL $0x3, AX", "RET", "MOVL CX, AX", "RET"},
	} {
		sc := &Scenario{
			Name:      "fetch-add",
			Objects:   []Object{{Name: "o", Type: "main.cell"}},
			Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
			Forbidden: And(Returned(0, 1), Returned(1, 1)),
		}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", code}, listing{"main.p1", []string{"MOVL $0x0, 0x4(AX)", "RET"}})
		if err != nil || r.Sometimes {
			t.Errorf("%s: err %v, Sometimes %v; want a Never; the derived test:\n%s", what, err, r.Sometimes, derivedText(r))
		}
	}
	// A CMPXCHG reads the old value in AX as the value it expects: the
	// thread that sees 0 in o.x finds the 0 in o.y and stores 1 there,
	// so a thread can return o.y's 1. Had AX kept the 1 it held before
	// the add, no CMPXCHG would store.
	cas := &Scenario{
		Name:      "fetch-add-cas",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: Returned(0, 1),
	}
	r, err := deriveHand(t, targetNamed(t, "amd64"), cas, listing{"main.p0", []string{"MOVQ AX, BX", "MOVL $0x1, AX", "LOCK XADDL AX, 0(BX)",
		"MOVL $0x1, CX", "LOCK CMPXCHGL CX, 0x4(BX)", "MOVL 0x4(BX), AX", "RET"}})
	if err != nil || !r.Sometimes {
		t.Errorf("CMPXCHG after LOCK XADD: err %v, Sometimes %v; want Sometimes; the derived test:\n%s", err, r.Sometimes, derivedText(r))
	}
	sc := &Scenario{
		Name:      "add",
		Objects:   []Object{{Name: "o", Type: "main.cell"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}},
		Forbidden: And(Returned(0, 1), Returned(1, 1)),
	}
	for what, code := range map[string][]string{
		"straight": {"MOVQ AX, BX", "MOVL $0x1, CX", "LOCK XADDL CX, 0(BX)", "MOVL 0(BX), AX", "RET"},
		// The register is read on the other side of a branch alone,
		// where it holds the loaded value of before the add.
		"other path reads": {"MOVQ AX, BX", "MOVL 0x4(BX), CX", "ADDL $0x1, CX", "CMPL CX, $0x1", "JNE " + at(0, 8),
			"LOCK XADDL CX, 0(BX)", "MOVL 0(BX), AX", "RET", "MOVL CX, AX", "RET"},
	} {
		sc.Threads = []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}}
		r, err := deriveHand(t, targetNamed(t, "amd64"), sc, listing{"main.p0", code}, listing{"main.p1", []string{"MOVL $0x0, 0x4(AX)", "RET"}})
		if err != nil {
			t.Fatalf("%s: unread old value: %v", what, err)
		}
		if r.Sometimes || len(r.Derived.NotHerd7) > 0 || !strings.Contains(r.Derived.Text, "lock addl") {
			t.Errorf("%s: unread old value: Sometimes %v, not herd7 %q; want a Never written with LOCK ADD; the derived test:\n%s", what, r.Sometimes, r.Derived.NotHerd7, r.Derived.Text)
		}
	}
}

// TestNumberedRegisters: on Power and RISC-V, registers 1 to 31 keep
// their number as litmus registers, register 0 is none, and the pool
// lists all 31 from the highest.
func TestNumberedRegisters(t *testing.T) {
	for key, want := range map[string]string{"R1": "r1", "R31": "r31", "R0": "", "R32": "", "X5": ""} {
		got, ok := numberedReg(key, "R", "r")
		if got != want || ok != (want != "") {
			t.Errorf("numberedReg(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
	pool := numberedPool("x")
	if len(pool) != 31 || pool[0] != "x31" || pool[30] != "x1" {
		t.Errorf("numberedPool = %q, want x31 down to x1", pool)
	}
}

// TestX86UnknownOperandsRefused: an operand whose value the extraction
// cannot know fails the derivation rather than being read as some other
// value: an index register that holds a loaded value (read as 0, the
// access would land on the base's field, and another thread's store to
// the field it does reach would go unseen), an SSE register other than
// X15 (which the ABI alone keeps zero), a SETcc to memory (whose store
// would be lost) or of flags that nothing set, a bit test whose bit a
// register holds (read as bit 0), a byte compare of SETcc's 0 or 1 with
// a negative byte (on the whole register it would order them the other
// way round), a signed jump on the flags of arithmetic on memory (which
// the litmus code sets from the result alone, not its overflow), a CALL
// to an address inside a function (which would be followed as a jump,
// with no return address for its RET), and a path that reaches UD2 or
// INT, where the machine traps rather than going on or returning.
func TestX86UnknownOperandsRefused(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0(AX)", "RET"}}
	for _, c := range []struct {
		code []string
		want string
	}{
		{[]string{"MOVL 0(AX), CX", "MOVL 0(AX)(CX*4), AX", "RET"}, "index CX is not known"},
		{[]string{"MOVL 0(AX), CX", "MOVL $0x2, 0(AX)(CX*4)", "MOVL $0x1, AX", "RET"}, "index CX is not known"},
		{[]string{"MOVQ X0, AX", "RET"}, "SSE register X0"},
		{[]string{"MOVL $0x1, CX", "CMPL CX, $0x1", "SETEQ 0x4(AX)", "MOVL 0x4(AX), AX", "RET"}, "SETcc to memory"},
		{[]string{"SETEQ CL", "MOVL CX, AX", "RET"}, "flags that nothing set"},
		{[]string{"MOVL 0(AX), CX", "MOVL $0x1, DX", "BTL DX, CX", "JAE " + at(0, 6), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}, "BT form"},
		{[]string{"MOVL 0(AX), CX", "CMPL CX, $0x1", "SETEQ DL", "CMPB DL, $-0x80", "JL " + at(0, 8), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}, "a 1-byte compare"},
		{[]string{"ADDL $0x1, 0x4(AX)", "JL " + at(0, 4), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}, "flags set by an ALU result"},
		{[]string{"MOVL $0x1, CX", "CALL " + at(0, 3), "RET", "MOVL CX, AX", "RET"}, "call target"},
		{[]string{"MOVL $0x1, CX", "UD2", "MOVL CX, AX", "RET"}, "reached UD2"},
		{[]string{"MOVL $0x1, CX", "INT $0x3", "MOVL CX, AX", "RET"}, "reached INT"},
	} {
		r, err := onCell(t, "amd64", map[string]Value{"y": Int(5)}, Returned(0, 5), nil, listing{"main.p0", c.code}, p1)
		wantRefused(t, strings.Join(c.code, "; "), r, err, c.want)
	}
}

// TestX86LoadedOperandValues: values computed from a loaded word are the
// machine's. A 32-bit move clears the upper half (3 - 5 on 64 bits is -2,
// its low word 0xfffffffe a positive doubleword) and a 64-bit one keeps
// it; TESTL tests the low word alone (0xffffffff is negative there); a
// LEA adds a loaded index to a known base as it does a loaded base to a
// known index; DEC and INC on memory subtract and add 1. Each wrong would
// send the code down a branch the machine does not take, or leave a
// value in memory that it does not.
func TestX86LoadedOperandValues(t *testing.T) {
	for _, c := range []struct {
		x, want int64
		code    []string
	}{
		{3, 1, signOf("amd64", "MOVL 0(AX), CX", "SUBQ $0x5, CX", "MOVL CX, AX", "RET")},
		{3, 2, signOf("amd64", "MOVL 0(AX), CX", "SUBQ $0x5, CX", "MOVQ CX, AX", "RET")},
		{-1, 2, []string{"MOVL 0(AX), CX", "TESTL CX, CX", "JS " + at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET"}},
		{3, 10, []string{"MOVL 0(AX), CX", "MOVL $0x5, DX", "LEAQ 0x2(DX)(CX*1), AX", "RET"}},
		{0, -3, []string{"DECL 0x4(AX)", "MOVL 0x4(AX), AX", "RET"}},
		{0, -1, []string{"INCL 0x4(AX)", "MOVL 0x4(AX), AX", "RET"}},
		{3, 2, []string{"MOVL 0(AX), CX", "DECL CX", "MOVL CX, AX", "RET"}},
	} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, %q", c.x, c.code), c.x, c.want, c.code...)
	}
}

// TestX86ExtensionWidthFromEncoding: go tool objdump writes the zero
// extension of a byte and of a word alike, MOVZX, and the sign extensions
// alike, MOVSX; the opcode (0f b6 and 0f be for a byte, 0f b7 and 0f bf
// for a word) tells them apart. A word's extension read as a byte's would
// drop the high byte of a 16-bit field, and code that branches on it
// would be checked on values it never sees.
func TestX86ExtensionWidthFromEncoding(t *testing.T) {
	for _, c := range []struct {
		x    int64
		code []string
		hex  string
		want int64
	}{
		{0x18081, []string{"MOVL 0(AX), CX", "MOVZX CX, AX", "RET"}, "0fb7c1", 0x8081},
		{0x18081, []string{"MOVL 0(AX), CX", "MOVZX CX, AX", "RET"}, "0fb6c1", 0x81},
		{0, []string{"MOVL $0x18081, CX", "MOVZX CX, AX", "RET"}, "0fb7c1", 0x8081},
		{0, []string{"MOVL $0x18081, CX", "MOVSX CX, AX", "RET"}, "0fbfc1", -0x7f7f},
		{0, []string{"MOVL $0x18081, CX", "MOVSX CX, AX", "RET"}, "0fbec1", -0x7f},
		{0x18081, []string{"MOVL 0(AX), CX", "MOVZX CX, AX", "RET"}, "480fb7c1", 0x8081},
		{0x18081, []string{"MOVL 0(AX), CX", "MOVZX CX, AX", "RET"}, "660fb7c1", 0x8081},
	} {
		what := fmt.Sprintf("o.x = %#x, %q encoded %s", c.x, c.code, c.hex)
		p0 := listing{"main.p0", c.code}
		p1 := listing{"main.p1", []string{"MOVL " + imm(c.x) + ", 0(AX)", "RET"}}
		for _, forbidden := range []Cond{Returned(0, c.want), And(Exited(0, exitReturn), Not(Returned(0, c.want)))} {
			img := handImage("amd64", p0, p1)
			img.funcs["main.p0"].Insts[1].Hex = c.hex
			sc := &Scenario{
				Name:      "extend",
				Objects:   []Object{{Name: "o", Type: "main.cell", Init: map[string]Value{"x": Int(c.x)}}},
				Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
				Forbidden: forbidden,
			}
			r, err := decideImage(t, img, targetNamed(t, "amd64"), sc)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if found := forbidden.String() == Returned(0, c.want).String(); r.Sometimes != found {
				t.Errorf("%s: forbidding %v is Sometimes %v, want %v: p0 returns %d and nothing else; the derived test:\n%s", what, forbidden, r.Sometimes, found, c.want, derivedText(r))
			}
		}
	}
}

// TestX86ExtensionOpcodeOnly: the width of an extension is read from its
// opcode, not from the bytes that follow it. MOVZX 0x70fb(AX), AX, a
// byte's extension (0f b6), is encoded 0f b6 80 fb 70 00 00, whose hex
// spells 0fb7 across its ModRM byte and displacement: it loads the byte
// field o.b at 0x70fb, and p0 returns the 0x81 that p1 stores there. Read
// as a word's extension, the load would be refused as wider than its
// field.
func TestX86ExtensionOpcodeOnly(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVZX 0x70fb(AX), AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVL $0x81, CX", "MOVB CL, 0x70fb(AX)", "RET"}}
	img := handImage("amd64", p0, p1)
	img.funcs["main.p0"].Insts[0].Hex = "0fb680fb700000"
	img.layout["main.far"] = []field{{path: "b", off: 0x70fb, size: 1}}
	sc := &Scenario{Name: "extend", Objects: []Object{{Name: "o", Type: "main.far"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("o")}}, {Entry: "main.p1", Args: []Value{Ref("o")}}},
		Forbidden: Not(Or(Returned(0, 0), Returned(0, 0x81))), Reach: []Cond{Returned(0, 0x81)}}
	r, err := decideImage(t, img, targetNamed(t, "amd64"), sc)
	wantNever(t, "MOVZX 0x70fb(AX), AX encoded 0fb680fb700000", r, err)
}

// TestX86SignExtensionOfKnownValues: MOVSXD and MOVLQSX sign-extend a
// known doubleword from its bit 31 onto the whole register, and MOVLQZX
// keeps all 32 bits of a loaded one. A doubleword's extension taken as a
// byte's or a word's would read 0x180 or 0x18000 as negative (or drop
// 0x12345's high bits), and one written to a 32-bit destination would
// read 0xfffffffe as positive: values the machine never computes.
func TestX86SignExtensionOfKnownValues(t *testing.T) {
	for _, c := range []struct {
		x, want int64
		code    []string
	}{
		{0, 0x180, []string{"MOVL $0x180, CX", "MOVSXD CX, AX", "RET"}},
		{0, 1, signOf("amd64", "MOVL $0x18000, CX", "MOVSXD CX, AX", "RET")},
		{0, 1, signOf("amd64", "MOVL $0x18000, CX", "MOVLQSX CX, AX", "RET")},
		{0, 2, signOf("amd64", "MOVL $0xfffffffe, CX", "MOVSXD CX, AX", "RET")},
		{0x12345, 0x12345, []string{"MOVL 0(AX), CX", "MOVLQZX CX, AX", "RET"}},
	} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, %q", c.x, c.code), c.x, c.want, c.code...)
	}
}

// TestX86LockedStackNoOpOnly: a locked OR or ADD is read as Mb's full
// barrier only where it adds nothing (an immediate 0) to the goroutine's
// stack. Of 1, of a register, or on a shared location, it is an atomic
// read-modify-write whose value the barrier reading would drop, and it
// is refused rather than passed as a fence.
func TestX86LockedStackNoOpOnly(t *testing.T) {
	p1 := listing{"main.p1", []string{"MOVL $0x1, 0x4(AX)", "RET"}}
	for _, lock := range []string{"LOCK ORL $0x1, -0x8(SP)", "LOCK ORL CX, -0x8(SP)", "LOCK ORL $0x0, 0(AX)", "LOCK ADDL $0x0, 0(AX)"} {
		code := []string{"MOVL $0x0, CX", lock, "MOVL 0x4(AX), AX", "RET"}
		r, err := onCell(t, "amd64", nil, Returned(0, 5), nil, listing{"main.p0", code}, p1)
		wantRefused(t, lock, r, err, `": LOCK `+strings.Fields(lock)[1])
	}
}

// TestX86KnownExtensionKeepsFlags: the zero extension of a known value
// emits nothing, so the flags of a compare of a loaded value before it
// still steer the jump after it: the code is derived, not refused.
func TestX86KnownExtensionKeepsFlags(t *testing.T) {
	for _, c := range []struct{ x, want int64 }{{3, 2}, {0, 1}} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, MOVBLZX of a known byte before the jump", c.x), c.x, c.want,
			"MOVL 0(AX), CX", "CMPL CX, $0x3", "MOVL $0x1, BX", "MOVBLZX BL, DX", "JE "+at(0, 7), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
	}
}

// TestX86LockedCompareAndSwapIsBarrier: LOCK CMPXCHG is a full barrier on
// x86, as every locked instruction is: store buffering whose stores are
// compare-and-swaps that succeed (0 expected, 1 stored) never lets both
// loads see 0. Written as an unlocked CMPXCHG, the derived test would
// let the loads pass the swaps, and a Go program whose CompareAndSwap
// ordering it relies on would be checked against the wrong model.
func TestX86LockedCompareAndSwapIsBarrier(t *testing.T) {
	p0 := listing{"main.p0", []string{"MOVQ AX, BX", "XORL AX, AX", "MOVL $0x1, CX", "LOCK CMPXCHGL CX, 0(BX)", "MOVL 0x4(BX), AX", "RET"}}
	p1 := listing{"main.p1", []string{"MOVQ AX, BX", "XORL AX, AX", "MOVL $0x1, CX", "LOCK CMPXCHGL CX, 0x4(BX)", "MOVL 0(BX), AX", "RET"}}
	r, err := deriveHand(t, targetNamed(t, "amd64"), storeBuffering(), p0, p1)
	wantNever(t, "store buffering with LOCK CMPXCHG", r, err)
	if err == nil && !strings.Contains(derivedText(r), "lock cmpxchg") {
		t.Errorf("no locked CMPXCHG in the derived test:\n%s", derivedText(r))
	}
}

// TestX86WordCompareOfWideImmediate: a 32-bit compare with an immediate
// written above 31 bits (0xffffffff, 0xfffffffe) compares the low words:
// a loaded -1 equals 0xffffffff, and 3 is below 0xfffffffe unsigned and
// above it signed.
func TestX86WordCompareOfWideImmediate(t *testing.T) {
	for _, c := range []struct {
		x    int64
		cmp  string
		jump string
		want int64
	}{
		{-1, "CMPL CX, $0xffffffff", "JE", 2},
		{3, "CMPL CX, $0xffffffff", "JE", 1},
		{3, "CMPL CX, $0xfffffffe", "JB", 2},
		{3, "CMPL CX, $0xfffffffe", "JG", 2},
	} {
		cellReturns(t, "amd64", fmt.Sprintf("o.x = %d, %s, %s", c.x, c.cmp, c.jump), c.x, c.want,
			"MOVL 0(AX), CX", c.cmp, c.jump+" "+at(0, 5), "MOVL $0x1, AX", "RET", "MOVL $0x2, AX", "RET")
	}
}
