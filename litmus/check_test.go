package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// TestCheckErrors covers what only running the code reveals: an access
// to something that is not an address, and arithmetic on addresses.
func TestCheckErrors(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{" LDR W0,[X2] ;\n", "t.litmus:4: P0: LDR W0,[X2]: address 0 is not a location"},
		{" EOR W0,W1,W3 ;\n", "t.litmus:4: P0: EOR W0,W1,W3: EOR of x and y: arithmetic on addresses"},
	} {
		src := "AArch64 T\n{ 0:X1=x; 0:X3=y; }\n P0 ;\n" + tc.code + "exists (0:X0=0)\n"
		test, err := Parse("t.litmus", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Check(test, ""); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error containing %q", tc.code, err, tc.want)
		}
	}
}

func TestCheckUnknownModel(t *testing.T) {
	test, err := Parse("mp.litmus", []byte(mpSource))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(test, "power"); err == nil || !strings.Contains(err.Error(), `unknown model "power"`) {
		t.Errorf("got %v, want an unknown model error", err)
	}
}

// TestCheckModelOfAnotherArchitecture: the ARMv8 model knows no RISC-V
// FENCE and RVWMO no DMB or MFENCE, so each refuses a test of another
// architecture rather than decide it as if its fences were absent; SC and
// the x86 models read every architecture, fences included.
// TestFullBarrierUnderEveryModel: RISC-V's FENCE RW,RW and Power's sync
// keep SB's loads behind its stores under the models that read every
// architecture (as MFENCE), and under their own; FENCE W,W and lwsync
// do not, except under x86tso-mixed, where any fence orders a store
// before a later load.
func TestFullBarrierUnderEveryModel(t *testing.T) {
	sb := map[string]string{
		"RISCV rw": "RISCV SB\n{ 0:x5=1; 0:x6=x; 0:x7=y; 1:x5=1; 1:x6=y; 1:x7=x; }\n P0 | P1 ;\n sw x5,0(x6) | sw x5,0(x6) ;\n fence rw,rw | fence rw,rw ;\n lw x8,0(x7) | lw x8,0(x7) ;\nexists (0:x8=0 /\\ 1:x8=0)\n",
		"RISCV w":  "RISCV SB\n{ 0:x5=1; 0:x6=x; 0:x7=y; 1:x5=1; 1:x6=y; 1:x7=x; }\n P0 | P1 ;\n sw x5,0(x6) | sw x5,0(x6) ;\n fence w,w | fence w,w ;\n lw x8,0(x7) | lw x8,0(x7) ;\nexists (0:x8=0 /\\ 1:x8=0)\n",
		"PPC sync": "PPC SB\n{ 0:r1=1; 0:r2=x; 0:r3=y; 1:r1=1; 1:r2=y; 1:r3=x; }\n P0 | P1 ;\n stw r1,0(r2) | stw r1,0(r2) ;\n sync | sync ;\n lwz r4,0(r3) | lwz r4,0(r3) ;\nexists (0:r4=0 /\\ 1:r4=0)\n",
		"PPC lw":   "PPC SB\n{ 0:r1=1; 0:r2=x; 0:r3=y; 1:r1=1; 1:r2=y; 1:r3=x; }\n P0 | P1 ;\n stw r1,0(r2) | stw r1,0(r2) ;\n lwsync | lwsync ;\n lwz r4,0(r3) | lwz r4,0(r3) ;\nexists (0:r4=0 /\\ 1:r4=0)\n",
	}
	for name, src := range sb {
		test, err := Parse("t.litmus", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		full := strings.HasSuffix(name, "rw") || strings.HasSuffix(name, "sync")
		for _, model := range []string{"", "sc", "x86tso", "x86tso-mixed"} {
			r, err := Check(test, model)
			if err != nil {
				t.Fatalf("%s under %q: %v", name, model, err)
			}
			want := "Sometimes"
			if full || model == "sc" || model == "x86tso-mixed" {
				want = "Never"
			}
			if r.Observation != want {
				t.Errorf("%s under %q: %s, want %s", name, model, r.Observation, want)
			}
		}
	}
}

func TestCheckModelOfAnotherArchitecture(t *testing.T) {
	sources := map[Arch]string{
		AArch64: "AArch64 MP+dmbs\n{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n P0 | P1 ;\n MOV W0,#1 | LDR W0,[X1] ;\n STR W0,[X1] | DMB SY ;\n DMB SY | LDR W2,[X3] ;\n STR W0,[X3] | ;\nexists (1:X0=1 /\\ 1:X2=0)\n",
		RISCV:   "RISCV MP+fences\n{ 0:x5=1; 0:x6=x; 0:x7=y; 1:x6=y; 1:x7=x; }\n P0 | P1 ;\n sw x5,0(x6) | lw x8,0(x6) ;\n fence rw,rw | fence rw,rw ;\n sw x5,0(x7) | lw x9,0(x7) ;\nexists (1:x8=1 /\\ 1:x9=0)\n",
		X86_64:  "X86_64 SB+mfences\n{ }\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) ;\n mfence | mfence ;\n movl (y),%eax | movl (x),%eax ;\nexists (0:rax=0 /\\ 1:rax=0)\n",
		PPC:     "PPC MP+syncs\n{ 0:r1=1; 0:r2=x; 0:r3=y; 1:r2=y; 1:r3=x; }\n P0 | P1 ;\n stw r1,0(r2) | lwz r4,0(r2) ;\n sync | sync ;\n stw r1,0(r3) | lwz r5,0(r3) ;\nexists (1:r4=1 /\\ 1:r5=0)\n",
	}
	own := map[string]Arch{"aarch64": AArch64, "riscv": RISCV, "ppc": PPC}
	for arch, src := range sources {
		test, err := Parse("t.litmus", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", arch, err)
		}
		for _, model := range Models() {
			r, err := Check(test, model)
			if only, ok := own[model]; ok && only != arch {
				want := fmt.Sprintf("model %q decides %s tests only, not %s", model, only, arch)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s under %s: %v, want an error containing %q", arch, model, err, want)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s under %s: %v", arch, model, err)
			} else if r.Observation != "Never" {
				t.Errorf("%s under %s: %s %d %d, want Never: the fences forbid it", arch, model, r.Observation, r.Positive, r.Negative)
			}
		}
	}
}

