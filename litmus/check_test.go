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
		{"architecture changed", variant(func(c *Test) { c.Arch = "PPC" }), `unknown architecture "PPC"`},
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