// modelsFor lists the models that decide tests of architecture a.
func modelsFor(a Arch) []string {
	var names []string
	for _, m := range Models() {
		if only, ok := modelArch[m]; !ok || only == a {
			names = append(names, m)
		}
	}
	return names
}

// TestCheckConcurrently backs the package's promise that Check may run
// concurrently on one Test (run it with -race).
func TestCheckConcurrently(t *testing.T) {
	test, err := ParseFile("testdata/vma/aarch64/VMA+relaxed-lse.litmus")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Check(test, "")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			r, err := Check(test, "")
			if err == nil && (r.Positive != want.Positive || r.Negative != want.Negative) {
				err = fmt.Errorf("concurrent check: %d %d, want %d %d", r.Positive, r.Negative, want.Positive, want.Negative)
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestCheckRefusesTestsNotFromParse gives Check tests that Parse never
// makes: each must be refused with an error naming the problem, never
// crash or be decided.
func TestCheckRefusesTestsNotFromParse(t *testing.T) {
	parsed, err := Parse("mp.litmus", []byte(mpSource))
	if err != nil {
		t.Fatal(err)
	}
	variant := func(change func(*Test)) *Test {
		c := *parsed
		c.Threads = append([]*Thread(nil), parsed.Threads...)
		change(&c)
		return &c
	}
	for _, tc := range []struct {
		name string
		test *Test
		want string
	}{
		{"nil", nil, "Check of a nil *Test"},
		{"zero", &Test{}, `unknown architecture ""`},
		{"no condition", &Test{Arch: AArch64, Name: "T"}, `test "T" cannot be checked: it has no final condition`},
		{"condition dropped", variant(func(c *Test) { c.Cond.Prop = nil }), "mp.litmus cannot be checked: it has no final condition"},
		{"bad quantifier", variant(func(c *Test) { c.Cond.Quant = 7 }), "unknown quantifier 7"},
		{"hand-made thread", variant(func(c *Test) { c.Threads[1] = &Thread{Index: 1, Instructions: []string{"NOP"}} }), "thread 1 holds no parsed code"},
		{"nil thread", variant(func(c *Test) { c.Threads[0] = nil }), "thread 0 holds no parsed code"},
		{"thread out of place", variant(func(c *Test) { c.Threads = c.Threads[1:] }), "thread 0 holds no parsed code"},
		{"init of no thread", variant(func(c *Test) { c.Init = append(c.Init, InitEntry{Loc: Location{Thread: 4, Reg: "X1"}}) }), "sets 4:X1 but it has no thread 4"},
		{"location of no thread", variant(func(c *Test) { c.Locations = append(c.Locations, Location{Thread: 2, Reg: "X0"}) }), "2:X0 names no thread"},
		{"architecture changed", variant(func(c *Test) { c.Arch = "MIPS" }), `unknown architecture "MIPS"`},
		{"code of another architecture", variant(func(c *Test) { c.Arch = PPC }), "thread 0 holds code of another architecture than PPC"},
	} {
		r, err := Check(tc.test, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, %v; want an error containing %q", tc.name, r, err, tc.want)
		}
	}
	if _, err := Check(parsed, ""); err != nil {
		t.Errorf("the parsed test itself: %v", err)
	}
}

// TestCheckInfeasibleFault: a path on which a load returns a value that
// is not an address, and then uses it as one, is no error when no
// consistent execution runs it. Here coherence (CoWR) forbids the load of
// x to return 0 after the thread stored x's address there, under every
// model.
func TestCheckInfeasibleFault(t *testing.T) {
	src := "AArch64 T\n{ uint64_t x; 0:X1=x; }\n P0 ;\n STR X1,[X1] ;\n LDR X2,[X1] ;\n LDR X3,[X2] ;\nforall (0:X2=x /\\ 0:X3=x)\n"
	test, err := Parse("t.litmus", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range modelsFor(test.Arch) {
		r, err := Check(test, m)
		if err != nil {
			t.Errorf("%s: %v", m, err)
			continue
		}
		if r.Observation != "Always" || r.Positive != 1 || r.Negative != 0 {
			t.Errorf("%s: %s %d %d, want Always 1 0", m, r.Observation, r.Positive, r.Negative)
		}
	}
}

// TestCheckFaultOfConsistentExecution: a reader that sees the flag may
// still see the pointer uninitialised (0) under ARMv8 when nothing orders
// its loads, and then dereferences it: that execution is consistent, so
// the test gets the error rather than a verdict. SC forbids that
// execution, and so does ARMv8 once the flag is released and acquired.
func TestCheckFaultOfConsistentExecution(t *testing.T) {
	const mp = "AArch64 MP+ptr\n{ uint64_t ptr; 0:X1=ptr; 0:X2=flag; 0:X3=z; 1:X1=ptr; 1:X2=flag; }\n" +
		" P0          | P1          ;\n" +
		" STR X3,[X1] | LDR W0,[X2] ;\n" +
		" MOV W4,#1   | CBZ W0,out  ;\n" +
		" STR W4,[X2] | LDR X5,[X1] ;\n" +
		"             | LDR W6,[X5] ;\n" +
		"             | out:        ;\n" +
		"exists (1:X0=1 /\\ 1:X5=z)\n"
	parse := func(src string) *Test {
		test, err := Parse("mp.litmus", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return test
	}
	if _, err := Check(parse(mp), "aarch64"); err == nil || !strings.Contains(err.Error(), "mp.litmus:7: P1: LDR W6,[X5]: address 0 is not a location") {
		t.Errorf("ARMv8: got %v, want the dereference of 0 at line 7", err)
	}
	relAcq := strings.Replace(strings.Replace(mp, "STR W4,[X2]", "STLR W4,[X2]", 1), "LDR W0,[X2] ", "LDAR W0,[X2]", 1)
	for _, tc := range []struct {
		src, model string
	}{{mp, "sc"}, {mp, "x86tso"}, {relAcq, "aarch64"}} {
		r, err := Check(parse(tc.src), tc.model)
		if err != nil {
			t.Errorf("%s: %v", tc.model, err)
			continue
		}
		if r.Observation != "Sometimes" || r.Positive != 1 || r.Negative != 1 {
			t.Errorf("%s: %s %d %d, want Sometimes 1 1", tc.model, r.Observation, r.Positive, r.Negative)
		}
	}
}
